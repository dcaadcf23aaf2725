/*
 * Unit tests of the algorithms over one history (fl_view.c) and of its
 * GiST key (fl_gkey.c), no server: each against a naive definition written
 * here, on random histories and random spans.  The key must never say "no"
 * where the exact predicate says "yes" (a lossy key may only say "maybe").
 */
#include "fl_gkey.h"

#include <math.h>
#include "fl_view.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

static const fl_allocator *A = &fl_std_allocator;

static uint64_t rs = 0xA4093822299F31D0ULL;
static uint64_t
rnd(void)
{
	return xorshift64(&rs);
}

static const char *const actors[] = {"A", "B", "C"};

/* a random history: states A, B, C, contested (two kinds), unknown */
static unsigned char *
random_history_at(int n, size_t *len, fl_view *v, int64_t t0, int64_t unit)
{
	fl_builder	b;
	fl_error	err;
	int64_t		t = t0;
	unsigned char *flat;

	fl_builder_init(&b, A);
	for (int i = 0; i < n; i++)
	{
		int			k = (int) (rnd() % 6);
		char		st[8];
		size_t		sl;
		int64_t		idx;

		t += 1 + (int64_t) (rnd() % (uint64_t) (20 * unit));
		if (k < 3)
		{
			st[0] = FL_KIND_ACTOR;
			st[1] = actors[k][0];
			sl = 2;
		}
		else if (k == 3)
		{
			memcpy(st, "CA\0B", 4);
			sl = 4;
		}
		else if (k == 4)
		{
			memcpy(st, "CA\0C", 4);
			sl = 4;
		}
		else
		{
			st[0] = FL_KIND_UNKNOWN;
			sl = 1;
		}
		idx = fl_builder_intern(&b, st, sl, &err);
		CHECK(idx >= 0 && fl_builder_push(&b, t, (uint32_t) idx, &err) == 0, "build: %s", err.msg);
	}
	CHECK(fl_builder_canonicalize(&b, 0, &err) == 0, "canonicalize: %s", err.msg);
	*len = fl_flat_size(&b);
	flat = malloc(*len);
	fl_flat_write(&b, flat);
	fl_builder_free(&b);
	CHECK(fl_view_open(v, flat, *len, 1, &err) == 0, "open: %s", err.msg);
	return flat;
}

/* naive: controller name at instant t ("" for unknown / before the first) */
static const char *
naive_at(const fl_view *v, int64_t t, size_t *len)
{
	const char *c = NULL;

	*len = 0;
	for (uint32_t i = 0; i < v->n && fl_view_instant(v, i) <= t; i++)
		c = fl_view_controller(v, i, len);
	return c;
}

static int
is(const char *c, size_t cl, const char *name)
{
	return c && cl == strlen(name) && memcmp(c, name, cl) == 0;
}

/* a test slot function: first byte modulo the slots */
static int
slot_first_byte(const char *name, size_t len)
{
	return len ? (unsigned char) name[0] % FL_GKEY_SLOTS : 0;
}

static unsigned char *
random_history(int n, size_t *len, fl_view *v)
{
	return random_history_at(n, len, v, (int64_t) (rnd() % 100), 1);
}

/*
 * change days against changed_in on every day the history spans: a day is
 * listed exactly when the controller changed at an instant of it (instants
 * a few hours to days apart, before and after PostgreSQL's epoch)
 */
static void
test_change_days(void)
{
	const int64_t day = INT64_C(86400000000);

	for (int round = 0; round < 400; round++)
	{
		size_t		len;
		fl_view		v;
		int64_t		t0 = ((int64_t) (rnd() % 2000) - 1000) * day + (int64_t) (rnd() % (uint64_t) day);
		unsigned char *flat = random_history_at((int) (rnd() % 14), &len, &v, t0, day / 8);
		int32_t    *days = malloc(sizeof(int32_t) * (v.n + 1));
		uint32_t	n = fl_view_change_days(&v, days);
		uint32_t	j = 0;

		for (uint32_t i = 1; i < n; i++)
			CHECK(days[i - 1] < days[i], "change days ascending and distinct");
		if (v.n > 0)
		{
			int64_t		first = fl_view_instant(&v, 0),
						last = fl_view_instant(&v, v.n - 1);
			int64_t		d0 = first >= 0 ? first / day : -((-(first + 1)) / day) - 1;
			int64_t		d1 = last >= 0 ? last / day : -((-(last + 1)) / day) - 1;

			for (int64_t d = d0 - 1; d <= d1 + 1; d++)
			{
				fl_span		span = {d * day, (d + 1) * day};
				int			listed = j < n && days[j] == d;

				CHECK(listed == fl_view_changed_in(&v, span), "day %lld: listed %d, changed_in %d",
					  (long long) d, listed, fl_view_changed_in(&v, span));
				if (listed)
					j++;
			}
		}
		CHECK(j == n, "every change day lies within the history (%u of %u)", j, n);
		free(days);
		free(flat);
	}
}

void
test_view(void)
{
	static const char *const names[] = {"A", "B", "C", "contested"};
	fl_gkey		all;

	test_change_days();
	fl_gkey_init(&all);
	for (int round = 0; round < 500; round++)
	{
		size_t		len;
		fl_view		v;
		unsigned char *flat = random_history((int) (rnd() % 12), &len, &v);
		int64_t		end = v.n ? fl_view_instant(&v, v.n - 1) + 5 : 10;
		fl_gkey		k;

		fl_gkey_from_view(&v, slot_first_byte, &k);
		fl_gkey_union(&all, &k);
		for (int q = 0; q < 40; q++)
		{
			int64_t		lo = (int64_t) (rnd() % (uint64_t) (end + 2)) - 1,
						hi = lo + (int64_t) (rnd() % 30);
			fl_span		span = {lo, hi};
			const char *name = names[rnd() % 4];
			size_t		nl = strlen(name);
			int			naive_held = 0,
						naive_changed = 0;
			int64_t		naive_time = 0,
						got_time = -1;
			fl_error	err;

			/* per microsecond, the definitions themselves */
			for (int64_t t = lo; t < hi; t++)
			{
				size_t		cl,
							pl;
				const char *c = naive_at(&v, t, &cl),
						   *p = naive_at(&v, t - 1, &pl);

				naive_held |= is(c, cl, name);
				naive_time += is(c, cl, name) && t < (v.n ? fl_view_instant(&v, v.n - 1) + 1000 : 0);
				for (uint32_t i = 0; i < v.n; i++)
					if (fl_view_instant(&v, i) == t && !fl_same_controller(c, cl, p, pl))
						naive_changed = 1;
			}
			CHECK(fl_view_held_during(&v, name, nl, span) == naive_held,
				  "held_during %s [%lld,%lld)", name, (long long) lo, (long long) hi);
			CHECK(fl_view_changed_in(&v, span) == naive_changed,
				  "changed_in [%lld,%lld)", (long long) lo, (long long) hi);
			/* the key may only say "maybe" where the answer is "yes" */
			if (naive_held)
				CHECK(fl_gkey_may_hold(&k, slot_first_byte(name, nl), span) &&
					  fl_gkey_may_hold(&all, slot_first_byte(name, nl), span), "key misses a holding");
			if (naive_changed)
				CHECK(fl_gkey_may_change(&k, span) && fl_gkey_may_change(&all, span), "key misses a change");
			/* time held within a finite span */
			if (fl_view_time_held(&v, name, nl, span, &got_time, &err) == 0)
				CHECK(got_time == naive_time, "time held %s [%lld,%lld): %lld, naive %lld", name,
					  (long long) lo, (long long) hi, (long long) got_time, (long long) naive_time);
			else
				CHECK(0, "time_held failed on a finite span: %s", err.msg);
		}
		/* an unbounded end while still held is an error with a hint */
		if (v.n)
		{
			size_t		cl;
			const char *c = fl_view_controller(&v, v.n - 1, &cl);
			int64_t		tot;
			fl_error	err;

			if (c)
			{
				char		nm[16];

				memcpy(nm, c, cl);
				nm[cl] = '\0';
				CHECK(fl_view_time_held(&v, nm, cl, FL_SPAN_ALL, &tot, &err) == -1 &&
					  err.code == FL_EVALUE && err.hint[0], "unbounded time held must fail");
			}
		}
		/* tenures: start and end agree with the controller sequence */
		for (uint32_t i = 0; i < v.n; i++)
		{
			uint32_t	s = fl_view_tenure_start(&v, i),
						e = fl_view_tenure_end(&v, i);

			CHECK(s <= i && e > i && e <= v.n, "tenure bounds");
			CHECK(s == 0 || !fl_view_same_controller(&v, s, s - 1), "tenure starts too late");
			CHECK(e == v.n || !fl_view_same_controller(&v, i, e), "tenure ends too late");
			for (uint32_t j = s; j < e; j++)
				CHECK(fl_view_same_controller(&v, i, j), "a tenure mixes controllers");
		}
		/* the tenure iterator walks the same tenures, end to end */
		{
			uint32_t	pos = 0,
						seen = 0;
			fl_tenure	t;
			int64_t		prev_to = INT64_MIN;

			while (fl_view_next_tenure(&v, &pos, &t))
			{
				size_t		cl;
				const char *c = fl_view_controller(&v, seen, &cl);

				CHECK(t.from == fl_view_instant(&v, seen), "tenure starts at its first entry");
				CHECK(prev_to == INT64_MIN || prev_to == t.from, "tenures are contiguous");
				CHECK(fl_same_controller(c, cl, t.controller, t.len), "tenure controller");
				CHECK(t.open == (pos == v.n), "only the last tenure is open");
				CHECK(pos == fl_view_tenure_end(&v, seen), "iterator stops at the tenure end");
				prev_to = t.to;
				seen = pos;
			}
			CHECK(seen == v.n, "tenures cover the history");
		}
		/* first_held: the first entry of the controller */
		for (int a = 0; a < 4; a++)
		{
			int64_t		f = fl_view_first_held(&v, names[a], strlen(names[a])),
						naive = -1;

			for (uint32_t i = 0; i < v.n && naive < 0; i++)
			{
				size_t		cl;
				const char *c = fl_view_controller(&v, i, &cl);

				if (is(c, cl, names[a]))
					naive = i;
			}
			CHECK(f == naive, "first_held %s: %lld, naive %lld", names[a], (long long) f, (long long) naive);
		}
		free(flat);
	}
	/* the penalty: the growth of a key is the size of the union less its own */
	{
		fl_gkey		keys[12];

		for (int i = 0; i < 12; i++)
		{
			size_t		len;
			fl_view		v;
			unsigned char *flat = random_history(1 + i % 7, &len, &v);

			fl_gkey_from_view(&v, slot_first_byte, &keys[i]);
			free(flat);
		}
		fl_gkey_init(&keys[11]);		/* an empty key, on either side */
		for (int i = 0; i < 12; i++)
			for (int j = 0; j < 12; j++)
			{
				fl_gkey		o = keys[i],
							u;
				double		want,
							got;

				if (j % 3 == 0)
					fl_gkey_union(&o, &keys[(j + 5) % 12]);	/* a wider key, as on inner pages */
				u = o;
				fl_gkey_union(&u, &keys[j]);
				want = fl_gkey_size(&u) - fl_gkey_size(&o);
				got = fl_gkey_growth(&o, &keys[j]);
				CHECK(got >= 0 && fabs(got - want) <= 1e-9 * (1 + fabs(want)),
					  "growth of key %d by key %d: %.12g, size difference %.12g", i, j, got, want);
			}
		CHECK(fl_gkey_growth(&keys[3], &keys[3]) == 0, "a key does not grow by itself");
	}
	/* the split: halves are unions of their keys, about even */
	{
		fl_gkey		keys[9],
					l,
					r;
		const fl_gkey *kp[9];
		uint8_t		left[9];
		fl_error	err;
		int			nl = 0;

		for (int i = 0; i < 9; i++)
		{
			size_t		len;
			fl_view		v;
			unsigned char *flat = random_history(1 + i, &len, &v);

			fl_gkey_from_view(&v, slot_first_byte, &keys[i]);
			kp[i] = &keys[i];
			free(flat);
		}
		CHECK(fl_gkey_split(kp, 9, A, left, &l, &r, &err) == 0, "split");
		for (int i = 0; i < 9; i++)
		{
			fl_gkey		u = left[i] ? l : r;

			nl += left[i];
			fl_gkey_union(&u, &keys[i]);
			CHECK(memcmp(&u, left[i] ? &l : &r, sizeof(u)) == 0, "a key is outside its half");
		}
		CHECK(nl == 4, "split of 9 keys puts %d left", nl);
	}
}
