/*
 * fl_hist_sql.c — fmgr twin of fl_hist.c: equality and hashing of
 * control_history (canonical bytes), transitions(), the control_history_agg
 * aggregate (a builder per group, parallel-safe), and the argument checks
 * the SQL layer shares.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "fl_pg.h"
#include "fl_text.h"

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

PG_FUNCTION_INFO_V1(frontline_control_history_eq);
Datum
frontline_control_history_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(history_cmp_bytes(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) == 0);
}

PG_FUNCTION_INFO_V1(frontline_control_history_ne);
Datum
frontline_control_history_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(history_cmp_bytes(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) != 0);
}

PG_FUNCTION_INFO_V1(frontline_control_history_hash);
Datum
frontline_control_history_hash(PG_FUNCTION_ARGS)
{
	struct varlena *x = PG_GETARG_VARLENA_PP(0);

	return hash_any((const unsigned char *) VARDATA_ANY(x), (int) VARSIZE_ANY_EXHDR(x));
}

PG_FUNCTION_INFO_V1(frontline_transitions);
Datum
frontline_transitions(PG_FUNCTION_ARGS)
{
	fl_view		v;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_INT32((int32) v.n);
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


PG_FUNCTION_INFO_V1(frontline_control_history_agg_trans);
Datum
frontline_control_history_agg_trans(PG_FUNCTION_ARGS)
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
		elog(ERROR, "control_history_agg_trans called in non-aggregate context");
	st = PG_ARGISNULL(0) ? agg_state_new(aggcxt) : (agg_state *) PG_GETARG_POINTER(0);

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the instant of a claim must not be NULL"),
				 errdetail("control_history_agg(state, at) takes one row per claim; at is when the state began.")));
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

PG_FUNCTION_INFO_V1(frontline_control_history_agg_final);
Datum
frontline_control_history_agg_final(PG_FUNCTION_ARGS)
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
PG_FUNCTION_INFO_V1(frontline_control_history_agg_combine);
Datum
frontline_control_history_agg_combine(PG_FUNCTION_ARGS)
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

PG_FUNCTION_INFO_V1(frontline_control_history_agg_serialize);
Datum
frontline_control_history_agg_serialize(PG_FUNCTION_ARGS)
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

PG_FUNCTION_INFO_V1(frontline_control_history_agg_deserialize);
Datum
frontline_control_history_agg_deserialize(PG_FUNCTION_ARGS)
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

/* ---------------------------------------------------------------- checks */

PG_FUNCTION_INFO_V1(frontline_check_instant);
Datum
frontline_check_instant(PG_FUNCTION_ARGS)
{
	text	   *what = PG_GETARG_TEXT_PP(1);

	fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(0), text_to_cstring(what));
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

PG_FUNCTION_INFO_V1(frontline_check_confidence);
Datum
frontline_check_confidence(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_FLOAT4(0);
	PG_RETURN_FLOAT4(fl_pg_check_confidence(PG_GETARG_FLOAT4(0)));
}

