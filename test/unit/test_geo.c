/*
 * Unit tests of the geodesy core (fl_geo.c), no server:
 *  - Karney's GeodTest rows (test/data/GeodTest-100.dat): distances within
 *    1 mm, azimuths within 1e-6 degrees, direct problem too;
 *  - point-to-edge distances never worse than a dense sampling of the edge;
 *  - circle vertices exactly at the radius, near poles and the antimeridian;
 *  - a mutation fuzz of the WKB reader.
 */
#include "fl_geo.h"
#include "check.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const fl_allocator *A = &fl_std_allocator;

static uint64_t rs = 0x243F6A8885A308D3ULL;
static uint64_t
rnd(void)
{
	return xorshift64(&rs);
}

static double
urand(double lo, double hi)
{
	return lo + (hi - lo) * ((double) (rnd() >> 11) / 9007199254740992.0);
}

static double
angdiff(double a, double b)
{
	double		d = fmod(a - b, 360.0);

	if (d > 180)
		d -= 360;
	if (d < -180)
		d += 360;
	return fabs(d);
}

static double
pt_dist(fl_pt a, fl_pt b)
{
	double		s,
				x,
				y;
	fl_error	err;

	fl_geo_inverse(a.lat, a.lon, b.lat, b.lon, &s, &x, &y, &err);
	return s;
}

static void
test_geodtest(void)
{
	const char *path = getenv("FL_GEODTEST") ? getenv("FL_GEODTEST") : "test/data/GeodTest-100.dat";
	FILE	   *fp = fopen(path, "r");
	double		v[10];
	int			rows = 0;
	double		worst_s = 0,
				worst_az = 0;
	int			conditioned = 0;

	CHECK(fp != NULL, "cannot open %s", path);
	if (!fp)
		return;
	while (fscanf(fp, "%lf %lf %lf %lf %lf %lf %lf %lf %lf %lf",
				  &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) == 10)
	{
		double		s12,
					azi1,
					azi2,
					lat2,
					lon2,
					bazi2;
		fl_error	err;

		rows++;
		CHECK(fl_geo_inverse(v[0], v[1], v[3], v[4], &s12, &azi1, &azi2, &err) == 0, "inverse failed");
		CHECK(fabs(s12 - v[6]) <= 1e-3, "row %d: s12 %.6f vs %.6f", rows, s12, v[6]);
		worst_s = fmax(worst_s, fabs(s12 - v[6]));
		if (fabs(v[8]) >= 1.0)
		{
			/*
			 * Well-conditioned rows (reduced length m12 >= 1 m): an azimuth
			 * error of x rad moves the far end by about m12 * x, so the
			 * azimuths are defined by the data far better than 1e-6 degrees.
			 */
			conditioned++;
			CHECK(angdiff(azi1, v[2]) <= 1e-6, "row %d: azi1 %.12f vs %.12f", rows, azi1, v[2]);
			CHECK(angdiff(azi2, v[5]) <= 1e-6, "row %d: azi2 %.12f vs %.12f", rows, azi2, v[5]);
			worst_az = fmax(worst_az, fmax(angdiff(azi1, v[2]), angdiff(azi2, v[5])));
		}
		else
		{
			/*
			 * Nearly antipodal rows (|m12| < 1 m, several of them exactly
			 * antipodal with more than one shortest geodesic): the last
			 * digit of lat2/lon2 as a double moves the azimuth by ~1e-5
			 * degrees, so check that our azimuth and distance shoot to the
			 * reference point instead.
			 */
			CHECK(fl_geo_direct(v[0], v[1], azi1, s12, &lat2, &lon2, &bazi2, &err) == 0 &&
				  pt_dist((fl_pt) {v[4], v[3]}, (fl_pt) {remainder(lon2, 360.0), lat2}) <= 1e-3,
				  "row %d: azimuth %.12f does not lead to the reference point", rows, azi1);
		}
		CHECK(fl_geo_direct(v[0], v[1], v[2], v[6], &lat2, &lon2, &bazi2, &err) == 0, "direct failed");
		CHECK(pt_dist((fl_pt) {v[4], v[3]}, (fl_pt) {remainder(lon2, 360.0), lat2}) <= 1e-3 &&
			  angdiff(bazi2, v[5]) <= 1e-6,
			  "row %d: direct gives (%.12f, %.12f, %.12f), expected (%.12f, %.12f, %.12f)",
			  rows, lat2, lon2, bazi2, v[3], v[4], v[5]);
	}
	fclose(fp);
	CHECK(rows == 100, "read %d GeodTest rows, expected 100", rows);
	printf("geodtest: %d rows, worst distance error %.3g m; %d well-conditioned rows, worst azimuth error %.3g deg\n",
		   rows, worst_s, conditioned, worst_az);
}

static void
test_errors(void)
{
	double		a,
				b,
				c;
	fl_error	err;

	CHECK(fl_geo_inverse(91, 0, 0, 0, &a, &b, &c, &err) == -1 && err.code == FL_EVALUE &&
		  strstr(err.msg, "latitude 91") != NULL, "latitude 91: %s", err.msg);
	CHECK(fl_geo_inverse(0, NAN, 0, 0, &a, &b, &c, &err) == -1 && strstr(err.msg, "NaN") != NULL,
		  "NaN: %s", err.msg);
	CHECK(fl_geo_inverse(0, 0, 0, INFINITY, &a, &b, &c, &err) == -1, "infinity accepted");
	CHECK(fl_geo_inverse(0, 0, 0, 181, &a, &b, &c, &err) == -1 && strstr(err.msg, "longitude 181"),
		  "longitude 181: %s", err.msg);
	CHECK(fl_geo_direct(0, 0, NAN, 1, &a, &b, &c, &err) == -1, "NaN azimuth accepted");
	CHECK(fl_geo_direct(0, 0, 0, INFINITY, &a, &b, &c, &err) == -1, "infinite distance accepted");
	CHECK(strcmp(fl_compass(0), "N") == 0 && strcmp(fl_compass(11.24), "N") == 0 &&
		  strcmp(fl_compass(11.25), "NNE") == 0 && strcmp(fl_compass(180), "S") == 0 &&
		  strcmp(fl_compass(-90), "W") == 0 && strcmp(fl_compass(348.75), "N") == 0 &&
		  strcmp(fl_compass(348.74), "NNW") == 0 && strcmp(fl_compass(720 + 135), "SE") == 0,
		  "compass names");
	CHECK(fl_azimuth_normalize(-1e-20) < 360.0 && fl_azimuth_normalize(-90) == 270.0, "normalize");
}

static void
test_segments(void)
{
	struct geod_geodesic g;
	int			i,
				worse = 0;

	geod_init(&g, FL_WGS84_A, FL_WGS84_F);
	for (i = 0; i < 300; i++)
	{
		fl_pt		a = {urand(-180, 180), urand(-85, 85)};
		fl_pt		b,
					p;
		double		az = urand(0, 360),
					len = i % 3 == 0 ? urand(1, 1000) : urand(1000, 3e6),
					lat2,
					lon2,
					dense = INFINITY,
					ours;
		struct geod_geodesicline l;
		int			k,
					n = 20000;

		geod_direct(&g, a.lat, a.lon, az, len, &lat2, &lon2, NULL);
		b = (fl_pt) {remainder(lon2, 360.0), lat2};
		if (i % 5 == 0)
		{
			/* a point on the edge itself */
			geod_direct(&g, a.lat, a.lon, az, len * urand(0, 1), &p.lat, &p.lon, NULL);
			p.lon = remainder(p.lon, 360.0);
			CHECK(fl_geo_segment_distance(p, a, b) < 1e-3, "point on edge %d is %.6f m away", i,
				  fl_geo_segment_distance(p, a, b));
			continue;
		}
		p = (fl_pt) {remainder(a.lon + urand(-20, 20), 360.0), fmax(-89, fmin(89, a.lat + urand(-20, 20)))};
		geod_inverseline(&l, &g, a.lat, a.lon, b.lat, b.lon, GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
		for (k = 0; k <= n; k++)
		{
			fl_pt		q;

			geod_position(&l, l.s13 * k / n, &q.lat, &q.lon, NULL);
			dense = fmin(dense, pt_dist(p, q));
		}
		ours = fl_geo_segment_distance(p, a, b);
		if (!(ours <= dense + 1e-6))
			worse++;
		CHECK(ours <= dense + 1e-6, "edge %d: %.6f m, dense sampling finds %.6f m", i, ours, dense);
	}
	printf("segments: 300 random edges, %d worse than dense sampling\n", worse);
}

static void
check_circle(double lat, double lon, double r, int seg)
{
	unsigned char *wkb;
	size_t		len,
				i;
	fl_shape	s;
	fl_error	err;
	double		worst = 0;

	if (fl_geo_circle_wkb(lat, lon, r, seg, A, &wkb, &len, &err))
	{
		CHECK(0, "circle (%g, %g) r=%g: %s", lon, lat, r, err.msg);
		return;
	}
	CHECK(fl_wkb_read(wkb, len, A, &s, "circle", &err) == 0, "circle WKB unreadable: %s", err.msg);
	free(wkb);
	if (s.npts == 0)
		return;
	for (i = 0; i < s.npts; i++)
	{
		if (fabs(s.pts[i].lat) == 90.0)
			continue;			/* the pole's corners */
		worst = fmax(worst, fabs(pt_dist((fl_pt) {lon, lat}, s.pts[i]) - r));
	}
	CHECK(worst <= 1e-3, "circle (%g, %g) r=%g: a vertex is %.6f m off the radius", lon, lat, r, worst);
	CHECK(s.nparts == 1 || s.nparts == 2, "circle has %zu rings", s.nparts);
	fl_shape_free(&s);
}

static void
test_circles(void)
{
	int			i;
	unsigned char *wkb;
	size_t		len;
	fl_error	err;

	check_circle(34.5, 69.2, 50000, 72);
	check_circle(10, 179.9, 100000, 36);	/* antimeridian, east */
	check_circle(-10, -179.95, 200000, 36);	/* antimeridian, west */
	check_circle(89, 10, 300000, 64);	/* north pole inside */
	check_circle(-89.5, -150, 300000, 64);	/* south pole inside */
	check_circle(90, 0, 1000000, 16);	/* centred on the pole */
	check_circle(0, 0, 1, 3);
	/* coarse circles that barely contain a pole: longitude steps > 180 degrees */
	for (i = 3; i <= 12; i++)
	{
		check_circle(-79.0989733103494, -90.8402351470694, 1300000, i);
		check_circle(-79.0989733103494, -90.8402351470694, 2900000, i);
		check_circle(70, 100, 2300000, i);
		check_circle(89.99, -180, 5000, i);
	}
	for (i = 0; i < 200; i++)
	{
		double		lat = i % 4 == 0 ? urand(80, 90) * (i % 8 ? 1 : -1) : urand(-90, 90);
		double		lon = i % 3 == 0 ? 180 - urand(0, 2) * (i % 2 ? 1 : -1) : urand(-180, 180);

		if (lon > 180)
			lon -= 360;
		check_circle(lat, lon, urand(1, 3000000), 8 + (int) (rnd() % 200));
	}
	CHECK(fl_geo_circle_wkb(0, 0, 12000000, 72, A, &wkb, &len, &err) == -1 &&
		  strstr(err.msg, "both poles") != NULL, "both poles: %s", err.msg);
	CHECK(fl_geo_circle_wkb(0, 0, -1, 72, A, &wkb, &len, &err) == -1, "negative radius accepted");
	CHECK(fl_geo_circle_wkb(0, 0, NAN, 72, A, &wkb, &len, &err) == -1, "NaN radius accepted");
	CHECK(fl_geo_circle_wkb(0, 0, 1000, 2, A, &wkb, &len, &err) == -1, "2 segments accepted");
	CHECK(fl_geo_circle_wkb(95, 0, 1000, 8, A, &wkb, &len, &err) == -1, "latitude 95 accepted");
}

/* naive front: for each step, replay every claim up to it */

/* WKB writer for the fuzz seed */
static size_t
put_u32(unsigned char *b, uint32_t v)
{
	memcpy(b, &v, 4);
	return 4;
}

static size_t
put_f64(unsigned char *b, double v)
{
	memcpy(b, &v, 8);
	return 8;
}

static void
fuzz_wkb(long iterations)
{
	unsigned char seed[512],
				buf[600];
	size_t		n = 0,
				i;
	long		it,
				accepted = 0;
	fl_shape	s;
	fl_error	err;

	/* GEOMETRYCOLLECTION(POINT(1 2), POLYGON((0 0,1 0,1 1,0 0)), LINESTRING(3 3,4 4)), little-endian */
	seed[n++] = 1;
	n += put_u32(seed + n, 7);
	n += put_u32(seed + n, 3);
	seed[n++] = 1;
	n += put_u32(seed + n, 1);
	n += put_f64(seed + n, 1);
	n += put_f64(seed + n, 2);
	seed[n++] = 1;
	n += put_u32(seed + n, 3);
	n += put_u32(seed + n, 1);
	n += put_u32(seed + n, 4);
	{
		double		c[8] = {0, 0, 1, 0, 1, 1, 0, 0};

		for (i = 0; i < 8; i++)
			n += put_f64(seed + n, c[i]);
	}
	seed[n++] = 1;
	n += put_u32(seed + n, 2);
	n += put_u32(seed + n, 2);
	n += put_f64(seed + n, 3);
	n += put_f64(seed + n, 3);
	n += put_f64(seed + n, 4);
	n += put_f64(seed + n, 4);
	CHECK(fl_wkb_read(seed, n, A, &s, "seed", &err) == 0 && s.npts == 7 && s.nparts == 3,
		  "seed WKB: %s", err.msg);
	if (s.npts)
	{
		fl_shape	p;
		unsigned char pt[21];
		size_t		m = 0;

		pt[m++] = 1;
		m += put_u32(pt + m, 1);
		m += put_f64(pt + m, 0.5);
		m += put_f64(pt + m, 0.25);
		CHECK(fl_wkb_read(pt, m, A, &p, "pt", &err) == 0, "point WKB");
		/* (0.5, 0.25) lies inside the triangle's bounding edges: nearest edge point < 30 km */
		CHECK(fl_geo_shape_distance(&p, &s) < 30000, "distance to the collection");
		fl_shape_free(&p);
		/*
		 * (1, 0.5) lies on the triangle's edge along the meridian 1 E: 0
		 * (within the contact tolerance, 0.00001 m); 1e-8 degrees (1.1 mm)
		 * east of it, a distance of about 1.1 mm
		 */
		m = 0;
		pt[m++] = 1;
		m += put_u32(pt + m, 1);
		m += put_f64(pt + m, 1.0);
		m += put_f64(pt + m, 0.5);
		CHECK(fl_wkb_read(pt, m, A, &p, "pt", &err) == 0, "point WKB");
		CHECK(fl_geo_shape_distance(&p, &s) == 0.0, "a point on an edge: %g m", fl_geo_shape_distance(&p, &s));
		fl_shape_free(&p);
		m = 0;
		pt[m++] = 1;
		m += put_u32(pt + m, 1);
		m += put_f64(pt + m, 1.0 + 1e-8);
		m += put_f64(pt + m, 0.5);
		CHECK(fl_wkb_read(pt, m, A, &p, "pt", &err) == 0, "point WKB");
		CHECK(fl_geo_shape_distance(&p, &s) > 0.0009 && fl_geo_shape_distance(&p, &s) < 0.0013,
			  "a point 1.1 mm off an edge: %g m", fl_geo_shape_distance(&p, &s));
		fl_shape_free(&p);
		fl_shape_free(&s);
	}
	for (it = 0; it < iterations / 4; it++)
	{
		size_t		len = n,
					k,
					edits = 1 + rnd() % 4;

		memcpy(buf, seed, n);
		for (k = 0; k < edits; k++)
		{
			switch (rnd() % 4)
			{
				case 0:
					buf[rnd() % len] = (unsigned char) rnd();
					break;
				case 1:
					len = rnd() % (len + 1);
					break;
				case 2:
					if (len < sizeof(buf))
						buf[len++] = (unsigned char) rnd();
					break;
				default:
					buf[rnd() % len] ^= (unsigned char) (1u << (rnd() % 8));
			}
			if (len == 0)
				break;
		}
		if (fl_wkb_read(buf, len, A, &s, "fuzz", &err) == 0)
		{
			accepted++;
			CHECK(s.npts > 0 && s.npts < 100, "accepted WKB with %zu points", s.npts);
			fl_shape_free(&s);
		}
		else
			CHECK(err.msg[0] != '\0', "WKB error without a message");
	}
	printf("wkb fuzz: %ld mutated values, %ld accepted, no crash\n", iterations / 4, accepted);
}

/*
 * The sweeps over resolved histories (fl_tally, fl_front_hist) against a
 * naive per-step scan: random histories over states A, B, C, contested and
 * unknown, random steps (repeated instants included), random populations.
 */

/* a little-endian WKB polygon from rings of (lon, lat) pairs, closed */
static size_t
polygon_wkb(unsigned char *b, int nrings, const double *const *rings, const int *npts, int reverse)
{
	size_t		n = 0;
	int			r,
				i;

	b[n++] = 1;
	n += put_u32(b + n, 3);
	n += put_u32(b + n, (uint32_t) nrings);
	for (r = 0; r < nrings; r++)
	{
		n += put_u32(b + n, (uint32_t) npts[r]);
		for (i = 0; i < npts[r]; i++)
		{
			int			k = reverse ? npts[r] - 1 - i : i;

			n += put_f64(b + n, rings[r][2 * k]);
			n += put_f64(b + n, rings[r][2 * k + 1]);
		}
	}
	return n;
}

static double
wkb_area(const unsigned char *b, size_t len)
{
	fl_shape	s;
	fl_error	err;
	double		m2;

	CHECK(fl_wkb_read(b, len, A, &s, "area", &err) == 0, "area WKB unreadable: %s", err.msg);
	m2 = fl_geo_shape_area(&s);
	fl_shape_free(&s);
	return m2;
}

static void
test_areas(void)
{
	static const double cell[] = {0, 0, 1, 0, 1, 1, 0, 1, 0, 0};
	static const double hole[] = {0.25, 0.25, 0.75, 0.25, 0.75, 0.75, 0.25, 0.75, 0.25, 0.25};
	const double *rings[2] = {cell, hole};
	int			np[2] = {5, 5};
	unsigned char b[512];
	double		outer,
				reversed,
				with_hole,
				inner;
	unsigned char *wkb;
	size_t		len;
	fl_shape	s;
	fl_error	err;

	outer = wkb_area(b, polygon_wkb(b, 1, rings, np, 0));
	reversed = wkb_area(b, polygon_wkb(b, 1, rings, np, 1));
	with_hole = wkb_area(b, polygon_wkb(b, 2, rings, np, 0));
	inner = wkb_area(b, polygon_wkb(b, 1, rings + 1, np, 0));
	/* a 1-degree cell at the equator on WGS84: 12,308.8 km² */
	CHECK(outer > 12308.0e6 && outer < 12310.0e6, "equator cell %.1f km2", outer / 1e6);
	CHECK(fabs(outer - reversed) < 1e-3, "orientation changes the area: %.3f vs %.3f", outer, reversed);
	CHECK(fabs(with_hole - (outer - inner)) < 1e-3, "the hole is not taken away: %.3f vs %.3f", with_hole, outer - inner);
	/* a small geodesic circle is a disc: pi r^2 to 1e-4 */
	CHECK(fl_geo_circle_wkb(34.5, 69.2, 1000.0, 720, A, &wkb, &len, &err) == 0, "circle: %s", err.msg);
	CHECK(fl_wkb_read(wkb, len, A, &s, "circle", &err) == 0, "circle WKB unreadable");
	free(wkb);
	CHECK(fabs(fl_geo_shape_area(&s) / (M_PI * 1e6) - 1) < 1e-4, "1 km circle: %.3f m2", fl_geo_shape_area(&s));
	fl_shape_free(&s);
	printf("areas: equator cell %.3f km2, with a hole %.3f km2\n", outer / 1e6, with_hole / 1e6);
}

void
test_geo(long iterations)
{
	test_geodtest();
	test_errors();
	test_segments();
	test_circles();
	test_areas();
	fuzz_wkb(iterations);
}

