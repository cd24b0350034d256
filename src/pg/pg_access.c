/*-------------------------------------------------------------------------
 *
 * pg_access.c
 *		Which repositories the current role may read, write or manage.
 *
 * Row-level security on every codemap table keys on the answer of
 * codemap._repo_ids(access).  A role may:
 *
 *	read	a repository it owns (through membership in its owner role),
 *			or one granted to it (or to a role it has the privileges of)
 *			for reading or writing;
 *	write	one it owns or one granted to it for writing;
 *	manage	one it owns: grant, revoke and drop.
 *
 * Members of codemap_admin, and superusers, may do all three everywhere.
 *
 * The answer needs the repo and repo_member tables, which policies guard
 * too, so a policy asking a query on them would ask itself again.  This
 * function reads them as their owner instead (the owner is exempt from
 * their policies) and applies the rules above to the calling role, whose
 * id it takes before switching.  What it returns is only what the caller
 * may see anyway: the ids of its own repositories.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "pg_codemap.h"

typedef enum RepoAccess
{
	ACCESS_READ,
	ACCESS_WRITE,
	ACCESS_MANAGE
} RepoAccess;

static RepoAccess
access_arg(text *arg)
{
	char	   *s = text_to_cstring(arg);

	if (strcmp(s, "read") == 0)
		return ACCESS_READ;
	if (strcmp(s, "write") == 0)
		return ACCESS_WRITE;
	if (strcmp(s, "manage") == 0)
		return ACCESS_MANAGE;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized repository access \"%s\"", s),
			 errhint("Use 'read', 'write' or 'manage'.")));
	return ACCESS_READ;			/* not reached */
}

/* Whether role has the privileges of the role named name (absent: no). */
static bool
privs_of_named(Oid role, const char *name)
{
	Oid			other = get_role_oid(name, true);

	return OidIsValid(other) && has_privs_of_role(role, other);
}

/*
 * The repositories the role may access at the level given, as a palloc'd
 * array of ids in the caller's memory context; *n gets their number.  With
 * only_one, only repository only is considered (one row read, not all).
 */
static int32 *
repo_ids(Oid role, RepoAccess access, bool only_one, int32 only, int *n)
{
	Oid			argtypes[1] = {INT4OID};
	Datum		args[1] = {Int32GetDatum(only)};
	char		argnulls[1] = {only_one ? ' ' : 'n'};
	Oid			repo_rel = get_relname_relid("repo", get_namespace_oid("codemap", false));
	HeapTuple	tuple;
	Oid			owner;
	Oid			save_userid;
	int			save_sec;
	bool		everything;
	int32	   *ids;
	int			nids = 0;
	MemoryContext caller = CurrentMemoryContext;
	int			rc;

	if (!OidIsValid(repo_rel))
		elog(ERROR, "table codemap.repo is missing");
	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(repo_rel));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", repo_rel);
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);

	everything = superuser_arg(role) || privs_of_named(role, "codemap_admin");

	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	SPI_connect();

	/*
	 * One row per repository: its owner, and the members with their access
	 * (NULL arrays when it has none).  The owner reads both tables without
	 * their policies.
	 */
	rc = SPI_execute_with_args("SELECT r.id, r.owner::text, "
							   "       array_agg(m.member::text) FILTER (WHERE m.member IS NOT NULL), "
							   "       array_agg(m.access) FILTER (WHERE m.member IS NOT NULL) "
							   "FROM codemap.repo r "
							   "LEFT JOIN codemap.repo_member m ON m.repo_id = r.id "
							   "WHERE $1 IS NULL OR r.id = $1 "
							   "GROUP BY r.id, r.owner",
							   1, argtypes, args, argnulls, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading repository members failed: %s",
			 SPI_result_code_string(rc));

	ids = MemoryContextAlloc(caller, sizeof(int32) * Max(SPI_processed, 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		int32		id = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull));
		bool		allowed = everything;

		if (!allowed)
			allowed = privs_of_named(role, SPI_getvalue(tuple, desc, 2));
		if (!allowed && access != ACCESS_MANAGE)
		{
			Datum		members = SPI_getbinval(tuple, desc, 3, &isnull);

			if (!isnull)
			{
				Datum		levels = SPI_getbinval(tuple, desc, 4, &isnull);
				Datum	   *names;
				Datum	   *kinds;
				int			nmembers;
				int			nkinds;

				deconstruct_array(DatumGetArrayTypeP(members), TEXTOID, -1, false,
								  TYPALIGN_INT, &names, NULL, &nmembers);
				deconstruct_array(DatumGetArrayTypeP(levels), TEXTOID, -1, false,
								  TYPALIGN_INT, &kinds, NULL, &nkinds);
				for (int i = 0; i < nmembers && i < nkinds && !allowed; i++)
				{
					char	   *kind = TextDatumGetCString(kinds[i]);

					if (access == ACCESS_WRITE && strcmp(kind, "write") != 0)
						continue;
					allowed = privs_of_named(role, TextDatumGetCString(names[i]));
				}
			}
		}
		if (allowed)
			ids[nids++] = id;
	}

	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec);
	*n = nids;
	return ids;
}

static bool
may_access(int32 repo_id, RepoAccess access)
{
	Oid			role = GetUserId();
	int			n;
	int32	   *ids;

	if (superuser_arg(role))
		return true;
	ids = repo_ids(role, access, true, repo_id, &n);
	for (int i = 0; i < n; i++)
		if (ids[i] == repo_id)
			return true;
	return false;
}

/*
 * Whether the current role may write into a repository: for the indexer,
 * which writes rows without going through policies.
 */
bool
cm_pg_may_write(int32 repo_id)
{
	return may_access(repo_id, ACCESS_WRITE);
}

/*
 * Whether the current role may read a repository: for what a backend
 * keeps of one between queries.
 */
bool
cm_pg_may_read(int32 repo_id)
{
	return may_access(repo_id, ACCESS_READ);
}

PG_FUNCTION_INFO_V1(codemap_repo_ids);

/*
 * _repo_ids(access text) -> integer[]: the repositories the current role
 * may read, write or manage.
 */
Datum
codemap_repo_ids(PG_FUNCTION_ARGS)
{
	RepoAccess	access = access_arg(PG_GETARG_TEXT_PP(0));
	int			n;
	int32	   *ids = repo_ids(GetUserId(), access, false, 0, &n);
	Datum	   *values = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		values[i] = Int32GetDatum(ids[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(values, n, INT4OID, sizeof(int32), true,
										  TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(codemap_may_access);

/*
 * _may_access(repo_id integer, access text) -> boolean: whether the current
 * role may read, write or manage one repository (reading its row only).
 */
Datum
codemap_may_access(PG_FUNCTION_ARGS)
{
	int32		repo_id = PG_GETARG_INT32(0);
	RepoAccess	access = access_arg(PG_GETARG_TEXT_PP(1));

	PG_RETURN_BOOL(may_access(repo_id, access));
}
