/*-------------------------------------------------------------------------
 *
 * igraph_bench.c
 *		The igraph side of bench/graph, and its graph generator.
 *
 *	igraph_bench planted NODES EDGES GROUPS MIXING SEED
 *		print a planted-partition edge list as "src,dst" lines: NODES nodes
 *		in GROUPS equal blocks; each edge starts at a uniform node and ends
 *		in the same block with probability 1 - MIXING, anywhere otherwise
 *
 *	igraph_bench communities EDGES.csv [MEMBERSHIP.csv]
 *		read "src,dst[,weight]" lines as an undirected weighted graph
 *		(duplicates add up, as in codemap's graph taken as undirected) and
 *		print, for igraph's Leiden (modularity) and multilevel (Louvain),
 *		one line "name seconds peak_mb modularity communities"; each runs
 *		in a child process of its own, timed around the algorithm alone.
 *		With MEMBERSHIP.csv ("node,community"), also the modularity igraph
 *		computes for that partition.
 *
 *	igraph_bench pagerank EDGES.csv NODES.txt RANKS.csv
 *		igraph's PageRank (PRPACK, damping 0.85, weighted, directed) of
 *		the graph whose nodes are NODES.txt, against RANKS.csv
 *		("node,rank"): prints the L1 distance and the largest difference.
 *
 * Not part of codemap: the benchmark builds it against Debian's igraph.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <igraph/igraph.h>

static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	uint64_t	z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static int
planted(long nodes, long edges, long groups, double mixing, uint64_t seed)
{
	long		block = nodes / groups;

	rng_state = seed;
	for (long e = 0; e < edges;)
	{
		long		u = (long) (rng_next() % (uint64_t) nodes);
		long		v;

		if ((double) (rng_next() >> 11) / 9007199254740992.0 >= mixing)
			v = (u / block) * block + (long) (rng_next() % (uint64_t) block);
		else
			v = (long) (rng_next() % (uint64_t) nodes);
		if (u == v || v >= nodes)
			continue;
		printf("%ld,%ld\n", u, v);
		e++;
	}
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Peak resident memory of this process, in MB. */
static double
peak_mb(void)
{
	FILE	   *f = fopen("/proc/self/status", "r");
	char		line[256];
	double		kb = 0;

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = atof(line + 6);
	if (f)
		fclose(f);
	return kb / 1024;
}

typedef struct Edges
{
	long		n;
	long		cap;
	long long  *src;
	long long  *dst;
	double	   *w;
} Edges;

/*
 * Read "src,dst[,weight]" lines, or, with ranks, "node,rank" lines (node
 * in src, rank in w).
 */
static void
read_rows(const char *path, Edges *e, int ranks)
{
	FILE	   *f = fopen(path, "r");
	char		line[256];

	if (f == NULL)
	{
		perror(path);
		exit(2);
	}
	memset(e, 0, sizeof(*e));
	while (fgets(line, sizeof(line), f))
	{
		char	   *p = line;

		if (e->n == e->cap)
		{
			e->cap = e->cap ? e->cap * 2 : 1 << 20;
			e->src = realloc(e->src, e->cap * sizeof(long long));
			e->dst = realloc(e->dst, e->cap * sizeof(long long));
			e->w = realloc(e->w, e->cap * sizeof(double));
		}
		e->src[e->n] = strtoll(p, &p, 10);
		if (ranks)
			e->w[e->n] = strtod(p + 1, NULL);
		else
		{
			e->dst[e->n] = strtoll(p + 1, &p, 10);
			e->w[e->n] = *p == ',' ? strtod(p + 1, NULL) : 1.0;
		}
		e->n++;
	}
	fclose(f);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long	x = *(const long long *) a;
	long long	y = *(const long long *) b;

	return (x > y) - (x < y);
}

/* Sorted distinct ids of the edges (and of extra ids, if any). */
static long long *
dense_ids(const Edges *e, const long long *extra, long nextra, long *count)
{
	long long  *ids = malloc((2 * e->n + nextra + 1) * sizeof(long long));
	long		n = 0;
	long		k = 0;

	for (long i = 0; i < e->n; i++)
	{
		ids[n++] = e->src[i];
		ids[n++] = e->dst[i];
	}
	for (long i = 0; i < nextra; i++)
		ids[n++] = extra[i];
	qsort(ids, n, sizeof(long long), cmp_ll);
	for (long i = 0; i < n; i++)
		if (k == 0 || ids[i] != ids[k - 1])
			ids[k++] = ids[i];
	*count = k;
	return ids;
}

static long
find(const long long *ids, long n, long long id)
{
	long long  *p = bsearch(&id, ids, n, sizeof(long long), cmp_ll);

	return p ? p - ids : -1;
}

typedef struct Pair
{
	long		a;
	long		b;
	double		w;
} Pair;

static int
cmp_pair(const void *x, const void *y)
{
	const Pair *p = x;
	const Pair *q = y;

	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/* The undirected weighted graph of the edges, duplicates merged. */
static void
undirected(const Edges *e, const long long *ids, long nids, igraph_t *g,
		   igraph_vector_t *weights)
{
	Pair	   *pairs = malloc((e->n + 1) * sizeof(Pair));
	long		n = 0;
	long		k = 0;
	igraph_vector_int_t ev;

	for (long i = 0; i < e->n; i++)
	{
		long		a = find(ids, nids, e->src[i]);
		long		b = find(ids, nids, e->dst[i]);

		if (a == b)
			continue;
		pairs[n].a = a < b ? a : b;
		pairs[n].b = a < b ? b : a;
		pairs[n].w = e->w[i];
		n++;
	}
	qsort(pairs, n, sizeof(Pair), cmp_pair);
	for (long i = 0; i < n; i++)
	{
		if (k > 0 && pairs[k - 1].a == pairs[i].a && pairs[k - 1].b == pairs[i].b)
			pairs[k - 1].w += pairs[i].w;
		else
			pairs[k++] = pairs[i];
	}
	igraph_vector_int_init(&ev, 2 * k);
	igraph_vector_init(weights, k);
	for (long i = 0; i < k; i++)
	{
		VECTOR(ev)[2 * i] = pairs[i].a;
		VECTOR(ev)[2 * i + 1] = pairs[i].b;
		VECTOR(*weights)[i] = pairs[i].w;
	}
	igraph_create(g, &ev, nids, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&ev);
	free(pairs);
}

static int
count_clusters(const igraph_vector_int_t *m)
{
	igraph_integer_t max = -1;

	for (long i = 0; i < igraph_vector_int_size(m); i++)
		if (VECTOR(*m)[i] > max)
			max = VECTOR(*m)[i];
	return (int) max + 1;
}

/* One algorithm in a child process; prints its line. */
static void
run_child(const char *name, const Edges *e, const long long *ids, long nids)
{
	pid_t		pid = fork();

	if (pid == 0)
	{
		igraph_t	g;
		igraph_vector_t w;
		igraph_vector_int_t m;
		double		t0;
		double		t1;
		double		q;

		undirected(e, ids, nids, &g, &w);
		igraph_rng_seed(igraph_rng_default(), 42);
		igraph_vector_int_init(&m, 0);
		t0 = now();
		if (strcmp(name, "igraph_leiden") == 0)
		{
			igraph_vector_t strength;
			double		total = 0;
			igraph_integer_t nb;
			igraph_real_t quality;

			igraph_vector_init(&strength, 0);
			igraph_strength(&g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &w);
			for (long i = 0; i < igraph_vector_size(&strength); i++)
				total += VECTOR(strength)[i];
			igraph_community_leiden(&g, &w, &strength, 1.0 / total, 0.01, 0, -1,
									&m, &nb, &quality);
		}
		else
			igraph_community_multilevel(&g, &w, 1.0, &m, NULL, NULL);
		t1 = now();
		igraph_modularity(&g, &m, &w, 1.0, IGRAPH_UNDIRECTED, &q);
		printf("%s %.2f %.0f %.6f %d\n", name, t1 - t0, peak_mb(), q, count_clusters(&m));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static int
communities(const char *edges_path, const char *membership_path)
{
	Edges		e;
	long		nids;
	long long  *ids;

	read_rows(edges_path, &e, 0);
	ids = dense_ids(&e, NULL, 0, &nids);
	run_child("igraph_leiden", &e, ids, nids);
	run_child("igraph_multilevel", &e, ids, nids);
	if (membership_path != NULL)
	{
		Edges		m;
		igraph_t	g;
		igraph_vector_t w;
		igraph_vector_int_t mv;
		double		q;
		long		next;

		read_rows(membership_path, &m, 0);	/* node,community */
		undirected(&e, ids, nids, &g, &w);
		igraph_vector_int_init(&mv, nids);
		for (long i = 0; i < nids; i++)
			VECTOR(mv)[i] = -1;
		/* community labels to 0..k-1 */
		{
			long long  *labels = malloc((m.n + 1) * sizeof(long long));
			long		nl = 0;

			for (long i = 0; i < m.n; i++)
				labels[i] = m.dst[i];
			qsort(labels, m.n, sizeof(long long), cmp_ll);
			for (long i = 0; i < m.n; i++)
				if (nl == 0 || labels[i] != labels[nl - 1])
					labels[nl++] = labels[i];
			for (long i = 0; i < m.n; i++)
			{
				long		v = find(ids, nids, m.src[i]);

				if (v >= 0)
					VECTOR(mv)[v] = find(labels, nl, m.dst[i]);
			}
			next = nl;
			free(labels);
		}
		for (long i = 0; i < nids; i++)
			if (VECTOR(mv)[i] < 0)
				VECTOR(mv)[i] = next++;
		igraph_modularity(&g, &mv, &w, 1.0, IGRAPH_UNDIRECTED, &q);
		printf("codemap_by_igraph - - %.6f -\n", q);
	}
	return 0;
}

static int
pagerank(const char *edges_path, const char *nodes_path, const char *ranks_path)
{
	Edges		e;
	Edges		r;
	Edges		nodes;
	long		nids;
	long long  *ids;
	igraph_t	g;
	igraph_vector_int_t ev;
	igraph_vector_t w;
	igraph_vector_t rank;
	igraph_real_t value;
	double		l1 = 0;
	double		worst = 0;

	read_rows(edges_path, &e, 0);
	read_rows(nodes_path, &nodes, 0);		/* one id per line */
	ids = dense_ids(&e, nodes.src, nodes.n, &nids);
	igraph_vector_int_init(&ev, 2 * e.n);
	igraph_vector_init(&w, e.n);
	for (long i = 0; i < e.n; i++)
	{
		VECTOR(ev)[2 * i] = find(ids, nids, e.src[i]);
		VECTOR(ev)[2 * i + 1] = find(ids, nids, e.dst[i]);
		VECTOR(w)[i] = e.w[i];
	}
	igraph_create(&g, &ev, nids, IGRAPH_DIRECTED);
	igraph_vector_init(&rank, 0);
	igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &rank, &value, igraph_vss_all(),
					IGRAPH_DIRECTED, 0.85, &w, NULL);
	read_rows(ranks_path, &r, 1);
	for (long i = 0; i < r.n; i++)
	{
		long		v = find(ids, nids, r.src[i]);
		double		d = v >= 0 ? VECTOR(rank)[v] - r.w[i] : 1;

		d = d < 0 ? -d : d;
		l1 += d;
		if (d > worst)
			worst = d;
	}
	printf("pagerank nodes %ld l1 %.3e max %.3e\n", nids, l1, worst);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 7 && strcmp(argv[1], "planted") == 0)
		return planted(atol(argv[2]), atol(argv[3]), atol(argv[4]), atof(argv[5]),
					   strtoull(argv[6], NULL, 10));
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "communities") == 0)
		return communities(argv[2], argc == 4 ? argv[3] : NULL);
	if (argc == 5 && strcmp(argv[1], "pagerank") == 0)
		return pagerank(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: see the comment at the top of igraph_bench.c\n");
	return 2;
}
