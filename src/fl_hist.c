/*
 * fl_hist.c — the history builder (interned states, sort, canonical form),
 * the flat layout and its view, and the builder's bytes between parallel
 * workers.  Pure C.  See fl_hist.h.
 */
#include "fl_hist.h"

#include <stdlib.h>

/* ---------------------------------------------------------------- builder */

void
fl_builder_init(fl_builder *b, const fl_allocator *a)
{
	memset(b, 0, sizeof(*b));
	b->a = a;
}

void
fl_builder_free(fl_builder *b)
{
	const fl_allocator *a = b->a;

	if (b->t)
		a->free(a->ctx, b->t);
	if (b->s)
		a->free(a->ctx, b->s);
	if (b->pool)
		a->free(a->ctx, b->pool);
	if (b->soff)
		a->free(a->ctx, b->soff);
	if (b->ht)
		a->free(a->ctx, b->ht);
	memset(b, 0, sizeof(*b));
	b->a = a;
}

static uint64_t
hash_bytes(const char *s, size_t len)
{
	/* FNV-1a, 64 bit */
	uint64_t	h = UINT64_C(1469598103934665603);

	for (size_t i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static int
rehash(fl_builder *b, size_t newcap, fl_error *err)
{
	const fl_allocator *a = b->a;
	uint32_t   *nt = a->alloc(a->ctx, newcap * sizeof(uint32_t));

	if (!nt)
		return fl_seterr(err, FL_ENOMEM, "out of memory building control_history");
	memset(nt, 0, newcap * sizeof(uint32_t));
	for (size_t i = 0; i < b->nstates; i++)
	{
		size_t		h = hash_bytes(b->pool + b->soff[i], b->soff[i + 1] - b->soff[i]) & (newcap - 1);

		while (nt[h])
			h = (h + 1) & (newcap - 1);
		nt[h] = (uint32_t) i + 1;
	}
	if (b->ht)
		a->free(a->ctx, b->ht);
	b->ht = nt;
	b->htcap = newcap;
	return 0;
}

int64_t
fl_builder_intern(fl_builder *b, const char *state, size_t len, fl_error *err)
{
	size_t		h;

	if (b->htcap == 0 || (b->nstates + 1) * 2 > b->htcap)
	{
		if (rehash(b, b->htcap ? b->htcap * 2 : 64, err))
			return -1;
	}
	h = hash_bytes(state, len) & (b->htcap - 1);
	while (b->ht[h])
	{
		uint32_t	i = b->ht[h] - 1;
		size_t		l = b->soff[i + 1] - b->soff[i];

		if (l == len && memcmp(b->pool + b->soff[i], state, len) == 0)
			return i;
		h = (h + 1) & (b->htcap - 1);
	}
	if (b->poollen + len > (size_t) INT32_MAX)
		return fl_seterr(err, FL_ELIMIT, "control_history state dictionary is too large");
	if (fl_grow(b->a, (void **) &b->pool, &b->poolcap, b->poollen + len, 1, err))
		return -1;
	if (fl_grow(b->a, (void **) &b->soff, &b->scap, b->nstates + 2, sizeof(uint32_t), err))
		return -1;
	if (b->nstates == 0)
		b->soff[0] = 0;
	memcpy(b->pool + b->poollen, state, len);
	b->poollen += len;
	b->soff[b->nstates + 1] = (uint32_t) b->poollen;
	b->ht[h] = (uint32_t) b->nstates + 1;
	return (int64_t) b->nstates++;
}

int
fl_builder_push_grow(fl_builder *b, int64_t t, uint32_t sidx, fl_error *err)
{
	size_t		tcap = b->cap,
				scap = b->cap;

	if (b->n >= (size_t) FL_MAX_ENTRIES)
		return fl_seterr(err, FL_ELIMIT, "control_history has more than %d transitions", (int) FL_MAX_ENTRIES);
	if (fl_grow(b->a, (void **) &b->t, &tcap, b->n + 1, sizeof(int64_t), err))
		return -1;
	if (fl_grow(b->a, (void **) &b->s, &scap, b->n + 1, sizeof(uint32_t), err))
		return -1;
	b->cap = tcap < scap ? tcap : scap;
	b->t[b->n] = t;
	b->s[b->n] = sidx;
	b->n++;
	return 0;
}

int
fl_builder_reserve(fl_builder *b, size_t n, fl_error *err)
{
	size_t		tcap = b->cap,
				scap = b->cap;

	if (n > (size_t) FL_MAX_ENTRIES)
		n = (size_t) FL_MAX_ENTRIES;
	if (fl_grow(b->a, (void **) &b->t, &tcap, n, sizeof(int64_t), err) ||
		fl_grow(b->a, (void **) &b->s, &scap, n, sizeof(uint32_t), err))
		return -1;
	b->cap = tcap < scap ? tcap : scap;
	return 0;
}

/* sort entries by (instant, state index): bottom-up merge sort, stable */
static int
sort_entries(fl_builder *b, fl_error *err)
{
	const fl_allocator *a = b->a;
	size_t		n = b->n;
	int64_t    *t2;
	uint32_t   *s2;
	int64_t    *ts = b->t;
	uint32_t   *ss = b->s;

	if (n < 2)
		return 0;
	t2 = a->alloc(a->ctx, n * sizeof(int64_t));
	s2 = a->alloc(a->ctx, n * sizeof(uint32_t));
	if (!t2 || !s2)
	{
		if (t2)
			a->free(a->ctx, t2);
		if (s2)
			a->free(a->ctx, s2);
		return fl_seterr(err, FL_ENOMEM, "out of memory sorting control_history");
	}
	for (size_t w = 1; w < n; w *= 2)
	{
		FL_CHECK_INTERRUPTS();
		for (size_t lo = 0; lo < n; lo += 2 * w)
		{
			size_t		mid = lo + w < n ? lo + w : n;
			size_t		hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t		i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
			{
				if (ts[j] < ts[i] || (ts[j] == ts[i] && ss[j] < ss[i]))
				{
					t2[k] = ts[j];
					s2[k++] = ss[j++];
				}
				else
				{
					t2[k] = ts[i];
					s2[k++] = ss[i++];
				}
			}
			while (i < mid)
			{
				t2[k] = ts[i];
				s2[k++] = ss[i++];
			}
			while (j < hi)
			{
				t2[k] = ts[j];
				s2[k++] = ss[j++];
			}
		}
		{
			int64_t    *tt = ts;
			uint32_t   *st = ss;

			ts = t2;
			ss = s2;
			t2 = tt;
			s2 = st;
		}
	}
	/* ts/ss hold the result; t2/s2 the other buffers */
	b->t = ts;
	b->s = ss;
	a->free(a->ctx, t2);
	a->free(a->ctx, s2);
	/* capacity of the result buffers is at least n */
	b->cap = n;
	return 0;
}

int
fl_builder_canonicalize(fl_builder *b, int sort, fl_error *err)
{
	const fl_allocator *a = b->a;
	size_t		w = 0;
	uint32_t   *map;
	char	   *npool;
	uint32_t   *nsoff;
	size_t		nn = 0,
				plen = 0;

	if (sort && sort_entries(b, err))
		return -1;

	for (size_t i = 0; i < b->n; i++)
	{
		FL_CHECK_INTERRUPTS();
		if (i > 0 && b->t[i] <= b->t[i - 1])
		{
			char		buf[32];

			fl_format_instant(b->t[i], buf);
			if (b->t[i] == b->t[i - 1] && b->s[i] == b->s[i - 1])
				continue;		/* an exact duplicate: same instant, same state */
			if (b->t[i] == b->t[i - 1])
				return fl_seterr(err, FL_EORDER, "two different states at the same instant %s", buf);
			return fl_seterr(err, FL_EORDER, "instant %s is not after the previous one", buf);
		}
		if (w > 0 && b->s[i] == b->s[w - 1])
			continue;			/* same state again: the earlier entry covers it */
		b->t[w] = b->t[i];
		b->s[w] = b->s[i];
		w++;
	}
	b->n = w;

	/* renumber states by first appearance; drop unused */
	if (b->nstates == 0)
		return 0;
	map = a->alloc(a->ctx, b->nstates * sizeof(uint32_t));
	npool = a->alloc(a->ctx, b->poollen ? b->poollen : 1);
	nsoff = a->alloc(a->ctx, (b->nstates + 1) * sizeof(uint32_t));
	if (!map || !npool || !nsoff)
	{
		if (map)
			a->free(a->ctx, map);
		if (npool)
			a->free(a->ctx, npool);
		if (nsoff)
			a->free(a->ctx, nsoff);
		return fl_seterr(err, FL_ENOMEM, "out of memory building control_history");
	}
	for (size_t i = 0; i < b->nstates; i++)
		map[i] = UINT32_MAX;
	nsoff[0] = 0;
	for (size_t i = 0; i < b->n; i++)
	{
		uint32_t	old = b->s[i];
		FL_CHECK_INTERRUPTS();

		if (map[old] == UINT32_MAX)
		{
			size_t		l = b->soff[old + 1] - b->soff[old];

			memcpy(npool + plen, b->pool + b->soff[old], l);
			plen += l;
			map[old] = (uint32_t) nn;
			nsoff[++nn] = (uint32_t) plen;
		}
		b->s[i] = map[old];
	}
	a->free(a->ctx, map);
	a->free(a->ctx, b->pool);
	a->free(a->ctx, b->soff);
	b->pool = npool;
	b->poolcap = b->poollen ? b->poollen : 1;
	b->poollen = plen;
	b->soff = nsoff;
	b->scap = b->nstates + 1;
	b->nstates = nn;
	/* the hash table refers to old indexes: rebuild lazily */
	if (b->ht)
		a->free(a->ctx, b->ht);
	b->ht = NULL;
	b->htcap = 0;
	return 0;
}

int
fl_builder_names(const fl_builder *b, int (*fn) (void *arg, const char *name, size_t len), void *arg)
{
	for (size_t i = 0; i < b->nstates; i++)
	{
		const char *st = b->pool + b->soff[i];
		size_t		len = b->soff[i + 1] - b->soff[i],
					start = 1;

		FL_CHECK_INTERRUPTS();
		for (size_t k = 1; k <= len; k++)
			if (k == len || st[k] == '\0')
			{
				int			rc = k > start ? fn(arg, st + start, k - start) : 0;

				if (rc)
					return rc;
				start = k + 1;
			}
	}
	return 0;
}

/* ---------------------------------------------------------------- flat */

size_t
fl_flat_size(const fl_builder *b)
{
	return FL_FLAT_HEADER + b->n * 12 + (b->nstates + 1) * 4 + b->poollen;
}

void
fl_flat_write(const fl_builder *b, unsigned char *out)
{
	unsigned char *p = out;

	p[0] = FL_FORMAT_VERSION;
	p[1] = 0;
	p[2] = p[3] = 0;
	fl_put_u32(p + 4, (uint32_t) b->n);
	fl_put_u32(p + 8, (uint32_t) b->nstates);
	fl_put_u32(p + 12, (uint32_t) b->poollen);
	fl_put_u32(p + 16, 0);
	p += FL_FLAT_HEADER;
	if (b->n)
	{
		memcpy(p, b->t, b->n * 8);
		p += b->n * 8;
		memcpy(p, b->s, b->n * 4);
		p += b->n * 4;
	}
	if (b->nstates)
		memcpy(p, b->soff, (b->nstates + 1) * 4);
	else
		fl_put_u32(p, 0);
	p += (b->nstates + 1) * 4;
	if (b->poollen)
		memcpy(p, b->pool, b->poollen);
}

int
fl_view_open(fl_view *v, const unsigned char *p, size_t len, int full, fl_error *err)
{
	uint64_t	need;

	if (len < FL_FLAT_HEADER || p[0] != FL_FORMAT_VERSION)
		return fl_seterr(err, FL_EBINARY, "corrupt control_history value (bad header)");
	v->n = fl_get_u32(p + 4);
	v->nstates = fl_get_u32(p + 8);
	v->poollen = fl_get_u32(p + 12);
	need = (uint64_t) FL_FLAT_HEADER + (uint64_t) v->n * 12 + ((uint64_t) v->nstates + 1) * 4 + v->poollen;
	if (need != len)
		return fl_seterr(err, FL_EBINARY, "corrupt control_history value (size mismatch)");
	v->instants = p + FL_FLAT_HEADER;
	v->sidx = v->instants + (size_t) v->n * 8;
	v->soff = v->sidx + (size_t) v->n * 4;
	v->pool = v->soff + ((size_t) v->nstates + 1) * 4;
	if (full)
	{
		uint32_t	prev = 0;

		if (fl_get_u32(v->soff) != 0 || fl_get_u32(v->soff + (size_t) v->nstates * 4) != v->poollen)
			return fl_seterr(err, FL_EBINARY, "corrupt control_history value (dictionary)");
		for (uint32_t i = 0; i < v->nstates; i++)
		{
			uint32_t	o = fl_get_u32(v->soff + (size_t) i * 4),
						e = fl_get_u32(v->soff + (size_t) (i + 1) * 4);

			if (o < prev || e <= o || e > v->poollen)
				return fl_seterr(err, FL_EBINARY, "corrupt control_history value (dictionary)");
			prev = o;
		}
		for (uint32_t i = 0; i < v->n; i++)
		{
			FL_CHECK_INTERRUPTS();
			if (fl_view_sidx(v, i) >= v->nstates)
				return fl_seterr(err, FL_EBINARY, "corrupt control_history value (state index)");
			if (i > 0 && fl_view_instant(v, i) <= fl_view_instant(v, i - 1))
				return fl_seterr(err, FL_EBINARY, "corrupt control_history value (order)");
		}
	}
	return 0;
}

int64_t
fl_view_find(const fl_view *v, int64_t t)
{
	int64_t		lo = 0,
				hi = (int64_t) v->n;	/* answer in [lo-1, hi-1] */

	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (fl_view_instant(v, (uint32_t) mid) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* ---------------------------------------------------------------- aggregate state transfer */

int
fl_builder_append(fl_builder *dst, const fl_builder *src, fl_error *err)
{
	for (size_t i = 0; i < src->n; i++)
	{
		uint32_t	s = src->s[i];
		int64_t		k;

		FL_CHECK_INTERRUPTS();
		k = fl_builder_intern(dst, src->pool + src->soff[s], src->soff[s + 1] - src->soff[s], err);
		if (k < 0 || fl_builder_push(dst, src->t[i], (uint32_t) k, err))
			return -1;
	}
	return 0;
}

static void
put_le(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char) (v >> (8 * i));
}

static uint64_t
get_le(const unsigned char *p, int bytes)
{
	uint64_t	v = 0;

	for (int i = 0; i < bytes; i++)
		v |= (uint64_t) p[i] << (8 * i);
	return v;
}

unsigned char *
fl_builder_serialize(const fl_builder *b, const fl_allocator *a, size_t *len, fl_error *err)
{
	size_t		total = 4;
	unsigned char *out,
			   *p;

	if (b->n > UINT32_MAX)
	{
		fl_seterr(err, FL_ELIMIT, "aggregate state of %zu entries is too large", b->n);
		return NULL;
	}
	for (size_t i = 0; i < b->n; i++)
	{
		FL_CHECK_INTERRUPTS();
		total += 12 + (b->soff[b->s[i] + 1] - b->soff[b->s[i]]);
	}
	out = a->alloc(a->ctx, total);
	if (!out)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory serialising an aggregate state");
		return NULL;
	}
	put_le(out, (uint64_t) b->n, 4);
	p = out + 4;
	for (size_t i = 0; i < b->n; i++)
	{
		uint32_t	s = b->s[i];
		uint32_t	sl = b->soff[s + 1] - b->soff[s];

		FL_CHECK_INTERRUPTS();
		put_le(p, (uint64_t) b->t[i], 8);
		put_le(p + 8, sl, 4);
		memcpy(p + 12, b->pool + b->soff[s], sl);
		p += 12 + sl;
	}
	*len = total;
	return out;
}

int
fl_builder_deserialize(fl_builder *b, const unsigned char *p, size_t len, fl_error *err)
{
	size_t		pos = 4;
	uint32_t	n;

	if (len < 4)
		return fl_seterr(err, FL_EBINARY, "truncated aggregate state");
	n = (uint32_t) get_le(p, 4);
	for (uint32_t i = 0; i < n; i++)
	{
		int64_t		t;
		uint32_t	sl;
		int64_t		k;

		FL_CHECK_INTERRUPTS();
		if (len - pos < 12)
			return fl_seterr(err, FL_EBINARY, "truncated aggregate state at entry %u", i);
		t = (int64_t) get_le(p + pos, 8);
		sl = (uint32_t) get_le(p + pos + 8, 4);
		pos += 12;
		if (len - pos < sl)
			return fl_seterr(err, FL_EBINARY, "truncated aggregate state at entry %u", i);
		k = fl_builder_intern(b, (const char *) p + pos, sl, err);
		if (k < 0 || fl_builder_push(b, t, (uint32_t) k, err))
			return -1;
		pos += sl;
	}
	if (pos != len)
		return fl_seterr(err, FL_EBINARY, "aggregate state has %zu trailing bytes", len - pos);
	return 0;
}

