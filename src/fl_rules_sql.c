/*
 * fl_rules_sql.c — the rule of record_contested at the table: every
 * contender of a claim is an existing actor, named once.
 *
 * An AFTER ROW trigger on control_event, fired only for rows with
 * contenders (its WHEN clause), so that rows without them cost nothing and
 * COPY keeps its batched inserts.  A row that keeps the rule costs one
 * probe of actor's unique key on name through a plan kept for the session:
 * as many actors must match the contenders as there are contenders.  Actor
 * names are unique also when folded (actor_name_folded), so among existing
 * actors two spellings that fold alike are the same string, and one count
 * answers both "is an actor" and "named once".  Only a row whose count
 * falls short runs the one query that names the offending contenders for
 * the error (when it names none, an actor was committed in between: the
 * row stays, see the end of the function).
 *
 * Both statements run as a volatile function's would (SPI's read_only
 * false: the command counter is advanced and a new snapshot taken), so
 * that they see the actors the same statement wrote, as in
 * WITH a AS (INSERT INTO frontline.actor ...) INSERT INTO control_event ...
 *
 * Like the triggers of fl_cache_sql.c this file has no core twin: it is
 * SPI and nothing else.  The statements run as the writer (a trigger has
 * the rights of whoever wrote the row), name every object with its schema
 * and spell their operators with OPERATOR(pg_catalog.…), so that no
 * search_path reaches them.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"

/* the actors named among a claim's contenders, each once */
static SPIPlanPtr contenders_plan = NULL;

/*
 * Why a claim's contenders break the rule: the contenders that are no actor,
 * and those named more than once, each as a list of quoted names (NULL when
 * none); one query, run only for a row that breaks the rule.
 */
static void
contenders_diagnosis(Datum contenders, char **missing, char **twins)
{
	Oid			types[1] = {TEXTARRAYOID};
	Datum		args[1] = {contenders};
	int			rc = SPI_execute_with_args(
		"SELECT (SELECT pg_catalog.string_agg(pg_catalog.format('\"%s\"', c.x), ', ' ORDER BY c.x)"
		"          FROM pg_catalog.unnest($1) c(x)"
		"         WHERE NOT EXISTS (SELECT 1 FROM frontline.actor a WHERE a.name OPERATOR(pg_catalog.=) c.x)),"
		"       (SELECT pg_catalog.string_agg(pg_catalog.format('\"%s\"', d.x), ', ' ORDER BY d.x)"
		"          FROM (SELECT c.x FROM pg_catalog.unnest($1) c(x) GROUP BY c.x"
		"                 HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1) d)",
		1, types, args, NULL, false, 1);

	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "frontline: the diagnosis of a claim's contenders failed: %s", SPI_result_code_string(rc));
	*missing = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	*twins = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
}

PG_FUNCTION_INFO_V1(frontline_check_contenders);
Datum
frontline_check_contenders(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	row;
	int			att_contenders;
	int			att_event_id;
	bool		isnull;
	Datum		contenders;
	ArrayType  *arr;
	int			n;
	Datum		args[1];
	int			rc;
	uint64		found;
	char	   *missing;
	char	   *twins;
	char	   *shown;
	int64		event_id;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!TRIGGER_FIRED_AFTER(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event))
		elog(ERROR, "frontline_check_contenders: not called as an AFTER INSERT or UPDATE row trigger");
	row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	desc = RelationGetDescr(td->tg_relation);
	att_contenders = SPI_fnumber(desc, "contenders");
	if (att_contenders <= 0 || TupleDescAttr(desc, att_contenders - 1)->atttypid != TEXTARRAYOID)
		elog(ERROR, "frontline_check_contenders: relation \"%s\" has no contenders text[] column",
			 RelationGetRelationName(td->tg_relation));
	contenders = heap_getattr(row, att_contenders, desc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);
	arr = DatumGetArrayTypeP(contenders);
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (contenders_plan == NULL)
	{
		Oid			types[1] = {TEXTARRAYOID};
		SPIPlanPtr	p = SPI_prepare("SELECT 1 FROM frontline.actor a"
									" WHERE a.name OPERATOR(pg_catalog.=) ANY ($1)", 1, types);

		if (p == NULL || SPI_keepplan(p) != 0)
			elog(ERROR, "could not prepare the contenders check: %s", SPI_result_code_string(SPI_result));
		contenders_plan = p;
	}
	args[0] = PointerGetDatum(arr);
	rc = SPI_execute_plan(contenders_plan, args, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "the contenders check failed: %s", SPI_result_code_string(rc));
	found = SPI_processed;
	if (found == (uint64) n)
	{
		SPI_finish();
		return PointerGetDatum(NULL);
	}

	/* the rule is broken: name what breaks it, as record_contested would */
	att_event_id = SPI_fnumber(desc, "event_id");
	event_id = att_event_id > 0 ? DatumGetInt64(heap_getattr(row, att_event_id, desc, &isnull)) : 0;
	shown = OidOutputFunctionCall(F_ARRAY_OUT, PointerGetDatum(arr));
	contenders_diagnosis(PointerGetDatum(arr), &missing, &twins);
	if (missing != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("contender %s of claim " INT64_FORMAT " is not an actor", missing, event_id),
				 errdetail("contenders = %s", shown),
				 errhint("Use the actors' exact names (frontline.actor.name), or frontline.record_contested(), which finds them.")));
	if (twins != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("claim " INT64_FORMAT " lists one actor twice among its contenders: %s", event_id, twins),
				 errdetail("contenders = %s", shown)));
	/*
	 * The count fell short, yet the diagnosis, with its newer snapshot, finds
	 * every contender an actor, each named once: a transaction that committed
	 * in between created (or renamed) one of them.  The rule holds as of the
	 * latest snapshot, which is what a READ COMMITTED statement answers to;
	 * under REPEATABLE READ and SERIALIZABLE both statements read the
	 * transaction's snapshot, so this cannot happen there.  The row stays.
	 */
	SPI_finish();
	return PointerGetDatum(NULL);
}
