/*
 * fl_time.h — instants of the core: int64 microseconds since 2000-01-01
 * 00:00:00 UTC, exactly as PostgreSQL stores timestamptz.  ISO-8601 with a
 * mandatory UTC offset in, "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" out.
 */
#ifndef FL_TIME_H
#define FL_TIME_H

#include "fl_base.h"

/* Supported instants: 0001-01-01 00:00:00 UTC .. 9999-12-31 23:59:59.999999 UTC */
#define FL_MIN_INSTANT INT64_C(-63082281600000000)
#define FL_MAX_INSTANT INT64_C(252455615999999999)

/* ISO-8601 instant with mandatory UTC offset; returns bytes consumed or 0 (FL_ETIME) */
size_t		fl_parse_instant(const char *s, size_t len, int64_t *out, fl_error *err);
/* "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"; buf must hold 32 bytes; returns length */
int			fl_format_instant(int64_t t, char *buf);

#endif							/* FL_TIME_H */
