/*
 * fl_pg.h — shared helpers of the fmgr layer (needs postgres.h first).
 */
#ifndef FL_PG_H
#define FL_PG_H

#include "fl_core.h"
#include "datatype/timestamp.h"
#include "utils/palloc.h"

fl_allocator fl_pg_allocator(MemoryContext cxt);
void		fl_pg_report(const fl_error *err) pg_attribute_noreturn();
int64		fl_pg_check_instant(TimestampTz t, const char *what);
void		fl_pg_view(Datum d, fl_view *v);
float4		fl_pg_check_confidence(float4 c);
struct varlena *fl_pg_history_datum(fl_builder *b);

#endif
