/*
 * fl_base.h — what every module of the pure-C core shares: limits, the
 * interrupt hook, errors, the allocator, unaligned u32 access and the one
 * growable array.  No postgres.h anywhere in the core; the fmgr layer
 * (fl_pg.h) points the hook and the allocator at the server's.
 *
 * The core's modules, bottom up (each with its header; no include cycle):
 *   fl_base   errors, allocator, limits, growable array
 *   fl_time   instants: ISO-8601 parse and format
 *   fl_state  states: names, contested sets, controllers
 *   fl_hist   the history builder and the flat layout (fl_view)
 *   fl_text   the control_history literal
 *   fl_codec  the binary send/recv format
 *   fl_view   algorithms over one history (since, held, periods, ...)
 *   fl_gkey   the GiST key of a history and its predicates
 *   fl_claims claim sets: the rule under a filter
 *   fl_names  place-name folding, edit distance
 *   fl_geo    geodesy (PROJ), WKB
 *   fl_sweep  the time sweeps (series, fronts)
 */
#ifndef FL_BASE_H
#define FL_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FL_MAX_NAME_BYTES 1000      /* one actor name */
#define FL_MAX_CONTENDERS 1000      /* actors in one contested state */
#define FL_MAX_ENTRIES   (INT32_C(1) << 26)  /* 67M transitions: < 1 GB varlena */
#define FL_MAX_ALLOC     ((size_t) 1 << 40)  /* one growable array, in bytes */

/*
 * Interrupt hook, as liblwgeom's: every loop whose length depends on input
 * calls FL_CHECK_INTERRUPTS().  The server points the hook at
 * CHECK_FOR_INTERRUPTS(), which may leave by longjmp: the core allocates
 * only through the caller's allocator (palloc in the server), so nothing
 * leaks.  Unit tests and the fuzzer leave it NULL (or count the calls).
 */
extern void (*fl_interrupt_hook) (void);
#define FL_CHECK_INTERRUPTS() do { if (fl_interrupt_hook) fl_interrupt_hook(); } while (0)

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

/*
 * An error as PostgreSQL reports one: msg is the primary message (lower
 * case, no final period), detail the explanation (errdetail, may be empty),
 * hint the advice (errhint, may be empty).
 */
typedef struct fl_error
{
	fl_errcode	code;
	char		msg[256];
	char		detail[256];
	char		hint[256];
} fl_error;

typedef struct fl_allocator
{
	void	   *(*alloc) (void *ctx, size_t size);		/* may return NULL */
	void	   *(*realloc) (void *ctx, void *ptr, size_t size);	/* may return NULL */
	void		(*free) (void *ctx, void *ptr);
	void	   *ctx;
} fl_allocator;

#ifdef __GNUC__
#define FL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FL_PRINTF(f, a)
#endif

/*
 * Assertions of the core's invariants, as PostgreSQL's Assert: compiled in
 * with -DFL_ASSERTS (the test command and CI: make ASSERTS=1; the unit
 * tests always), out for users and packagers.  A failed one prints where
 * and aborts.
 */
#ifdef FL_ASSERTS
void		fl_assert_fail(const char *expr, const char *file, int line) __attribute__((noreturn));
#define FL_ASSERT(cond) ((cond) ? (void) 0 : fl_assert_fail(#cond, __FILE__, __LINE__))
#else
#define FL_ASSERT(cond) ((void) 0)
#endif

/* set err (if not NULL; detail and hint cleared) and return -1 */
int			fl_seterr(fl_error *err, fl_errcode code, const char *fmt,...) FL_PRINTF(3, 4);
/* add the detail / hint to an error already set; return -1 */
int			fl_errdetail(fl_error *err, const char *fmt,...) FL_PRINTF(2, 3);
int			fl_errhint(fl_error *err, const char *fmt,...) FL_PRINTF(2, 3);

/* malloc-based allocator for tools and tests */
extern const fl_allocator fl_std_allocator;

/*
 * The one growable array: make *p (capacity *cap elements of elem bytes)
 * hold at least need elements.  Capacity starts at 16 and doubles; beyond
 * FL_MAX_ALLOC bytes FL_ELIMIT, when the allocator fails FL_ENOMEM; on
 * error *p and *cap are unchanged.
 */
int			fl_grow(const fl_allocator *a, void **p, size_t *cap, size_t need, size_t elem,
					fl_error *err);

/* a byte buffer on fl_grow, always NUL-terminated after len bytes */
typedef struct fl_buf
{
	const fl_allocator *a;
	char	   *data;
	size_t		len,
				cap;
} fl_buf;

static inline void
fl_buf_init(fl_buf *b, const fl_allocator *a)
{
	b->a = a;
	b->data = NULL;
	b->len = b->cap = 0;
}

int			fl_buf_put(fl_buf *b, const void *src, size_t n, fl_error *err);
void		fl_buf_free(fl_buf *b);

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

/* first k in [0, n) with sorted[k] >= t, or n */
static inline size_t
fl_lower_bound(const int64_t *sorted, size_t n, int64_t t)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (sorted[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

#endif							/* FL_BASE_H */
