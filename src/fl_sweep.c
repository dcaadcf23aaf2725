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
#include <string.h>

#include "fl_geo.h"

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

static void *
grow(const fl_allocator *a, void *p, size_t n, size_t size)
{
	return p ? a->realloc(a->ctx, p, n * size) : a->alloc(a->ctx, n * size);
}


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
	if (f->hn == f->heapcap)
	{
		size_t		cap = f->heapcap ? f->heapcap * 2 : 64;
		heap_entry *nh = grow(&f->a, f->heap, cap, sizeof(heap_entry));

		if (!nh)
			return fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		f->heap = nh;
		f->heapcap = cap;
	}
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
		size_t		cap = f->capslots ? f->capslots * 2 : 256;
		uint8_t    *nh = grow(&f->a, f->held, cap, 1);
		uint32_t   *nv = nh ? grow(&f->a, f->version, cap, sizeof(uint32_t)) : NULL;
		double	   *nk = nv ? grow(&f->a, f->km, cap, sizeof(double)) : NULL;

		if (nh)
			f->held = nh;
		if (nv)
			f->version = nv;
		if (nk)
			f->km = nk;
		if (!nk)
			return fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		f->capslots = cap;
	}
	f->held[s] = 0;
	f->version[s] = 0;
	f->km[s] = 0;
	return s;
}

fl_front *
fl_front_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err)
{
	fl_front   *f = a->alloc(a->ctx, sizeof(fl_front));
	size_t		i;

	if (!f)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
		return NULL;
	}
	memset(f, 0, sizeof(*f));
	f->a = *a;
	for (i = 1; i < nsteps; i++)
		if (steps[i] < steps[i - 1])
		{
			a->free(a->ctx, f);
			fl_seterr(err, FL_EORDER, "steps must be in increasing time order");
			return NULL;
		}
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
		answer(f);
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

	/* controllers: interned names */
	char	  **names;
	size_t	   *lens;
	int64_t    *count;
	int64_t    *pop;
	int64_t    *popn;
	size_t		nctl;
	size_t		capctl;

	/* per-place state, indexed by place_index */
	place_index index;
	series_place *places;
	size_t		capplaces;

	/* rows of answered steps, controllers known to count > 0 */
	fl_series_row *rows;
	size_t		nrows;
	size_t		caprows;

	int64_t		last_at;
	int			started;
};

fl_series *
fl_series_new(const fl_allocator *a, const int64_t *steps, size_t nsteps, fl_error *err)
{
	fl_series  *s = a->alloc(a->ctx, sizeof(fl_series));
	size_t		i;

	if (!s)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	s->a = *a;
	for (i = 1; i < nsteps; i++)
		if (steps[i] < steps[i - 1])
		{
			a->free(a->ctx, s);
			fl_seterr(err, FL_EORDER, "steps must be in increasing time order");
			return NULL;
		}
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

static long
controller_id(fl_series *s, const char *name, size_t len, fl_error *err)
{
	size_t		i;

	for (i = 0; i < s->nctl; i++)	/* few controllers: a linear scan is fine */
		if (s->lens[i] == len && memcmp(s->names[i], name, len) == 0)
			return (long) i;
	if (s->nctl == s->capctl)
	{
		size_t		cap = s->capctl ? s->capctl * 2 : 8;
		char	  **nn = grow(&s->a, s->names, cap, sizeof(char *));

		if (!nn)
			return fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		s->names = nn;
		if (!(s->lens = grow(&s->a, s->lens, cap, sizeof(size_t))) ||
			!(s->count = grow(&s->a, s->count, cap, sizeof(int64_t))) ||
			!(s->pop = grow(&s->a, s->pop, cap, sizeof(int64_t))) ||
			!(s->popn = grow(&s->a, s->popn, cap, sizeof(int64_t))))
			return fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		s->capctl = cap;
	}
	s->names[s->nctl] = s->a.alloc(s->a.ctx, len ? len : 1);
	if (!s->names[s->nctl])
		return fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
	memcpy(s->names[s->nctl], name, len);
	s->lens[s->nctl] = len;
	s->count[s->nctl] = s->pop[s->nctl] = s->popn[s->nctl] = 0;
	return (long) s->nctl++;
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
	if ((size_t) i == s->capplaces)
	{
		size_t		cap = s->capplaces ? s->capplaces * 2 : 256;
		series_place *np = grow(&s->a, s->places, cap, sizeof(series_place));

		if (!np)
		{
			fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
			return NULL;
		}
		s->places = np;
		s->capplaces = cap;
	}
	s->places[i].place = place;
	s->places[i].ctl = -1;
	s->places[i].population = population;
	return &s->places[i];
}

static int
series_emit(fl_series *s, size_t step, long ctl, int64_t places, int64_t pop, int64_t popn,
			fl_error *err)
{
	fl_series_row *r;

	if (s->nrows == s->caprows)
	{
		size_t		cap = s->caprows ? s->caprows * 2 : 64;
		fl_series_row *nr = grow(&s->a, s->rows, cap, sizeof(fl_series_row));

		if (!nr)
			return fl_seterr(err, FL_ENOMEM, "out of memory in the series sweep");
		s->rows = nr;
		s->caprows = cap;
	}
	r = &s->rows[s->nrows++];
	r->step = step;
	r->controller = ctl >= 0 ? s->names[ctl] : NULL;
	r->len = ctl >= 0 ? s->lens[ctl] : 0;
	r->places = places;
	r->population = pop;
	r->with_population = popn;
	return 0;
}

/* answer one step: one row per controller holding at least one place */
static int
series_answer(fl_series *s, fl_error *err)
{
	size_t		i;

	for (i = 0; i < s->nctl; i++)
		if (s->count[i] > 0 && series_emit(s, s->next, (long) i, s->count[i], s->pop[i], s->popn[i], err))
			return -1;
	/* the unknown row is completed in fl_series_finish, from the totals */
	if (series_emit(s, s->next, -1, 0, 0, 0, err))
		return -1;
	s->next++;
	return 0;
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
	if (controller && (c = controller_id(s, controller, len, err)) < 0)
		return -1;
	if (!(p = series_place_of(s, place, population, err)))
		return -1;
	if (p->ctl == c)
		return 0;
	if (p->ctl >= 0)
	{
		s->count[p->ctl]--;
		if (p->population >= 0)
		{
			s->pop[p->ctl] -= p->population;
			s->popn[p->ctl]--;
		}
	}
	p->ctl = (int32_t) c;
	if (c >= 0)
	{
		s->count[c]++;
		if (p->population >= 0)
		{
			s->pop[c] += p->population;
			s->popn[c]++;
		}
	}
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
	for (i = 0; i < s->nrows; i++)
	{
		fl_series_row *r = &s->rows[i];

		if (r->controller != NULL)
			continue;
		{
			int64_t		places = total_places,
						pop = total_population,
						popn = total_with_population;
			size_t		k;

			for (k = start; k < i; k++)
			{
				places -= s->rows[k].places;
				pop -= s->rows[k].population;
				popn -= s->rows[k].with_population;
			}
			r->places = places;
			r->population = pop;
			r->with_population = popn;
		}
		start = i + 1;
	}
	*rows = s->rows;
	*nrows = s->nrows;
	return 0;
}

void
fl_series_free(fl_series *s)
{
	size_t		i;
	fl_allocator a = s->a;

	for (i = 0; i < s->nctl; i++)
		a.free(a.ctx, s->names[i]);
	if (s->names)
		a.free(a.ctx, s->names);
	if (s->lens)
		a.free(a.ctx, s->lens);
	if (s->count)
		a.free(a.ctx, s->count);
	if (s->pop)
		a.free(a.ctx, s->pop);
	if (s->popn)
		a.free(a.ctx, s->popn);
	place_index_free(&s->index, &a);
	if (s->places)
		a.free(a.ctx, s->places);
	if (s->rows)
		a.free(a.ctx, s->rows);
	a.free(a.ctx, s->steps);
	a.free(a.ctx, s);
}
