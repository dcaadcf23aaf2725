/*
 * fl_geo_sql.c — fmgr twin of fl_geo.c (geodesy).
 *
 * Geometries arrive as WKB produced by PostGIS (ST_AsBinary) in the SQL
 * wrappers of control/1.1/; circles leave as WKB for ST_GeomFromWKB.  The C
 * code never sees PostGIS's internal serialisation.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/timestamp.h"
#include <math.h>

#include "fl_geo.h"
#include "fl_pg.h"

static void
read_shape(bytea *wkb, const char *what, const fl_allocator *a, fl_shape *s)
{
	fl_error	err;

	if (fl_wkb_read((const unsigned char *) VARDATA_ANY(wkb), VARSIZE_ANY_EXHDR(wkb), a, s, what, &err))
		fl_pg_report(&err);
}

/*
 * _geo_check(wkb, srid, what): the validation behind geo_wgs84().  wkb is
 * NULL when the SQL wrapper could not bring the geometry to EPSG:4326
 * (no SRID, or an SRID spatial_ref_sys does not know).
 */
PG_FUNCTION_INFO_V1(frontline__geo_check);
Datum
frontline__geo_check(PG_FUNCTION_ARGS)
{
	int32		srid = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);
	char	   *what = PG_ARGISNULL(2) ? "geometry" : text_to_cstring(PG_GETARG_TEXT_PP(2));
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_shape	s;

	if (PG_ARGISNULL(0))
	{
		if (srid == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has no SRID", what),
					 errhint("For longitude/latitude use ST_SetSRID(geom, 4326).")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has unknown SRID %d", what, srid),
				 errhint("See spatial_ref_sys for known SRIDs.")));
	}
	read_shape(PG_GETARG_BYTEA_PP(0), what, &a, &s);
	fl_shape_free(&s);
	PG_RETURN_BOOL(true);
}

/* _geodesic_m(a wkb, b wkb, touching bool): metres between two shapes */
PG_FUNCTION_INFO_V1(frontline__geodesic_m);
Datum
frontline__geodesic_m(PG_FUNCTION_ARGS)
{
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_shape	sa,
				sb;
	double		d;

	read_shape(PG_GETARG_BYTEA_PP(0), "geometry a", &a, &sa);
	read_shape(PG_GETARG_BYTEA_PP(1), "geometry b", &a, &sb);
	if (!PG_ARGISNULL(2) && PG_GETARG_BOOL(2))
		d = 0.0;
	else
		d = fl_geo_shape_distance(&sa, &sb);
	fl_shape_free(&sa);
	fl_shape_free(&sb);
	PG_RETURN_FLOAT8(d);
}

/*
 * _geodesic_azimuth(a wkb, b wkb): initial azimuth 0..360 from the first
 * vertex of a to the first vertex of b (the SQL wrapper passes points);
 * NULL when they coincide.
 */
PG_FUNCTION_INFO_V1(frontline__geodesic_azimuth);
Datum
frontline__geodesic_azimuth(PG_FUNCTION_ARGS)
{
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_shape	sa,
				sb;
	double		s12,
				azi1,
				azi2;
	fl_error	err;

	read_shape(PG_GETARG_BYTEA_PP(0), "geometry a", &a, &sa);
	read_shape(PG_GETARG_BYTEA_PP(1), "geometry b", &a, &sb);
	if (fl_geo_inverse(sa.pts[0].lat, sa.pts[0].lon, sb.pts[0].lat, sb.pts[0].lon,
					   &s12, &azi1, &azi2, &err))
		fl_pg_report(&err);
	fl_shape_free(&sa);
	fl_shape_free(&sb);
	if (s12 == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(fl_azimuth_normalize(azi1));
}

static Datum
three_floats(FunctionCallInfo fcinfo, double x, double y, double z)
{
	TupleDesc	td;
	Datum		v[3];
	bool		n[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("function returning record called in context that cannot accept type record")));
	td = BlessTupleDesc(td);
	v[0] = Float8GetDatum(x);
	v[1] = Float8GetDatum(y);
	v[2] = Float8GetDatum(z);
	return HeapTupleGetDatum(heap_form_tuple(td, v, n));
}

/* geodesic_inverse(lat1, lon1, lat2, lon2) -> (distance_m, azimuth1, azimuth2) */
PG_FUNCTION_INFO_V1(frontline_geodesic_inverse);
Datum
frontline_geodesic_inverse(PG_FUNCTION_ARGS)
{
	double		s12,
				azi1,
				azi2;
	fl_error	err;

	if (fl_geo_inverse(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2),
					   PG_GETARG_FLOAT8(3), &s12, &azi1, &azi2, &err))
		fl_pg_report(&err);
	PG_RETURN_DATUM(three_floats(fcinfo, s12, azi1, azi2));
}

/* geodesic_direct(lat1, lon1, azimuth1, distance_m) -> (lat2, lon2, azimuth2) */
PG_FUNCTION_INFO_V1(frontline_geodesic_direct);
Datum
frontline_geodesic_direct(PG_FUNCTION_ARGS)
{
	double		lat2,
				lon2,
				azi2;
	fl_error	err;

	if (fl_geo_direct(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2),
					  PG_GETARG_FLOAT8(3), &lat2, &lon2, &azi2, &err))
		fl_pg_report(&err);
	PG_RETURN_DATUM(three_floats(fcinfo, lat2, lon2, azi2));
}

/* compass(degrees) -> 16-point name */
PG_FUNCTION_INFO_V1(frontline_compass);
Datum
frontline_compass(PG_FUNCTION_ARGS)
{
	double		d = PG_GETARG_FLOAT8(0);

	if (!isfinite(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("compass direction of %s degrees is undefined", isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")),
				 errhint("Give a finite azimuth in degrees; any value is taken modulo 360.")));
	PG_RETURN_TEXT_P(cstring_to_text(fl_compass(d)));
}

/* _geodesic_area_m2(wkb): the polygons' area on WGS84 (fl_geo_shape_area) */
PG_FUNCTION_INFO_V1(frontline__geodesic_area_m2);
Datum
frontline__geodesic_area_m2(PG_FUNCTION_ARGS)
{
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_shape	s;
	double		m2;

	read_shape(PG_GETARG_BYTEA_PP(0), "geometry", &a, &s);
	m2 = fl_geo_shape_area(&s);
	fl_shape_free(&s);
	PG_RETURN_FLOAT8(m2);
}

/* _geodesic_circle(center wkb, radius_km, segments) -> WKB polygon/multipolygon */
PG_FUNCTION_INFO_V1(frontline__geodesic_circle);
Datum
frontline__geodesic_circle(PG_FUNCTION_ARGS)
{
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_shape	c;
	double		r = PG_GETARG_FLOAT8(1);
	int32		seg = PG_GETARG_INT32(2);
	unsigned char *out;
	size_t		len;
	bytea	   *res;
	fl_error	err;

	if (!isfinite(r) || r <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("radius_km %s must be a positive number of kilometres", float8out_internal(r))));
	if (seg < FL_CIRCLE_MIN_SEGMENTS || seg > FL_CIRCLE_MAX_SEGMENTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segments %d is out of range", seg),
				 errhint("Use %d to %d vertices.", FL_CIRCLE_MIN_SEGMENTS, FL_CIRCLE_MAX_SEGMENTS)));
	read_shape(PG_GETARG_BYTEA_PP(0), "center", &a, &c);
	if (c.nparts != 1 || c.parts[0].kind != FL_PART_POINT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("center must be a single point")));
	if (fl_geo_circle_wkb(c.pts[0].lat, c.pts[0].lon, r * 1000.0, seg, &a, &out, &len, &err))
		fl_pg_report(&err);
	res = (bytea *) palloc(len + VARHDRSZ);
	SET_VARSIZE(res, len + VARHDRSZ);
	memcpy(VARDATA(res), out, len);
	fl_shape_free(&c);
	PG_RETURN_BYTEA_P(res);
}

/* ---------------------------------------------------------------- point fast paths */

static void
point_args(FunctionCallInfo fcinfo, double *ax, double *ay, double *bx, double *by)
{
	fl_error	err;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("geometry a is empty")));
	if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("geometry b is empty")));
	*ax = PG_GETARG_FLOAT8(0);
	*ay = PG_GETARG_FLOAT8(1);
	*bx = PG_GETARG_FLOAT8(2);
	*by = PG_GETARG_FLOAT8(3);
	if (fl_geo_check_point(*ax, *ay, "geometry a", &err) ||
		fl_geo_check_point(*bx, *by, "geometry b", &err))
		fl_pg_report(&err);
}

/*
 * The last point-to-point inverse, remembered: queries ask for the distance
 * and then the bearing of the same pair (within_radius, from_capital), and
 * geod_inverse is the whole cost of both.  Same inputs give the same
 * outputs, so the memo never changes an answer.
 */
static struct
{
	bool		valid;
	double		ax,
				ay,
				bx,
				by,
				s12,
				azi1;
}			last_inverse;

static void
point_inverse(double ax, double ay, double bx, double by, double *s12, double *azi1)
{
	double		azi2;
	fl_error	err;

	if (last_inverse.valid && last_inverse.ax == ax && last_inverse.ay == ay &&
		last_inverse.bx == bx && last_inverse.by == by)
	{
		*s12 = last_inverse.s12;
		*azi1 = last_inverse.azi1;
		return;
	}
	last_inverse.valid = false;
	if (fl_geo_inverse(ay, ax, by, bx, s12, azi1, &azi2, &err))
		fl_pg_report(&err);
	last_inverse.ax = ax;
	last_inverse.ay = ay;
	last_inverse.bx = bx;
	last_inverse.by = by;
	last_inverse.s12 = *s12;
	last_inverse.azi1 = *azi1;
	last_inverse.valid = true;
}

/* _geodesic_point_km(ax, ay, bx, by): lon/lat in, km out */
PG_FUNCTION_INFO_V1(frontline__geodesic_point_km);
Datum
frontline__geodesic_point_km(PG_FUNCTION_ARGS)
{
	double		ax,
				ay,
				bx,
				by,
				s12,
				azi1;

	point_args(fcinfo, &ax, &ay, &bx, &by);
	point_inverse(ax, ay, bx, by, &s12, &azi1);
	PG_RETURN_FLOAT8(s12 / 1000.0);
}

/* _geodesic_point_azimuth(ax, ay, bx, by): azimuth 0..360, NULL when coincident */
PG_FUNCTION_INFO_V1(frontline__geodesic_point_azimuth);
Datum
frontline__geodesic_point_azimuth(PG_FUNCTION_ARGS)
{
	double		ax,
				ay,
				bx,
				by,
				s12,
				azi1;

	point_args(fcinfo, &ax, &ay, &bx, &by);
	point_inverse(ax, ay, bx, by, &s12, &azi1);
	if (s12 == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(fl_azimuth_normalize(azi1));
}
