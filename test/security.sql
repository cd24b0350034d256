-- pgTAP: one tenant against another, as an attacker would try it.  Alice
-- and Bob are writers with a repository each; Bob tries to see, count,
-- guess, change and drop Alice's through every table, view and function,
-- and through what his backend keeps cached.  Then Alice grants him read
-- and write access and takes it back.  Carol only reads; Dave has no
-- codemap role at all; Erin administers.
BEGIN;
SET client_min_messages = warning;
SET search_path = codemap, public;
SELECT plan(81);

CREATE ROLE tap_alice LOGIN IN ROLE codemap_writer;
CREATE ROLE tap_bob LOGIN IN ROLE codemap_writer;
CREATE ROLE tap_carol LOGIN IN ROLE codemap_reader;
CREATE ROLE tap_dave LOGIN;
CREATE ROLE tap_erin LOGIN IN ROLE codemap_admin;
CREATE ROLE tap_team;					-- a group Bob belongs to
GRANT tap_team TO tap_bob;
GRANT USAGE ON SCHEMA public TO PUBLIC;

-- the facts the tests compare against, kept where every role reads them
CREATE TABLE public.tap_facts (key text PRIMARY KEY, value bigint);
GRANT SELECT ON public.tap_facts TO PUBLIC;

-- Alice's repository: two files calling each other's functions
SET ROLE tap_alice;
SELECT ok(create_repo('tap_alice_repo') > 0, 'Alice creates a repository');
SELECT is(count(*), 2::bigint, 'Alice indexes two files')
FROM (VALUES ('a.py', E'from b import g\ndef f():\n    return g()\n'),
			 ('b.py', E'from a import f\ndef g():\n    return f()\n')) s(path, source),
	 LATERAL index_file('tap_alice_repo', s.path, s.source);
SELECT is(files, 2::bigint, 'Alice refreshes') FROM refresh('tap_alice_repo');
SELECT ok(count(*) > 0, 'Alice explores her neighbourhood (and fills her snapshot cache)')
FROM neighbors('tap_alice_repo', 'a.py', 1);
RESET ROLE;
INSERT INTO public.tap_facts
SELECT 'alice_id', id FROM codemap.repo WHERE name = 'tap_alice_repo'
UNION ALL SELECT 'alice_version', version FROM codemap.repo WHERE name = 'tap_alice_repo'
UNION ALL SELECT 'alice_file', id FROM codemap.file
		  WHERE path = 'a.py' AND repo_id = (SELECT id FROM codemap.repo WHERE name = 'tap_alice_repo');

-- Bob's own
SET ROLE tap_bob;
SELECT ok(create_repo('tap_bob_repo') > 0, 'Bob creates a repository');
SELECT is(count(*), 1::bigint, 'Bob indexes a file')
FROM index_file('tap_bob_repo', 'main.c', E'int main(void) { return 0; }\n');
SELECT is(files, 1::bigint, 'Bob refreshes') FROM refresh('tap_bob_repo');

-- Bob sees and counts only his own rows, in every table and view
SELECT is(array_agg(name), ARRAY['tap_bob_repo'], 'Bob sees only his repository')
FROM codemap.repo;
CREATE FUNCTION pg_temp.alice_rows(t text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM codemap.%I WHERE repo_id = $1', t)
	INTO n USING (SELECT value FROM public.tap_facts WHERE key = 'alice_id');
	RETURN n;
END $$;
SELECT is(pg_temp.alice_rows(t), 0::bigint, format('Bob counts none of Alice''s rows in %s', t))
FROM unnest(ARRAY['file', 'node', 'ref', 'edge', 'changed_name', 'manifest', 'cluster',
				  'cluster_file', 'cluster_edge', 'graph_snapshot', 'node_rank',
				  'repo_member']) t;
SELECT is((SELECT count(*) FROM codemap.files WHERE repo = 'tap_alice_repo')
		  + (SELECT count(*) FROM codemap.symbols WHERE repo = 'tap_alice_repo')
		  + (SELECT count(*) FROM codemap.edge_list WHERE repo = 'tap_alice_repo')
		  + (SELECT count(*) FROM codemap.pending_refs WHERE repo = 'tap_alice_repo')
		  + (SELECT count(*) FROM codemap.clusters WHERE repo = 'tap_alice_repo')
		  + (SELECT count(*) FROM codemap.repo_access WHERE repo = 'tap_alice_repo'),
		  0::bigint, 'nor through the views');
SELECT is((SELECT count(*) FROM codemap.files), 1::bigint, 'the views show Bob his own file');

-- Alice's name answers as a name no repository has, word for word
CREATE FUNCTION pg_temp.error_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ' ' || replace(replace(SQLERRM, 'tap_alice_repo', 'NAME'), 'tap_no_such_repo', 'NAME');
END $$;
SELECT is(pg_temp.error_of(format(q, 'tap_alice_repo')),
		  pg_temp.error_of(format(q, 'tap_no_such_repo')),
		  'Alice''s repository and no repository give one error: ' || q)
FROM unnest(ARRAY[
	'SELECT codemap.edges(%L)',
	'SELECT codemap.repo_graph(%L)',
	'SELECT * FROM codemap.overview(%L)',
	'SELECT * FROM codemap.expand(%L, ''a.py'')',
	'SELECT * FROM codemap.neighbors(%L, ''a.py'')',
	'SELECT * FROM codemap.subgraph(%L, ARRAY[''a.py''])',
	'SELECT * FROM codemap.path(%L, ''a.py'', ''b.py'')',
	'SELECT * FROM codemap.impact(%L, ''a.py'')',
	'SELECT * FROM codemap.cycles(%L)',
	'SELECT * FROM codemap.search(%L, ''f'')',
	'SELECT * FROM codemap.hotspots(%L)',
	'SELECT codemap.index_file(%L, ''c.py'', ''x = 1'')',
	'SELECT codemap.remove_file(%L, ''a.py'')',
	'SELECT * FROM codemap.refresh(%L)',
	'SELECT codemap.alter_repo(%L, ''{}'')',
	'SELECT codemap.drop_repo(%L)',
	'SELECT codemap.grant_repo(%L, ''tap_bob'', ''write'')',
	'SELECT codemap.revoke_repo(%L, ''tap_alice'')']) q;
SELECT is(pg_temp.error_of(format('SELECT codemap.create_repo(%L)', 'tap_alice_repo')),
		  '42710 repository "NAME" already exists',
		  'a taken name is refused (and names are the one thing shared)');

-- the snapshot cache, and the internal functions called directly
SELECT throws_ok(format('SELECT * FROM codemap._snapshot_hood(%s, %s, ''file'', ARRAY[%s]::bigint[], 1, ''both'', NULL, 10)',
						(SELECT value FROM public.tap_facts WHERE key = 'alice_id'),
						(SELECT value FROM public.tap_facts WHERE key = 'alice_version'),
						(SELECT value FROM public.tap_facts WHERE key = 'alice_file')),
				 '55000', NULL,
				 'Bob is not served Alice''s snapshot, cached in this backend by her');
SELECT throws_ok(format('SELECT * FROM codemap._snapshot_path(%s, %s, ''file'', %s, %s, NULL)',
						(SELECT value FROM public.tap_facts WHERE key = 'alice_id'),
						(SELECT value FROM public.tap_facts WHERE key = 'alice_version'),
						(SELECT value FROM public.tap_facts WHERE key = 'alice_file'),
						(SELECT value FROM public.tap_facts WHERE key = 'alice_file')),
				 '55000', NULL, 'nor a path through it');
SELECT is(_snapshot_version((SELECT value FROM public.tap_facts WHERE key = 'alice_id')::int),
		  NULL, 'nor its version');
SELECT is(cardinality(_repo_ids('read')), 1, 'Bob may read one repository');

-- Bob's attempts to change Alice's rows change nothing, or are refused
SELECT lives_ok(format('UPDATE codemap.file SET path = ''x'' WHERE repo_id = %s',
					   (SELECT value FROM public.tap_facts WHERE key = 'alice_id')),
				'an UPDATE of Alice''s files runs');
SELECT lives_ok(format('DELETE FROM codemap.edge WHERE repo_id = %s',
					   (SELECT value FROM public.tap_facts WHERE key = 'alice_id')),
				'a DELETE of Alice''s edges runs');
SELECT throws_ok(format('INSERT INTO codemap.node (repo_id, id, kind, name, qualname) VALUES (%s, -1, ''function'', ''x'', ''x'')',
						(SELECT value FROM public.tap_facts WHERE key = 'alice_id')),
				 '42501', NULL, 'a node written into Alice''s repository is refused');
SELECT throws_ok(format('INSERT INTO codemap.repo_member VALUES (%s, ''tap_bob'', ''write'')',
						(SELECT value FROM public.tap_facts WHERE key = 'alice_id')),
				 '42501', NULL, 'Bob cannot make himself a member');
SELECT throws_ok('INSERT INTO codemap.repo (name, owner) VALUES (''tap_fake'', ''tap_alice'')',
				 '42501', NULL, 'nor create a repository in Alice''s name');
SELECT throws_ok('UPDATE codemap.repo SET owner = ''tap_bob''',
				 '42501', NULL, 'nor take over a repository, even his own');
SELECT throws_ok(format('SELECT * FROM codemap._store_staged(%s, false)',
						(SELECT value FROM public.tap_facts WHERE key = 'alice_id')),
				 '42501', NULL, 'the indexer refuses to write into Alice''s repository');
RESET ROLE;
SELECT is((SELECT count(*) FROM codemap.edge e JOIN codemap.repo r ON r.id = e.repo_id
		   WHERE r.name = 'tap_alice_repo') > 0
		  AND (SELECT count(*) FROM codemap.file f JOIN codemap.repo r ON r.id = f.repo_id
			   WHERE r.name = 'tap_alice_repo' AND f.path = 'x') = 0,
		  true, 'Alice''s rows are as she left them');

-- Carol only reads; Dave is no codemap user
SET ROLE tap_carol;
SELECT throws_ok('SELECT codemap.create_repo(''tap_carol_repo'')', '42501', NULL,
				 'a reader cannot create a repository');
SELECT is(count(*), 0::bigint, 'and sees no repository until granted one') FROM codemap.repo;
SET ROLE tap_dave;
SELECT throws_ok('SELECT count(*) FROM codemap.file', '42501', NULL,
				 'a role outside codemap''s roles reads nothing');
SET ROLE tap_bob;
SELECT throws_ok('SELECT codemap.grant_repo(''tap_bob_repo'', ''tap_no_such_role'')', '42704',
				 'role "tap_no_such_role" does not exist', 'granting to no role is refused');

-- Alice lets Bob's team read; he reads, but cannot write, grant or drop
SET ROLE tap_alice;
SELECT lives_ok('SELECT codemap.grant_repo(''tap_alice_repo'', ''tap_team'', ''read'')',
				'Alice grants her repository to Bob''s team for reading');
SET ROLE tap_bob;
SELECT is(count(*), 2::bigint, 'Bob reads Alice''s files through his team')
FROM codemap.files WHERE repo = 'tap_alice_repo';
SELECT ok(count(*) > 0, 'and explores them') FROM neighbors('tap_alice_repo', 'a.py', 1);
SELECT is((SELECT count(*) FROM codemap.repo_access WHERE repo = 'tap_alice_repo'), 2::bigint,
		  'and sees who may read it');
SELECT throws_ok('SELECT codemap.index_file(''tap_alice_repo'', ''c.py'', ''x = 1'')',
				 '42501', NULL, 'a reader cannot index into it');
SELECT throws_ok('SELECT codemap.remove_file(''tap_alice_repo'', ''a.py'')',
				 '42501', NULL, 'nor remove a file');
SELECT throws_ok('SELECT codemap.drop_repo(''tap_alice_repo'')', '42501', NULL, 'nor drop it');
SELECT throws_ok('SELECT codemap.grant_repo(''tap_alice_repo'', ''tap_bob'', ''write'')',
				 '42501', NULL, 'nor grant himself more');
SELECT is((SELECT count(*) FROM codemap.file f JOIN codemap.repo r ON r.id = f.repo_id
		   WHERE r.name = 'tap_alice_repo'), 2::bigint, 'Alice''s files are all there');

-- write access: Bob indexes into Alice's repository, but does not own it
SET ROLE tap_alice;
SELECT lives_ok('SELECT codemap.grant_repo(''tap_alice_repo'', ''tap_bob'', ''write'')',
				'Alice grants Bob write access');
SET ROLE tap_bob;
SELECT is(count(*), 1::bigint, 'Bob indexes a file into Alice''s repository')
FROM index_file('tap_alice_repo', 'c.py', E'from a import f\nf()\n');
SELECT is(files, 3::bigint, 'and refreshes it') FROM refresh('tap_alice_repo');
SELECT ok(count(*) > 0, 'and explores the new version (his backend caches its snapshot)')
FROM neighbors('tap_alice_repo', 'c.py', 1);
RESET ROLE;
UPDATE public.tap_facts SET value = r.version
FROM codemap.repo r WHERE key = 'alice_version' AND r.name = 'tap_alice_repo';
SET ROLE tap_bob;
SELECT throws_ok('SELECT codemap.drop_repo(''tap_alice_repo'')', '42501', NULL,
				 'a writer still cannot drop it');
SELECT throws_ok('SELECT codemap.revoke_repo(''tap_alice_repo'', ''tap_alice'')', '42501', NULL,
				 'nor revoke anyone');

-- revoking: Bob's team and Bob lose it, cache and all
SET ROLE tap_alice;
SELECT lives_ok('SELECT codemap.revoke_repo(''tap_alice_repo'', ''tap_team'')', 'Alice revokes the team');
SELECT lives_ok('SELECT codemap.revoke_repo(''tap_alice_repo'', ''tap_bob'')', 'and Bob');
SET ROLE tap_bob;
SELECT is(count(*), 0::bigint, 'Bob no longer sees Alice''s repository')
FROM codemap.repo WHERE name = 'tap_alice_repo';
SELECT throws_ok('SELECT * FROM codemap.neighbors(''tap_alice_repo'', ''a.py'')', '42704', NULL,
				 'nor explores it');
SELECT throws_ok(format('SELECT * FROM codemap._snapshot_hood(%s, %s, ''file'', ARRAY[%s]::bigint[], 1, ''both'', NULL, 10)',
						(SELECT value FROM public.tap_facts WHERE key = 'alice_id'),
						(SELECT value FROM public.tap_facts WHERE key = 'alice_version'),
						(SELECT value FROM public.tap_facts WHERE key = 'alice_file')),
				 '55000', NULL, 'nor is served what his backend cached while he could');

-- the admin sees and manages everything
SET ROLE tap_erin;
SELECT is(count(*), 2::bigint, 'the admin sees both repositories')
FROM codemap.repo WHERE name IN ('tap_alice_repo', 'tap_bob_repo');
SELECT lives_ok('SELECT codemap.drop_repo(''tap_bob_repo'')', 'and may drop one');
SET ROLE tap_alice;
SELECT lives_ok('SELECT codemap.drop_repo(''tap_alice_repo'')', 'an owner drops her own');
RESET ROLE;
SELECT is(count(*), 0::bigint, 'both are gone, with their rows')
FROM codemap.node n WHERE NOT EXISTS (SELECT FROM codemap.repo r WHERE r.id = n.repo_id);

SELECT * FROM finish();
ROLLBACK;
