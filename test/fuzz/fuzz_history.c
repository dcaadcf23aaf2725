/*
 * libFuzzer harness for everything the server parses from untrusted bytes,
 * built from the pure-C core without a server (make fuzz):
 *  - the control_history text literal (type input):  parse, print, re-parse,
 *    the two flat values must be byte-identical;
 *  - the binary format (type recv):  decode, encode, decode, identical;
 *  - the stored (flat) layout, fully validated as a possibly corrupt datum;
 *  - a cached claim set (claim_set), opened both ways (fully checked, and
 *    header only, whose readers check each claim they read) and read by
 *    every reader: the winner at a moment, since when, the changes in a
 *    range, whether any claim is in it, the resolved history;
 *  - WKB as the geodesy functions read it.
 * Any crash, sanitizer report or failed round trip aborts.
 *
 *   make fuzz FUZZ_SECONDS=60           (the test command runs it this way)
 *   test/fuzz/fuzz_history -max_total_time=3600 test/fuzz/corpus
 */
#include "fl_claims.h"
#include "fl_codec.h"
#include "fl_geo.h"
#include "fl_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const fl_allocator *A = &fl_std_allocator;

static unsigned char *
to_flat(fl_builder *b, size_t *len)
{
	unsigned char *f;

	*len = fl_flat_size(b);
	f = malloc(*len ? *len : 1);
	fl_flat_write(b, f);
	return f;
}

static void
fail(const char *what)
{
	fprintf(stderr, "round trip failed: %s\n", what);
	abort();
}

static void
text_round_trip(const uint8_t *data, size_t size)
{
	fl_builder	b,
				b2;
	fl_error	err;
	fl_view		v;
	size_t		flen,
				flen2,
				plen;
	unsigned char *f,
			   *f2;
	char	   *p;

	fl_builder_init(&b, A);
	if (fl_parse_history(&b, (const char *) data, size, &err) != 0)
	{
		if (err.msg[0] == '\0')
			fail("text error without message");
		fl_builder_free(&b);
		return;
	}
	f = to_flat(&b, &flen);
	fl_builder_free(&b);
	if (fl_view_open(&v, f, flen, 1, &err) != 0)
		fail("parsed value does not validate");
	p = fl_print_history(A, &v, &plen, &err);
	if (!p)
		fail("print");
	fl_builder_init(&b2, A);
	if (fl_parse_history(&b2, p, plen, &err) != 0)
		fail("printed literal does not parse");
	f2 = to_flat(&b2, &flen2);
	if (flen != flen2 || memcmp(f, f2, flen) != 0)
		fail("text");
	fl_builder_free(&b2);
	free(f);
	free(f2);
	free(p);
}

static void
binary_round_trip(const uint8_t *data, size_t size)
{
	fl_builder	b,
				b2;
	fl_error	err;
	fl_view		v;
	size_t		flen,
				flen2,
				slen;
	unsigned char *f,
			   *f2,
			   *s;

	fl_builder_init(&b, A);
	if (fl_recv(&b, data, size, &err) != 0)
	{
		fl_builder_free(&b);
		return;
	}
	f = to_flat(&b, &flen);
	fl_builder_free(&b);
	if (fl_view_open(&v, f, flen, 1, &err) != 0)
		fail("received value does not validate");
	s = fl_send(A, &v, &slen, &err);
	if (!s)
		fail("send");
	fl_builder_init(&b2, A);
	if (fl_recv(&b2, s, slen, &err) != 0)
		fail("sent bytes do not decode");
	f2 = to_flat(&b2, &flen2);
	if (flen != flen2 || memcmp(f, f2, flen) != 0)
		fail("binary");
	fl_builder_free(&b2);
	free(f);
	free(f2);
	free(s);
}

static void
flat_datum(const uint8_t *data, size_t size)
{
	fl_view		v;
	fl_error	err;
	size_t		plen;
	char	   *p;

	if (fl_view_open(&v, data, size, 1, &err) != 0)
		return;
	p = fl_print_history(A, &v, &plen, &err);
	free(p);
}

static int
count_change(void *ctx, int64_t at, int64_t prev, int64_t cur)
{
	(void) at;
	(void) prev;
	(void) cur;
	(*(int *) ctx)++;
	return 0;
}

static void
claims_read(const fl_claims_view *v)
{
	unsigned char ok[256];
	fl_claims_filter none = {NULL, 0, 0, 0},
				some = {NULL, 0.5f, 1, 0};
	fl_error	err;

	memset(ok, 0, sizeof(ok));
	ok[0] = 1;
	if (v->nsources <= sizeof(ok))
		some.source_ok = ok;
	for (int k = 0; k < 2; k++)
	{
		const fl_claims_filter *f = k == 0 ? &none : &some;
		int64_t		last = v->n > 0 ? fl_claims_at(v, v->n - 1) : 0;
		int64_t		ts[3] = {0, last, last / 2};
		fl_builder	out;
		int			changes = 0;

		for (int i = 0; i < 3; i++)
		{
			int64_t		since;

			(void) fl_claims_winner_at(v, f, ts[i], &err);
			(void) fl_claims_since(v, f, ts[i], &since, &err);
		}
		(void) fl_claims_any_in(v, ts[2], last);
		(void) fl_claims_changes(v, f, ts[2], last, count_change, &changes, &err);
		fl_builder_init(&out, A);
		(void) fl_claims_resolve(v, f, &out, &err);
		fl_builder_free(&out);
	}
}

static void
claim_set(const uint8_t *data, size_t size)
{
	fl_claims_view v;
	fl_error	err;

	if (fl_claims_open(&v, data, size, &err) == 0)
		claims_read(&v);
	if (fl_claims_open_header(&v, data, size, &err) == 0)
		claims_read(&v);
}

static void
wkb(const uint8_t *data, size_t size)
{
	fl_shape	s,
				pt;
	fl_error	err;
	static const unsigned char point[21] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x24, 0x40,
	0, 0, 0, 0, 0, 0, 0x34, 0x40};	/* POINT(10 20) */

	if (fl_wkb_read(data, size, A, &s, "fuzz", &err) != 0)
		return;
	if (s.npts <= 64 && fl_wkb_read(point, sizeof(point), A, &pt, "point", &err) == 0)
	{
		double		d = fl_geo_shape_distance(&pt, &s);

		if (!(d >= 0))
			fail("negative or NaN distance");
		fl_shape_free(&pt);
	}
	fl_shape_free(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	text_round_trip(data, size);
	binary_round_trip(data, size);
	flat_datum(data, size);
	claim_set(data, size);
	wkb(data, size);
	return 0;
}
