/*
 * Unit tests of fl_claims.c: the rule over a sorted claim set against a
 * naive statement of the rule over the unsorted claims, on random claim
 * sets and filters; corrupted claim sets are refused or read safely.
 */
#include "fl_claims.h"
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct raw_claim
{
	int64_t		at,
				reported,
				event_id;
	float		conf;
	int			source;			/* -1: NULL */
	char		state[8];
	size_t		statelen;
} raw_claim;

static const char *const SOURCES[] = {"AP", "AFP", "Reuters", "CNN"};

static uint64_t crng = 0x9E3779B97F4A7C15ULL;
static uint64_t
crnd(void)
{
	crng ^= crng << 13;
	crng ^= crng >> 7;
	crng ^= crng << 17;
	return crng;
}

/*
 * The two parts of a splice or a replace, opened in pv: part 1 the claims
 * with second[i], part 0 the others and some of part 1's again under
 * another state (stale: the splice or the replace drops them).
 */
static void
build_parts(const raw_claim *cs, int n, const int *second, const char *what,
			fl_claims_builder parts[2], unsigned char *pp[2], fl_claims_view pv[2])
{
	fl_error	err;

	for (int h = 0; h < 2; h++)
	{
		size_t		len = 0;

		fl_claims_builder_init(&parts[h], &fl_std_allocator);
		for (int i = 0; i < n; i++)
		{
			int			fresh = h == 1 || !second[i];

			if (second[i] != h && !(h == 0 && second[i] && crnd() % 2))
				continue;
			fl_claims_add(&parts[h], cs[i].at, cs[i].reported, cs[i].conf, cs[i].event_id,
						  cs[i].source < 0 ? NULL : SOURCES[cs[i].source],
						  cs[i].source < 0 ? 0 : strlen(SOURCES[cs[i].source]),
						  fresh ? cs[i].state : "U", fresh ? cs[i].statelen : 1, &err);
		}
		pp[h] = fl_claims_finish(&parts[h], 0, &len, &err);
		CHECK(pp[h] && fl_claims_open(&pv[h], pp[h], len, &err) == 0, "%s: a part: %s", what, err.msg);
	}
}

static void
free_parts(fl_claims_builder parts[2], unsigned char *pp[2])
{
	for (int h = 0; h < 2; h++)
	{
		free(pp[h]);
		fl_claims_builder_free(&parts[h]);
	}
}

static int
naive_passes(const raw_claim *c, const int *src_ok, float m, int has_as_of, int64_t as_of)
{
	if (src_ok && (c->source < 0 || !src_ok[c->source]))
		return 0;
	if (isnan(c->conf) ? m > 0 : !(c->conf >= m))
		return 0;
	if (has_as_of && c->reported > as_of)
		return 0;
	return 1;
}

/* does x outrank y at the same instant? */
static int
outranks(const raw_claim *x, const raw_claim *y)
{
	if (isnan(x->conf) != isnan(y->conf))
		return isnan(y->conf);
	if (!isnan(x->conf) && x->conf != y->conf)
		return x->conf > y->conf;
	return x->event_id > y->event_id;
}

/* the winner at instant exactly t, or NULL */
/* the state of the last entry of b at or before t (0: none) */
static int
builder_state_at(const fl_builder *b, int64_t t, const char **bytes, size_t *len)
{
	int64_t		i = -1;

	for (size_t j = 0; j < b->n && b->t[j] <= t; j++)
		i = (int64_t) j;
	if (i < 0)
		return 0;
	*bytes = b->pool + b->soff[b->s[i]];
	*len = b->soff[b->s[i] + 1] - b->soff[b->s[i]];
	return 1;
}

static const raw_claim *
naive_winner_exact(const raw_claim *cs, int n, int64_t t, const int *ok, float m, int ha, int64_t k)
{
	const raw_claim *w = NULL;

	for (int i = 0; i < n; i++)
		if (cs[i].at == t && naive_passes(&cs[i], ok, m, ha, k) && (!w || outranks(&cs[i], w)))
			w = &cs[i];
	return w;
}

typedef struct change_rec
{
	int64_t		at,
				prev,
				cur;
} change_rec;

typedef struct change_list
{
	change_rec	r[64];
	int			n;
} change_list;

static int
collect_change(void *ctx, int64_t at, int64_t prev, int64_t cur)
{
	change_list *l = ctx;

	if (l->n < 64)
		l->r[l->n++] = (change_rec) {at, prev, cur};
	return 0;
}

/* controller of a raw state: NULL for unknown, "contested", or the actor */
static const char *
raw_controller(const char *state, size_t len, size_t *cl)
{
	return fl_state_controller(state, len, cl);
}

static int
same_raw(const char *a, size_t al, const char *b, size_t bl)
{
	if (a == NULL || b == NULL)
		return a == b;
	return al == bl && memcmp(a, b, al) == 0;
}

void
test_claims(void)
{
	int			mism_changes = 0;
	int			rounds = 400,
				mism_hist = 0,
				mism_window = 0,
				windows_checked = 0,
				mism_at = 0,
				mism_since = 0,
				since_checked = 0,
				corrupt_ok = 0;

	for (int r = 0; r < rounds; r++)
	{
		raw_claim	cs[64];
		int			n = (int) (crnd() % 64);
		fl_claims_builder b;
		unsigned char *payload;
		size_t		len;
		fl_error	err;
		fl_claims_view v;

		fl_claims_builder_init(&b, &fl_std_allocator);
		for (int i = 0; i < n; i++)
		{
			raw_claim  *c = &cs[i];
			static const float confs[] = {0.0f, 0.3f, 0.5f, 0.8f, 1.0f};
			int			k = (int) (crnd() % 4);

			c->at = (int64_t) (crnd() % 12) * 1000000;
			c->reported = c->at + (int64_t) (crnd() % 8) * 1000000 - 2000000;
			c->event_id = i + 1;
			c->conf = crnd() % 4 == 0 ? NAN : confs[crnd() % 5];
			c->source = crnd() % 5 == 0 ? -1 : (int) (crnd() % 4);
			if (k == 0)
			{
				c->state[0] = FL_KIND_UNKNOWN;
				c->statelen = 1;
			}
			else if (k == 3)
			{
				/* two contested states: one controller, "contested" */
				memcpy(c->state, crnd() % 2 ? "CA\0B" : "CA\0C", 4);
				c->statelen = 4;
			}
			else
			{
				c->state[0] = FL_KIND_ACTOR;
				c->state[1] = k == 1 ? 'A' : 'B';
				c->statelen = 2;
			}
			CHECK(fl_claims_add(&b, c->at, c->reported, c->conf, c->event_id,
								c->source < 0 ? NULL : SOURCES[c->source],
								c->source < 0 ? 0 : strlen(SOURCES[c->source]),
								c->state, c->statelen, &err) == 0, "add claim: %s", err.msg);
		}
		payload = fl_claims_finish(&b, 0, &len, &err);
		CHECK(payload != NULL, "finish: %s", err.msg);
		if (!payload)
			continue;
		CHECK(fl_claims_open(&v, payload, len, &err) == 0, "open: %s", err.msg);
		/* the same claims in the reverse order give the same bytes */
		{
			fl_claims_builder b2;
			unsigned char *p2;
			size_t		len2;

			fl_claims_builder_init(&b2, &fl_std_allocator);
			for (int i = n - 1; i >= 0; i--)
				fl_claims_add(&b2, cs[i].at, cs[i].reported, cs[i].conf, cs[i].event_id,
							  cs[i].source < 0 ? NULL : SOURCES[cs[i].source],
							  cs[i].source < 0 ? 0 : strlen(SOURCES[cs[i].source]),
							  cs[i].state, cs[i].statelen, &err);
			p2 = fl_claims_finish(&b2, 4, &len2, &err);
			CHECK(p2 && len2 == len && memcmp(p2 + 4, payload, len) == 0, "claim set bytes depend on the input order (or the head offset moved them)");
			free(p2);
			fl_claims_builder_free(&b2);
		}

		/* spliced: the claims of one set before an instant (the set also
		 * holds other claims from that instant on, which are dropped) and a
		 * set of the claims from it on give the bytes of all of them */
		{
			int64_t		split = (int64_t) (crnd() % 13) * 1000000;
			int			second[64];
			fl_claims_builder parts[2];
			unsigned char *pp[2],
					   *joined;
			size_t		jl,
						jn = 0;
			fl_claims_view pv[2];

			for (int i = 0; i < n; i++)
				second[i] = cs[i].at >= split;
			build_parts(cs, n, second, "splice", parts, pp, pv);
			joined = fl_claims_splice(pv[0].n || crnd() % 2 ? &pv[0] : NULL, split,
									  pv[1].n || crnd() % 2 ? &pv[1] : NULL,
									  &fl_std_allocator, 4, &jl, &jn, &err);
			CHECK(joined && jl == len && jn == (size_t) n && memcmp(joined + 4, payload, len) == 0,
				  "splice: the claims before %lld and from it on joined differ from the claim set of all %d",
				  (long long) split, n);
			free(joined);
			/* a claim spliced in before the instant is refused */
			if (pv[1].n > 0)
			{
				joined = fl_claims_splice(&pv[0], fl_claims_at(&pv[1], 0) + 1, &pv[1],
										  &fl_std_allocator, 0, &jl, &jn, &err);
				CHECK(joined == NULL && err.code == FL_EVALUE, "splice: a claim before the instant is refused");
				free(joined);
			}
			free_parts(parts, pp);
		}

		/* replaced: the claims of one set at none of a few instants (the
		 * set also holds other claims at those instants, which are
		 * dropped) and a set of the claims at them give the bytes of all */
		{
			int64_t		inst[13];
			size_t		ninst = 0;
			int			second[64];
			fl_claims_builder parts[2];
			unsigned char *pp[2],
					   *joined;
			size_t		jl,
						jn = 0;
			fl_claims_view pv[2];

			for (int t = 0; t < 13; t++)
				if (crnd() % 3 == 0)
					inst[ninst++] = (int64_t) t * 1000000;
			for (int i = 0; i < n; i++)
			{
				second[i] = 0;
				for (size_t k = 0; k < ninst; k++)
					second[i] |= cs[i].at == inst[k];
			}
			build_parts(cs, n, second, "replace", parts, pp, pv);
			joined = fl_claims_replace(pv[0].n || crnd() % 2 ? &pv[0] : NULL, inst, ninst,
									   pv[1].n || crnd() % 2 ? &pv[1] : NULL,
									   &fl_std_allocator, 4, &jl, &jn, &err);
			CHECK(joined && jl == len && jn == (size_t) n && memcmp(joined + 4, payload, len) == 0,
				  "replace: the claims at none of %zu instants and those at them differ from the claim set of all %d",
				  ninst, n);
			free(joined);
			/* a claim put in at an instant not among them is refused */
			if (pv[1].n > 0)
			{
				int64_t		other[13];
				size_t		nother = 0;

				for (size_t k = 0; k < ninst; k++)
					if (inst[k] != fl_claims_at(&pv[1], 0))
						other[nother++] = inst[k];
				joined = fl_claims_replace(&pv[0], other, nother, &pv[1], &fl_std_allocator, 0, &jl, &jn, &err);
				CHECK(joined == NULL && err.code == FL_EVALUE, "replace: a claim at another instant is refused");
				free(joined);
			}
			/* instants out of order are refused */
			if (ninst > 1)
			{
				int64_t		rev[2] = {inst[1], inst[0]};

				joined = fl_claims_replace(&pv[0], rev, 2, NULL, &fl_std_allocator, 0, &jl, &jn, &err);
				CHECK(joined == NULL && err.code == FL_EVALUE, "replace: unsorted instants are refused");
				free(joined);
			}
			free_parts(parts, pp);
		}

		for (int q = 0; q < 20; q++)
		{
			int			ok[4];
			unsigned char okv[8] = {0};
			int			use_src = crnd() % 2;
			float		m = (float) (crnd() % 4) * 0.3f;
			int			ha = crnd() % 2;
			int64_t		k = (int64_t) (crnd() % 14) * 1000000 - 2000000;
			fl_claims_filter f;
			fl_builder	got,
						want;

			if (crnd() % 3 == 0)
				m = 0;
			for (int s = 0; s < 4; s++)
				ok[s] = (int) (crnd() % 2);
			/* map the set's own source dictionary to the filter */
			for (uint32_t s = 0; s < v.nsources; s++)
			{
				const char *sb;
				size_t		sl;

				fl_claims_string(&v, s, &sb, &sl);
				for (int j = 0; j < 4; j++)
					if (strlen(SOURCES[j]) == sl && memcmp(SOURCES[j], sb, sl) == 0)
						okv[s] = (unsigned char) ok[j];
			}
			f.source_ok = use_src ? okv : NULL;
			f.min_confidence = m;
			f.has_as_of = ha;
			f.as_of = k;

			/* the whole history */
			fl_builder_init(&got, &fl_std_allocator);
			fl_builder_init(&want, &fl_std_allocator);
			CHECK(fl_claims_resolve(&v, &f, &got, &err) == 0, "resolve: %s", err.msg);
			for (int64_t t = 0; t < 12; t++)
			{
				const raw_claim *w = naive_winner_exact(cs, n, t * 1000000, use_src ? ok : NULL, m, ha, k);

				if (w)
				{
					int64_t		si = fl_builder_intern(&want, w->state, w->statelen, &err);

					fl_builder_push(&want, t * 1000000, (uint32_t) si, &err);
				}
			}
			fl_builder_canonicalize(&want, 1, &err);
			{
				size_t		gl = fl_flat_size(&got),
							wl = fl_flat_size(&want);
				unsigned char *gb = malloc(gl),
						   *wb = malloc(wl);

				fl_flat_write(&got, gb);
				fl_flat_write(&want, wb);
				if (gl != wl || memcmp(gb, wb, gl) != 0)
					mism_hist++;
				free(gb);
				free(wb);
			}
			/*
			 * a window [from, to]: the same controller as the whole history
			 * at every moment of it (whole and half instants)
			 */
			{
				int64_t		from = (int64_t) (crnd() % 13) * 1000000 - 500000 * (int64_t) (crnd() % 2),
							to = from + (int64_t) (crnd() % 6) * 1000000;
				fl_builder	win;

				fl_builder_init(&win, &fl_std_allocator);
				CHECK(fl_claims_resolve_window(&v, &f, 0, from, to, &win, &err) == 0, "window: %s", err.msg);
				for (int64_t t = from; t <= to; t += 500000)
				{
					const char *a,
							   *b;
					size_t		al,
								bl;
					int			ha2 = builder_state_at(&got, t, &a, &al),
								hb2 = builder_state_at(&win, t, &b, &bl);

					if (ha2 != hb2 || (ha2 && (al != bl || memcmp(a, b, al) != 0)))
						mism_window++;
					windows_checked++;
				}
				if (win.n > 0 && win.t[0] < from)
					mism_window++;
				/* canonical as it comes (the resolve does not canonicalise):
				 * canonicalising a copy changes no byte */
				{
					fl_builder	copy;
					size_t		wl = fl_flat_size(&win),
								cl;
					unsigned char *wb = malloc(wl),
							   *cb;

					fl_flat_write(&win, wb);
					fl_builder_init(&copy, &fl_std_allocator);
					CHECK(fl_builder_append(&copy, &win, &err) == 0 && fl_builder_canonicalize(&copy, 0, &err) == 0,
						  "window copy: %s", err.msg);
					cl = fl_flat_size(&copy);
					cb = malloc(cl);
					fl_flat_write(&copy, cb);
					CHECK(cl == wl && memcmp(cb, wb, wl) == 0, "a window's entries are not canonical as resolved");
					free(cb);
					free(wb);
					fl_builder_free(&copy);
				}
				fl_builder_free(&win);
			}
			fl_builder_free(&got);
			fl_builder_free(&want);

			/* changes of controller in [from, to) */
			{
				int64_t		from = (int64_t) (crnd() % 12) * 1000000,
							to = from + (int64_t) (crnd() % 8) * 1000000;
				change_list got_c = {.n = 0};
				const char *pc = NULL;
				size_t		pl = 0;
				int			k2 = 0,
							bad = 0;

				if (fl_claims_changes(&v, &f, from, to, collect_change, &got_c, &err) != 0)
					mism_changes++;
				/* whether any claim is in [from, to): changes() asks first */
				{
					int			any = 0;

					for (int c2 = 0; c2 < n; c2++)
						any |= cs[c2].at >= from && cs[c2].at < to;
					if (fl_claims_any_in(&v, from, to) != any)
						mism_changes++;
				}
				for (int64_t t = 0; t < 12; t++)
				{
					const raw_claim *w = naive_winner_exact(cs, n, t * 1000000, use_src ? ok : NULL, m, ha, k);
					const char *c;
					size_t		cl;

					if (!w)
						continue;
					c = raw_controller(w->state, w->statelen, &cl);
					if (t * 1000000 >= from && t * 1000000 < to && !same_raw(pc, pl, c, cl))
					{
						const char *gs;
						size_t		gl;
						const char *gc;
						size_t		gcl;

						if (k2 >= got_c.n || got_c.r[k2].at != t * 1000000)
							bad = 1;
						else
						{
							fl_claims_state(&v, (uint32_t) got_c.r[k2].cur, &gs, &gl);
							gc = fl_state_controller(gs, gl, &gcl);
							if (!same_raw(gc, gcl, c, cl) || fl_claims_at(&v, (uint32_t) got_c.r[k2].cur) != w->at)
								bad = 1;
						}
						k2++;
					}
					pc = c;
					pl = cl;
				}
				if (bad || k2 != got_c.n)
					mism_changes++;
			}

			/* who held it at t */
			for (int64_t t = -1; t < 13; t++)
			{
				const raw_claim *w = NULL;
				int64_t		i = fl_claims_winner_at(&v, &f, t * 1000000 + 500000, &err);

				for (int64_t u = t; u >= 0 && !w; u--)
					w = naive_winner_exact(cs, n, u * 1000000, use_src ? ok : NULL, m, ha, k);
				if (w == NULL)
				{
					if (i != -1)
						mism_at++;
				}
				else
				{
					const char *sb;
					size_t		sl;

					if (i < 0)
						mism_at++;
					else
					{
						fl_claims_state(&v, (uint32_t) i, &sb, &sl);
						if (sl != w->statelen || memcmp(sb, w->state, sl) != 0 ||
							fl_claims_at(&v, (uint32_t) i) != w->at)
							mism_at++;
					}
				}

				/*
				 * since when: back over the earlier instants' winners
				 * while they name the same controller (the naive rule's
				 * tenure), against fl_claims_since
				 */
				{
					int64_t		got_since = 0,
								want_since = 0;
					int			rc = fl_claims_since(&v, &f, t * 1000000 + 500000, &got_since, &err);

					if (w != NULL)
					{
						size_t		wl;
						const char *wc = raw_controller(w->state, w->statelen, &wl);

						want_since = w->at;
						for (int64_t u = w->at / 1000000 - 1; u >= 0; u--)
						{
							const raw_claim *e = naive_winner_exact(cs, n, u * 1000000, use_src ? ok : NULL, m, ha, k);
							const char *ec;
							size_t		el;

							if (e == NULL)
								continue;
							ec = raw_controller(e->state, e->statelen, &el);
							if (!same_raw(ec, el, wc, wl))
								break;
							want_since = e->at;
						}
					}
					since_checked++;
					if (w == NULL ? rc != 0 : (rc != 1 || got_since != want_since))
						mism_since++;
				}
			}
		}

		/* corrupted copies: refused, or read without a fault */
		for (int c = 0; c < 20 && len > 0; c++)
		{
			unsigned char *bad = malloc(len);
			fl_claims_view bv;
			size_t		blen = len - (crnd() % 3 == 0 ? crnd() % len : 0);

			memcpy(bad, payload, len);
			bad[crnd() % blen] ^= (unsigned char) (1u << (crnd() % 8));
			if (fl_claims_open(&bv, bad, blen, &err) == 0)
			{
				fl_claims_filter f = {NULL, 0, 0, 0};
				fl_builder	out;

				corrupt_ok++;
				fl_builder_init(&out, &fl_std_allocator);
				(void) fl_claims_resolve(&bv, &f, &out, &err);
				(void) fl_claims_winner_at(&bv, &f, 5000000, &err);
				fl_builder_free(&out);
			}
			/* the point read's open: only the header and the dictionary */
			if (fl_claims_open_header(&bv, bad, blen, &err) == 0)
			{
				fl_claims_filter f = {NULL, 0, 0, 0};
				unsigned char ok[64] = {0};

				corrupt_ok++;
				if (bv.nsources <= sizeof(ok))
				{
					f.source_ok = ok;
					ok[0] = 1;
				}
				fl_builder	out;

				fl_builder_init(&out, &fl_std_allocator);
				(void) fl_claims_resolve(&bv, &f, &out, &err);
				fl_builder_free(&out);
				for (int64_t t = -1; t < 13; t++)
				{
					int64_t		w = fl_claims_winner_at(&bv, &f, t * 1000000 + 500000, &err),
								since;

					(void) fl_claims_since(&bv, &f, t * 1000000 + 500000, &since, &err);
					if (t >= 0)
					{
						change_list cl = {.n = 0};

						(void) fl_claims_any_in(&bv, t * 1000000, (t + 3) * 1000000);
						(void) fl_claims_changes(&bv, &f, t * 1000000, (t + 3) * 1000000, collect_change, &cl, &err);
					}

					if (w >= 0)
					{
						const char *sb;
						size_t		sl;

						fl_claims_state(&bv, (uint32_t) w, &sb, &sl);
					}
				}
			}
			free(bad);
		}
		free(payload);
		fl_claims_builder_free(&b);
	}
	CHECK(mism_hist == 0, "claim sets: %d resolved histories differ from the naive rule", mism_hist);
	CHECK(mism_at == 0, "claim sets: %d winners at a moment differ from the naive rule", mism_at);
	CHECK(mism_since == 0 && since_checked > 10000,
		  "claim sets: %d of %d starts of the period held at a moment (fl_claims_since) differ from the naive rule",
		  mism_since, since_checked);
	CHECK(mism_window == 0 && windows_checked > 10000,
		  "claim sets: %d of %d moments of resolved windows differ from the whole history", mism_window,
		  windows_checked);
	CHECK(mism_changes == 0, "claim sets: %d lists of changes differ from the naive rule", mism_changes);
	printf("claim sets: %d rounds x 20 filters against the naive rule; %d corrupted copies opened and read safely\n",
		   rounds, corrupt_ok);

	/* errors */
	{
		fl_claims_builder b;
		fl_error	err;
		fl_claims_view v;
		unsigned char junk[24] = {9};

		fl_claims_builder_init(&b, &fl_std_allocator);
		CHECK(fl_claims_add(&b, FL_MAX_INSTANT + 1, 0, NAN, 1, NULL, 0, "U", 1, &err) == -1 && err.code == FL_ETIME,
			  "instant out of range is refused");
		CHECK(fl_claims_add(&b, 0, 0, NAN, 1, NULL, 0, "X", 1, &err) == -1 && err.code == FL_EVALUE,
			  "a state that is not serialized is refused");
		CHECK(fl_claims_open(&v, junk, sizeof(junk), &err) == -1 && err.code == FL_EBINARY, "bad header is refused");
		CHECK(fl_claims_open_header(&v, junk, sizeof(junk), &err) == -1 && err.code == FL_EBINARY,
			  "bad header is refused by the point read's open");
		fl_claims_builder_free(&b);
	}

	/*
	 * A source or state index out of range: fl_claims_open refuses the set;
	 * fl_claims_open_header does not look, and fl_claims_winner_at refuses
	 * it when its walk reads that claim (and only then).
	 */
	{
		fl_claims_builder b;
		fl_error	err;
		fl_claims_view v;
		unsigned char *p;
		size_t		len;
		const char	ctl[2] = {FL_KIND_ACTOR, 'A'};
		fl_claims_filter none = {NULL, 0, 0, 0};

		for (int which = 0; which < 2; which++)
		{
			fl_claims_builder_init(&b, &fl_std_allocator);
			for (int i = 0; i < 3; i++)
				CHECK(fl_claims_add(&b, (int64_t) i * 1000000, 0, NAN, i + 1, "AP", 2, ctl, 2, &err) == 0,
					  "add claim: %s", err.msg);
			p = fl_claims_finish(&b, 0, &len, &err);
			CHECK(p != NULL, "finish: %s", err.msg);
			/* claim 1's source (which 0) or state (which 1) index: 7 */
			fl_put_u32(p + FL_CLAIMS_HEADER + 3 * 20 + (size_t) which * 3 * 4 + 4, 7);
			CHECK(fl_claims_open(&v, p, len, &err) == -1 && err.code == FL_EBINARY &&
				  strstr(err.msg, "index") != NULL, "a %s index out of range is refused by fl_claims_open",
				  which ? "state" : "source");
			CHECK(fl_claims_open_header(&v, p, len, &err) == 0, "fl_claims_open_header does not read the indexes");
			CHECK(fl_claims_winner_at(&v, &none, 500000, &err) == 0,
				  "a walk that does not reach the bad claim answers");
			CHECK(fl_claims_winner_at(&v, &none, 1500000, &err) == -2 && err.code == FL_EBINARY,
				  "a walk that reads the bad %s index is an error", which ? "state" : "source");
			CHECK(fl_claims_winner_at(&v, &none, 2500000, &err) == 2,
				  "a walk that stops before the bad claim answers");
			{
				fl_builder	out;

				fl_builder_init(&out, &fl_std_allocator);
				CHECK(fl_claims_resolve(&v, &none, &out, &err) == -1 && err.code == FL_EBINARY,
					  "a resolve that reads the bad %s index is an error", which ? "state" : "source");
				fl_builder_free(&out);
			}
			free(p);
			fl_claims_builder_free(&b);
		}
	}
}
