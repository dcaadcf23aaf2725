/*
 * fl_gkey_sql.c — fmgr twin of fl_gkey.c: a GiST operator class on
 * control_history, and the two operators it serves:
 *
 *   h && during                      the controller changed at an instant of
 *                                    the range (changed_during())
 *   h @> ROW(actor, during)::holding the actor (or 'contested') held the place
 *                                    at some instant of the range (held_by())
 *
 * The strategies are PostgreSQL's standard ones: RTOverlapStrategyNumber
 * (3) for &&, RTContainsStrategyNumber (7) for @>.  The key (fl_gkey.h) is
 * lossy: both operators are answered exactly by their functions
 * (fl_view.h); the index only says "maybe" and always asks for a recheck.
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

#include "fl_gkey.h"
#include "fl_pg.h"

#define STRAT_CHANGED RTOverlapStrategyNumber	/* && tstzrange */
#define STRAT_HOLDS RTContainsStrategyNumber	/* @> holding */
/* the numbers of 1.0 and 1.1, still answered until ALTER EXTENSION UPDATE */
#define STRAT_CHANGED_1_1 1
#define STRAT_HOLDS_1_1 2

StaticAssertDecl(sizeof(fl_gkey) == 272, "control_history_gkey is 272 bytes");

/* the slot of a controller: PostgreSQL's hash_bytes, as in 1.1's keys */
static int
slot_of(const char *name, size_t len)
{
	return (int) (hash_bytes((const unsigned char *) name, (int) len) % FL_GKEY_SLOTS);
}

/* a tstzrange as [lo, hi) in microseconds; false when empty */
static bool
range_span(RangeType *r, fl_span *span)
{
	TypeCacheEntry *tc = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	RangeBound	l,
				u;
	bool		empty;

	range_deserialize(tc, r, &l, &u, &empty);
	if (empty)
		return false;
	if (l.infinite || TIMESTAMP_IS_NOBEGIN(DatumGetTimestampTz(l.val)))
		span->lo = PG_INT64_MIN;
	else
	{
		span->lo = DatumGetTimestampTz(l.val);
		if (!l.inclusive && span->lo < PG_INT64_MAX)
			(span->lo)++;
	}
	if (u.infinite || TIMESTAMP_IS_NOEND(DatumGetTimestampTz(u.val)))
		span->hi = PG_INT64_MAX;
	else
	{
		span->hi = DatumGetTimestampTz(u.val);
		if (u.inclusive && span->hi < PG_INT64_MAX)
			(span->hi)++;
	}
	return span->lo < span->hi;
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
	fl_span		span;
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
		c->valid = range_span(DatumGetRangeTypeP(q), &c->span);
	else
	{
		text	   *actor;
		RangeType  *during;

		if (!holding_fields(DatumGetHeapTupleHeader(q), &actor, &during))
			c->null_field = true;
		else if (range_span(during, &c->span))
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

/* ---------------------------------------------------------------- operators */

PG_FUNCTION_INFO_V1(frontline__changed);
Datum
frontline__changed(PG_FUNCTION_ARGS)
{
	fl_view		v;
	const parsed_query *q = parse_query(fcinfo, PG_GETARG_DATUM(1), STRAT_CHANGED);

	if (!q->valid)
		PG_RETURN_BOOL(false);
	fl_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_BOOL(fl_view_changed_in(&v, q->span));
}

PG_FUNCTION_INFO_V1(frontline__holds);
Datum
frontline__holds(PG_FUNCTION_ARGS)
{
	fl_view		v;
	const parsed_query *q = parse_query(fcinfo, PG_GETARG_DATUM(1), STRAT_HOLDS);

	if (q->null_field)			/* a NULL actor or range gives NULL, as strict would */
		PG_RETURN_NULL();
	if (!q->valid)
		PG_RETURN_BOOL(false);
	fl_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_BOOL(fl_view_held_during(&v, q->actor, q->alen, q->span));
}

/* ---------------------------------------------------------------- key type I/O */

PG_FUNCTION_INFO_V1(frontline__gkey_in);
Datum
frontline__gkey_in(PG_FUNCTION_ARGS)
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

PG_FUNCTION_INFO_V1(frontline__gkey_out);
Datum
frontline__gkey_out(PG_FUNCTION_ARGS)
{
	fl_gkey    *k = (fl_gkey *) PG_GETARG_POINTER(0);
	StringInfoData s;
	int			used = 0;

	initStringInfo(&s);
	appendStringInfoString(&s, "changes ");
	if (fl_span_is_empty(&k->change))
		appendStringInfoString(&s, "none");
	else
	{
		appendStringInfoChar(&s, '[');
		append_instant(&s, k->change.lo);
		appendStringInfoChar(&s, ',');
		append_instant(&s, k->change.hi);
		appendStringInfoChar(&s, ')');
	}
	for (int i = 0; i < FL_GKEY_SLOTS; i++)
		used += !fl_span_is_empty(&k->slot[i]);
	appendStringInfo(&s, ", %d of %d controller slots", used, FL_GKEY_SLOTS);
	PG_RETURN_CSTRING(s.data);
}

/* ---------------------------------------------------------------- GiST support */

PG_FUNCTION_INFO_V1(frontline__gist_compress);
Datum
frontline__gist_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *ret;
	fl_gkey    *k;
	fl_view		v;

	if (!entry->leafkey)
		PG_RETURN_POINTER(entry);
	k = palloc(sizeof(fl_gkey));
	fl_pg_view(entry->key, &v);
	fl_gkey_from_view(&v, slot_of, k);
	ret = palloc(sizeof(GISTENTRY));
	gistentryinit(*ret, PointerGetDatum(k), entry->rel, entry->page, entry->offset, false);
	PG_RETURN_POINTER(ret);
}

PG_FUNCTION_INFO_V1(frontline__gist_decompress);
Datum
frontline__gist_decompress(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(PG_GETARG_POINTER(0));
}

PG_FUNCTION_INFO_V1(frontline__gist_consistent);
Datum
frontline__gist_consistent(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	fl_gkey    *k = (fl_gkey *) DatumGetPointer(entry->key);
	const parsed_query *q;

	*recheck = true;			/* the key is lossy */
	if (strategy == STRAT_CHANGED_1_1)
		strategy = STRAT_CHANGED;
	else if (strategy == STRAT_HOLDS_1_1)
		strategy = STRAT_HOLDS;
	if (strategy != STRAT_CHANGED && strategy != STRAT_HOLDS)
		elog(ERROR, "unrecognized strategy number: %d", strategy);
	q = parse_query(fcinfo, PG_GETARG_DATUM(1), strategy);
	if (!q->valid)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(strategy == STRAT_CHANGED ? fl_gkey_may_change(k, q->span)
				   : fl_gkey_may_hold(k, q->slot, q->span));
}

PG_FUNCTION_INFO_V1(frontline__gist_union);
Datum
frontline__gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	fl_gkey    *u = palloc(sizeof(fl_gkey));

	fl_gkey_init(u);
	for (int i = 0; i < ev->n; i++)
		fl_gkey_union(u, (fl_gkey *) DatumGetPointer(ev->vector[i].key));
	*size = sizeof(fl_gkey);
	PG_RETURN_POINTER(u);
}

PG_FUNCTION_INFO_V1(frontline__gist_penalty);
Datum
frontline__gist_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *orig = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *add = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);

	*penalty = (float) fl_gkey_growth((const fl_gkey *) DatumGetPointer(orig->key),
									  (const fl_gkey *) DatumGetPointer(add->key));
	PG_RETURN_POINTER(penalty);
}

/* sort by the middle of the change span and cut in half (fl_gkey_split) */
PG_FUNCTION_INFO_V1(frontline__gist_picksplit);
Datum
frontline__gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	OffsetNumber maxoff = ev->n - 1;
	int			n = maxoff - FirstOffsetNumber + 1;
	const fl_gkey **keys = palloc(sizeof(fl_gkey *) * n);
	uint8	   *left = palloc(n);
	fl_gkey    *l = palloc(sizeof(fl_gkey)),
			   *r = palloc(sizeof(fl_gkey));
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;

	for (int i = 0; i < n; i++)
		keys[i] = (const fl_gkey *) DatumGetPointer(ev->vector[i + FirstOffsetNumber].key);
	if (fl_gkey_split(keys, (size_t) n, &a, left, l, r, &err))
		fl_pg_report(&err);
	v->spl_left = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_right = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_nleft = v->spl_nright = 0;
	for (int i = 0; i < n; i++)
	{
		if (left[i])
			v->spl_left[v->spl_nleft++] = (OffsetNumber) (i + FirstOffsetNumber);
		else
			v->spl_right[v->spl_nright++] = (OffsetNumber) (i + FirstOffsetNumber);
	}
	v->spl_ldatum = PointerGetDatum(l);
	v->spl_rdatum = PointerGetDatum(r);
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(frontline__gist_same);
Datum
frontline__gist_same(PG_FUNCTION_ARGS)
{
	fl_gkey    *a = (fl_gkey *) PG_GETARG_POINTER(0);
	fl_gkey    *b = (fl_gkey *) PG_GETARG_POINTER(1);
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	*result = memcmp(a, b, sizeof(fl_gkey)) == 0;
	PG_RETURN_POINTER(result);
}
