/*-------------------------------------------------------------------------
 *
 * test_graph.c
 *		Unit tests of the graph value and the graph algorithms, run without
 *		a server (make unittest).  Prints "N passed, N failed".
 *
 *		test_graph blob TEXT	writes the serialized form of a graph (the
 *								fuzzer's seeds)
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_alloc.h"
#include "cm_cluster.h"
#include "cm_error.h"
#include "cm_explore.h"
#include "cm_graph.h"
#include "cm_traverse.h"

#include "check.h"

CHECK_COUNTERS;

static bool all_connected(const CmUGraph *u, const CmCommunities *c);

static CmGraphEnv
new_env(void)
{
	CmGraphEnv	env;

	memset(&env, 0, sizeof(env));
	env.allocator = &cm_libc_allocator;
	return env;
}

/* A graph from text; aborts the test run on failure. */
static void *
graph_from_text(CmGraphEnv *env, const char *text, size_t *len, CmGraph *g)
{
	CmEdgeList	edges;
	CmError		err;
	void	   *blob;

	if (cm_graph_parse_text(env, text, strlen(text), &edges, &err) != CM_OK ||
		cm_graph_build(env, &edges, &blob, len, &err) != CM_OK ||
		cm_graph_view(blob, *len, g, &err) != CM_OK)
	{
		fprintf(stderr, "cannot build %s: %s\n", text, err.text);
		exit(2);
	}
	cm_edge_list_free(env, &edges);
	return blob;
}

static void
test_build_canonical(void)
{
	CmGraphEnv	env = new_env();
	size_t		len1;
	size_t		len2;
	CmGraph		g1;
	CmGraph		g2;
	void	   *b1 = graph_from_text(&env, "{3->1, 1->2, 2->3, 1->2, 9, -5->3}", &len1, &g1);
	void	   *b2 = graph_from_text(&env, "{9, -5->3,1->2,2->3,1->2,3->1}", &len2, &g2);

	CHECK(len1 == len2 && memcmp(b1, b2, len1) == 0,
		  "row order changes the bytes");
	CHECK(g1.nnodes == 5 && g1.narcs == 4, "nodes %d arcs %d", g1.nnodes, g1.narcs);
	CHECK(g1.ids[0] == -5 && g1.ids[4] == 9, "ids not sorted");
	CHECK(g1.weights != NULL, "a duplicate arc must make the graph weighted");
	{
		int32_t		one = cm_graph_find(&g1, 1);
		int32_t		two = cm_graph_find(&g1, 2);

		CHECK(g1.offsets[one + 1] - g1.offsets[one] == 1 &&
			  g1.targets[g1.offsets[one]] == two &&
			  g1.weights[g1.offsets[one]] == 2.0, "1->2 should weigh 2");
	}
	CHECK(cm_graph_find(&g1, 4) == -1, "4 is not a node");
	cm_genv_free(&env, b1);
	cm_genv_free(&env, b2);

	/* weights adding up to 1 leave the graph unweighted */
	b1 = graph_from_text(&env, "{1->2:0.5, 1->2:0.5}", &len1, &g1);
	CHECK(g1.weights == NULL && g1.narcs == 1, "0.5 + 0.5 should be unweighted");
	cm_genv_free(&env, b1);
	b1 = graph_from_text(&env, "{}", &len1, &g1);
	CHECK(g1.nnodes == 0 && g1.narcs == 0, "empty graph");
	cm_genv_free(&env, b1);
	CHECK(env.mem_used == 0, "%zu bytes not freed", env.mem_used);
}

static void
test_text_errors(void)
{
	static const struct
	{
		const char *text;
		size_t		offset;
	}			cases[] = {
		{"", 0}, {"1->2", 0}, {"{1->}", 4}, {"{1->2,}", 6}, {"{1 2}", 3},
		{"{1->2:}", 6}, {"{1->2:-1}", 6}, {"{1->2:nan}", 6}, {"{1->2:1e999}", 6},
		{"{9223372036854775808}", 1}, {"{1} x", 4}, {"{1->2:0}", 6}, {"{a}", 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		CmGraphEnv	env = new_env();
		CmEdgeList	edges;
		CmError		err;
		CmStatus	status = cm_graph_parse_text(&env, cases[i].text,
												 strlen(cases[i].text), &edges, &err);

		CHECK(status == CM_ERR_SYNTAX && err.offset == cases[i].offset,
			  "\"%s\": status %d offset %zu", cases[i].text, (int) status,
			  status == CM_OK ? 0 : err.offset);
		CHECK(env.mem_used == 0, "\"%s\" leaks", cases[i].text);
	}
	{
		CmGraphEnv	env = new_env();
		size_t		len;
		CmGraph		g;
		void	   *b = graph_from_text(&env, "{-9223372036854775808->9223372036854775807}",
										&len, &g);

		CHECK(g.ids[0] == INT64_MIN && g.ids[1] == INT64_MAX, "extreme ids");
		cm_genv_free(&env, b);
	}
}

/* Every corruption of a good blob is refused. */
static void
test_view_rejects(void)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	void	   *good = graph_from_text(&env, "{1->2:2, 2->3, 3->1, 4}", &len, &g);
	char	   *copy = malloc(len + 16);
	CmError		err;
	unsigned	seed = 12345;

	/* misaligned, short, long */
	memcpy(copy + 1, good, len);
	CHECK(cm_graph_view(copy + 1, len, &g, &err) == CM_ERR_CORRUPT, "misaligned accepted");
	memcpy(copy, good, len);
	CHECK(cm_graph_view(copy, len - 1, &g, &err) == CM_ERR_CORRUPT, "short accepted");
	CHECK(cm_graph_view(copy, len + 8, &g, &err) == CM_ERR_CORRUPT, "long accepted");
	CHECK(cm_graph_view(copy, 3, &g, &err) == CM_ERR_CORRUPT, "3 bytes accepted");

	/* each single-byte change either fails the checks or views a valid graph */
	for (size_t at = 0; at < len; at++)
		for (int bit = 0; bit < 8; bit++)
		{
			CmStatus	status;

			memcpy(copy, good, len);
			copy[at] ^= (char) (1 << bit);
			status = cm_graph_view(copy, len, &g, &err);
			if (status == CM_OK)
			{
				/* a still-valid graph must be internally sound */
				for (int32_t a = 0; a < g.narcs; a++)
					if (g.targets[a] < 0 || g.targets[a] >= g.nnodes)
						status = CM_ERR_INVALID;
			}
			CHECK(status == CM_OK || status == CM_ERR_CORRUPT,
				  "byte %zu bit %d: status %d", at, bit, (int) status);
		}

	/* a few known corruptions, named */
	{
		CmGraphParts parts;

		memcpy(copy, good, len);
		cm_graph_layout(copy, 4, 3, true, &parts);
		parts.ids[1] = parts.ids[0];
		CHECK(cm_graph_view(copy, len, &g, &err) == CM_ERR_CORRUPT &&
			  strstr(err.text, "increasing") != NULL, "equal ids: %s", err.text);
		memcpy(copy, good, len);
		parts.targets[0] = 7;
		CHECK(cm_graph_view(copy, len, &g, &err) == CM_ERR_CORRUPT &&
			  strstr(err.text, "outside") != NULL, "target out of range: %s", err.text);
		memcpy(copy, good, len);
		parts.weights[0] = NAN;
		CHECK(cm_graph_view(copy, len, &g, &err) == CM_ERR_CORRUPT, "NaN weight");
		memcpy(copy, good, len);
		parts.weights[0] = -1;
		CHECK(cm_graph_view(copy, len, &g, &err) == CM_ERR_CORRUPT, "negative weight");
		/* found by fuzz_graph: a subnormal weight made PageRank divide to inf */
		memcpy(copy, good, len);
		parts.weights[0] = 1e-322;
		CHECK(cm_graph_view(copy, len, &g, &err) == CM_ERR_CORRUPT, "subnormal weight");
		memcpy(copy, good, len);
		parts.weights[0] = 1e300;
		CHECK(cm_graph_view(copy, len, &g, &err) == CM_ERR_CORRUPT, "huge weight");
		memcpy(copy, good, len);
		parts.offsets[2] = 1000;
		CHECK(cm_graph_view(copy, len, &g, &err) == CM_ERR_CORRUPT, "offset past the end");
	}

	/* random garbage of random lengths */
	for (int i = 0; i < 20000; i++)
	{
		size_t		n = (size_t) (rand_r(&seed) % (len + 8));

		memcpy(copy, good, len);
		for (int k = 0; k < 1 + rand_r(&seed) % 4; k++)
			copy[rand_r(&seed) % len] = (char) rand_r(&seed);
		(void) cm_graph_view(copy, n, &g, &err);
	}
	free(copy);
	cm_genv_free(&env, good);
}

static void
test_undirected(void)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	CmUGraph	u;
	CmError		err;
	void	   *b = graph_from_text(&env, "{1->2:2, 2->1:3, 2->2:1, 3}", &len, &g);

	CHECK(cm_ugraph_from_graph(&env, &g, &u, &err) == CM_OK, "ugraph");
	CHECK(u.nentries == 3, "entries %ld", (long) u.nentries);
	CHECK(u.strength[0] == 5 && u.strength[1] == 7 && u.strength[2] == 0,
		  "strengths %g %g %g", u.strength[0], u.strength[1], u.strength[2]);
	CHECK(u.total == 12, "total %g", u.total);
	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

/* An edge list of k cliques of size s in a ring, one edge between neighbours. */
static char *
ring_of_cliques(int k, int s)
{
	size_t		cap = (size_t) k * s * s * 24 + 64;
	char	   *text = malloc(cap);
	size_t		n = 0;

	n += (size_t) snprintf(text + n, cap - n, "{");
	for (int c = 0; c < k; c++)
	{
		for (int i = 0; i < s; i++)
			for (int j = i + 1; j < s; j++)
				n += (size_t) snprintf(text + n, cap - n, "%d->%d,", c * s + i, c * s + j);
		n += (size_t) snprintf(text + n, cap - n, "%d->%d,", c * s, ((c + 1) % k) * s + 1);
	}
	text[n - 1] = '}';
	return text;
}

static int32_t
count_distinct(const int32_t *membership, int32_t n)
{
	int32_t		max = -1;

	for (int32_t v = 0; v < n; v++)
		if (membership[v] > max)
			max = membership[v];
	return max + 1;
}

static void
test_communities_ring(void)
{
	CmGraphEnv	env = new_env();
	char	   *text = ring_of_cliques(12, 6);
	size_t		len;
	CmGraph		g;
	CmUGraph	u;
	CmCommunityOptions opt;
	CmCommunities c;
	CmError		err;
	void	   *b = graph_from_text(&env, text, &len, &g);
	int			last;
	double		q;

	cm_ugraph_from_graph(&env, &g, &u, &err);
	cm_community_options_init(&opt);
	CHECK(cm_communities(&env, &u, &opt, &c, &err) == CM_OK, "communities: %s", err.text);
	last = c.nlevels - 1;
	CHECK(c.nlevels >= 1, "no level");
	CHECK(c.count[last] == 12, "ring of 12 cliques gives %d communities", c.count[last]);
	/* each clique is one community */
	{
		bool		ok = true;

		for (int32_t v = 0; v < g.nnodes; v++)
			if (c.membership[last][v] != c.membership[last][(v / 6) * 6])
				ok = false;
		CHECK(ok, "a clique was split");
	}
	/* levels nest: members of a community at level l share one at l+1 */
	for (int l = 0; l + 1 < c.nlevels; l++)
	{
		int32_t    *up = calloc((size_t) g.nnodes, sizeof(int32_t));
		bool		ok = true;

		for (int32_t v = 0; v < g.nnodes; v++)
			up[v] = -1;
		for (int32_t v = 0; v < g.nnodes; v++)
		{
			int32_t		f = c.membership[l][v];

			if (up[f] < 0)
				up[f] = c.membership[l + 1][v];
			else if (up[f] != c.membership[l + 1][v])
				ok = false;
		}
		CHECK(ok, "level %d does not nest in %d", l, l + 1);
		CHECK(c.count[l] > c.count[l + 1], "level %d not finer", l);
		free(up);
	}
	for (int l = 0; l < c.nlevels; l++)
		CHECK(count_distinct(c.membership[l], g.nnodes) == c.count[l], "count of level %d", l);
	CHECK(all_connected(&u, &c), "ring: a community is not connected");
	cm_modularity(&env, &u, c.membership[last], 1.0, &q, &err);
	/* 12 cliques of 15 edges plus a ring of 12: Q = 1 - 1/12 - 12/192 */
	CHECK(fabs(q - (180.0 / 192 - 1.0 / 12)) < 1e-9, "modularity %.12f", q);
	cm_communities_free(&env, &c);

	/* max_levels 1 keeps only the final partition */
	opt.max_levels = 1;
	cm_communities(&env, &u, &opt, &c, &err);
	CHECK(c.nlevels == 1 && c.count[0] == 12, "max_levels 1: %d levels, %d communities",
		  c.nlevels, c.nlevels ? c.count[0] : -1);
	cm_communities_free(&env, &c);

	/* bad options */
	opt.max_levels = 0;
	CHECK(cm_communities(&env, &u, &opt, &c, &err) == CM_ERR_INVALID, "max_levels 0");
	opt.max_levels = 10;
	opt.resolution = -1;
	CHECK(cm_communities(&env, &u, &opt, &c, &err) == CM_ERR_INVALID, "resolution -1");

	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);
	free(text);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

/* Is every community of every level connected inside itself? */
static bool
all_connected(const CmUGraph *u, const CmCommunities *c)
{
	int32_t    *queue = malloc(((size_t) u->nnodes + 1) * sizeof(int32_t));
	bool	   *seen = malloc((size_t) u->nnodes + 1);
	bool		ok = true;

	for (int l = 0; l < c->nlevels && ok; l++)
	{
		const int32_t *m = c->membership[l];
		int32_t		found = 0;

		memset(seen, 0, (size_t) u->nnodes);
		for (int32_t s = 0; s < u->nnodes; s++)
		{
			int32_t		head = 0;
			int32_t		tail = 0;

			if (seen[s])
				continue;
			found++;			/* a new piece: must be a new community */
			seen[s] = true;
			queue[tail++] = s;
			while (head < tail)
			{
				int32_t		v = queue[head++];

				for (int64_t e = u->offsets[v]; e < u->offsets[v + 1]; e++)
					if (!seen[u->targets[e]] && m[u->targets[e]] == m[s])
					{
						seen[u->targets[e]] = true;
						queue[tail++] = u->targets[e];
					}
			}
		}
		ok = found == c->count[l];
	}
	free(queue);
	free(seen);
	return ok;
}

/* A planted partition: groups of size s, p_in and p_out by a fixed generator. */
static void
test_communities_planted(void)
{
	CmGraphEnv	env = new_env();
	int			groups = 20;
	int			s = 50;
	int			n = groups * s;
	CmEdgeList	edges = {0};
	size_t		cap = 200000;
	unsigned	seed = 7;
	void	   *blob[2];
	size_t		len[2];
	CmGraph		g[2];
	CmUGraph	u[2];
	CmCommunities c[2];
	CmCommunityOptions opt;
	CmError		err;
	int			wrong = 0;

	edges.src = malloc(cap * sizeof(int64_t));
	edges.dst = malloc(cap * sizeof(int64_t));
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
		{
			int			p = (i / s == j / s) ? 300 : 3;		/* per mille */

			if (rand_r(&seed) % 1000 < p)
			{
				edges.src[edges.count] = i * 7 + 1000;	/* ids not dense */
				edges.dst[edges.count] = j * 7 + 1000;
				edges.count++;
			}
		}

	/* the same rows reversed in order give the same answer */
	cm_community_options_init(&opt);
	opt.seed = 42;
	for (int k = 0; k < 2; k++)
	{
		if (k == 1)
			for (size_t i = 0; i < edges.count / 2; i++)
			{
				size_t		j = edges.count - 1 - i;
				int64_t		t = edges.src[i];

				edges.src[i] = edges.src[j];
				edges.src[j] = t;
				t = edges.dst[i];
				edges.dst[i] = edges.dst[j];
				edges.dst[j] = t;
			}
		cm_graph_build(&env, &edges, &blob[k], &len[k], &err);
		cm_graph_view(blob[k], len[k], &g[k], &err);
		cm_ugraph_from_graph(&env, &g[k], &u[k], &err);
		CHECK(cm_communities(&env, &u[k], &opt, &c[k], &err) == CM_OK, "planted %d", k);
	}
	CHECK(c[0].nlevels == c[1].nlevels &&
		  memcmp(c[0].membership[c[0].nlevels - 1], c[1].membership[c[1].nlevels - 1],
				 (size_t) n * sizeof(int32_t)) == 0, "row order changed the answer");
	for (int v = 0; v < n; v++)
		if (c[0].membership[c[0].nlevels - 1][v] !=
			c[0].membership[c[0].nlevels - 1][(v / s) * s])
			wrong++;
	CHECK(all_connected(&u[0], &c[0]), "a community is not connected");
	CHECK(c[0].count[c[0].nlevels - 1] == groups && wrong == 0,
		  "planted groups not found: %d communities, %d misplaced",
		  c[0].count[c[0].nlevels - 1], wrong);

	/* another seed still finds them; a warm start from the answer keeps it */
	{
		CmCommunities again;

		opt.initial = c[0].membership[c[0].nlevels - 1];
		cm_communities(&env, &u[0], &opt, &again, &err);
		CHECK(memcmp(again.membership[again.nlevels - 1], opt.initial,
					 (size_t) n * sizeof(int32_t)) == 0 ||
			  again.count[again.nlevels - 1] == groups, "warm start moved away");
		cm_communities_free(&env, &again);
		opt.initial = NULL;
	}

	/* memory limit and cancel */
	{
		CmGraphEnv	small = new_env();
		CmCommunities x;

		small.mem_limit = 4096;
		CHECK(cm_communities(&small, &u[0], &opt, &x, &err) == CM_ERR_TOO_LARGE,
			  "limit not enforced");
		CHECK(small.mem_used == 0, "limit path leaks %zu", small.mem_used);
	}
	for (int k = 0; k < 2; k++)
	{
		cm_communities_free(&env, &c[k]);
		cm_ugraph_free(&env, &u[k]);
		cm_genv_free(&env, blob[k]);
	}
	free(edges.src);
	free(edges.dst);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

/* A ring of 60 cliques: Leiden finds 60, the tree adds coarser levels. */
static void
test_cluster_tree(void)
{
	CmGraphEnv	env = new_env();
	char	   *text = ring_of_cliques(60, 5);
	size_t		len;
	CmGraph		g;
	CmUGraph	u;
	CmClusterTreeOptions opt;
	CmCommunities c;
	CmError		err;
	void	   *b = graph_from_text(&env, text, &len, &g);
	int			top;

	cm_ugraph_from_graph(&env, &g, &u, &err);
	cm_cluster_tree_options_init(&opt);
	CHECK(cm_cluster_tree(&env, &u, &opt, &c, &err) == CM_OK, "cluster tree: %s", err.text);
	top = c.nlevels - 1;
	CHECK(c.count[top] >= 8 && c.count[top] <= 20, "top has %d clusters", c.count[top]);
	CHECK(c.nlevels >= 2 && c.count[top - 1] > 20, "the level below the top: %d",
		  c.nlevels >= 2 ? c.count[top - 1] : -1);
	for (int l = 0; l + 1 < c.nlevels; l++)
	{
		int32_t    *up = malloc((size_t) g.nnodes * sizeof(int32_t));
		bool		ok = true;

		for (int32_t v = 0; v < g.nnodes; v++)
			up[v] = -1;
		for (int32_t v = 0; v < g.nnodes; v++)
		{
			if (up[c.membership[l][v]] < 0)
				up[c.membership[l][v]] = c.membership[l + 1][v];
			else if (up[c.membership[l][v]] != c.membership[l + 1][v])
				ok = false;
		}
		CHECK(ok, "tree level %d does not nest", l);
		free(up);
	}
	cm_communities_free(&env, &c);

	/* disconnected parts cannot merge: the top stays as it is */
	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);
	b = graph_from_text(&env, "{1->2, 3->4, 5->6, 7->8, 9->10}", &len, &g);
	cm_ugraph_from_graph(&env, &g, &u, &err);
	opt.max_top = 2;
	opt.min_top = 1;
	CHECK(cm_cluster_tree(&env, &u, &opt, &c, &err) == CM_OK &&
		  c.count[c.nlevels - 1] == 5, "disconnected: %d at the top", c.count[c.nlevels - 1]);
	cm_communities_free(&env, &c);
	opt.min_top = 3;
	CHECK(cm_cluster_tree(&env, &u, &opt, &c, &err) == CM_ERR_INVALID, "bad range");
	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);
	free(text);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

static int
cancel_now(void *arg)
{
	return 1;
}

static void
test_cancel(void)
{
	CmGraphEnv	env = new_env();
	char	   *text = ring_of_cliques(400, 8);
	size_t		len;
	CmGraph		g;
	CmUGraph	u;
	CmCommunities c;
	CmCommunityOptions opt;
	CmError		err;
	void	   *b = graph_from_text(&env, text, &len, &g);
	double	   *rank = malloc((size_t) g.nnodes * sizeof(double));

	cm_ugraph_from_graph(&env, &g, &u, &err);
	cm_community_options_init(&opt);
	env.progress = cancel_now;
	CHECK(cm_communities(&env, &u, &opt, &c, &err) == CM_ERR_CANCELED, "not canceled");
	CHECK(cm_pagerank(&env, &g, 0.85, rank, &err) == CM_ERR_CANCELED, "pagerank not canceled");
	env.progress = NULL;
	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
	free(rank);
	free(text);
}

static void
test_empty_and_isolated(void)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	CmUGraph	u;
	CmCommunities c;
	CmCommunityOptions opt;
	CmError		err;
	void	   *b = graph_from_text(&env, "{1, 2, 3}", &len, &g);
	double		q;

	cm_community_options_init(&opt);
	cm_ugraph_from_graph(&env, &g, &u, &err);
	CHECK(cm_communities(&env, &u, &opt, &c, &err) == CM_OK && c.nlevels == 1 &&
		  c.count[0] == 3, "isolated nodes: each alone");
	cm_communities_free(&env, &c);
	cm_modularity(&env, &u, (int32_t[]) {0, 0, 0}, 1.0, &q, &err);
	CHECK(isnan(q), "modularity without edges is NaN");
	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);

	b = graph_from_text(&env, "{}", &len, &g);
	cm_ugraph_from_graph(&env, &g, &u, &err);
	CHECK(cm_communities(&env, &u, &opt, &c, &err) == CM_OK && c.nlevels == 0,
		  "empty graph: no level");
	cm_communities_free(&env, &c);
	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);

	/* self-loops only */
	b = graph_from_text(&env, "{1->1, 2->2:3}", &len, &g);
	cm_ugraph_from_graph(&env, &g, &u, &err);
	CHECK(cm_communities(&env, &u, &opt, &c, &err) == CM_OK &&
		  c.count[c.nlevels - 1] == 2, "self-loops: two communities");
	cm_communities_free(&env, &c);
	cm_ugraph_free(&env, &u);
	cm_genv_free(&env, b);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

static void
test_components(void)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	CmError		err;
	/* 10->11->12->10 cycle, 12->13, 20<->21, 30 alone */
	void	   *b = graph_from_text(&env, "{10->11, 11->12, 12->10, 12->13, 20->21, 21->20, 30}",
									&len, &g);
	int32_t		comp[7];

	CHECK(cm_components(&env, &g, false, comp, &err) == CM_OK, "weak");
	CHECK(comp[0] == 0 && comp[1] == 0 && comp[2] == 0 && comp[3] == 0 &&
		  comp[4] == 4 && comp[5] == 4 && comp[6] == 6, "weak components wrong");
	CHECK(cm_components(&env, &g, true, comp, &err) == CM_OK, "strong");
	CHECK(comp[0] == 0 && comp[1] == 0 && comp[2] == 0 && comp[3] == 3 &&
		  comp[4] == 4 && comp[5] == 4 && comp[6] == 6, "strong components wrong");
	cm_genv_free(&env, b);

	/* a chain of 200000 nodes: no recursion to overflow */
	{
		CmEdgeList	edges = {0};
		int			n = 200000;
		void	   *blob;
		int32_t    *c = malloc((size_t) n * sizeof(int32_t));

		edges.src = malloc((size_t) n * sizeof(int64_t));
		edges.dst = malloc((size_t) n * sizeof(int64_t));
		for (int i = 0; i < n; i++)
		{
			edges.src[i] = i;
			edges.dst[i] = (i + 1) % n;
		}
		edges.count = n;
		cm_graph_build(&env, &edges, &blob, &len, &err);
		cm_graph_view(blob, len, &g, &err);
		CHECK(cm_components(&env, &g, true, c, &err) == CM_OK && c[n - 1] == 0 && c[n / 2] == 0,
			  "long cycle is one strong component");
		free(edges.src);
		free(edges.dst);
		free(c);
		cm_genv_free(&env, blob);
	}
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

static void
test_pagerank(void)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	CmError		err;
	double		r[3];
	void	   *b = graph_from_text(&env, "{1->2, 2->3, 3->1}", &len, &g);

	cm_pagerank(&env, &g, 0.85, r, &err);
	CHECK(fabs(r[0] - 1.0 / 3) < 1e-12 && fabs(r[2] - 1.0 / 3) < 1e-12, "cycle ranks");
	cm_genv_free(&env, b);

	/*
	 * 1->2, 1->3, 3 dangling, 2->3.  Solved by hand with d = 0.5:
	 * r1 = 1/6 + r3/6, r2 = r1/4 + r1... (checked by the sum and order)
	 */
	b = graph_from_text(&env, "{1->2, 1->3, 2->3}", &len, &g);
	cm_pagerank(&env, &g, 0.5, r, &err);
	{
		/* exact: r1 = (1/6)(1 + r3), r2 = r1/6*... solve the 3x3 system */
		double		r3 = 0;
		double		r1;
		double		r2;

		/*
		 * r1 = 1/6 + r3/6;  r2 = 1/6 + r3/6 + r1/4;
		 * r3 = 1/6 + r3/6 + r1/4 + r2/2.  Iterate the fixed point exactly.
		 */
		for (int i = 0; i < 200; i++)
		{
			r1 = 1.0 / 6 + r3 / 6;
			r2 = 1.0 / 6 + r3 / 6 + r1 / 4;
			r3 = 1.0 / 6 + r3 / 6 + r1 / 4 + r2 / 2;
		}
		CHECK(fabs(r[0] - r1) < 1e-10 && fabs(r[1] - r2) < 1e-10 && fabs(r[2] - r3) < 1e-10,
			  "ranks %g %g %g, expected %g %g %g", r[0], r[1], r[2], r1, r2, r3);
		CHECK(fabs(r[0] + r[1] + r[2] - 1) < 1e-12, "ranks sum to %g", r[0] + r[1] + r[2]);
	}
	CHECK(cm_pagerank(&env, &g, 1.0, r, &err) == CM_ERR_INVALID, "damping 1");
	cm_genv_free(&env, b);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

static void
test_bfs_and_path(void)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	CmError		err;
	CmVisit		v[6];
	int32_t		nv;
	bool		cut;
	int32_t		path[6];
	int32_t		plen;
	/* 0->1->2->3, 0->4, 5->0 */
	void	   *b = graph_from_text(&env, "{0->1, 1->2, 2->3, 0->4, 5->0}", &len, &g);

	cm_bfs(&env, &g, (int32_t[]) {0}, 1, CM_DIR_OUT, -1, -1, v, &nv, &cut, &err);
	CHECK(nv == 5 && !cut && v[1].node == 1 && v[2].node == 4 && v[4].node == 3 &&
		  v[4].depth == 3 && v[4].parent == 2, "bfs out");
	cm_bfs(&env, &g, (int32_t[]) {0}, 1, CM_DIR_OUT, 1, -1, v, &nv, &cut, &err);
	CHECK(nv == 3 && !cut, "bfs depth 1: %d", nv);
	cm_bfs(&env, &g, (int32_t[]) {0}, 1, CM_DIR_BOTH, 1, 3, v, &nv, &cut, &err);
	CHECK(nv == 3 && cut, "bfs budget 3: %d", nv);
	cm_bfs(&env, &g, (int32_t[]) {0}, 1, CM_DIR_IN, -1, -1, v, &nv, &cut, &err);
	CHECK(nv == 2 && v[1].node == 5, "bfs in");
	cm_bfs(&env, &g, (int32_t[]) {3, 3}, 2, CM_DIR_OUT, -1, -1, v, &nv, &cut, &err);
	CHECK(nv == 1, "repeated seed");

	cm_shortest_path(&env, &g, 5, 3, path, &plen, &err);
	CHECK(plen == 5 && path[0] == 5 && path[4] == 3, "path 5..3 length %d", plen);
	cm_shortest_path(&env, &g, 3, 5, path, &plen, &err);
	CHECK(plen == 0, "no path from 3 to 5");
	cm_shortest_path(&env, &g, 2, 2, path, &plen, &err);
	CHECK(plen == 1 && path[0] == 2, "path to itself");
	cm_genv_free(&env, b);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

/* A layer from text, with its reverse; the blob is returned to free. */
static void *
layer_from_text(CmGraphEnv *env, const char *text, CmLayer *layer)
{
	size_t		len;
	CmError		err;
	void	   *blob = graph_from_text(env, text, &len, &layer->graph);

	if (cm_graph_reverse(env, &layer->graph, &layer->reverse, &err) != CM_OK)
	{
		fprintf(stderr, "cannot reverse %s: %s\n", text, err.text);
		exit(2);
	}
	return blob;
}

static void
test_explore(void)
{
	CmGraphEnv	env = new_env();
	CmLayers	layers = {.nlayers = 2};
	CmError		err;
	CmHood		h;
	CmLink	   *links;
	int64_t		nlinks;
	int64_t    *path;
	int32_t		plen;
	void	   *b0 = layer_from_text(&env, "{10->20:2, 20->30, 30->40, 10->50}",
									 &layers.layer[0]);
	void	   *b1 = layer_from_text(&env, "{60->10, 20->10:3}", &layers.layer[1]);

	/* both ways over both layers: 20 has 2 + 3 references, then by id */
	CHECK(cm_hood(&env, &layers, 3, (int64_t[]) {10}, 1, 1, CM_DIR_BOTH, 10,
				  &h, &err) == CM_OK, "hood: %s", err.text);
	CHECK(h.count == 4 && h.nodes[0] == 10 && h.distance[0] == 0 &&
		  h.nodes[1] == 20 && h.nodes[2] == 50 && h.nodes[3] == 60 &&
		  h.distance[3] == 1 && h.cut_at == 0, "hood order");
	cm_hood_free(&env, &h);

	/* a budget of 3: the origin, one neighbour and the count of two more */
	cm_hood(&env, &layers, 3, (int64_t[]) {10}, 1, 3, CM_DIR_BOTH, 3, &h, &err);
	CHECK(h.count == 2 && h.nodes[1] == 20 && h.cut_at == 1 && h.cut_count == 2,
		  "hood cut: %d nodes, cut %d x %lld", h.count, h.cut_at,
		  (long long) h.cut_count);
	cm_hood_free(&env, &h);

	/*
	 * A budget that one distance fills exactly keeps a place for what lies
	 * farther: 10 and 20 would fill 2, but 30 lies beyond.
	 */
	cm_hood(&env, &layers, 1, (int64_t[]) {10}, 1, 2, CM_DIR_OUT, 3, &h, &err);
	CHECK(h.count == 2 && h.nodes[1] == 20 && h.cut_at == 1 && h.cut_count == 1,
		  "hood exact fill with more beyond: %d nodes, cut %d x %lld", h.count,
		  h.cut_at, (long long) h.cut_count);
	cm_hood_free(&env, &h);
	cm_hood(&env, &layers, 1, (int64_t[]) {20}, 1, 2, CM_DIR_OUT, 3, &h, &err);
	CHECK(h.count == 3 && h.cut_at == 0, "hood exact fill with nothing beyond");
	cm_hood_free(&env, &h);

	/* out along the first layer only, two steps */
	cm_hood(&env, &layers, 1, (int64_t[]) {10}, 1, 2, CM_DIR_OUT, 10, &h, &err);
	CHECK(h.count == 4 && h.nodes[3] == 30 && h.distance[3] == 2, "hood depth 2");
	cm_hood_free(&env, &h);

	/* in along the second layer; an unknown origin stays alone */
	cm_hood(&env, &layers, 2, (int64_t[]) {10, 999, 10}, 3, 5, CM_DIR_IN, 10,
			&h, &err);
	CHECK(h.count == 4 && h.nodes[1] == 999 && h.nodes[2] == 20 &&
		  h.nodes[3] == 60, "hood in: %d", h.count);
	cm_hood_free(&env, &h);
	CHECK(cm_hood(&env, &layers, 3, (int64_t[]) {10}, 1, 1, CM_DIR_OUT, 0, &h,
				  &err) == CM_ERR_INVALID, "hood budget 0");

	/* references among a set, by source, layer and target */
	CHECK(cm_links_among(&env, &layers, 3, (int64_t[]) {60, 30, 10, 20, 30}, 5,
						 &links, &nlinks, &err) == CM_OK, "links");
	CHECK(nlinks == 4 &&
		  links[0].src == 10 && links[0].dst == 20 && links[0].weight == 2 &&
		  links[1].src == 20 && links[1].dst == 30 && links[1].layer == 0 &&
		  links[2].src == 20 && links[2].dst == 10 && links[2].layer == 1 &&
		  links[2].weight == 3 && links[3].src == 60, "links: %lld",
		  (long long) nlinks);
	cm_genv_free(&env, links);

	/* paths */
	cm_layers_path(&env, &layers, 3, 60, 40, &path, &plen, &err);
	CHECK(plen == 5 && path[0] == 60 && path[1] == 10 && path[2] == 20 &&
		  path[3] == 30 && path[4] == 40, "path 60..40: %d", plen);
	cm_genv_free(&env, path);
	cm_layers_path(&env, &layers, 1, 60, 40, &path, &plen, &err);
	CHECK(plen == 0 && path == NULL, "no path without the second layer");
	cm_layers_path(&env, &layers, 3, 40, 60, &path, &plen, &err);
	CHECK(plen == 0, "no path against the arcs");
	cm_layers_path(&env, &layers, 3, 30, 30, &path, &plen, &err);
	CHECK(plen == 1 && path[0] == 30, "path to itself");
	cm_genv_free(&env, path);

	for (int l = 0; l < 2; l++)
		cm_reverse_free(&env, &layers.layer[l].reverse);
	cm_genv_free(&env, b0);
	cm_genv_free(&env, b1);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

/*
 * Paths searched from both ends over two layers have the length of a
 * plain breadth-first search over their union, and follow real arcs.
 */
static void
test_explore_random_paths(void)
{
	CmGraphEnv	env = new_env();
	char		text[2][4096];
	char		all[8192];
	size_t		used[2] = {0, 0};
	size_t		len;
	CmGraph		g;
	CmLayers	layers = {.nlayers = 2};
	CmError		err;
	void	   *blobs[3];
	int			mismatches = 0,
				bad_steps = 0;

	srand(7);
	for (int l = 0; l < 2; l++)
		used[l] = snprintf(text[l], sizeof(text[l]), "{");
	for (int i = 0; i < 70; i++)
	{
		int			l = rand() % 2;

		used[l] += snprintf(text[l] + used[l], sizeof(text[l]) - used[l],
							"%s%d->%d", used[l] > 1 ? ", " : "",
							rand() % 40, rand() % 40);
	}
	for (int l = 0; l < 2; l++)
		snprintf(text[l] + used[l], sizeof(text[l]) - used[l], "}");
	snprintf(all, sizeof(all), "{%.*s, %s", (int) strlen(text[0]) - 2,
			 text[0] + 1, text[1] + 1);
	blobs[0] = layer_from_text(&env, text[0], &layers.layer[0]);
	blobs[1] = layer_from_text(&env, text[1], &layers.layer[1]);
	blobs[2] = graph_from_text(&env, all, &len, &g);

	for (int32_t a = 0; a < g.nnodes; a++)
		for (int32_t b = 0; b < g.nnodes; b++)
		{
			int32_t		plain[64];
			int32_t		plain_len;
			int64_t    *path;
			int32_t		plen;

			cm_shortest_path(&env, &g, a, b, plain, &plain_len, &err);
			cm_layers_path(&env, &layers, 3, g.ids[a], g.ids[b], &path, &plen,
						   &err);
			if (plen != plain_len || (plen > 0 && (path[0] != g.ids[a] ||
												  path[plen - 1] != g.ids[b])))
				mismatches++;
			for (int32_t i = 0; i + 1 < plen; i++)
			{
				int32_t		u = cm_graph_find(&g, path[i]);
				int32_t		v = cm_graph_find(&g, path[i + 1]);
				bool		found = false;

				for (int32_t x = g.offsets[u]; x < g.offsets[u + 1]; x++)
					found |= g.targets[x] == v;
				bad_steps += !found;
			}
			cm_genv_free(&env, path);
		}
	CHECK(mismatches == 0, "%d paths differ from plain breadth-first search",
		  mismatches);
	CHECK(bad_steps == 0, "%d path steps follow no arc", bad_steps);

	for (int l = 0; l < 2; l++)
		cm_reverse_free(&env, &layers.layer[l].reverse);
	for (int i = 0; i < 3; i++)
		cm_genv_free(&env, blobs[i]);
	CHECK(env.mem_used == 0, "leak %zu", env.mem_used);
}

static void
test_stats(void)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	CmError		err;
	CmGraphStats s;
	void	   *b = graph_from_text(&env, "{1->2:2, 2->2, 2->3, 4}", &len, &g);

	cm_graph_stats(&env, &g, &s, &err);
	CHECK(s.nodes == 4 && s.arcs == 3 && s.self_loops == 1 && s.isolated == 1 &&
		  s.total_weight == 4 && s.min_degree == 0 && s.max_degree == 4 &&
		  fabs(s.density - 3.0 / 12) < 1e-12 && s.median_degree == 1 &&
		  s.mean_degree == 1.5, "stats");
	cm_genv_free(&env, b);
}

/* test_graph blob TEXT: write the serialized graph of TEXT (fuzz seeds) */
static int
write_blob(const char *text)
{
	CmGraphEnv	env = new_env();
	size_t		len;
	CmGraph		g;
	void	   *blob = graph_from_text(&env, text, &len, &g);

	fwrite(blob, 1, len, stdout);
	cm_genv_free(&env, blob);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "blob") == 0)
		return write_blob(argv[2]);
	test_build_canonical();
	test_text_errors();
	test_view_rejects();
	test_undirected();
	test_communities_ring();
	test_communities_planted();
	test_cluster_tree();
	test_cancel();
	test_empty_and_isolated();
	test_components();
	test_pagerank();
	test_bfs_and_path();
	test_stats();
	test_explore();
	test_explore_random_paths();
	printf("%d passed, %d failed\n", passed, failed);
	return failed > 0;
}
