/*
 * fl_view.h — algorithms over one resolved history (an fl_view), pure C.
 * The fmgr twin is fl_view_sql.c (since, first_held, held, periods,
 * _held_during); the GiST key's predicates (fl_gkey.h) use the same ones.
 *
 * Time spans are half-open [lo, hi) in microseconds; INT64_MIN and
 * INT64_MAX stand for unbounded ends (FL_SPAN_ALL).
 */
#ifndef FL_VIEW_H
#define FL_VIEW_H

#include "fl_hist.h"

typedef struct fl_span
{
	int64_t		lo;				/* first microsecond covered; INT64_MIN: unbounded */
	int64_t		hi;				/* first microsecond not covered; INT64_MAX: unbounded */
} fl_span;

#define FL_SPAN_ALL ((fl_span) {INT64_MIN, INT64_MAX})

/* the closed span [from, to] as a half-open one */
static inline fl_span
fl_span_closed(int64_t from, int64_t to)
{
	fl_span		s = {from, to < INT64_MAX ? to + 1 : INT64_MAX};

	return s;
}

/* controller of entry i: actor name, "contested", or NULL (unknown) */
static inline const char *
fl_view_controller(const fl_view *v, uint32_t i, size_t *len)
{
	const char *st;
	size_t		sl;

	fl_view_state(v, fl_view_sidx(v, i), &st, &sl);
	return fl_state_controller(st, sl, len);
}

/* do entries i and j have the same controller? */
int			fl_view_same_controller(const fl_view *v, uint32_t i, uint32_t j);

/* the entry where the controller in force at entry i took over (walking
 * back over entries with the same controller: contested(A,B) then
 * contested(A,C) is one tenure) */
uint32_t	fl_view_tenure_start(const fl_view *v, uint32_t i);

/* the first entry after i with another controller (v->n if none) */
uint32_t	fl_view_tenure_end(const fl_view *v, uint32_t i);

/* one tenure: a controller (NULL = unknown) from `from` until `to`
 * (open = 1: still in force at the end of the history) */
typedef struct fl_tenure
{
	const char *controller;
	size_t		len;
	int64_t		from;
	int64_t		to;
	int			open;
} fl_tenure;

/* the tenure starting at entry *pos; advances *pos past it.  Returns 0 when
 * *pos is past the end (nothing written). */
int			fl_view_next_tenure(const fl_view *v, uint32_t *pos, fl_tenure *out);

/* the first entry whose controller is name (actor or "contested"), or -1 */
int64_t		fl_view_first_held(const fl_view *v, const char *name, size_t len);

/*
 * Microseconds the controller `name` held the place within span (both ends
 * clipped).  A history still held by name at its end with an unbounded
 * span.hi has no finite answer: FL_EVALUE with a hint.
 */
int			fl_view_time_held(const fl_view *v, const char *name, size_t len, fl_span span,
							  int64_t *total, fl_error *err);

/* did the controller change (a first controller counts; unknown to unknown
 * does not) at an instant of span? */
int			fl_view_changed_in(const fl_view *v, fl_span span);

/*
 * The days (floor(instant / 86,400 s) from PostgreSQL's epoch, 2000-01-01
 * UTC) on which the controller changed, as fl_view_changed_in counts a
 * change, ascending and distinct, into out (room for v->n); returns how many.
 * The cache indexes them (GIN) to find the places that changed hands in a
 * range of days.
 */
uint32_t	fl_view_change_days(const fl_view *v, int32_t *out);

/* did the controller `name` (actor or "contested") hold the place at some
 * instant of span?  The one "held during" of frontline. */
int			fl_view_held_during(const fl_view *v, const char *name, size_t len, fl_span span);

#endif							/* FL_VIEW_H */
