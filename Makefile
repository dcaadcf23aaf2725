# frontline — PGXS build.  `make`, `make install`, `make installcheck`.
# The whole project workflow (packages, throwaway cluster, every suite) is
# scripts/test.sh; the demo is scripts/demo.sh.

EXTENSION   = frontline
MODULE_big  = frontline
EXTVERSION  = 1.0

CORE_OBJS   = src/fl_core.o src/fl_text.o src/fl_names.o
OBJS        = $(CORE_OBJS) src/fl_history.o

# the install script is built from the fragments in control/$(EXTVERSION)/
DATA_built  = frontline--$(EXTVERSION).sql
DATA        = $(filter-out control/frontline--$(EXTVERSION).sql,$(wildcard control/frontline--*--*.sql))

REGRESS     = setup history_type history_agg model write_api read_api conflicts security differential
REGRESS_OPTS = --inputdir=. --outputdir=$(or $(REGRESS_OUTDIR),.)

# -Wall -Wextra -Werror for our code; PostgreSQL's own headers and fmgr
# macros trip -Wunused-parameter, -Wmissing-field-initializers and
# -Wsign-compare, which say nothing about frontline.
PG_CFLAGS   = -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
              -Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK  = -lm

EXTRA_CLEAN = test/unit/test_core test/fuzz/fuzz_history

PG_CONFIG  ?= pg_config
PGXS       := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

frontline--$(EXTVERSION).sql: $(sort $(wildcard control/$(EXTVERSION)/*.sql))
	cat $^ > $@

# the pure-C core, tested without a server
test/unit/test_core: test/unit/test_core.c src/fl_core.c src/fl_text.c src/fl_names.c src/fl_core.h
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
	  -Isrc -o $@ test/unit/test_core.c src/fl_core.c src/fl_text.c src/fl_names.c -lm

FUZZ_ITERATIONS ?= 200000
unitcheck: test/unit/test_core
	./test/unit/test_core $(FUZZ_ITERATIONS)

.PHONY: unitcheck
