/*
 * fl_names_sql.c — fmgr twin of fl_names.c: fold_name, name_distance.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "fl_names.h"
#include "fl_pg.h"

/* ---------------------------------------------------------------- names */

PG_FUNCTION_INFO_V1(frontline_fold_name);
Datum
frontline_fold_name(PG_FUNCTION_ARGS)
{
	text	   *s = PG_GETARG_TEXT_PP(0);
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	size_t		len;
	char	   *f = fl_fold_name(&a, VARDATA_ANY(s), VARSIZE_ANY_EXHDR(s), &len);

	if (!f)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(f, (int) len));
}

PG_FUNCTION_INFO_V1(frontline_name_distance);
Datum
frontline_name_distance(PG_FUNCTION_ARGS)
{
	text	   *x = PG_GETARG_TEXT_PP(0);
	text	   *y = PG_GETARG_TEXT_PP(1);

	PG_RETURN_INT32(fl_levenshtein(VARDATA_ANY(x), VARSIZE_ANY_EXHDR(x),
								   VARDATA_ANY(y), VARSIZE_ANY_EXHDR(y)));
}

