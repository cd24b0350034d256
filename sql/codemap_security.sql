--------------------------------------------------------------------------
-- Roles, repository membership and row-level security
--
-- Three group roles, created here when absent (roles belong to the whole
-- server, so another database's codemap may have made them already):
--
--	codemap_reader	may read the repositories it is a member of
--	codemap_writer	and create repositories, and index the ones it owns
--					or may write
--	codemap_admin	and read, write and manage every repository
--
-- A repository belongs to its owner role (repo.owner, the role that
-- created it); the owner grants other roles read or write access with
-- grant_repo() and takes it back with revoke_repo().  Access follows role
-- membership: granting a repository to a group role grants it to every
-- role with that role's privileges.
--
-- Every table carries a policy keyed on codemap._repo_ids() (pg_access.c),
-- and every function runs as its caller, so policies apply inside every
-- algorithm and exploration function: a role that may not read a
-- repository finds nothing of it, and its name gives the same error as a
-- name no repository has.  The table owner (the role that installed the
-- extension) and superusers are exempt from policies, as PostgreSQL makes
-- them.
--------------------------------------------------------------------------

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'codemap_reader') THEN
		CREATE ROLE codemap_reader NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'codemap_writer') THEN
		CREATE ROLE codemap_writer NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'codemap_admin') THEN
		CREATE ROLE codemap_admin NOLOGIN;
	END IF;
	IF NOT pg_catalog.pg_has_role('codemap_writer', 'codemap_reader', 'MEMBER') THEN
		GRANT codemap_reader TO codemap_writer;
	END IF;
	IF NOT pg_catalog.pg_has_role('codemap_admin', 'codemap_writer', 'MEMBER') THEN
		GRANT codemap_writer TO codemap_admin;
	END IF;
END
$$;

CREATE TABLE repo_member (
	repo_id		integer NOT NULL REFERENCES repo (id),
	member		name NOT NULL,		-- a role name
	access		text NOT NULL CHECK (access IN ('read', 'write')),
	PRIMARY KEY (repo_id, member)
);

COMMENT ON TABLE repo_member IS 'roles granted access to a repository besides its owner';

SELECT pg_catalog.pg_extension_config_dump('codemap.repo_member', '');

CREATE FUNCTION _repo_ids(access text)
RETURNS integer[]
AS 'MODULE_PATHNAME', 'codemap_repo_ids'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

COMMENT ON FUNCTION _repo_ids(text) IS
'internal: the repositories the current role may read, write or manage';

CREATE FUNCTION _may_access(repo_id integer, access text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'codemap_may_access'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

COMMENT ON FUNCTION _may_access(integer, text) IS
'internal: whether the current role may read, write or manage one repository';

-- Fresh statistics after a bulk load, which only the tables' owner may
-- gather: the one function that runs as its owner.  It takes no input
-- and names every object with its schema.
CREATE FUNCTION _analyze()
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	ANALYZE codemap.file;
	ANALYZE codemap.node;
	ANALYZE codemap.ref;
END
$$;

REVOKE EXECUTE ON FUNCTION _analyze() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION _analyze() TO codemap_writer;

COMMENT ON FUNCTION _analyze() IS
'internal: gather statistics on the file, node and ref tables after a bulk load, as their owner';

-- Raise 42501 unless the current role may manage (grant, revoke, drop)
-- repository rid, named repo; action says what was tried.
CREATE FUNCTION _check_manage(rid integer, repo text, action text)
RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF NOT codemap._may_access(rid, 'manage') THEN
		RAISE EXCEPTION 'permission denied to % repository "%"', action, repo
			USING ERRCODE = 'insufficient_privilege',
				  HINT = format('Only the repository''s owner and codemap_admin may %s it.', action);
	END IF;
END
$$;

-- grant_repo(repo, role, access): let a role read or write a repository.
CREATE FUNCTION grant_repo(repo text, role name, access text DEFAULT 'read')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
BEGIN
	IF access IS NULL OR access NOT IN ('read', 'write') THEN
		RAISE EXCEPTION 'unrecognized repository access "%"', access
			USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''read'' or ''write''.';
	END IF;
	IF role IS NULL OR NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = role) THEN
		RAISE EXCEPTION 'role "%" does not exist', role USING ERRCODE = 'undefined_object';
	END IF;
	PERFORM codemap._check_manage(rid, repo, 'grant access to');
	INSERT INTO codemap.repo_member AS m (repo_id, member, access)
	VALUES (rid, role, grant_repo.access)
	ON CONFLICT (repo_id, member) DO UPDATE SET access = excluded.access;
END
$$;

COMMENT ON FUNCTION grant_repo(text, name, text) IS
'let a role (and the roles with its privileges) read or write a repository; its owner or codemap_admin may';

-- revoke_repo(repo, role): take back what grant_repo() gave.
CREATE FUNCTION revoke_repo(repo text, role name)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
BEGIN
	PERFORM codemap._check_manage(rid, repo, 'revoke access to');
	DELETE FROM codemap.repo_member m WHERE m.repo_id = rid AND m.member = role;
END
$$;

COMMENT ON FUNCTION revoke_repo(text, name) IS
'take back a role''s access to a repository (its owner keeps it)';

CREATE VIEW repo_access WITH (security_invoker = true) AS
SELECT r.name AS repo, r.owner AS role, 'owner'::text AS access
FROM codemap.repo r
UNION ALL
SELECT r.name, m.member, m.access
FROM codemap.repo_member m JOIN codemap.repo r ON r.id = m.repo_id;

COMMENT ON VIEW repo_access IS 'who may read or write the repositories the current role may read';

-- Privileges: readers read, writers write; policies pick the rows.
GRANT USAGE ON SCHEMA codemap TO codemap_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA codemap TO codemap_reader;
GRANT INSERT, UPDATE, DELETE ON file, node, ref, edge, changed_name, manifest,
	cluster, cluster_file, cluster_edge, graph_snapshot, node_rank, repo_member
	TO codemap_writer;
GRANT INSERT, DELETE ON repo TO codemap_writer;
-- the owner of a repository is the role that created it, for good
GRANT UPDATE (options, indexed_at, version) ON repo TO codemap_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA codemap TO codemap_writer;

-- The policies.  The array of ids is a sub-select, so that it is computed
-- once per query and the repository's indexes serve the test.
ALTER TABLE repo ENABLE ROW LEVEL SECURITY;
CREATE POLICY repo_read ON repo FOR SELECT
	USING (id = ANY ((SELECT codemap._repo_ids('read'))::integer[]));
CREATE POLICY repo_create ON repo FOR INSERT
	WITH CHECK (owner = current_user);
CREATE POLICY repo_write ON repo FOR UPDATE
	USING (id = ANY ((SELECT codemap._repo_ids('write'))::integer[]));
CREATE POLICY repo_drop ON repo FOR DELETE
	USING (id = ANY ((SELECT codemap._repo_ids('manage'))::integer[]));

ALTER TABLE repo_member ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_read ON repo_member FOR SELECT
	USING (repo_id = ANY ((SELECT codemap._repo_ids('read'))::integer[]));
CREATE POLICY member_manage ON repo_member FOR ALL
	USING (repo_id = ANY ((SELECT codemap._repo_ids('manage'))::integer[]))
	WITH CHECK (repo_id = ANY ((SELECT codemap._repo_ids('manage'))::integer[]));

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['file', 'node', 'ref', 'edge', 'changed_name', 'manifest',
							 'cluster', 'cluster_file', 'cluster_edge', 'graph_snapshot',
							 'node_rank']
	LOOP
		EXECUTE format('ALTER TABLE codemap.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON codemap.%I FOR SELECT '
					   'USING (repo_id = ANY ((SELECT codemap._repo_ids(''read''))::integer[]))',
					   t || '_read', t);
		EXECUTE format('CREATE POLICY %I ON codemap.%I FOR ALL '
					   'USING (repo_id = ANY ((SELECT codemap._repo_ids(''write''))::integer[])) '
					   'WITH CHECK (repo_id = ANY ((SELECT codemap._repo_ids(''write''))::integer[]))',
					   t || '_write', t);
	END LOOP;
END
$$;
