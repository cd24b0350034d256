--------------------------------------------------------------------------
-- Repositories: storage, indexing and resolution
--
-- Every row belongs to a repository and every key starts with its id.
-- References (ref) are the facts parsing produced and never change until
-- their file does; edges are what references resolved to.  A reference
-- without an edge is pending: it resolves when its target arrives.
--
-- Resolution happens in two places, and both are pure functions of the
-- stored files, so that any sequence of incremental runs ends with the
-- graph a clean index of the same files gives:
--
--	* while a file is stored, a call or base class named by a definition
--	  of the same file resolves to it (confidence 1).  Nothing outside the
--	  file can change that answer.
--	* refresh() resolves imports to files (confidence 1), then the
--	  remaining calls and base classes by scope: to definitions of that
--	  name in the files the referring file imports, else in its own module
--	  (directory), else anywhere in the repository.  One definition found
--	  at a level gets that level's confidence (0.9, 0.8, 0.5); several
--	  share it, each edge getting the confidence divided by their number,
--	  up to _max_candidates(level); more leave the reference pending.  A
--	  definition appearing or disappearing anywhere changes such answers,
--	  so storing a file records the names its old and new definitions
--	  carry (changed_name), and refresh() re-resolves every reference to
--	  those names.  A file appearing or disappearing records a NULL name,
--	  which makes refresh() re-resolve every import, and the references of
--	  every file whose imports then lead elsewhere.
--------------------------------------------------------------------------

CREATE SEQUENCE repo_id_seq AS integer;
CREATE SEQUENCE node_id_seq AS bigint;

CREATE TABLE repo (
	id			integer PRIMARY KEY DEFAULT nextval('codemap.repo_id_seq'),
	name		text NOT NULL UNIQUE
				CHECK (name <> '' AND length(name) <= 200 AND name !~ '[[:cntrl:]]'),
	owner		name NOT NULL DEFAULT current_user,
	options		jsonb NOT NULL DEFAULT '{}',
	created_at	timestamptz NOT NULL DEFAULT now(),
	indexed_at	timestamptz,		-- last refresh()
	version		bigint NOT NULL DEFAULT 0	-- refresh() calls that changed the graph
);
ALTER SEQUENCE repo_id_seq OWNED BY repo.id;

COMMENT ON TABLE repo IS 'indexed repositories; options: include_dirs, source_roots, exclude';

CREATE TABLE file (
	repo_id		integer NOT NULL REFERENCES repo (id),
	id			bigint NOT NULL,	-- the file's node
	path		text NOT NULL,		-- repo-relative, '/'-separated
	language	text,
	size		bigint,
	hash		bytea,				-- SHA-256 of the content
	status		text NOT NULL
				CHECK (status IN ('indexed', 'partial', 'failed', 'skipped')),
	reason		text,				-- why partial, failed or skipped
	syntax_errors integer,
	indexed_at	timestamptz NOT NULL DEFAULT now(),
	resolved	boolean NOT NULL DEFAULT false, -- refresh() has seen this version
	PRIMARY KEY (repo_id, id),
	UNIQUE (repo_id, path)
);
-- Whether a repository has changes refresh() has not seen, at a glance.
CREATE INDEX file_unresolved_idx ON file (repo_id) WHERE NOT resolved;

COMMENT ON TABLE file IS 'one row per file of a repository: indexed, partially indexed (reason says what was left out), failed or skipped (reason says why)';

-- Modules, files and symbols share one id space.
CREATE TABLE node (
	repo_id		integer NOT NULL,
	id			bigint NOT NULL,
	kind		text NOT NULL,		-- module, file, or a definition's kind
	name		text NOT NULL,		-- last name: "save", "login.js", "auth"
	qualname	text NOT NULL,		-- symbols: "Model.save"; files, modules: their path
	file_id		bigint,				-- symbols and files: the file node
	parent_id	bigint,				-- the node containing this one
	start_line	integer,
	end_line	integer,
	PRIMARY KEY (repo_id, id)
);
-- text_pattern_ops serves both the resolver's equality lookups and
-- search()'s prefix matches (name LIKE 'abc%').
CREATE INDEX node_name_idx ON node (repo_id, name text_pattern_ops);
CREATE INDEX node_file_idx ON node (repo_id, file_id);
CREATE UNIQUE INDEX node_module_idx ON node (repo_id, qualname) WHERE kind = 'module';
-- the files of a module (a file's parent is its directory's module)
CREATE INDEX node_module_files_idx ON node (repo_id, parent_id) WHERE kind = 'file';

COMMENT ON TABLE node IS 'modules (directories), files and symbols; a module''s and a file''s qualname is its path';

CREATE TABLE ref (
	repo_id		integer NOT NULL,
	file_id		bigint NOT NULL,
	ord			integer NOT NULL,	-- the fact's number in its file
	src			bigint NOT NULL,	-- the enclosing definition, or the file
	kind		text NOT NULL CHECK (kind IN ('call', 'inherit', 'import')),
	form		text,				-- imports: include, from, require, ...
	name		text,				-- calls, bases: last identifier; imports: the member
	target		text,				-- calls, bases: as written; imports: the target as written
	alias		text,				-- imports: the local name
	line		integer NOT NULL,
	local		boolean NOT NULL DEFAULT false,	-- a definition of its own file answers it
	PRIMARY KEY (repo_id, file_id, ord)
);
-- the references whose answer depends on other files: refresh() finds them
-- by name when definitions of that name come or go
CREATE INDEX ref_name_idx ON ref (repo_id, name) WHERE kind <> 'import' AND NOT local;

COMMENT ON TABLE ref IS 'references and imports as parsed; resolved ones have an edge';

CREATE TABLE edge (
	repo_id		integer NOT NULL,
	file_id		bigint NOT NULL,	-- the reference this edge resolves
	ord			integer NOT NULL,
	alt			smallint NOT NULL DEFAULT 0,	-- candidates of an ambiguous reference: 0, 1, ...
	src			bigint NOT NULL,
	dst			bigint NOT NULL,
	kind		text NOT NULL CHECK (kind IN ('imports', 'calls', 'inherits', 'references')),
	confidence	real NOT NULL,		-- how sure: see _scope_confidence()
	PRIMARY KEY (repo_id, file_id, ord, alt)
);
CREATE INDEX edge_dst_idx ON edge (repo_id, dst);

COMMENT ON TABLE edge IS 'resolved references; contains edges are node.parent_id';

CREATE TABLE changed_name (
	repo_id		integer NOT NULL,
	name		text				-- NULL: files appeared or went
);
CREATE INDEX changed_name_idx ON changed_name (repo_id);

-- Project files that import resolution reads: go.mod (a Go module's
-- path), package.json, tsconfig.json and composer.json.  They are files of
-- the repository (language NULL) whose content is kept here, reduced to
-- what resolution uses, instead of being parsed.
CREATE TABLE manifest (
	repo_id		integer NOT NULL,
	file_id		bigint NOT NULL,
	kind		text NOT NULL,		-- go.mod, package.json, tsconfig, composer.json
	data		jsonb NOT NULL,		-- go.mod: {"module": path}; JSON files: as written
	PRIMARY KEY (repo_id, file_id)
);

COMMENT ON TABLE manifest IS 'project files import resolution reads (go.mod, package.json, tsconfig.json, composer.json), one row per file';

COMMENT ON TABLE changed_name IS 'names whose definitions changed since the last refresh(); internal';

SELECT pg_catalog.pg_extension_config_dump('codemap.repo', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.file', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.node', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.ref', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.edge', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.changed_name', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.manifest', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.repo_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('codemap.node_id_seq', '');

--------------------------------------------------------------------------
-- Internal helpers
--------------------------------------------------------------------------

CREATE FUNCTION _store_staged(
	repo_id integer,
	record_names boolean,
	OUT file_id bigint,
	OUT status text,
	OUT reason text,
	OUT syntax_errors integer,
	OUT definitions bigint,
	OUT "references" bigint,
	OUT lines integer)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_store_staged'
LANGUAGE C STRICT;

COMMENT ON FUNCTION _store_staged(integer, boolean) IS
'internal: parse the files staged in pg_temp.codemap_stage and write their nodes, references and same-file edges (and, with record_names, their names to changed_name)';

CREATE FUNCTION _import_candidates(
	language text,
	importer text,
	target text,
	form text,
	member text,
	include_dirs text[],
	source_roots text[],
	packages text[],
	aliases text[])
RETURNS text[]
AS 'MODULE_PATHNAME', 'codemap_import_candidates'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION _import_candidates(text, text, text, text, text, text[], text[], text[], text[]) IS
'internal: the repo-relative paths an import may load, in the order the language searches them; a path ending in / is a directory; packages are "name<TAB>dir" entries, aliases "pattern<TAB>path" (tsconfig paths) and "<TAB>dir" (baseUrl)';

CREATE FUNCTION _jsonc_to_json(source text)
RETURNS text
AS 'MODULE_PATHNAME', 'codemap_jsonc_to_json'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _jsonc_to_json(text) IS
'internal: JSON with comments and trailing commas (tsconfig.json) as plain JSON';

CREATE FUNCTION _manifest_kind(path text)
RETURNS text
AS 'MODULE_PATHNAME', 'codemap_manifest_kind'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION _manifest_kind(text) IS
'internal: the kind of project file a path names (go.mod, package.json, tsconfig, composer.json), or NULL';

-- What resolution keeps of a project file, or NULL when it holds nothing
-- usable (a go.mod without a module directive, JSON that does not parse).
CREATE FUNCTION _manifest_data(kind text, source text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	m text[];
BEGIN
	IF kind = 'go.mod' THEN
		-- module example.com/m  or  module "example.com/m", comments aside
		m := regexp_match(source, '(?:^|\n)[ \t]*module[ \t]+"?([^"\s/][^"\s]*)"?[ \t]*(?://[^\n]*)?(?:\r?\n|$)');
		RETURN CASE WHEN m IS NULL THEN NULL ELSE jsonb_build_object('module', m[1]) END;
	END IF;
	BEGIN
		-- TypeScript reads its configs with comments and trailing commas
		IF kind = 'tsconfig' THEN
			RETURN codemap._jsonc_to_json(source)::jsonb;
		END IF;
		RETURN source::jsonb;
	EXCEPTION WHEN invalid_text_representation THEN
		RETURN NULL;
	END;
END
$$;

-- The repository's id, or an error naming it.
CREATE FUNCTION _repo_id(repo text, lock text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	rid integer;
BEGIN
	SELECT r.id INTO rid FROM codemap.repo r WHERE r.name = repo;
	IF rid IS NULL THEN
		RAISE EXCEPTION 'repository "%" does not exist', repo
			USING ERRCODE = 'undefined_object',
				  HINT = 'Create it with codemap.create_repo(), or run codemap index.';
	END IF;
	IF lock IS NOT NULL AND NOT codemap._may_access(rid, 'write') THEN
		RAISE EXCEPTION 'permission denied to write into repository "%"', repo
			USING ERRCODE = 'insufficient_privilege',
				  HINT = 'The repository''s owner grants write access with codemap.grant_repo().';
	END IF;
	-- Writers share the repository; refresh() has it alone.
	IF lock = 'write' THEN
		PERFORM pg_catalog.pg_advisory_xact_lock_shared(25453, rid);
	ELSIF lock = 'refresh' THEN
		PERFORM pg_catalog.pg_advisory_xact_lock(25453, rid);
	END IF;
	RETURN rid;
END
$$;

-- Check an options object; returns it.
CREATE FUNCTION _check_options(options jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	k text;
	v jsonb;
	e jsonb;
BEGIN
	IF options IS NULL OR jsonb_typeof(options) <> 'object' THEN
		RAISE EXCEPTION 'repository options must be a JSON object'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	FOR k, v IN SELECT * FROM jsonb_each(options) LOOP
		IF k NOT IN ('include_dirs', 'source_roots', 'exclude') THEN
			RAISE EXCEPTION 'unrecognized repository option "%"', k
				USING ERRCODE = 'invalid_parameter_value',
					  HINT = 'Options are include_dirs, source_roots and exclude.';
		END IF;
		IF jsonb_typeof(v) <> 'array' THEN
			RAISE EXCEPTION 'repository option "%" must be an array of strings', k
				USING ERRCODE = 'invalid_parameter_value';
		END IF;
		FOR e IN SELECT * FROM jsonb_array_elements(v) LOOP
			IF jsonb_typeof(e) <> 'string' OR e #>> '{}' = '' THEN
				RAISE EXCEPTION 'repository option "%" must be an array of non-empty strings', k
					USING ERRCODE = 'invalid_parameter_value',
						  DETAIL = format('Element %s is not.', e);
			END IF;
			IF k <> 'exclude' AND (e #>> '{}' ~ '^/' OR e #>> '{}' ~ '(^|/)\.\.(/|$)') THEN
				RAISE EXCEPTION 'repository option "%" holds "%", which is not inside the repository', k, e #>> '{}'
					USING ERRCODE = 'invalid_parameter_value',
						  HINT = 'Directories are relative to the repository root and may not use "..".';
			END IF;
		END LOOP;
	END LOOP;
	RETURN options;
END
$$;

-- A JSON array of strings as text[], with trailing slashes dropped.
CREATE FUNCTION _option_dirs(options jsonb, key text)
RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(array_agg(rtrim(regexp_replace(e, '^\./', ''), '/') ORDER BY n), '{}')
	FROM jsonb_array_elements_text(coalesce(options -> key, '[]')) WITH ORDINALITY AS t(e, n)
$$;

-- The directories a path lies in, '.' (the root) first.
CREATE FUNCTION _ancestor_dirs(path text)
RETURNS SETOF text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 4 AS $$
	SELECT '.'
	UNION ALL
	SELECT array_to_string((string_to_array(path, '/'))[1:i], '/')
	FROM generate_series(1, array_length(string_to_array(path, '/'), 1) - 1) i
$$;

-- A relative path with "." and empty parts dropped and ".." folded; NULL
-- when it is absolute or climbs above the root, '' for the root itself.
CREATE FUNCTION _norm_path(path text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	parts text[] := '{}';
	seg text;
BEGIN
	IF path LIKE '/%' THEN
		RETURN NULL;
	END IF;
	FOREACH seg IN ARRAY string_to_array(path, '/') LOOP
		IF seg = '..' THEN
			IF cardinality(parts) = 0 THEN
				RETURN NULL;
			END IF;
			parts := parts[1:cardinality(parts) - 1];
		ELSIF seg NOT IN ('', '.') THEN
			parts := parts || seg;
		END IF;
	END LOOP;
	RETURN array_to_string(parts, '/');
END
$$;

-- The directory of a path: '.' for a file at the root.  (Not STRICT, like
-- the other one-expression helpers here, so that the planner inlines it.)
CREATE FUNCTION _dirname(path text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN strpos(path, '/') = 0 THEN '.'
		ELSE regexp_replace(path, '/[^/]*$', '') END
$$;

--------------------------------------------------------------------------
-- Repositories
--------------------------------------------------------------------------

CREATE FUNCTION create_repo(name text, options jsonb DEFAULT '{}')
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	rid integer;
BEGIN
	IF name IS NULL OR name = '' OR length(name) > 200 OR name ~ '[[:cntrl:]]' THEN
		RAISE EXCEPTION 'invalid repository name'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'A name is 1 to 200 characters without control characters.';
	END IF;
	-- no RETURNING: the new row is not readable until the statement ends
	-- (see codemap_security.sql)
	rid := nextval('codemap.repo_id_seq');
	INSERT INTO codemap.repo (id, name, options)
	VALUES (rid, name, codemap._check_options(coalesce(options, '{}')))
	ON CONFLICT DO NOTHING;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'repository "%" already exists', name
			USING ERRCODE = 'duplicate_object',
				  HINT = 'Names are unique in the database, also among repositories you may '
						 'not read; their owner can let you in with codemap.grant_repo().';
	END IF;
	RETURN rid;
END
$$;

COMMENT ON FUNCTION create_repo(text, jsonb) IS
'create an empty repository; options: include_dirs and source_roots (repo-relative directories searched by includes and imports), exclude (globs the codemap client leaves out)';

CREATE FUNCTION alter_repo(name text, options jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	rid integer := codemap._repo_id(name, 'write');
BEGIN
	UPDATE codemap.repo r SET options = codemap._check_options(alter_repo.options)
	WHERE r.id = rid AND r.options IS DISTINCT FROM alter_repo.options;
	IF FOUND THEN
		-- search directories changed: every import resolves again
		INSERT INTO codemap.changed_name VALUES (rid, NULL);
	END IF;
END
$$;

COMMENT ON FUNCTION alter_repo(text, jsonb) IS
'replace a repository''s options; imports are resolved again by the next refresh()';

CREATE FUNCTION drop_repo(name text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	rid integer := codemap._repo_id(name, 'refresh');
BEGIN
	PERFORM codemap._check_manage(rid, name, 'drop');
	DELETE FROM codemap.graph_snapshot WHERE repo_id = rid;
	DELETE FROM codemap.node_rank WHERE repo_id = rid;
	DELETE FROM codemap.cluster_edge WHERE repo_id = rid;
	DELETE FROM codemap.cluster_file WHERE repo_id = rid;
	DELETE FROM codemap.cluster WHERE repo_id = rid;
	DELETE FROM codemap.edge WHERE repo_id = rid;
	DELETE FROM codemap.ref WHERE repo_id = rid;
	DELETE FROM codemap.node WHERE repo_id = rid;
	DELETE FROM codemap.changed_name WHERE repo_id = rid;
	DELETE FROM codemap.manifest WHERE repo_id = rid;
	DELETE FROM codemap.file WHERE repo_id = rid;
	DELETE FROM codemap.repo_member WHERE repo_id = rid;
	DELETE FROM codemap.repo WHERE id = rid;
END
$$;

COMMENT ON FUNCTION drop_repo(text) IS 'delete a repository and everything indexed in it';

--------------------------------------------------------------------------
-- Storing files
--
-- Files are stored in batches: rows are put into the session's staging
-- table pg_temp.codemap_stage (the codemap client fills it with COPY) and
-- _index_staged() stores them in one go.  index_file() is a batch of one.
--------------------------------------------------------------------------

CREATE FUNCTION _stage_begin()
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF pg_catalog.to_regclass('pg_temp.codemap_stage') IS NULL THEN
		CREATE TEMP TABLE codemap_stage (
			path		text NOT NULL,
			language	text,		-- NULL: detect from path and content
			hash		bytea,		-- NULL: computed here
			size		bigint,
			source		text,		-- NULL for a skipped file
			status		text,		-- 'skipped' for a file the client skipped
			reason		text,
			file_id		bigint,
			syntax_errors integer,
			fresh		boolean NOT NULL DEFAULT false,	-- no earlier version
			definitions	bigint,
			refs		bigint,
			lines		integer,	-- newlines, plus one for a last unended line
			manifest	jsonb		-- a project file's data
		) ON COMMIT DELETE ROWS;
		-- Sources are read once, right away: compressing them (TOAST's
		-- default) cost a twentieth of the indexer's time.
		ALTER TABLE pg_temp.codemap_stage ALTER COLUMN source SET STORAGE EXTERNAL;
		-- Another role of this session (SET ROLE) stages into it too.  Only
		-- this backend sees its temporary tables, a role that can switch to
		-- another has its privileges, and the rows go at commit.
		GRANT ALL ON pg_temp.codemap_stage TO PUBLIC;
	END IF;
END
$$;

COMMENT ON FUNCTION _stage_begin() IS
'create this session''s staging table pg_temp.codemap_stage(path, language, hash, size, source, status, reason), which codemap._index_staged() stores; rows go at commit';

CREATE FUNCTION _index_staged(
	repo text,
	OUT path text,
	OUT status text,
	OUT reason text,
	OUT definitions bigint,
	OUT "references" bigint)
RETURNS SETOF record
LANGUAGE plpgsql AS $$
DECLARE
	rid integer := codemap._repo_id(repo, 'write');
	s record;
	msg text;
	n bigint;
BEGIN
	-- what the caller left to us: language, hash, size
	UPDATE pg_temp.codemap_stage st
	SET language = coalesce(st.language, codemap.detect_language(st.path, st.source)),
		hash = coalesce(st.hash, CASE WHEN st.source IS NOT NULL
			THEN sha256(convert_to(st.source, 'UTF8')) END),
		size = coalesce(st.size, octet_length(st.source))
	WHERE st.language IS NULL OR st.hash IS NULL OR st.size IS NULL;
	-- project files are kept for resolution, not parsed
	UPDATE pg_temp.codemap_stage st
	SET manifest = codemap._manifest_data(codemap._manifest_kind(st.path), st.source),
		status = 'indexed'
	WHERE st.language IS NULL AND st.status IS NULL AND st.source IS NOT NULL
	  AND codemap._manifest_kind(st.path) IS NOT NULL;
	UPDATE pg_temp.codemap_stage st
	SET status = 'failed',
		reason = CASE codemap._manifest_kind(st.path)
			WHEN 'go.mod' THEN 'no module directive'
			ELSE 'not valid JSON' END
	WHERE st.status = 'indexed' AND st.manifest IS NULL;
	UPDATE pg_temp.codemap_stage st
	SET status = 'skipped', reason = 'language not recognized'
	WHERE st.language IS NULL AND st.status IS NULL;
	UPDATE pg_temp.codemap_stage st
	SET status = 'skipped', reason = 'no content'
	WHERE st.source IS NULL AND st.status IS NULL;

	-- a file stored with the same content (and not failed) stays as it is
	DELETE FROM pg_temp.codemap_stage st
	USING codemap.file f
	WHERE f.repo_id = rid AND f.path = st.path AND f.hash = st.hash
	  AND f.status <> 'failed'
	  AND (f.status = 'skipped') = (st.status IS NOT DISTINCT FROM 'skipped');

	-- one row per path: the last staged wins
	DELETE FROM pg_temp.codemap_stage a
	USING pg_temp.codemap_stage b
	WHERE a.path = b.path AND a.ctid < b.ctid;

	-- the planner knows nothing of temporary tables unless told (only
	-- their owner may tell it: another role of the session makes do)
	IF pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c
							   WHERE c.oid = 'pg_temp.codemap_stage'::regclass), 'USAGE') THEN
		ANALYZE pg_temp.codemap_stage;
	END IF;

	-- A row for each new file, then every staged file's row locked, both in
	-- path order so that concurrent writers cannot deadlock.
	WITH fresh AS (
		INSERT INTO codemap.file AS f (repo_id, id, path, status)
		SELECT rid, nextval('codemap.node_id_seq'), st.path, 'failed'
		FROM (SELECT st.path FROM pg_temp.codemap_stage st ORDER BY st.path) st
		ON CONFLICT DO NOTHING
		RETURNING f.path)
	UPDATE pg_temp.codemap_stage st SET fresh = true
	FROM fresh WHERE fresh.path = st.path;
	UPDATE pg_temp.codemap_stage st SET file_id = f.id
	FROM (SELECT f.id, f.path FROM codemap.file f
		  WHERE f.repo_id = rid
			AND f.path IN (SELECT st2.path FROM pg_temp.codemap_stage st2)
		  ORDER BY f.path FOR UPDATE) f
	WHERE f.path = st.path;

	-- The old content goes: references into its symbols become pending
	-- and their names changed_name, so that refresh() resolves them again.
	IF EXISTS (SELECT 1 FROM pg_temp.codemap_stage st WHERE NOT st.fresh) THEN
		INSERT INTO codemap.changed_name (repo_id, name)
		SELECT DISTINCT rid, nd.name
		FROM codemap.node nd JOIN pg_temp.codemap_stage st ON nd.file_id = st.file_id
		WHERE nd.repo_id = rid AND nd.id <> nd.file_id AND NOT st.fresh;
		DELETE FROM codemap.edge e
		USING codemap.node nd, pg_temp.codemap_stage st
		WHERE nd.repo_id = rid AND nd.file_id = st.file_id AND nd.id <> nd.file_id
		  AND e.repo_id = rid AND e.dst = nd.id AND NOT st.fresh;
		DELETE FROM codemap.edge e USING pg_temp.codemap_stage st
		WHERE e.repo_id = rid AND e.file_id = st.file_id AND NOT st.fresh;
		DELETE FROM codemap.ref r USING pg_temp.codemap_stage st
		WHERE r.repo_id = rid AND r.file_id = st.file_id AND NOT st.fresh;
		DELETE FROM codemap.node nd USING pg_temp.codemap_stage st
		WHERE nd.repo_id = rid AND nd.file_id = st.file_id AND nd.id <> nd.file_id
		  AND NOT st.fresh;
	END IF;

	-- Parse and store each file's symbols and references (a file that
	-- fails to parse is recorded as failed, and the others go on).  The
	-- names they define matter to refresh() only once some file has been
	-- resolved: before the first refresh (version 0) it looks at every
	-- reference anyway.
	UPDATE pg_temp.codemap_stage st
	SET status = x.status, reason = x.reason, syntax_errors = x.syntax_errors,
		definitions = x.definitions, refs = x."references", lines = x.lines
	FROM codemap._store_staged(rid,
			(SELECT r.version > 0 FROM codemap.repo r WHERE r.id = rid)) x
	WHERE x.file_id = st.file_id;

	UPDATE codemap.file f
	SET language = st.language, size = st.size, hash = st.hash,
		status = st.status, reason = st.reason,
		syntax_errors = st.syntax_errors, indexed_at = now(), resolved = false
	FROM pg_temp.codemap_stage st
	WHERE f.repo_id = rid AND f.id = st.file_id;

	-- Project files: a new, changed or removed one can change where any
	-- import leads.
	DELETE FROM codemap.manifest m USING pg_temp.codemap_stage st
	WHERE m.repo_id = rid AND m.file_id = st.file_id AND NOT st.fresh;
	GET DIAGNOSTICS n = ROW_COUNT;
	INSERT INTO codemap.manifest (repo_id, file_id, kind, data)
	SELECT rid, st.file_id, codemap._manifest_kind(st.path), st.manifest
	FROM pg_temp.codemap_stage st
	WHERE st.manifest IS NOT NULL;
	IF n > 0 OR FOUND THEN
		INSERT INTO codemap.changed_name VALUES (rid, NULL);
	END IF;

	-- new files: their modules (directories, ancestors first), their nodes,
	-- and a note that the set of files changed
	INSERT INTO codemap.node (repo_id, id, kind, name, qualname)
	SELECT rid, nextval('codemap.node_id_seq'), 'module',
		   regexp_replace(d.dir, '^.*/', ''), d.dir
	FROM (SELECT DISTINCT a.dir FROM pg_temp.codemap_stage st,
			LATERAL codemap._ancestor_dirs(st.path) a(dir)
		  WHERE st.fresh
		  ORDER BY dir) d
	WHERE NOT EXISTS (SELECT 1 FROM codemap.node m
					  WHERE m.repo_id = rid AND m.kind = 'module' AND m.qualname = d.dir)
	ON CONFLICT DO NOTHING;
	UPDATE codemap.node nd SET start_line = 1, end_line = st.lines
	FROM pg_temp.codemap_stage st
	WHERE nd.repo_id = rid AND nd.id = st.file_id AND NOT st.fresh
	  AND nd.end_line IS DISTINCT FROM st.lines;
	INSERT INTO codemap.node (repo_id, id, kind, name, qualname, file_id, parent_id,
							  start_line, end_line)
	SELECT rid, st.file_id, 'file', regexp_replace(st.path, '^.*/', ''), st.path,
		   st.file_id, m.id, 1, st.lines
	FROM pg_temp.codemap_stage st
	JOIN codemap.node m ON m.repo_id = rid AND m.kind = 'module'
		AND m.qualname = codemap._dirname(st.path)
	WHERE st.fresh;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n > 0 THEN
		INSERT INTO codemap.changed_name VALUES (rid, NULL);
	END IF;

	RETURN QUERY
	SELECT st.path, st.status, st.reason,
		   coalesce(st.definitions, 0), coalesce(st.refs, 0)
	FROM pg_temp.codemap_stage st
	ORDER BY st.path;

	DELETE FROM pg_temp.codemap_stage;
END
$$;

COMMENT ON FUNCTION _index_staged(text) IS
'internal: store the files staged in pg_temp.codemap_stage into a repository and empty it';

-- Whether a definition of kind def can be what a reference of kind ref
-- (call or inherit) names.
CREATE FUNCTION _kind_answers(ref text, def text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE ref
		WHEN 'call' THEN def IN ('function', 'method', 'macro', 'class', 'struct')
		WHEN 'inherit' THEN def IN ('class', 'interface', 'struct', 'trait', 'type', 'module')
		ELSE false END
$$;

CREATE FUNCTION index_file(
	repo text,
	path text,
	source text,
	OUT status text,
	OUT reason text,
	OUT definitions bigint,
	OUT "references" bigint)
RETURNS record
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF path IS NULL OR path = '' OR path ~ '^/' OR path ~ '(^|/)\.{0,2}(/|$)' THEN
		RAISE EXCEPTION 'invalid file path "%"', path
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'A path is relative to the repository root, with no empty, "." or ".." parts.';
	END IF;
	PERFORM codemap._stage_begin();
	DELETE FROM pg_temp.codemap_stage;
	INSERT INTO pg_temp.codemap_stage (path, source) VALUES (path, source);
	SELECT * INTO r FROM codemap._index_staged(repo);
	IF r.path IS NULL THEN
		-- unchanged
		SELECT f.status, f.reason INTO status, reason
		FROM codemap.file f JOIN codemap.repo rp ON rp.id = f.repo_id
		WHERE rp.name = repo AND f.path = index_file.path;
		RETURN;
	END IF;
	status := r.status;
	reason := r.reason;
	definitions := r.definitions;
	"references" := r."references";
END
$$;

COMMENT ON FUNCTION index_file(text, text, text) IS
'store one file''s content (parsed now; nothing happens when it is unchanged); references to and from it resolve at the next refresh()';

CREATE FUNCTION remove_files(repo text, paths text[])
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	rid integer := codemap._repo_id(repo, 'write');
	n bigint;
BEGIN
	CREATE TEMP TABLE IF NOT EXISTS codemap_gone (id bigint) ON COMMIT DROP;
	INSERT INTO pg_temp.codemap_gone
	SELECT f.id FROM codemap.file f
	WHERE f.repo_id = rid AND f.path = ANY (paths)
	ORDER BY f.path FOR UPDATE;
	GET DIAGNOSTICS n = ROW_COUNT;
	IF n = 0 THEN
		RETURN 0;
	END IF;

	INSERT INTO codemap.changed_name (repo_id, name)
	SELECT DISTINCT rid, nd.name FROM codemap.node nd JOIN pg_temp.codemap_gone g ON nd.file_id = g.id
	WHERE nd.repo_id = rid AND nd.id <> nd.file_id;
	INSERT INTO codemap.changed_name VALUES (rid, NULL);
	DELETE FROM codemap.edge e USING codemap.node nd, pg_temp.codemap_gone g
	WHERE nd.repo_id = rid AND nd.file_id = g.id AND e.repo_id = rid AND e.dst = nd.id;
	DELETE FROM codemap.edge e USING pg_temp.codemap_gone g
	WHERE e.repo_id = rid AND e.file_id = g.id;
	DELETE FROM codemap.ref r USING pg_temp.codemap_gone g
	WHERE r.repo_id = rid AND r.file_id = g.id;
	DELETE FROM codemap.node nd USING pg_temp.codemap_gone g
	WHERE nd.repo_id = rid AND nd.file_id = g.id;
	DELETE FROM codemap.manifest m USING pg_temp.codemap_gone g
	WHERE m.repo_id = rid AND m.file_id = g.id;
	DELETE FROM codemap.cluster_file c USING pg_temp.codemap_gone g
	WHERE c.repo_id = rid AND c.file_id = g.id;
	DELETE FROM codemap.file f USING pg_temp.codemap_gone g
	WHERE f.repo_id = rid AND f.id = g.id;
	DROP TABLE pg_temp.codemap_gone;
	RETURN n;
END
$$;

COMMENT ON FUNCTION remove_files(text, text[]) IS
'remove files with their symbols and references; references into them become pending; returns how many were stored';

CREATE FUNCTION remove_file(repo text, path text)
RETURNS boolean
LANGUAGE sql AS $$
	SELECT codemap.remove_files(repo, ARRAY[path]) > 0
$$;

COMMENT ON FUNCTION remove_file(text, text) IS
'remove one file with its symbols and references; false when it was not stored';

--------------------------------------------------------------------------
-- Resolution
--------------------------------------------------------------------------

-- The counts refresh() returns.  PL/pgSQL plans each count for the
-- repository at hand: a small repository beside a large one is counted
-- through the indexes instead of by scanning every repository's rows
-- (as a SQL function's one plan for any repository did: 1 s beside Linux).
CREATE FUNCTION _repo_counts(
	rid integer,
	OUT files bigint,
	OUT symbols bigint,
	OUT resolved bigint,
	OUT pending bigint)
RETURNS record
LANGUAGE plpgsql STABLE AS $$
BEGIN
	SELECT count(*) INTO files FROM codemap.file f WHERE f.repo_id = rid;
	SELECT count(*) INTO symbols FROM codemap.node nd
	WHERE nd.repo_id = rid AND nd.kind NOT IN ('module', 'file');
	SELECT count(*) INTO resolved FROM codemap.edge e WHERE e.repo_id = rid AND e.alt = 0;
	SELECT count(*) - resolved INTO pending FROM codemap.ref r WHERE r.repo_id = rid;
END
$$;

-- refresh() runs in steps so that the client can spread the middle ones
-- over its connections: _refresh_begin() analyzes and settles the modules,
-- _refresh_imports(rid, share, shares) resolves the imports of one of
-- several disjoint shares (by file); once every share's imports are done,
-- _refresh_calls(rid, share, shares, 'inherit') the base classes of one (by
-- name), then, once every share's bases are done, the same with 'call' its
-- calls (a call on self reads the bases); _refresh_clusters(rid) clusters
-- the files again (see codemap_cluster.sql) and _refresh_end() marks the
-- work done.

-- Plans for a refresh are scans and hash joins over many rows: join by
-- hashing in memory for a large one, and skip JIT compilation, which
-- costs more than it saves here.  The settings last to the end of the
-- transaction.
CREATE FUNCTION _refresh_settings(rid integer)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('jit', 'off', true);
	IF (SELECT count(*) > 100 FROM codemap.file f WHERE f.repo_id = rid AND NOT f.resolved)
	   OR (SELECT count(*) > 1000 FROM codemap.changed_name c WHERE c.repo_id = rid) THEN
		PERFORM set_config('enable_nestloop', 'off', true);
		IF pg_size_bytes(current_setting('work_mem')) < 256 * 1024 * 1024 THEN
			PERFORM set_config('work_mem', '256MB', true);
		END IF;
	END IF;
END
$$;

-- Whether anything changed since the last refresh; settles the modules
-- and, after a bulk load, the planner's statistics.
CREATE FUNCTION _refresh_begin(rid integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	all_imports boolean;
	n bigint;
	total bigint;
BEGIN
	all_imports := EXISTS (SELECT 1 FROM codemap.changed_name c
						   WHERE c.repo_id = rid AND c.name IS NULL);
	IF NOT all_imports
	   AND NOT EXISTS (SELECT 1 FROM codemap.changed_name c WHERE c.repo_id = rid)
	   AND NOT EXISTS (SELECT 1 FROM codemap.file f WHERE f.repo_id = rid AND NOT f.resolved) THEN
		RETURN false;
	END IF;

	-- After a bulk load the planner's statistics do not know the rows just
	-- stored, and would pick nested loops over them that take minutes.
	-- The tables hold every repository: new files that are a small part
	-- of them (a small repository beside a large one) are not worth the
	-- samples ANALYZE reads across all of them.
	SELECT count(*) FILTER (WHERE NOT f.resolved) INTO n
	FROM codemap.file f WHERE f.repo_id = rid;
	SELECT greatest(c.reltuples, 0) INTO total FROM pg_catalog.pg_class c
	WHERE c.oid = 'codemap.file'::regclass;
	IF n > 100 AND n * 5 > total THEN
		PERFORM codemap._analyze();
	END IF;
	PERFORM codemap._refresh_settings(rid);

	-- Modules: link new ones to their parents, drop those left empty.
	UPDATE codemap.node m SET parent_id = p.id
	FROM codemap.node p
	WHERE m.repo_id = rid AND m.kind = 'module' AND m.parent_id IS NULL
	  AND m.qualname <> '.'
	  AND p.repo_id = rid AND p.kind = 'module' AND p.qualname = codemap._dirname(m.qualname);
	IF all_imports THEN
		WITH live AS MATERIALIZED (
			SELECT DISTINCT d.dir FROM codemap.file f,
				LATERAL codemap._ancestor_dirs(f.path) d(dir)
			WHERE f.repo_id = rid)
		DELETE FROM codemap.node m
		WHERE m.repo_id = rid AND m.kind = 'module'
		  AND NOT EXISTS (SELECT 1 FROM live WHERE live.dir = m.qualname);
	END IF;
	RETURN true;
END
$$;

-- What a tsconfig.json (or jsconfig.json) at path sets for module
-- resolution once its extends chain is followed: baseUrl (repo-relative),
-- paths and the directory paths are relative to when there is no baseUrl.
-- A setting of the file itself wins over those it extends, and a later
-- entry of an extends array over an earlier one.  A config extended from
-- a package (not "./" or "../") lies outside the repository: skipped.
CREATE FUNCTION _ts_config(
	rid integer,
	path text,
	depth integer DEFAULT 0,
	OUT base_url text,
	OUT paths jsonb,
	OUT paths_dir text)
RETURNS record
LANGUAGE plpgsql STABLE AS $$
DECLARE
	data jsonb;
	dir text := codemap._dirname(path);
	co jsonb;
	ext jsonb;
	e text;
	target text;
	parent record;
BEGIN
	SELECT m.data INTO data
	FROM codemap.manifest m
	JOIN codemap.file f ON f.repo_id = m.repo_id AND f.id = m.file_id
	WHERE m.repo_id = rid AND m.kind = 'tsconfig' AND f.path = _ts_config.path;
	IF data IS NULL OR depth > 16 OR jsonb_typeof(data) <> 'object' THEN
		RETURN;
	END IF;
	co := data -> 'compilerOptions';
	IF jsonb_typeof(co -> 'baseUrl') = 'string' THEN
		base_url := codemap._norm_path(dir || '/' || (co ->> 'baseUrl'));
	END IF;
	IF jsonb_typeof(co -> 'paths') = 'object' THEN
		paths := co -> 'paths';
		paths_dir := codemap._norm_path(dir);
	END IF;

	ext := CASE jsonb_typeof(data -> 'extends')
		WHEN 'string' THEN jsonb_build_array(data -> 'extends')
		WHEN 'array' THEN data -> 'extends'
		ELSE '[]' END;
	FOR e IN SELECT CASE jsonb_typeof(x.v) WHEN 'string' THEN x.v #>> '{}' END
			 FROM jsonb_array_elements(ext) WITH ORDINALITY AS x(v, n)
			 ORDER BY x.n DESC LOOP
		CONTINUE WHEN e IS NULL OR NOT (e LIKE './%' OR e LIKE '../%');
		target := codemap._norm_path(dir || '/' || e);
		CONTINUE WHEN target IS NULL;
		IF NOT EXISTS (SELECT 1 FROM codemap.file f WHERE f.repo_id = rid AND f.path = target) THEN
			target := target || '.json';
		END IF;
		SELECT * INTO parent FROM codemap._ts_config(rid, target, depth + 1);
		base_url := coalesce(base_url, parent.base_url);
		IF paths IS NULL THEN
			paths := parent.paths;
			paths_dir := parent.paths_dir;
		END IF;
	END LOOP;
END
$$;

-- What importing the package described by a package.json at path leads
-- to, as "pattern<TAB>repo-relative path" entries for _import_candidates():
-- its exports (a path, conditions or subpaths; the first condition of
-- import, module, default, require, node, types that is a path), else
-- module or main (else index) for the name alone and any file below it.
CREATE FUNCTION _js_package_entries(dir text, data jsonb)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	name text := data ->> 'name';
	exports jsonb := data -> 'exports';
	base text := CASE WHEN dir = '.' THEN '' ELSE dir || '/' END;
	result text[] := '{}';
	k text;
	v jsonb;
	target text;
BEGIN
	IF name IS NULL OR name = '' OR jsonb_typeof(data -> 'name') <> 'string' THEN
		RETURN result;
	END IF;
	IF exports IS NOT NULL AND jsonb_typeof(exports) = 'object'
	   AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(exports) x WHERE x LIKE '.%') THEN
		exports := jsonb_build_object('.', exports);	-- conditions for "."
	ELSIF exports IS NOT NULL AND jsonb_typeof(exports) = 'string' THEN
		exports := jsonb_build_object('.', exports);
	END IF;
	IF exports IS NOT NULL AND jsonb_typeof(exports) = 'object' THEN
		FOR k, v IN SELECT e.key, e.value FROM jsonb_each(exports) e ORDER BY e.key LOOP
			target := CASE jsonb_typeof(v)
				WHEN 'string' THEN v #>> '{}'
				WHEN 'object' THEN (SELECT v ->> c FROM unnest(ARRAY['import', 'module',
						'default', 'require', 'node', 'types']) WITH ORDINALITY AS x(c, n)
					WHERE jsonb_typeof(v -> c) = 'string' ORDER BY x.n LIMIT 1)
				END;
			target := codemap._norm_path(base || target);
			CONTINUE WHEN target IS NULL OR NOT (k = '.' OR k LIKE './%');
			result := result || ((name || substr(k, 2)) || E'\t' || target);
		END LOOP;
		RETURN result;
	END IF;
	target := codemap._norm_path(base || coalesce(data ->> 'module', data ->> 'main', 'index'));
	IF target IS NOT NULL THEN
		result := result || (name || E'\t' || target);
	END IF;
	RETURN result || (name || E'/*\t' || base || '*');
END
$$;

-- The aliases _import_candidates() takes for files under the config at
-- path: each paths substitution as "pattern<TAB>repo-relative path", then
-- "<TAB>baseUrl".
CREATE FUNCTION _ts_aliases(rid integer, path text)
RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
	cfg record;
	result text[];
BEGIN
	SELECT * INTO cfg FROM codemap._ts_config(rid, path);
	SELECT coalesce(array_agg(p.key || E'\t' || t.target ORDER BY p.key, s.n), '{}')
	INTO result
	FROM jsonb_each(coalesce(cfg.paths, '{}')) p
	CROSS JOIN LATERAL jsonb_array_elements_text(
		CASE jsonb_typeof(p.value) WHEN 'array' THEN p.value ELSE '[]' END)
		WITH ORDINALITY AS s(sub, n)
	CROSS JOIN LATERAL (SELECT codemap._norm_path(
		coalesce(nullif(coalesce(cfg.base_url, cfg.paths_dir), '') || '/', '') || s.sub)) AS t(target)
	WHERE t.target IS NOT NULL;
	IF cfg.base_url IS NOT NULL THEN
		result := result || (E'\t' || cfg.base_url);
	END IF;
	RETURN result;
END
$$;

-- How sure a call or base class resolved by scope is, before it is shared
-- among the candidates found at that level: a method of the caller's class
-- or its bases (for a call on self or this), a definition in a file the
-- referring file imports, in its own module (directory), or anywhere.
-- (Same-file answers, given while storing, have confidence 1.)
CREATE FUNCTION _scope_confidence(level integer)
RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE level WHEN 0 THEN 0.95 WHEN 1 THEN 0.9 WHEN 2 THEN 0.8 ELSE 0.5 END::real $$;

-- The most candidates an ambiguous call or base class keeps at a level:
-- 8 in the files it imports or its module, 5 anywhere in the repository
-- (a guess among more would be surer than 0.1 of none).  A name with more
-- definitions there (init, probe, a function each architecture defines)
-- stays pending.
CREATE FUNCTION _max_candidates(level integer)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE level WHEN 3 THEN 5 ELSE 8 END $$;

-- The most files one C# using directive links to: a namespace spread
-- over more is left pending rather than linked to each.
CREATE FUNCTION _max_namespace_files()
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT 64 $$;

-- Which of n shares a call or base class of this name belongs to.
CREATE FUNCTION _name_share(name text, n integer)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (pg_catalog.hashtext(coalesce(name, '')) & 2147483647) % n $$;

-- A share of a refresh runs only in range and under the refresh lock.
CREATE FUNCTION _refresh_check(rid integer, share integer, shares integer)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF shares < 1 OR share < 0 OR share >= shares THEN
		RAISE EXCEPTION 'share % of % does not exist', share, shares
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
				   WHERE l.locktype = 'advisory' AND l.classid = 25453
					 AND l.objid = rid AND l.objsubid = 2
					 AND l.mode = 'ExclusiveLock' AND l.granted) THEN
		RAISE EXCEPTION 'a share of a refresh runs only while the repository''s refresh lock is held'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Call codemap.refresh().';
	END IF;
END
$$;

-- Resolve the imports of one share of a refresh divided into shares: those
-- of the files whose id is share modulo shares.  Every share's imports are
-- resolved before any share's calls, which depend on them.
CREATE FUNCTION _refresh_imports(rid integer, share integer, shares integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	opts jsonb;
	include_dirs text[];
	source_roots text[];
	packages text[];
	java_roots text[];
	ruby_roots text[];
	python_roots text[];
	psr4 text[];
	all_imports boolean;
BEGIN
	PERFORM codemap._refresh_check(rid, share, shares);
	SELECT r.options INTO opts FROM codemap.repo r WHERE r.id = rid;
	include_dirs := codemap._option_dirs(opts, 'include_dirs');
	source_roots := codemap._option_dirs(opts, 'source_roots');
	-- what the project files declare: Go modules by path
	SELECT coalesce(array_agg((m.data ->> 'module') || E'\t' || codemap._dirname(f.path)
							  ORDER BY f.path), '{}')
	INTO packages
	FROM codemap.manifest m
	JOIN codemap.file f ON f.repo_id = m.repo_id AND f.id = m.file_id
	WHERE m.repo_id = rid AND m.kind = 'go.mod';
	-- Java: the package roots, where each file's directory minus its
	-- package's path (com/x in com.x) leaves one
	SELECT coalesce(array_agg(DISTINCT rt.root ORDER BY rt.root), '{}') INTO java_roots
	FROM codemap.node p
	JOIN codemap.file f ON f.repo_id = rid AND f.id = p.file_id
	CROSS JOIN LATERAL (SELECT codemap._dirname(f.path) AS dir,
							   replace(p.qualname, '.', '/') AS pkg) d
	CROSS JOIN LATERAL (SELECT CASE
			WHEN d.dir = d.pkg THEN ''
			WHEN right(d.dir, length(d.pkg) + 1) = '/' || d.pkg
				THEN left(d.dir, length(d.dir) - length(d.pkg) - 1) END AS root) rt
	WHERE p.repo_id = rid AND p.kind = 'package' AND f.language = 'java'
	  AND rt.root IS NOT NULL;
	-- Python: the source roots, and src/ when the repository has one (the
	-- src layout, whose packages an installed project puts on sys.path)
	python_roots := source_roots ||
		CASE WHEN 'src' <> ALL (source_roots)
			  AND EXISTS (SELECT 1 FROM codemap.node m WHERE m.repo_id = rid
						  AND m.kind = 'module' AND m.qualname = 'src')
		THEN ARRAY['src'] ELSE '{}' END;
	-- Ruby: the load path, every lib directory (each gem's) and the
	-- source roots
	SELECT coalesce(array_agg(m.qualname ORDER BY m.qualname), '{}') || source_roots
	INTO ruby_roots
	FROM codemap.node m
	WHERE m.repo_id = rid AND m.kind = 'module' AND m.name = 'lib';
	-- PHP: composer.json's PSR-4 maps, namespace prefix to directory
	SELECT coalesce(array_agg(x.prefix || E'\t' || x.dir ORDER BY x.prefix, x.n), '{}')
	INTO psr4
	FROM codemap.manifest m
	JOIN codemap.file f ON f.repo_id = m.repo_id AND f.id = m.file_id
	CROSS JOIN LATERAL jsonb_each(CASE jsonb_typeof(m.data #> '{autoload,psr-4}')
		WHEN 'object' THEN m.data #> '{autoload,psr-4}' ELSE '{}' END ||
		CASE jsonb_typeof(m.data #> '{autoload-dev,psr-4}')
		WHEN 'object' THEN m.data #> '{autoload-dev,psr-4}' ELSE '{}' END) AS a(prefix, dirs)
	CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(a.dirs)
		WHEN 'array' THEN a.dirs WHEN 'string' THEN jsonb_build_array(a.dirs)
		ELSE '[]' END) WITH ORDINALITY AS d(dir, n)
	CROSS JOIN LATERAL (SELECT a.prefix, d.n,
		codemap._norm_path(codemap._dirname(f.path) || '/' || d.dir) AS dir) x
	WHERE m.repo_id = rid AND m.kind = 'composer.json' AND x.dir IS NOT NULL
	  AND right(x.prefix, 1) = '\';
	-- JavaScript and TypeScript: the repository's own packages, which a
	-- file outside each can import by name (a package importing itself by
	-- name is not resolved: bundlers differ on it)
	CREATE TEMP TABLE codemap_jspkg ON COMMIT DROP AS
	SELECT codemap._dirname(f.path) AS dir,
		   codemap._js_package_entries(codemap._dirname(f.path), m.data) AS entries
	FROM codemap.manifest m
	JOIN codemap.file f ON f.repo_id = m.repo_id AND f.id = m.file_id
	WHERE m.repo_id = rid AND m.kind = 'package.json' AND jsonb_typeof(m.data) = 'object';
	-- TypeScript and JavaScript projects: the aliases of each directory
	-- holding a tsconfig.json (else a jsconfig.json), which serve the files
	-- below it that no nearer one serves
	CREATE TEMP TABLE codemap_tsproject ON COMMIT DROP AS
	SELECT DISTINCT ON (codemap._dirname(f.path))
		   codemap._dirname(f.path) AS dir, codemap._ts_aliases(rid, f.path) AS aliases
	FROM codemap.manifest m
	JOIN codemap.file f ON f.repo_id = m.repo_id AND f.id = m.file_id
	WHERE m.repo_id = rid AND m.kind = 'tsconfig'
	  AND f.path ~ '(^|/)(ts|js)config\.json$'
	ORDER BY codemap._dirname(f.path), f.path ~ '(^|/)tsconfig\.json$' DESC;
	all_imports := EXISTS (SELECT 1 FROM codemap.changed_name c
						   WHERE c.repo_id = rid AND c.name IS NULL);
	PERFORM codemap._refresh_settings(rid);

	-- Imports: those of new files, or all when the files or the search
	-- directories changed.  Every candidate path is listed, then matched
	-- against the repository's files and modules in one join.
	CREATE TEMP TABLE codemap_candidate ON COMMIT DROP AS
	SELECT r.file_id, r.ord, r.src, c.path, c.n
	FROM codemap.ref r
	JOIN codemap.file f ON f.repo_id = rid AND f.id = r.file_id
	LEFT JOIN LATERAL (
		SELECT p.aliases FROM pg_temp.codemap_tsproject p
		WHERE f.language IN ('javascript', 'typescript', 'tsx')
		  AND (p.dir = '.' OR starts_with(f.path, p.dir || '/'))
		ORDER BY length(p.dir) DESC LIMIT 1) ts ON true
	LEFT JOIN LATERAL (
		SELECT array_agg(e ORDER BY p.dir, n) AS entries
		FROM pg_temp.codemap_jspkg p, unnest(p.entries) WITH ORDINALITY AS x(e, n)
		WHERE f.language IN ('javascript', 'typescript', 'tsx')
		  AND p.dir <> '.' AND NOT starts_with(f.path, p.dir || '/')) js ON true
	CROSS JOIN LATERAL unnest(codemap._import_candidates(
		f.language, f.path, r.target, r.form, r.name, include_dirs,
		CASE f.language WHEN 'java' THEN java_roots WHEN 'ruby' THEN ruby_roots
			WHEN 'python' THEN python_roots ELSE source_roots END,
		CASE f.language WHEN 'php' THEN psr4 WHEN 'go' THEN packages
			ELSE js.entries END,
		ts.aliases)) WITH ORDINALITY AS c(path, n)
	WHERE r.repo_id = rid AND r.kind = 'import' AND (all_imports OR NOT f.resolved)
	  AND f.id % shares = share;
	ANALYZE pg_temp.codemap_candidate;
	IF all_imports THEN
		-- what they led to, to find the files whose imports now lead
		-- elsewhere
		CREATE TEMP TABLE codemap_old_import ON COMMIT DROP AS
		SELECT e.file_id, e.ord, e.dst FROM codemap.edge e
		WHERE e.repo_id = rid AND e.kind = 'imports' AND e.file_id % shares = share;
		DELETE FROM codemap.edge e
		WHERE e.repo_id = rid AND e.kind = 'imports' AND e.file_id % shares = share;
	ELSE
		-- files stored since hold none, unless resolving them was cut short
		DELETE FROM codemap.edge e USING codemap.file f
		WHERE e.repo_id = rid AND e.kind = 'imports' AND e.file_id % shares = share
		  AND f.repo_id = rid AND f.id = e.file_id AND NOT f.resolved;
	END IF;
	INSERT INTO codemap.edge (repo_id, file_id, ord, src, dst, kind, confidence)
	SELECT DISTINCT ON (c.file_id, c.ord)
		   rid, c.file_id, c.ord, c.src, t.id, 'imports', 1
	FROM pg_temp.codemap_candidate c
	JOIN (SELECT tf.id, tf.path FROM codemap.file tf WHERE tf.repo_id = rid
		  UNION ALL
		  SELECT tm.id, tm.qualname || '/' FROM codemap.node tm
		  WHERE tm.repo_id = rid AND tm.kind = 'module') t ON t.path = c.path
	WHERE t.id <> c.file_id
	ORDER BY c.file_id, c.ord, c.n;

	-- C#: a using directive names a namespace, which every file declaring
	-- it provides (each gets an edge, up to _max_namespace_files()), or a
	-- type (using static, an alias), which one file declares.
	IF EXISTS (SELECT 1 FROM codemap.file f
			   WHERE f.repo_id = rid AND f.language = 'csharp') THEN
		INSERT INTO codemap.edge (repo_id, file_id, ord, alt, src, dst, kind, confidence)
		SELECT rid, x.file_id, x.ord, (x.k - 1)::smallint, x.src, x.dst, 'imports', 1
		FROM (SELECT u.file_id, u.ord, u.src, u.dst,
					 row_number() OVER (w ORDER BY u.dst) AS k, count(*) OVER w AS n
			  FROM (SELECT DISTINCT r.file_id, r.ord, r.src, d.file_id AS dst
					FROM codemap.ref r
					JOIN codemap.file f ON f.repo_id = rid AND f.id = r.file_id
					JOIN codemap.node d ON d.repo_id = rid AND d.qualname = r.target
					 AND d.kind IN ('namespace', 'class', 'struct', 'interface', 'enum', 'record')
					JOIN codemap.file df ON df.repo_id = rid AND df.id = d.file_id
					 AND df.language = 'csharp'
					WHERE r.repo_id = rid AND r.kind = 'import' AND f.language = 'csharp'
					  AND r.form IN ('using', 'using_static') AND d.file_id <> r.file_id
					  AND (all_imports OR NOT f.resolved) AND f.id % shares = share
					  AND NOT EXISTS (SELECT 1 FROM codemap.edge e WHERE e.repo_id = rid
									  AND e.file_id = r.file_id AND e.ord = r.ord)) u
			  WINDOW w AS (PARTITION BY u.file_id, u.ord)) x
		WHERE x.n <= codemap._max_namespace_files();
	END IF;
	IF all_imports THEN
		-- A file whose imports changed has its calls and bases resolved
		-- again, as a new file's are: imports scope them.
		UPDATE codemap.file f SET resolved = false
		WHERE f.repo_id = rid AND f.resolved AND f.id IN (
			SELECT d.file_id FROM (
				(SELECT o.file_id, o.ord, o.dst FROM pg_temp.codemap_old_import o
				 EXCEPT
				 SELECT e.file_id, e.ord, e.dst FROM codemap.edge e
				 WHERE e.repo_id = rid AND e.kind = 'imports' AND e.file_id % shares = share)
				UNION ALL
				(SELECT e.file_id, e.ord, e.dst FROM codemap.edge e
				 WHERE e.repo_id = rid AND e.kind = 'imports' AND e.file_id % shares = share
				 EXCEPT
				 SELECT o.file_id, o.ord, o.dst FROM pg_temp.codemap_old_import o)) d);
		DROP TABLE pg_temp.codemap_old_import;
	END IF;
	DROP TABLE pg_temp.codemap_candidate;
	DROP TABLE pg_temp.codemap_tsproject;
	DROP TABLE pg_temp.codemap_jspkg;
END
$$;

-- Resolve the calls and base classes of one share: those whose name falls
-- in it.  Shares touch disjoint edges, so they can run at once in separate
-- sessions, once every share's imports are resolved.
CREATE FUNCTION _refresh_calls(rid integer, share integer, shares integer,
							   ref_kind text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	everything boolean;
BEGIN
	IF ref_kind IS NULL OR ref_kind NOT IN ('call', 'inherit') THEN
		RAISE EXCEPTION 'references of kind "%" are not resolved by scope', ref_kind
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM codemap._refresh_check(rid, share, shares);
	everything := NOT EXISTS (SELECT 1 FROM codemap.file f
							  WHERE f.repo_id = rid AND f.resolved);
	PERFORM codemap._refresh_settings(rid);

	-- Calls and bases that their own file did not answer (those have an
	-- edge of confidence 1, which nothing else changes): every one when no
	-- file was resolved before, else those of new files (and files whose
	-- imports changed) and those naming a changed name.  Each with the
	-- module its file lies in.
	CREATE TEMP TABLE codemap_affected ON COMMIT DROP AS
	SELECT r.file_id, r.ord, r.src, r.kind, r.name, r.target, fn.parent_id AS module_id
	FROM codemap.ref r
	JOIN codemap.node fn ON fn.repo_id = rid AND fn.id = r.file_id
	WHERE r.repo_id = rid AND r.kind = ref_kind AND NOT r.local
	  AND codemap._name_share(r.name, shares) = share
	  AND (everything
		   OR r.file_id IN (SELECT f.id FROM codemap.file f
							WHERE f.repo_id = rid AND NOT f.resolved)
		   OR r.name IN (SELECT c.name FROM codemap.changed_name c
						 WHERE c.repo_id = rid AND c.name IS NOT NULL));
	-- Their old edges go.  With no file resolved before, such edges exist
	-- only when an earlier refresh was cut short.
	IF NOT everything OR EXISTS (SELECT 1 FROM codemap.edge e WHERE e.repo_id = rid
								 AND e.kind = ref_kind || 's' AND e.confidence < 1) THEN
		DELETE FROM codemap.edge e USING pg_temp.codemap_affected a
		WHERE e.repo_id = rid AND e.file_id = a.file_id AND e.ord = a.ord;
	END IF;
	ANALYZE pg_temp.codemap_affected;

	-- The definitions of the names referred to (far fewer than all: on
	-- Linux, a tenth), each with its file and module, and how many of each
	-- name can answer a call and a base class.
	CREATE TEMP TABLE codemap_def ON COMMIT DROP AS
	SELECT d.name, d.id, d.kind, d.file_id, fn.parent_id AS module_id,
		   d.parent_id
	FROM codemap.node d
	JOIN codemap.node fn ON fn.repo_id = rid AND fn.id = d.file_id
	WHERE d.repo_id = rid AND d.kind NOT IN ('module', 'file')
	  AND codemap._name_share(d.name, shares) = share
	  AND d.name IN (SELECT a.name FROM pg_temp.codemap_affected a);
	ANALYZE pg_temp.codemap_def;
	CREATE TEMP TABLE codemap_count ON COMMIT DROP AS
	SELECT d.name,
		   count(*) FILTER (WHERE codemap._kind_answers('call', d.kind)) AS calls,
		   count(*) FILTER (WHERE codemap._kind_answers('inherit', d.kind)) AS bases
	FROM pg_temp.codemap_def d GROUP BY d.name;

	-- What the referring files import (files, and package directories),
	-- and the definitions lying there.
	CREATE TEMP TABLE codemap_import ON COMMIT DROP AS
	SELECT DISTINCT i.file_id, i.dst
	FROM codemap.edge i
	WHERE i.repo_id = rid AND i.kind = 'imports'
	  AND i.file_id IN (SELECT a.file_id FROM pg_temp.codemap_affected a);
	ANALYZE pg_temp.codemap_import;
	CREATE TEMP TABLE codemap_idef ON COMMIT DROP AS
	SELECT d.* FROM pg_temp.codemap_def d
	WHERE d.file_id IN (SELECT i.dst FROM pg_temp.codemap_import i)
	   OR d.module_id IN (SELECT i.dst FROM pg_temp.codemap_import i);
	ANALYZE pg_temp.codemap_idef;

	-- Candidates, nearest level first, each level only for the references
	-- the ones before left unanswered: 1, a definition in a file (or
	-- package directory) the referring file imports; 2, in its own module;
	-- 3, anywhere, for names with few enough definitions.  The pairs are
	-- listed by name first, then kept when the file imports the place:
	-- joining imports to definitions first makes every header's every
	-- definition meet every file including it.
	-- 0: a method called on self or this (or on super, parent): in the
	-- caller's class (not for super) or the nearest of its bases, through
	-- the base classes resolved in the round before this one.
	CREATE TEMP TABLE codemap_self ON COMMIT DROP AS
	SELECT a.file_id, a.ord, a.src, a.target ~ '^(super|parent)(\.|::|->)' AS bases_only
	FROM pg_temp.codemap_affected a
	WHERE a.kind = 'call'
	  AND a.target ~ '^(self|this|\$this|static|Self|super|parent)(\.|::|->)';
	ANALYZE pg_temp.codemap_self;
	CREATE TEMP TABLE codemap_scope ON COMMIT DROP AS
	WITH RECURSIVE cls AS (
		SELECT a.file_id, a.ord, c.id AS class_id, 0 AS depth, a.bases_only
		FROM pg_temp.codemap_self a
		JOIN codemap.node m ON m.repo_id = rid AND m.id = a.src
		JOIN codemap.node c ON c.repo_id = rid AND c.id = m.parent_id
		UNION ALL
		SELECT cls.file_id, cls.ord, e.dst, cls.depth + 1, cls.bases_only
		FROM cls
		JOIN codemap.edge e ON e.repo_id = rid AND e.src = cls.class_id AND e.kind = 'inherits'
		WHERE cls.depth < 8
	), found AS (
		SELECT a.file_id, a.ord, a.src, a.kind, d.id, cls.depth,
			   min(cls.depth) OVER (PARTITION BY a.file_id, a.ord) AS nearest
		FROM cls
		JOIN pg_temp.codemap_affected a ON a.file_id = cls.file_id AND a.ord = cls.ord
		JOIN pg_temp.codemap_def d ON d.name = a.name AND d.parent_id = cls.class_id
		WHERE (cls.depth > 0 OR NOT cls.bases_only)
		  AND codemap._kind_answers(a.kind, d.kind))
	SELECT DISTINCT f.file_id, f.ord, f.src, f.kind, 0 AS level, f.id AS dst
	FROM found f WHERE f.depth = f.nearest;
	ANALYZE pg_temp.codemap_scope;
	INSERT INTO pg_temp.codemap_scope
	WITH pairs AS MATERIALIZED (
		SELECT a.file_id, a.ord, a.src, a.kind, d.id, d.file_id AS dfile,
			   d.module_id AS dmodule
		FROM pg_temp.codemap_affected a
		JOIN pg_temp.codemap_idef d ON d.name = a.name
		WHERE codemap._kind_answers(a.kind, d.kind))
	SELECT p.file_id, p.ord, p.src, p.kind, 1 AS level, p.id AS dst
	FROM pairs p
	WHERE (EXISTS (SELECT 1 FROM pg_temp.codemap_import i
				   WHERE i.file_id = p.file_id AND i.dst = p.dfile)
		   OR EXISTS (SELECT 1 FROM pg_temp.codemap_import i
					  WHERE i.file_id = p.file_id AND i.dst = p.dmodule))
	  AND NOT EXISTS (SELECT 1 FROM pg_temp.codemap_scope s
					  WHERE s.file_id = p.file_id AND s.ord = p.ord);
	ANALYZE pg_temp.codemap_scope;
	INSERT INTO pg_temp.codemap_scope
	SELECT a.file_id, a.ord, a.src, a.kind, 2, d.id
	FROM pg_temp.codemap_affected a
	JOIN pg_temp.codemap_def d ON d.name = a.name AND d.module_id = a.module_id
	WHERE d.file_id <> a.file_id AND codemap._kind_answers(a.kind, d.kind)
	  AND NOT EXISTS (SELECT 1 FROM pg_temp.codemap_scope s
					  WHERE s.file_id = a.file_id AND s.ord = a.ord);
	ANALYZE pg_temp.codemap_scope;
	INSERT INTO pg_temp.codemap_scope
	SELECT a.file_id, a.ord, a.src, a.kind, 3, d.id
	FROM pg_temp.codemap_affected a
	JOIN pg_temp.codemap_count n ON n.name = a.name
	 AND (CASE a.kind WHEN 'call' THEN n.calls ELSE n.bases END) <= codemap._max_candidates(3)
	JOIN pg_temp.codemap_def d ON d.name = a.name
	WHERE codemap._kind_answers(a.kind, d.kind)
	  AND NOT EXISTS (SELECT 1 FROM pg_temp.codemap_scope s
					  WHERE s.file_id = a.file_id AND s.ord = a.ord);

	-- Each reference keeps its candidates (one level's, each once) when
	-- there are not too many, sharing their level's confidence.
	INSERT INTO codemap.edge (repo_id, file_id, ord, alt, src, dst, kind, confidence)
	SELECT rid, b.file_id, b.ord, (b.k - 1)::smallint, b.src, b.dst, b.kind || 's',
		   codemap._scope_confidence(b.level) / b.n
	FROM (SELECT s.*, row_number() OVER (w ORDER BY s.dst) AS k, count(*) OVER w AS n
		  FROM pg_temp.codemap_scope s
		  WINDOW w AS (PARTITION BY s.file_id, s.ord)) b
	WHERE b.n <= codemap._max_candidates(b.level);
	DROP TABLE pg_temp.codemap_affected;
	DROP TABLE pg_temp.codemap_def;
	DROP TABLE pg_temp.codemap_count;
	DROP TABLE pg_temp.codemap_import;
	DROP TABLE pg_temp.codemap_idef;
	DROP TABLE pg_temp.codemap_self;
	DROP TABLE pg_temp.codemap_scope;
END
$$;

-- Mark the work of a refresh done.
CREATE FUNCTION _refresh_end(rid integer)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM codemap.changed_name c WHERE c.repo_id = rid;
	UPDATE codemap.file f SET resolved = true WHERE f.repo_id = rid AND NOT f.resolved;
	UPDATE codemap.repo r SET indexed_at = now(), version = r.version + 1 WHERE r.id = rid;
	PERFORM codemap._refresh_snapshots(rid);
END
$$;

CREATE FUNCTION refresh(
	repo text,
	OUT files bigint,
	OUT symbols bigint,
	OUT resolved bigint,
	OUT pending bigint)
RETURNS record
LANGUAGE plpgsql AS $$
DECLARE
	rid integer := codemap._repo_id(repo, 'refresh');
BEGIN
	IF codemap._refresh_begin(rid) THEN
		PERFORM codemap._refresh_imports(rid, 0, 1);
		PERFORM codemap._refresh_calls(rid, 0, 1, 'inherit');
		PERFORM codemap._refresh_calls(rid, 0, 1, 'call');
		PERFORM codemap._refresh_clusters(rid);
		PERFORM codemap._refresh_end(rid);
	END IF;
	SELECT * INTO files, symbols, resolved, pending FROM codemap._repo_counts(rid);
END
$$;

COMMENT ON FUNCTION refresh(text) IS
'resolve the references stored since the last refresh (and those whose targets changed); returns the repository''s files, symbols, resolved and pending references';

--------------------------------------------------------------------------
-- Reading the graph
--------------------------------------------------------------------------

CREATE VIEW files WITH (security_invoker = true) AS
SELECT r.name AS repo, f.path, f.language, f.size,
	   encode(f.hash, 'hex') AS hash, f.status, f.reason, f.syntax_errors,
	   f.indexed_at, f.id AS node_id
FROM codemap.file f JOIN codemap.repo r ON r.id = f.repo_id;

COMMENT ON VIEW files IS 'files of every repository, with how indexing went';

CREATE VIEW symbols WITH (security_invoker = true) AS
SELECT r.name AS repo, f.path || '::' || n.qualname AS key, f.path,
	   n.qualname, n.name, n.kind, n.start_line, n.end_line, n.id AS node_id
FROM codemap.node n
JOIN codemap.file f ON f.repo_id = n.repo_id AND f.id = n.file_id
JOIN codemap.repo r ON r.id = n.repo_id
WHERE n.id <> n.file_id;

COMMENT ON VIEW symbols IS 'definitions of every repository; key is path::qualname';

-- A node's human-facing key.
CREATE FUNCTION _node_key(kind text, qualname text, path text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN kind IN ('module', 'file') THEN qualname
		ELSE path || '::' || qualname END
$$;

CREATE VIEW edge_list WITH (security_invoker = true) AS
SELECT r.name AS repo,
	   codemap._node_key(s.kind, s.qualname, sf.path) AS src,
	   codemap._node_key(d.kind, d.qualname, df.path) AS dst,
	   e.kind, e.confidence, rf.path, x.line, x.target AS written
FROM codemap.edge e
JOIN codemap.repo r ON r.id = e.repo_id
JOIN codemap.ref x ON x.repo_id = e.repo_id AND x.file_id = e.file_id AND x.ord = e.ord
JOIN codemap.file rf ON rf.repo_id = e.repo_id AND rf.id = e.file_id
JOIN codemap.node s ON s.repo_id = e.repo_id AND s.id = e.src
LEFT JOIN codemap.file sf ON sf.repo_id = s.repo_id AND sf.id = s.file_id
JOIN codemap.node d ON d.repo_id = e.repo_id AND d.id = e.dst
LEFT JOIN codemap.file df ON df.repo_id = d.repo_id AND df.id = d.file_id;

COMMENT ON VIEW edge_list IS 'every resolved reference: source and target keys, kind, confidence, and where it is written';

CREATE VIEW pending_refs WITH (security_invoker = true) AS
SELECT r.name AS repo, f.path, x.line, x.kind, x.form, x.name, x.target
FROM codemap.ref x
JOIN codemap.repo r ON r.id = x.repo_id
JOIN codemap.file f ON f.repo_id = x.repo_id AND f.id = x.file_id
WHERE NOT EXISTS (SELECT 1 FROM codemap.edge e
				  WHERE e.repo_id = x.repo_id AND e.file_id = x.file_id AND e.ord = x.ord);

COMMENT ON VIEW pending_refs IS 'references and imports not resolved to anything in their repository (yet)';

-- Raise for a level or edge kinds that edges() and repo_graph() do not know.
CREATE FUNCTION _check_level_kinds(level text, kinds text[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF level IS NULL OR level NOT IN ('symbol', 'file', 'module') THEN
		RAISE EXCEPTION 'invalid level "%"', level
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Levels are symbol, file and module.';
	END IF;
	IF kinds IS NOT NULL AND NOT kinds <@ ARRAY['contains', 'imports', 'calls', 'inherits', 'references'] THEN
		RAISE EXCEPTION 'invalid edge kinds %', kinds
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Kinds are contains, imports, calls, inherits and references.';
	END IF;
END
$$;

CREATE FUNCTION edges(
	repo text,
	level text DEFAULT 'file',
	kinds text[] DEFAULT NULL,
	OUT src text,
	OUT dst text,
	OUT kind text,
	OUT weight float8,
	OUT confidence real)
RETURNS SETOF record
LANGUAGE plpgsql STABLE AS $$
DECLARE
	rid integer := codemap._repo_id(repo);
BEGIN
	PERFORM codemap._check_level_kinds(level, kinds);

	RETURN QUERY
	WITH n AS (
		-- each node with the node it stands for at this level
		SELECT nd.id, nd.kind,
			   CASE level
				WHEN 'symbol' THEN codemap._node_key(nd.kind, nd.qualname, f.path)
				WHEN 'file' THEN f.path
				ELSE CASE WHEN nd.kind = 'module' THEN nd.qualname
						  ELSE codemap._dirname(f.path) END
			   END AS key
		FROM codemap.node nd
		LEFT JOIN codemap.file f ON f.repo_id = rid AND f.id = nd.file_id
		WHERE nd.repo_id = rid
	), e AS (
		SELECT e.src, e.dst, e.kind, e.confidence FROM codemap.edge e
		WHERE e.repo_id = rid AND (kinds IS NULL OR e.kind = ANY (kinds))
		UNION ALL
		SELECT nd.parent_id, nd.id, 'contains', 1::real FROM codemap.node nd
		WHERE nd.repo_id = rid AND nd.parent_id IS NOT NULL
		  AND (kinds IS NULL OR 'contains' = ANY (kinds))
		  AND (level = 'symbol' OR (level = 'module' AND nd.kind = 'module'))
	)
	SELECT s.key, d.key, e.kind, count(*)::float8, max(e.confidence)
	FROM e JOIN n s ON s.id = e.src JOIN n d ON d.id = e.dst
	WHERE s.key IS NOT NULL AND d.key IS NOT NULL
	  AND (level = 'symbol' OR s.key <> d.key)
	GROUP BY s.key, d.key, e.kind
	ORDER BY s.key, d.key, e.kind;
END
$$;

COMMENT ON FUNCTION edges(text, text, text[]) IS
'the repository''s graph at level symbol (keys path::qualname, files, modules), file (paths) or module (directories): edges of the given kinds (contains, imports, calls, inherits, references; NULL for all) with the number of references each stands for and the confidence of the surest of them; edges inside one file or module are left out above the symbol level';
