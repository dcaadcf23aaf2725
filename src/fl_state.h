/*
 * fl_state.h — states of a place, pure C.  A state is the byte string
 * kind + payload: 'A' name | 'C' name '\0' name ... (sorted, unique) | 'U'.
 * Its controller is the actor's name, "contested", or none (unknown).
 */
#ifndef FL_STATE_H
#define FL_STATE_H

#include "fl_base.h"

/* state kinds, as stored in the pool */
#define FL_KIND_ACTOR     'A'
#define FL_KIND_CONTESTED 'C'
#define FL_KIND_UNKNOWN   'U'

/* validate an actor name: non-empty, <= FL_MAX_NAME_BYTES, no control chars, not reserved */
int			fl_check_name(const char *s, size_t len, fl_error *err);

/* ASCII case-insensitive equality with a lower-case word */
int			fl_ieq(const char *s, size_t len, const char *word);

/* is the word "contested" or "unknown" (ASCII case-insensitive)? */
int			fl_is_reserved(const char *s, size_t len);

/* build a serialized contested state from names (sorted, unique, n==0 or n>=2) */
int			fl_make_contested(const fl_allocator *a, const char **names, const size_t *lens,
							  size_t n, char **out, size_t *outlen, fl_error *err);

/* controller of a state: actor name, "contested", or NULL for unknown */
const char *fl_state_controller(const char *state, size_t len, size_t *outlen);

/* does state match the controller name (actor name or "contested")? */
int			fl_state_is(const char *state, size_t len, const char *name, size_t namelen);

/* same controller (NULL = unknown on either side)? */
static inline int
fl_same_controller(const char *a, size_t al, const char *b, size_t bl)
{
	if (a == NULL || b == NULL)
		return a == b;
	return al == bl && memcmp(a, b, al) == 0;
}

#endif							/* FL_STATE_H */
