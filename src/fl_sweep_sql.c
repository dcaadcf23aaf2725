/*
 * fl_sweep_sql.c — fmgr twin of fl_sweep.c: the aggregates
 * behind front_series() and control_series().  Both are fed winning claims
 * ORDER BY at, keep only per-place state in the aggregate's memory context,
 * and answer every step in the one pass.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include <math.h>

#include "fl_sweep.h"
#include "fl_pg.h"

/* the steps array of the first row, as int64 instants (in the current context) */
static int64 *
steps_arg(FunctionCallInfo fcinfo, int argno, int *n)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int64	   *steps;
	int			i;

	if (PG_ARGISNULL(argno))
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("steps must not be NULL")));
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("steps must be a one-dimensional array")));
	deconstruct_array(arr, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, n);
	steps = palloc(sizeof(int64) * (*n ? *n : 1));
	for (i = 0; i < *n; i++)
	{
		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("steps must not contain NULL")));
		steps[i] = DatumGetTimestampTz(elems[i]);
	}
	return steps;
}

/* int4[] of the answer per step: the place, or NULL where none is held */
static ArrayType *
place_array(const int32_t *place, const uint8_t *has, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * (n ? n : 1));
	bool	   *nulls = palloc(sizeof(bool) * (n ? n : 1));
	int			dims[1] = {n},
				lbs[1] = {1};

	for (int i = 0; i < n; i++)
	{
		elems[i] = Int32GetDatum(place[i]);
		nulls[i] = !has[i];
	}
	return construct_md_array(elems, nulls, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT);
}

/* ---------------------------------------------------------------- front sweep aggregate */

/*
 * _front_sweep(place_id, at, held, km, steps timestamptz[]) ORDER BY at:
 * returns int4[] with the nearest held place per step (NULL when none).
 * The state lives in the aggregate's memory context; rows are consumed as
 * they come (nothing but the per-place state is kept).
 */
typedef struct front_state
{
	fl_front   *f;
	int			nsteps;
} front_state;

PG_FUNCTION_INFO_V1(fl_front_sweep_trans);
Datum
fl_front_sweep_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	front_state *st;
	fl_error	err;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "_front_sweep_trans called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		MemoryContext old = MemoryContextSwitchTo(aggcxt);
		fl_allocator a = fl_pg_allocator(aggcxt);
		int			n;
		int64	   *steps = steps_arg(fcinfo, 5, &n);

		st = palloc(sizeof(front_state));
		st->nsteps = n;
		st->f = fl_front_new(&a, steps, n, &err);
		if (!st->f)
			fl_pg_report(&err);
		MemoryContextSwitchTo(old);
	}
	else
		st = (front_state *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		bool		held = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
		double		km = PG_ARGISNULL(4) ? NAN : PG_GETARG_FLOAT8(4);
		MemoryContext old = MemoryContextSwitchTo(aggcxt);
		int			rc = fl_front_add(st->f, PG_GETARG_INT32(1), PG_GETARG_TIMESTAMPTZ(2), held, km, &err);

		MemoryContextSwitchTo(old);
		if (rc)
			fl_pg_report(&err);
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(fl_front_sweep_final);
Datum
fl_front_sweep_final(PG_FUNCTION_ARGS)
{
	front_state *st;
	const int32_t *place;
	const uint8_t *has;
	fl_error	err;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (front_state *) PG_GETARG_POINTER(0);
	/* finishing is idempotent: answered steps are not answered again */
	if (fl_front_finish(st->f, &place, &has, &err))
		fl_pg_report(&err);
	PG_RETURN_ARRAYTYPE_P(place_array(place, has, st->nsteps));
}


/* ---------------------------------------------------------------- series sweep aggregate */

/*
 * _series_sweep(place_id, at, controller, population, steps, total_places,
 * total_population, total_with_population) ORDER BY at: returns the
 * composite frontline._series_result (step[], controller[], places[],
 * population[]), one element per (step, controller) with places > 0;
 * controller NULL is unknown.  A row with NULL place_id only starts the
 * aggregate (so that a series over no claims still has its unknown rows).
 */
typedef struct series_state
{
	fl_series  *s;				/* _series_sweep */
	fl_tally   *t;				/* _series_hist */
	int64		total_places;
	int64		total_population;
	int64		total_with_population;
} series_state;

/*
 * The state of either series aggregate, made on the first row in the
 * aggregate's context: the steps at argno, the three totals after them.
 */
static series_state *
series_state_new(FunctionCallInfo fcinfo, MemoryContext aggcxt, int argno, bool tally)
{
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	fl_allocator a = fl_pg_allocator(aggcxt);
	int			n;
	int64	   *steps = steps_arg(fcinfo, argno, &n);
	series_state *st = palloc0(sizeof(series_state));
	fl_error	err;

	if (tally ? !(st->t = fl_tally_new(&a, steps, n, &err)) : !(st->s = fl_series_new(&a, steps, n, &err)))
		fl_pg_report(&err);
	st->total_places = PG_ARGISNULL(argno + 1) ? 0 : PG_GETARG_INT64(argno + 1);
	st->total_population = PG_ARGISNULL(argno + 2) ? 0 : PG_GETARG_INT64(argno + 2);
	st->total_with_population = PG_ARGISNULL(argno + 3) ? 0 : PG_GETARG_INT64(argno + 3);
	MemoryContextSwitchTo(old);
	return st;
}

PG_FUNCTION_INFO_V1(fl_series_sweep_trans);
Datum
fl_series_sweep_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	series_state *st;
	fl_error	err;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "_series_sweep_trans called in non-aggregate context");
	st = PG_ARGISNULL(0) ? series_state_new(fcinfo, aggcxt, 5, false) : (series_state *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		text	   *c = PG_ARGISNULL(3) ? NULL : PG_GETARG_TEXT_PP(3);
		int64		pop = PG_ARGISNULL(4) ? -1 : PG_GETARG_INT64(4);
		MemoryContext old;
		int			rc;

		if (pop < -1)
			pop = -1;
		old = MemoryContextSwitchTo(aggcxt);
		rc = fl_series_add(st->s, PG_GETARG_INT32(1), PG_GETARG_TIMESTAMPTZ(2),
						   c ? VARDATA_ANY(c) : NULL, c ? VARSIZE_ANY_EXHDR(c) : 0, pop, &err);
		MemoryContextSwitchTo(old);
		if (rc)
			fl_pg_report(&err);
	}
	PG_RETURN_POINTER(st);
}

/* the composite _series_result of rows, one element per (step, controller) with places > 0 */
static Datum
series_result(FunctionCallInfo fcinfo, const fl_series_row *rows, size_t nrows)
{
	size_t		i,
				k = 0;
	Datum	   *step,
			   *ctl,
			   *places,
			   *pop;
	bool	   *ctlnull,
			   *popnull;
	int			dims[1],
				lbs[1] = {1};
	TupleDesc	td;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	step = palloc(sizeof(Datum) * (nrows + 1));
	ctl = palloc(sizeof(Datum) * (nrows + 1));
	places = palloc(sizeof(Datum) * (nrows + 1));
	pop = palloc(sizeof(Datum) * (nrows + 1));
	ctlnull = palloc(sizeof(bool) * (nrows + 1));
	popnull = palloc(sizeof(bool) * (nrows + 1));
	for (i = 0; i < nrows; i++)
	{
		if (rows[i].places <= 0)
			continue;
		if (rows[i].places > PG_INT32_MAX)
			ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED), errmsg("more than 2^31 places")));
		step[k] = Int32GetDatum((int32) rows[i].step + 1);
		ctlnull[k] = rows[i].controller == NULL;
		ctl[k] = ctlnull[k] ? (Datum) 0
			: PointerGetDatum(cstring_to_text_with_len(rows[i].controller, (int) rows[i].len));
		places[k] = Int32GetDatum((int32) rows[i].places);
		popnull[k] = rows[i].with_population <= 0;
		pop[k] = Int64GetDatum(rows[i].population);
		k++;
	}
	dims[0] = (int) k;
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("a series final function must return a composite")));
	td = BlessTupleDesc(td);
	values[0] = PointerGetDatum(construct_md_array(step, NULL, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT));
	values[1] = PointerGetDatum(construct_md_array(ctl, ctlnull, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
	values[2] = PointerGetDatum(construct_md_array(places, NULL, 1, dims, lbs, INT4OID, 4, true, TYPALIGN_INT));
	values[3] = PointerGetDatum(construct_md_array(pop, popnull, 1, dims, lbs, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}

/* final function of both series aggregates */
static Datum
series_final(FunctionCallInfo fcinfo)
{
	series_state *st = (series_state *) PG_GETARG_POINTER(0);
	const fl_series_row *rows;
	size_t		nrows;
	fl_error	err;
	MemoryContext aggcxt,
				old;
	int			rc;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		aggcxt = CurrentMemoryContext;
	old = MemoryContextSwitchTo(aggcxt);
	rc = st->s ? fl_series_finish(st->s, st->total_places, st->total_population, st->total_with_population,
								  &rows, &nrows, &err)
		: fl_tally_finish(st->t, st->total_places, st->total_population, st->total_with_population,
						  &rows, &nrows, &err);
	MemoryContextSwitchTo(old);
	if (rc)
		fl_pg_report(&err);
	return series_result(fcinfo, rows, nrows);
}

PG_FUNCTION_INFO_V1(fl_series_sweep_final);
Datum
fl_series_sweep_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(series_final(fcinfo));
}

/* ---------------------------------------------------------------- sweeps over cached histories */

/*
 * _series_hist(place_id, history, population, steps, total_places,
 * total_population, total_with_population): control_series from the
 * resolved histories of frontline.place_history, in any row order (no
 * sort); same result as _series_sweep.  Every row carries the steps and
 * totals; the first one's start the aggregate.  A row with NULL history
 * adds nothing.
 */
PG_FUNCTION_INFO_V1(frontline__series_hist_trans);
Datum
frontline__series_hist_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	series_state *st;
	fl_error	err;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "_series_hist_trans called in non-aggregate context");
	st = PG_ARGISNULL(0) ? series_state_new(fcinfo, aggcxt, 4, true) : (series_state *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(2))
	{
		fl_view		v;
		int64		pop = PG_ARGISNULL(3) ? -1 : PG_GETARG_INT64(3);
		MemoryContext old;
		int			rc;

		fl_pg_view(PG_GETARG_DATUM(2), &v);		/* detoasted in the per-row context */
		old = MemoryContextSwitchTo(aggcxt);
		rc = fl_tally_add(st->t, &v, pop < 0 ? -1 : pop, &err);
		MemoryContextSwitchTo(old);
		if (rc)
			fl_pg_report(&err);
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(frontline__series_hist_final);
Datum
frontline__series_hist_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(series_final(fcinfo));
}

/*
 * _front_hist(place_id, history, actor, km, steps): front_series from the
 * cached histories, in any row order; int4[] with the nearest held place
 * per step (NULL when none), as _front_sweep.  Every row carries the
 * steps; the first one's start the aggregate.  A row with NULL history
 * adds nothing.
 */
typedef struct front_hist_state
{
	fl_front_hist *f;
	int			nsteps;
} front_hist_state;

PG_FUNCTION_INFO_V1(frontline__front_hist_trans);
Datum
frontline__front_hist_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	front_hist_state *st;
	fl_error	err;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "_front_hist_trans called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		MemoryContext old = MemoryContextSwitchTo(aggcxt);
		fl_allocator a = fl_pg_allocator(aggcxt);
		int			n;
		int64	   *steps = steps_arg(fcinfo, 5, &n);

		st = palloc(sizeof(front_hist_state));
		st->nsteps = n;
		st->f = fl_front_hist_new(&a, steps, n, &err);
		if (!st->f)
			fl_pg_report(&err);
		MemoryContextSwitchTo(old);
	}
	else
		st = (front_hist_state *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2) && !PG_ARGISNULL(3))
	{
		fl_view		v;
		text	   *actor = PG_GETARG_TEXT_PP(3);
		double		km = PG_ARGISNULL(4) ? NAN : PG_GETARG_FLOAT8(4);
		MemoryContext old;
		int			rc;

		fl_pg_view(PG_GETARG_DATUM(2), &v);
		old = MemoryContextSwitchTo(aggcxt);
		rc = fl_front_hist_add(st->f, &v, VARDATA_ANY(actor), VARSIZE_ANY_EXHDR(actor),
							   PG_GETARG_INT32(1), km, &err);
		MemoryContextSwitchTo(old);
		if (rc)
			fl_pg_report(&err);
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(frontline__front_hist_final);
Datum
frontline__front_hist_final(PG_FUNCTION_ARGS)
{
	front_hist_state *st;
	const int32_t *place;
	const uint8_t *has;
	fl_error	err;
	MemoryContext aggcxt,
				old;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (front_hist_state *) PG_GETARG_POINTER(0);
	if (!AggCheckCallContext(fcinfo, &aggcxt))
		aggcxt = CurrentMemoryContext;
	old = MemoryContextSwitchTo(aggcxt);
	if (fl_front_hist_finish(st->f, &place, &has, &err))
		fl_pg_report(&err);
	MemoryContextSwitchTo(old);
	PG_RETURN_ARRAYTYPE_P(place_array(place, has, st->nsteps));
}
