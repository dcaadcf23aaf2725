/*
 * fl_sweep.c — sweeps over claims in time order (pure C).
 *
 * The front sweep answers "which place held by the actor is nearest to the
 * capital" at every step of a series in one pass over the claims: a hash
 * from place id to its current state, and a min-heap of held places keyed
 * by (km, place id).  A place that stops being held is not removed from the
 * heap; its entry goes stale (version mismatch) and is dropped when it
 * reaches the top.  The heap is rebuilt when stale entries outnumber live
 * ones, so memory stays O(places), not O(claims).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fl_sweep.h"

static uint32_t
hash32(int32_t k)
{
	uint32_t	h = (uint32_t) k * 0x9E3779B1u;

	return h ^ (h >> 15);
}

/*
 * Open-addressing map from place id to a dense index 0, 1, 2, ... in order
 * of first sight; both sweeps keep their per-place state in arrays indexed
 * by it.
 */
typedef struct place_index
{
	int32_t    *key;
	uint32_t   *val;			/* index + 1; 0 = empty */
	size_t		cap;
	size_t		n;
} place_index;

static int
place_index_grow(place_index *m, const fl_allocator *a, fl_error *err)
{
	size_t		cap = m->cap ? m->cap * 2 : 1024,
				i;
	int32_t    *nk = a->alloc(a->ctx, cap * sizeof(int32_t));
	uint32_t   *nv = a->alloc(a->ctx, cap * sizeof(uint32_t));

	if (!nk || !nv)
		return fl_seterr(err, FL_ENOMEM, "out of memory in a sweep");
	memset(nv, 0, cap * sizeof(uint32_t));
	for (i = 0; i < m->cap; i++)
		if (m->val[i])
		{
			size_t		j = hash32(m->key[i]) & (cap - 1);

			while (nv[j])
				j = (j + 1) & (cap - 1);
			nk[j] = m->key[i];
			nv[j] = m->val[i];
		}
	if (m->key)
	{
		a->free(a->ctx, m->key);
		a->free(a->ctx, m->val);
	}
	m->key = nk;
	m->val = nv;
	m->cap = cap;
	return 0;
}

/* index of place, added as the next index when new (*added = 1); -1 on OOM */
static long
place_index_get(place_index *m, const fl_allocator *a, int32_t place, int *added, fl_error *err)
{
	size_t		j;

	*added = 0;
	if ((m->n + 1) * 2 > m->cap && place_index_grow(m, a, err))
		return -1;
	j = hash32(place) & (m->cap - 1);
	while (m->val[j])
	{
		if (m->key[j] == place)
			return (long) m->val[j] - 1;
		j = (j + 1) & (m->cap - 1);
	}
	m->key[j] = place;
	m->val[j] = (uint32_t) ++m->n;
	*added = 1;
	return (long) m->n - 1;
}

static void
place_index_free(place_index *m, const fl_allocator *a)
{
	if (m->key)
	{
		a->free(a->ctx, m->key);
		a->free(a->ctx, m->val);
	}
}

typedef struct heap_entry
{
	double		km;
	int32_t		place;
	uint32_t	slot;
	uint32_t	version;
} heap_entry;

struct fl_front
{
	fl_allocator a;
	int64_t    *steps;
	size_t		nsteps;
	size_t		next;			/* first step not answered yet */
	int32_t    *result;
	uint8_t    *has;

	/* per-place state, indexed by place_index */
	place_index index;
	uint8_t    *held;
	uint32_t   *version;
	double	   *km;
	size_t		capslots;
	size_t		nheld;

	heap_entry *heap;
	size_t		hn;
	size_t		heapcap;

	int64_t		last_at;
	int			started;
};

static int
entry_less(const heap_entry *x, const heap_entry *y)
{
	return x->km < y->km || (x->km == y->km && x->place < y->place);
}

static void
sift_up(heap_entry *h, size_t i)
{
	while (i > 0)
	{
		size_t		p = (i - 1) / 2;
		heap_entry	t;

		if (!entry_less(&h[i], &h[p]))
			break;
		t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

static void
sift_down(heap_entry *h, size_t n, size_t i)
{
	for (;;)
	{
		size_t		l = 2 * i + 1,
					r = l + 1,
					m = i;
		heap_entry	t;

		if (l < n && entry_less(&h[l], &h[m]))
			m = l;
		if (r < n && entry_less(&h[r], &h[m]))
			m = r;
		if (m == i)
			break;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static int
heap_push(fl_front *f, heap_entry e, fl_error *err)
{
	if (fl_grow(&f->a, (void **) &f->heap, &f->heapcap, f->hn + 1, sizeof(heap_entry), err))
		return -1;
	f->heap[f->hn] = e;
	sift_up(f->heap, f->hn);
	f->hn++;
	return 0;
}

static int
entry_live(const fl_front *f, const heap_entry *e)
{
	return f->held[e->slot] && f->version[e->slot] == e->version;
}

/* drop stale entries: rebuild from the live ones (Floyd's heapify) */
static void
heap_compact(fl_front *f)
{
	size_t		i,
				m = 0;

	for (i = 0; i < f->hn; i++)
		if (entry_live(f, &f->heap[i]))
			f->heap[m++] = f->heap[i];
	f->hn = m;
	for (i = m / 2; i-- > 0;)
		sift_down(f->heap, f->hn, i);
}

/* slot of place, created (not held) on first sight; -1 on allocation failure */
static long
slot_of(fl_front *f, int32_t place, fl_error *err)
{
	int			added;
	long		s = place_index_get(&f->index, &f->a, place, &added, err);

	if (s < 0 || !added)
		return s;
	if ((size_t) s == f->capslots)
	{
		/* three parallel arrays, one capacity: grow each to the same size */
		size_t		ch = f->capslots,
					cv = f->capslots,
					ck = f->capslots;

		if (fl_grow(&f->a, (void **) &f->held, &ch, (size_t) s + 1, 1, err) ||
			fl_grow(&f->a, (void **) &f->version, &cv, ch, sizeof(uint32_t), err) ||
			fl_grow(&f->a, (void **) &f->km, &ck, ch, sizeof(double), err))
			return -1;
		f->capslots = ch;
	}
	f->held[s] = 0;
	f->version[s] = 0;
	f->km[s] = 0;
	return s;
}

static int
check_steps(const int64_t *steps, size_t nsteps, fl_error *err)
{
	size_t		i;

	if (nsteps > FL_MAX_STEPS)
		return fl_seterr(err, FL_ELIMIT, "a series of %zu steps is longer than %d", nsteps, FL_MAX_STEPS);
	for (i = 1; i < nsteps; i++)
		if (steps[i] < steps[i - 1])
			return fl_seterr(err, FL_EORDER, "steps must be in increasing time order");
	return 0;
}

fl_front *
fl_front_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err)
{
	fl_front   *f;

	if (check_steps(steps, nsteps, err))
		return NULL;
	f = a->alloc(a->ctx, sizeof(fl_front));
	if (!f)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		return NULL;
	}
	memset(f, 0, sizeof(*f));
	f->a = *a;
	f->nsteps = nsteps;
	f->steps = a->alloc(a->ctx, (nsteps ? nsteps : 1) * sizeof(int64_t));
	f->result = a->alloc(a->ctx, (nsteps ? nsteps : 1) * sizeof(int32_t));
	f->has = a->alloc(a->ctx, nsteps ? nsteps : 1);
	if (!f->steps || !f->result || !f->has)
	{
		fl_front_free(f);
		fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		return NULL;
	}
	if (nsteps)
		memcpy(f->steps, steps, nsteps * sizeof(int64_t));
	memset(f->has, 0, nsteps ? nsteps : 1);
	return f;
}

static void
answer(fl_front *f)
{
	FL_CHECK_INTERRUPTS();
	while (f->hn > 0 && !entry_live(f, &f->heap[0]))
	{
		f->heap[0] = f->heap[--f->hn];
		sift_down(f->heap, f->hn, 0);
	}
	if (f->hn > 0)
	{
		f->result[f->next] = f->heap[0].place;
		f->has[f->next] = 1;
	}
	else
	{
		f->result[f->next] = 0;
		f->has[f->next] = 0;
	}
	f->next++;
}

int
fl_front_add(fl_front *f, int32_t place, int64_t at, int held, double km, fl_error *err)
{
	long		s;

	if (f->started && at < f->last_at)
		return fl_seterr(err, FL_EORDER, "claims must arrive in time order");
	if (held && !isfinite(km))
		return fl_seterr(err, FL_EVALUE, "a held place needs a finite distance");
	f->started = 1;
	f->last_at = at;
	while (f->next < f->nsteps && f->steps[f->next] < at)
	{
		FL_CHECK_INTERRUPTS();
		answer(f);
	}
	if (f->next == f->nsteps)
		return 0;				/* claims after the last step change nothing */
	s = slot_of(f, place, err);
	if (s < 0)
		return -1;
	if (held)
	{
		if (f->held[s] && f->km[s] == km)
			return 0;
		if (!f->held[s])
			f->nheld++;
		f->held[s] = 1;
		f->km[s] = km;
		f->version[s]++;
		if (heap_push(f, (heap_entry) {km, place, (uint32_t) s, f->version[s]}, err))
			return -1;
		if (f->hn > 2 * f->nheld + 1024)
			heap_compact(f);
	}
	else if (f->held[s])
	{
		f->held[s] = 0;
		f->nheld--;
		f->version[s]++;
	}
	return 0;
}

int
fl_front_finish(fl_front *f, const int32_t **place, const uint8_t **has, fl_error *err)
{
	(void) err;
	while (f->next < f->nsteps)
		answer(f);
	*place = f->result;
	*has = f->has;
	return 0;
}

void
fl_front_free(fl_front *f)
{
	const fl_allocator *a = &f->a;
	void	   *ptrs[] = {f->steps, f->result, f->has, f->held, f->version, f->km, f->heap};
	size_t		i;
	fl_allocator copy = *a;

	for (i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++)
		if (ptrs[i])
			copy.free(copy.ctx, ptrs[i]);
	place_index_free(&f->index, &copy);
	copy.free(copy.ctx, f);
}

/* ---------------------------------------------------------------- series sweep */

/*
 * Shared by both series sweeps (claims in time order, fl_series; resolved
 * histories, fl_tally): the controllers seen, interned, with their running
 * counts, and the output rows.
 */
typedef struct ctl_entry
{
	char	   *name;
	size_t		len;
	int64_t		count;			/* places held now (fl_series) */
	int64_t		pop;			/* their known population */
	int64_t		popn;			/* how many of them have a known population */
	int64_t    *diff;			/* fl_tally: 3 changes per step, see there */
} ctl_entry;

typedef struct ctl_set
{
	ctl_entry  *e;
	size_t		n;
	size_t		cap;
} ctl_set;

/* index of the controller, added (zeroed) when new; -1 on OOM */
static long
ctl_get(ctl_set *c, const fl_allocator *a, const char *name, size_t len, fl_error *err)
{
	size_t		i;

	for (i = 0; i < c->n; i++)	/* few controllers: a linear scan is fine */
		if (c->e[i].len == len && memcmp(c->e[i].name, name, len) == 0)
			return (long) i;
	if (fl_grow(a, (void **) &c->e, &c->cap, c->n + 1, sizeof(ctl_entry), err))
		return -1;
	memset(&c->e[c->n], 0, sizeof(ctl_entry));
	c->e[c->n].name = a->alloc(a->ctx, len ? len : 1);
	if (!c->e[c->n].name)
		return fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
	memcpy(c->e[c->n].name, name, len);
	c->e[c->n].len = len;
	return (long) c->n++;
}

static void
ctl_free(ctl_set *c, const fl_allocator *a)
{
	size_t		i;

	for (i = 0; i < c->n; i++)
	{
		a->free(a->ctx, c->e[i].name);
		if (c->e[i].diff)
			a->free(a->ctx, c->e[i].diff);
	}
	if (c->e)
		a->free(a->ctx, c->e);
}

typedef struct row_list
{
	fl_series_row *r;
	size_t		n;
	size_t		cap;
} row_list;

/* append a row for controller ctl of c (-1: unknown) */
static int
row_emit(row_list *l, const fl_allocator *a, const ctl_set *c, size_t step, long ctl,
		 int64_t places, int64_t pop, int64_t popn, fl_error *err)
{
	fl_series_row *r;

	if (l->n >= FL_MAX_SERIES_ROWS)
		return fl_seterr(err, FL_ELIMIT,
						 "a series of more than %d (step, controller) rows is too large", FL_MAX_SERIES_ROWS);
	if (fl_grow(a, (void **) &l->r, &l->cap, l->n + 1, sizeof(fl_series_row), err))
		return -1;
	r = &l->r[l->n++];
	r->step = step;
	r->controller = ctl >= 0 ? c->e[ctl].name : NULL;
	r->len = ctl >= 0 ? c->e[ctl].len : 0;
	r->places = places;
	r->population = pop;
	r->with_population = popn;
	return 0;
}

typedef struct series_place
{
	int32_t		place;
	int32_t		ctl;			/* controller id, -1 unknown */
	int64_t		population;		/* < 0 unknown */
} series_place;

struct fl_series
{
	fl_allocator a;
	int64_t    *steps;
	size_t		nsteps;
	size_t		next;

	ctl_set		ctl;

	/* per-place state, indexed by place_index */
	place_index index;
	series_place *places;
	size_t		capplaces;

	/* rows of answered steps, controllers known to count > 0 */
	row_list	rows;

	int64_t		last_at;
	int			started;
};

fl_series *
fl_series_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err)
{
	fl_series  *s;

	if (check_steps(steps, nsteps, err))
		return NULL;
	s = a->alloc(a->ctx, sizeof(fl_series));
	if (!s)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	s->a = *a;
	s->steps = a->alloc(a->ctx, (nsteps ? nsteps : 1) * sizeof(int64_t));
	if (!s->steps)
	{
		a->free(a->ctx, s);
		fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		return NULL;
	}
	if (nsteps)
		memcpy(s->steps, steps, nsteps * sizeof(int64_t));
	s->nsteps = nsteps;
	return s;
}

static series_place *
series_place_of(fl_series *s, int32_t place, int64_t population, fl_error *err)
{
	int			added;
	long		i = place_index_get(&s->index, &s->a, place, &added, err);

	if (i < 0)
		return NULL;
	if (!added)
		return &s->places[i];
	if (fl_grow(&s->a, (void **) &s->places, &s->capplaces, (size_t) i + 1, sizeof(series_place), err))
		return NULL;
	s->places[i].place = place;
	s->places[i].ctl = -1;
	s->places[i].population = population;
	return &s->places[i];
}

/* answer one step: one row per controller holding at least one place */
static int
series_answer(fl_series *s, fl_error *err)
{
	size_t		i;

	FL_CHECK_INTERRUPTS();
	for (i = 0; i < s->ctl.n; i++)
	{
		ctl_entry  *e = &s->ctl.e[i];

		if (e->count > 0 &&
			row_emit(&s->rows, &s->a, &s->ctl, s->next, (long) i, e->count, e->pop, e->popn, err))
			return -1;
	}
	/* the unknown row is completed in fl_series_finish, from the totals */
	if (row_emit(&s->rows, &s->a, &s->ctl, s->next, -1, 0, 0, 0, err))
		return -1;
	s->next++;
	return 0;
}

/* move a place's count from one controller to another (-1: unknown) */
static void
series_move(fl_series *s, const series_place *p, long ctl, int64_t sign)
{
	ctl_entry  *e;

	if (ctl < 0)
		return;
	e = &s->ctl.e[ctl];
	e->count += sign;
	if (p->population >= 0)
	{
		e->pop += sign * p->population;
		e->popn += sign;
	}
}

int
fl_series_add(fl_series *s, int32_t place, int64_t at, const char *controller, size_t len,
			  int64_t population, fl_error *err)
{
	series_place *p;
	long		c = -1;

	if (s->started && at < s->last_at)
		return fl_seterr(err, FL_EORDER, "claims must arrive in time order");
	s->started = 1;
	s->last_at = at;
	while (s->next < s->nsteps && s->steps[s->next] < at)
		if (series_answer(s, err))
			return -1;
	if (s->next == s->nsteps)
		return 0;
	if (controller && (c = ctl_get(&s->ctl, &s->a, controller, len, err)) < 0)
		return -1;
	if (!(p = series_place_of(s, place, population, err)))
		return -1;
	if (p->ctl == c)
		return 0;
	series_move(s, p, p->ctl, -1);
	p->ctl = (int32_t) c;
	series_move(s, p, c, 1);
	return 0;
}

int
fl_series_finish(fl_series *s, int64_t total_places, int64_t total_population,
				 int64_t total_with_population, const fl_series_row **rows, size_t *nrows,
				 fl_error *err)
{
	size_t		i,
				start = 0;

	while (s->next < s->nsteps)
		if (series_answer(s, err))
			return -1;
	/* unknown = totals minus every controller's share, step by step */
	for (i = 0; i < s->rows.n; i++)
	{
		fl_series_row *r = &s->rows.r[i];
		FL_CHECK_INTERRUPTS();

		if (r->controller != NULL)
			continue;
		{
			int64_t		places = total_places,
						pop = total_population,
						popn = total_with_population;
			size_t		k;

			for (k = start; k < i; k++)
			{
				places -= s->rows.r[k].places;
				pop -= s->rows.r[k].population;
				popn -= s->rows.r[k].with_population;
			}
			r->places = places;
			r->population = pop;
			r->with_population = popn;
		}
		start = i + 1;
	}
	*rows = s->rows.r;
	*nrows = s->rows.n;
	return 0;
}

void
fl_series_free(fl_series *s)
{
	fl_allocator a = s->a;

	ctl_free(&s->ctl, &a);
	place_index_free(&s->index, &a);
	if (s->places)
		a.free(a.ctx, s->places);
	if (s->rows.r)
		a.free(a.ctx, s->rows.r);
	a.free(a.ctx, s->steps);
	a.free(a.ctx, s);
}

/* ---------------------------------------------------------------- sweeps over resolved histories */

/*
 * The same two answers computed from resolved per-place histories (the
 * cache, frontline.place_history) instead of claims in time order.  A
 * history already lists its transitions in order, so no global sort is
 * needed: each transition is mapped to the range of steps it is in force
 * for, [first step >= its instant, first step >= the next instant), by a
 * binary search over the steps.
 */

/*
 * Walk the transitions of v that are in force at one step at least; for
 * each, call fn with the step range [k, knext) (non-empty) and the state.
 */
typedef int (*range_fn) (void *arg, size_t k, size_t knext, uint32_t sidx, fl_error *err);

static int
for_each_range(const fl_view *v, const int64_t *steps, size_t nsteps, range_fn fn, void *arg,
			   fl_error *err)
{
	int64_t		i;
	size_t		k = 0;

	if (v->n == 0 || nsteps == 0)
		return 0;
	/* the transition in force at the first step, else the first one */
	i = fl_view_find(v, steps[0]);
	if (i < 0)
	{
		i = 0;
		k = fl_lower_bound(steps, nsteps, fl_view_instant(v, 0));
	}
	for (; (uint32_t) i < v->n && k < nsteps; i++)
	{
		size_t		knext = (uint32_t) i + 1 < v->n
			? k + fl_lower_bound(steps + k, nsteps - k, fl_view_instant(v, (uint32_t) i + 1))
			: nsteps;
		FL_CHECK_INTERRUPTS();

		if (knext > k && fn(arg, k, knext, fl_view_sidx(v, (uint32_t) i), err))
			return -1;
		k = knext;
	}
	return 0;
}

struct fl_tally
{
	fl_allocator a;
	int64_t    *steps;
	size_t		nsteps;

	/* controllers; e[c].diff[3 k + {0,1,2}]: change of places, population, places with population at step k */
	ctl_set		ctl;

	/* per history: state index -> controller id (-1 unknown) */
	long	   *map;
	size_t		capmap;
	int64_t		population;		/* of the history being added, < 0 unknown */

	row_list	rows;
};

fl_tally *
fl_tally_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err)
{
	fl_tally   *t;

	if (check_steps(steps, nsteps, err))
		return NULL;
	t = a->alloc(a->ctx, sizeof(fl_tally));
	if (!t)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		return NULL;
	}
	memset(t, 0, sizeof(*t));
	t->a = *a;
	t->steps = a->alloc(a->ctx, (nsteps ? nsteps : 1) * sizeof(int64_t));
	if (!t->steps)
	{
		a->free(a->ctx, t);
		fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		return NULL;
	}
	if (nsteps)
		memcpy(t->steps, steps, nsteps * sizeof(int64_t));
	t->nsteps = nsteps;
	return t;
}

/* the controller's id, with its per-step changes allocated when new; -1 on OOM */
static long
tally_controller(fl_tally *t, const char *name, size_t len, fl_error *err)
{
	long		c = ctl_get(&t->ctl, &t->a, name, len, err);
	size_t		size = 3 * (t->nsteps ? t->nsteps : 1) * sizeof(int64_t);

	if (c < 0 || t->ctl.e[c].diff)
		return c;
	if (!(t->ctl.e[c].diff = t->a.alloc(t->a.ctx, size)))
		return fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
	memset(t->ctl.e[c].diff, 0, size);
	return c;
}

static void
tally_add(fl_tally *t, long c, size_t k, int64_t sign)
{
	int64_t    *d = t->ctl.e[c].diff + 3 * k;

	d[0] += sign;
	if (t->population >= 0)
	{
		d[1] += sign * t->population;
		d[2] += sign;
	}
}

static int
tally_range(void *arg, size_t k, size_t knext, uint32_t sidx, fl_error *err)
{
	fl_tally   *t = arg;
	long		c = t->map[sidx];

	if (c < 0)
		return 0;				/* unknown: counted from the totals */
	tally_add(t, c, k, 1);
	if (knext < t->nsteps)
		tally_add(t, c, knext, -1);
	(void) err;
	return 0;
}

int
fl_tally_add(fl_tally *t, const fl_view *v, int64_t population, fl_error *err)
{
	uint32_t	s;

	if (v->n == 0 || t->nsteps == 0)
		return 0;
	if (fl_grow(&t->a, (void **) &t->map, &t->capmap, v->nstates, sizeof(long), err))
		return -1;
	for (s = 0; s < v->nstates; s++)
	{
		const char *bytes,
				   *name;
		size_t		len,
					nlen;

		fl_view_state(v, s, &bytes, &len);
		name = fl_state_controller(bytes, len, &nlen);
		t->map[s] = name ? tally_controller(t, name, nlen, err) : -1;
		if (name && t->map[s] < 0)
			return -1;
	}
	t->population = population < 0 ? -1 : population;
	return for_each_range(v, t->steps, t->nsteps, tally_range, t, err);
}

int
fl_tally_finish(fl_tally *t, int64_t total_places, int64_t total_population,
				int64_t total_with_population, const fl_series_row **rows, size_t *nrows,
				fl_error *err)
{
	size_t		k,
				c;

	/* the entries' count/pop/popn run over the steps; finishing twice is fine */
	t->rows.n = 0;
	for (c = 0; c < t->ctl.n; c++)
		t->ctl.e[c].count = t->ctl.e[c].pop = t->ctl.e[c].popn = 0;
	for (k = 0; k < t->nsteps; k++)
	{
		int64_t		places = total_places,
					pop = total_population,
					popn = total_with_population;
		FL_CHECK_INTERRUPTS();

		for (c = 0; c < t->ctl.n; c++)
		{
			ctl_entry  *e = &t->ctl.e[c];
			const int64_t *d = e->diff + 3 * k;

			e->count += d[0];
			e->pop += d[1];
			e->popn += d[2];
			if (e->count > 0)
			{
				if (row_emit(&t->rows, &t->a, &t->ctl, k, (long) c, e->count, e->pop, e->popn, err))
					return -1;
				places -= e->count;
				pop -= e->pop;
				popn -= e->popn;
			}
		}
		if (row_emit(&t->rows, &t->a, &t->ctl, k, -1, places, pop, popn, err))
			return -1;
	}
	*rows = t->rows.r;
	*nrows = t->rows.n;
	return 0;
}

void
fl_tally_free(fl_tally *t)
{
	fl_allocator a = t->a;

	ctl_free(&t->ctl, &a);
	if (t->map)
		a.free(a.ctx, t->map);
	if (t->rows.r)
		a.free(a.ctx, t->rows.r);
	a.free(a.ctx, t->steps);
	a.free(a.ctx, t);
}

/* the front from histories: intervals of holding, then one heap sweep over the steps */

typedef struct hold_iv
{
	size_t		k;				/* first step held */
	size_t		knext;			/* first step not held */
	double		km;
	int32_t		place;
} hold_iv;

struct fl_front_hist
{
	fl_allocator a;
	int64_t    *steps;
	size_t		nsteps;
	hold_iv    *iv;
	size_t		niv;
	size_t		capiv;
	int32_t    *result;
	uint8_t    *has;

	/* the history being added */
	uint8_t    *held;			/* per state index: is it the actor? */
	size_t		capheld;
	int32_t		place;
	double		km;
};

fl_front_hist *
fl_front_hist_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err)
{
	fl_front_hist *f;

	if (check_steps(steps, nsteps, err))
		return NULL;
	f = a->alloc(a->ctx, sizeof(fl_front_hist));
	if (!f)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		return NULL;
	}
	memset(f, 0, sizeof(*f));
	f->a = *a;
	f->steps = a->alloc(a->ctx, (nsteps ? nsteps : 1) * sizeof(int64_t));
	f->result = a->alloc(a->ctx, (nsteps ? nsteps : 1) * sizeof(int32_t));
	f->has = a->alloc(a->ctx, nsteps ? nsteps : 1);
	if (!f->steps || !f->result || !f->has)
	{
		fl_front_hist_free(f);
		fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		return NULL;
	}
	if (nsteps)
		memcpy(f->steps, steps, nsteps * sizeof(int64_t));
	f->nsteps = nsteps;
	return f;
}

static int
front_range(void *arg, size_t k, size_t knext, uint32_t sidx, fl_error *err)
{
	fl_front_hist *f = arg;

	if (!f->held[sidx])
		return 0;
	if (!isfinite(f->km))
		return fl_seterr(err, FL_EVALUE, "place %d is held at a step but has no finite distance",
						 (int) f->place);
	if (fl_grow(&f->a, (void **) &f->iv, &f->capiv, f->niv + 1, sizeof(hold_iv), err))
		return -1;
	f->iv[f->niv++] = (hold_iv) {k, knext, f->km, f->place};
	return 0;
}

int
fl_front_hist_add(fl_front_hist *f, const fl_view *v, const char *actor, size_t len,
				  int32_t place, double km, fl_error *err)
{
	uint32_t	s;
	int			any = 0;

	if (v->n == 0 || f->nsteps == 0)
		return 0;
	if (fl_grow(&f->a, (void **) &f->held, &f->capheld, v->nstates, 1, err))
		return -1;
	for (s = 0; s < v->nstates; s++)
	{
		const char *bytes;
		size_t		blen;

		fl_view_state(v, s, &bytes, &blen);
		f->held[s] = blen > 0 && bytes[0] == FL_KIND_ACTOR && fl_state_is(bytes, blen, actor, len);
		any |= f->held[s];
	}
	if (!any)
		return 0;
	f->place = place;
	f->km = km;
	return for_each_range(v, f->steps, f->nsteps, front_range, f, err);
}

static int
iv_start_cmp(const void *x, const void *y)
{
	const hold_iv *a = x,
			   *b = y;

	return (a->k > b->k) - (a->k < b->k);
}

static int
iv_less(const hold_iv *x, const hold_iv *y)
{
	return x->km < y->km || (x->km == y->km && x->place < y->place);
}

/* min-heap of intervals by (km, place), in place over iv[0 .. *hn) */
static void
iv_sift_down(hold_iv *h, size_t n, size_t i)
{
	for (;;)
	{
		size_t		l = 2 * i + 1,
					r = l + 1,
					m = i;
		hold_iv		t;

		if (l < n && iv_less(&h[l], &h[m]))
			m = l;
		if (r < n && iv_less(&h[r], &h[m]))
			m = r;
		if (m == i)
			break;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

int
fl_front_hist_finish(fl_front_hist *f, const int32_t **place, const uint8_t **has, fl_error *err)
{
	hold_iv    *heap = NULL;
	size_t		hn = 0,
				next = 0,
				k;

	if (f->niv)
	{
		heap = f->a.alloc(f->a.ctx, f->niv * sizeof(hold_iv));
		if (!heap)
			return fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		qsort(f->iv, f->niv, sizeof(hold_iv), iv_start_cmp);
	}
	for (k = 0; k < f->nsteps; k++)
	{
		FL_CHECK_INTERRUPTS();
		/* intervals starting here join the heap */
		while (next < f->niv && f->iv[next].k <= k)
		{
			size_t		i = hn++;

			heap[i] = f->iv[next++];
			while (i > 0 && iv_less(&heap[i], &heap[(i - 1) / 2]))
			{
				hold_iv		t = heap[i];

				heap[i] = heap[(i - 1) / 2];
				heap[(i - 1) / 2] = t;
				i = (i - 1) / 2;
			}
		}
		/* ended ones leave when they reach the top */
		while (hn > 0 && heap[0].knext <= k)
		{
			heap[0] = heap[--hn];
			iv_sift_down(heap, hn, 0);
		}
		f->has[k] = hn > 0;
		f->result[k] = hn > 0 ? heap[0].place : 0;
	}
	if (heap)
		f->a.free(f->a.ctx, heap);
	*place = f->result;
	*has = f->has;
	return 0;
}

void
fl_front_hist_free(fl_front_hist *f)
{
	fl_allocator a = f->a;
	void	   *ptrs[] = {f->steps, f->result, f->has, f->iv, f->held};
	size_t		i;

	for (i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++)
		if (ptrs[i])
			a.free(a.ctx, ptrs[i]);
	a.free(a.ctx, f);
}
