-- cluster: refresh() groups a repository's files into a cluster tree with
-- labels and sizes; ids survive a refresh that changed little
SET search_path = codemap, public;

SELECT create_repo('fx_cluster') > 0 AS created;
-- two groups that call within themselves: net/ and fs/, with a file in
-- each that talks to the other side only a little, and a lone README-like
-- file with no edges
SELECT count(*) AS indexed FROM (VALUES
	('net/core.c', E'#include "sock.h"\nint net_core(void) { return sock_open() + sock_close() + route(); }\n'),
	('net/sock.h', E'int sock_open(void);\nint sock_close(void);\n'),
	('net/sock.c', E'#include "sock.h"\nint sock_open(void) { return route(); }\nint sock_close(void) { return route(); }\n'),
	('net/route.c', E'int route(void) { return 1; }\n'),
	('fs/inode.c', E'#include "fs.h"\nint inode_get(void) { return fs_read() + fs_write(); }\n'),
	('fs/fs.h', E'int fs_read(void);\nint fs_write(void);\n'),
	('fs/read.c', E'#include "fs.h"\nint fs_read(void) { return block(); }\n'),
	('fs/write.c', E'#include "fs.h"\nint fs_write(void) { return block() + net_core(); }\n'),
	('fs/block.c', E'int block(void) { return 2; }\n'),
	('tools/lone.c', E'int lone(void) { return 3; }\n')
) v(path, src), LATERAL index_file('fx_cluster', path, src);
SELECT files, pending FROM refresh('fx_cluster');

-- the tree: every level, with labels and sizes
SELECT level, label, files, symbols, lines, parent_id IS NULL AS top
FROM clusters WHERE repo = 'fx_cluster'
ORDER BY level, label;
-- each file's finest cluster
SELECT f.path, c.label
FROM cluster_file cf
JOIN files f ON f.node_id = cf.file_id
JOIN clusters c ON c.id = cf.cluster_id
WHERE f.repo = 'fx_cluster'
ORDER BY 1;

-- a small change keeps the ids
CREATE TEMP TABLE before AS SELECT id, level, label FROM clusters WHERE repo = 'fx_cluster';
SELECT status FROM index_file('fx_cluster', 'net/route.c', E'int route(void) { return 1 + 1; }\n');
SELECT files, pending FROM refresh('fx_cluster');
SELECT count(*) AS clusters, count(*) FILTER (WHERE b.id IS NOT NULL) AS same_id
FROM clusters c LEFT JOIN before b ON b.id = c.id AND b.level = c.level
WHERE c.repo = 'fx_cluster';

-- a removed file leaves its cluster at once; the next refresh redraws
SELECT remove_file('fx_cluster', 'tools/lone.c');
SELECT count(*) FROM cluster_file cf JOIN repo r ON r.id = cf.repo_id WHERE r.name = 'fx_cluster';
SELECT files FROM refresh('fx_cluster');
SELECT sum(files) FROM clusters WHERE repo = 'fx_cluster' AND level = 0;

SELECT drop_repo('fx_cluster');
SELECT count(*) FROM cluster;
