/*
 * The unit tests of the pure-C core (no server), one file per core module
 * (test_<module>.c), built with AddressSanitizer and UBSan by
 * `make unitcheck`.  Prints "core checks: N ok, N failing" and exits
 * non-zero on any failure.
 *
 *   test/unit/run [fuzz-iterations]   (default 200000)
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

int			passed,
			failed;

int
main(int argc, char **argv)
{
	long		iters = argc > 1 ? atol(argv[1]) : 200000;

	test_hist(iters);
	test_names();
	test_view();
	test_geo(iters);
	test_sweep();
	test_claims();
	printf("core checks: %d ok, %d failing\n", passed, failed);
	return failed ? 1 : 0;
}
