/*
 * fl_claims.h — a place's claims as one sorted value (pure C, no postgres.h).
 *
 * The cache keeps, next to each place's resolved history, every claim about
 * the place: instant, report time, confidence, source and state.  Any
 * `sources`, `min_confidence` or `as_of` filter then resolves here, without
 * touching control_event: a binary search for "who held it at t", one pass
 * for the whole history.  The SQL wrapper is fl_claims_sql.c.
 *
 * Order: by instant, then by the rule's rank within an instant, ascending:
 * unrated (NULL confidence) first, then by confidence, then by event_id.
 * The winner of an instant under a filter is therefore the LAST claim of
 * its instant that passes the filter, and "who held it at t" walks
 * backwards from the last claim at or before t to the first that passes.
 *
 * Layout (native byte order, like the flat control_history; read with
 * memcpy, no alignment assumed):
 *   u8 version, u8 flags, u16 reserved, u32 n, u32 nsources, u32 nstates,
 *   u32 poolbytes, u32 reserved,
 *   int64 at[n], int64 reported[n], float4 confidence[n] (NaN: NULL),
 *   u32 source[n] (FL_CLAIMS_NO_SOURCE: NULL), u32 state[n],
 *   u32 offset[nsources + nstates + 1], pool.
 * Strings 0 .. nsources-1 of the pool are source names, the next nstates
 * are serialized states (fl_state.h: kind + payload).
 */
#ifndef FL_CLAIMS_H
#define FL_CLAIMS_H

#include "fl_hist.h"
#include <math.h>

#define FL_CLAIMS_VERSION 1
#define FL_CLAIMS_HEADER 24
#define FL_CLAIMS_NO_SOURCE UINT32_C(0xFFFFFFFF)
#define FL_CLAIMS_MAX     (INT32_C(1) << 25)	/* 33M claims of one place */

/* ---------------------------------------------------------------- builder */

typedef struct fl_claim_row
{
	int64_t		at;
	int64_t		reported;
	int64_t		event_id;
	float		confidence;		/* NaN: NULL */
	uint32_t	source;			/* index in sources, or FL_CLAIMS_NO_SOURCE */
	uint32_t	state;			/* index in states */
} fl_claim_row;

typedef struct fl_claims_builder
{
	const fl_allocator *a;
	fl_claim_row *rows;
	size_t		n,
				cap;
	fl_builder	sources;		/* used only to intern strings */
	fl_builder	states;
} fl_claims_builder;

void		fl_claims_builder_init(fl_claims_builder *b, const fl_allocator *a);
void		fl_claims_builder_free(fl_claims_builder *b);

/*
 * Add one claim.  source may be NULL; confidence NaN means NULL; state is
 * a serialized state (fl_parse_state_value).  Instants are checked.
 */
int			fl_claims_add(fl_claims_builder *b, int64_t at, int64_t reported, float confidence,
						  int64_t event_id, const char *source, size_t sourcelen,
						  const char *state, size_t statelen, fl_error *err);

/*
 * Sort (the order above) and write.  Returns an allocated buffer whose first
 * `head` bytes are left for the caller (a varlena header) and the payload's
 * length in *len.
 */
unsigned char *fl_claims_finish(fl_claims_builder *b, size_t head, size_t *len, fl_error *err);

/* ---------------------------------------------------------------- view */

typedef struct fl_claims_view
{
	uint32_t	n;
	uint32_t	nsources;
	uint32_t	nstates;
	const unsigned char *at;
	const unsigned char *reported;
	const unsigned char *confidence;
	const unsigned char *source;
	const unsigned char *state;
	const unsigned char *offset;
	const unsigned char *pool;
	uint32_t	poollen;
} fl_claims_view;

/* open, checking sizes, offsets and indexes (O(n)) */
int			fl_claims_open(fl_claims_view *v, const unsigned char *p, size_t len, fl_error *err);

/*
 * open, checking the header, the sizes and the dictionary only (O(number of
 * strings)), not each claim's indexes: for the reads that check the indexes
 * they read themselves (fl_claims_winner_at, fl_claims_resolve).  A point
 * read of a long set then touches only the bytes it reads (on 10,000 places
 * of 100 claims, the O(n) pass of fl_claims_open was a third of a snapshot
 * under a filter), and a resolve reads each claim once, not twice.  The
 * accessors and the other functions below need fl_claims_open.
 */
int			fl_claims_open_header(fl_claims_view *v, const unsigned char *p, size_t len, fl_error *err);

static inline int64_t
fl_claims_at(const fl_claims_view *v, uint32_t i)
{
	int64_t		t;

	memcpy(&t, v->at + (size_t) i * 8, 8);
	return t;
}

static inline int64_t
fl_claims_reported(const fl_claims_view *v, uint32_t i)
{
	int64_t		t;

	memcpy(&t, v->reported + (size_t) i * 8, 8);
	return t;
}

static inline float
fl_claims_confidence(const fl_claims_view *v, uint32_t i)
{
	float		c;

	memcpy(&c, v->confidence + (size_t) i * 4, 4);
	return c;
}

static inline uint32_t
fl_claims_source(const fl_claims_view *v, uint32_t i)
{
	return fl_get_u32(v->source + (size_t) i * 4);
}

static inline uint32_t
fl_claims_state_index(const fl_claims_view *v, uint32_t i)
{
	return fl_get_u32(v->state + (size_t) i * 4);
}

/* string k of the pool (sources first, then states) */
void		fl_claims_string(const fl_claims_view *v, uint32_t k, const char **bytes, size_t *len);

/* the serialized state of claim i */
void		fl_claims_state(const fl_claims_view *v, uint32_t i, const char **bytes, size_t *len);

/* ---------------------------------------------------------------- splice */

/*
 * The claim set of the claims of `before` at instants before `from`,
 * followed by the claims of `later`, each of which must be at `from` or
 * later (otherwise FL_EVALUE).  The bytes are those fl_claims_finish gives
 * for the same claims added one by one: no claim of one part ties with a
 * claim of the other (their instants differ), each part keeps its order,
 * and the dictionaries are renumbered by first use.  Either may be NULL
 * (no claims).  Returns an allocated buffer with `head` bytes left for the
 * caller, as fl_claims_finish does, and the number of claims in *n (the
 * caller stores no claim set for 0).  This is how the commit-time flush
 * puts a load's claims into a place's cached claim set: it reads again
 * only the place's claims from the load's earliest instant on.
 */
unsigned char *fl_claims_splice(const fl_claims_view *before, int64_t from, const fl_claims_view *later,
								const fl_allocator *a, size_t head, size_t *len, size_t *n,
								fl_error *err);

/*
 * The claim set of the claims of `before` at none of the `ninstants`
 * instants (sorted ascending, distinct), with the claims of `later`, each
 * of which must be at one of those instants (otherwise FL_EVALUE).  The
 * bytes are those fl_claims_finish gives for the same claims added one by
 * one: at each instant every claim comes from one part, in that part's
 * order.  Either set may be NULL (no claims).  Returns as fl_claims_splice
 * does.  The commit-time flush of a transaction that inserted claims at a
 * few instants reads again only the place's claims at those instants (a
 * claim inserted among older ones may tie with them, and a claim set keeps
 * no event ids to order a tie), not every claim from the earliest on.
 */
unsigned char *fl_claims_replace(const fl_claims_view *before, const int64_t *instants, size_t ninstants,
								 const fl_claims_view *later, const fl_allocator *a, size_t head,
								 size_t *len, size_t *n, fl_error *err);

/* ---------------------------------------------------------------- the rule */

/*
 * A filter, as the SQL functions take it.  source_ok has nsources entries
 * (1: the source is among `sources`), or is NULL for no sources filter;
 * claims without a source never pass a sources filter.  Unrated claims
 * pass only when min_confidence <= 0.
 */
typedef struct fl_claims_filter
{
	const unsigned char *source_ok;
	float		min_confidence;
	int			has_as_of;
	int64_t		as_of;
} fl_claims_filter;

static inline int
fl_claims_passes(const fl_claims_view *v, const fl_claims_filter *f, uint32_t i)
{
	float		c;

	/* inline: the resolve calls it for every claim of a place */
	if (f->source_ok)
	{
		uint32_t	s = fl_claims_source(v, i);

		if (s == FL_CLAIMS_NO_SOURCE || !f->source_ok[s])
			return 0;
	}
	c = fl_claims_confidence(v, i);
	if (isnan(c) ? f->min_confidence > 0 : !(c >= f->min_confidence))
		return 0;
	if (f->has_as_of && fl_claims_reported(v, i) > f->as_of)
		return 0;
	return 1;
}

/* index of the last claim with at <= t, or -1 */
int64_t		fl_claims_find(const fl_claims_view *v, int64_t t);

/*
 * the winning claim at moment t under the filter (index), or -1 for none;
 * -2 (err set) when a claim it visits holds a source or state index out of
 * range.  It checks every claim it reads, so the view may come from
 * fl_claims_open_header.
 */
int64_t		fl_claims_winner_at(const fl_claims_view *v, const fl_claims_filter *f, int64_t t, fl_error *err);

/*
 * since when the controller at moment t under the filter had held it: the
 * instant at which the resolved history's period holding t starts (what
 * since() of fl_claims_resolve's history at t gives), found by walking back
 * from the winner at t over the earlier instants' winners while they name
 * the same controller, without resolving the rest.  Returns 1 with *since
 * set, 0 when no claim at or before t passes the filter, -1 (err set) for a
 * source or state index out of range; checks every claim it reads.
 */
int			fl_claims_since(const fl_claims_view *v, const fl_claims_filter *f, int64_t t, int64_t *since,
							fl_error *err);

/*
 * The resolved history under the filter as it stands over [from, to]: its
 * first entry, at from, is the winner in force then (none if no claim
 * passes before), followed by the changes of the instants after from up to
 * to.  Its controller at every moment of [from, to] is that of
 * fl_claims_resolve; it reads only the claims of the window and those it
 * walks back over for the first entry (a series over a month of a long
 * history).  from_start: no from; the history from the first claim.
 */
int			fl_claims_resolve_window(const fl_claims_view *v, const fl_claims_filter *f, int from_start,
									 int64_t from, int64_t to, fl_builder *out, fl_error *err);

/*
 * The resolved history under the filter: each instant's winner, appended to
 * an empty builder as a canonical history (a winner in the state of the
 * entry before it adds nothing; states numbered by first appearance),
 * exactly as control_history_agg over winning_claims.  Both check every
 * index they read, so the view may come from fl_claims_open_header.
 */
int			fl_claims_resolve(const fl_claims_view *v, const fl_claims_filter *f, fl_builder *out,
							  fl_error *err);

/*
 * The changes of controller (actor, contested, or NULL for unknown) in
 * [from, to): each instant's winner under the filter against the previous
 * winner (none before the first, which counts as NULL), as `changes` reports
 * them.  emit gets the instant, the previous winner (-1: none) and the
 * winner; a positive return stops the walk and is returned.  It reads only
 * the claims of [from, to) and, when there is one, the winner before from
 * (a binary search), and checks every claim it reads, so the view may come
 * from fl_claims_open_header: -1 (err set) for a source or state index out
 * of range.
 */
typedef int (*fl_claims_change_cb) (void *ctx, int64_t at, int64_t prev, int64_t cur);
int			fl_claims_changes(const fl_claims_view *v, const fl_claims_filter *f, int64_t from, int64_t to,
							  fl_claims_change_cb emit, void *ctx, fl_error *err);

/* whether the set holds a claim (any, whatever a filter) in [from, to) */
int			fl_claims_any_in(const fl_claims_view *v, int64_t from, int64_t to);

/* ok[k] = 1 for the sources k of the set named in names[0 .. n-1] (the
 * source_ok of a filter); ok has v->nsources entries */
void		fl_claims_match_sources(const fl_claims_view *v, const char *const *names, const int *lens,
									int n, unsigned char *ok);

#endif							/* FL_CLAIMS_H */
