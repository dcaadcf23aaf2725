/*
 * fl_pg.c — what every fmgr file shares: the module magic, the server's
 * allocator and interrupt hook for the core, the core's errors as
 * ereport()/errsave(), argument checks, and control_history Datums.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#endif

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

/* the SQLSTATE of a core error */
static int
sqlstate_of(fl_errcode code)
{
	switch (code)
	{
		case FL_ESYNTAX:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case FL_ETIME:
			return ERRCODE_DATETIME_VALUE_OUT_OF_RANGE;
		case FL_EBINARY:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case FL_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case FL_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case FL_EORDER:
		case FL_EVALUE:
		default:
			return ERRCODE_INVALID_PARAMETER_VALUE;
	}
}

void
fl_pg_report(const fl_error *err)
{
	ereport(ERROR, (errcode(sqlstate_of(err->code)), errmsg("%s", err->msg),
					err->detail[0] ? errdetail("%s", err->detail) : 0,
					err->hint[0] ? errhint("%s", err->hint) : 0));
	pg_unreachable();
}

#if PG_VERSION_NUM >= 160000
void
fl_pg_save(const fl_error *err, Node *escontext)
{
	/* running out of memory is never the input's fault: a hard error */
	if (err->code == FL_ENOMEM)
		fl_pg_report(err);
	errsave(escontext, (errcode(sqlstate_of(err->code)), errmsg("%s", err->msg),
						err->detail[0] ? errdetail("%s", err->detail) : 0,
						err->hint[0] ? errhint("%s", err->hint) : 0));
}
#endif

/* the core's interrupt hook (fl_base.h): CHECK_FOR_INTERRUPTS may longjmp */
static void
pg_interrupt(void)
{
	CHECK_FOR_INTERRUPTS();
}

void
fl_pg_init(void)
{
	fl_interrupt_hook = pg_interrupt;
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

/*
 * detoast once and open a view.  A history short enough for a one-byte
 * header (a few transitions; about 5 % of them at scale M) is read where
 * it lies, not copied: the view reads its bytes with memcpy and assumes no
 * alignment.
 */
void
fl_pg_view(Datum d, fl_view *v)
{
	struct varlena *h = PG_DETOAST_DATUM_PACKED(d);
	fl_error	err;

	if (fl_view_open(v, (const unsigned char *) VARDATA_ANY(h), VARSIZE_ANY_EXHDR(h), 0, &err))
		fl_pg_report(&err);
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

