/*
 * fl_gkey.c — the GiST key of a control_history.  Pure C.  See fl_gkey.h;
 * unit tests in test/unit/test_view.c.
 */
#include "fl_gkey.h"

#include <stdlib.h>

#define USECS_PER_DAY INT64_C(86400000000)

static inline void
span_empty(fl_span *s)
{
	s->lo = INT64_MAX;
	s->hi = INT64_MIN;
}

static inline void
span_add(fl_span *s, int64_t lo, int64_t hi)
{
	if (lo >= hi)
		return;
	if (lo < s->lo)
		s->lo = lo;
	if (hi > s->hi)
		s->hi = hi;
}

void
fl_gkey_init(fl_gkey *k)
{
	span_empty(&k->change);
	for (int s = 0; s < FL_GKEY_SLOTS; s++)
		span_empty(&k->slot[s]);
}

void
fl_gkey_from_view(const fl_view *v, fl_gkey_slot_fn slot, fl_gkey *k)
{
	const char *prev = NULL;
	size_t		prevlen = 0;

	fl_gkey_init(k);
	for (uint32_t i = 0; i < v->n; i++)
	{
		size_t		cl;
		const char *c = fl_view_controller(v, i, &cl);
		int64_t		t = fl_view_instant(v, i),
					e = i + 1 < v->n ? fl_view_instant(v, i + 1) : INT64_MAX;

		FL_CHECK_INTERRUPTS();
		if (!fl_same_controller(c, cl, prev, prevlen))
			span_add(&k->change, t, t + 1);
		if (c)
			span_add(&k->slot[slot(c, cl)], t, e);
		prev = c;
		prevlen = cl;
	}
}

void
fl_gkey_union(fl_gkey *into, const fl_gkey *k)
{
	span_add(&into->change, k->change.lo, k->change.hi);
	for (int s = 0; s < FL_GKEY_SLOTS; s++)
		span_add(&into->slot[s], k->slot[s].lo, k->slot[s].hi);
}

/* length of a span in days, open ends and empty spans made finite */
static double
span_days(const fl_span *s)
{
	double		lo,
				hi;

	if (fl_span_is_empty(s))
		return 0;
	lo = s->lo == INT64_MIN ? (double) FL_MIN_INSTANT : (double) s->lo;
	hi = s->hi == INT64_MAX ? (double) FL_MAX_INSTANT : (double) s->hi;
	return (hi - lo) / (double) USECS_PER_DAY;
}

double
fl_gkey_size(const fl_gkey *k)
{
	double		d = span_days(&k->change);

	for (int s = 0; s < FL_GKEY_SLOTS; s++)
		d += span_days(&k->slot[s]);
	return d;
}

/*
 * The growth in days of span o when a is added: 0 when a is empty or lies
 * inside o (most slots of a leaf's key: a history has a few controllers).
 */
static inline double
span_growth(const fl_span *o, const fl_span *a)
{
	fl_span		u;

	if (fl_span_is_empty(a) || (a->lo >= o->lo && a->hi <= o->hi))
		return 0;
	u = *o;
	span_add(&u, a->lo, a->hi);
	return span_days(&u) - span_days(o);
}

double
fl_gkey_growth(const fl_gkey *o, const fl_gkey *a)
{
	double		d = span_growth(&o->change, &a->change);

	for (int s = 0; s < FL_GKEY_SLOTS; s++)
		d += span_growth(&o->slot[s], &a->slot[s]);
	return d;
}

typedef struct split_item
{
	size_t		i;
	double		center;
} split_item;

static int
split_cmp(const void *a, const void *b)
{
	double		x = ((const split_item *) a)->center,
				y = ((const split_item *) b)->center;

	return (x > y) - (x < y);
}

/* center of a key on the time axis: the middle of its change span */
static double
key_center(const fl_gkey *k)
{
	const fl_span *s = &k->change;

	if (fl_span_is_empty(s))
		return 0;
	return ((double) s->lo + (double) (s->hi == INT64_MAX ? s->lo : s->hi)) / 2.0;
}

int
fl_gkey_split(const fl_gkey *const *keys, size_t n, const fl_allocator *a,
			  uint8_t *left, fl_gkey *l, fl_gkey *r, fl_error *err)
{
	split_item *items = a->alloc(a->ctx, (n ? n : 1) * sizeof(split_item));

	if (!items)
		return fl_seterr(err, FL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
	{
		items[i].i = i;
		items[i].center = key_center(keys[i]);
	}
	qsort(items, n, sizeof(split_item), split_cmp);
	fl_gkey_init(l);
	fl_gkey_init(r);
	for (size_t i = 0; i < n; i++)
	{
		size_t		k = items[i].i;

		left[k] = i < n / 2;
		fl_gkey_union(left[k] ? l : r, keys[k]);
	}
	a->free(a->ctx, items);
	return 0;
}
