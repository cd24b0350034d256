-- pgTAP: properties of the graph type and of communities(): a partition
-- per level, nested levels, answers independent of row order, and every
-- corrupted or hostile value refused with a clean error.
BEGIN;
SET client_min_messages = warning;
SET search_path = codemap, public;
SELECT plan(24);

-- 1,000 nodes in 20 groups of 50, 8,000 edges: 4 in 5 stay in their group
CREATE TEMP TABLE rows AS
SELECT i AS n, src,
	   CASE WHEN i % 5 = 0 THEN abs(hashint4(i + 200000)) % 1000
			ELSE (src / 50) * 50 + abs(hashint4(i + 100000)) % 50 END AS dst
FROM (SELECT i, abs(hashint4(i)) % 1000 AS src FROM generate_series(1, 8000) i) s;
CREATE TEMP TABLE g AS SELECT graph_agg(src, dst ORDER BY n) AS g FROM rows;
CREATE TEMP TABLE c AS SELECT * FROM communities((SELECT g FROM g), seed => 3);

SELECT is((SELECT count(*) FROM c),
		  (SELECT count(DISTINCT node) * count(DISTINCT level) FROM c),
		  'every node has a community at every level');
SELECT is((SELECT count(*) FROM (SELECT node, level FROM c GROUP BY 1, 2 HAVING count(*) > 1) x),
		  0::bigint, 'no node is in two communities of one level');
SELECT is((SELECT count(DISTINCT node) FROM c), 1000::bigint, 'all 1,000 nodes are there');
SELECT is((SELECT count(*) FROM (
			SELECT f.level, f.community
			FROM c f JOIN c up ON up.node = f.node AND up.level = f.level + 1
			GROUP BY 1, 2 HAVING count(DISTINCT up.community) > 1) x),
		  0::bigint, 'each community lies inside one community of the next level');
SELECT ok((SELECT bool_and(finer > coarser) FROM (
			SELECT count(DISTINCT community) AS finer,
				   lead(count(DISTINCT community)) OVER (ORDER BY level) AS coarser
			FROM c GROUP BY level) x WHERE coarser IS NOT NULL),
		  'each level has fewer communities than the one before');
SELECT is((SELECT count(*) FROM c WHERE community > node), 0::bigint,
		  'a community is named by its smallest member');
SELECT is((SELECT count(DISTINCT community) FROM c WHERE level = (SELECT max(level) FROM c)),
		  20::bigint, 'the 20 planted groups are found');

-- the same rows in another order: the same value and the same answer
CREATE TEMP TABLE g2 AS SELECT graph_agg(src, dst ORDER BY md5(n::text)) AS g FROM rows;
SELECT is((SELECT g::text FROM g2), (SELECT g::text FROM g),
		  'row order does not change the graph');
SELECT is((SELECT array_agg(row(node, level, community) ORDER BY level, node)::text
		   FROM communities((SELECT g FROM g2), seed => 3)),
		  (SELECT array_agg(row(node, level, community) ORDER BY level, node)::text FROM c),
		  'shuffled rows, same seed: the same communities');
SELECT ok((SELECT modularity(g, (SELECT array_agg(node) FROM c WHERE level = (SELECT max(level) FROM c)),
							 (SELECT array_agg(community) FROM c WHERE level = (SELECT max(level) FROM c)))
		   FROM g) > 0.5, 'the final level has a high modularity');

-- corrupted stored values: raw bytes cast to graph are checked whole
-- (a built-in byte copy, declared to return a graph, makes any bytes one)
CREATE FUNCTION pg_temp.as_graph(bytea, int DEFAULT 1) RETURNS codemap.graph
LANGUAGE internal IMMUTABLE STRICT AS 'bytea_substr_no_len';
CREATE FUNCTION pg_temp.as_bytes(codemap.graph, int DEFAULT 1) RETURNS bytea
LANGUAGE internal IMMUTABLE STRICT AS 'bytea_substr_no_len';
CREATE TEMP TABLE good AS SELECT pg_temp.as_bytes('{1->2:2, 2->3, 3->1, 9}') AS b;
SELECT is((SELECT pg_temp.as_graph(b)::text FROM good), '{1->2:2, 2->3:1, 3->1:1, 9}',
		  'raw bytes copied back are the same graph');
SELECT throws_ok($$SELECT graph_stats(pg_temp.as_graph(set_byte(b, 0, 1))) FROM good$$,
				 'XX001', 'graph value is corrupted', 'a wrong header is refused');
SELECT throws_ok($$SELECT graph_stats(pg_temp.as_graph(set_byte(b, 4, 0))) FROM good$$,
				 'XX001', 'graph value is corrupted', 'a wrong magic number is refused');
SELECT throws_ok($$SELECT graph_stats(pg_temp.as_graph(substring(b for length(b) - 1))) FROM good$$,
				 'XX001', 'graph value is corrupted', 'a truncated value is refused');
SELECT throws_ok($$SELECT graph_stats(pg_temp.as_graph(''::bytea))$$,
				 'XX001', 'graph value is corrupted', 'an empty value is refused');
-- the first target (after header 16, 4 ids, 5 offsets) pointed outside
SELECT throws_ok($$SELECT count(*) FROM good, communities(pg_temp.as_graph(set_byte(b, 4 + 16 + 32 + 20, 77)))$$,
				 'XX001', 'graph value is corrupted', 'an arc pointing outside is refused');

-- every single-byte change is refused or yields a sound graph: never a crash
CREATE FUNCTION pg_temp.mutations() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	raw bytea := (SELECT b FROM good);
	refused int := 0;
	accepted int := 0;
	other text := '';
BEGIN
	FOR pos IN 0 .. length(raw) - 1 LOOP
		FOR bit IN 0 .. 7 LOOP
			BEGIN
				PERFORM count(*) FROM codemap.communities(pg_temp.as_graph(
					set_byte(raw, pos, get_byte(raw, pos) # (1 << bit))));
				PERFORM codemap.graph_stats(pg_temp.as_graph(
					set_byte(raw, pos, get_byte(raw, pos) # (1 << bit))));
				accepted := accepted + 1;
			EXCEPTION
				WHEN data_corrupted THEN refused := refused + 1;
				WHEN OTHERS THEN other := other || SQLSTATE || ' ';
			END;
		END LOOP;
	END LOOP;
	RETURN format('refused more than accepted: %s; other errors: %s',
				  refused > accepted, coalesce(nullif(other, ''), 'none'));
END
$$;
SELECT is(pg_temp.mutations(), 'refused more than accepted: t; other errors: none', 'single-byte mutations: only XX001 or a sound answer');

-- hostile binary input through COPY: sizes that lie, a bad version
CREATE TEMP TABLE landing (g graph);
CREATE FUNCTION pg_temp.copy_binary(payload bytea) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
		|| '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
	lo oid := lo_from_bytea(0, file);
BEGIN
	PERFORM lo_export(lo, '/tmp/codemap_graph_tap.bin');
	PERFORM lo_unlink(lo);
	COPY landing FROM '/tmp/codemap_graph_tap.bin' (FORMAT binary);
END
$$;
SELECT lives_ok($$SELECT pg_temp.copy_binary(codemap._graph_send('{1->2:2.5, 3}'))$$,
				'a binary value sent by the server is received back');
SELECT is((SELECT g::text FROM landing), '{1->2:2.5, 3}', 'and it is the same graph');
SELECT throws_ok($$SELECT pg_temp.copy_binary(
					'\x00000001000000000fffffff00000000'::bytea)$$,
				 '22P03', NULL, 'a node count larger than the data is refused before allocating');
SELECT throws_ok($$SELECT pg_temp.copy_binary(
					'\x00000002000000000000000000000000'::bytea || int4send(0))$$,
				 '22P03', NULL, 'an unknown format version is refused');
SELECT throws_ok($$SELECT pg_temp.copy_binary(
					'\x0000000100000000000000020000000100000000000000030000000000000005'::bytea
					|| int4send(0) || int4send(1) || int4send(1) || int4send(5))$$,
				 '22P03', 'invalid binary graph', 'a binary arc pointing outside is refused');

-- memory bound and cancel
SET LOCAL codemap.graph_work_mem = '64kB';
SELECT throws_ok($$SELECT graph_agg(i, i + 1) FROM generate_series(1, 100000) i$$,
				 '54000', NULL, 'graph_agg stops at codemap.graph_work_mem');
RESET codemap.graph_work_mem;
CREATE TEMP TABLE large AS
SELECT graph_agg(i % 200000, (i * 7919) % 200000) AS g FROM generate_series(1::bigint, 1000000) i;
-- (throws_ok cannot catch a cancel: plpgsql's OTHERS leaves it out)
CREATE FUNCTION pg_temp.canceled() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	PERFORM count(*) FROM codemap.communities((SELECT g FROM large));
	RETURN 'finished';
EXCEPTION WHEN query_canceled THEN
	RETURN SQLSTATE;
END
$$;
SET LOCAL statement_timeout = '200ms';
SELECT is(pg_temp.canceled(), '57014', 'statement_timeout stops communities');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
