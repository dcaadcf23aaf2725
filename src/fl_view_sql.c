/*
 * fl_view_sql.c — fmgr twin of fl_view.c: the readers of one
 * control_history (control_at, since, first_held, held, periods,
 * _held_during, _change_days).  Each detoasts its argument once and reads the flat layout
 * in place.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "fl_pg.h"
#include "fl_view.h"

/* the controller of entry idx as text; NULL for unknown or idx < 0 */
static text *
controller_text(const fl_view *v, int64 idx)
{
	size_t		cl;
	const char *c;

	if (idx < 0)
		return NULL;
	c = fl_view_controller(v, (uint32_t) idx, &cl);
	return c ? cstring_to_text_with_len(c, (int) cl) : NULL;
}

PG_FUNCTION_INFO_V1(frontline_control_at);
Datum
frontline_control_at(PG_FUNCTION_ARGS)
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

PG_FUNCTION_INFO_V1(frontline_since);
Datum
frontline_since(PG_FUNCTION_ARGS)
{
	fl_view		v;
	int64		t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "at");
	int64		i;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	i = fl_view_find(&v, t);
	if (i < 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(fl_view_instant(&v, fl_view_tenure_start(&v, (uint32_t) i)));
}

PG_FUNCTION_INFO_V1(frontline_first_held);
Datum
frontline_first_held(PG_FUNCTION_ARGS)
{
	fl_view		v;
	text	   *actor = PG_GETARG_TEXT_PP(1);
	int64		i;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	i = fl_view_first_held(&v, VARDATA_ANY(actor), VARSIZE_ANY_EXHDR(actor));
	if (i < 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(fl_view_instant(&v, (uint32_t) i));
}

/*
 * held(h, actor, during): the time held within the range.  The range's
 * bounds are taken as given, inclusive or not (a microsecond does not
 * show in an interval of hours).
 */
PG_FUNCTION_INFO_V1(frontline_held);
Datum
frontline_held(PG_FUNCTION_ARGS)
{
	fl_view		v;
	text	   *actor = PG_GETARG_TEXT_PP(1);
	RangeType  *r = PG_GETARG_RANGE_P(2);
	TypeCacheEntry *tc;
	RangeBound	lo,
				hi;
	bool		empty;
	fl_span		span = FL_SPAN_ALL;
	int64		total;
	fl_error	err;
	Interval   *res;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	tc = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	range_deserialize(tc, r, &lo, &hi, &empty);
	res = (Interval *) palloc0(sizeof(Interval));
	if (empty)
		PG_RETURN_INTERVAL_P(res);
	if (!(lo.infinite || TIMESTAMP_IS_NOBEGIN(DatumGetTimestampTz(lo.val))))
		span.lo = DatumGetTimestampTz(lo.val);
	if (!(hi.infinite || TIMESTAMP_IS_NOEND(DatumGetTimestampTz(hi.val))))
		span.hi = DatumGetTimestampTz(hi.val);
	if (fl_view_time_held(&v, VARDATA_ANY(actor), VARSIZE_ANY_EXHDR(actor), span, &total, &err))
		fl_pg_report(&err);
	res->day = (int32) (total / USECS_PER_DAY);
	res->time = total % USECS_PER_DAY;
	PG_RETURN_INTERVAL_P(res);
}

/* periods(h): one row per tenure (controller, [from, to)) */
PG_FUNCTION_INFO_V1(frontline_periods);
Datum
frontline_periods(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	fl_view		v;
	TypeCacheEntry *tc;
	uint32_t	pos = 0;
	fl_tenure	t;

	InitMaterializedSRF(fcinfo, 0);
	fl_pg_view(PG_GETARG_DATUM(0), &v);
	tc = lookup_type_cache(TSTZRANGEOID, TYPECACHE_RANGE_INFO);
	while (fl_view_next_tenure(&v, &pos, &t))
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		RangeBound	lo,
					hi;

		lo.val = TimestampTzGetDatum(t.from);
		lo.infinite = false;
		lo.inclusive = true;
		lo.lower = true;
		hi.val = t.open ? (Datum) 0 : TimestampTzGetDatum(t.to);
		hi.infinite = t.open;
		hi.inclusive = false;
		hi.lower = false;
		if (t.controller)
			values[0] = PointerGetDatum(cstring_to_text_with_len(t.controller, (int) t.len));
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

/* _held_during(h, actor, from, to): held at some instant of [from, to]? */
PG_FUNCTION_INFO_V1(frontline__held_during);
Datum
frontline__held_during(PG_FUNCTION_ARGS)
{
	fl_view		v;
	text	   *actor = PG_GETARG_TEXT_PP(1);

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_BOOL(fl_view_held_during(&v, VARDATA_ANY(actor), VARSIZE_ANY_EXHDR(actor),
									   fl_span_closed(PG_GETARG_TIMESTAMPTZ(2),
													  PG_GETARG_TIMESTAMPTZ(3))));
}

/* _change_days(h): the days on which the controller changed (int4[]) */
PG_FUNCTION_INFO_V1(frontline__change_days);
Datum
frontline__change_days(PG_FUNCTION_ARGS)
{
	fl_view		v;
	int32	   *days;
	Datum	   *d;
	uint32		n;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	days = palloc(sizeof(int32) * (v.n > 0 ? v.n : 1));
	n = fl_view_change_days(&v, days);
	d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	for (uint32 i = 0; i < n; i++)
		d[i] = Int32GetDatum(days[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, (int) n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
}
