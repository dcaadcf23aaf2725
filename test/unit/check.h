/* shared counters and CHECK() of the unit tests */
#ifndef FL_TEST_CHECK_H
#define FL_TEST_CHECK_H
#include <stdint.h>
#include <stdio.h>

extern int	passed,
			failed;

#define CHECK(cond, ...) do { if (cond) passed++; else { failed++; \
	fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* the tests' pseudo-random numbers: xorshift64, one state per file */
static inline uint64_t
xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* one per core module (test/unit/test_<module>.c) */
void		test_hist(long iterations);
void		test_names(void);
void		test_view(void);
void		test_geo(long iterations);
void		test_sweep(void);
void		test_claims(void);
#endif
