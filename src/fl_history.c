/*
 * fl_history.c — fmgr layer for the control_history type.
 *
 * Thin wrappers: convert Datums, call the pure-C core (fl_core.h), turn its
 * errors into ereport() with a proper SQLSTATE.  Every function detoasts
 * its control_history argument once per call and reads the flat layout in
 * place (binary search over the instant array), never copying it.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include <math.h>
#include "utils/datetime.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "fl_core.h"
#include "fl_pg.h"

PG_MODULE_MAGIC;

/* ---------------------------------------------------------------- glue */

static void *
pg_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size ? size : 1,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void *
pg_realloc(void *ctx, void *p, size_t size)
{
	(void) ctx;
	return repalloc_huge(p, size ? size : 1);
}

static void
pg_free(void *ctx, void *p)
{
	(void) ctx;
	pfree(p);
}

fl_allocator
fl_pg_allocator(MemoryContext cxt)
{
	fl_allocator a = {pg_alloc, pg_realloc, pg_free, cxt};

	return a;
}

void
fl_pg_report(const fl_error *err)
{
	int			code;

	switch (err->code)
	{
		case FL_ESYNTAX:
			code = ERRCODE_INVALID_TEXT_REPRESENTATION;
			break;
		case FL_ETIME:
			code = ERRCODE_DATETIME_VALUE_OUT_OF_RANGE;
			break;
		case FL_EBINARY:
			code = ERRCODE_INVALID_BINARY_REPRESENTATION;
			break;
		case FL_ELIMIT:
			code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
			break;
		case FL_ENOMEM:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		case FL_EORDER:
		case FL_EVALUE:
		default:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
	}
	ereport(ERROR, (errcode(code), errmsg("%s", err->msg),
					err->detail[0] ? errdetail("%s", err->detail) : 0));
}

int64
fl_pg_check_instant(TimestampTz t, const char *what)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite timestamp, not %s", what,
						TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
	if (t < FL_MIN_INSTANT || t > FL_MAX_INSTANT)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s is out of range", what, timestamptz_to_str(t)),
				 errhint("frontline supports instants from 0001-01-01 to 9999-12-31 UTC.")));
	return (int64) t;
}

/* build a varlena control_history from a canonical builder */
struct varlena *
fl_pg_history_datum(fl_builder *b)
{
	size_t		sz = fl_flat_size(b);
	struct varlena *res;

	if (sz + VARHDRSZ > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("control_history of %zu transitions is too large (%zu bytes)", b->n, sz)));
	res = (struct varlena *) palloc(sz + VARHDRSZ);
	SET_VARSIZE(res, sz + VARHDRSZ);
	fl_flat_write(b, (unsigned char *) VARDATA(res));
	return res;
}

/* detoast once and open a view */
void
fl_pg_view(Datum d, fl_view *v)
{
	struct varlena *h = PG_DETOAST_DATUM(d);
	fl_error	err;

	if (fl_view_open(v, (const unsigned char *) VARDATA(h), VARSIZE(h) - VARHDRSZ, 0, &err))
		fl_pg_report(&err);
}

static text *
controller_text(const fl_view *v, int64 idx)
{
	const char *st;
	size_t		sl,
				cl;
	const char *c;

	if (idx < 0)
		return NULL;
	fl_view_state(v, fl_view_sidx(v, (uint32_t) idx), &st, &sl);
	c = fl_state_controller(st, sl, &cl);
	if (c == NULL)
		return NULL;
	return cstring_to_text_with_len(c, (int) cl);
}

/* do entries i and j have the same controller (actor, contested or unknown)? */
static bool
same_controller(const fl_view *v, uint32_t i, uint32_t j)
{
	const char *a,
			   *b;
	size_t		al,
				bl,
				acl,
				bcl;
	const char *ac,
			   *bc;

	fl_view_state(v, fl_view_sidx(v, i), &a, &al);
	fl_view_state(v, fl_view_sidx(v, j), &b, &bl);
	ac = fl_state_controller(a, al, &acl);
	bc = fl_state_controller(b, bl, &bcl);
	if (ac == NULL || bc == NULL)
		return ac == bc;
	return acl == bcl && memcmp(ac, bc, acl) == 0;
}

/* ---------------------------------------------------------------- I/O */

PG_FUNCTION_INFO_V1(control_history_in);
Datum
control_history_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_builder	b;
	fl_error	err;

	fl_builder_init(&b, &a);
	if (fl_parse_history(&b, s, strlen(s), &err))
		fl_pg_report(&err);
	PG_RETURN_POINTER(fl_pg_history_datum(&b));
}

PG_FUNCTION_INFO_V1(control_history_out);
Datum
control_history_out(PG_FUNCTION_ARGS)
{
	fl_view		v;
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	size_t		len;
	char	   *s;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	s = fl_print_history(&a, &v, &len, &err);
	if (!s)
		fl_pg_report(&err);
	PG_RETURN_CSTRING(s);
}

PG_FUNCTION_INFO_V1(control_history_recv);
Datum
control_history_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_builder	b;
	fl_error	err;
	size_t		i;

	fl_builder_init(&b, &a);
	if (fl_recv(&b, (const unsigned char *) buf->data + buf->cursor,
				(size_t) (buf->len - buf->cursor), &err))
		fl_pg_report(&err);
	buf->cursor = buf->len;

	/*
	 * The core checks the structure and the name rules but cannot know the
	 * database encoding: every name must be valid in it (22021 otherwise),
	 * as text input is.
	 */
	for (i = 0; i < b.nstates; i++)
	{
		const char *st = b.pool + b.soff[i];
		size_t		len = b.soff[i + 1] - b.soff[i],
					k,
					start = 1;

		for (k = 1; k <= len; k++)
			if (k == len || st[k] == '\0')
			{
				if (k > start)
					(void) pg_verifymbstr(st + start, (int) (k - start), false);
				start = k + 1;
			}
	}
	PG_RETURN_POINTER(fl_pg_history_datum(&b));
}

PG_FUNCTION_INFO_V1(control_history_send);
Datum
control_history_send(PG_FUNCTION_ARGS)
{
	fl_view		v;
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	size_t		len;
	unsigned char *p;
	bytea	   *res;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	p = fl_send(&a, &v, &len, &err);
	if (!p)
		fl_pg_report(&err);
	res = (bytea *) palloc(len + VARHDRSZ);
	SET_VARSIZE(res, len + VARHDRSZ);
	memcpy(VARDATA(res), p, len);
	PG_RETURN_BYTEA_P(res);
}

/* canonical layout: equal histories have equal bytes */
static int
history_cmp_bytes(Datum a, Datum b)
{
	struct varlena *x = PG_DETOAST_DATUM_PACKED(a);
	struct varlena *y = PG_DETOAST_DATUM_PACKED(b);
	size_t		lx = VARSIZE_ANY_EXHDR(x),
				ly = VARSIZE_ANY_EXHDR(y);

	if (lx != ly)
		return 1;
	return memcmp(VARDATA_ANY(x), VARDATA_ANY(y), lx) != 0;
}

PG_FUNCTION_INFO_V1(control_history_eq);
Datum
control_history_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(history_cmp_bytes(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) == 0);
}

PG_FUNCTION_INFO_V1(control_history_ne);
Datum
control_history_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(history_cmp_bytes(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) != 0);
}

PG_FUNCTION_INFO_V1(control_history_hash);
Datum
control_history_hash(PG_FUNCTION_ARGS)
{
	struct varlena *x = PG_GETARG_VARLENA_PP(0);

	return hash_any((const unsigned char *) VARDATA_ANY(x), (int) VARSIZE_ANY_EXHDR(x));
}

/* ---------------------------------------------------------------- readers */

PG_FUNCTION_INFO_V1(control_history_control_at);
Datum
control_history_control_at(PG_FUNCTION_ARGS)
{
	fl_view		v;
	int64		t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "at");
	text	   *res;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	res = controller_text(&v, fl_view_find(&v, t));
	if (res == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(res);
}

PG_FUNCTION_INFO_V1(control_history_state_at);
Datum
control_history_state_at(PG_FUNCTION_ARGS)
{
	fl_view		v;
	int64		t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "at");
	int64		i;
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	const char *st = "U";
	size_t		sl = 1,
				ol;
	char	   *s;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	i = fl_view_find(&v, t);
	if (i >= 0)
		fl_view_state(&v, fl_view_sidx(&v, (uint32_t) i), &st, &sl);
	s = fl_print_state(&a, st, sl, &ol, &err);
	if (!s)
		fl_pg_report(&err);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s, (int) ol));
}

PG_FUNCTION_INFO_V1(control_history_since);
Datum
control_history_since(PG_FUNCTION_ARGS)
{
	fl_view		v;
	int64		t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "at");
	int64		i;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	i = fl_view_find(&v, t);
	if (i < 0)
		PG_RETURN_NULL();
	/* the controller may have been the same in earlier entries (contested
	 * with other contenders): since is when the controller last changed */
	while (i > 0 && same_controller(&v, (uint32_t) i, (uint32_t) i - 1))
		i--;
	PG_RETURN_TIMESTAMPTZ(fl_view_instant(&v, (uint32_t) i));
}

PG_FUNCTION_INFO_V1(control_history_length);
Datum
control_history_length(PG_FUNCTION_ARGS)
{
	fl_view		v;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_INT32((int32) v.n);
}

PG_FUNCTION_INFO_V1(control_history_first_held);
Datum
control_history_first_held(PG_FUNCTION_ARGS)
{
	fl_view		v;
	text	   *actor = PG_GETARG_TEXT_PP(1);
	const char *an = VARDATA_ANY(actor);
	size_t		al = VARSIZE_ANY_EXHDR(actor);

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	for (uint32_t i = 0; i < v.n; i++)
	{
		const char *st;
		size_t		sl;

		fl_view_state(&v, fl_view_sidx(&v, i), &st, &sl);
		if (fl_state_is(st, sl, an, al))
			PG_RETURN_TIMESTAMPTZ(fl_view_instant(&v, i));
	}
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(control_history_held);
Datum
control_history_held(PG_FUNCTION_ARGS)
{
	fl_view		v;
	text	   *actor = PG_GETARG_TEXT_PP(1);
	RangeType  *r = PG_GETARG_RANGE_P(2);
	const char *an = VARDATA_ANY(actor);
	size_t		al = VARSIZE_ANY_EXHDR(actor);
	TypeCacheEntry *tc;
	RangeBound	lo,
				hi;
	bool		empty;
	bool		lo_inf,
				hi_inf;
	int64		lov = 0,
				hiv = 0,
				total = 0;
	Interval   *res;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	tc = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	range_deserialize(tc, r, &lo, &hi, &empty);
	res = (Interval *) palloc0(sizeof(Interval));
	if (empty)
		PG_RETURN_INTERVAL_P(res);
	lo_inf = lo.infinite || TIMESTAMP_IS_NOBEGIN(DatumGetTimestampTz(lo.val));
	hi_inf = hi.infinite || TIMESTAMP_IS_NOEND(DatumGetTimestampTz(hi.val));
	if (!lo_inf)
		lov = DatumGetTimestampTz(lo.val);
	if (!hi_inf)
		hiv = DatumGetTimestampTz(hi.val);

	for (uint32_t i = 0; i < v.n; i++)
	{
		const char *st;
		size_t		sl;
		int64		s = fl_view_instant(&v, i),
					e;
		bool		open_end = (i + 1 == v.n);

		fl_view_state(&v, fl_view_sidx(&v, i), &st, &sl);
		if (!fl_state_is(st, sl, an, al))
			continue;
		e = open_end ? 0 : fl_view_instant(&v, i + 1);
		if (!lo_inf && s < lov)
			s = lov;
		if (open_end)
		{
			if (hi_inf)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("\"%.*s\" still holds the place at the end of the history, so the time held in an unbounded range is infinite",
								(int) al, an),
						 errhint("Give the range a finite upper bound, e.g. tstzrange(lower, now()).")));
			e = hiv;
		}
		else if (!hi_inf && e > hiv)
			e = hiv;
		if (e > s)
			total += e - s;
	}
	res->day = (int32) (total / USECS_PER_DAY);
	res->time = total % USECS_PER_DAY;
	PG_RETURN_INTERVAL_P(res);
}

PG_FUNCTION_INFO_V1(control_history_periods);
Datum
control_history_periods(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	fl_view		v;
	TypeCacheEntry *tc;

	InitMaterializedSRF(fcinfo, 0);
	fl_pg_view(PG_GETARG_DATUM(0), &v);
	tc = lookup_type_cache(TSTZRANGEOID, TYPECACHE_RANGE_INFO);

	for (uint32_t i = 0; i < v.n;)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		RangeBound	lo,
					hi;
		text	   *c = controller_text(&v, i);
		uint32_t	j = i + 1;

		/* one period per controller: contested(A,B) then contested(A,C) is one */
		while (j < v.n && same_controller(&v, i, j))
			j++;
		lo.val = TimestampTzGetDatum(fl_view_instant(&v, i));
		lo.infinite = false;
		lo.inclusive = true;
		lo.lower = true;
		hi.val = j < v.n ? TimestampTzGetDatum(fl_view_instant(&v, j)) : (Datum) 0;
		hi.infinite = (j == v.n);
		i = j;
		hi.inclusive = false;
		hi.lower = false;
		if (c)
			values[0] = PointerGetDatum(c);
		else
			nulls[0] = true;
#if PG_VERSION_NUM >= 160000
		values[1] = RangeTypePGetDatum(make_range(tc, &lo, &hi, false, NULL));
#else
		values[1] = RangeTypePGetDatum(make_range(tc, &lo, &hi, false));
#endif
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---------------------------------------------------------------- aggregate */

typedef struct agg_state
{
	fl_allocator a;
	fl_builder	b;
} agg_state;

static agg_state *
agg_state_new(MemoryContext aggcxt)
{
	agg_state  *st = MemoryContextAllocZero(aggcxt, sizeof(agg_state));

	st->a = fl_pg_allocator(aggcxt);
	fl_builder_init(&st->b, &st->a);
	return st;
}


PG_FUNCTION_INFO_V1(control_history_agg_trans);
Datum
control_history_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	agg_state  *st;
	char	   *ser;
	size_t		serlen;
	fl_error	err;
	int64		t;
	int64		sidx;
	fl_allocator tmp;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("control_history_agg_trans called in non-aggregate context")));
	st = PG_ARGISNULL(0) ? agg_state_new(aggcxt) : (agg_state *) PG_GETARG_POINTER(0);

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("control_history_agg: the instant must not be NULL")));
	t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(2), "control_history_agg instant");

	tmp = fl_pg_allocator(CurrentMemoryContext);
	if (PG_ARGISNULL(1))
	{
		if (fl_parse_state_value(&tmp, NULL, 0, &ser, &serlen, &err))
			fl_pg_report(&err);
	}
	else
	{
		text	   *s = PG_GETARG_TEXT_PP(1);

		if (fl_parse_state_value(&tmp, VARDATA_ANY(s), VARSIZE_ANY_EXHDR(s), &ser, &serlen, &err))
			fl_pg_report(&err);
	}
	sidx = fl_builder_intern(&st->b, ser, serlen, &err);
	if (sidx < 0 || fl_builder_push(&st->b, t, (uint32_t) sidx, &err))
		fl_pg_report(&err);
	pfree(ser);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(control_history_agg_final);
Datum
control_history_agg_final(PG_FUNCTION_ARGS)
{
	agg_state  *st;
	fl_error	err;
	fl_builder	copy;
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (agg_state *) PG_GETARG_POINTER(0);

	/*
	 * The final function may be called more than once on the same state
	 * (window aggregates): canonicalise a copy, never the state itself.
	 */
	fl_builder_init(&copy, &a);
	if (fl_builder_append(&copy, &st->b, &err))
		fl_pg_report(&err);
	if (fl_builder_canonicalize(&copy, 1, &err))
		fl_pg_report(&err);
	PG_RETURN_POINTER(fl_pg_history_datum(&copy));
}

/*
 * Parallel aggregation: combine two partial states, and pass a state between
 * processes as bytes (fl_builder_serialize).  Ties across partial states are
 * resolved by the final function's canonicalisation, as within one state.
 */
PG_FUNCTION_INFO_V1(control_history_agg_combine);
Datum
control_history_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	agg_state  *st;
	fl_error	err;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "control_history_agg_combine called in non-aggregate context");
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0));
	st = PG_ARGISNULL(0) ? agg_state_new(aggcxt) : (agg_state *) PG_GETARG_POINTER(0);
	if (fl_builder_append(&st->b, &((agg_state *) PG_GETARG_POINTER(1))->b, &err))
		fl_pg_report(&err);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(control_history_agg_serialize);
Datum
control_history_agg_serialize(PG_FUNCTION_ARGS)
{
	agg_state  *st = (agg_state *) PG_GETARG_POINTER(0);
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	size_t		len;
	unsigned char *p;
	bytea	   *res;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "control_history_agg_serialize called in non-aggregate context");
	p = fl_builder_serialize(&st->b, &a, &len, &err);
	if (p == NULL)
		fl_pg_report(&err);
	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("control_history_agg state of %zu bytes is too large to pass to a parallel worker", len)));
	res = palloc(len + VARHDRSZ);
	SET_VARSIZE(res, len + VARHDRSZ);
	memcpy(VARDATA(res), p, len);
	PG_RETURN_BYTEA_P(res);
}

PG_FUNCTION_INFO_V1(control_history_agg_deserialize);
Datum
control_history_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	agg_state  *st;
	fl_error	err;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "control_history_agg_deserialize called in non-aggregate context");
	st = agg_state_new(aggcxt);
	if (fl_builder_deserialize(&st->b, (const unsigned char *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), &err))
		fl_pg_report(&err);
	PG_RETURN_POINTER(st);
}

/* ---------------------------------------------------------------- names */

PG_FUNCTION_INFO_V1(fl_fold_name_sql);
Datum
fl_fold_name_sql(PG_FUNCTION_ARGS)
{
	text	   *s = PG_GETARG_TEXT_PP(0);
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	size_t		len;
	char	   *f = fl_fold_name(&a, VARDATA_ANY(s), VARSIZE_ANY_EXHDR(s), &len);

	if (!f)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(f, (int) len));
}

PG_FUNCTION_INFO_V1(fl_name_distance_sql);
Datum
fl_name_distance_sql(PG_FUNCTION_ARGS)
{
	text	   *x = PG_GETARG_TEXT_PP(0);
	text	   *y = PG_GETARG_TEXT_PP(1);

	PG_RETURN_INT32(fl_levenshtein(VARDATA_ANY(x), VARSIZE_ANY_EXHDR(x),
								   VARDATA_ANY(y), VARSIZE_ANY_EXHDR(y)));
}

/* ---------------------------------------------------------------- checks */

PG_FUNCTION_INFO_V1(fl_check_instant_sql);
Datum
fl_check_instant_sql(PG_FUNCTION_ARGS)
{
	text	   *what = PG_GETARG_TEXT_PP(1);

	fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(0), text_to_cstring(what));
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

float4
fl_pg_check_confidence(float4 c)
{
	if (isnan(c) || c < 0 || c > 1)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("min_confidence %g is out of range", (double) c),
				 errhint("Confidence is a number from 0 to 1; 0 keeps every claim, unrated ones included.")));
	return c;
}

PG_FUNCTION_INFO_V1(fl_check_confidence_sql);
Datum
fl_check_confidence_sql(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_FLOAT4(0);
	PG_RETURN_FLOAT4(fl_pg_check_confidence(PG_GETARG_FLOAT4(0)));
}

/* the state value control_history_agg takes for a contested claim */
PG_FUNCTION_INFO_V1(fl_contested_state_sql);
Datum
fl_contested_state_sql(PG_FUNCTION_ARGS)
{
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	char	   *ser,
			   *out;
	size_t		serlen,
				outlen;
	int			n = 0;
	const char **names = NULL;
	size_t	   *lens = NULL;

	if (!PG_ARGISNULL(0))
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
		Datum	   *elems;
		bool	   *nulls;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		names = palloc(sizeof(char *) * (n ? n : 1));
		lens = palloc(sizeof(size_t) * (n ? n : 1));
		for (int i = 0; i < n; i++)
		{
			if (nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("a contender must not be NULL")));
			names[i] = VARDATA_ANY(DatumGetPointer(elems[i]));
			lens[i] = VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i]));
		}
	}
	if (fl_make_contested(&a, names, lens, (size_t) n, &ser, &serlen, &err))
		fl_pg_report(&err);
	out = fl_print_state(&a, ser, serlen, &outlen, &err);
	if (!out)
		fl_pg_report(&err);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int) outlen));
}
