/*
 * libFuzzer harness for everything the server parses from untrusted bytes,
 * built from the pure-C core without a server (make fuzz):
 *  - the control_history text literal (type input):  parse, print, re-parse,
 *    the two flat values must be byte-identical;
 *  - the binary format (type recv):  decode, encode, decode, identical;
 *  - the stored (flat) layout, fully validated as a possibly corrupt datum;
 *  - WKB as the geodesy functions read it.
 * Any crash, sanitizer report or failed round trip aborts.
 *
 *   make fuzz FUZZ_SECONDS=60           (the test command runs it this way)
 *   test/fuzz/fuzz_history -max_total_time=3600 test/fuzz/corpus
 */
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
	wkb(data, size);
	return 0;
}
