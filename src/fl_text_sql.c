/*
 * fl_text_sql.c — fmgr twin of fl_text.c: the control_history literal
 * (input and output), and state_at, which prints one state as a literal.
 * On PostgreSQL 16+ input errors are soft (errsave), so pg_input_is_valid()
 * works.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "fl_pg.h"
#include "fl_text.h"

PG_FUNCTION_INFO_V1(frontline_control_history_in);
Datum
frontline_control_history_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_builder	b;
	fl_error	err;

	fl_builder_init(&b, &a);
	if (fl_parse_history(&b, s, strlen(s), &err))
		FL_PG_INPUT_ERROR(fcinfo, &err);
	PG_RETURN_POINTER(fl_pg_history_datum(&b));
}

PG_FUNCTION_INFO_V1(frontline_control_history_out);
Datum
frontline_control_history_out(PG_FUNCTION_ARGS)
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

PG_FUNCTION_INFO_V1(frontline_state_at);
Datum
frontline_state_at(PG_FUNCTION_ARGS)
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

