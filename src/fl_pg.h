/*
 * fl_pg.h — shared helpers of the fmgr layer (needs postgres.h first).
 *
 * Every fmgr file (src/fl_*_sql.c) converts its arguments, calls its core
 * twin (src/fl_*.c, pure C) once, and reports the core's fl_error through
 * fl_pg_report (or fl_pg_save for soft input errors on PostgreSQL 16+).
 */
#ifndef FL_PG_H
#define FL_PG_H

#include "datatype/timestamp.h"
#include "nodes/nodes.h"
#include "utils/palloc.h"

#include "fl_hist.h"

/* the core's allocator on a memory context (huge allocations allowed) */
fl_allocator fl_pg_allocator(MemoryContext cxt);

/* a core error as ERROR: SQLSTATE from its code, detail and hint when set */
void		fl_pg_report(const fl_error *err) pg_attribute_noreturn();

#if PG_VERSION_NUM >= 160000
/* the same as a soft error when escontext collects them (input functions) */
void		fl_pg_save(const fl_error *err, Node *escontext);
#endif

/*
 * Report a core error from a type input function (in, recv) and return:
 * softly on PostgreSQL 16+ when the caller collects errors
 * (pg_input_is_valid), as an ERROR otherwise.
 */
#if PG_VERSION_NUM >= 160000
#define FL_PG_INPUT_ERROR(fcinfo, err) \
	do { fl_pg_save((err), (fcinfo)->context); PG_RETURN_NULL(); } while (0)
#else
#define FL_PG_INPUT_ERROR(fcinfo, err) fl_pg_report(err)
#endif

/* point the core's interrupt hook at CHECK_FOR_INTERRUPTS (module load) */
void		fl_pg_init(void);

/* a finite timestamptz within the core's range, or ERROR naming `what` */
int64		fl_pg_check_instant(TimestampTz t, const char *what);

/* min_confidence in [0, 1], or ERROR */
float4		fl_pg_check_confidence(float4 c);

/* detoast once and open a view of a control_history Datum */
void		fl_pg_view(Datum d, fl_view *v);

/* a control_history varlena from a canonical builder */
struct varlena *fl_pg_history_datum(fl_builder *b);

#endif
