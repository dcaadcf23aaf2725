/*
 * fl_codec_sql.c — fmgr twin of fl_codec.c: the binary form of
 * control_history (COPY BINARY, the wire protocol's binary results).
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"

#include "fl_codec.h"
#include "fl_pg.h"

/* every name must be valid in the database encoding (22021), as in text input */
static int
verify_name(void *arg, const char *name, size_t len)
{
	(void) arg;
	(void) pg_verifymbstr(name, (int) len, false);
	return 0;
}

PG_FUNCTION_INFO_V1(frontline_control_history_recv);
Datum
frontline_control_history_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_builder	b;
	fl_error	err;

	fl_builder_init(&b, &a);
	if (fl_recv(&b, (const unsigned char *) buf->data + buf->cursor,
				(size_t) (buf->len - buf->cursor), &err))
		FL_PG_INPUT_ERROR(fcinfo, &err);
	buf->cursor = buf->len;

	/*
	 * The core checks the structure and the name rules but cannot know the
	 * database encoding.
	 */
	fl_builder_names(&b, verify_name, NULL);
	PG_RETURN_POINTER(fl_pg_history_datum(&b));
}

PG_FUNCTION_INFO_V1(frontline_control_history_send);
Datum
frontline_control_history_send(PG_FUNCTION_ARGS)
{
	fl_view		v;
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_error	err;
	size_t		len;
	unsigned char *p;
	bytea	   *res;

	fl_pg_view(PG_GETARG_DATUM(0), &v);
	p = fl_send(&a, &v, &len, &err);
	if (!p)
		fl_pg_report(&err);
	res = (bytea *) palloc(len + VARHDRSZ);
	SET_VARSIZE(res, len + VARHDRSZ);
	memcpy(VARDATA(res), p, len);
	PG_RETURN_BYTEA_P(res);
}

