# frontline — PGXS build.  `make`, `make install`, `make installcheck`.
# The whole project workflow (packages, throwaway cluster, every suite) is
# scripts/test.sh; the demo is scripts/demo.sh.

EXTENSION   = frontline
MODULE_big  = frontline
# SQL: control/current/*.sql is the current definition of every object, by
# concern.  Files numbered below 30 (types, tables) run only on a fresh
# install; the others (functions, views, triggers: CREATE OR REPLACE) also
# run on every update, after control/<v>/1*.sql (what the update must change
# in tables and types first) and before control/<v>/9*.sql (what it drops).
# frontline--1.0.sql and frontline--1.0--1.1.sql are frozen history, built
# from control/1.0/ and control/1.1/.  A new version <v> adds control/<v>/,
# its word in VERSIONS and the rule of frontline--<prev>--<v>.sql.
# Both scripts of the current version are wrapped by control/wrap/ (names
# resolved through pg_catalog only; @postgis@ is PostGIS's schema).
VERSIONS    = 1.0 1.1 1.2
EXTVERSION  = $(lastword $(VERSIONS))

# C: src/fl_<module>.c is the pure-C core (no postgres.h), one header per
# module, layered without cycles (fl_base.h lists them); src/fl_<module>_sql.c
# is its fmgr twin, argument conversion and one call.  fl_pg.c holds what
# every fmgr file shares; fl_cache_sql.c and fl_rules_sql.c (triggers, SPI)
# have no core twin.
CORE_MODULES = base time state hist text codec view gkey claims names geo sweep
CORE_OBJS   = $(patsubst %,src/fl_%.o,$(CORE_MODULES))
SQL_OBJS    = $(patsubst %.c,%.o,$(sort $(wildcard src/fl_*_sql.c))) src/fl_pg.o
OBJS        = $(CORE_OBJS) $(SQL_OBJS)

frags       = $(sort $(wildcard control/$(1)/*.sql))
DATA_built  = frontline--1.0.sql frontline--1.0--1.1.sql frontline--1.2.sql frontline--1.1--1.2.sql

# every sql/*.sql, each independent: it loads test/sql/fixture.sql (the
# extension and err()) and its own data, so that any one runs alone
REGRESS     = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --outputdir=$(or $(REGRESS_OUTDIR),.)
# concurrency, proven with PostgreSQL's isolation tester (specs/*.spec)
ISOLATION   = $(basename $(notdir $(wildcard specs/*.spec)))
ISOLATION_OPTS = --inputdir=. --outputdir=$(or $(REGRESS_OUTDIR),.)

# -Wall -Wextra for our code; PostgreSQL's own headers and fmgr macros trip
# -Wunused-parameter, -Wmissing-field-initializers and -Wsign-compare, which
# say nothing about frontline.  Warnings are errors in the test command and
# CI (make WERROR=1), not for users and packagers, whose compilers may warn
# about things ours does not.
WERROR_FLAG = $(if $(WERROR),-Werror)
# the core's assertions (FL_ASSERT, fl_base.h): in the test command and CI
# (make ASSERTS=1) and in the unit tests, not for users
ASSERT_FLAG = $(if $(ASSERTS),-DFL_ASSERTS)
PG_CFLAGS   = -std=gnu11 -Wall -Wextra $(WERROR_FLAG) $(ASSERT_FLAG) -Wno-unused-parameter \
              -Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK  = -lproj -lm

EXTRA_CLEAN = test/unit/run test/fuzz/fuzz_history

PG_CONFIG  ?= pg_config
PGXS       := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies (unless PostgreSQL was configured with
# --enable-depend): every object, and its JIT bitcode, depends on every
# header of src/, so that a changed header (an inline function, a layout)
# never leaves an object built against the old one
$(OBJS) $(OBJS:.o=.bc): $(wildcard src/*.h)

frontline--1.0.sql: $(call frags,1.0)
	cat $^ > $@
frontline--1.0--1.1.sql: $(call frags,1.1)
	cat $^ > $@

current      = $(sort $(wildcard control/current/*.sql))
current_code = $(filter-out $(wildcard control/current/[012]*.sql),$(current))
frontline--1.2.sql: control/wrap/install_head.sql control/wrap/open.sql $(current) control/wrap/close.sql
	cat $^ > $@
# tables new in 1.2 (areas): the same file creates them in both scripts
new_in_1.2   = control/current/25_areas.sql control/current/26_policy_cache.sql control/current/27_cache_note.sql
frontline--1.1--1.2.sql: control/wrap/update_head.sql control/wrap/open.sql $(wildcard control/1.2/1*.sql) \
                         $(new_in_1.2) $(current_code) $(wildcard control/1.2/9*.sql) control/wrap/close.sql
	cat $^ > $@

# the pure-C core, tested without a server: test/unit/test_<module>.c per
# core module, one binary (test/unit/run)
CORE_SRC    = $(CORE_OBJS:.o=.c)
CORE_HDR    = $(CORE_OBJS:.o=.h)
UNIT_SRC    = test/unit/main.c $(sort $(wildcard test/unit/test_*.c))
test/unit/run: $(UNIT_SRC) test/unit/check.h $(CORE_SRC) $(CORE_HDR)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra $(WERROR_FLAG) -DFL_ASSERTS -fsanitize=address,undefined \
	  -Isrc -o $@ $(UNIT_SRC) $(CORE_SRC) -lproj -lm

FUZZ_ITERATIONS ?= 200000
unitcheck: test/unit/run
	./test/unit/run $(FUZZ_ITERATIONS)

# libFuzzer harness (clang): text literal, binary format, stored layout, WKB
test/fuzz/fuzz_history: test/fuzz/fuzz_history.c $(CORE_SRC) $(CORE_HDR)
	clang -std=gnu11 -O1 -g -DFL_ASSERTS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -Isrc -o $@ test/fuzz/fuzz_history.c $(CORE_SRC) -lproj -lm

FUZZ_SECONDS ?= 60
fuzz: test/fuzz/fuzz_history
	mkdir -p test/fuzz/work
	./test/fuzz/fuzz_history -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
	  -print_final_stats=1 test/fuzz/work test/fuzz/corpus

.PHONY: unitcheck fuzz
