/*
 * fl_gist.c — a GiST operator class on control_history, and the two
 * predicates it serves:
 *
 *   h && during                      the controller changed at an instant of
 *                                    the range (changed_during())
 *   h @> ROW(actor, during)::holding the actor (or 'contested') held the place
 *                                    at some instant of the range (held_by())
 *
 * The index key (control_history_gkey, 272 bytes, fixed) is lossy:
 *   change   the span [first change, last change] of the history's instants
 *            where the controller changed;
 *   slot[k]  for controllers whose name hashes to k (16 slots), the span of
 *            time they held the place, open-ended when they still hold it.
 * An inner key is the per-span union of its children.  Both operators are
 * answered exactly by their functions; the index only says "maybe" and
 * always asks for a recheck.
 */
#include "postgres.h"

#include "access/gist.h"
#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "fl_core.h"
#include "fl_pg.h"

#define GK_SLOTS 16
#define STRAT_CHANGED 1			/* && tstzrange */
#define STRAT_HOLDS 2			/* @> holding */

typedef struct gk_span
{
	int64		lo;				/* first microsecond covered */
	int64		hi;				/* first microsecond not covered; PG_INT64_MAX: open */
} gk_span;

typedef struct gkey
{
	gk_span		change;
	gk_span		slot[GK_SLOTS];
} gkey;

StaticAssertDecl(sizeof(gkey) == 272, "control_history_gkey is 272 bytes");

static inline void
span_empty(gk_span *s)
{
	s->lo = PG_INT64_MAX;
	s->hi = PG_INT64_MIN;
}

static inline bool
span_is_empty(const gk_span *s)
{
	return s->lo >= s->hi;
}

static inline void
span_add(gk_span *s, int64 lo, int64 hi)
{
	if (lo >= hi)
		return;
	if (lo < s->lo)
		s->lo = lo;
	if (hi > s->hi)
		s->hi = hi;
}

static inline bool
span_overlaps(const gk_span *s, int64 lo, int64 hi)
{
	return !span_is_empty(s) && s->lo < hi && lo < s->hi;
}

static int
slot_of(const char *name, size_t len)
{
	return (int) (hash_bytes((const unsigned char *) name, (int) len) % GK_SLOTS);
}

/* same controller (actor name, "contested", or NULL = unknown)? */
static bool
same_ctl(const char *a, size_t al, const char *b, size_t bl)
{
	if (a == NULL || b == NULL)
		return a == b;
	return al == bl && memcmp(a, b, al) == 0;
}

static const char *
ctl_of(const fl_view *v, uint32_t i, size_t *len)
{
	const char *st;
	size_t		sl;

	fl_view_state(v, fl_view_sidx(v, i), &st, &sl);
	return fl_state_controller(st, sl, len);
}

/* a tstzrange as [lo, hi) in microseconds; false when empty */
static bool
range_span(RangeType *r, int64 *lo, int64 *hi)
{
	TypeCacheEntry *tc = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	RangeBound	l,
				u;
	bool		empty;

	range_deserialize(tc, r, &l, &u, &empty);
	if (empty)
		return false;
	if (l.infinite || TIMESTAMP_IS_NOBEGIN(DatumGetTimestampTz(l.val)))
		*lo = PG_INT64_MIN;
	else
	{
		*lo = DatumGetTimestampTz(l.val);
		if (!l.inclusive && *lo < PG_INT64_MAX)
			(*lo)++;
	}
	if (u.infinite || TIMESTAMP_IS_NOEND(DatumGetTimestampTz(u.val)))
		*hi = PG_INT64_MAX;
	else
	{
		*hi = DatumGetTimestampTz(u.val);
		if (u.inclusive && *hi < PG_INT64_MAX)
			(*hi)++;
	}
	return *lo < *hi;
}

static void
key_from_view(const fl_view *v, gkey *k)
{
	const char *prev = NULL;
	size_t		prevlen = 0;

	span_empty(&k->change);
	for (int s = 0; s < GK_SLOTS; s++)
		span_empty(&k->slot[s]);
	for (uint32_t i = 0; i < v->n; i++)
	{
		size_t		cl;
		const char *c = ctl_of(v, i, &cl);
		int64		t = fl_view_instant(v, i),
					e = i + 1 < v->n ? fl_view_instant(v, i + 1) : PG_INT64_MAX;

		if (!same_ctl(c, cl, prev, prevlen))
			span_add(&k->change, t, t + 1);
		if (c)
			span_add(&k->slot[slot_of(c, cl)], t, e);
		prev = c;
		prevlen = cl;
	}
}

/* ---------------------------------------------------------------- exact predicates */

static bool
changed_in(const fl_view *v, int64 lo, int64 hi)
{
	const char *prev = NULL;
	size_t		prevlen = 0;

	for (uint32_t i = 0; i < v->n; i++)
	{
		size_t		cl;
		const char *c = ctl_of(v, i, &cl);
		int64		t = fl_view_instant(v, i);

		if (t >= hi)
			break;
		if (t >= lo && !same_ctl(c, cl, prev, prevlen))
			return true;
		prev = c;
		prevlen = cl;
	}
	return false;
}

static bool
holds_in(const fl_view *v, const char *actor, size_t alen, int64 lo, int64 hi)
{
	for (uint32_t i = 0; i < v->n; i++)
	{
		size_t		cl;
		const char *c = ctl_of(v, i, &cl);
		int64		t = fl_view_instant(v, i),
					e = i + 1 < v->n ? fl_view_instant(v, i + 1) : PG_INT64_MAX;

		if (t >= hi)
			break;
		if (c && cl == alen && memcmp(c, actor, alen) == 0 && t < hi && lo < e)
			return true;
	}
	return false;
}

/* the (actor text, during tstzrange) fields of a holding value */
static bool
holding_fields(HeapTupleHeader row, text **actor, RangeType **during)
{
	bool		isnull;
	Datum		d;

	d = GetAttributeByNum(row, 1, &isnull);
	if (isnull)
		return false;
	*actor = DatumGetTextPP(d);
	d = GetAttributeByNum(row, 2, &isnull);
	if (isnull)
		return false;
	*during = DatumGetRangeTypeP(d);
	return true;
}

/*
 * The right operand, parsed once per call site: a scan calls consistent
 * (and a filter the operator) with the same query for every row, so the
 * parsed form is kept in fn_extra with a copy of the operand's bytes and
 * reused while they are equal.  No type-cache lookup or tuple deforming per
 * row.
 */
typedef struct parsed_query
{
	StrategyNumber strategy;
	Size		len;			/* of bytes */
	char	   *bytes;			/* copy of the operand (varlena, as given) */
	bool		valid;			/* false: NULL field, or an empty range */
	bool		null_field;		/* STRAT_HOLDS: actor or range is NULL */
	int64		lo;
	int64		hi;
	char	   *actor;			/* STRAT_HOLDS */
	size_t		alen;
	int			slot;
} parsed_query;

static const parsed_query *
parse_query(FunctionCallInfo fcinfo, Datum q, StrategyNumber strategy)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(q);
	Size		len;
	parsed_query *c = (parsed_query *) fcinfo->flinfo->fn_extra;
	MemoryContext old;

	if (VARATT_IS_EXTENDED(raw))
		raw = PG_DETOAST_DATUM_PACKED(q);
	len = VARSIZE_ANY(raw);
	if (c && c->strategy == strategy && c->len == len && memcmp(c->bytes, raw, len) == 0)
		return c;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (c)
	{
		pfree(c->bytes);
		if (c->actor)
			pfree(c->actor);
	}
	else
		c = palloc(sizeof(parsed_query));
	memset(c, 0, sizeof(*c));
	c->strategy = strategy;
	c->len = len;
	c->bytes = palloc(len);
	memcpy(c->bytes, raw, len);
	if (strategy == STRAT_CHANGED)
		c->valid = range_span(DatumGetRangeTypeP(q), &c->lo, &c->hi);
	else
	{
		text	   *actor;
		RangeType  *during;

		if (!holding_fields(DatumGetHeapTupleHeader(q), &actor, &during))
			c->null_field = true;
		else if (range_span(during, &c->lo, &c->hi))
		{
			c->valid = true;
			c->alen = VARSIZE_ANY_EXHDR(actor);
			c->actor = palloc(c->alen + 1);
			memcpy(c->actor, VARDATA_ANY(actor), c->alen);
			c->slot = slot_of(c->actor, c->alen);
		}
	}
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

PG_FUNCTION_INFO_V1(fl_history_changed);
Datum
fl_history_changed(PG_FUNCTION_ARGS)
{
	fl_view		v;
	const parsed_query *q = parse_query(fcinfo, PG_GETARG_DATUM(1), STRAT_CHANGED);

	if (!q->valid)
		PG_RETURN_BOOL(false);
	fl_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_BOOL(changed_in(&v, q->lo, q->hi));
}

PG_FUNCTION_INFO_V1(fl_history_holds);
Datum
fl_history_holds(PG_FUNCTION_ARGS)
{
	fl_view		v;
	const parsed_query *q = parse_query(fcinfo, PG_GETARG_DATUM(1), STRAT_HOLDS);

	if (q->null_field)			/* a NULL actor or range gives NULL, as strict would */
		PG_RETURN_NULL();
	if (!q->valid)
		PG_RETURN_BOOL(false);
	fl_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_BOOL(holds_in(&v, q->actor, q->alen, q->lo, q->hi));
}

/* ---------------------------------------------------------------- key type I/O */

PG_FUNCTION_INFO_V1(fl_gkey_in);
Datum
fl_gkey_in(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("control_history_gkey is the internal key of the GiST index on control_history and has no input")));
	PG_RETURN_NULL();
}

static void
append_instant(StringInfo s, int64 t)
{
	char		buf[32];

	if (t == PG_INT64_MAX)
		appendStringInfoString(s, "infinity");
	else if (t < FL_MIN_INSTANT || t > FL_MAX_INSTANT + 1)
		appendStringInfoString(s, "-infinity");
	else
	{
		fl_format_instant(t, buf);
		appendStringInfoString(s, buf);
	}
}

PG_FUNCTION_INFO_V1(fl_gkey_out);
Datum
fl_gkey_out(PG_FUNCTION_ARGS)
{
	gkey	   *k = (gkey *) PG_GETARG_POINTER(0);
	StringInfoData s;
	int			used = 0;

	initStringInfo(&s);
	appendStringInfoString(&s, "changes ");
	if (span_is_empty(&k->change))
		appendStringInfoString(&s, "none");
	else
	{
		appendStringInfoChar(&s, '[');
		append_instant(&s, k->change.lo);
		appendStringInfoChar(&s, ',');
		append_instant(&s, k->change.hi);
		appendStringInfoChar(&s, ')');
	}
	for (int i = 0; i < GK_SLOTS; i++)
		used += !span_is_empty(&k->slot[i]);
	appendStringInfo(&s, ", %d of %d controller slots", used, GK_SLOTS);
	PG_RETURN_CSTRING(s.data);
}

/* ---------------------------------------------------------------- GiST support */

PG_FUNCTION_INFO_V1(fl_gist_compress);
Datum
fl_gist_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *ret;
	gkey	   *k;
	fl_view		v;

	if (!entry->leafkey)
		PG_RETURN_POINTER(entry);
	k = palloc(sizeof(gkey));
	fl_pg_view(entry->key, &v);
	key_from_view(&v, k);
	ret = palloc(sizeof(GISTENTRY));
	gistentryinit(*ret, PointerGetDatum(k), entry->rel, entry->page, entry->offset, false);
	PG_RETURN_POINTER(ret);
}

PG_FUNCTION_INFO_V1(fl_gist_decompress);
Datum
fl_gist_decompress(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(PG_GETARG_POINTER(0));
}

PG_FUNCTION_INFO_V1(fl_gist_consistent);
Datum
fl_gist_consistent(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	gkey	   *k = (gkey *) DatumGetPointer(entry->key);
	const parsed_query *q;

	*recheck = true;			/* the key is lossy */
	if (strategy != STRAT_CHANGED && strategy != STRAT_HOLDS)
		elog(ERROR, "control_history GiST: unknown strategy %d", strategy);
	q = parse_query(fcinfo, PG_GETARG_DATUM(1), strategy);
	if (!q->valid)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(span_overlaps(strategy == STRAT_CHANGED ? &k->change : &k->slot[q->slot], q->lo, q->hi));
}

static void
key_union(gkey *into, const gkey *k)
{
	span_add(&into->change, k->change.lo, k->change.hi);
	for (int s = 0; s < GK_SLOTS; s++)
		span_add(&into->slot[s], k->slot[s].lo, k->slot[s].hi);
}

static void
key_init(gkey *k)
{
	span_empty(&k->change);
	for (int s = 0; s < GK_SLOTS; s++)
		span_empty(&k->slot[s]);
}

PG_FUNCTION_INFO_V1(fl_gist_union);
Datum
fl_gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	gkey	   *u = palloc(sizeof(gkey));

	key_init(u);
	for (int i = 0; i < ev->n; i++)
		key_union(u, (gkey *) DatumGetPointer(ev->vector[i].key));
	*size = sizeof(gkey);
	PG_RETURN_POINTER(u);
}

/* length of a span in days, open ends and empty spans made finite */
static double
span_days(const gk_span *s)
{
	double		lo,
				hi;

	if (span_is_empty(s))
		return 0;
	lo = s->lo == PG_INT64_MIN ? (double) FL_MIN_INSTANT : (double) s->lo;
	hi = s->hi == PG_INT64_MAX ? (double) FL_MAX_INSTANT : (double) s->hi;
	return (hi - lo) / (double) USECS_PER_DAY;
}

static double
key_size(const gkey *k)
{
	double		d = span_days(&k->change);

	for (int s = 0; s < GK_SLOTS; s++)
		d += span_days(&k->slot[s]);
	return d;
}

PG_FUNCTION_INFO_V1(fl_gist_penalty);
Datum
fl_gist_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *orig = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *add = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	gkey	   *o = (gkey *) DatumGetPointer(orig->key);
	gkey		u = *o;

	key_union(&u, (gkey *) DatumGetPointer(add->key));
	*penalty = (float) (key_size(&u) - key_size(o));
	PG_RETURN_POINTER(penalty);
}

typedef struct split_item
{
	OffsetNumber off;
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
key_center(const gkey *k)
{
	const gk_span *s = &k->change;

	if (span_is_empty(s))
		return 0;
	return ((double) s->lo + (double) (s->hi == PG_INT64_MAX ? s->lo : s->hi)) / 2.0;
}

/* sort by the middle of the change span and cut in half */
PG_FUNCTION_INFO_V1(fl_gist_picksplit);
Datum
fl_gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	OffsetNumber maxoff = ev->n - 1;
	int			n = maxoff - FirstOffsetNumber + 1;
	split_item *items = palloc(sizeof(split_item) * n);
	gkey	   *left = palloc(sizeof(gkey)),
			   *right = palloc(sizeof(gkey));

	for (OffsetNumber i = FirstOffsetNumber; i <= maxoff; i = OffsetNumberNext(i))
	{
		items[i - FirstOffsetNumber].off = i;
		items[i - FirstOffsetNumber].center = key_center((gkey *) DatumGetPointer(ev->vector[i].key));
	}
	qsort(items, n, sizeof(split_item), split_cmp);
	v->spl_left = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_right = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_nleft = v->spl_nright = 0;
	key_init(left);
	key_init(right);
	for (int i = 0; i < n; i++)
	{
		gkey	   *k = (gkey *) DatumGetPointer(ev->vector[items[i].off].key);

		if (i < n / 2)
		{
			v->spl_left[v->spl_nleft++] = items[i].off;
			key_union(left, k);
		}
		else
		{
			v->spl_right[v->spl_nright++] = items[i].off;
			key_union(right, k);
		}
	}
	v->spl_ldatum = PointerGetDatum(left);
	v->spl_rdatum = PointerGetDatum(right);
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(fl_gist_same);
Datum
fl_gist_same(PG_FUNCTION_ARGS)
{
	gkey	   *a = (gkey *) PG_GETARG_POINTER(0);
	gkey	   *b = (gkey *) PG_GETARG_POINTER(1);
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	*result = memcmp(a, b, sizeof(gkey)) == 0;
	PG_RETURN_POINTER(result);
}
