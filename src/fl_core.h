/*
 * fl_core.h — the pure-C core of frontline (no postgres.h).
 *
 * Everything here can be compiled and tested without a server: the
 * control_history literal parser and printer, the binary codec, the flat
 * (on-disk) layout with binary search, and place-name folding.  The fmgr
 * layer (fl_history.c, fl_names.c) converts Datums and turns fl_error into
 * ereport().
 *
 * Time is int64 microseconds since 2000-01-01 00:00:00 UTC, exactly as
 * PostgreSQL stores timestamptz.
 */
#ifndef FL_CORE_H
#define FL_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Supported instants: 0001-01-01 00:00:00 UTC .. 9999-12-31 23:59:59.999999 UTC */
#define FL_MIN_INSTANT INT64_C(-63082281600000000)
#define FL_MAX_INSTANT INT64_C(252455615999999999)

#define FL_MAX_NAME_BYTES 1000      /* one actor name */
#define FL_MAX_CONTENDERS 1000      /* actors in one contested state */
#define FL_MAX_ENTRIES   (INT32_C(1) << 26)  /* 67M transitions: < 1 GB varlena */

#define FL_FORMAT_VERSION 1

/*
 * Interrupt hook, as liblwgeom's: every loop whose length depends on input
 * calls FL_CHECK_INTERRUPTS().  The server points the hook at
 * CHECK_FOR_INTERRUPTS(), which may leave by longjmp: the core allocates
 * only through the caller's allocator (palloc in the server), so nothing
 * leaks.  Unit tests and the fuzzer leave it NULL (or count the calls).
 */
extern void (*fl_interrupt_hook) (void);
#define FL_CHECK_INTERRUPTS() do { if (fl_interrupt_hook) fl_interrupt_hook(); } while (0)

/* state kinds, as stored in the pool */
#define FL_KIND_ACTOR     'A'
#define FL_KIND_CONTESTED 'C'
#define FL_KIND_UNKNOWN   'U'

typedef enum fl_errcode
{
	FL_OK = 0,
	FL_ESYNTAX,		/* malformed literal: 22P02 */
	FL_ETIME,		/* bad or out-of-range instant: 22008 */
	FL_EORDER,		/* instants not strictly increasing / duplicate: 22000 */
	FL_EVALUE,		/* bad name, reserved word, contender rule: 22023 */
	FL_EBINARY,		/* malformed binary input: 22P03 */
	FL_ELIMIT,		/* too large: 54000 */
	FL_ENOMEM		/* allocation failed: 53200 */
} fl_errcode;

typedef struct fl_error
{
	fl_errcode	code;
	char		msg[256];
	char		detail[256];
} fl_error;

typedef struct fl_allocator
{
	void	   *(*alloc) (void *ctx, size_t size);		/* may return NULL */
	void	   *(*realloc) (void *ctx, void *ptr, size_t size);	/* may return NULL */
	void		(*free) (void *ctx, void *ptr);
	void	   *ctx;
} fl_allocator;

/* set err (if not NULL) and return -1 */
int			fl_seterr(fl_error *err, fl_errcode code, const char *fmt,...)
#ifdef __GNUC__
			__attribute__((format(printf, 3, 4)))
#endif
			;

/* build a serialized contested state from names (sorted, unique, n==0 or n>=2) */
int			fl_make_contested(const fl_allocator *a, const char **names, const size_t *lens,
							  size_t n, char **out, size_t *outlen, fl_error *err);

/* malloc-based allocator for tools and tests */
extern const fl_allocator fl_std_allocator;

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

/* append an entry with an interned state index */
int			fl_builder_push(fl_builder *b, int64_t t, uint32_t sidx, fl_error *err);

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
/* unaligned native-order u32 access, for every stored layout */
static inline uint32_t
fl_get_u32(const unsigned char *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return v;
}

static inline void
fl_put_u32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* hot accessors of the flat layout, inline (memcpy: no alignment assumed) */
static inline int64_t
fl_view_instant(const fl_view *v, uint32_t i)
{
	int64_t		t;

	memcpy(&t, v->instants + (size_t) i * 8, 8);
	return t;
}

static inline uint32_t
fl_view_sidx(const fl_view *v, uint32_t i)
{
	return fl_get_u32(v->sidx + (size_t) i * 4);
}

static inline void
fl_view_state(const fl_view *v, uint32_t sidx, const char **bytes, size_t *len)
{
	uint32_t	o = fl_get_u32(v->soff + (size_t) sidx * 4),
				e = fl_get_u32(v->soff + (size_t) (sidx + 1) * 4);

	*bytes = (const char *) v->pool + o;
	*len = e - o;
}

/* index of the last entry with instant <= t, or -1 */
int64_t		fl_view_find(const fl_view *v, int64_t t);

/* controller of a state: actor name, "contested", or NULL for unknown */
const char *fl_state_controller(const char *state, size_t len, size_t *outlen);

/* does state match the controller name (actor name or "contested")? */
int			fl_state_is(const char *state, size_t len, const char *name, size_t namelen);

/* ---------------------------------------------------------------- text */

/* parse a literal into a canonical builder (b must be initialised) */
int			fl_parse_history(fl_builder *b, const char *s, size_t len, fl_error *err);

/*
 * parse one state value as the aggregate receives it: NULL / "unknown" ->
 * unknown, "contested" or "contested(A,B,...)", anything else is an actor
 * name taken verbatim.  Writes the serialized state to *out (allocated).
 */
int			fl_parse_state_value(const fl_allocator *a, const char *s, size_t len,
								 char **out, size_t *outlen, fl_error *err);

/* print a view as a literal; returns an allocated NUL-terminated string */
char	   *fl_print_history(const fl_allocator *a, const fl_view *v, size_t *outlen, fl_error *err);

/* print one state as a literal fragment (Taliban, contested(A,B), unknown) */
char	   *fl_print_state(const fl_allocator *a, const char *state, size_t len, size_t *outlen, fl_error *err);

/* ISO-8601 instant with mandatory UTC offset; returns bytes consumed or 0 */
size_t		fl_parse_instant(const char *s, size_t len, int64_t *out, fl_error *err);
/* "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"; buf must hold 32 bytes; returns length */
int			fl_format_instant(int64_t t, char *buf);

/* validate an actor name: non-empty, <= FL_MAX_NAME_BYTES, no control chars, not reserved */
int			fl_check_name(const char *s, size_t len, fl_error *err);

/* ---------------------------------------------------------------- binary */

/* send format: u8 version, u32 n, then per entry i64 instant, u8 kind,
 * A: u32 len + bytes; C: u32 count, count x (u32 len + bytes); U: nothing.
 * Big-endian. */
unsigned char *fl_send(const fl_allocator *a, const fl_view *v, size_t *outlen, fl_error *err);
int			fl_recv(fl_builder *b, const unsigned char *p, size_t len, fl_error *err);

/* ---------------------------------------------------------------- names */

/* fold a place name for lookup: lower case, Latin diacritics removed,
 * punctuation and spaces dropped.  Returns allocated NUL-terminated UTF-8. */
char	   *fl_fold_name(const fl_allocator *a, const char *s, size_t len, size_t *outlen);

/* Levenshtein distance between two UTF-8 strings, in code points; long
 * inputs are capped at 255 code points. */
int			fl_levenshtein(const char *a, size_t alen, const char *b, size_t blen);

#endif							/* FL_CORE_H */
