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

	/* open-addressing hash: place -> slot + 1 (0 = empty) */
	int32_t    *hkey;
	uint32_t   *hval;
	size_t		hcap;

	/* per-place state */
	uint8_t    *held;
	uint32_t   *version;
	double	   *km;
	int32_t    *place;
	size_t		nslots;
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

static uint32_t
hash32(int32_t k)
{
	uint32_t	h = (uint32_t) k * 0x9E3779B1u;

	return h ^ (h >> 15);
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

static int
hash_grow(fl_front *f, fl_error *err)
{
	size_t		cap = f->hcap ? f->hcap * 2 : 1024,
				i;
	int32_t    *nk = f->a.alloc(f->a.ctx, cap * sizeof(int32_t));
	uint32_t   *nv = f->a.alloc(f->a.ctx, cap * sizeof(uint32_t));

	if (!nk || !nv)
		return fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
	memset(nv, 0, cap * sizeof(uint32_t));
	for (i = 0; i < f->hcap; i++)
		if (f->hval[i])
		{
			size_t		j = hash32(f->hkey[i]) & (cap - 1);

			while (nv[j])
				j = (j + 1) & (cap - 1);
			nk[j] = f->hkey[i];
			nv[j] = f->hval[i];
		}
	if (f->hkey)
	{
		f->a.free(f->a.ctx, f->hkey);
		f->a.free(f->a.ctx, f->hval);
	}
	f->hkey = nk;
	f->hval = nv;
	f->hcap = cap;
	return 0;
}

/* slot of place, created (not held) on first sight; -1 on allocation failure */
static long
slot_of(fl_front *f, int32_t place, fl_error *err)
{
	size_t		j;

	if ((f->nslots + 1) * 2 > f->hcap && hash_grow(f, err))
		return -1;
	j = hash32(place) & (f->hcap - 1);
	while (f->hval[j])
	{
		if (f->hkey[j] == place)
			return (long) f->hval[j] - 1;
		j = (j + 1) & (f->hcap - 1);
	}
	if (f->nslots == f->capslots)
	{
		size_t		cap = f->capslots ? f->capslots * 2 : 256;
		uint8_t    *nh = grow(&f->a, f->held, cap, 1);

		if (nh)
			f->held = nh;
		if (nh && (f->version = grow(&f->a, f->version, cap, sizeof(uint32_t))) != NULL &&
			(f->km = grow(&f->a, f->km, cap, sizeof(double))) != NULL &&
			(f->place = grow(&f->a, f->place, cap, sizeof(int32_t))) != NULL)
			f->capslots = cap;
		else
			return fl_seterr(err, FL_ENOMEM, "out of memory in the front sweep");
	}
	f->held[f->nslots] = 0;
	f->version[f->nslots] = 0;
	f->km[f->nslots] = 0;
	f->place[f->nslots] = place;
	f->hkey[j] = place;
	f->hval[j] = (uint32_t) f->nslots + 1;
	return (long) f->nslots++;
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
	void	   *ptrs[] = {f->steps, f->result, f->has, f->hkey, f->hval, f->held,
	f->version, f->km, f->place, f->heap};
	size_t		i;
	fl_allocator copy = *a;

	for (i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++)
		if (ptrs[i])
			copy.free(copy.ctx, ptrs[i]);
	copy.free(copy.ctx, f);
}
