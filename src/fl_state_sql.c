/*
 * fl_state_sql.c — fmgr twin of fl_state.c: contested_state, the state
 * value control_history_agg takes for a contested claim.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "fl_pg.h"
#include "fl_text.h"

/* the state value control_history_agg takes for a contested claim */
PG_FUNCTION_INFO_V1(frontline_contested_state);
Datum
frontline_contested_state(PG_FUNCTION_ARGS)
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

		if (ARR_NDIM(arr) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("contenders must be a one-dimensional array, not %d-dimensional", ARR_NDIM(arr))));
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
