/*
 * fl_sweep.h — the time sweeps of frontline, pure C (no postgres.h): one
 * pass over claims or resolved histories answers a question at every step
 * of a series (control_series, front_series).  The fmgr twin is
 * fl_sweep_sql.c.
 */
#ifndef FL_SWEEP_H
#define FL_SWEEP_H

#include "fl_hist.h"

/*
 * The front sweep: claims arrive in non-decreasing instant order, each saying
 * "from `at` on, place P is (held = 1) or is not (held = 0) held by the actor";
 * km is P's distance from the capital (fixed for the query).  For each step
 * instant (non-decreasing), the answer is the held place with the smallest
 * (km, place) at that instant, claims at the instant included.
 * One pass, a hash from place to its current state and a lazily cleaned
 * min-heap: O((claims + steps) log places).
 */
typedef struct fl_front fl_front;

fl_front   *fl_front_new(const fl_allocator *a, const int64_t *steps, size_t nsteps,
						 fl_error *err);
int			fl_front_add(fl_front *f, int32_t place, int64_t at, int held, double km,
						 fl_error *err);
/* finish: answers for every remaining step; has[i] = 0 when nothing is held */
int			fl_front_finish(fl_front *f, const int32_t **place, const uint8_t **has,
							fl_error *err);
void		fl_front_free(fl_front *f);


/*
 * The series sweep: claims (winning claims, non-decreasing instants) set a
 * place's controller (a name, or NULL for unknown); at each step instant the
 * places are counted per controller, with the sum of their known
 * populations.  Places never claimed, and those whose claim says unknown,
 * are counted as unknown from the totals given to fl_series_finish.
 * One pass: O(claims + steps x controllers).
 */
typedef struct fl_series fl_series;

/* bounds of the series sweeps (54000 beyond): steps, and rows kept in memory (48 bytes each) */
#define FL_MAX_STEPS 1000000
#define FL_MAX_SERIES_ROWS 4000000

typedef struct fl_series_row
{
	size_t		step;
	const char *controller;		/* NULL: unknown */
	size_t		len;
	int64_t		places;
	int64_t		population;
	int64_t		with_population;	/* places whose population is known */
} fl_series_row;

fl_series  *fl_series_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err);
/* population < 0: not known */
int			fl_series_add(fl_series *s, int32_t place, int64_t at, const char *controller,
						  size_t len, int64_t population, fl_error *err);
int			fl_series_finish(fl_series *s, int64_t total_places, int64_t total_population,
							 int64_t total_with_population, const fl_series_row **rows,
							 size_t *nrows, fl_error *err);
void		fl_series_free(fl_series *s);

/*
 * The same answers from resolved per-place histories (fl_view), in any
 * order of places: each transition is mapped to the steps it is in force
 * for by binary search, so no sort of the claims is needed.
 *  - fl_tally: control_series; memory O(controllers x steps).
 *  - fl_front_hist: front_series; the intervals the actor holds a place
 *    (as step ranges), then one heap sweep over the steps.
 */
typedef struct fl_tally fl_tally;

fl_tally   *fl_tally_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err);
/* population < 0: not known */
int			fl_tally_add(fl_tally *t, const fl_view *v, int64_t population, fl_error *err);
int			fl_tally_finish(fl_tally *t, int64_t total_places, int64_t total_population,
							int64_t total_with_population, const fl_series_row **rows,
							size_t *nrows, fl_error *err);
void		fl_tally_free(fl_tally *t);

typedef struct fl_front_hist fl_front_hist;

fl_front_hist *fl_front_hist_new(const fl_allocator *a, const int64_t *steps, size_t nsteps,
								 fl_error *err);
/* km must be finite when the actor holds the place at one step at least */
int			fl_front_hist_add(fl_front_hist *f, const fl_view *v, const char *actor, size_t len,
							  int32_t place, double km, fl_error *err);
int			fl_front_hist_finish(fl_front_hist *f, const int32_t **place, const uint8_t **has,
								 fl_error *err);
void		fl_front_hist_free(fl_front_hist *f);

#endif							/* FL_SWEEP_H */
