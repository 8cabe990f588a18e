/*
 * bench_decomp.c -- exs_bench_decomp: the cost of building the distributed
 * mesh (exs_dmesh_create) against the plain slab read it starts from, in
 * the same run, under mpiexec -n P.
 *
 *   mpiexec -n P exs_bench_decomp FILE [--reps R] [--methods m1,m2,...] [--quick]
 *
 * --quick: the checking run of every peer only, nothing timed against a
 * target; exit status 1 if a peer that is built fails or its check fails
 * (the CTest smoke check, run_decomp_benchmarks.sh --quick).
 *
 * Peers (each run opens the file, does its work and closes it, so every
 * peer pays the same open):
 *  - "slab read": each rank's node slab coordinates and node ids and its
 *    element slab's connectivity and element ids (exs_get_partition, one
 *    collective call per array): what a solver reads with no closure;
 *  - "linear", "linear+ghosts", "rcb", "rib", "hsfc", "graph": one
 *    exs_dmesh_create with that method (ghosts = 1 for "+ghosts");
 *  - "zoltan-rcb", "ptscotch-kway": the partitioner called directly by
 *    the benchmark on the element slab, no dmesh (bench_decomp_direct.c):
 *    Zoltan_LB_Partition (RCB) on the slab's centroids, and
 *    ParMETIS_V3_PartKway (PT-Scotch) on the element dual graph the
 *    benchmark builds; each reads what the partitioner needs, partitions
 *    and moves nothing, with the library call's own seconds, the parts'
 *    sizes and the edge cut in the last column. A peer whose library this
 *    build lacks is printed "not built".
 * Time: the slowest rank's seconds of a run; the median (and the best) of
 * R timed runs in interleaved rounds (every peer once per round) after
 * one checking run of each (owned elements and nodes sum to the mesh's
 * counts); ratios to the slab read are of the medians.
 * Memory: each rank's peak RSS (VmHWM, reset before the run) and its rise
 * over the RSS at the start of the run (the heap trimmed before it, and
 * malloc's mmap threshold fixed for the whole process: see main);
 * the worst rank is printed, against "share": the bytes a rank holds of
 * the mesh in the dmesh's own types (coordinates, node ids and global
 * indices, int64 connectivity, element ids and global indices: (40 *
 * nodes + 80 * elements for hex8) / P).
 * Bytes exchanged: every byte a rank sent to ANOTHER rank through
 * MPI_Alltoall(v), summed over ranks, counted by interposing those two
 * calls here (the MPI profiling interface: PMPI_*).
 */
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

#include "bench_common.h"
#include "bench_decomp_direct.h"
#include "exoslab_par.h"

/* ---- bytes sent to other ranks, counted at the MPI boundary ---- */

static int64_t sent_bytes;

int MPI_Alltoallv(const void *sb, const int sc[], const int sd[], MPI_Datatype st,
                  void *rb, const int rc[], const int rd[], MPI_Datatype rt,
                  MPI_Comm comm)
{
    int me = 0, n = 0, size = 0;
    MPI_Comm_rank(comm, &me);
    MPI_Comm_size(comm, &n);
    MPI_Type_size(st, &size);
    for (int r = 0; r < n; r++)
        if (r != me)
            sent_bytes += (int64_t)sc[r] * size;
    return PMPI_Alltoallv(sb, sc, sd, st, rb, rc, rd, rt, comm);
}

int MPI_Alltoall(const void *sb, int sc, MPI_Datatype st, void *rb, int rc,
                 MPI_Datatype rt, MPI_Comm comm)
{
    int n = 0, size = 0;
    MPI_Comm_size(comm, &n);
    MPI_Type_size(st, &size);
    sent_bytes += (int64_t)(n - 1) * sc * size;
    return PMPI_Alltoall(sb, sc, st, rb, rc, rt, comm);
}

/* ---- the peers ---- */

typedef struct ctx {
    const char *path;
    int rank, size;
    int64_t nodes, elems, npe;
    int dim;
    exs_topo topo;
} ctx;

typedef struct run {
    double seconds;
    int ok, rc;
    int64_t owned_nodes, owned_elems; /* for the check */
    int64_t bytes_moved;
    int direct_ok; /* direct peers: parts cover the mesh, balanced within 5 % */
    char note[200], info[160];
} run;

static int fail(run *r, exs_file *f, int rc, const char *what)
{
    snprintf(r->note, sizeof r->note, "%s: %s %s", what, exs_errname(rc), exs_errmsg(f));
    return rc;
}

/* The plain slab read: coordinates, node ids, connectivity, element ids. */
static int slab_read(const ctx *c, exs_file *f, run *r)
{
    exs_partition p;
    int rc = exs_get_partition(f, 0, &p);
    int64_t nn = p.node_count, ne = p.elem_count;
    double *xyz = bench_alloc((size_t)(3 * nn + 1) * sizeof *xyz);
    int64_t *ids = bench_alloc((size_t)(nn + ne + 1) * sizeof *ids);
    int64_t *conn = bench_alloc((size_t)(ne * c->npe + 1) * sizeof *conn);
    for (int a = 0; rc == 0 && a < 3; a++)
        rc = exs_get_coord_all(f, a, p.node_start, nn, EXS_F64, xyz + a * nn);
    if (rc == 0)
        rc = exs_get_id_map_all(f, EXS_NODE_MAP, p.node_start, nn, EXS_I64, ids);
    if (rc == 0)
        rc = exs_get_elem_conn_all(f, p.elem_start, ne, EXS_I64, conn);
    if (rc == 0)
        rc = exs_get_id_map_all(f, EXS_ELEM_MAP, p.elem_start, ne, EXS_I64, ids + nn);
    r->owned_nodes = nn, r->owned_elems = ne;
    free(xyz), free(ids), free(conn);
    return rc ? fail(r, f, rc, "slab read") : 0;
}

static int dmesh(const ctx *c, exs_file *f, exs_decomp_method m, int ghosts, run *r)
{
    (void)c;
    exs_dmesh_opts o = {m, ghosts, 0};
    exs_dmesh *dm = NULL;
    int rc = exs_dmesh_create(f, &o, &dm);
    if (rc != 0)
        return fail(r, f, rc, "exs_dmesh_create");
    exs_dmesh_info in;
    exs_dmesh_quality q;
    exs_dmesh_get_info(dm, &in);
    rc = exs_dmesh_quality_all(dm, &q);
    r->owned_nodes = in.owned_nodes, r->owned_elems = in.owned_elems;
    r->bytes_moved = q.bytes_moved;
    exs_dmesh_free(dm);
    return rc ? fail(r, f, rc, "quality") : 0;
}

/* A partitioner called directly (kind 2: Zoltan RCB, 3: PT-Scotch). */
static int direct(const ctx *c, exs_file *f, int kind, run *r)
{
    direct_in in = {f, MPI_COMM_WORLD, c->rank, c->size, c->nodes, c->elems, c->npe,
                    c->dim, c->topo};
    direct_out o;
    exs_partition p;
    int rc = exs_get_partition(f, 0, &p);
    if (rc != 0)
        return fail(r, f, rc, "exs_get_partition");
    rc = kind == 2 ? bench_direct_zoltan_rcb(&in, &o) : bench_direct_ptscotch_kway(&in, &o);
    if (rc != 0) {
        snprintf(r->note, sizeof r->note, "%s", o.note);
        return rc;
    }
    r->owned_nodes = p.node_count, r->owned_elems = o.assigned;
    double avg = (double)c->elems / c->size;
    r->direct_ok = o.total == c->elems && o.bad_dest == 0 && o.min_part > 0 &&
                   (double)o.max_part <= 1.05 * avg + 1 &&
                   (kind == 2 || (o.graph_edges > 0 && o.edge_cut <= o.graph_edges));
    int n = snprintf(r->info, sizeof r->info, "call %.3f s, parts %lld-%lld (avg %.0f)",
                     o.part_seconds, (long long)o.min_part, (long long)o.max_part, avg);
    if (o.edge_cut >= 0 && n > 0 && (size_t)n < sizeof r->info)
        snprintf(r->info + n, sizeof r->info - (size_t)n, ", edge cut %lld of %lld",
                 (long long)o.edge_cut, (long long)o.graph_edges);
    return 0;
}

typedef struct peer {
    const char *name;
    int dmesh;  /* 0: the slab read, 1: exs_dmesh_create, 2/3: direct peers */
    exs_decomp_method method;
    int ghosts;
} peer;

static const peer peers[] = {
    {"slab read", 0, EXS_DECOMP_LINEAR, 0}, {"linear", 1, EXS_DECOMP_LINEAR, 0},
    {"linear+ghosts", 1, EXS_DECOMP_LINEAR, 1}, {"rcb", 1, EXS_DECOMP_RCB, 0},
    {"rib", 1, EXS_DECOMP_RIB, 0}, {"hsfc", 1, EXS_DECOMP_HSFC, 0},
    {"graph", 1, EXS_DECOMP_GRAPH, 0}, {"zoltan-rcb", 2, EXS_DECOMP_RCB, 0},
    {"ptscotch-kway", 3, EXS_DECOMP_GRAPH, 0}};
#define NPEERS ((int)(sizeof peers / sizeof *peers))

static void one(const ctx *c, const peer *p, run *r)
{
    memset(r, 0, sizeof *r);
    exs_file *f = NULL;
    double t0 = bench_now();
    int rc = exs_open_par(c->path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f);
    if (rc != 0)
        fail(r, NULL, rc, "open");
    else
        rc = p->dmesh >= 2 ? direct(c, f, p->dmesh, r)
             : p->dmesh ? dmesh(c, f, p->method, p->ghosts, r) : slab_read(c, f, r);
    if (f && exs_close(f) != 0 && rc == 0)
        rc = EXS_EWRITE;
    r->seconds = bench_now() - t0;
    r->ok = rc == 0, r->rc = rc;
}

/* ---- measuring ---- */

static void hwm_reset(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    if (fd >= 0) {
        if (write(fd, "5", 1) != 1)
            fprintf(stderr, "exs_bench_decomp: cannot reset VmHWM\n");
        close(fd);
    }
}

#define MAX_REPS 32

typedef struct result {
    int runs, ok, checked, notbuilt;
    double best, med, secs[MAX_REPS];
    int64_t peak_kib, rise_kib; /* worst rank */
    int64_t sent, moved;
    char note[200], info[160];
} result;

static void measure_init(result *res)
{
    memset(res, 0, sizeof *res);
    res->best = INFINITY;
    res->ok = 1;
}

/* Run i of a peer (0: the checking run). The heap is trimmed first, so
 * that memory an earlier peer freed and malloc kept is not counted in
 * this run's start RSS. */
static void measure(const ctx *c, const peer *p, int i, result *res)
{
    if (!res->ok)
        return;
    run r;
    malloc_trim(0);
    MPI_Barrier(MPI_COMM_WORLD);
    hwm_reset();
    int64_t start = bench_self_rss_kib();
    sent_bytes = 0;
    one(c, p, &r);
    int64_t mem[2] = {bench_self_hwm_kib(), 0}, worst[2];
    mem[1] = mem[0] - start;
    int64_t sums[3] = {r.owned_nodes, r.owned_elems, sent_bytes}, tot[3];
    int ok = 0, nb = 0, dok = r.direct_ok, dall = 0, notb = r.rc == EXS_ENOTBUILT;
    double secs = 0;
    MPI_Allreduce(&r.ok, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&notb, &nb, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(&dok, &dall, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&r.seconds, &secs, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(mem, worst, 2, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(sums, tot, 3, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (!ok) {
        res->ok = 0, res->notbuilt = nb;
        snprintf(res->note, sizeof res->note, "%s", r.note);
        return;
    }
    if (i == 0) { /* the checking run: everything owned exactly once */
        res->checked = tot[0] == c->nodes && tot[1] == c->elems && (p->dmesh < 2 || dall);
        snprintf(res->info, sizeof res->info, "%s", r.info);
        if (!res->checked)
            snprintf(res->note, sizeof res->note, "owned %lld nodes, %lld elements "
                     "of %lld, %lld%s", (long long)tot[0], (long long)tot[1],
                     (long long)c->nodes, (long long)c->elems,
                     p->dmesh >= 2 && !dall ? "; parts unbalanced or not covering" : "");
        return;
    }
    res->secs[res->runs++] = secs;
    res->best = secs < res->best ? secs : res->best;
    res->peak_kib = worst[0] > res->peak_kib ? worst[0] : res->peak_kib;
    res->rise_kib = worst[1] > res->rise_kib ? worst[1] : res->rise_kib;
    res->sent = tot[2];
    res->moved = r.bytes_moved;
    snprintf(res->info, sizeof res->info, "%s", r.info);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of the timed runs (into best's neighbour, med). */
static void finish(result *res)
{
    if (res->runs == 0)
        return;
    qsort(res->secs, (size_t)res->runs, sizeof *res->secs, cmp_dbl);
    int h = res->runs / 2;
    res->med = res->runs % 2 ? res->secs[h] : 0.5 * (res->secs[h - 1] + res->secs[h]);
}

static void print_row(const result *r, const peer *p, double base)
{
    if (!r->ok) {
        printf("%-14s  %s: %s\n", p->name, r->notbuilt ? "not built" : "not run", r->note);
        return;
    }
    if (r->runs == 0) { /* --quick: the checking run only */
        printf("%-14s  checked: %s %s\n", p->name, r->checked ? "ok" : r->note, r->info);
        return;
    }
    printf("%-14s %8.3f %8.3f %7.2fx %10.1f %10.1f %12.1f %s %s\n", p->name, r->med,
           r->best, base > 0 ? r->med / base : 0.0, r->peak_kib / 1024.0,
           r->rise_kib / 1024.0, r->sent / 1048576.0, r->checked ? "ok" : r->note, r->info);
}

static int targets(const ctx *c, const result *res, double share_mib)
{
    int pass = 1;
    double base = res[0].ok && res[0].runs ? res[0].med : 0;
    for (int i = 1; i < NPEERS; i++) {
        if (!res[i].ok || !res[i].runs || peers[i].dmesh != 1)
            continue;
        char what[96];
        snprintf(what, sizeof what, "%s per-rank RSS rise, np %d", peers[i].name, c->size);
        pass &= bench_target(stdout, what, res[i].rise_kib / 1024.0, 1.2 * share_mib + 30.0,
                             0, "MiB");
    }
    if (base > 0 && res[1].ok && res[1].runs)
        pass &= bench_target(stdout, "linear / slab read time (medians)", res[1].med / base, 1.5, 0, "x");
    if (base > 0 && res[3].ok && res[3].runs)
        pass &= bench_target(stdout, "rcb / slab read time (medians)", res[3].med / base, 2.0, 0, "x");
    return pass;
}

static int wanted(const char *list, const char *name)
{
    if (!list)
        return 1;
    size_t n = strlen(name);
    for (const char *s = list; (s = strstr(s, name)) != NULL; s += n)
        if ((s == list || s[-1] == ',') && (s[n] == ',' || s[n] == '\0'))
            return 1;
    return strcmp(name, "slab read") == 0; /* the baseline always runs */
}

/* Counts, and nodes per element of the first block (the benchmark mesh
 * has one element type). */
static int mesh_counts(ctx *c)
{
    exs_file *f = NULL;
    int rc = exs_open(c->path, EXS_READ, &f);
    int64_t nb = 0, *ids = NULL;
    exs_entity_info e = {0};
    if (rc == 0) {
        exs_inquire(f, EXS_INQ_NUM_NODES, &c->nodes);
        exs_inquire(f, EXS_INQ_NUM_ELEM, &c->elems);
        exs_num_entities(f, EXS_ELEM_BLOCK, &nb);
        ids = calloc((size_t)nb + 1, sizeof *ids);
    }
    if (rc == 0 && nb > 0 && ids && exs_get_ids(f, EXS_ELEM_BLOCK, ids) == 0)
        rc = exs_get_entity(f, EXS_ELEM_BLOCK, ids[0], &e);
    c->npe = e.nodes_per_entry > 0 ? e.nodes_per_entry : 8;
    c->topo = e.topo;
    int64_t dim = 0;
    if (f && exs_inquire(f, EXS_INQ_NUM_DIM, &dim) == 0)
        c->dim = (int)dim;
    free(ids);
    exs_close(f);
    return rc;
}

int main(int argc, char **argv)
{
    /* glibc raises its mmap threshold (up to 32 MiB) each time a block
     * it mapped is freed, so in one process a peer run after another
     * gets its big mallocs from the heap, where what it frees stays
     * resident until the run ends: measured, rcb's rise at 2 ranks was
     * 99.5 MiB alone and 133.7 after a zoltan-rcb run. Fixing the
     * threshold at glibc's initial 128 KiB keeps the peers from moving
     * it for one another (and for themselves: 94.7 MiB with it).
     * EXS_BENCH_MALLOC_DYNAMIC=1 keeps glibc's rule. */
    const char *dyn = getenv("EXS_BENCH_MALLOC_DYNAMIC");
    if (!dyn || strcmp(dyn, "1") != 0)
        (void)mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    /* PT-Scotch 7 runs threads that call MPI at once: ask for
     * MPI_THREAD_MULTIPLE (the library's graph method then lets PT-Scotch
     * thread too); where MPI cannot give it, the direct peer's ParMETIS
     * interface is kept to one thread by PT-Scotch's own variable, read
     * at each call (the library binds a one-thread context itself). */
    int provided = MPI_THREAD_SINGLE;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
    if (provided < MPI_THREAD_MULTIPLE)
        setenv("SCOTCH_PTHREAD_NUMBER", "1", 1);
    ctx c = {0};
    MPI_Comm_rank(MPI_COMM_WORLD, &c.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &c.size);
    int reps = 3, quick = 0;
    const char *methods = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--methods") == 0 && i + 1 < argc)
            methods = argv[++i];
        else if (strcmp(argv[i], "--quick") == 0)
            quick = 1, reps = 0;
        else
            c.path = argv[i];
    }
    if (!c.path || mesh_counts(&c) != 0) {
        if (c.rank == 0)
            fprintf(stderr, "usage: exs_bench_decomp FILE [--reps R] [--methods a,b] "
                    "[--quick]\n");
        MPI_Finalize();
        return 2;
    }
    double share = (40.0 * (double)c.nodes + (16.0 + 8.0 * (double)c.npe) * (double)c.elems) /
                   c.size / 1048576.0;
    reps = reps < 0 ? 0 : reps > MAX_REPS ? MAX_REPS : reps;
    result res[NPEERS];
    for (int i = 0; i < NPEERS; i++) {
        measure_init(&res[i]);
        if (!wanted(methods, peers[i].name)) {
            res[i].ok = 0;
            snprintf(res[i].note, sizeof res[i].note, "not asked for");
        }
    }
    /* interleaved rounds: the checking run of every peer, then round
     * after round one timed run of each, so that a change of load falls
     * on every peer alike */
    for (int round = 0; round <= reps; round++)
        for (int i = 0; i < NPEERS; i++)
            measure(&c, &peers[i], round, &res[i]);
    for (int i = 0; i < NPEERS; i++)
        finish(&res[i]);
    int pass = 1;
    if (c.rank == 0) {
        double load[3] = {0, 0, 0};
        FILE *fp = fopen("/proc/loadavg", "r");
        if (fp) {
            if (fscanf(fp, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
                load[0] = -1;
            fclose(fp);
        }
        printf("\n== %s: %lld nodes, %lld elements, %d ranks, %d interleaved rounds; load %.2f %.2f "
               "%.2f; share %.1f MiB/rank; MPI threads %s\n", c.path, (long long)c.nodes,
               (long long)c.elems, c.size, reps, load[0], load[1], load[2], share,
               provided == MPI_THREAD_MULTIPLE ? "multiple" : "one (SCOTCH_PTHREAD_NUMBER=1)");
        printf("%-14s %8s %8s %8s %10s %10s %12s\n", "peer", "median s", "best s",
               "vs slab", "peak MiB", "rise MiB", "sent MiB");
        for (int i = 0; i < NPEERS; i++)
            if (wanted(methods, peers[i].name))
                print_row(&res[i], &peers[i], res[0].ok ? res[0].med : 0);
        if (!quick)
            pass = targets(&c, res, share);
    }
    MPI_Bcast(&pass, 1, MPI_INT, 0, MPI_COMM_WORLD);
    int bad = 0; /* --quick: a built peer that failed or whose check failed */
    for (int i = 0; i < NPEERS; i++)
        if (wanted(methods, peers[i].name) && !res[i].notbuilt &&
            (!res[i].ok || !res[i].checked))
            bad = 1;
    MPI_Finalize();
    return quick && bad ? 1 : 0;
}
