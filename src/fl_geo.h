/*
 * fl_geo.h — geodesy and the time sweeps of frontline, pure C (no postgres.h).
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

#include <stddef.h>
#include <stdint.h>

#include "fl_core.h"

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
 * geodesics between consecutive vertices, as for PostGIS geography).  The
 * caller decides containment ("a is inside b": distance 0) with PostGIS.
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

/* ---------------------------------------------------------------- sweeps */

/*
 * The front sweep: claims arrive in non-decreasing instant order, each saying
 * "from `at` on, place P is (held = 1) or is not (held = 0) held by the actor";
 * km is P's distance from the capital (fixed for the query).  For each step
 * instant (non-decreasing), the answer is the held place with the smallest
 * (km, place) at that instant, claims at the instant included.
 * One pass, a hash from place to its current state and a lazily cleaned
 * min-heap: O((claims + steps) log places).
 */
typedef struct fl_front fl_front;

fl_front   *fl_front_new(const fl_allocator *a, const int64_t *steps, size_t nsteps,
						 fl_error *err);
int			fl_front_add(fl_front *f, int32_t place, int64_t at, int held, double km,
						 fl_error *err);
/* finish: answers for every remaining step; has[i] = 0 when nothing is held */
int			fl_front_finish(fl_front *f, const int32_t **place, const uint8_t **has,
							fl_error *err);
void		fl_front_free(fl_front *f);


/*
 * The series sweep: claims (winning claims, non-decreasing instants) set a
 * place's controller (a name, or NULL for unknown); at each step instant the
 * places are counted per controller, with the sum of their known
 * populations.  Places never claimed, and those whose claim says unknown,
 * are counted as unknown from the totals given to fl_series_finish.
 * One pass: O(claims + steps x controllers).
 */
typedef struct fl_series fl_series;

/* bounds of the series sweeps (54000 beyond): steps, and rows kept in memory (48 bytes each) */
#define FL_MAX_STEPS 1000000
#define FL_MAX_SERIES_ROWS 4000000

typedef struct fl_series_row
{
	size_t		step;
	const char *controller;		/* NULL: unknown */
	size_t		len;
	int64_t		places;
	int64_t		population;
	int64_t		with_population;	/* places whose population is known */
} fl_series_row;

fl_series  *fl_series_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err);
/* population < 0: not known */
int			fl_series_add(fl_series *s, int32_t place, int64_t at, const char *controller,
						  size_t len, int64_t population, fl_error *err);
int			fl_series_finish(fl_series *s, int64_t total_places, int64_t total_population,
							 int64_t total_with_population, const fl_series_row **rows,
							 size_t *nrows, fl_error *err);
void		fl_series_free(fl_series *s);

/*
 * The same answers from resolved per-place histories (fl_view), in any
 * order of places: each transition is mapped to the steps it is in force
 * for by binary search, so no sort of the claims is needed.
 *  - fl_tally: control_series; memory O(controllers x steps).
 *  - fl_front_hist: front_series; the intervals the actor holds a place
 *    (as step ranges), then one heap sweep over the steps.
 */
typedef struct fl_tally fl_tally;

fl_tally   *fl_tally_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err);
/* population < 0: not known */
int			fl_tally_add(fl_tally *t, const fl_view *v, int64_t population, fl_error *err);
int			fl_tally_finish(fl_tally *t, int64_t total_places, int64_t total_population,
							int64_t total_with_population, const fl_series_row **rows,
							size_t *nrows, fl_error *err);
void		fl_tally_free(fl_tally *t);

typedef struct fl_front_hist fl_front_hist;

fl_front_hist *fl_front_hist_new(const fl_allocator *a, const int64_t *steps, size_t nsteps,
								 fl_error *err);
/* km must be finite when the actor holds the place at one step at least */
int			fl_front_hist_add(fl_front_hist *f, const fl_view *v, const char *actor, size_t len,
							  int32_t place, double km, fl_error *err);
int			fl_front_hist_finish(fl_front_hist *f, const int32_t **place, const uint8_t **has,
								 fl_error *err);
void		fl_front_hist_free(fl_front_hist *f);

/* does the actor hold the place at some instant of [from, to]? */
int			fl_view_held_during(const fl_view *v, const char *actor, size_t len, int64_t from,
								int64_t to);

#endif
