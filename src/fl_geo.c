/*
 * fl_geo.c — WKB reading, geodesic distances and circles on WGS84 (pure C).
 *
 * The ellipsoid is PROJ's business: every distance, azimuth and position
 * below is one call of geod_inverse, geod_direct or geod_position.  What this
 * file adds is the search around those calls: the nearest point of a
 * geodesic edge (golden-section search along the edge, pruned by the
 * triangle inequality) and the cutting of circles at the antimeridian.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <geodesic.h>

#include "fl_geo.h"

/* one struct geod_geodesic per process, initialised on first use */
static struct geod_geodesic wgs84;
static int	wgs84_ready = 0;

static const struct geod_geodesic *
geod(void)
{
	if (!wgs84_ready)
	{
		geod_init(&wgs84, FL_WGS84_A, FL_WGS84_F);
		wgs84_ready = 1;
	}
	return &wgs84;
}

static int
check_coord(double lon, double lat, const char *what, fl_error *err)
{
	if (!isfinite(lon) || !isfinite(lat))
		return fl_seterr(err, FL_EVALUE, "%s has a NaN or infinite coordinate", what);
	if (lat < -90.0 || lat > 90.0)
		return fl_seterr(err, FL_EVALUE, "%s has latitude %.15g outside -90..90", what, lat);
	if (lon < -180.0 || lon > 180.0)
		return fl_seterr(err, FL_EVALUE, "%s has longitude %.15g outside -180..180", what, lon);
	return 0;
}

int
fl_geo_check_point(double lon, double lat, const char *what, fl_error *err)
{
	return check_coord(lon, lat, what, err);
}

/* ---------------------------------------------------------------- WKB in */

typedef struct wkb_reader
{
	const unsigned char *p;
	size_t		left;
} wkb_reader;

static int
rd_bytes(wkb_reader *r, void *dst, size_t n, fl_error *err)
{
	if (r->left < n)
		return fl_seterr(err, FL_EBINARY, "WKB is truncated");
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return 0;
}

static int
rd_u32(wkb_reader *r, int little, uint32_t *v, fl_error *err)
{
	unsigned char b[4] = {0};

	if (rd_bytes(r, b, 4, err))
		return -1;
	*v = little ? ((uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24)
		: ((uint32_t) b[3] | (uint32_t) b[2] << 8 | (uint32_t) b[1] << 16 | (uint32_t) b[0] << 24);
	return 0;
}

static int
rd_f64(wkb_reader *r, int little, double *v, fl_error *err)
{
	unsigned char b[8] = {0};
	uint64_t	u = 0;
	int			i;

	if (rd_bytes(r, b, 8, err))
		return -1;
	for (i = 0; i < 8; i++)
		u |= (uint64_t) b[little ? i : 7 - i] << (8 * i);
	memcpy(v, &u, 8);
	return 0;
}

static int
shape_add_part(fl_shape *s, fl_part_kind kind, fl_error *err)
{
	if (fl_grow(s->a, (void **) &s->parts, &s->capparts, s->nparts + 1, sizeof(fl_part), err))
		return -1;
	s->parts[s->nparts].kind = kind;
	s->parts[s->nparts].start = s->npts;
	s->parts[s->nparts].n = 0;
	s->parts[s->nparts].hole = 0;
	s->nparts++;
	return 0;
}

static int
shape_add_pt(fl_shape *s, double lon, double lat, fl_error *err)
{
	if (fl_grow(s->a, (void **) &s->pts, &s->cappts, s->npts + 1, sizeof(fl_pt), err))
		return -1;
	s->pts[s->npts].lon = lon;
	s->pts[s->npts].lat = lat;
	s->npts++;
	s->parts[s->nparts - 1].n++;
	return 0;
}

static int
read_points(wkb_reader *r, int little, fl_shape *s, fl_part_kind kind, const char *what,
			fl_error *err)
{
	uint32_t	n,
				i;

	if (rd_u32(r, little, &n, err))
		return -1;
	if ((size_t) n > r->left / 16)
		return fl_seterr(err, FL_EBINARY, "WKB is truncated (%u points announced)", n);
	if (n == 0)
		return 0;
	if (shape_add_part(s, n == 1 ? FL_PART_POINT : kind, err))
		return -1;
	for (i = 0; i < n; i++)
	{
		double		x,
					y;
		FL_CHECK_INTERRUPTS();

		if (rd_f64(r, little, &x, err) || rd_f64(r, little, &y, err))
			return -1;
		if (check_coord(x, y, what, err) || shape_add_pt(s, x, y, err))
			return -1;
	}
	return 0;
}

static int
read_geom(wkb_reader *r, fl_shape *s, const char *what, int depth, fl_error *err)
{
	unsigned char order = 0;
	uint32_t	type,
				n,
				i;
	int			little;

	if (depth > 32)
		return fl_seterr(err, FL_EBINARY, "WKB collections are nested too deeply");
	if (rd_bytes(r, &order, 1, err))
		return -1;
	if (order > 1)
		return fl_seterr(err, FL_EBINARY, "WKB byte order %u is neither 0 nor 1", order);
	little = order == 1;
	if (rd_u32(r, little, &type, err))
		return -1;
	switch (type)
	{
		case 1:					/* Point; POINT EMPTY is NaN NaN */
			{
				double		x,
							y;

				if (rd_f64(r, little, &x, err) || rd_f64(r, little, &y, err))
					return -1;
				if (isnan(x) && isnan(y))
					return 0;
				if (check_coord(x, y, what, err))
					return -1;
				return shape_add_part(s, FL_PART_POINT, err) || shape_add_pt(s, x, y, err) ? -1 : 0;
			}
		case 2:
			return read_points(r, little, s, FL_PART_LINE, what, err);
		case 3:
			if (rd_u32(r, little, &n, err))
				return -1;
			if ((size_t) n > r->left / 4)
				return fl_seterr(err, FL_EBINARY, "WKB is truncated (%u rings announced)", n);
			for (i = 0; i < n; i++)
			{
				size_t		before = s->nparts;

				if (read_points(r, little, s, FL_PART_RING, what, err))
					return -1;
				if (i > 0 && s->nparts > before)
					s->parts[s->nparts - 1].hole = 1;
			}
			return 0;
		case 4:
		case 5:
		case 6:
		case 7:
			if (rd_u32(r, little, &n, err))
				return -1;
			if ((size_t) n > r->left / 5)
				return fl_seterr(err, FL_EBINARY, "WKB is truncated (%u parts announced)", n);
			for (i = 0; i < n; i++)
				if (read_geom(r, s, what, depth + 1, err))
					return -1;
			return 0;
		default:
			if (type > 7 && type < 32)
				return fl_seterr(err, FL_EVALUE,
								 "%s is a curve, surface or TIN (WKB type %u); frontline reads points, lines, polygons and their collections (ST_CurveToLine converts curves)",
								 what, type);
			return fl_seterr(err, FL_EBINARY,
							 "%s has WKB geometry type %u; frontline reads 2D WKB only (ST_Force2D)",
							 what, type);
	}
}

int
fl_wkb_read(const unsigned char *buf, size_t len, const fl_allocator *a, fl_shape *out,
			const char *what, fl_error *err)
{
	wkb_reader	r = {buf, len};

	memset(out, 0, sizeof(*out));
	out->a = a;
	if (read_geom(&r, out, what, 0, err))
	{
		fl_shape_free(out);
		return -1;
	}
	if (r.left != 0)
	{
		fl_shape_free(out);
		return fl_seterr(err, FL_EBINARY, "WKB has %zu trailing bytes", r.left);
	}
	if (out->npts == 0)
	{
		fl_shape_free(out);
		return fl_seterr(err, FL_EVALUE, "%s is empty", what);
	}
	return 0;
}

void
fl_shape_free(fl_shape *s)
{
	if (s->pts)
		s->a->free(s->a->ctx, s->pts);
	if (s->parts)
		s->a->free(s->a->ctx, s->parts);
	s->pts = NULL;
	s->parts = NULL;
	s->npts = s->nparts = s->cappts = s->capparts = 0;
}

/* ---------------------------------------------------------------- inverse, direct */

int
fl_geo_inverse(double lat1, double lon1, double lat2, double lon2,
			   double *s12, double *azi1, double *azi2, fl_error *err)
{
	if (check_coord(lon1, lat1, "the first point", err) ||
		check_coord(lon2, lat2, "the second point", err))
		return -1;
	geod_inverse(geod(), lat1, lon1, lat2, lon2, s12, azi1, azi2);
	return 0;
}

int
fl_geo_direct(double lat1, double lon1, double azi1, double s12,
			  double *lat2, double *lon2, double *azi2, fl_error *err)
{
	if (check_coord(lon1, lat1, "the start point", err))
		return -1;
	if (!isfinite(azi1))
		return fl_seterr(err, FL_EVALUE, "azimuth %g is not a finite number", azi1);
	if (!isfinite(s12) || fabs(s12) > 1e9)
		return fl_seterr(err, FL_EVALUE, "distance %g m is not a finite number within +-1e9 m", s12);
	geod_gendirect(geod(), lat1, lon1, azi1, GEOD_LONG_UNROLL, s12, lat2, lon2, azi2,
				   NULL, NULL, NULL, NULL, NULL);
	return 0;
}

double
fl_azimuth_normalize(double azi)
{
	double		r = fmod(azi, 360.0);

	if (r < 0)
		r += 360.0;
	if (r >= 360.0)
		r = 0.0;
	return r;
}

const char *
fl_compass(double degrees)
{
	static const char *const names[16] = {
		"N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
		"S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"
	};
	double		d = fl_azimuth_normalize(degrees);
	int			i = (int) floor(d / 22.5 + 0.5);

	return names[i % 16];
}

/* ---------------------------------------------------------------- distances */

static double
pt_dist(fl_pt a, fl_pt b)
{
	double		s;

	geod_inverse(geod(), a.lat, a.lon, b.lat, b.lon, &s, NULL, NULL);
	return s;
}

/*
 * Distance from p to the geodesic edge a-b.  da, db are |pa|, |pb| and
 * aza, azb the azimuths, at a and at b, of the geodesics coming from p.
 *
 * The distance f(s) to the point at s along the edge has derivative
 * f'(s) = cos(alpha(s) - beta(s)), alpha being the edge's azimuth and beta
 * that of the geodesic from p, both at that point.  An edge of at most
 * 1000 km has one interior minimum at most, so: if f'(0) >= 0 the nearest
 * point is a, if f'(L) <= 0 it is b; otherwise it is the foot of the
 * perpendicular, found by Newton steps whose length is the along-track
 * distance of a sphere (exact on a sphere, a few iterations on WGS84).
 * Longer edges are cut into pieces of at most 1000 km first.  Every
 * candidate is a true geodesic distance to a point of the edge, so the
 * result is never below the true minimum.
 */
#define FL_MEAN_RADIUS 6371008.8
#define FL_MAX_PIECE 1000000.0

static double
cos_deg(double d)
{
	return cos(d * (M_PI / 180.0));
}

static double
piece_dist(fl_pt p, const struct geod_geodesicline *l, double s0, double s1,
		   double d0, double az0, double d1, double az1)
{
	double		alpha0,
				alpha1,
				f0,
				f1,
				s,
				best = fmin(d0, d1);
	fl_pt		q;
	int			iter;

	if (d0 == 0.0 || d1 == 0.0)
		return 0.0;
	geod_position(l, s0, &q.lat, &q.lon, &alpha0);
	geod_position(l, s1, &q.lat, &q.lon, &alpha1);
	f0 = cos_deg(alpha0 - az0);
	if (f0 >= 0)
		return best;
	f1 = cos_deg(alpha1 - az1);
	if (f1 <= 0)
		return best;
	s = s0 + (s1 - s0) * (-f0) / (f1 - f0);
	for (iter = 0; iter < 60; iter++)
	{
		double		alpha,
					beta,
					f,
					snew;

		geod_position(l, s, &q.lat, &q.lon, &alpha);
		geod_inverse(geod(), p.lat, p.lon, q.lat, q.lon, &f, NULL, &beta);
		best = fmin(best, f);
		if (f == 0.0)
			break;
		snew = s - FL_MEAN_RADIUS * atan2(sin(f / FL_MEAN_RADIUS) * cos_deg(alpha - beta),
										  cos(f / FL_MEAN_RADIUS));
		snew = fmin(s1, fmax(s0, snew));
		if (fabs(snew - s) < 1e-6)
			break;
		s = snew;
	}
	return best;
}

static double
seg_dist(fl_pt p, fl_pt a, fl_pt b, double da, double aza, double db, double azb, double best)
{
	struct geod_geodesicline l;
	double		result = fmin(da, db);
	double		L,
				s0,
				d0,
				az0;
	int			k,
				i;

	geod_inverseline(&l, geod(), a.lat, a.lon, b.lat, b.lon,
					 GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
	L = l.s13;
	if (!(L > 0))
		return result;
	/* every point x of the edge has |px| >= (da + db - L) / 2 */
	if ((da + db - L) / 2 >= fmin(best, result))
		return result;
	k = (int) ceil(L / FL_MAX_PIECE);
	s0 = 0;
	d0 = da;
	az0 = aza;
	for (i = 1; i <= k; i++)
	{
		double		s1 = (i == k) ? L : L * i / k,
					d1,
					az1;

		if (i == k)
		{
			d1 = db;
			az1 = azb;
		}
		else
		{
			fl_pt		q;

			geod_position(&l, s1, &q.lat, &q.lon, NULL);
			geod_inverse(geod(), p.lat, p.lon, q.lat, q.lon, &d1, NULL, &az1);
		}
		result = fmin(result, piece_dist(p, &l, s0, s1, d0, az0, d1, az1));
		s0 = s1;
		d0 = d1;
		az0 = az1;
	}
	return result;
}

double
fl_geo_segment_distance(fl_pt p, fl_pt a, fl_pt b)
{
	double		da,
				db,
				aza,
				azb;

	geod_inverse(geod(), p.lat, p.lon, a.lat, a.lon, &da, NULL, &aza);
	geod_inverse(geod(), p.lat, p.lon, b.lat, b.lon, &db, NULL, &azb);
	return seg_dist(p, a, b, da, aza, db, azb, INFINITY);
}

static int
has_edges(const fl_shape *s)
{
	size_t		i;

	for (i = 0; i < s->nparts; i++)
		if (s->parts[i].kind != FL_PART_POINT)
			return 1;
	return 0;
}

static double
point_shape(fl_pt p, const fl_shape *s, double best)
{
	size_t		i,
				j;

	for (i = 0; i < s->nparts; i++)
	{
		const fl_part *part = &s->parts[i];
		const fl_pt *v = s->pts + part->start;
		double		dprev,
					azprev;
		FL_CHECK_INTERRUPTS();

		geod_inverse(geod(), p.lat, p.lon, v[0].lat, v[0].lon, &dprev, NULL, &azprev);
		best = fmin(best, dprev);
		if (part->kind == FL_PART_POINT)
			continue;
		for (j = 1; j < part->n; j++)
		{
			double		dcur,
						azcur;
			FL_CHECK_INTERRUPTS();

			geod_inverse(geod(), p.lat, p.lon, v[j].lat, v[j].lon, &dcur, NULL, &azcur);
			best = fmin(best, dcur);
			best = fmin(best, seg_dist(p, v[j - 1], v[j], dprev, azprev, dcur, azcur, best));
			dprev = dcur;
			azprev = azcur;
		}
	}
	return best;
}

/*
 * Two shapes that do not intersect are closest at a vertex of one of them
 * (the other's nearest point may lie inside an edge): scan the vertices of
 * a against b, and when a has edges, the vertices of b against a.
 */
double
fl_geo_shape_area(const fl_shape *s)
{
	double		total = 0.0;
	size_t		i,
				k;

	for (i = 0; i < s->nparts; i++)
	{
		const fl_part *p = &s->parts[i];
		struct geod_polygon poly;
		double		area = 0.0,
					perimeter = 0.0;

		if (p->kind != FL_PART_RING || p->n < 3)
			continue;
		geod_polygon_init(&poly, 0);
		for (k = 0; k < p->n; k++)
		{
			if ((k & 0xFFF) == 0)
				FL_CHECK_INTERRUPTS();
			geod_polygon_addpoint(geod(), &poly, s->pts[p->start + k].lat, s->pts[p->start + k].lon);
		}
		/* signed (counter-clockwise positive): the orientation is the file's */
		(void) geod_polygon_compute(geod(), &poly, 0, 1, &area, &perimeter);
		total += p->hole ? -fabs(area) : fabs(area);
	}
	return total > 0.0 ? total : 0.0;
}

/*
 * Shapes nearer than FL_CONTACT_M touch: the tolerance of PostGIS's
 * ST_Intersects on geography (a distance under 0.00001 m).  The callers
 * decide contact with ST_Covers for a point and a polygon, which says no
 * for a point on an edge of a hole; its distance, a few 1e-11 m, is 0 here,
 * as ST_Intersects would have said.
 */
#define FL_CONTACT_M 0.00001

double
fl_geo_shape_distance(const fl_shape *a, const fl_shape *b)
{
	double		best = INFINITY;
	size_t		i;

	for (i = 0; i < a->npts; i++)
		best = point_shape(a->pts[i], b, best);
	if (has_edges(a))
		for (i = 0; i < b->npts; i++)
			best = point_shape(b->pts[i], a, best);
	return best < FL_CONTACT_M ? 0.0 : best;
}

/* ---------------------------------------------------------------- circles */

typedef struct wkb_writer
{
	const fl_allocator *a;
	unsigned char *buf;
	size_t		len;
	size_t		cap;
	int			failed;
} wkb_writer;

static void
wr_bytes(wkb_writer *w, const void *src, size_t n)
{
	if (w->failed)
		return;
	if (fl_grow(w->a, (void **) &w->buf, &w->cap, w->len + n, 1, NULL))
	{
		w->failed = 1;
		return;
	}
	memcpy(w->buf + w->len, src, n);
	w->len += n;
}

static void
wr_u8(wkb_writer *w, unsigned v)
{
	unsigned char b = (unsigned char) v;

	wr_bytes(w, &b, 1);
}

static void
wr_u32(wkb_writer *w, uint32_t v)
{
	unsigned char b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};

	wr_bytes(w, b, 4);
}

static void
wr_f64(wkb_writer *w, double v)
{
	uint64_t	u;
	unsigned char b[8] = {0};
	int			i;

	memcpy(&u, &v, 8);
	for (i = 0; i < 8; i++)
		b[i] = (u >> (8 * i)) & 0xff;
	wr_bytes(w, b, 8);
}

/* a one-ring polygon; ring is closed by the writer (first point repeated) */
static void
wr_polygon(wkb_writer *w, const fl_pt *ring, size_t n, double shift)
{
	size_t		i;

	wr_u8(w, 1);
	wr_u32(w, 3);
	wr_u32(w, 1);
	wr_u32(w, (uint32_t) (n + 1));
	for (i = 0; i <= n; i++)
	{
		FL_CHECK_INTERRUPTS();
		wr_f64(w, ring[i % n].lon + shift);
		wr_f64(w, ring[i % n].lat);
	}
}

static fl_pt
circle_point(double lat, double lon, double az, double r)
{
	fl_pt		q;

	geod_gendirect(geod(), lat, lon, az, GEOD_LONG_UNROLL, r, &q.lat, &q.lon, NULL,
				   NULL, NULL, NULL, NULL, NULL);
	return q;
}

/*
 * Bisect the azimuth between az_a and az_b for the point where the unrolled
 * longitude crosses x (the antimeridian, +-180).
 */
static fl_pt
crossing(double lat, double lon, double r, double az_a, double az_b, double x)
{
	int			side_a = circle_point(lat, lon, az_a, r).lon > x;
	int			iter;

	for (iter = 0; iter < 80; iter++)
	{
		double		mid = (az_a + az_b) / 2;

		if ((circle_point(lat, lon, mid, r).lon > x) == side_a)
			az_a = mid;
		else
			az_b = mid;
	}
	return circle_point(lat, lon, (az_a + az_b) / 2, r);
}

/*
 * Around a pole the wrapped longitude moves monotonically (sgn = +1: up,
 * -1: down) from lon_a at az_a; find where it has travelled to the
 * antimeridian, by bisection on the azimuth.
 */
static fl_pt
pole_crossing(double lat, double lon, double r, double az_a, double az_b, double lon_a, int sgn)
{
	double		target = sgn > 0 ? 180.0 - lon_a : lon_a + 180.0;
	int			iter;

	for (iter = 0; iter < 80; iter++)
	{
		double		mid = (az_a + az_b) / 2;
		fl_pt		q = circle_point(lat, lon, mid, r);
		double		travelled = fmod(sgn * (remainder(q.lon, 360.0) - lon_a) + 720.0, 360.0);

		if (travelled < target)
			az_a = mid;
		else
			az_b = mid;
	}
	return circle_point(lat, lon, (az_a + az_b) / 2, r);
}

int
fl_geo_circle_wkb(double lat, double lon, double radius_m, int segments,
				  const fl_allocator *a, unsigned char **out, size_t *outlen, fl_error *err)
{
	wkb_writer	w = {a, NULL, 0, 0, 0};
	fl_pt	   *v = NULL;
	fl_pt	   *ring = NULL;
	double		step,
				minlon = INFINITY,
				maxlon = -INFINITY;
	int			north,
				south,
				i,
				n = segments;
	int			rc = -1;

	if (check_coord(lon, lat, "center", err))
		return -1;
	if (!isfinite(radius_m) || radius_m <= 0)
		return fl_seterr(err, FL_EVALUE, "radius %g m must be a positive finite number", radius_m);
	if (segments < FL_CIRCLE_MIN_SEGMENTS || segments > FL_CIRCLE_MAX_SEGMENTS)
		return fl_seterr(err, FL_EVALUE, "segments %d is out of range %d..%d", segments,
						 FL_CIRCLE_MIN_SEGMENTS, FL_CIRCLE_MAX_SEGMENTS);
	north = pt_dist((fl_pt) {lon, lat}, (fl_pt) {0, 90}) < radius_m;
	south = pt_dist((fl_pt) {lon, lat}, (fl_pt) {0, -90}) < radius_m;
	if (north && south)
		return fl_seterr(err, FL_EVALUE,
						 "a circle of %.15g km around (%.15g, %.15g) encloses both poles",
						 radius_m / 1000, lon, lat);

	v = a->alloc(a->ctx, (size_t) (n + 8) * sizeof(fl_pt));
	ring = a->alloc(a->ctx, (size_t) (n + 8) * sizeof(fl_pt));
	if (!v || !ring)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory building a circle");
		goto done;
	}
	/* decreasing azimuth from north: N, W, S, E is counter-clockwise on a map */
	step = 360.0 / n;
	for (i = 0; i < n; i++)
	{
		FL_CHECK_INTERRUPTS();
		v[i] = circle_point(lat, lon, -step * i, radius_m);
		minlon = fmin(minlon, v[i].lon);
		maxlon = fmax(maxlon, v[i].lon);
	}

	if (north || south)
	{
		/*
		 * The circle winds once around the pole.  Going round it as we do
		 * (counter-clockwise seen from outside the Earth) the longitude
		 * only increases around the north pole and only decreases around
		 * the south pole, so the one edge where the wrapped longitude
		 * moves the other way is where it crosses the antimeridian.  Walk
		 * from there, then close along the antimeridian and the pole.
		 */
		int			jump = -1,
					m = 0,
					sgn = north ? 1 : -1;
		fl_pt		c;

		for (i = 0; i < n; i++)
			v[i].lon = remainder(v[i].lon, 360.0);
		for (i = 0; i < n; i++)
		{
			double		d = v[(i + 1) % n].lon - v[i].lon;

			if (sgn * d < 0)
			{
				if (jump >= 0)
				{
					jump = -2;
					break;
				}
				jump = i;
			}
		}
		if (jump < 0)
		{
			fl_seterr(err, FL_EVALUE, "circle of %.15g km around (%.15g, %.15g) does not wind once around the pole",
					  radius_m / 1000, lon, lat);
			goto done;
		}
		c = pole_crossing(lat, lon, radius_m, -step * jump, -step * (jump + 1), v[jump].lon, sgn);
		if (north)
		{
			ring[m++] = (fl_pt) {-180.0, c.lat};
			for (i = 1; i <= n; i++)
				ring[m++] = v[(jump + i) % n];
			ring[m++] = (fl_pt) {180.0, c.lat};
			ring[m++] = (fl_pt) {180.0, 90.0};
			ring[m++] = (fl_pt) {-180.0, 90.0};
		}
		else
		{
			ring[m++] = (fl_pt) {-180.0, -90.0};
			ring[m++] = (fl_pt) {180.0, -90.0};
			ring[m++] = (fl_pt) {180.0, c.lat};
			for (i = 1; i <= n; i++)
				ring[m++] = v[(jump + i) % n];
			ring[m++] = (fl_pt) {-180.0, c.lat};
		}
		wr_polygon(&w, ring, m, 0.0);
	}
	else if (maxlon <= 180.0 && minlon >= -180.0)
		wr_polygon(&w, v, n, 0.0);
	else
	{
		/*
		 * Cut at the antimeridian x (180 or -180, on the unrolled longitudes):
		 * the ring crosses it on exactly two edges.  Insert the exact crossing
		 * points and emit the two pieces, moving the far one by -+360.
		 */
		double		x = maxlon > 180.0 ? 180.0 : -180.0;
		double		shift = x > 0 ? -360.0 : 360.0;
		int			cut[2],
					ncut = 0,
					p;
		fl_pt		c[2];

		for (i = 0; i < n; i++)
		{
			int			j = (i + 1) % n;
			FL_CHECK_INTERRUPTS();

			if ((v[i].lon > x) != (v[j].lon > x))
			{
				if (ncut == 2)
				{
					ncut = 3;
					break;
				}
				cut[ncut++] = i;
			}
		}
		if (ncut != 2)
		{
			fl_seterr(err, FL_EVALUE, "cannot cut the circle around (%.15g, %.15g) at the antimeridian", lon, lat);
			goto done;
		}
		for (p = 0; p < 2; p++)
		{
			c[p] = crossing(lat, lon, radius_m, -step * cut[p], -step * (cut[p] + 1), x);
			c[p].lon = x;
		}
		wr_u8(&w, 1);
		wr_u32(&w, 6);
		wr_u32(&w, 2);
		for (p = 0; p < 2; p++)
		{
			/* piece p: crossing p, the vertices after it up to crossing 1-p */
			int			m = 0,
						j;

			ring[m++] = c[p];
			for (j = (cut[p] + 1) % n;; j = (j + 1) % n)
			{
				ring[m++] = v[j];
				if (j == cut[1 - p])
					break;
			}
			ring[m++] = c[1 - p];
			wr_polygon(&w, ring, m, (ring[1].lon > x) == (x > 0) ? shift : 0.0);
		}
	}
	if (w.failed)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory building a circle");
		goto done;
	}
	*out = w.buf;
	*outlen = w.len;
	w.buf = NULL;
	rc = 0;
done:
	if (w.buf)
		a->free(a->ctx, w.buf);
	if (v)
		a->free(a->ctx, v);
	if (ring)
		a->free(a->ctx, ring);
	return rc;
}
