/*
 * fl_text.h — the control_history literal, pure C.  The syntax is
 * documented in docs/control_history.md:
 *
 *   {2021-08-14T19:30:00Z=Taliban, 2021-08-15T00:00:00Z=contested(Taliban,"Afghan government")}
 */
#ifndef FL_TEXT_H
#define FL_TEXT_H

#include "fl_hist.h"

/* parse a literal into a canonical builder (b must be initialised) */
int			fl_parse_history(fl_builder *b, const char *s, size_t len, fl_error *err);

/*
 * parse one state value as the aggregate receives it: NULL / "unknown" ->
 * unknown, "contested" or "contested(A,B,...)", anything else is an actor
 * name taken verbatim.  Writes the serialized state to *out (allocated).
 */
int			fl_parse_state_value(const fl_allocator *a, const char *s, size_t len,
								 char **out, size_t *outlen, fl_error *err);

/* print a view as a literal; returns an allocated NUL-terminated string */
char	   *fl_print_history(const fl_allocator *a, const fl_view *v, size_t *outlen, fl_error *err);

/* print one state as a literal fragment (Taliban, contested(A,B), unknown) */
char	   *fl_print_state(const fl_allocator *a, const char *state, size_t len, size_t *outlen, fl_error *err);

#endif							/* FL_TEXT_H */
