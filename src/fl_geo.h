/*
 * fl_geo.h — geodesy of frontline, pure C (no postgres.h).  The fmgr twin
 * is fl_geo_sql.c.
 *
 * All ellipsoidal math is PROJ's geodesic.h (Karney's algorithms) on WGS84:
 * geod_inverse for distances and azimuths, geod_direct for circles,
 * geodesic lines for the nearest point of a segment.  Nothing here
 * re-derives a geodesic formula; this file only decides which PROJ call to
 * make and how to combine the answers.
 *
 * Geometry comes in as OGC WKB (2D, as ST_AsBinary(ST_Force2D(g)) writes
 * it) and goes out as WKB; PostGIS's internal format is never read.
 */
#ifndef FL_GEO_H
#define FL_GEO_H

#include "fl_base.h"

/* WGS84, as EPSG:4326 defines it */
#define FL_WGS84_A 6378137.0
#define FL_WGS84_F (1.0 / 298.257223563)

#define FL_CIRCLE_MIN_SEGMENTS 3
#define FL_CIRCLE_MAX_SEGMENTS 100000

typedef struct fl_pt
{
	double		lon;
	double		lat;
} fl_pt;

/* one component of a shape: an isolated point, a polyline, or a closed ring */
typedef enum fl_part_kind
{
	FL_PART_POINT,
	FL_PART_LINE,
	FL_PART_RING
} fl_part_kind;

typedef struct fl_part
{
	fl_part_kind kind;
	size_t		start;			/* index of the first vertex in pts */
	size_t		n;				/* vertices */
	int			hole;			/* a ring after the first of its polygon */
} fl_part;

typedef struct fl_shape
{
	fl_pt	   *pts;
	size_t		npts;
	size_t		cappts;
	fl_part    *parts;
	size_t		nparts;
	size_t		capparts;
	const fl_allocator *a;
} fl_shape;

/*
 * Read 2D WKB (Point, LineString, Polygon, Multi*, GeometryCollection, either
 * byte order).  Rejects empty geometries, NaN/infinite coordinates, latitude
 * outside -90..90 and longitude outside -180..180 (FL_EVALUE), Z/M or unknown
 * types and malformed bytes (FL_EBINARY).  what names the value in messages.
 */
int			fl_wkb_read(const unsigned char *buf, size_t len, const fl_allocator *a,
						fl_shape *out, const char *what, fl_error *err);
void		fl_shape_free(fl_shape *s);

/* lon/lat finite and in range (FL_EVALUE naming `what`) */
int			fl_geo_check_point(double lon, double lat, const char *what, fl_error *err);

/* geod_inverse on WGS84 after checking the coordinates (FL_EVALUE) */
int			fl_geo_inverse(double lat1, double lon1, double lat2, double lon2,
						   double *s12, double *azi1, double *azi2, fl_error *err);
/* geod_direct on WGS84; lon2 is unrolled (lon1 + the longitude travelled) */
int			fl_geo_direct(double lat1, double lon1, double azi1, double s12,
						  double *lat2, double *lon2, double *azi2, fl_error *err);

/*
 * Shortest geodesic distance in metres between the two shapes, measured
 * between vertices and the nearest points of geodesic edges (edges are
 * geodesics between consecutive vertices, as for PostGIS geography); 0
 * under 0.00001 m, the contact tolerance of PostGIS's ST_Intersects on
 * geography.  The caller decides containment ("a is inside b": distance 0)
 * with PostGIS.
 */
double		fl_geo_shape_distance(const fl_shape *a, const fl_shape *b);

/*
 * Area in square metres of the polygons of a shape on the WGS84 ellipsoid
 * (PROJ's geod_polygon: edges are geodesics): every exterior ring counts,
 * every hole is taken away, whatever the rings' orientation; points and
 * lines have no area.
 */
double		fl_geo_shape_area(const fl_shape *s);

/* distance from a point to one geodesic segment (exposed for the tests) */
double		fl_geo_segment_distance(fl_pt p, fl_pt a, fl_pt b);

/* azimuth normalised to [0, 360) */
double		fl_azimuth_normalize(double azi);

/* 16-point compass rose name for an azimuth in degrees (any finite value) */
const char *fl_compass(double degrees);

/*
 * A geodesic circle as WKB: `segments` vertices at exactly radius_m from the
 * centre (geod_direct at evenly spaced azimuths), counter-clockwise.
 *  - A circle that crosses the antimeridian is cut there into a
 *    MultiPolygon of two parts; the cut vertices (longitude exactly +-180)
 *    also lie on the circle.
 *  - A circle that contains a pole becomes a polygon bounded by the circle,
 *    the antimeridian and the pole's parallel (+-90): in longitude/latitude
 *    that is the region the circle encloses.
 *  - A radius that encloses both poles is rejected (FL_EVALUE).
 * The result is little-endian OGC WKB, allocated with a.
 */
int			fl_geo_circle_wkb(double lat, double lon, double radius_m, int segments,
							  const fl_allocator *a, unsigned char **out, size_t *outlen,
							  fl_error *err);

#endif
