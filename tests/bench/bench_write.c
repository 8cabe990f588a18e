/*
 * bench_write.c -- exs_bench_write: write the benchmark mesh with exoslab
 * (netCDF-4 uncompressed, CDF-5, CDF-2), a plain netCDF-C writer of the
 * same layout, and a raw write() of the same bytes, each run in its own
 * process, in one table.
 *
 *   exs_bench_write [--dir DIR] [--n N] [--nblocks K] [--reps R]
 *                   [--peers LIST] [--quick] [--keep] [--no-hugepages]
 *
 * Peers: raw-write, netcdf-nc4, netcdf-nc4-cacheoff (the same with every
 * variable's chunk cache set to 0 after enddef: what netCDF-C can reach),
 * netcdf-cdf5, netcdf-cdf2, exoslab-nc4, exoslab-cdf5, exoslab-cdf2. Every run first builds the whole mesh in
 * memory (untimed: that memory is the payload, so the source of every
 * peer, raw-write the reference included, is pre-touched), then times
 * create .. close, writing to the page cache (no fsync: the default
 * durability of every backend, docs/reliability.md). The checking run of
 * each peer reads its file back with netCDF-C and checks every value; then
 * R rounds, each peer once per round in rotated order, give medians and
 * per-round paired ratios to raw-write. The files are deleted after each
 * run unless --keep. --quick (alias --smoke): one round, values checked,
 * no target evaluated.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_common.h"
#include "bench_ncfile.h"
#include "bench_nccheck.h"
#include "exoslab.h"

typedef struct wr_ctx {
    char path[4096];
    bench_geom g;
    bench_format format;
    int tuned; /* netCDF-C peer: chunk caches off (bench_nc_opts.cache_off) */
    int keep;
} wr_ctx;

/* Build the payload; returns -1 (with a note) when out of memory. */
static int make_mesh(const wr_ctx *c, bench_mesh *m, bench_result *r)
{
    if (bench_mesh_alloc(m, &c->g) != 0) {
        snprintf(r->note, sizeof r->note, "out of memory");
        return -1;
    }
    bench_mesh_fill(m);
    r->start_kib = bench_self_rss_kib();
    r->payload = bench_mesh_bytes(&c->g);
    return 0;
}

/* After a run: check the file (verify run), then delete it. */
static void finish(const wr_ctx *c, int verify, bench_result *r)
{
    if (verify) {
        char note[256] = "";
        int64_t bad = bench_nc_check_file(c->path, &c->g, note, sizeof note);
        r->checked = bad >= 0;
        r->mismatches = bad < 0 ? 1 : bad;
        if (note[0])
            snprintf(r->note, sizeof r->note, "%s", note);
    }
    if (!c->keep)
        unlink(c->path);
}

/* ------------------------------------------------------------------ */
/* Raw write of the same bytes. */

static int write_full(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int raw_write_mesh(int fd, const bench_mesh *m)
{
    const bench_geom *g = &m->g;
    const struct { const void *p; int64_t bytes; } parts[] = {
        {m->coord[0], g->num_nodes * 8},
        {m->coord[1], g->num_nodes * 8},
        {m->coord[2], g->num_nodes * 8},
        {m->node_map, g->num_nodes * 4},
        {m->elem_map, g->num_elem * 4},
        {m->conn, g->num_elem * BENCH_NODES_PER_ELEM * 4},
        {m->ns_nodes, g->ns_len * 4},
        {m->ns_df, g->ns_len * 8},
        {m->ss_elems, g->ss_len * 4},
        {m->ss_sides, g->ss_len * 4},
        {m->times, g->nsteps * 8},
        {m->glob, g->nsteps * BENCH_NGLOBVAR * 8},
        {m->nodvar, g->nsteps * BENCH_NNODVAR * g->num_nodes * 8},
        {m->elemvar, g->nsteps * BENCH_NELEMVAR * g->num_elem * 8},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (write_full(fd, parts[i].p, (size_t)parts[i].bytes) != 0)
            return -1;
    return 0;
}

static int peer_raw(void *arg, int verify, bench_result *r)
{
    const wr_ctx *c = arg;
    bench_mesh m;
    if (make_mesh(c, &m, r) != 0)
        return -1;
    double t0 = bench_now();
    int fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int rc = fd >= 0 ? raw_write_mesh(fd, &m) : -1;
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    r->seconds = bench_now() - t0;
    struct stat st;
    r->checked = verify;
    r->mismatches = stat(c->path, &st) != 0 || st.st_size != r->payload;
    snprintf(r->note, sizeof r->note, "bytes only");
    if (!c->keep)
        unlink(c->path);
    bench_mesh_free(&m);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Plain netCDF-C, the layout exs_bench_gen writes. */

static int peer_netcdf(void *arg, int verify, bench_result *r)
{
    const wr_ctx *c = arg;
    bench_mesh m;
    bench_nc_opts o = {c->format, 0, 0, 0, c->tuned};
    if (make_mesh(c, &m, r) != 0)
        return -1;
    double t0 = bench_now();
    int rc = bench_nc_write(c->path, &m, &o, r->note, sizeof r->note);
    r->seconds = bench_now() - t0;
    if (rc == 0)
        finish(c, verify, r);
    bench_mesh_free(&m);
    return rc == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* exoslab. */

static int exs_fail(exs_file *f, int rc, const char *what, bench_result *r)
{
    snprintf(r->note, sizeof r->note, "%.80s -> %s: %.140s", what, exs_errname(rc),
             exs_errmsg(f));
    fprintf(stderr, "exoslab: %s\n", r->note);
    return rc;
}

#define EXS_TRY(f, r, call)                                                  \
    do {                                                                     \
        int rc_ = (call);                                                    \
        if (rc_ != 0)                                                        \
            return exs_fail((f), rc_, #call, (r));                           \
    } while (0)

static int exs_define_blocks(exs_file *f, const bench_geom *g, bench_result *r)
{
    for (int64_t k = 0; k < g->nblocks; k++) {
        char name[32];
        snprintf(name, sizeof name, "block_%d", (int)(k + 1));
        exs_block_def d = {k + 1, "HEX8", bench_block_len(g, k),
                           BENCH_NODES_PER_ELEM, 0, 0, 0, name};
        EXS_TRY(f, r, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    }
    return 0;
}

static int exs_define(exs_file *f, const bench_geom *g, bench_result *r)
{
    static const char *const axes[3] = {"x", "y", "z"};
    static const char *const qa[1][4] = {{"exs_bench_write", "0.1", "2024-01-01",
                                          "00:00:00"}};
    static const char *const info[2] = {"exs_bench_write",
                                        "values: closed form, see bench_common.c"};
    EXS_TRY(f, r, exs_def_mesh(f, "exoslab benchmark mesh", 3, g->num_nodes));
    int rc = exs_define_blocks(f, g, r);
    if (rc != 0)
        return rc;
    EXS_TRY(f, r, exs_def_set(f, EXS_NODE_SET, 1, g->ns_len, g->ns_len, "nodeset_1"));
    EXS_TRY(f, r, exs_def_set(f, EXS_SIDE_SET, 1, g->ss_len, 0, "sideset_1"));
    EXS_TRY(f, r, exs_def_vars(f, EXS_GLOBAL, BENCH_NGLOBVAR, bench_globvar_names));
    EXS_TRY(f, r, exs_def_vars(f, EXS_NODAL, BENCH_NNODVAR, bench_nodvar_names));
    EXS_TRY(f, r, exs_def_vars(f, EXS_ELEM_BLOCK, BENCH_NELEMVAR,
                               bench_elemvar_names));
    EXS_TRY(f, r, exs_put_coord_names(f, axes));
    EXS_TRY(f, r, exs_put_qa(f, 1, qa));
    EXS_TRY(f, r, exs_put_info(f, 2, info));
    EXS_TRY(f, r, exs_end_define(f));
    return 0;
}

static int exs_write_mesh(exs_file *f, const bench_mesh *m, bench_result *r)
{
    const bench_geom *g = &m->g;
    for (int a = 0; a < 3; a++)
        EXS_TRY(f, r, exs_put_coord(f, a, 0, g->num_nodes, EXS_F64, m->coord[a]));
    EXS_TRY(f, r, exs_put_id_map(f, EXS_NODE_MAP, 0, g->num_nodes, EXS_I32,
                                 m->node_map));
    EXS_TRY(f, r, exs_put_id_map(f, EXS_ELEM_MAP, 0, g->num_elem, EXS_I32,
                                 m->elem_map));
    for (int64_t k = 0; k < g->nblocks; k++)
        EXS_TRY(f, r, exs_put_conn(f, EXS_ELEM_BLOCK, k + 1, EXS_CONN_NODES, 0,
                                   bench_block_len(g, k), EXS_I32,
                                   bench_mesh_conn(m, k)));
    EXS_TRY(f, r, exs_put_set(f, EXS_NODE_SET, 1, 0, g->ns_len, EXS_I32,
                              m->ns_nodes, NULL));
    EXS_TRY(f, r, exs_put_df(f, EXS_NODE_SET, 1, 0, g->ns_len, EXS_F64, m->ns_df));
    EXS_TRY(f, r, exs_put_set(f, EXS_SIDE_SET, 1, 0, g->ss_len, EXS_I32,
                              m->ss_elems, m->ss_sides));
    return 0;
}

/* One time step, as a simulation writes it. */
static int exs_write_step(exs_file *f, const bench_mesh *m, int64_t s,
                          bench_result *r)
{
    const bench_geom *g = &m->g;
    EXS_TRY(f, r, exs_put_time(f, s, m->times[s]));
    EXS_TRY(f, r, exs_put_var(f, EXS_GLOBAL, 0, 0, s, 0, BENCH_NGLOBVAR, EXS_F64,
                              m->glob + s * BENCH_NGLOBVAR));
    for (int v = 0; v < BENCH_NNODVAR; v++)
        EXS_TRY(f, r, exs_put_var(f, EXS_NODAL, 0, v, s, 0, g->num_nodes, EXS_F64,
                                  bench_mesh_nodvar(m, v, s)));
    for (int64_t k = 0; k < g->nblocks; k++)
        EXS_TRY(f, r, exs_put_var(f, EXS_ELEM_BLOCK, k + 1, 0, s, 0,
                                  bench_block_len(g, k), EXS_F64,
                                  bench_mesh_elemvar(m, k, s)));
    return 0;
}

static const exs_format exs_formats[] = {EXS_FORMAT_NETCDF4, EXS_FORMAT_CDF5,
                                         EXS_FORMAT_64BIT_OFFSET};

static int exs_write_all(const wr_ctx *c, const bench_mesh *m, bench_result *r)
{
    exs_create_opts o;
    exs_file *f = NULL;
    exs_create_opts_init(&o);
    o.format = exs_formats[c->format];
    o.clobber = 1;
    int rc = exs_create(c->path, &o, &f);
    if (rc != 0)
        return exs_fail(f, rc, "exs_create", r);
    rc = exs_define(f, &m->g, r);
    if (rc == 0)
        rc = exs_write_mesh(f, m, r);
    for (int64_t s = 0; s < m->g.nsteps && rc == 0; s++)
        rc = exs_write_step(f, m, s, r);
    int crc = exs_close(f);
    if (rc == 0 && crc != 0)
        rc = exs_fail(NULL, crc, "exs_close", r);
    return rc;
}

static int peer_exoslab(void *arg, int verify, bench_result *r)
{
    const wr_ctx *c = arg;
    bench_mesh m;
    if (make_mesh(c, &m, r) != 0)
        return -1;
    double t0 = bench_now();
    int rc = exs_write_all(c, &m, r);
    r->seconds = bench_now() - t0;
    if (rc == 0)
        finish(c, verify, r);
    bench_mesh_free(&m);
    return rc == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Driver. */

typedef struct wr_args {
    const char *dir;
    const char *peers;
    int64_t n, nblocks;
    int reps, smoke, keep;
} wr_args;

static int parse_args(wr_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->dir = "/tmp/exs-bench";
    a->n = 100;
    a->nblocks = 1;
    a->reps = 3;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int has = i + 1 < argc;
        if (strcmp(o, "--dir") == 0 && has)
            a->dir = argv[++i];
        else if (strcmp(o, "--peers") == 0 && has)
            a->peers = argv[++i];
        else if (strcmp(o, "--n") == 0 && has)
            a->n = bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--nblocks") == 0 && has)
            a->nblocks = bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--reps") == 0 && has)
            a->reps = (int)bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--quick") == 0 || strcmp(o, "--smoke") == 0)
            a->smoke = 1;
        else if (strcmp(o, "--keep") == 0)
            a->keep = 1;
        else if (strcmp(o, "--no-hugepages") == 0)
            setenv("EXS_BENCH_HUGEPAGES", "0", 1);
        else
            return -1;
    }
    if (a->smoke)
        a->reps = 1;
    return a->reps >= 1 ? 0 : -1;
}

static int wanted(const wr_args *a, const char *peer)
{
    if (!a->peers)
        return 1;
    size_t n = strlen(peer);
    for (const char *p = a->peers; (p = strstr(p, peer)) != NULL; p += n)
        if ((p == a->peers || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static const bench_peer *find_peer(const bench_peer *p, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return &p[i];
    return NULL;
}

/* Median per-round paired ratio of a to b, 0 when either is unusable. */
static double paired(const bench_peer *a, const bench_peer *b)
{
    double med, lo, hi;
    if (!a || !b || !bench_peer_good(a) || !bench_peer_good(b) ||
        bench_paired_ratio(a, b, &med, &lo, &hi) == 0)
        return 0.0;
    return med;
}

static void print_targets(const bench_peer *p, int n)
{
    static const char *const fmts[3][3] = {{"nc4", "netCDF-4", "netcdf-nc4"},
                                           {"cdf5", "CDF-5", "netcdf-cdf5"},
                                           {"cdf2", "CDF-2", "netcdf-cdf2"}};
    const bench_peer *raw = find_peer(p, n, "raw-write");
    char name[64], what[160];
    printf("\n");
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "exoslab-%s", fmts[i][0]);
        const bench_peer *exs = find_peer(p, n, name);
        if (!exs)
            continue;
        if (raw && bench_peer_good(raw)) {
            snprintf(what, sizeof what, "exoslab %s write vs raw write()", fmts[i][1]);
            bench_target(stdout, what, 100.0 * paired(exs, raw), 80.0, 1, "%");
        }
        const bench_peer *nc = find_peer(p, n, fmts[i][2]);
        if (nc && bench_peer_good(nc)) {
            snprintf(what, sizeof what, "(info) exoslab %s write vs netCDF-C",
                     fmts[i][1]);
            bench_target(stdout, what, paired(exs, nc), 1.0, 1, "x");
        }
        double pay = (double)exs->payload / 1048576.0;
        snprintf(what, sizeof what, "exoslab %s write peak RSS <= payload + 20 MiB",
                 fmts[i][1]);
        bench_target(stdout, what, bench_peer_good(exs) ? exs->peak_kib / 1024.0 : 1e30,
                     pay + 20.0, 0, "MiB");
    }
}

int main(int argc, char **argv)
{
    wr_args a;
    if (parse_args(&a, argc, argv) != 0) {
        fprintf(stderr, "usage: exs_bench_write [--dir DIR] [--n N] [--nblocks K] "
                        "[--reps R] [--peers LIST] [--quick] [--keep] "
                        "[--no-hugepages]\n");
        return 2;
    }
    if (mkdir(a.dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "exs_bench_write: %s: %s\n", a.dir, strerror(errno));
        return 2;
    }
    static const struct {
        const char *name;
        bench_fn fn;
        bench_format fmt;
        int tuned;
    } peers[] = {
        {"raw-write", peer_raw, BENCH_NC4, 0},
        {"netcdf-nc4", peer_netcdf, BENCH_NC4, 0},
        {"netcdf-nc4-cacheoff", peer_netcdf, BENCH_NC4, 1},
        {"netcdf-cdf5", peer_netcdf, BENCH_CDF5, 0},
        {"netcdf-cdf2", peer_netcdf, BENCH_CDF2, 0},
        {"exoslab-nc4", peer_exoslab, BENCH_NC4, 0},
        {"exoslab-cdf5", peer_exoslab, BENCH_CDF5, 0},
        {"exoslab-cdf2", peer_exoslab, BENCH_CDF2, 0},
    };
    enum { NPEERS = sizeof peers / sizeof peers[0] };
    bench_peer res[NPEERS];
    wr_ctx ctx[NPEERS];
    const char *names[NPEERS];
    bench_job jobs[NPEERS];
    int n = 0, bad = 0;
    for (size_t i = 0; i < NPEERS; i++) {
        if (!wanted(&a, peers[i].name))
            continue;
        wr_ctx *c = &ctx[n];
        memset(c, 0, sizeof *c);
        if (bench_geom_init(&c->g, a.n, a.nblocks) != 0)
            return 2;
        snprintf(c->path, sizeof c->path, "%s/write-%s.exo", a.dir, peers[i].name);
        c->format = peers[i].fmt;
        c->tuned = peers[i].tuned;
        c->keep = a.keep;
        names[n] = peers[i].name;
        jobs[n++] = (bench_job){peers[i].fn, c, NULL};
    }
    bench_print_load(stdout, "at the start");
    bench_measure_rounds(res, names, jobs, n, a.reps);
    for (int i = 0; i < n; i++)
        bad += !bench_peer_good(&res[i]);
    char title[4200];
    snprintf(title, sizeof title, "exs_bench_write: n=%" PRId64 " blocks=%" PRId64
             " into %s (page cache, no fsync), %d interleaved rounds", a.n, a.nblocks, a.dir,
             a.reps);
    bench_table_print(stdout, title, res, n, find_peer(res, n, "raw-write")
                                                 ? (int)(find_peer(res, n, "raw-write") - res)
                                                 : -1);
    if (a.smoke)
        printf("\n(quick run: values checked, timings not evaluated)\n");
    else
        print_targets(res, n);
    if (bad)
        printf("exs_bench_write: %d peer(s) failed or wrote wrong values\n", bad);
    return bad ? 1 : 0;
}
