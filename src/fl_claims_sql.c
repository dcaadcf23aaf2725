/*
 * fl_claims_sql.c — fmgr layer of fl_claims.c: the claim_set type, the
 * aggregate the cache builds it with, and the rule over it under a filter.
 *
 * claim_set values have no input form and no binary form: the only way to
 * make one is claim_set_agg, which the cache's owner runs at commit
 * (frontline_internal.cache_apply).  Readers therefore only ever hand these
 * functions values frontline wrote; they are still opened with every index
 * checked (fl_claims_open), so a corrupt value is an error, never a crash.
 * The reads that check the indexes they read themselves (_claims_controller,
 * _claims_since, _claims_history, _claims_window, _claims_changes,
 * claim_set_last_at) open only the header
 * and the dictionary (fl_claims_open_header; fl_claims_winner_at,
 * fl_claims_resolve_window).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include <math.h>

#include "fl_claims.h"
#include "fl_text.h"
#include "fl_pg.h"

/* ---------------------------------------------------------------- helpers */

/*
 * open a claim_set value (detoasted; every index checked: an error, never a
 * crash).  header_only: only the header and the dictionary
 * (fl_claims_open_header), for a caller whose C function checks each claim
 * it reads (fl_claims_winner_at, fl_claims_resolve).
 */
static void
open_value(Datum d, fl_claims_view *v, bool header_only)
{
	struct varlena *raw = PG_DETOAST_DATUM(d);
	const unsigned char *p = (const unsigned char *) VARDATA(raw);
	size_t		len = VARSIZE(raw) - VARHDRSZ;
	fl_error	err;

	if (header_only ? fl_claims_open_header(v, p, len, &err) : fl_claims_open(v, p, len, &err))
		fl_pg_report(&err);
}

static void
view_of(Datum d, fl_claims_view *v)
{
	open_value(d, v, false);
}

/* a claim set written after VARHDRSZ head bytes (fl_claims_finish), as a value */
static Datum
claim_set_value(struct varlena *res, size_t len)
{
	if (len + VARHDRSZ > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the claims of one place take %zu bytes, more than a value can hold", len)));
	SET_VARSIZE(res, len + VARHDRSZ);
	return PointerGetDatum(res);
}

/* ---------------------------------------------------------------- type */

PG_FUNCTION_INFO_V1(frontline_claim_set_in);
Datum
frontline_claim_set_in(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("claim_set values cannot be typed in: \"%s\"", PG_GETARG_CSTRING(0)),
			 errdetail("A claim_set is derived data: frontline's cache builds it from control_event."),
			 errhint("Write claims with frontline.record_control() or INSERT INTO frontline.control_event.")));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(frontline_claim_set_out);
Datum
frontline_claim_set_out(PG_FUNCTION_ARGS)
{
	fl_claims_view cv;

	view_of(PG_GETARG_DATUM(0), &cv);
	PG_RETURN_CSTRING(psprintf("(%u claims, %u sources, %u states)", cv.n, cv.nsources, cv.nstates));
}

/* ---------------------------------------------------------------- aggregate */

typedef struct claims_agg
{
	fl_allocator a;
	fl_claims_builder b;
} claims_agg;

PG_FUNCTION_INFO_V1(frontline_claim_set_agg_trans);
Datum
frontline_claim_set_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	claims_agg *st;
	fl_allocator tmp = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	char	   *ser;
	size_t		serlen;
	int64		at,
				reported;
	float		conf;
	text	   *src = NULL;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "claim_set_agg_trans called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		st = MemoryContextAllocZero(aggcxt, sizeof(claims_agg));
		st->a = fl_pg_allocator(aggcxt);
		fl_claims_builder_init(&st->b, &st->a);
	}
	else
		st = (claims_agg *) PG_GETARG_POINTER(0);

	if (PG_ARGISNULL(1) || PG_ARGISNULL(5) || PG_ARGISNULL(6))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the instant, the report time and the event id of a claim must not be NULL")));
	at = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "claim instant");
	reported = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(5), "claim reported_at");
	if (PG_ARGISNULL(2))
	{
		if (fl_parse_state_value(&tmp, NULL, 0, &ser, &serlen, &err))
			fl_pg_report(&err);
	}
	else
	{
		text	   *s = PG_GETARG_TEXT_PP(2);

		if (fl_parse_state_value(&tmp, VARDATA_ANY(s), VARSIZE_ANY_EXHDR(s), &ser, &serlen, &err))
			fl_pg_report(&err);
	}
	if (!PG_ARGISNULL(3))
		src = PG_GETARG_TEXT_PP(3);
	conf = PG_ARGISNULL(4) ? NAN : PG_GETARG_FLOAT4(4);
	if (!isnan(conf))
		fl_pg_check_confidence(conf);
	if (fl_claims_add(&st->b, at, reported, conf, PG_GETARG_INT64(6),
					  src ? VARDATA_ANY(src) : NULL, src ? VARSIZE_ANY_EXHDR(src) : 0,
					  ser, serlen, &err))
		fl_pg_report(&err);
	pfree(ser);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(frontline_claim_set_agg_final);
Datum
frontline_claim_set_agg_final(PG_FUNCTION_ARGS)
{
	claims_agg *st;
	fl_claims_builder copy;
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	size_t		len;
	struct varlena *res;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (claims_agg *) PG_GETARG_POINTER(0);
	/* the final function may run more than once on a state: sort a copy */
	fl_claims_builder_init(&copy, &a);
	copy.rows = palloc(Max(st->b.n, 1) * sizeof(fl_claim_row));
	memcpy(copy.rows, st->b.rows, st->b.n * sizeof(fl_claim_row));
	copy.n = copy.cap = st->b.n;
	copy.sources = st->b.sources;		/* read only from here on */
	copy.states = st->b.states;
	res = (struct varlena *) fl_claims_finish(&copy, VARHDRSZ, &len, &err);
	if (!res)
		fl_pg_report(&err);
	PG_RETURN_DATUM(claim_set_value(res, len));
}

/* ---------------------------------------------------------------- the rule */

/* the sources filter, deconstructed once per call site (fn_extra) */
typedef struct sources_cache
{
	struct varlena *raw;		/* a copy of the array, to recognise it */
	ArrayType  *arr;			/* the elements point into this copy */
	int			n;
	const char **s;
	int		   *len;
} sources_cache;

static sources_cache *
get_sources(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *raw = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
	sources_cache *c = (sources_cache *) fcinfo->flinfo->fn_extra;
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	MemoryContext old;

	if (c && VARSIZE_ANY(c->raw) == VARSIZE_ANY(raw) && memcmp(c->raw, raw, VARSIZE_ANY(raw)) == 0)
		return c;
	if (c)
	{
		/* another array at this call site (one per row, say): drop the old */
		fcinfo->flinfo->fn_extra = NULL;
		pfree(c->raw);
		pfree(c->arr);
		pfree(c->s);
		pfree(c->len);
		pfree(c);
	}
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	c = palloc0(sizeof(sources_cache));
	c->raw = palloc(VARSIZE_ANY(raw));
	memcpy(c->raw, raw, VARSIZE_ANY(raw));
	arr = c->arr = DatumGetArrayTypePCopy(PG_GETARG_DATUM(argno));
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("sources must be a one-dimensional array, not %d-dimensional", ARR_NDIM(arr))));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	c->s = palloc0(sizeof(char *) * Max(n, 1));
	c->len = palloc0(sizeof(int) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			continue;			/* NULL matches no source */
		c->s[c->n] = VARDATA_ANY(DatumGetPointer(elems[i]));
		c->len[c->n] = VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i]));
		c->n++;
	}
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/*
 * Open the claims (argument 0; header_only: see open_value) and build the
 * filter from the arguments
 * sources, min_confidence, as_of at argno, argno+1, argno+2.
 */
static void
open_claims(FunctionCallInfo fcinfo, int argno, fl_claims_view *v, fl_claims_filter *f, bool header_only)
{
	open_value(PG_GETARG_DATUM(0), v, header_only);
	memset(f, 0, sizeof(*f));
	if (!PG_ARGISNULL(argno))
	{
		sources_cache *c = get_sources(fcinfo, argno);
		unsigned char *ok = palloc0(Max(v->nsources, 1));

		fl_claims_match_sources(v, (const char *const *) c->s, c->len, c->n, ok);
		f->source_ok = ok;
	}
	f->min_confidence = PG_ARGISNULL(argno + 1) ? 0 : fl_pg_check_confidence(PG_GETARG_FLOAT4(argno + 1));
	if (!PG_ARGISNULL(argno + 2))
	{
		f->has_as_of = 1;
		f->as_of = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(argno + 2), "as_of");
	}
}

/*
 * The resolved history of the claims (argument 0) under the filter of
 * arguments 1-3, over [from, to] (fl_claims_resolve_window; from_start: from
 * the first claim): the body of _claims_history and _claims_window.
 */
static Datum
resolved_history(FunctionCallInfo fcinfo, int from_start, int64 from, int64 to)
{
	fl_claims_view v;
	fl_claims_filter f;
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_builder	b;
	fl_error	err;

	open_claims(fcinfo, 1, &v, &f, true);
	fl_builder_init(&b, &a);
	if (fl_claims_resolve_window(&v, &f, from_start, from, to, &b, &err))
		fl_pg_report(&err);
	PG_RETURN_POINTER(fl_pg_history_datum(&b));
}

/* _claims_history(claims, sources, min_confidence, as_of) */
PG_FUNCTION_INFO_V1(frontline__claims_history);
Datum
frontline__claims_history(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return resolved_history(fcinfo, 1, 0, INT64_MAX);
}

/*
 * _claims_window(claims, sources, min_confidence, as_of, from_t, to_t): the
 * resolved history as it stands over [from_t, to_t]: what a series over
 * those moments needs of a long history.  A NULL from_t starts at the first
 * claim, a NULL to_t runs to the last.
 */
PG_FUNCTION_INFO_V1(frontline__claims_window);
Datum
frontline__claims_window(PG_FUNCTION_ARGS)
{
	int64		from = 0,
				to = INT64_MAX;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(4))
		from = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(4), "from_t");
	if (!PG_ARGISNULL(5))
		to = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(5), "to_t");
	if (!PG_ARGISNULL(4) && !PG_ARGISNULL(5) && from > to)
	{
		/* timestamptz_to_str returns a static buffer: copy each in turn */
		char	   *f1 = pstrdup(timestamptz_to_str(PG_GETARG_TIMESTAMPTZ(4)));
		char	   *t1 = pstrdup(timestamptz_to_str(PG_GETARG_TIMESTAMPTZ(5)));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("from_t %s is after to_t %s", f1, t1)));
	}
	return resolved_history(fcinfo, PG_ARGISNULL(4), from, to);
}

/* _claims_controller(claims, at, sources, min_confidence, as_of) */
PG_FUNCTION_INFO_V1(frontline__claims_controller);
Datum
frontline__claims_controller(PG_FUNCTION_ARGS)
{
	fl_claims_view v;
	fl_claims_filter f;
	int64		t,
				i;
	const char *st,
			   *c;
	size_t		sl,
				cl;
	fl_error	err;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "at");
	open_claims(fcinfo, 2, &v, &f, true);
	i = fl_claims_winner_at(&v, &f, t, &err);
	if (i == -2)
		fl_pg_report(&err);
	if (i < 0)
		PG_RETURN_NULL();
	fl_claims_state(&v, (uint32_t) i, &st, &sl);
	c = fl_state_controller(st, sl, &cl);
	if (c == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(c, (int) cl));
}

/*
 * _claims_since(claims, at, sources, min_confidence, as_of): since when the
 * controller at that moment had held it, under the filter (fl_claims_since:
 * what since() of _claims_history gives, without resolving the history)
 */
PG_FUNCTION_INFO_V1(frontline__claims_since);
Datum
frontline__claims_since(PG_FUNCTION_ARGS)
{
	fl_claims_view v;
	fl_claims_filter f;
	int64		t,
				since;
	int			rc;
	fl_error	err;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "at");
	open_claims(fcinfo, 2, &v, &f, true);
	rc = fl_claims_since(&v, &f, t, &since, &err);
	if (rc < 0)
		fl_pg_report(&err);
	if (rc == 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ((TimestampTz) since);
}

/*
 * _claims_any_in(claims, from_t, to_t): whether the set holds a claim in
 * [from_t, to_t), whatever a filter: changes() under a filter calls
 * _claims_changes only for those places (a controller changes only at a
 * claim's instant), where a set function's call costs a tuplestore each
 */
PG_FUNCTION_INFO_V1(frontline__claims_any_in);
Datum
frontline__claims_any_in(PG_FUNCTION_ARGS)
{
	fl_claims_view v;
	int64		from = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "from_t"),
				to = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(2), "to_t");

	open_value(PG_GETARG_DATUM(0), &v, true);
	PG_RETURN_BOOL(fl_claims_any_in(&v, from, to));
}

/* _claims_changes(claims, from_t, to_t, sources, min_confidence, as_of) */
typedef struct changes_ctx
{
	const fl_claims_view *v;
	ReturnSetInfo *rsinfo;
} changes_ctx;

static Datum
controller_datum(const fl_claims_view *v, int64 i, bool *isnull)
{
	const char *st,
			   *c;
	size_t		sl,
				cl;

	*isnull = true;
	if (i < 0)
		return (Datum) 0;
	fl_claims_state(v, (uint32_t) i, &st, &sl);
	c = fl_state_controller(st, sl, &cl);
	if (c == NULL)
		return (Datum) 0;
	*isnull = false;
	return PointerGetDatum(cstring_to_text_with_len(c, (int) cl));
}

static int
emit_change(void *ctx, int64_t at, int64_t prev, int64_t cur)
{
	changes_ctx *cx = (changes_ctx *) ctx;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	uint32		s = fl_claims_source(cx->v, (uint32_t) cur);

	values[0] = TimestampTzGetDatum((TimestampTz) at);
	values[1] = controller_datum(cx->v, prev, &nulls[1]);
	values[2] = controller_datum(cx->v, cur, &nulls[2]);
	if (s == FL_CLAIMS_NO_SOURCE)
	{
		nulls[3] = true;
		values[3] = (Datum) 0;
	}
	else
	{
		const char *sb;
		size_t		sl;

		fl_claims_string(cx->v, s, &sb, &sl);
		values[3] = PointerGetDatum(cstring_to_text_with_len(sb, (int) sl));
	}
	tuplestore_putvalues(cx->rsinfo->setResult, cx->rsinfo->setDesc, values, nulls);
	return 0;
}

PG_FUNCTION_INFO_V1(frontline__claims_changes);
Datum
frontline__claims_changes(PG_FUNCTION_ARGS)
{
	fl_claims_view v;
	fl_claims_filter f;
	changes_ctx cx;
	int64		from,
				to;
	fl_error	err;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	from = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "from_t");
	to = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(2), "to_t");
	open_claims(fcinfo, 3, &v, &f, true);
	cx.v = &v;
	cx.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	if (fl_claims_changes(&v, &f, from, to, emit_change, &cx, &err) < 0)
		fl_pg_report(&err);
	return (Datum) 0;
}

/* frontline_claim_set_same(a, b): the same claims (claim sets are canonical, so equal
 * bytes); NULL-safe, for cache_check() */
PG_FUNCTION_INFO_V1(frontline_claim_set_same);
Datum
frontline_claim_set_same(PG_FUNCTION_ARGS)
{
	struct varlena *a,
			   *b;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(PG_ARGISNULL(0) && PG_ARGISNULL(1));
	a = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	b = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1));
	PG_RETURN_BOOL(VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
				   memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0);
}

/*
 * frontline_internal.claim_set_splice(claims, from_at, later): the claims of
 * claims before from_at, then those of later, each at from_at or after
 * (fl_claims_splice); a NULL claim set has no claims, and none gives NULL,
 * as claim_set_agg over no rows does.  The commit-time flush puts a load's
 * claims into a place's cached set with it.
 */
PG_FUNCTION_INFO_V1(frontline_claim_set_splice);
Datum
frontline_claim_set_splice(PG_FUNCTION_ARGS)
{
	fl_claims_view va,
				vb;
	fl_allocator al = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	size_t		len,
				n;
	struct varlena *res;
	int64		from;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the instant claims are spliced at must not be NULL")));
	from = PG_GETARG_TIMESTAMPTZ(1);
	if (!PG_ARGISNULL(0))
		view_of(PG_GETARG_DATUM(0), &va);
	if (!PG_ARGISNULL(2))
	{
		view_of(PG_GETARG_DATUM(2), &vb);
		/* the core refuses it too; here the message names both instants */
		if (vb.n > 0 && fl_claims_at(&vb, 0) < from)
		{
			/* timestamptz_to_str returns a static buffer: copy the first */
			char	   *first = pstrdup(timestamptz_to_str(fl_claims_at(&vb, 0)));

			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a claim spliced in at %s is before the instant %s it is spliced at",
							first, timestamptz_to_str(from)),
					 errdetail("Every claim of the third argument must be at or after the second.")));
		}
	}
	res = (struct varlena *) fl_claims_splice(PG_ARGISNULL(0) ? NULL : &va, from, PG_ARGISNULL(2) ? NULL : &vb,
											  &al, VARHDRSZ, &len, &n, &err);
	if (!res)
		fl_pg_report(&err);
	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(claim_set_value(res, len));
}

/*
 * frontline_internal.claim_set_replace(claims, instants, later): the claims
 * of claims at none of the instants, with those of later, each at one of
 * them (fl_claims_replace); NULL claim sets as for claim_set_splice.  The
 * commit-time flush of a transaction that wrote claims at a few instants
 * (or a place's claims at one) reads the place's claims at those instants
 * again, and replaces them in its cached sets with it.
 */
PG_FUNCTION_INFO_V1(frontline_claim_set_replace);
Datum
frontline_claim_set_replace(PG_FUNCTION_ARGS)
{
	fl_claims_view va,
				vb;
	fl_allocator al = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	size_t		len,
				n;
	struct varlena *res;
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int64	   *instants;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the instants claims are replaced at must not be NULL")));
	arr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("the instants claims are replaced at must be a one-dimensional array")));
	deconstruct_array(arr, TIMESTAMPTZOID, sizeof(TimestampTz), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &nelems);
	instants = palloc(sizeof(int64) * (nelems > 0 ? nelems : 1));
	for (int i = 0; i < nelems; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the instants claims are replaced at must not contain NULL")));
		instants[i] = DatumGetTimestampTz(elems[i]);
		if (i > 0 && instants[i] <= instants[i - 1])
		{
			char	   *prev = pstrdup(timestamptz_to_str(instants[i - 1]));

			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the instants claims are replaced at must ascend, each once: %s comes after %s",
							timestamptz_to_str(instants[i]), prev),
					 errhint("Sort them and remove duplicates.")));
		}
	}
	if (!PG_ARGISNULL(0))
		view_of(PG_GETARG_DATUM(0), &va);
	if (!PG_ARGISNULL(2))
		view_of(PG_GETARG_DATUM(2), &vb);
	res = (struct varlena *) fl_claims_replace(PG_ARGISNULL(0) ? NULL : &va, instants, (size_t) nelems,
											   PG_ARGISNULL(2) ? NULL : &vb, &al, VARHDRSZ, &len, &n, &err);
	if (!res)
	{
		/* the core refuses a claim of later at another instant; name it */
		if (err.code == FL_EVALUE && !PG_ARGISNULL(2))
			for (uint32 i = 0; i < vb.n; i++)
			{
				int64		t = fl_claims_at(&vb, i);
				size_t		k = fl_lower_bound(instants, (size_t) nelems, t);

				if ((i & 1023) == 0)
					CHECK_FOR_INTERRUPTS();
				if (k == (size_t) nelems || instants[k] != t)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("a claim put in at %s is at none of the instants replaced",
									timestamptz_to_str(t)),
							 errdetail("Every claim of the third argument must be at one of the instants of the second.")));
			}
		fl_pg_report(&err);
	}
	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(claim_set_value(res, len));
}

/* frontline_internal.claim_set_last_at(claims): the instant of its last claim (NULL: none) */
PG_FUNCTION_INFO_V1(frontline_claim_set_last_at);
Datum
frontline_claim_set_last_at(PG_FUNCTION_ARGS)
{
	fl_claims_view v;

	/* one instant read: the header's sizes are all it needs checked */
	open_value(PG_GETARG_DATUM(0), &v, true);
	if (v.n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(fl_claims_at(&v, v.n - 1));
}
