-- pgTAP: writers of one repository in several sessions at once (through
-- dblink, so that the sessions are real and commit on their own): no row
-- is duplicated or lost, a writer waits for another storing the same file,
-- refresh() waits for writers, and the result equals a clean index.
BEGIN;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT plan(9);

-- the sessions reach this server the way this one did
CREATE TEMP TABLE conn AS
SELECT format('dbname=%s user=%s port=%s host=%s', current_database(), current_user,
			  current_setting('port'),
			  split_part(current_setting('unix_socket_directories'), ',', 1)) AS str;

-- twenty Python files, each calling a function of the next
CREATE TEMP TABLE project AS
SELECT format('pkg/m%s.py', i) AS path,
	   format(E'from pkg.m%s import f%s\n\ndef f%s(x):\n    return f%s(x) + %s\n',
			  (i + 1) % 20, (i + 1) % 20, i, (i + 1) % 20, i) AS source
FROM generate_series(0, 19) i;

-- the work a session does: one statement storing every file of the
-- project in path order, returning how many it stored
CREATE FUNCTION pg_temp.store_all(repo text) RETURNS text
LANGUAGE sql AS $$
	SELECT format('SELECT count(*)::int FROM (VALUES %s) p(path, source), '
				  'codemap.index_file(%L, p.path, p.source) s',
				  string_agg(format('(%L, %L)', p.path, p.source), ', ' ORDER BY p.path), repo)
	FROM project p
$$;

SELECT dblink_connect('a', (SELECT str FROM conn));
SELECT dblink_connect('b', (SELECT str FROM conn));
-- a session stuck on a lock fails the test instead of hanging it
SELECT dblink_exec('a', $$SET lock_timeout = '30s'$$);
SELECT dblink_exec('b', $$SET lock_timeout = '30s'$$);
SELECT * FROM dblink('a', $$SELECT codemap.create_repo('conc_clean')$$) AS t(id int);
SELECT * FROM dblink('a', $$SELECT codemap.create_repo('conc')$$) AS t(id int);
SELECT * FROM dblink('a', pg_temp.store_all('conc_clean')) AS t(n int);
SELECT * FROM dblink('a', $$SELECT files FROM codemap.refresh('conc_clean')$$) AS t(n bigint);

-- session a stores the project and keeps its transaction open
SELECT dblink_exec('a', 'BEGIN');
SELECT * FROM dblink('a', pg_temp.store_all('conc')) AS t(n int);

-- session b stores the same files: it must wait for a
CREATE TEMP TABLE b_pid AS SELECT pid FROM dblink('b', 'SELECT pg_backend_pid()') AS t(pid int);
SELECT dblink_send_query('b', pg_temp.store_all('conc'));
SELECT pg_sleep(0.5);
SELECT is((SELECT wait_event_type FROM pg_stat_activity WHERE pid = (SELECT pid FROM b_pid)),
		  'Lock', 'a second writer of the same files waits for the first');
SELECT is(dblink_is_busy('b'), 1, 'and has not finished');

-- refresh() needs the repository alone: it waits for the writer too
SET LOCAL lock_timeout = '200ms';
SELECT throws_ok($$SELECT codemap.refresh('conc')$$, '55P03', NULL,
				 'refresh() waits while a writer is storing');
RESET lock_timeout;

SELECT dblink_exec('a', 'COMMIT');
SELECT is((SELECT x FROM dblink_get_result('b') AS t(x int)), 20,
		  'the second writer finishes once the first commits');
SELECT count(*) FROM dblink_get_result('b') AS t(x int);

SELECT is((SELECT count(*) FROM codemap.files WHERE repo = 'conc'), 20::bigint,
		  'one row per file');
SELECT is((SELECT count(*) FROM codemap.symbols WHERE repo = 'conc'),
		  (SELECT count(*) FROM codemap.symbols WHERE repo = 'conc_clean'),
		  'no symbol stored twice');

-- both store changed files at once with no open transaction in the way
UPDATE project SET source = source || E'\ndef extra():\n    return 1\n';
SELECT dblink_send_query('a', pg_temp.store_all('conc'));
SELECT dblink_send_query('b', pg_temp.store_all('conc'));
SELECT is((SELECT x FROM dblink_get_result('a') AS t(x int)) +
		  (SELECT x FROM dblink_get_result('b') AS t(x int)), 40, 'two writers at once both finish');
SELECT count(*) FROM dblink_get_result('a') AS t(x int);
SELECT count(*) FROM dblink_get_result('b') AS t(x int);
SELECT * FROM dblink('a', pg_temp.store_all('conc_clean')) AS t(n int);
SELECT * FROM dblink('a', $$SELECT files FROM codemap.refresh('conc_clean')$$) AS t(n bigint);

SELECT * FROM dblink('b', $$SELECT files FROM codemap.refresh('conc')$$) AS t(n bigint);
SELECT set_eq($$SELECT * FROM codemap.edges('conc', 'symbol')$$,
			  $$SELECT * FROM codemap.edges('conc_clean', 'symbol')$$,
			  'the graph equals a clean index of the same files');
SELECT set_eq($$SELECT key, kind, start_line FROM codemap.symbols WHERE repo = 'conc'$$,
			  $$SELECT key, kind, start_line FROM codemap.symbols WHERE repo = 'conc_clean'$$,
			  'and so do the symbols');

-- the sessions committed: clean up through them
SELECT * FROM dblink('a', $$SELECT count(*) FROM unnest('{conc,conc_clean}'::text[]) r, codemap.drop_repo(r)$$) AS t(n bigint);
SELECT dblink_disconnect('a');
SELECT dblink_disconnect('b');

SELECT * FROM finish();
ROLLBACK;
