/*
 * fl_claims.c — a place's sorted claims and the rule over them.
 * Pure C: no postgres.h.  See fl_claims.h; the SQL wrapper is fl_claims_sql.c.
 */
#include "fl_claims.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- builder */

void
fl_claims_builder_init(fl_claims_builder *b, const fl_allocator *a)
{
	memset(b, 0, sizeof(*b));
	b->a = a;
	fl_builder_init(&b->sources, a);
	fl_builder_init(&b->states, a);
}

void
fl_claims_builder_free(fl_claims_builder *b)
{
	if (b->rows)
		b->a->free(b->a->ctx, b->rows);
	b->rows = NULL;
	b->n = b->cap = 0;
	fl_builder_free(&b->sources);
	fl_builder_free(&b->states);
}

int
fl_claims_add(fl_claims_builder *b, int64_t at, int64_t reported, float confidence,
			  int64_t event_id, const char *source, size_t sourcelen,
			  const char *state, size_t statelen, fl_error *err)
{
	fl_claim_row *r;
	int64_t		st,
				src = -1;

	if (at < FL_MIN_INSTANT || at > FL_MAX_INSTANT)
		return fl_seterr(err, FL_ETIME, "claim instant is out of range");
	if (reported < FL_MIN_INSTANT || reported > FL_MAX_INSTANT)
		return fl_seterr(err, FL_ETIME, "claim report time is out of range");
	if (statelen == 0 || (state[0] != FL_KIND_ACTOR && state[0] != FL_KIND_CONTESTED &&
						  state[0] != FL_KIND_UNKNOWN))
		return fl_seterr(err, FL_EVALUE, "claim state is not a serialized state");
	if (b->n >= (size_t) FL_CLAIMS_MAX)
		return fl_seterr(err, FL_ELIMIT, "a place has more than %d claims", (int) FL_CLAIMS_MAX);
	if (fl_grow(b->a, (void **) &b->rows, &b->cap, b->n + 1, sizeof(fl_claim_row), err))
		return -1;
	st = fl_builder_intern(&b->states, state, statelen, err);
	if (st < 0)
		return -1;
	if (source)
	{
		/* intern takes a non-empty string: prefix a byte, stripped on write */
		char		buf[256];
		char	   *tmp = sourcelen + 1 <= sizeof(buf) ? buf : b->a->alloc(b->a->ctx, sourcelen + 1);

		if (!tmp)
			return fl_seterr(err, FL_ENOMEM, "out of memory collecting claims");
		tmp[0] = 'S';
		memcpy(tmp + 1, source, sourcelen);
		src = fl_builder_intern(&b->sources, tmp, sourcelen + 1, err);
		if (tmp != buf)
			b->a->free(b->a->ctx, tmp);
		if (src < 0)
			return -1;
	}
	r = &b->rows[b->n++];
	r->at = at;
	r->reported = reported;
	r->event_id = event_id;
	r->confidence = confidence;
	r->source = src < 0 ? FL_CLAIMS_NO_SOURCE : (uint32_t) src;
	r->state = (uint32_t) st;
	return 0;
}

/* the order of fl_claims.h: instant, then rank ascending (winner last) */
static int
row_before(const fl_claim_row *x, const fl_claim_row *y)
{
	int			xn = isnan(x->confidence),
				yn = isnan(y->confidence);

	if (x->at != y->at)
		return x->at < y->at;
	if (xn != yn)
		return xn;				/* unrated ranks lowest */
	if (!xn && x->confidence != y->confidence)
		return x->confidence < y->confidence;
	return x->event_id < y->event_id;
}

/* bottom-up merge sort, checking for interrupts once per pass */
static int
sort_rows(fl_claims_builder *b, fl_error *err)
{
	size_t		n = b->n;
	fl_claim_row *tmp,
			   *src,
			   *dst;

	if (n < 2)
		return 0;
	/* already in order (the claims of two claim sets, spliced): nothing to do */
	{
		size_t		i = 1;

		while (i < n && !row_before(&b->rows[i], &b->rows[i - 1]))
			i++;
		if (i == n)
			return 0;
	}
	tmp = b->a->alloc(b->a->ctx, n * sizeof(fl_claim_row));
	if (!tmp)
		return fl_seterr(err, FL_ENOMEM, "out of memory sorting claims");
	src = b->rows;
	dst = tmp;
	for (size_t w = 1; w < n; w *= 2)
	{
		fl_claim_row *swap;

		FL_CHECK_INTERRUPTS();
		for (size_t lo = 0; lo < n; lo += 2 * w)
		{
			size_t		mid = lo + w < n ? lo + w : n,
						hi = lo + 2 * w < n ? lo + 2 * w : n,
						i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
				dst[k++] = row_before(&src[j], &src[i]) ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != b->rows)
		memcpy(b->rows, src, n * sizeof(fl_claim_row));
	b->a->free(b->a->ctx, tmp);
	return 0;
}

unsigned char *
fl_claims_finish(fl_claims_builder *b, size_t head, size_t *len, fl_error *err)
{
	size_t		n = b->n,
				ns = b->sources.nstates,
				nt = b->states.nstates,
				srcbytes = ns ? b->sources.soff[ns] : 0,
				stbytes = nt ? b->states.soff[nt] : 0,
				pool = srcbytes - ns + stbytes,
				sz;
	unsigned char *buf,
			   *out,
			   *p;
	uint32_t	off = 0,
			   *srcmap,
			   *stmap,
			   *srcorder,
			   *storder,
				nsrc = 0,
				nst = 0;

	if (sort_rows(b, err))
		return NULL;
	sz = FL_CLAIMS_HEADER + n * 28 + (ns + nt + 1) * 4 + pool;
	if (pool > UINT32_MAX || sz > ((size_t) 1 << 30))
	{
		fl_seterr(err, FL_ELIMIT, "the claims of one place take %zu bytes, more than 1 GB", sz);
		return NULL;
	}
	buf = b->a->alloc(b->a->ctx, head + sz);
	out = buf ? buf + head : NULL;
	/* dictionaries renumbered by first use in the sorted claims: equal claim
	 * sets have equal bytes, whatever order the claims arrived in */
	srcmap = b->a->alloc(b->a->ctx, (ns + 1) * sizeof(uint32_t));
	stmap = b->a->alloc(b->a->ctx, (nt + 1) * sizeof(uint32_t));
	srcorder = b->a->alloc(b->a->ctx, (ns + 1) * sizeof(uint32_t));
	storder = b->a->alloc(b->a->ctx, (nt + 1) * sizeof(uint32_t));
	if (!out || !srcmap || !stmap || !srcorder || !storder)
	{
		fl_seterr(err, FL_ENOMEM, "out of memory writing claims");
		return NULL;
	}
	for (size_t k = 0; k < ns; k++)
		srcmap[k] = FL_CLAIMS_NO_SOURCE;
	for (size_t k = 0; k < nt; k++)
		stmap[k] = FL_CLAIMS_NO_SOURCE;
	for (size_t i = 0; i < n; i++)
	{
		uint32_t	s = b->rows[i].source,
					t = b->rows[i].state;

		if (s != FL_CLAIMS_NO_SOURCE && srcmap[s] == FL_CLAIMS_NO_SOURCE)
		{
			srcmap[s] = nsrc;
			srcorder[nsrc++] = s;
		}
		if (stmap[t] == FL_CLAIMS_NO_SOURCE)
		{
			stmap[t] = nst;
			storder[nst++] = t;
		}
	}
	out[0] = FL_CLAIMS_VERSION;
	out[1] = out[2] = out[3] = 0;
	fl_put_u32(out + 4, (uint32_t) n);
	fl_put_u32(out + 8, nsrc);
	fl_put_u32(out + 12, nst);
	fl_put_u32(out + 16, (uint32_t) pool);
	fl_put_u32(out + 20, 0);
	p = out + FL_CLAIMS_HEADER;
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * 8, &b->rows[i].at, 8);
	p += n * 8;
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * 8, &b->rows[i].reported, 8);
	p += n * 8;
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * 4, &b->rows[i].confidence, 4);
	p += n * 4;
	for (size_t i = 0; i < n; i++)
		fl_put_u32(p + i * 4, b->rows[i].source == FL_CLAIMS_NO_SOURCE ? FL_CLAIMS_NO_SOURCE
				: srcmap[b->rows[i].source]);
	p += n * 4;
	for (size_t i = 0; i < n; i++)
		fl_put_u32(p + i * 4, stmap[b->rows[i].state]);
	p += n * 4;
	/* offsets: sources without their prefix byte, then states */
	{
		unsigned char *offs = p,
				   *pl = p + (ns + nt + 1) * 4;

		for (uint32_t k = 0; k < nsrc; k++)
		{
			uint32_t	o = b->sources.soff[srcorder[k]] + 1,
						e = b->sources.soff[srcorder[k] + 1];

			fl_put_u32(offs + (size_t) k * 4, off);
			memcpy(pl + off, b->sources.pool + o, e - o);
			off += e - o;
		}
		for (uint32_t k = 0; k < nst; k++)
		{
			uint32_t	o = b->states.soff[storder[k]],
						e = b->states.soff[storder[k] + 1];

			fl_put_u32(offs + (size_t) (nsrc + k) * 4, off);
			memcpy(pl + off, b->states.pool + o, e - o);
			off += e - o;
		}
		fl_put_u32(offs + (size_t) (nsrc + nst) * 4, off);
	}
	b->a->free(b->a->ctx, srcmap);
	b->a->free(b->a->ctx, stmap);
	b->a->free(b->a->ctx, srcorder);
	b->a->free(b->a->ctx, storder);
	*len = sz;
	return buf;
}

/* ---------------------------------------------------------------- splice */

/* is t one of the n sorted instants? */
static int
among(const int64_t *instants, size_t n, int64_t t)
{
	size_t		k = fl_lower_bound(instants, n, t);

	return k < n && instants[k] == t;
}

/*
 * add claims 0 .. n-1 of v in its order, with event ids first_id,
 * first_id + 1, ..., except those at one of the nskip sorted instants skip
 */
static int
add_view_skipping(fl_claims_builder *b, const fl_claims_view *v, uint32_t n, int64_t first_id,
				  const int64_t *skip, size_t nskip, fl_error *err)
{
	for (uint32_t i = 0; i < n; i++)
	{
		uint32_t	s = fl_claims_source(v, i);
		const char *src = NULL,
				   *st;
		size_t		srclen = 0,
					stlen;

		if ((i & 1023) == 0)
			FL_CHECK_INTERRUPTS();
		if (nskip > 0 && among(skip, nskip, fl_claims_at(v, i)))
			continue;
		if (s != FL_CLAIMS_NO_SOURCE)
			fl_claims_string(v, s, &src, &srclen);
		fl_claims_state(v, i, &st, &stlen);
		if (fl_claims_add(b, fl_claims_at(v, i), fl_claims_reported(v, i), fl_claims_confidence(v, i),
						  first_id + (int64_t) i, src, srclen, st, stlen, err))
			return -1;
	}
	return 0;
}

static int
add_view(fl_claims_builder *b, const fl_claims_view *v, uint32_t n, int64_t first_id, fl_error *err)
{
	return add_view_skipping(b, v, n, first_id, NULL, 0, err);
}

unsigned char *
fl_claims_splice(const fl_claims_view *before, int64_t from, const fl_claims_view *later,
				 const fl_allocator *a, size_t head, size_t *len, size_t *n, fl_error *err)
{
	fl_claims_builder b;
	unsigned char *out = NULL;
	uint32_t	keep = 0;

	/* the claims of before at instants before from: a prefix (sorted) */
	if (before)
	{
		int64_t		last = from > FL_MIN_INSTANT ? fl_claims_find(before, from - 1) : -1;

		keep = (uint32_t) (last + 1);
	}
	if (later && later->n > 0 && fl_claims_at(later, 0) < from)
	{
		fl_seterr(err, FL_EVALUE, "a claim spliced in is before the instant it is spliced at");
		return NULL;
	}
	fl_claims_builder_init(&b, a);
	if ((before == NULL || add_view(&b, before, keep, 0, err) == 0) &&
		(later == NULL || add_view(&b, later, later->n, (int64_t) keep, err) == 0))
	{
		*n = b.n;
		out = fl_claims_finish(&b, head, len, err);
	}
	fl_claims_builder_free(&b);
	return out;
}

unsigned char *
fl_claims_replace(const fl_claims_view *before, const int64_t *instants, size_t ninstants,
				  const fl_claims_view *later, const fl_allocator *a, size_t head,
				  size_t *len, size_t *n, fl_error *err)
{
	fl_claims_builder b;
	unsigned char *out = NULL;

	for (size_t k = 1; k < ninstants; k++)
		if (instants[k] <= instants[k - 1])
		{
			fl_seterr(err, FL_EVALUE, "the instants claims are replaced at are not sorted and distinct");
			return NULL;
		}
	if (later)
		for (uint32_t i = 0; i < later->n; i++)
		{
			if ((i & 1023) == 0)
				FL_CHECK_INTERRUPTS();
			if (!among(instants, ninstants, fl_claims_at(later, i)))
			{
				fl_seterr(err, FL_EVALUE, "a claim put in is at an instant not among those replaced");
				return NULL;
			}
		}
	fl_claims_builder_init(&b, a);
	/* the ids only keep each part's order within an instant: at any one
	 * instant, every claim comes from one part */
	if ((before == NULL || add_view_skipping(&b, before, before->n, 0, instants, ninstants, err) == 0) &&
		(later == NULL || add_view(&b, later, later->n, before ? (int64_t) before->n : 0, err) == 0))
	{
		*n = b.n;
		out = fl_claims_finish(&b, head, len, err);
	}
	fl_claims_builder_free(&b);
	return out;
}

/* ---------------------------------------------------------------- view */

int
fl_claims_open_header(fl_claims_view *v, const unsigned char *p, size_t len, fl_error *err)
{
	uint64_t	need,
				nstr;
	uint32_t	prev = 0;

	if (len < FL_CLAIMS_HEADER || p[0] != FL_CLAIMS_VERSION)
		return fl_seterr(err, FL_EBINARY, "corrupt claim set (bad header)");
	v->n = fl_get_u32(p + 4);
	v->nsources = fl_get_u32(p + 8);
	v->nstates = fl_get_u32(p + 12);
	v->poollen = fl_get_u32(p + 16);
	nstr = (uint64_t) v->nsources + v->nstates;
	need = (uint64_t) FL_CLAIMS_HEADER + (uint64_t) v->n * 28 + (nstr + 1) * 4 + v->poollen;
	if (need != len)
		return fl_seterr(err, FL_EBINARY, "corrupt claim set (size mismatch)");
	v->at = p + FL_CLAIMS_HEADER;
	v->reported = v->at + (size_t) v->n * 8;
	v->confidence = v->reported + (size_t) v->n * 8;
	v->source = v->confidence + (size_t) v->n * 4;
	v->state = v->source + (size_t) v->n * 4;
	v->offset = v->state + (size_t) v->n * 4;
	v->pool = v->offset + (size_t) (nstr + 1) * 4;
	if (fl_get_u32(v->offset) != 0 || fl_get_u32(v->offset + nstr * 4) != v->poollen)
		return fl_seterr(err, FL_EBINARY, "corrupt claim set (dictionary)");
	for (uint64_t k = 0; k < nstr; k++)
	{
		uint32_t	o = fl_get_u32(v->offset + k * 4),
					e = fl_get_u32(v->offset + (k + 1) * 4);

		if ((k & 1023) == 0)
			FL_CHECK_INTERRUPTS();
		if (o < prev || e < o || e > v->poollen || (k >= v->nsources && e == o))
			return fl_seterr(err, FL_EBINARY, "corrupt claim set (dictionary)");
		prev = o;
	}
	return 0;
}

int
fl_claims_open(fl_claims_view *v, const unsigned char *p, size_t len, fl_error *err)
{
	if (fl_claims_open_header(v, p, len, err))
		return -1;
	for (uint32_t i = 0; i < v->n; i++)
	{
		uint32_t	s = fl_claims_source(v, i);

		if ((i & 1023) == 0)
			FL_CHECK_INTERRUPTS();
		if ((s != FL_CLAIMS_NO_SOURCE && s >= v->nsources) || fl_claims_state_index(v, i) >= v->nstates)
			return fl_seterr(err, FL_EBINARY, "corrupt claim set (index)");
		if (i > 0 && fl_claims_at(v, i) < fl_claims_at(v, i - 1))
			return fl_seterr(err, FL_EBINARY, "corrupt claim set (order)");
	}
	return 0;
}

void
fl_claims_string(const fl_claims_view *v, uint32_t k, const char **bytes, size_t *len)
{
	uint32_t	o = fl_get_u32(v->offset + (size_t) k * 4),
				e = fl_get_u32(v->offset + (size_t) (k + 1) * 4);

	*bytes = (const char *) v->pool + o;
	*len = e - o;
}

void
fl_claims_state(const fl_claims_view *v, uint32_t i, const char **bytes, size_t *len)
{
	fl_claims_string(v, v->nsources + fl_claims_state_index(v, i), bytes, len);
}

/* ---------------------------------------------------------------- the rule */

int64_t
fl_claims_find(const fl_claims_view *v, int64_t t)
{
	int64_t		lo = 0,
				hi = (int64_t) v->n;

	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (fl_claims_at(v, (uint32_t) mid) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

int64_t
fl_claims_winner_at(const fl_claims_view *v, const fl_claims_filter *f, int64_t t, fl_error *err)
{
	/*
	 * The indexes of every claim visited are checked here: the view may come
	 * from fl_claims_open_header, which did not check them.  On an unsorted
	 * (corrupt) set the search lands somewhere in range: a wrong answer,
	 * never a fault.
	 */
	for (int64_t i = fl_claims_find(v, t); i >= 0; i--)
	{
		uint32_t	s = fl_claims_source(v, (uint32_t) i);

		if ((i & 1023) == 0)
			FL_CHECK_INTERRUPTS();
		if ((s != FL_CLAIMS_NO_SOURCE && s >= v->nsources) ||
			fl_claims_state_index(v, (uint32_t) i) >= v->nstates)
		{
			(void) fl_seterr(err, FL_EBINARY, "corrupt claim set (index)");
			return -2;
		}
		if (fl_claims_passes(v, f, (uint32_t) i))
			return i;
	}
	return -1;
}

/*
 * The winners of the instants of claims start .. (the last at or before
 * to), pushed onto out after its entries; map: the builder's index + 1 of
 * each of the set's states, 0 until interned (a state is hashed once per
 * set, not once per winning claim).  A winner in the state of the entry
 * before it adds nothing (canonicalize would drop it).  Every index read is
 * checked, so the view may come from fl_claims_open_header.
 */
static int
resolve_from(const fl_claims_view *v, const fl_claims_filter *f, uint32_t start, int64_t to,
			 uint32_t *map, fl_builder *out, fl_error *err)
{
	uint32_t	i = start;

	while (i < v->n)
	{
		uint32_t	end = i + 1;
		int64_t		t = fl_claims_at(v, i);

		if ((i & 1023) == 0)
			FL_CHECK_INTERRUPTS();
		if (t > to)
			break;
		while (end < v->n && fl_claims_at(v, end) == t)
			end++;
		for (uint32_t j = end; j > i; j--)
		{
			uint32_t	src = fl_claims_source(v, j - 1),
						ci = fl_claims_state_index(v, j - 1);

			if ((src != FL_CLAIMS_NO_SOURCE && src >= v->nsources) || ci >= v->nstates)
				return fl_seterr(err, FL_EBINARY, "corrupt claim set (index)");
			if (fl_claims_passes(v, f, j - 1))
			{
				if (map[ci] == 0)
				{
					const char *st;
					size_t		sl;
					int64_t		k;

					fl_claims_string(v, v->nsources + ci, &st, &sl);
					k = fl_builder_intern(out, st, sl, err);
					if (k < 0)
						return -1;
					map[ci] = (uint32_t) k + 1;
				}
				if ((out->n == 0 || out->s[out->n - 1] != map[ci] - 1) &&
					fl_builder_push(out, t, map[ci] - 1, err))
					return -1;
				break;
			}
		}
		i = end;
	}
	return 0;
}

int
fl_claims_resolve_window(const fl_claims_view *v, const fl_claims_filter *f, int from_start, int64_t from,
						 int64_t to, fl_builder *out, fl_error *err)
{
	uint32_t   *map = NULL;
	uint32_t	start = 0;
	int			rc = -1;

	if (v->nstates > 0)
	{
		map = out->a->alloc(out->a->ctx, (size_t) v->nstates * sizeof(uint32_t));
		if (map == NULL)
			return fl_seterr(err, FL_ENOMEM, "out of memory");
		memset(map, 0, (size_t) v->nstates * sizeof(uint32_t));
	}
	/* room for one entry per claim, up to a few thousand: no regrowth for
	 * the usual history, and no more than that reserved for a long one */
	if (fl_builder_reserve(out, v->n < 4096 ? (size_t) v->n + 1 : 4096, err))
		goto done;
	if (!from_start)
	{
		/* the winner in force at from, entered at from; then what follows */
		int64_t		w = fl_claims_winner_at(v, f, from, err);

		if (w == -2)
			goto done;
		if (w >= 0)
		{
			const char *st;
			size_t		sl;
			uint32_t	ci = fl_claims_state_index(v, (uint32_t) w);
			int64_t		k;

			fl_claims_string(v, v->nsources + ci, &st, &sl);
			k = fl_builder_intern(out, st, sl, err);
			if (k < 0 || fl_builder_push(out, from, (uint32_t) k, err))
				goto done;
			map[ci] = (uint32_t) k + 1;
		}
		start = (uint32_t) (fl_claims_find(v, from) + 1);
	}
	if (resolve_from(v, f, start, to, map, out, err))
		goto done;
	/*
	 * No fl_builder_canonicalize (a tenth of a filtered history of a
	 * hundred claims): the entries are already canonical.  Their instants
	 * ascend (one entry per instant, the first at from), an entry is pushed
	 * only when its state differs from the last one's, and a state is
	 * interned only when it is pushed, so the states are numbered by first
	 * appearance and every one is used (test_claims.c checks it).
	 */
	rc = 0;
done:
	if (map)
		out->a->free(out->a->ctx, map);
	return rc;
}

int
fl_claims_resolve(const fl_claims_view *v, const fl_claims_filter *f, fl_builder *out, fl_error *err)
{
	return fl_claims_resolve_window(v, f, 1, 0, INT64_MAX, out, err);
}

/* the controllers of claims i and j (either may be -1: none, i.e. NULL) */
static int
same_controller(const fl_claims_view *v, int64_t i, int64_t j)
{
	const char *a = NULL,
			   *b = NULL;
	size_t		al = 0,
				bl = 0;

	if (i >= 0)
	{
		const char *st;
		size_t		sl;

		fl_claims_state(v, (uint32_t) i, &st, &sl);
		a = fl_state_controller(st, sl, &al);
	}
	if (j >= 0)
	{
		const char *st;
		size_t		sl;

		fl_claims_state(v, (uint32_t) j, &st, &sl);
		b = fl_state_controller(st, sl, &bl);
	}
	if (a == NULL || b == NULL)
		return a == b;
	return al == bl && memcmp(a, b, al) == 0;
}

int
fl_claims_since(const fl_claims_view *v, const fl_claims_filter *f, int64_t t, int64_t *since, fl_error *err)
{
	int64_t		w = fl_claims_winner_at(v, f, t, err),
				i;
	uint32_t	visited = 0;

	if (w == -2)
		return -1;
	if (w < 0)
		return 0;
	*since = fl_claims_at(v, (uint32_t) w);
	/* the first claim of the winner's instant */
	i = w;
	while (i > 0 && fl_claims_at(v, (uint32_t) (i - 1)) == *since)
		i--;
	/*
	 * the earlier instants, latest first: each one's winner is its last
	 * claim that passes; an instant none passes has no entry in the history
	 */
	while (i > 0)
	{
		int64_t		at = fl_claims_at(v, (uint32_t) (i - 1)),
					j,
					win = -1;

		for (j = i - 1; j >= 0 && fl_claims_at(v, (uint32_t) j) == at; j--)
		{
			uint32_t	s = fl_claims_source(v, (uint32_t) j);

			if ((++visited & 1023) == 0)
				FL_CHECK_INTERRUPTS();
			if (win >= 0)
				continue;
			if ((s != FL_CLAIMS_NO_SOURCE && s >= v->nsources) ||
				fl_claims_state_index(v, (uint32_t) j) >= v->nstates)
				return fl_seterr(err, FL_EBINARY, "corrupt claim set (index)");
			if (fl_claims_passes(v, f, (uint32_t) j))
				win = j;
		}
		i = j + 1;
		if (win < 0)
			continue;
		if (!same_controller(v, w, win))
			break;
		*since = at;
	}
	return 1;
}

int
fl_claims_any_in(const fl_claims_view *v, int64_t from, int64_t to)
{
	int64_t		first = fl_claims_find(v, from - 1) + 1;	/* the first claim at or after from */

	return first < (int64_t) v->n && fl_claims_at(v, (uint32_t) first) < to;
}

int
fl_claims_changes(const fl_claims_view *v, const fl_claims_filter *f, int64_t from, int64_t to,
				  fl_claims_change_cb emit, void *ctx, fl_error *err)
{
	int64_t		first = fl_claims_find(v, from - 1) + 1,	/* the first claim at or after from */
				prev;
	uint32_t	i;

	/* no claim in [from, to): no change (fl_claims_any_in) */
	if (first >= (int64_t) v->n || fl_claims_at(v, (uint32_t) first) >= to)
		return 0;
	/* the winner before from (none: NULL), then each instant of [from, to) */
	prev = fl_claims_winner_at(v, f, from - 1, err);
	if (prev == -2)
		return -1;
	i = (uint32_t) first;
	while (i < v->n)
	{
		uint32_t	end = i + 1;
		int64_t		t = fl_claims_at(v, i),
					w = -1;

		if ((i & 1023) == 0)
			FL_CHECK_INTERRUPTS();
		if (t >= to)
			break;
		while (end < v->n && fl_claims_at(v, end) == t)
			end++;
		for (uint32_t j = end; j > i; j--)
		{
			uint32_t	s = fl_claims_source(v, j - 1);

			if ((s != FL_CLAIMS_NO_SOURCE && s >= v->nsources) ||
				fl_claims_state_index(v, j - 1) >= v->nstates)
				return fl_seterr(err, FL_EBINARY, "corrupt claim set (index)");
			if (fl_claims_passes(v, f, j - 1))
			{
				w = j - 1;
				break;
			}
		}
		if (w >= 0)
		{
			if (!same_controller(v, prev, w))
			{
				int			rc = emit(ctx, t, prev, w);

				if (rc)
					return rc;
			}
			prev = w;
		}
		i = end;
	}
	return 0;
}

void
fl_claims_match_sources(const fl_claims_view *v, const char *const *names, const int *lens,
						int n, unsigned char *ok)
{
	for (uint32_t k = 0; k < v->nsources; k++)
	{
		const char *s;
		size_t		l;

		FL_CHECK_INTERRUPTS();
		fl_claims_string(v, k, &s, &l);
		ok[k] = 0;
		for (int j = 0; j < n; j++)
			if ((size_t) lens[j] == l && memcmp(names[j], s, l) == 0)
			{
				ok[k] = 1;
				break;
			}
	}
}
