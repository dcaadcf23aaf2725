/*
 * Unit tests of a history's modules (fl_time, fl_state, fl_hist, fl_text,
 * fl_codec), no server: literals, round trips through the flat layout and
 * the binary form, binary search, and a bounded mutation fuzz.
 */
#include "fl_codec.h"
#include "fl_text.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const fl_allocator *A = &fl_std_allocator;

static uint64_t rng = 88172645463325252ULL;
static uint64_t
rnd(void)
{
	return xorshift64(&rng);
}

/* parse a literal into a flat buffer; returns NULL on error (err set) */
static unsigned char *
parse_flat(const char *s, size_t len, size_t *flen, fl_error *err)
{
	fl_builder	b;
	unsigned char *out;

	fl_builder_init(&b, A);
	if (fl_parse_history(&b, s, len, err))
	{
		fl_builder_free(&b);
		return NULL;
	}
	*flen = fl_flat_size(&b);
	out = malloc(*flen);
	fl_flat_write(&b, out);
	fl_builder_free(&b);
	return out;
}

static char *
print_flat(const unsigned char *f, size_t flen)
{
	fl_view		v;
	fl_error	err;
	size_t		l;

	if (fl_view_open(&v, f, flen, 1, &err))
		return NULL;
	return fl_print_history(A, &v, &l, &err);
}

static void
expect_literal(const char *in, const char *out)
{
	fl_error	err;
	size_t		flen;
	unsigned char *f = parse_flat(in, strlen(in), &flen, &err);
	char	   *p;

	CHECK(f != NULL, "parse %s: %s", in, f ? "" : err.msg);
	if (!f)
		return;
	p = print_flat(f, flen);
	CHECK(p && strcmp(p, out) == 0, "print %s: got %s want %s", in, p ? p : "(null)", out);
	free(p);
	free(f);
}

static void
expect_error(const char *in, fl_errcode code)
{
	fl_error	err;
	size_t		flen;
	unsigned char *f = parse_flat(in, strlen(in), &flen, &err);

	CHECK(f == NULL && err.code == code, "expected error %d for %s, got %s", code, in,
		  f ? "success" : err.msg);
	free(f);
}

/* random canonical history literal */
static char *
random_literal(int n)
{
	static const char *names[] = {"Taliban", "\"Afghan government\"", "NRF", "\"a\\\"b\"", "Ṭālibān", "x,y"};
	size_t		cap = 64 + (size_t) n * 96;
	char	   *s = malloc(cap);
	size_t		l = 0;
	int64_t		t = -INT64_C(1000000000000000) + (int64_t) (rnd() % 1000000000);

	l += (size_t) snprintf(s + l, cap - l, "{");
	for (int i = 0; i < n; i++)
	{
		char		ts[32];
		int			k = (int) (rnd() % 8);

		t += 1 + (int64_t) (rnd() % INT64_C(100000000000));
		fl_format_instant(t, ts);
		l += (size_t) snprintf(s + l, cap - l, "%s%s=", i ? ", " : "", ts);
		if (k < 4)
			l += (size_t) snprintf(s + l, cap - l, "%s", names[k]);
		else if (k == 4)
			l += (size_t) snprintf(s + l, cap - l, "contested");
		else if (k == 5)
			l += (size_t) snprintf(s + l, cap - l, "contested(NRF,Taliban)");
		else if (k == 6)
			l += (size_t) snprintf(s + l, cap - l, "unknown");
		else
			l += (size_t) snprintf(s + l, cap - l, "\"%s\"", names[5]);
	}
	snprintf(s + l, cap - l, "}");
	return s;
}

static void
test_literals(void)
{
	expect_literal("{}", "{}");
	expect_literal(" { } ", "{}");
	expect_literal("{2021-08-15 00:00+04:30=Taliban}", "{2021-08-14T19:30:00Z=Taliban}");
	expect_literal("{2000-01-01T00:00:00.000001Z=a}", "{2000-01-01T00:00:00.000001Z=a}");
	expect_literal("{1999-12-31T23:59:59.5Z=a}", "{1999-12-31T23:59:59.5Z=a}");
	expect_literal("{0001-01-01T00:00Z=a, 9999-12-31T23:59:59.999999Z=b}",
				   "{0001-01-01T00:00:00Z=a, 9999-12-31T23:59:59.999999Z=b}");
	expect_literal("{2021-08-14T00:00Z=A, 2021-08-15T00:00Z=A}", "{2021-08-14T00:00:00Z=A}");
	expect_literal("{2021-08-14T00:00Z=contested( B , \"A a\" )}", "{2021-08-14T00:00:00Z=contested(\"A a\",B)}");
	expect_literal("{2024-02-29T12:00-0130=x}", "{2024-02-29T13:30:00Z=x}");
	expect_error("", FL_ESYNTAX);
	expect_error("{", FL_ESYNTAX);
	expect_error("{2021-08-14T00:00Z=A", FL_ESYNTAX);
	expect_error("{2021-08-14T00:00Z=\"A}", FL_ESYNTAX);
	expect_error("{2023-02-29T00:00Z=A}", FL_ETIME);
	expect_error("{2021-08-14T00:00=A}", FL_ETIME);
	expect_error("{2021-08-14T00:00:00.0000001Z=A}", FL_ETIME);
	expect_error("{2021-08-15T00:00Z=A, 2021-08-14T00:00Z=B}", FL_EORDER);
	expect_error("{2021-08-14T00:00Z=contested(A)}", FL_EVALUE);
	expect_error("{2021-08-14T00:00Z=\"Unknown\"}", FL_EVALUE);
}

static void
test_roundtrip_and_search(void)
{
	for (int iter = 0; iter < 300; iter++)
	{
		int			n = (int) (rnd() % 60);
		char	   *lit = random_literal(n);
		fl_error	err;
		size_t		flen,
					flen2,
					slen;
		unsigned char *f = parse_flat(lit, strlen(lit), &flen, &err);
		char	   *p,
				   *p2;
		unsigned char *f2,
				   *snd;
		fl_view		v;
		fl_builder	b;

		CHECK(f != NULL, "random literal did not parse: %s: %s", f ? "" : err.msg, lit);
		if (!f)
		{
			free(lit);
			continue;
		}
		p = print_flat(f, flen);
		f2 = parse_flat(p, strlen(p), &flen2, &err);
		CHECK(f2 && flen2 == flen && memcmp(f, f2, flen) == 0, "text round trip changed the value: %s", lit);
		p2 = f2 ? print_flat(f2, flen2) : NULL;
		CHECK(p2 && strcmp(p, p2) == 0, "printing is not stable: %s", p);

		/* binary round trip */
		fl_view_open(&v, f, flen, 1, &err);
		snd = fl_send(A, &v, &slen, &err);
		fl_builder_init(&b, A);
		CHECK(snd && fl_recv(&b, snd, slen, &err) == 0 && fl_flat_size(&b) == flen,
			  "binary round trip failed: %s", lit);
		if (fl_flat_size(&b) == flen)
		{
			unsigned char *f3 = malloc(flen);

			fl_flat_write(&b, f3);
			CHECK(memcmp(f3, f, flen) == 0, "binary round trip changed the value");
			free(f3);
		}
		fl_builder_free(&b);

		/* binary search agrees with a linear scan */
		for (int k = 0; k < 50; k++)
		{
			int64_t		t = v.n ? fl_view_instant(&v, (uint32_t) (rnd() % v.n)) + (int64_t) (rnd() % 3) - 1
				: (int64_t) rnd();
			int64_t		lin = -1;

			for (uint32_t i = 0; i < v.n; i++)
				if (fl_view_instant(&v, i) <= t)
					lin = i;
			CHECK(fl_view_find(&v, t) == lin, "binary search %lld", (long long) t);
		}
		free(snd);
		free(p);
		free(p2);
		free(f);
		free(f2);
		free(lit);
	}
}

/* mutate valid literals and binary values at random: nothing may crash or leak */
static void
fuzz(long iterations)
{
	long		accepted = 0;

	for (long it = 0; it < iterations; it++)
	{
		char	   *lit = random_literal((int) (rnd() % 6));
		size_t		len = strlen(lit);
		int			muts = 1 + (int) (rnd() % 4);
		fl_builder	b;
		fl_error	err;
		fl_view		v;

		for (int m = 0; m < muts && len > 0; m++)
		{
			size_t		pos = (size_t) (rnd() % len);

			switch (rnd() % 4)
			{
				case 0:
					lit[pos] = (char) (rnd() % 256);
					break;
				case 1:
					len = pos;	/* truncate */
					break;
				case 2:
					memmove(lit + pos, lit + pos + 1, len - pos - 1);
					len--;
					break;
				default:
					lit[pos] = "{}(),=\" \\Z+-:.T0"[rnd() % 16];
			}
		}
		fl_builder_init(&b, A);
		if (fl_parse_history(&b, lit, len, &err) == 0)
		{
			size_t		flen = fl_flat_size(&b),
						slen,
						plen;
			unsigned char *f = malloc(flen);
			unsigned char *snd;
			char	   *p;

			accepted++;
			fl_flat_write(&b, f);
			CHECK(fl_view_open(&v, f, flen, 1, &err) == 0, "accepted literal gives a corrupt value");
			p = fl_print_history(A, &v, &plen, &err);
			snd = fl_send(A, &v, &slen, &err);
			/* corrupt the binary form too */
			if (snd && slen > 0)
			{
				fl_builder	b2;

				snd[rnd() % slen] ^= (unsigned char) (1 + rnd() % 255);
				fl_builder_init(&b2, A);
				(void) fl_recv(&b2, snd, (size_t) (rnd() % (slen + 1)), &err);
				fl_builder_free(&b2);
			}
			free(snd);
			free(p);
			free(f);
		}
		else
			CHECK(err.code != FL_OK && err.msg[0] != '\0', "error without a message");
		fl_builder_free(&b);
		free(lit);
	}
	printf("fuzz: %ld mutated literals, %ld accepted, no crash\n", iterations, accepted);
}

void
test_hist(long iterations)
{
	test_literals();
	test_roundtrip_and_search();
	fuzz(iterations);
}
