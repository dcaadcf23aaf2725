/*
 * fl_gkey.h — the GiST key of a control_history and its predicates, pure C.
 * The fmgr twin is fl_gkey_sql.c (the operator class, the && and @>
 * operators).
 *
 * The key (272 bytes, fixed) is lossy:
 *   change   the span [first change, last change] of the history's instants
 *            where the controller changed;
 *   slot[k]  for controllers whose name hashes to k (16 slots), the span of
 *            time they held the place, open-ended when they still hold it.
 * An inner key is the per-span union of its children.  The hash of a name
 * is the caller's (fl_gkey_slot_fn): the server passes PostgreSQL's
 * hash_bytes, so keys stay those of the indexes built by 1.1.
 */
#ifndef FL_GKEY_H
#define FL_GKEY_H

#include "fl_view.h"

#define FL_GKEY_SLOTS 16

typedef struct fl_gkey
{
	fl_span		change;
	fl_span		slot[FL_GKEY_SLOTS];
} fl_gkey;

/* the slot (0 .. FL_GKEY_SLOTS-1) of a controller's name */
typedef int (*fl_gkey_slot_fn) (const char *name, size_t len);

static inline int
fl_span_is_empty(const fl_span *s)
{
	return s->lo >= s->hi;
}

static inline int
fl_span_overlaps(const fl_span *s, fl_span q)
{
	return !fl_span_is_empty(s) && s->lo < q.hi && q.lo < s->hi;
}

/* an empty key (every span empty) */
void		fl_gkey_init(fl_gkey *k);

/* the leaf key of a history */
void		fl_gkey_from_view(const fl_view *v, fl_gkey_slot_fn slot, fl_gkey *k);

/* into := into union k */
void		fl_gkey_union(fl_gkey *into, const fl_gkey *k);

/* the size of a key in days (the penalty is the growth of it) */
double		fl_gkey_size(const fl_gkey *k);

/* fl_gkey_size(o union a) - fl_gkey_size(o), without forming the union:
 * the GiST penalty, computed for every entry of each page an insert
 * descends through */
double		fl_gkey_growth(const fl_gkey *o, const fl_gkey *a);

/* may a history under key k have changed hands during q? */
static inline int
fl_gkey_may_change(const fl_gkey *k, fl_span q)
{
	return fl_span_overlaps(&k->change, q);
}

/* may the controller of slot have held a place under key k during q? */
static inline int
fl_gkey_may_hold(const fl_gkey *k, int slot, fl_span q)
{
	return fl_span_overlaps(&k->slot[slot], q);
}

/*
 * Split n keys in two halves by the middle of their change spans:
 * left[i] = 1 for the keys that go left; l and r get the unions.
 * Returns -1 (err set) when memory fails.
 */
int			fl_gkey_split(const fl_gkey *const *keys, size_t n, const fl_allocator *a,
						  uint8_t *left, fl_gkey *l, fl_gkey *r, fl_error *err);

#endif							/* FL_GKEY_H */
