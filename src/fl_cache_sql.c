/*
 * fl_cache_sql.c — commit-time maintenance of frontline's per-place cache.
 *
 * Design (docs/design-1.2.md):
 *  - writers only mark places: triggers on control_event and place add the
 *    place ids of the rows a statement wrote (read from its transition
 *    tables, or from the row in replica mode) to a backend-local set;
 *  - at PRE_COMMIT (and PRE_PREPARE) the set is flushed: as the owner of the
 *    cache, in a security-restricted operation that also bypasses forced row
 *    security (as PostgreSQL's RI checks and REFRESH MATERIALIZED VIEW do),
 *    frontline_internal.cache_apply() locks the marked cache rows in
 *    place_id order and recomputes them from every claim;
 *  - a guard trigger on the cache refuses every write that is not this
 *    flush, so no grant lets another role write or empty the cache.
 * No SECURITY DEFINER function is involved, and nothing a writer supplies
 * but the ids of the places it wrote reaches the owner's code.
 *
 * The ground cache of the area claims (frontline_internal.area_ground) is
 * kept the same way: triggers on control_area and area_layer remember the
 * earliest instant a transaction's writes touched (or "every version"), and
 * at commit frontline_internal.area_apply() recomputes the versions from
 * there on, as the ground cache's owner.  The writer supplies one instant.
 *
 * The single-place reads (_history, control_at(place_id, ...),
 * history(place_id, ...)) live here too: behind cache_usable(), the
 * condition of the views readers otherwise go through, they probe the two
 * cache tables' primary keys directly, and read the claims the caller can
 * see through a saved plan otherwise.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/parallel.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/cost.h"
#include "parser/parse_func.h"
#include "parser/parse_relation.h"
#include "rewrite/rowsecurity.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
#include "utils/acl.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/rls.h"

#include "fl_pg.h"
#include "fl_view.h"

void		_PG_init(void);
static void forget_rel_oids(Datum arg, Oid relid);
static Oid	frontline_rel(const char *nsp, const char *name);
static void forget_rights(Datum arg, int cacheid, uint32 hashvalue);

/*
 * Places marked by this transaction (TopTransactionContext), sorted at
 * flush.  With each, the earliest instant of the claims this transaction
 * inserted, deleted or updated (either version) for it (MARK_EVERY_CLAIM
 * after a write to its place row, or to a claim without an instant): the
 * flush then reads only the place's claims from that instant on and
 * splices them into its cached claim sets, instead of reading all of them
 * again (flush_statement, 50_cache.sql).  And whether every claim written
 * for it is at that one instant (one): it then reads only the place's
 * claims at that instant and replaces them in its cached claim sets, in a
 * commit of any size: a dated map backfilled (a claim for each of many
 * places, at one instant among their older claims) reads a claim or so a
 * place, not every claim after it.
 */
typedef struct place_mark
{
	int32		place_id;
	bool		one;			/* every claim written for it is at from */
	int64		from;			/* TimestampTz, or MARK_EVERY_CLAIM */
} place_mark;

#define MARK_EVERY_CLAIM PG_INT64_MIN
/* a flush of at most this many places keeps its plans for the session */
#define FLUSH_FEW_PLACES 64
static place_mark *marked = NULL;
static int	n_marked = 0;
static int	cap_marked = 0;

/*
 * The instants of the claims this transaction wrote (inserted, deleted or
 * updated, either version), of every place, while they are at most
 * WRITTEN_INSTANTS (then none: written_many).  A flush of at most
 * FLUSH_FEW_PLACES places (flush_marks) then reads each such place's
 * claims (of a place whose claims are at more than one of them; see
 * place_mark for the others) at those instants only and replaces them in
 * its cached claim sets (claim_set_replace), where the
 * splice reads every claim from the earliest on: a claim recorded among a
 * place's older claims (old news) reads the claims of its instant, not
 * half of the place's claims.
 */
#define WRITTEN_INSTANTS 64
static TimestampTz *written_at = NULL;	/* 2 * WRITTEN_INSTANTS slots */
static int	n_written_at = 0;
static bool written_many = false;
static bool mark_all = false;		/* TRUNCATE or refresh_cache(): every place */
static bool in_flush = false;		/* the guard lets the flush write, nothing else */
static bool callback_registered = false;

/* area claims written by this transaction: from which version on to recompute */
static bool area_marked = false;
static bool area_all = false;		/* TRUNCATE, a layer's settings, refresh_cache() */
static TimestampTz area_from = 0;

static void
forget_area_marks(void)
{
	area_marked = false;
	area_all = false;
	area_from = 0;
}

static void
mark_area_at(TimestampTz at)
{
	if (!area_marked || at < area_from)
		area_from = at;
	area_marked = true;
}

static void
forget_marks(void)
{
	marked = NULL;				/* freed with TopTransactionContext */
	n_marked = 0;
	cap_marked = 0;
	mark_all = false;
	written_at = NULL;
	n_written_at = 0;
	written_many = false;
}

static int
cmp_instant(const void *a, const void *b)
{
	TimestampTz x = *(const TimestampTz *) a,
				y = *(const TimestampTz *) b;

	return (x > y) - (x < y);
}

/* sort the written instants and keep each once */
static void
compact_instants(void)
{
	int			n = 0;

	qsort(written_at, n_written_at, sizeof(TimestampTz), cmp_instant);
	for (int i = 0; i < n_written_at; i++)
		if (n == 0 || written_at[n - 1] != written_at[i])
			written_at[n++] = written_at[i];
	n_written_at = n;
}

/* note the instant of a written claim (bounded: see WRITTEN_INSTANTS) */
static void
note_written_at(TimestampTz at)
{
	if (written_many || (n_written_at > 0 && written_at[n_written_at - 1] == at))
		return;
	if (written_at == NULL)
		written_at = MemoryContextAlloc(TopTransactionContext, 2 * WRITTEN_INSTANTS * sizeof(TimestampTz));
	if (n_written_at == 2 * WRITTEN_INSTANTS)
	{
		compact_instants();
		if (n_written_at > WRITTEN_INSTANTS)
		{
			written_many = true;
			return;
		}
	}
	written_at[n_written_at++] = at;
}

static int
cmp_mark(const void *a, const void *b)
{
	const place_mark *x = (const place_mark *) a,
			   *y = (const place_mark *) b;

	if (x->place_id != y->place_id)
		return (x->place_id > y->place_id) - (x->place_id < y->place_id);
	return (x->from > y->from) - (x->from < y->from);
}

/*
 * sort the marks and keep one per place, with its earliest instant (one
 * only while every mark of the place was at that same instant)
 */
static void
compact_marks(void)
{
	int			n = 0;

	qsort(marked, n_marked, sizeof(place_mark), cmp_mark);
	for (int i = 0; i < n_marked; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (n == 0 || marked[n - 1].place_id != marked[i].place_id)
			marked[n++] = marked[i];
		else if (marked[i].from != marked[n - 1].from || !marked[i].one)
			marked[n - 1].one = false;
	}
	n_marked = n;
}

static void
mark_place(int32 place_id, int64 from)
{
	if (n_marked > 0 && marked[n_marked - 1].place_id == place_id)
	{
		/* statements write runs of one place */
		if (from != marked[n_marked - 1].from)
		{
			marked[n_marked - 1].one = false;
			if (from < marked[n_marked - 1].from)
				marked[n_marked - 1].from = from;
		}
		return;
	}
	if (n_marked == cap_marked)
	{
		/* full: one mark per place first, and grow only if that did not
		 * free half (a transaction that writes the same places again and
		 * again keeps at most twice its places) */
		if (n_marked > 0)
			compact_marks();
		if (cap_marked == 0 || n_marked > cap_marked / 2)
		{
			int			newcap = cap_marked == 0 ? 64 : cap_marked * 2;

			if ((Size) newcap * sizeof(place_mark) > MaxAllocSize)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("one transaction wrote claims for more than %d places", n_marked),
						 errhint("Write in several transactions.")));
			if (marked == NULL)
				marked = MemoryContextAlloc(TopTransactionContext, newcap * sizeof(place_mark));
			else
				marked = repalloc(marked, newcap * sizeof(place_mark));
			cap_marked = newcap;
		}
	}
	marked[n_marked].place_id = place_id;
	marked[n_marked].one = from != MARK_EVERY_CLAIM;
	marked[n_marked].from = from;
	n_marked++;
}

static Oid
rel_owner(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * Run one maintenance query ("SELECT f($1...)" returning one integer) as the
 * owner of frontline_internal.relname, in a security-restricted operation
 * that also bypasses forced row security, with search_path pinned and
 * row_security off; the guard triggers let its writes through.  Returns the
 * query's integer, or 0 when the relation no longer exists (the extension
 * was dropped in this transaction).  generic_plans: plan_cache_mode
 * force_generic_plan too, for a flush of a few places (record_control),
 * whose statements PL/pgSQL otherwise planned again at every commit (a
 * custom plan for one place costs far less than the generic plan's
 * estimate, so it never switched): a tenth of a commit's time at 500
 * claims a place.
 */
static int64
run_as_owner(const char *relname, const char *query, int nargs, Oid *argtypes, Datum *args,
			 const char *nulls, bool generic_plans)
{
	Oid			save_userid;
	int			save_sec;
	int			save_nestlevel;
	bool		save_in_flush = in_flush;	/* one may run inside another (an ALTER TABLE in refresh_cache) */
	Oid			nsp = get_namespace_oid("frontline_internal", true);
	Oid			relid = OidIsValid(nsp) ? get_relname_relid(relname, nsp) : InvalidOid;
	int64		result = 0;

	if (!OidIsValid(relid))
		return 0;
	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(rel_owner(relid),
						   save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION | SECURITY_NOFORCE_RLS);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("row_security", "off",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	if (generic_plans)
		(void) set_config_option("plan_cache_mode", "force_generic_plan",
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	in_flush = true;
	PG_TRY();
	{
		bool		isnull;
		int			rc;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		PushActiveSnapshot(GetTransactionSnapshot());
		rc = SPI_execute_with_args(query, nargs, argtypes, args, nulls, false, 1);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "frontline cache maintenance failed: %s", SPI_result_code_string(rc));
		result = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		PopActiveSnapshot();
		SPI_finish();
	}
	PG_FINALLY();
	{
		in_flush = save_in_flush;
	}
	PG_END_TRY();
	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec);
	return result;
}

/*
 * Recompute the marked places (all of them when mark_all) as the cache's
 * owner.  Returns what cache_apply() returns (places recomputed).
 */
static int64
flush_marks(void)
{
	Datum		args[5];
	Oid			argtypes[5] = {INT4ARRAYOID, BOOLOID, TIMESTAMPTZARRAYOID, TIMESTAMPTZARRAYOID, BOOLARRAYOID};
	ArrayType  *ids,
			   *froms,
			   *instants,
			   *ones;
	int			n;
	bool		all = mark_all;

	if (!all && n_marked == 0)
		return 0;

	/* sorted, distinct ids: every flush locks in one global order */
	if (n_marked > 0)
		compact_marks();
	n = n_marked;
	{
		Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
		Datum	   *f = palloc(sizeof(Datum) * (n > 0 ? n : 1));
		Datum	   *o = palloc(sizeof(Datum) * (n > 0 ? n : 1));
		bool	   *fnull = palloc(sizeof(bool) * (n > 0 ? n : 1));
		int			dims[1] = {n},
					lbs[1] = {1};

		for (int i = 0; i < n; i++)
		{
			d[i] = Int32GetDatum(marked[i].place_id);
			f[i] = TimestampTzGetDatum(marked[i].from == MARK_EVERY_CLAIM ? 0 : marked[i].from);
			fnull[i] = marked[i].from == MARK_EVERY_CLAIM;
			o[i] = BoolGetDatum(marked[i].one && !fnull[i]);
		}
		ids = construct_array(d, n, INT4OID, sizeof(int32), true, TYPALIGN_INT);
		ones = construct_array(o, n, BOOLOID, sizeof(bool), true, TYPALIGN_CHAR);
		froms = n > 0 ? construct_md_array(f, fnull, 1, dims, lbs, TIMESTAMPTZOID, sizeof(TimestampTz),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE)
			: construct_empty_array(TIMESTAMPTZOID);
	}
	/*
	 * the instants of the written claims, sorted and distinct; none when
	 * there were many, when every place is recomputed, or when the commit
	 * wrote more than a few places: each place probes every instant of the
	 * list, so a load of many places at many instants (a month of daily
	 * maps) would probe places times instants, where the splice reads each
	 * place's claims from its earliest new one on in one range
	 */
	if (n_written_at > 0 && !written_many)
		compact_instants();
	if (n_written_at > 0 && n_written_at <= WRITTEN_INSTANTS && !written_many && !all &&
		n <= FLUSH_FEW_PLACES)
	{
		Datum	   *d = palloc(sizeof(Datum) * n_written_at);

		for (int i = 0; i < n_written_at; i++)
			d[i] = TimestampTzGetDatum(written_at[i]);
		instants = construct_array(d, n_written_at, TIMESTAMPTZOID, sizeof(TimestampTz),
								   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	}
	else
		instants = construct_empty_array(TIMESTAMPTZOID);
	/* the marks are consumed now: an error below aborts the transaction */
	forget_marks();
	args[0] = PointerGetDatum(ids);
	args[1] = BoolGetDatum(all);
	args[2] = PointerGetDatum(froms);
	args[3] = PointerGetDatum(instants);
	args[4] = PointerGetDatum(ones);
	return run_as_owner("control_cache", "SELECT frontline_internal.cache_apply($1, $2, $3, $4, $5)",
						5, argtypes, args, NULL, n <= FLUSH_FEW_PLACES && !all);
}

/*
 * Recompute the ground cache from the earliest version this transaction's
 * area writes touched (every version when area_all) as its owner.  Returns
 * what area_apply() returns (versions recomputed).
 */
static int64
flush_area_marks(void)
{
	Datum		args[1];
	Oid			argtypes[1] = {TIMESTAMPTZOID};
	char		nulls[1] = {' '};

	if (!area_marked)
		return 0;
	args[0] = TimestampTzGetDatum(area_from);
	if (area_all)
		nulls[0] = 'n';
	forget_area_marks();
	return run_as_owner("area_ground", "SELECT frontline_internal.area_apply($1)",
						1, argtypes, args, nulls, false);
}

static void
fl_cache_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
		case XACT_EVENT_PRE_PREPARE:
			if (mark_all || n_marked > 0)
				(void) flush_marks();
			if (area_marked)
				(void) flush_area_marks();
			break;
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PREPARE:
			forget_marks();
			forget_area_marks();
			in_flush = false;
			break;
		default:
			break;
	}
}

/*
 * frontline.flush_slice: the most places one statement of the cache
 * maintenance recomputes (cache_apply reads it).  A commit that wrote more
 * places, and a refresh_cache() of more, go slice by slice (cache_policy()
 * keeps its own slices of 100,000).  One statement's memory grows
 * with its places (0.3 to 0.5 kB a place: the planner estimates the array of
 * ids element by element): at scale M a refresh_cache() of 100,000 places
 * peaked at 73 MB of private memory in one statement, and a load that
 * wrote 63,000 places at 68 MB in one and 37 MB in slices of 10,000.  But
 * each slice reads the claims once more (0.3 to 0.5 s at M), so the default
 * keeps a million places in one statement, as the benchmarks ran; a role
 * that must keep a backend smaller lowers it.
 */
#define FLUSH_SLICE_DEFAULT 1000000
static int	flush_slice = FLUSH_SLICE_DEFAULT;

/* module load: the core's interrupt hook, the commit-time cache flush, its setting */
void
_PG_init(void)
{
	fl_pg_init();
	DefineCustomIntVariable("frontline.flush_slice",
							"The most places one statement of frontline's cache maintenance recomputes.",
							"The commit-time flush of a transaction that wrote more places, and refresh_cache(), "
							"go through them in slices of this many: larger slices plan fewer statements and "
							"read the claims fewer times, smaller ones keep the backend's memory lower.",
							&flush_slice, FLUSH_SLICE_DEFAULT, 1, INT_MAX, PGC_USERSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("frontline");
	if (!callback_registered)
	{
		RegisterXactCallback(fl_cache_xact_callback, NULL);
		CacheRegisterRelcacheCallback(forget_rel_oids, (Datum) 0);
		CacheRegisterSyscacheCallback(RELOID, forget_rights, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, forget_rights, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, forget_rights, (Datum) 0);
		callback_registered = true;
	}
}

/*
 * what a trigger marks from one column value: a place id (with the instant
 * of a written claim, or MARK_EVERY_CLAIM), or an area's instant
 */
typedef void (*mark_fn) (Datum value, int64 from);

static void
mark_place_datum(Datum value, int64 from)
{
	if (from != MARK_EVERY_CLAIM)
		note_written_at((TimestampTz) from);
	mark_place(DatumGetInt32(value), from);
}

static void
mark_area_datum(Datum value, int64 from)
{
	mark_area_at(DatumGetTimestampTz(value));
}

/* the instant in column from_attno of a row (written claims), else MARK_EVERY_CLAIM */
static inline int64
row_from(Datum d, bool isnull, int from_attno)
{
	return from_attno > 0 && !isnull ? DatumGetTimestampTz(d) : MARK_EVERY_CLAIM;
}

/*
 * mark the column attno of every row of a transition table, with the
 * instant in column from_attno (0: none)
 */
static void
mark_from_table(Tuplestorestate *ts, TupleDesc desc, int attno, int from_attno, mark_fn mark)
{
	TupleTableSlot *slot;
	int			ptr;
	uint64		n = 0;

	if (ts == NULL)
		return;
	slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	ptr = tuplestore_alloc_read_pointer(ts, 0);
	tuplestore_select_read_pointer(ts, ptr);
	tuplestore_rescan(ts);
	while (tuplestore_gettupleslot(ts, true, false, slot))
	{
		bool		isnull,
					fnull = true;
		Datum		d = slot_getattr(slot, attno, &isnull),
					f = from_attno > 0 ? slot_getattr(slot, from_attno, &fnull) : (Datum) 0;

		if ((++n & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!isnull)
			mark(d, row_from(f, fnull, from_attno));
	}
	tuplestore_select_read_pointer(ts, 0);
	ExecDropSingleTupleTableSlot(slot);
}

/*
 * mark the column attno of what fired the trigger: the old and new row of a
 * row-level trigger (replica mode), else the statement's transition tables.
 * from_attno (0: none) is the column of a claim's instant, read from every
 * row: an inserted claim, a deleted one, and both versions of an updated
 * one.  The claims of a place at instants before the earliest of them are
 * then those the cache holds, which is all the splice and the replace
 * assume (50_cache.sql, flush_statement): a claim retracted or corrected
 * reads the claims of its instant again, not every claim of its place.
 */
static void
mark_from_trigger(TriggerData *td, TupleDesc desc, int attno, int from_attno, mark_fn mark)
{
	if (TRIGGER_FIRED_FOR_ROW(td->tg_event))
	{
		HeapTuple	rows[2] = {td->tg_trigtuple, td->tg_newtuple};

		for (int i = 0; i < 2; i++)
		{
			bool		isnull,
						fnull = true;
			Datum		d,
						f = (Datum) 0;

			if (rows[i] == NULL)
				continue;
			d = heap_getattr(rows[i], attno, desc, &isnull);
			if (from_attno > 0)
				f = heap_getattr(rows[i], from_attno, desc, &fnull);
			if (!isnull)
				mark(d, row_from(f, fnull, from_attno));
		}
		return;
	}
	mark_from_table(td->tg_oldtable, desc, attno, from_attno, mark);
	mark_from_table(td->tg_newtable, desc, attno, from_attno, mark);
}

/*
 * Trigger on control_event and place: AFTER ... FOR EACH STATEMENT with
 * transition tables, AFTER TRUNCATE, or AFTER ... FOR EACH ROW (enabled
 * only in replica mode, for logical-replication apply workers, which fire
 * no statement triggers).
 */
PG_FUNCTION_INFO_V1(frontline_cache_mark);
Datum
frontline_cache_mark(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	int			attno;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "fl_cache_mark: not called by the trigger manager");
	if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
	{
		mark_all = true;
		return PointerGetDatum(NULL);
	}
	desc = RelationGetDescr(td->tg_relation);
	attno = SPI_fnumber(desc, "place_id");
	if (attno <= 0)
		elog(ERROR, "fl_cache_mark: relation \"%s\" has no place_id column",
			 RelationGetRelationName(td->tg_relation));
	/* the claims a statement writes carry their instant (cache_apply may
	 * splice them into the place's cached claim sets); a place row does not */
	mark_from_trigger(td, desc, attno,
					  RelationGetRelid(td->tg_relation) == frontline_rel("frontline", "control_event")
					  ? SPI_fnumber(desc, "at") : 0,
					  mark_place_datum);
	return PointerGetDatum(NULL);
}

/* BEFORE INSERT/UPDATE/DELETE/TRUNCATE FOR EACH STATEMENT on the cache */
PG_FUNCTION_INFO_V1(frontline_cache_guard);
Datum
frontline_cache_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "fl_cache_guard: not called by the trigger manager");
	if (!in_flush)
	{
		const char *rel = RelationGetRelationName(td->tg_relation);

		if (strncmp(rel, "area_", 5) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied: %s is maintained by frontline alone", rel),
					 errdetail("The ground cache is recomputed from frontline.control_area when a transaction that wrote area claims or layer settings commits."),
					 errhint("Write area claims to frontline.control_area; rebuild the caches with frontline.refresh_cache().")));
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied: %s is maintained by frontline alone", rel),
				 errdetail("The cache is recomputed from frontline.control_event when a transaction that wrote claims or places commits."),
				 errhint("Write claims to frontline.control_event; rebuild the cache with frontline.refresh_cache().")));
	}
	return PointerGetDatum(NULL);
}

/* true while this transaction has written claims or places not yet flushed to the cache */
PG_FUNCTION_INFO_V1(frontline__cache_pending);
Datum
frontline__cache_pending(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(mark_all || n_marked > 0);
}

/* frontline.refresh_cache(): every place, now */
PG_FUNCTION_INFO_V1(frontline_refresh_cache);
Datum
frontline_refresh_cache(PG_FUNCTION_ARGS)
{
	int64		n;

	/* the cache triggers back in their modes first (27_cache_note.sql) */
	(void) run_as_owner("cache_note", "SELECT frontline_internal.cache_trigger_modes()", 0, NULL, NULL, NULL, false);
	mark_all = true;
	n = flush_marks();
	area_marked = true;
	area_all = true;
	(void) flush_area_marks();
	PG_RETURN_INT64(n);
}

/*
 * frontline.cache_usable(): may reads without a filter come from the cache?
 * The current role may SELECT control_event and place, no row-level
 * security applies to it on either, this transaction has no writes waiting
 * for commit, and the cache is complete (frontline._cache_state).  Called
 * once per cache probe (place_history's condition), so the completeness
 * query, the only costly part, is remembered for the snapshot it ran under.
 */
typedef struct CompleteMemo
{
	bool		valid;
	Oid			db;
	TransactionId xmin,
				xmax;
	CommandId	curcid;
	bool		complete;
} CompleteMemo;

static CompleteMemo complete_memo,
			area_complete_memo;

static bool
cache_complete(CompleteMemo *memo, const char *query)
{
	Snapshot	snap = GetActiveSnapshot();
	bool		complete = false;
	int			rc;

	if (snap != NULL && memo->valid && memo->db == MyDatabaseId &&
		memo->xmin == snap->xmin && memo->xmax == snap->xmax &&
		memo->curcid == snap->curcid)
		return memo->complete;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute(query, true, 1);
	if (rc == SPI_OK_SELECT && SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		complete = !isnull && DatumGetBool(d);
	}
	SPI_finish();
	if (snap != NULL)
	{
		memo->valid = true;
		memo->db = MyDatabaseId;
		memo->xmin = snap->xmin;
		memo->xmax = snap->xmax;
		memo->curcid = snap->curcid;
		memo->complete = complete;
	}
	return complete;
}

/*
 * The OIDs of the relations the reads look at, looked up once per backend
 * and forgotten at any relation cache invalidation (a DROP, an ALTER, a
 * re-created extension): every single-place read asks for them, and five
 * catalogue lookups cost as much as the probe itself.
 */
typedef struct rel_oid
{
	const char *nsp;
	const char *name;
	Oid			oid;
	/* readable_without_rls()'s last answer, and for whom (see there) */
	bool		seen;
	Oid			seen_user;
	bool		seen_noforce;
	bool		readable;
} rel_oid;

static rel_oid rel_oids[] = {
	{"frontline", "control_event"},
	{"frontline", "place"},
	{"frontline", "control_area"},
	{"frontline", "area_layer"},
	{"frontline_internal", "control_cache"},
	{"frontline_internal", "control_cache_pkey"},
	{"frontline_internal", "claim_cache"},
	{"frontline_internal", "claim_cache_pkey"},
	{"frontline_internal", "policy_cache"},
	{"frontline_internal", "policy_claim_cache"},
	{"frontline_internal", "policy_claim_cache_pkey"},
};

static void forget_policy(void);

static void
forget_rel_oids(Datum arg, Oid relid)
{
	for (int i = 0; i < (int) lengthof(rel_oids); i++)
	{
		rel_oids[i].oid = InvalidOid;
		rel_oids[i].seen = false;
	}
	forget_policy();			/* CREATE, ALTER and DROP POLICY invalidate the table */
}

/* a change to pg_class (grants, owner, row security), a role or a membership */
static void
forget_rights(Datum arg, int cacheid, uint32 hashvalue)
{
	for (int i = 0; i < (int) lengthof(rel_oids); i++)
		rel_oids[i].seen = false;
	forget_policy();
}

static rel_oid *
frontline_rel_entry(const char *nsp, const char *name)
{
	for (int i = 0; i < (int) lengthof(rel_oids); i++)
	{
		rel_oid    *r = &rel_oids[i];

		if (strcmp(r->name, name) != 0 || strcmp(r->nsp, nsp) != 0)
			continue;
		if (!OidIsValid(r->oid))
		{
			Oid			n = get_namespace_oid(nsp, false);

			r->oid = get_relname_relid(name, n);
			if (!OidIsValid(r->oid))
				elog(ERROR, "%s.%s is missing", nsp, name);
			r->seen = false;
		}
		return r;
	}
	elog(ERROR, "%s.%s is not a relation frontline reads", nsp, name);
	return NULL;				/* keep the compiler quiet */
}

static Oid
frontline_rel(const char *nsp, const char *name)
{
	return frontline_rel_entry(nsp, name)->oid;
}

/*
 * May the current user SELECT the table, with no row-level security
 * applying to it?  The cache's gate asks it for two tables on every probe
 * (within_radius: three times per candidate place), so the answer is
 * remembered for the user (and for whether row security is being
 * bypassed for a foreign-key check, which check_enable_rls looks at) until
 * the catalogue says anything it depends on changed: pg_class (grants,
 * owner, row security flags), a role's attributes (superuser, BYPASSRLS),
 * a role membership.  Those invalidations are processed when PostgreSQL's
 * own catalogue caches see them, so the answer is never older than the
 * one pg_class_aclcheck() would give from its cache.  Policies do not
 * matter here: only whether row security applies to the user.
 */
static bool
readable_without_rls(const char *relname)
{
	rel_oid    *r = frontline_rel_entry("frontline", relname);
	Oid			user = GetUserId();
	bool		noforce = InNoForceRLSOperation();

	if (r->seen && r->seen_user == user && r->seen_noforce == noforce)
		return r->readable;
	r->readable = pg_class_aclcheck(r->oid, user, ACL_SELECT) == ACLCHECK_OK &&
		check_enable_rls(r->oid, InvalidOid, true) != RLS_ENABLED;
	r->seen_user = user;
	r->seen_noforce = noforce;
	r->seen = true;
	return r->readable;
}

/*
 * A parallel worker cannot see the marks of its leader (they are backend
 * memory), and every participant of a parallel query evaluates the read
 * functions' branch conditions for itself: PostgreSQL trusts the label of
 * an inlined SQL function (snapshot is PARALLEL SAFE) for everything
 * inlined from it.  So the rule must give the leader and its workers the
 * same answer from what they share: in a parallel query (leader or worker,
 * IsInParallelMode) of a transaction that has written anything (it has an
 * xid, which workers share), no participant trusts either cache, and all
 * read the claims, which they see as the leader does.  A leader that
 * trusted the cache while its workers read the claims would return the
 * rows of both branches.  Outside parallel query the marks decide.
 */
static bool
may_trust_marks(void)
{
	return !IsInParallelMode() || !TransactionIdIsValid(GetTopTransactionIdIfAny());
}

static bool
cache_usable(void)
{
	return may_trust_marks() &&
		readable_without_rls("control_event") &&
		readable_without_rls("place") &&
		!(mark_all || n_marked > 0) &&
		cache_complete(&complete_memo, "SELECT s.complete FROM frontline._cache_state s");
}

PG_FUNCTION_INFO_V1(frontline_cache_usable);
Datum
frontline_cache_usable(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cache_usable());
}

/*
 * Policy caches (docs/cache.md, "Row-level security").  A role to which row
 * security applies on control_event never reads claim_cache.  When exactly
 * one permissive SELECT policy (and no restrictive one) applies to it, that
 * policy's USING reads only the claim's own columns with built-in immutable
 * functions (so it depends on the row alone), and the owner has cached it
 * (frontline.cache_policy), the role reads policy_claim_cache: claim sets
 * built only from the claims that USING lets through.  The cache's entry
 * must have been built from the USING the policy has now (compared as
 * pg_get_expr prints it under search_path pg_catalog) and still be valid.
 * Everything else (several policies, a policy on place, a USING that calls
 * current_user or reads another table) reads the claims, as before.
 */

/* may a policy's USING be evaluated once, by the owner, for every role? */
static bool
fn_not_builtin_immutable(Oid fn, void *context)
{
	return fn >= FirstNormalObjectId || func_volatile(fn) != PROVOLATILE_IMMUTABLE;
}

/*
 * Walker: true (and *why) at the first part of a USING that does not depend
 * on the policy's own row alone through built-in immutable functions and
 * operators
 */
static bool
policy_expr_walker(Node *node, const char **why)
{
	if (node == NULL)
		return false;
	check_stack_depth();
	if (IsA(node, Var))
	{
		Var		   *v = (Var *) node;

		if (v->varlevelsup != 0 || v->varno != 1)
			*why = "it refers to another table";
		return *why != NULL;
	}
	if (IsA(node, SubLink) || IsA(node, SubPlan) || IsA(node, AlternativeSubPlan))
		*why = "it reads other rows (a subquery)";
	else if (IsA(node, Param) || IsA(node, SQLValueFunction) || IsA(node, NextValueExpr) ||
			 IsA(node, CurrentOfExpr))
		*why = "its value depends on the session (current_user, a setting or a parameter)";
	else if (check_functions_in_node(node, fn_not_builtin_immutable, NULL))
		*why = "it calls a function or operator that is not built in and immutable";
	else if (IsA(node, CoerceToDomain) || (!IsA(node, List) && exprType(node) >= FirstNormalObjectId))
		/* a value of such a type is read by its input function, or checked by its domain's constraints */
		*why = "it uses a type that is not built in";
	if (*why != NULL)
		return true;
	return expression_tree_walker(node, policy_expr_walker, (void *) why);
}

/* NULL when a USING can be cached; else why not */
static const char *
policy_expr_refusal(Node *expr)
{
	const char *why = NULL;

	(void) policy_expr_walker(expr, &why);
	return why;
}

/*
 * pg_get_expr(expr, relid) as text, with every setting that changes how it
 * prints pinned: search_path (function and operator names),
 * quote_all_identifiers, and the output of constants (DateStyle,
 * IntervalStyle, TimeZone, extra_float_digits).  The reader and the
 * commit-time flush compare this text with the one the cache was built
 * from, and the flush evaluates it: it must not depend on the session, and
 * it parses back to the same values in any session (ISO dates with their
 * offset, shortest exact floats).
 */
static const char *const expr_text_settings[][2] = {
	{"search_path", "pg_catalog, pg_temp"},
	{"quote_all_identifiers", "off"},
	{"DateStyle", "ISO, YMD"},
	{"IntervalStyle", "postgres"},
	{"TimeZone", "UTC"},
	{"extra_float_digits", "1"},
};

static char *
policy_expr_text(Node *expr, Oid relid)
{
	int			save_nestlevel = NewGUCNestLevel();
	Datum		d;

	for (int i = 0; i < (int) lengthof(expr_text_settings); i++)
		(void) set_config_option(expr_text_settings[i][0], expr_text_settings[i][1],
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	d = DirectFunctionCall2(pg_get_expr, CStringGetTextDatum(nodeToString(expr)), ObjectIdGetDatum(relid));
	AtEOXact_GUC(true, save_nestlevel);
	return text_to_cstring(DatumGetTextPP(d));
}

/* does a policy's TO list take in the user (PUBLIC, or a role whose rights it has)? */
static bool
policy_applies_to(ArrayType *roles, Oid user)
{
	Oid		   *r = (Oid *) ARR_DATA_PTR(roles);
	int			n = ARR_DIMS(roles)[0];

	for (int i = 0; i < n; i++)
		if (r[i] == ACL_ID_PUBLIC || has_privs_of_role(user, r[i]))
			return true;
	return false;
}

/*
 * What the user's policies on control_event allow, remembered for the user
 * until a relation cache invalidation (CREATE, ALTER, DROP POLICY, ALTER
 * TABLE) or a change of roles or memberships: the name and printed USING of
 * the one cacheable policy that applies, or none.  Which cache row serves it
 * is looked up per snapshot (policy_cache_id).
 */
typedef struct PolicyMemo
{
	bool		valid;
	Oid			user;
	bool		noforce;
	char	   *policy_name;	/* NULL: no policy cache can serve the user */
	char	   *using_expr;
	/* the registry's answer, for one snapshot */
	bool		snap_valid;
	TransactionId xmin,
				xmax;
	CommandId	curcid;
	int32		cache_id;
} PolicyMemo;

static PolicyMemo policy_memo;

static void
forget_policy(void)
{
	policy_memo.valid = false;
	policy_memo.snap_valid = false;
}

static void
remember_policy(Oid relid, Oid user, bool noforce)
{
	Relation	rel;
	RowSecurityPolicy *only = NULL;
	int			permissive = 0,
				restrictive = 0;

	if (policy_memo.policy_name)
		pfree(policy_memo.policy_name);
	if (policy_memo.using_expr)
		pfree(policy_memo.using_expr);
	policy_memo.policy_name = policy_memo.using_expr = NULL;
	policy_memo.snap_valid = false;

	if (pg_class_aclcheck(relid, user, ACL_SELECT) == ACLCHECK_OK &&
		check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED &&
		row_security_policy_hook_permissive == NULL &&
		row_security_policy_hook_restrictive == NULL)
	{
		rel = table_open(relid, AccessShareLock);
		if (rel->rd_rsdesc != NULL)
		{
			ListCell   *lc;

			foreach(lc, rel->rd_rsdesc->policies)
			{
				RowSecurityPolicy *p = (RowSecurityPolicy *) lfirst(lc);

				if ((p->polcmd != ACL_SELECT_CHR && p->polcmd != '*') ||
					!policy_applies_to(p->roles, user))
					continue;
				if (p->permissive)
				{
					permissive++;
					only = p;
				}
				else
					restrictive++;
			}
			if (permissive == 1 && restrictive == 0 && !only->hassublinks && only->qual != NULL &&
				policy_expr_refusal((Node *) only->qual) == NULL)
			{
				char	   *expr = policy_expr_text((Node *) only->qual, relid);

				policy_memo.policy_name = MemoryContextStrdup(TopMemoryContext, only->policy_name);
				policy_memo.using_expr = MemoryContextStrdup(TopMemoryContext, expr);
			}
		}
		table_close(rel, NoLock);
	}
	policy_memo.user = user;
	policy_memo.noforce = noforce;
	policy_memo.valid = true;
}

/* the valid registry row for the remembered policy and USING, under the active snapshot (0: none) */
static int32
policy_registry_lookup(void)
{
	Relation	rel = table_open(frontline_rel("frontline_internal", "policy_cache"), AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	Snapshot	snap = GetActiveSnapshot();
	TableScanDesc scan;
	TupleTableSlot *slot;
	int32		found = 0;

	if (desc->natts < 4)
		elog(ERROR, "frontline_internal.policy_cache has lost columns");
	if (snap == NULL)
		snap = GetTransactionSnapshot();
	scan = table_beginscan(rel, snap, 0, NULL);
	slot = table_slot_create(rel, NULL);
	while (found == 0 && table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		bool		n1,
					n2,
					n3,
					n4;
		Datum		id = slot_getattr(slot, 1, &n1),
					name = slot_getattr(slot, 2, &n2),
					expr = slot_getattr(slot, 3, &n3),
					valid = slot_getattr(slot, 4, &n4);

		if (n1 || n2 || n3 || n4 || !DatumGetBool(valid) ||
			strcmp(NameStr(*DatumGetName(name)), policy_memo.policy_name) != 0)
			continue;
		{
			char	   *e = TextDatumGetCString(expr);

			if (strcmp(e, policy_memo.using_expr) == 0)
				found = DatumGetInt32(id);
			pfree(e);
		}
	}
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	table_close(rel, NoLock);
	return found;
}

/*
 * The policy cache that serves the current user (0: none): only when the
 * shared cache may not be used because row security applies on
 * control_event, and the shared cache's other conditions hold (no writes
 * waiting for commit, complete: the policy caches are flushed with it).
 */
static int32
policy_cache_id(void)
{
	Oid			user = GetUserId();
	bool		noforce = InNoForceRLSOperation();
	Snapshot	snap;
	rel_oid    *r;

	if (!may_trust_marks() || mark_all || n_marked > 0 || !readable_without_rls("place"))
		return 0;
	r = frontline_rel_entry("frontline", "control_event");
	if (!(policy_memo.valid && policy_memo.user == user && policy_memo.noforce == noforce))
		remember_policy(r->oid, user, noforce);
	if (policy_memo.policy_name == NULL)
		return 0;
	snap = GetActiveSnapshot();
	if (!(snap != NULL && policy_memo.snap_valid && policy_memo.xmin == snap->xmin &&
		  policy_memo.xmax == snap->xmax && policy_memo.curcid == snap->curcid))
	{
		policy_memo.cache_id = policy_registry_lookup();
		if (snap != NULL)
		{
			policy_memo.snap_valid = true;
			policy_memo.xmin = snap->xmin;
			policy_memo.xmax = snap->xmax;
			policy_memo.curcid = snap->curcid;
		}
	}
	if (policy_memo.cache_id == 0 ||
		!cache_complete(&complete_memo, "SELECT s.complete FROM frontline._cache_state s"))
		return 0;
	return policy_memo.cache_id;
}

/* frontline._policy_cache(): the cached policy that serves the caller, or NULL */
PG_FUNCTION_INFO_V1(frontline__policy_cache);
Datum
frontline__policy_cache(PG_FUNCTION_ARGS)
{
	int32		id = cache_usable() ? 0 : policy_cache_id();

	if (id == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(id);
}

/* frontline._claim_sets_usable(): does a cache of claim sets serve the caller? */
PG_FUNCTION_INFO_V1(frontline__claim_sets_usable);
Datum
frontline__claim_sets_usable(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cache_usable() || policy_cache_id() != 0);
}

/*
 * The policy of that name on control_event, from pg_policy: false when there
 * is none; else its command, permissive flag and USING (pg_node_tree text,
 * NULL when it has none), copied into the caller's memory context.
 */
static bool
read_policy(Name name, char *cmd, bool *permissive, char **qual)
{
	Oid			argtypes[2] = {OIDOID, NAMEOID};
	Datum		args[2] = {ObjectIdGetDatum(frontline_rel("frontline", "control_event")), NameGetDatum(name)};
	MemoryContext caller = CurrentMemoryContext;
	bool		found;
	int			rc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute_with_args("SELECT p.polcmd::text, p.polpermissive::text, p.polqual::text FROM pg_catalog.pg_policy p"
							   " WHERE p.polrelid OPERATOR(pg_catalog.=) $1 AND p.polname OPERATOR(pg_catalog.=) $2",
							   2, argtypes, args, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read pg_policy: %s", SPI_result_code_string(rc));
	found = SPI_processed == 1;
	if (found)
	{
		HeapTuple	row = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *c = SPI_getvalue(row, desc, 1),
				   *p = SPI_getvalue(row, desc, 2),
				   *q = SPI_getvalue(row, desc, 3);

		*cmd = c != NULL ? c[0] : '?';
		*permissive = p != NULL && p[0] == 't';
		*qual = q != NULL ? MemoryContextStrdup(caller, q) : NULL;
	}
	SPI_finish();
	return found;
}

/*
 * Why the policy of that name on control_event cannot be cached (NULL: it
 * can, and *qual is its USING as pg_node_tree text), from one read of
 * pg_policy.
 */
static const char *
policy_refusal(Name name, char **qual)
{
	char		cmd;
	bool		permissive;

	*qual = NULL;
	if (!read_policy(name, &cmd, &permissive, qual))
		return "there is no such policy on frontline.control_event";
	if (cmd != ACL_SELECT_CHR && cmd != '*')
		return "it does not apply to SELECT";
	if (!permissive)
		return "it is restrictive (only a permissive policy can be cached)";
	if (*qual == NULL)
		return "it has no USING expression";
	return policy_expr_refusal((Node *) stringToNode(*qual));
}

/*
 * frontline_internal.policy_cache_refusal(policy_name): why the policy on
 * control_event cannot be cached (NULL: it can), from pg_policy.
 */
PG_FUNCTION_INFO_V1(frontline_policy_cache_refusal);
Datum
frontline_policy_cache_refusal(PG_FUNCTION_ARGS)
{
	char	   *qual;
	const char *why = policy_refusal(PG_GETARG_NAME(0), &qual);

	if (why == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(why));
}

/*
 * frontline_internal.policy_using(policy_name): the USING of the policy on
 * control_event as policy_expr_text prints it, NULL when there is no such
 * policy or it cannot be cached (policy_cache_refusal); what the flush and
 * the build compare and evaluate.  One read of pg_policy serves both tests,
 * so each commit reads it once per cached policy.
 */
PG_FUNCTION_INFO_V1(frontline_policy_using);
Datum
frontline_policy_using(PG_FUNCTION_ARGS)
{
	char	   *qual;

	if (policy_refusal(PG_GETARG_NAME(0), &qual) != NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(policy_expr_text((Node *) stringToNode(qual),
													  frontline_rel("frontline", "control_event"))));
}

/*
 * frontline.cache_policy(policy_name) and frontline.uncache_policy(policy_name):
 * build (or rebuild) and drop a policy's cache, as the owner of the cache
 * (EXECUTE is revoked from PUBLIC), through the SQL functions that check
 * the policy and write the rows.
 */
static int64
policy_cache_call(const char *query, Datum policy_name)
{
	Oid			argtypes[1] = {NAMEOID};
	Datum		args[1] = {policy_name};

	return run_as_owner("policy_cache", query, 1, argtypes, args, NULL, false);
}

PG_FUNCTION_INFO_V1(frontline_cache_policy);
Datum
frontline_cache_policy(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(policy_cache_call("SELECT frontline_internal.policy_cache_build($1)", PG_GETARG_DATUM(0)));
}

PG_FUNCTION_INFO_V1(frontline_uncache_policy);
Datum
frontline_uncache_policy(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(policy_cache_call("SELECT frontline_internal.policy_cache_drop($1)", PG_GETARG_DATUM(0)) != 0);
}

/*
 * What a probe does with the column's value while the row is still pinned:
 * value as stored (possibly toasted, or pointing into the buffer), isnull;
 * returns the result, which must not point into the row.
 */
typedef Datum (*probe_fn) (Datum value, bool isnull, void *arg, bool *resnull);

/* the value copied out of the row (detoasted) */
static Datum
probe_copy(Datum value, bool isnull, void *arg, bool *resnull)
{
	Form_pg_attribute a = (Form_pg_attribute) arg;

	*resnull = isnull;
	if (isnull)
		return (Datum) 0;
	return a->attlen == -1 ? PointerGetDatum(PG_DETOAST_DATUM_COPY(value))
		: datumCopy(value, a->attbyval, a->attlen);
}

/*
 * One cache row's column by its primary key: a probe of the index, under
 * the active snapshot, as the view place_history reads it (the caller has
 * checked cache_usable(), the view's condition).  Returns false when the
 * place has no row; else *result is fn's result on the column's value (fn
 * gets the column's attribute when arg is NULL), in the current memory
 * context.  A read that computes from the value (a claim set resolved, a
 * point read) reads it in place, without copying it out of the row first.
 */
static bool
cache_probe_apply(const char *table, const char *index, const char *column, int32 cache_id, int32 place_id,
				  probe_fn fn, void *arg, Datum *result, bool *resnull)
{
	Oid			relid = frontline_rel("frontline_internal", table),
				indid = frontline_rel("frontline_internal", index);
	Relation	rel,
				ind;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	ScanKeyData key[2];
	int			nkeys = cache_id > 0 ? 2 : 1;
	Snapshot	snap = GetActiveSnapshot();
	AttrNumber	att;
	bool		found;

	rel = table_open(relid, AccessShareLock);
	ind = index_open(indid, AccessShareLock);
	att = attnameAttNum(rel, column, false);
	if (att <= 0 || ind->rd_index->indnatts != nkeys)
		elog(ERROR, "frontline_internal.%s is not keyed as frontline reads it", table);
	for (int k = 0; k < nkeys; k++)
		if (ind->rd_index->indkey.values[k] != k + 1 ||
			TupleDescAttr(RelationGetDescr(rel), k)->atttypid != INT4OID)
			elog(ERROR, "frontline_internal.%s is not keyed as frontline reads it", table);
	if (snap == NULL)
		snap = GetTransactionSnapshot();
	if (nkeys == 2)
		ScanKeyInit(&key[0], 1, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(cache_id));
	ScanKeyInit(&key[nkeys - 1], nkeys, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(place_id));
	scan = index_beginscan(rel, ind, snap, nkeys, 0);
	index_rescan(scan, key, nkeys, NULL, 0);
	slot = table_slot_create(rel, NULL);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	if (found)
	{
		bool		isnull;
		Datum		d = slot_getattr(slot, att, &isnull);

		*result = fn(d, isnull, arg ? arg : TupleDescAttr(RelationGetDescr(rel), att - 1), resnull);
	}
	ExecDropSingleTupleTableSlot(slot);
	index_endscan(scan);
	/* the locks are kept to the end of the transaction, as the executor keeps them */
	index_close(ind, NoLock);
	table_close(rel, NoLock);
	return found;
}

/* the value of column in the row of (cache_id,) place_id, copied; false: no row */
static bool
cache_probe_keyed(const char *table, const char *index, const char *column, int32 cache_id, int32 place_id,
				  Datum *value, bool *isnull)
{
	return cache_probe_apply(table, index, column, cache_id, place_id, probe_copy, NULL, value, isnull);
}

static bool
cache_probe(const char *table, const char *index, const char *column, int32 place_id,
			Datum *value, bool *isnull)
{
	return cache_probe_keyed(table, index, column, 0, place_id, value, isnull);
}

/*
 * frontline._history(place_id, sources, min_confidence, as_of): the one
 * decision between the cache and the claims for one place (with
 * _histories, its SQL twin for every place; docs/design-1.2.md, section 3).
 * When cache_usable(): without a filter the cached history, with one the
 * cached claim set resolved under it (frontline._claims_history), each one
 * probe of a primary key; else, or for a place the cache does not hold,
 * the rule over the claims the caller can see (winning_claims), through a
 * saved plan.  In C because every single-place read (control_at, history,
 * the radius functions' candidates) calls it: a PL/pgSQL call and its query
 * cost several times the probe.
 */
extern Datum frontline__claims_history(PG_FUNCTION_ARGS);

static SPIPlanPtr history_plan = NULL;

/* the empty history, {} */
static Datum
empty_history(void)
{
	fl_allocator a = fl_pg_allocator(CurrentMemoryContext);
	fl_builder	b;

	fl_builder_init(&b, &a);
	return PointerGetDatum(fl_pg_history_datum(&b));
}

/* a cached claim set (vnull: a place without claims) resolved under the filter args[1..3] */
static Datum
claim_set_history(FmgrInfo *flinfo, Oid collation, Datum claims, bool vnull, NullableDatum *args,
				  bool *isnull)
{
	LOCAL_FCINFO(fc, 4);
	Datum		h;

	if (vnull)					/* a place without claims: {} */
		return empty_history();
	InitFunctionCallInfoData(*fc, flinfo, 4, collation, NULL, NULL);
	fc->args[0].value = claims;
	fc->args[0].isnull = false;
	for (int i = 1; i < 4; i++)
		fc->args[i] = args[i];
	h = frontline__claims_history(fc);
	*isnull = fc->isnull;
	return h;
}

/* no filter in args (as history_of takes them): the cached histories answer */
static bool
no_filter(const NullableDatum *args)
{
	return args[1].isnull && args[3].isnull &&
		(args[2].isnull || DatumGetFloat4(args[2].value) == 0);
}

/* what a read computes from a cached claim set, in place (probe_claims) */
typedef struct claims_read
{
	FmgrInfo   *flinfo;			/* the caller's (the sources array's cache) */
	Oid			collation;
	NullableDatum *args;		/* as history_of takes them: sources, min_confidence, as_of at 1..3 */
	bool		point;			/* the controller at `at` (a binary search), else the history */
	Datum		at;
} claims_read;

extern Datum frontline__claims_controller(PG_FUNCTION_ARGS);

static Datum
probe_claims(Datum value, bool isnull, void *arg, bool *resnull)
{
	claims_read *r = (claims_read *) arg;
	LOCAL_FCINFO(fc, 5);
	Datum		d;

	if (!r->point)
	{
		*resnull = false;
		return claim_set_history(r->flinfo, r->collation, value, isnull, r->args, resnull);
	}
	if (isnull)					/* a place without claims: no controller */
	{
		*resnull = true;
		return (Datum) 0;
	}
	InitFunctionCallInfoData(*fc, r->flinfo, 5, r->collation, NULL, NULL);
	fc->args[0].value = value;
	fc->args[0].isnull = false;
	fc->args[1].value = r->at;
	fc->args[1].isnull = false;
	for (int i = 1; i < 4; i++)
		fc->args[i + 1] = r->args[i];
	d = frontline__claims_controller(fc);
	*resnull = fc->isnull;
	return d;
}

/*
 * The cached claim set that answers the caller under the filter r->args,
 * read in place by probe_claims: the shared one when the cache is usable
 * (usable) and there is a filter, the cached policy's for a role under one.
 * false when neither applies or the place has no row.
 */
static bool
claims_probe(bool usable, int32 place_id, claims_read *r, Datum *result, bool *resnull)
{
	if (usable)
		return !no_filter(r->args) &&
			cache_probe_apply("claim_cache", "claim_cache_pkey", "claims", 0, place_id,
							  probe_claims, r, result, resnull);
	else
	{
		/* a role under a cached policy: the claim set of what it may see */
		int32		pc = policy_cache_id();

		return pc != 0 &&
			cache_probe_apply("policy_claim_cache", "policy_claim_cache_pkey", "claims", pc, place_id,
							  probe_claims, r, result, resnull);
	}
}

/*
 * The history of one place: args are place_id (not NULL), sources,
 * min_confidence, as_of, as _history takes them; flinfo is the caller's
 * (the sources array's cache).  NULL (*isnull) for a place that does not
 * exist or that row-level security hides; *cached when it came from a
 * cache row (then the place exists).
 */
static Datum
history_of(FmgrInfo *flinfo, Oid collation, bool usable, int32 place_id, NullableDatum *args, bool *isnull,
		   bool *cached)
{
	Datum		value = (Datum) 0;
	bool		vnull = true;
	Datum		spi_args[4];
	char		spi_nulls[4];
	int			rc;
	claims_read r = {flinfo, collation, args, false, (Datum) 0};

	*isnull = false;
	*cached = true;				/* a cache row: the place exists (the cache is complete) */
	if (usable && no_filter(args))
	{
		if (cache_probe("control_cache", "control_cache_pkey", "history", place_id, &value, &vnull) && !vnull)
			return value;
	}
	else if (claims_probe(usable, place_id, &r, &value, isnull))
		return value;
	/* the claims the caller can see; operators spelled out (no SET search_path here) */
	*cached = false;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (history_plan == NULL)
	{
		Oid			types[4] = {INT4OID, TEXTARRAYOID, FLOAT4OID, TIMESTAMPTZOID};
		SPIPlanPtr	p = SPI_prepare(
			"SELECT coalesce(frontline.control_history_agg(w.state, w.at) FILTER (WHERE w.at IS NOT NULL),"
			"                           '{}'::frontline.control_history)"
			"  FROM frontline.place p"
			"  LEFT JOIN frontline.winning_claims(NULL, $2, $3, NULL, $4) w"
			"         ON w.place_id OPERATOR(pg_catalog.=) p.place_id"
			" WHERE p.place_id OPERATOR(pg_catalog.=) $1"
			" GROUP BY p.place_id", 4, types);

		if (p == NULL || SPI_keepplan(p) != 0)
			elog(ERROR, "could not prepare the claims query of _history: %s", SPI_result_code_string(SPI_result));
		history_plan = p;
	}
	spi_args[0] = Int32GetDatum(place_id);
	spi_nulls[0] = ' ';
	for (int i = 1; i < 4; i++)
	{
		spi_args[i] = args[i].value;
		spi_nulls[i] = args[i].isnull ? 'n' : ' ';
	}
	rc = SPI_execute_plan(history_plan, spi_args, spi_nulls, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "the claims query of _history failed: %s", SPI_result_code_string(rc));
	vnull = true;
	if (SPI_processed == 1)
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &vnull);

		if (!vnull)
			value = SPI_datumTransfer(d, false, -1);
	}
	SPI_finish();
	*isnull = vnull;
	return value;
}

PG_FUNCTION_INFO_V1(frontline__history);
Datum
frontline__history(PG_FUNCTION_ARGS)
{
	Datum		h;
	bool		isnull,
				cached;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	h = history_of(fcinfo->flinfo, PG_GET_COLLATION(), cache_usable(), PG_GETARG_INT32(0), fcinfo->args,
				   &isnull, &cached);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(h);
}

/*
 * frontline.check_place_id(place_id), the SQL function (a place hidden by
 * row-level security does not exist for the caller): for the reads below,
 * when a place's history is empty
 */
static void
check_place_id(int32 place_id)
{
	Oid			argtypes[1] = {INT4OID};
	Oid			fn = LookupFuncName(list_make2(makeString("frontline"), makeString("check_place_id")),
									1, argtypes, false);

	(void) OidFunctionCall1(fn, Int32GetDatum(place_id));
}

/* the arguments after place_id (and at) as history_of takes them, checked as the API checks them */
static void
checked_filter(FunctionCallInfo fcinfo, int first, NullableDatum *args)
{
	args[0].value = (Datum) 0;
	args[0].isnull = true;
	args[1] = fcinfo->args[first];
	args[2].value = Float4GetDatum(PG_ARGISNULL(first + 1) ? 0 : fl_pg_check_confidence(PG_GETARG_FLOAT4(first + 1)));
	args[2].isnull = false;
	args[3] = fcinfo->args[first + 2];
	if (!args[3].isnull)
		(void) fl_pg_check_instant(DatumGetTimestampTz(args[3].value), "as_of");
}

/*
 * The history of place_id (argument 0) under the checked filter args, open
 * in *v; false for a place the caller cannot see.  An empty or missing
 * history not read from a cache row checks that the place exists
 * (check_place_id raises 42704 otherwise).
 */
static bool
place_history(FunctionCallInfo fcinfo, bool usable, NullableDatum *args, Datum *h, fl_view *v)
{
	bool		isnull,
				cached;

	*h = history_of(fcinfo->flinfo, PG_GET_COLLATION(), usable, PG_GETARG_INT32(0), args, &isnull, &cached);
	if (!isnull)
		fl_pg_view(*h, v);
	if (!cached && (isnull || v->n == 0))
		check_place_id(PG_GETARG_INT32(0));
	return !isnull;
}

/*
 * frontline.history(place_id, sources, min_confidence, as_of) and
 * frontline.control_at(place_id, at, sources, min_confidence, as_of): the
 * single-place reads, in C over history_of (their arguments checked in the
 * order and with the messages of check_confidence and check_instant).
 */
PG_FUNCTION_INFO_V1(frontline_history_of_place);
Datum
frontline_history_of_place(PG_FUNCTION_ARGS)
{
	NullableDatum args[4];
	Datum		h;
	fl_view		v;

	checked_filter(fcinfo, 1, args);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!place_history(fcinfo, cache_usable(), args, &h, &v))
		PG_RETURN_DATUM(empty_history());
	PG_RETURN_DATUM(h);
}

PG_FUNCTION_INFO_V1(frontline_control_at_place);
Datum
frontline_control_at_place(PG_FUNCTION_ARGS)
{
	NullableDatum args[4];
	int64		t = 0;
	Datum		h;
	fl_view		v;
	int64		i;
	const char *c;
	size_t		cl;
	bool		usable;

	float4		m = PG_ARGISNULL(3) ? 0 : fl_pg_check_confidence(PG_GETARG_FLOAT4(3));

	if (!PG_ARGISNULL(1))
		t = fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(1), "at");
	if (!PG_ARGISNULL(4))
		(void) fl_pg_check_instant(PG_GETARG_TIMESTAMPTZ(4), "as_of");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	args[0].isnull = true;
	args[1] = fcinfo->args[2];
	args[2].value = Float4GetDatum(m);
	args[2].isnull = false;
	args[3] = fcinfo->args[4];
	/* under a filter (or a cached policy), from the cached claim set read
	 * in place: one binary search, no history resolved */
	usable = cache_usable();
	{
		claims_read r = {fcinfo->flinfo, PG_GET_COLLATION(), args, true, PG_GETARG_DATUM(1)};
		Datum		ctl;
		bool		ctlnull;

		if (claims_probe(usable, PG_GETARG_INT32(0), &r, &ctl, &ctlnull))
		{
			if (ctlnull)
				PG_RETURN_NULL();
			PG_RETURN_DATUM(ctl);
		}
	}
	if (!place_history(fcinfo, usable, args, &h, &v))
		PG_RETURN_NULL();
	i = fl_view_find(&v, t);
	if (i < 0)
		PG_RETURN_NULL();
	c = fl_view_controller(&v, (uint32_t) i, &cl);
	if (c == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(c, (int) cl));
}

/*
 * frontline._area_cache_usable(): may reads of areas come from the ground
 * cache?  The same conditions on control_area and area_layer: SELECT
 * without row-level security, no area writes waiting for commit in this
 * transaction, and no load that bypassed the triggers.  (Whether a read's
 * filter leaves every claim in is decided in SQL: _area_cache_serves.)
 */
PG_FUNCTION_INFO_V1(frontline__area_cache_usable);
Datum
frontline__area_cache_usable(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(may_trust_marks() &&
				   readable_without_rls("control_area") &&
				   readable_without_rls("area_layer") &&
				   !area_marked &&
				   cache_complete(&area_complete_memo, "SELECT s.complete FROM frontline._area_cache_state s"));
}

/*
 * Trigger on control_area (statement level with transition tables, TRUNCATE,
 * or row level in replica mode) and on area_layer (any write: a layer's
 * default changes the ground of every map of it).
 */
PG_FUNCTION_INFO_V1(frontline_area_mark);
Datum
frontline_area_mark(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	int			attno;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "fl_area_mark: not called by the trigger manager");
	desc = RelationGetDescr(td->tg_relation);
	attno = SPI_fnumber(desc, "area_id") > 0 ? SPI_fnumber(desc, "at") : SPI_ERROR_NOATTRIBUTE;
	if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event) || attno <= 0)
	{
		area_marked = true;
		area_all = true;
		return PointerGetDatum(NULL);
	}
	mark_from_trigger(td, desc, attno, 0, mark_area_datum);
	return PointerGetDatum(NULL);
}

/*
 * frontline_internal.policy_ddl(): the event trigger of CREATE POLICY and
 * ALTER POLICY (ddl_command_end) and of DROP POLICY (sql_drop).  Only the
 * owner of control_event (or a superuser) can write its policies, so the
 * cache's maintenance, run as the cache's owner, gives the command's author
 * nothing new; anyone else, and policies on other tables, are skipped.  A
 * transaction that is not READ COMMITTED leaves the build to
 * frontline.cache_policy().
 */
PG_FUNCTION_INFO_V1(frontline_policy_ddl);
Datum
frontline_policy_ddl(PG_FUNCTION_ARGS)
{
	EventTriggerData *trig;
	Oid			nsp = get_namespace_oid("frontline", true);
	Oid			relid = OidIsValid(nsp) ? get_relname_relid("control_event", nsp) : InvalidOid;
	List	   *names = NIL;
	ListCell   *lc;
	bool		dropped;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		elog(ERROR, "frontline_policy_ddl: not called by the event trigger manager");
	trig = (EventTriggerData *) fcinfo->context;
	dropped = strcmp(trig->event, "sql_drop") == 0;
	if (!OidIsValid(relid) || !has_privs_of_role(GetUserId(), rel_owner(relid)))
		PG_RETURN_VOID();
	if (dropped)
	{
		(void) run_as_owner("policy_cache", "SELECT frontline_internal.policy_cache_prune()", 0, NULL, NULL, NULL, false);
		PG_RETURN_VOID();
	}
	if (XactIsoLevel != XACT_READ_COMMITTED)
		PG_RETURN_VOID();
	/* the policies on control_event this command created or altered */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	{
		Oid			argtypes[1] = {OIDOID};
		Datum		args[1] = {ObjectIdGetDatum(relid)};
		int			rc = SPI_execute_with_args(
			"SELECT p.polname FROM pg_catalog.pg_event_trigger_ddl_commands() c"
			"  JOIN pg_catalog.pg_policy p ON p.oid OPERATOR(pg_catalog.=) c.objid"
			" WHERE c.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_policy'::pg_catalog.regclass"
			"   AND p.polrelid OPERATOR(pg_catalog.=) $1",
			1, argtypes, args, NULL, false, 0);	/* a fresh snapshot: the command's own rows */

		if (rc != SPI_OK_SELECT)
			elog(ERROR, "could not read the command's policies: %s", SPI_result_code_string(rc));
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
			MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);

			names = lappend(names, pstrdup(name));
			MemoryContextSwitchTo(old);
		}
	}
	SPI_finish();
	foreach(lc, names)
	{
		Oid			argtypes[1] = {NAMEOID};
		Datum		args[1] = {DirectFunctionCall1(namein, CStringGetDatum((char *) lfirst(lc)))};

		(void) run_as_owner("policy_cache", "SELECT frontline_internal.policy_cache_ddl($1)", 1, argtypes, args, NULL, false);
	}
	/* ALTER POLICY ... RENAME leaves a cache under the old name */
	if (names != NIL)
		(void) run_as_owner("policy_cache", "SELECT frontline_internal.policy_cache_prune()", 0, NULL, NULL, NULL, false);
	PG_RETURN_VOID();
}

/*
 * Event trigger after ALTER TABLE: a disabled cache trigger means writes the
 * caches will not see (pg_restore --disable-triggers); the check and its
 * stale note (27_cache_note.sql) run as the cache's owner.  Only for a role
 * with the rights of control_event's owner: no other role can alter
 * frontline's tables, and their ALTER TABLE costs them nothing here.
 */
PG_FUNCTION_INFO_V1(frontline_cache_ddl);
Datum
frontline_cache_ddl(PG_FUNCTION_ARGS)
{
	Oid			nsp = get_namespace_oid("frontline", true);
	Oid			relid = OidIsValid(nsp) ? get_relname_relid("control_event", nsp) : InvalidOid;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		elog(ERROR, "frontline_cache_ddl: not called by the event trigger manager");
	/* an extension script (frontline's own sets its triggers one by one) */
	if (creating_extension)
		PG_RETURN_VOID();
	if (!OidIsValid(relid) || !has_privs_of_role(GetUserId(), rel_owner(relid)))
		PG_RETURN_VOID();
	(void) run_as_owner("cache_note", "SELECT frontline_internal.cache_note_disabled()", 0, NULL, NULL, NULL, false);
	PG_RETURN_VOID();
}

/*
 * frontline_internal.flush_execute(sql, ids, cache_ids, from_at, instants,
 * one_instant): run the flush's pass over the claims (cache_apply builds
 * its text, with one more aggregate per cached policy, from their USING).
 * For a commit that wrote a few places (record_control) planning that
 * statement cost more than running it: it runs through a generic plan kept
 * for the session, keyed by the text.  A flush of more places is planned for them, once (a
 * generic plan assumes a handful).  The plan cache replans a kept plan when
 * a table it reads changes; a policy whose USING changes gives another
 * text, so another plan.  At most FLUSH_PLANS texts are kept (one per set
 * of cached policies in use).  EXECUTE is revoked from PUBLIC: it runs any
 * statement, as its caller.  Returns the rows the statement processed.
 * frontline_internal.flush_execute_sequential is this same entry declared
 * with index and bitmap scans off (50_cache.sql); under those settings a
 * plan is never kept, whatever the count of places, so that no kept plan
 * made without indexes serves a later flush of a few places.
 */
#define FLUSH_PLANS 4

typedef struct flush_plan
{
	char	   *sql;
	SPIPlanPtr	plan;
} flush_plan;

static flush_plan flush_plans[FLUSH_PLANS];
static int	flush_plans_next;

PG_FUNCTION_INFO_V1(frontline_flush_execute);
Datum
frontline_flush_execute(PG_FUNCTION_ARGS)
{
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	Oid			types[5] = {INT4ARRAYOID, INT4ARRAYOID, TIMESTAMPTZARRAYOID, TIMESTAMPTZARRAYOID, BOOLARRAYOID};
	Datum		args[5] = {PG_GETARG_DATUM(1), PG_GETARG_DATUM(2), PG_GETARG_DATUM(3), PG_GETARG_DATUM(4),
						   PG_GETARG_DATUM(5)};
	AnyArrayType *ids = PG_GETARG_ANY_ARRAY_P(1);	/* counted, not flattened */
	SPIPlanPtr	plan = NULL;
	uint64		processed;
	int			rc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (ArrayGetNItems(AARR_NDIM(ids), AARR_DIMS(ids)) > FLUSH_FEW_PLACES || !enable_indexscan)
	{
		/* many places (or index scans off): planned for them, once */
		rc = SPI_execute_with_args(sql, 5, types, args, NULL, false, 0);
		if (rc < 0)
			elog(ERROR, "frontline's flush failed: %s", SPI_result_code_string(rc));
		processed = SPI_processed;
		SPI_finish();
		PG_RETURN_INT64((int64) processed);
	}
	for (int i = 0; i < FLUSH_PLANS; i++)
		if (flush_plans[i].sql != NULL && strcmp(flush_plans[i].sql, sql) == 0)
		{
			plan = flush_plans[i].plan;
			break;
		}
	if (plan == NULL)
	{
		flush_plan *slot = &flush_plans[flush_plans_next];

		plan = SPI_prepare_cursor(sql, 5, types, CURSOR_OPT_GENERIC_PLAN);
		if (plan == NULL)
			elog(ERROR, "frontline could not prepare its flush: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "frontline could not keep the plan of its flush");
		if (slot->sql != NULL)
		{
			SPI_freeplan(slot->plan);
			pfree(slot->sql);
			slot->sql = NULL;
		}
		slot->sql = MemoryContextStrdup(TopMemoryContext, sql);
		slot->plan = plan;
		flush_plans_next = (flush_plans_next + 1) % FLUSH_PLANS;
	}
	rc = SPI_execute_plan(plan, args, NULL, false, 0);
	if (rc < 0)
		elog(ERROR, "frontline's flush failed: %s", SPI_result_code_string(rc));
	processed = SPI_processed;
	SPI_finish();
	PG_RETURN_INT64((int64) processed);
}
