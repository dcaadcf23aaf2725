/*
 * fl_hist.h — a control_history in the core: the builder that collects
 * (instant, state) pairs and canonicalises them, and the flat layout stored
 * on disk, read through an fl_view with binary search.  Pure C.
 */
#ifndef FL_HIST_H
#define FL_HIST_H

#include "fl_base.h"
#include "fl_state.h"
#include "fl_time.h"

#define FL_FORMAT_VERSION 1

/* ---------------------------------------------------------------- builder */

/*
 * A builder collects (instant, state) pairs.  States are interned: each
 * distinct state is stored once in a pool.  A state is the byte string
 * kind + payload: 'A' name | 'C' name '\0' name ... (sorted, unique) | 'U'.
 */
typedef struct fl_builder
{
	const fl_allocator *a;
	int64_t    *t;
	uint32_t   *s;
	size_t		n,
				cap;
	char	   *pool;
	size_t		poollen,
				poolcap;
	uint32_t   *soff;		/* nstates + 1 offsets */
	size_t		nstates,
				scap;
	uint32_t   *ht;			/* open addressing: state index + 1, 0 = empty */
	size_t		htcap;
} fl_builder;

void		fl_builder_init(fl_builder *b, const fl_allocator *a);
void		fl_builder_free(fl_builder *b);

/* intern a serialized state; returns its index or -1 (error set) */
int64_t		fl_builder_intern(fl_builder *b, const char *state, size_t len, fl_error *err);

/* fl_builder_push when the arrays must grow first (or are at the limit) */
int			fl_builder_push_grow(fl_builder *b, int64_t t, uint32_t sidx, fl_error *err);

/* room for at least n entries (a resolve knows a bound: no regrowth) */
int			fl_builder_reserve(fl_builder *b, size_t n, fl_error *err);

/* append an entry with an interned state index */
static inline int
fl_builder_push(fl_builder *b, int64_t t, uint32_t sidx, fl_error *err)
{
	/* the common case inline (a resolve pushes an entry per change) */
	if (b->n < b->cap && b->n < (size_t) FL_MAX_ENTRIES)
	{
		b->t[b->n] = t;
		b->s[b->n] = sidx;
		b->n++;
		return 0;
	}
	return fl_builder_push_grow(b, t, sidx, err);
}

/* call fn for every name in the builder's states (actors and contenders),
 * in dictionary order; stops at and returns fn's first non-zero result */
int			fl_builder_names(const fl_builder *b, int (*fn) (void *arg, const char *name, size_t len),
							 void *arg);

/* append every entry of src to dst (states re-interned); used by combine */
int			fl_builder_append(fl_builder *dst, const fl_builder *src, fl_error *err);

/*
 * A builder's entries as bytes (the aggregate's serialised state, between
 * parallel workers): uint32 count, then per entry int64 instant, uint32
 * state length, state bytes, all little-endian.  fl_builder_deserialize
 * appends the entries to b and checks every length (FL_EBINARY).
 */
unsigned char *fl_builder_serialize(const fl_builder *b, const fl_allocator *a, size_t *len, fl_error *err);
int			fl_builder_deserialize(fl_builder *b, const unsigned char *p, size_t len, fl_error *err);

/*
 * Canonicalise: optionally sort by instant (ties are an error unless the
 * states are equal, then merged), merge adjacent equal states, renumber the
 * dictionary by first appearance and drop unused states.  When !sort the
 * instants must already be strictly increasing (checked).
 */
int			fl_builder_canonicalize(fl_builder *b, int sort, fl_error *err);

/* size of the flat payload and the writer (call after canonicalize) */
size_t		fl_flat_size(const fl_builder *b);
void		fl_flat_write(const fl_builder *b, unsigned char *out);

/* ---------------------------------------------------------------- flat view */

/*
 * The flat payload (what follows the varlena header):
 *   u8 version, u8 flags, u16 reserved, u32 n, u32 nstates, u32 poolbytes,
 *   u32 pad, int64 instant[n], u32 sidx[n], u32 soff[nstates+1], pool.
 * Instants are strictly increasing, adjacent states differ, the dictionary
 * is in order of first appearance: equal histories have equal bytes.
 */
#define FL_FLAT_HEADER 20

typedef struct fl_view
{
	uint32_t	n;
	uint32_t	nstates;
	const unsigned char *instants;
	const unsigned char *sidx;
	const unsigned char *soff;
	const unsigned char *pool;
	uint32_t	poollen;
} fl_view;

/* open with O(1) size checks; full=1 also checks every invariant, O(n) */
int			fl_view_open(fl_view *v, const unsigned char *p, size_t len, int full, fl_error *err);
/* hot accessors of the flat layout, inline (memcpy: no alignment assumed) */
static inline int64_t
fl_view_instant(const fl_view *v, uint32_t i)
{
	int64_t		t;

	FL_ASSERT(i < v->n);
	memcpy(&t, v->instants + (size_t) i * 8, 8);
	return t;
}

static inline uint32_t
fl_view_sidx(const fl_view *v, uint32_t i)
{
	FL_ASSERT(i < v->n);
	return fl_get_u32(v->sidx + (size_t) i * 4);
}

static inline void
fl_view_state(const fl_view *v, uint32_t sidx, const char **bytes, size_t *len)
{
	uint32_t	o,
				e;

	FL_ASSERT(sidx < v->nstates);
	o = fl_get_u32(v->soff + (size_t) sidx * 4);
	e = fl_get_u32(v->soff + (size_t) (sidx + 1) * 4);
	FL_ASSERT(o <= e && e <= v->poollen);

	*bytes = (const char *) v->pool + o;
	*len = e - o;
}

/* index of the last entry with instant <= t, or -1 */
int64_t		fl_view_find(const fl_view *v, int64_t t);

#endif							/* FL_HIST_H */
