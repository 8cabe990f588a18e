/*
 * bench_read.c -- exs_bench_read: whole-file read of a benchmark mesh by
 * several peers, each run in its own process, in one table.
 *
 *   exs_bench_read FILE [--reps R] [--peers LIST] [--exodusii PATH|none]
 *                  [--quick] [--machine] [--no-hugepages] [--title TEXT]
 *
 * Peers (LIST is a comma list of these names; default all):
 *   pread           raw pread of the whole file into one file-sized buffer,
 *                   16 MiB per call, the buffer allocated and touched before
 *                   the clock starts: the reference (bytes on disk, no
 *                   first-touch page faults)
 *   pread-fresh     the same into fresh memory, faults timed (what the
 *                   reference was before issue 13: noise, shown for scale)
 *   pread-arrays    the payload's bytes into the exoslab peer's own arrays
 *                   (information: the limit for those buffers)
 *   pread-reuse     the same through one reused 16 MiB buffer (cache-hot
 *                   destination: the kernel-copy ceiling)
 *   netcdf          plain netCDF-C: nc_get_var of every variable into its
 *                   own pre-touched buffer, the naive way
 *   exoslab         exs_open + every bulk array into caller buffers
 *   exoslab-nodirect the same with EXOSLAB_NO_DIRECT=1: every file read
 *                   through netCDF-C instead of exoslab's direct paths
 *                   (cdf_direct.c, h5_direct.c)
 *   exoslab-stream  the same arrays in exs_chunk_len slabs through one
 *                   reused buffer (exs_iter_*)
 *   exoslab-open    exs_open + exs_close only (the per-file fixed cost; only
 *                   when --peers names it)
 *   exodusii        libexodusII (ex_get_coord, ex_get_elem_conn,
 *                   ex_get_nodal_var, ...), a separate program
 *                   (exs_bench_read_exodusii, found next to this one)
 *
 * Every peer but pread checks the values it read against the closed-form
 * generator values (bench_common.c) in an untimed first run; then R rounds,
 * each peer once per round in rotated order, give the median time, the
 * per-round paired ratio to pread and the peak RSS. Every peer's
 * destination buffers are allocated and touched outside the timed section
 * (as the reference's). The page cache is warmed by an untimed pass over
 * the file first. Buffers come from bench_alloc (huge-page advised, as
 * numpy's; --no-hugepages: plain). --quick (alias --smoke): one round,
 * values checked, no target evaluated. Exit status 1 if a peer failed or
 * read a wrong value; targets that are missed do not change it.
 */
#define _GNU_SOURCE 1
#include <netcdf.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_common.h"
#include "bench_nccheck.h"
#include "exoslab.h"

#define PREAD_CALL (16u << 20)

typedef struct rd_ctx {
    const char *path;
    int64_t file_size;
} rd_ctx;

/* ------------------------------------------------------------------ */
/* pread peers. */

static int pread_all(int fd, char *buf, int64_t size, int reuse, int64_t *got)
{
    int64_t off = 0;
    while (off < size) {
        size_t want = size - off < PREAD_CALL ? (size_t)(size - off) : PREAD_CALL;
        ssize_t k = pread(fd, reuse ? buf : buf + off, want, (off_t)off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        off += k;
    }
    *got = off;
    return off == size ? 0 : -1;
}

/* touch: fault the buffer in before the clock starts (the reference). */
static int run_pread(const rd_ctx *c, int reuse, int touch, bench_result *r)
{
    int64_t got = 0;
    size_t len = reuse ? PREAD_CALL : (size_t)c->file_size + 1;
    char *buf = touch ? bench_alloc(len) : NULL;
    if (buf)
        bench_touch(buf, len);
    double t0 = bench_now();
    int fd = open(c->path, O_RDONLY);
    if (fd < 0) {
        free(buf);
        return -1;
    }
    if (!touch)
        buf = bench_alloc(len);
    int rc = buf ? pread_all(fd, buf, c->file_size, reuse, &got) : -1;
    close(fd);
    r->seconds = bench_now() - t0;
    r->payload = got;
    r->checked = 1; /* bytes only: all of them arrived */
    r->mismatches = got != c->file_size;
    snprintf(r->note, sizeof r->note, "bytes only");
    free(buf);
    return rc;
}

static int peer_pread(void *arg, int verify, bench_result *r)
{
    (void)verify;
    return run_pread(arg, 0, 1, r);
}

static int peer_pread_fresh(void *arg, int verify, bench_result *r)
{
    (void)verify;
    return run_pread(arg, 0, 0, r);
}

static int peer_pread_reuse(void *arg, int verify, bench_result *r)
{
    (void)verify;
    return run_pread(arg, 1, 1, r);
}

/* ------------------------------------------------------------------ */
/* Plain netCDF-C. */

typedef struct nc_read {
    int ncid, nvars;
    void **bufs;
    nc_type *types;
    char (*names)[NC_MAX_NAME + 1];
    size_t *sizes;
    int64_t payload;
} nc_read;

static int nc_geom(int ncid, bench_geom *g)
{
    size_t len[4] = {0, 0, 0, 0};
    static const char *const dims[4] = {"num_nodes", "num_elem", "num_el_blk",
                                        "time_step"};
    for (int i = 0; i < 4; i++) {
        int id;
        if (nc_inq_dimid(ncid, dims[i], &id) != NC_NOERR ||
            nc_inq_dimlen(ncid, id, &len[i]) != NC_NOERR)
            return -1;
    }
    return bench_geom_from_counts(g, (int64_t)len[0], (int64_t)len[1],
                                  (int64_t)len[2], (int64_t)len[3]);
}

/* Inquire variable v and allocate and touch its buffer (untimed). */
static int nc_alloc_var(nc_read *nr, int v)
{
    int ndims, dimids[NC_MAX_VAR_DIMS];
    size_t n = 1, len, tsize;
    int rc = nc_inq_var(nr->ncid, v, nr->names[v], &nr->types[v], &ndims, dimids,
                        NULL);
    for (int d = 0; rc == NC_NOERR && d < ndims; d++) {
        rc = nc_inq_dimlen(nr->ncid, dimids[d], &len);
        n *= len;
    }
    if (rc == NC_NOERR)
        rc = nc_inq_type(nr->ncid, nr->types[v], NULL, &tsize);
    if (rc != NC_NOERR)
        return rc;
    nr->bufs[v] = bench_alloc(n * tsize + 1);
    if (!nr->bufs[v])
        return NC_ENOMEM;
    bench_touch(nr->bufs[v], n * tsize + 1);
    nr->sizes[v] = n;
    nr->payload += (int64_t)(n * tsize);
    return NC_NOERR;
}

static int64_t nc_check_all(const nc_read *nr, const bench_geom *g)
{
    int64_t bad = 0;
    int seen = 0, known;
    for (int v = 0; v < nr->nvars; v++) {
        bad += bench_nc_check_var(g, nr->names[v], nr->types[v], nr->bufs[v],
                                  &known, "netcdf");
        seen += known;
    }
    if (seen != bench_nc_expected_arrays(g)) {
        fprintf(stderr, "netcdf: %d bulk arrays found, %d expected\n", seen,
                bench_nc_expected_arrays(g));
        bad++;
    }
    return bad;
}

static void nc_read_free(nc_read *nr)
{
    for (int v = 0; nr->bufs && v < nr->nvars; v++)
        free(nr->bufs[v]);
    free(nr->bufs);
    free(nr->types);
    free(nr->names);
    free(nr->sizes);
}

static int peer_netcdf(void *arg, int verify, bench_result *r)
{
    const rd_ctx *c = arg;
    nc_read nr;
    bench_geom g;
    memset(&nr, 0, sizeof nr);
    double t0 = bench_now();
    int rc = nc_open(c->path, NC_NOWRITE, &nr.ncid);
    int opened = rc == NC_NOERR;
    if (rc == NC_NOERR)
        rc = nc_inq_nvars(nr.ncid, &nr.nvars);
    if (rc == NC_NOERR) {
        nr.bufs = calloc((size_t)nr.nvars + 1, sizeof *nr.bufs);
        nr.types = calloc((size_t)nr.nvars + 1, sizeof *nr.types);
        nr.names = calloc((size_t)nr.nvars + 1, sizeof *nr.names);
        nr.sizes = calloc((size_t)nr.nvars + 1, sizeof *nr.sizes);
        if (!nr.bufs || !nr.types || !nr.names || !nr.sizes)
            rc = NC_ENOMEM;
    }
    double t_pause = bench_now();
    for (int v = 0; rc == NC_NOERR && v < nr.nvars; v++)
        rc = nc_alloc_var(&nr, v);
    t0 += bench_now() - t_pause; /* buffers are pre-touched, untimed */
    for (int v = 0; rc == NC_NOERR && v < nr.nvars; v++)
        rc = nr.sizes[v] ? nc_get_var(nr.ncid, v, nr.bufs[v]) : NC_NOERR;
    int grc = rc == NC_NOERR ? nc_geom(nr.ncid, &g) : -1;
    if (opened) {
        int crc = nc_close(nr.ncid);
        rc = rc == NC_NOERR ? crc : rc;
    }
    r->seconds = bench_now() - t0;
    r->payload = nr.payload;
    if (rc != NC_NOERR)
        snprintf(r->note, sizeof r->note, "netCDF: %s", nc_strerror(rc));
    else if (verify && grc == 0) {
        r->checked = 1;
        r->mismatches = nc_check_all(&nr, &g);
    } else if (verify)
        snprintf(r->note, sizeof r->note, "not a benchmark mesh: unchecked");
    nc_read_free(&nr);
    return rc == NC_NOERR ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* exoslab, whole arrays. */

static int exs_fail(exs_file *f, int rc, const char *what, bench_result *r)
{
    snprintf(r->note, sizeof r->note, "%.80s -> %s: %.140s", what, exs_errname(rc),
             exs_errmsg(f));
    fprintf(stderr, "exoslab: %s\n", r->note);
    return rc;
}

/* Geometry of an open file and the ids of its one node and side set. */
typedef struct exs_shape {
    bench_geom g;
    int64_t *blk_ids;
    int64_t ns_id, ss_id;
} exs_shape;

#define EXS_TRY(f, r, call)                                                  \
    do {                                                                     \
        int rc_ = (call);                                                    \
        if (rc_ != 0)                                                        \
            return exs_fail((f), rc_, #call, (r));                           \
    } while (0)

/* Block k must have the entries the generator gave it. */
static int exs_check_blocks(exs_file *f, exs_shape *sh, bench_result *r)
{
    for (int64_t k = 0; k < sh->g.nblocks; k++) {
        exs_entity_info info;
        EXS_TRY(f, r, exs_get_entity(f, EXS_ELEM_BLOCK, sh->blk_ids[k], &info));
        if (info.num_entries != bench_block_len(&sh->g, k) ||
            info.nodes_per_entry != BENCH_NODES_PER_ELEM) {
            snprintf(r->note, sizeof r->note, "block %" PRId64 ": %" PRId64
                     " x %" PRId64 " entries, not the benchmark's",
                     info.id, info.num_entries, info.nodes_per_entry);
            return EXS_EBADMODEL;
        }
    }
    return 0;
}

static int exs_shape_of(exs_file *f, exs_shape *sh, bench_result *r)
{
    int64_t nn = 0, ne = 0, nt = 0, nb = 0, nns = 0, nss = 0;
    memset(sh, 0, sizeof *sh);
    EXS_TRY(f, r, exs_inquire(f, EXS_INQ_NUM_NODES, &nn));
    EXS_TRY(f, r, exs_inquire(f, EXS_INQ_NUM_ELEM, &ne));
    EXS_TRY(f, r, exs_inquire(f, EXS_INQ_NUM_TIMES, &nt));
    EXS_TRY(f, r, exs_num_entities(f, EXS_ELEM_BLOCK, &nb));
    EXS_TRY(f, r, exs_num_entities(f, EXS_NODE_SET, &nns));
    EXS_TRY(f, r, exs_num_entities(f, EXS_SIDE_SET, &nss));
    if (bench_geom_from_counts(&sh->g, nn, ne, nb, nt) != 0 || nns != 1 ||
        nss != 1) {
        snprintf(r->note, sizeof r->note, "not a benchmark mesh");
        return EXS_EBADMODEL;
    }
    sh->blk_ids = malloc((size_t)nb * sizeof *sh->blk_ids);
    if (!sh->blk_ids)
        return EXS_ENOMEM;
    EXS_TRY(f, r, exs_get_ids(f, EXS_ELEM_BLOCK, sh->blk_ids));
    EXS_TRY(f, r, exs_get_ids(f, EXS_NODE_SET, &sh->ns_id));
    EXS_TRY(f, r, exs_get_ids(f, EXS_SIDE_SET, &sh->ss_id));
    return exs_check_blocks(f, sh, r);
}

static int exs_read_mesh(exs_file *f, const exs_shape *sh, bench_mesh *m,
                         bench_result *r)
{
    const bench_geom *g = &sh->g;
    for (int a = 0; a < 3; a++)
        EXS_TRY(f, r, exs_get_coord(f, a, 0, g->num_nodes, EXS_F64, m->coord[a]));
    for (int64_t k = 0; k < g->nblocks; k++)
        EXS_TRY(f, r, exs_get_conn(f, EXS_ELEM_BLOCK, sh->blk_ids[k],
                                   EXS_CONN_NODES, 0, bench_block_len(g, k),
                                   EXS_I32, bench_mesh_conn(m, k)));
    EXS_TRY(f, r, exs_get_id_map(f, EXS_NODE_MAP, 0, g->num_nodes, EXS_I32,
                                 m->node_map));
    EXS_TRY(f, r, exs_get_id_map(f, EXS_ELEM_MAP, 0, g->num_elem, EXS_I32,
                                 m->elem_map));
    EXS_TRY(f, r, exs_get_set(f, EXS_NODE_SET, sh->ns_id, 0, g->ns_len, EXS_I32,
                              m->ns_nodes, NULL));
    EXS_TRY(f, r, exs_get_df(f, EXS_NODE_SET, sh->ns_id, 0, g->ns_len, EXS_F64,
                             m->ns_df));
    EXS_TRY(f, r, exs_get_set(f, EXS_SIDE_SET, sh->ss_id, 0, g->ss_len, EXS_I32,
                              m->ss_elems, m->ss_sides));
    return 0;
}

static int exs_read_results(exs_file *f, const exs_shape *sh, bench_mesh *m,
                            bench_result *r)
{
    const bench_geom *g = &sh->g;
    int64_t ns = g->nsteps;
    EXS_TRY(f, r, exs_get_times(f, 0, ns, EXS_F64, m->times));
    EXS_TRY(f, r, exs_get_var_steps(f, EXS_GLOBAL, 0, 0, 0, ns, 0, BENCH_NGLOBVAR,
                                    EXS_F64, m->glob));
    for (int v = 0; v < BENCH_NNODVAR; v++)
        EXS_TRY(f, r, exs_get_var_steps(f, EXS_NODAL, 0, v, 0, ns, 0, g->num_nodes,
                                        EXS_F64, bench_mesh_nodvar(m, v, 0)));
    for (int64_t k = 0; k < g->nblocks; k++)
        EXS_TRY(f, r, exs_get_var_steps(f, EXS_ELEM_BLOCK, sh->blk_ids[k], 0, 0, ns,
                                        0, bench_block_len(g, k), EXS_F64,
                                        bench_mesh_elemvar(m, k, 0)));
    return 0;
}

static int peer_exoslab(void *arg, int verify, bench_result *r)
{
    const rd_ctx *c = arg;
    exs_file *f = NULL;
    exs_shape sh;
    bench_mesh m;
    memset(&m, 0, sizeof m);
    memset(&sh, 0, sizeof sh);
    double t0 = bench_now();
    int rc = exs_open_err(c->path, EXS_READ, &f, r->note, sizeof r->note);
    double t_open = bench_now() - t0;
    if (rc == 0)
        rc = exs_shape_of(f, &sh, r);
    double t_pause = bench_now();
    if (rc == 0 && bench_mesh_alloc(&m, &sh.g) != 0)
        rc = EXS_ENOMEM;
    if (rc == 0)
        bench_mesh_touch(&m);
    t0 += bench_now() - t_pause; /* buffers are pre-touched, untimed */
    if (rc == 0)
        rc = exs_read_mesh(f, &sh, &m, r);
    if (rc == 0)
        rc = exs_read_results(f, &sh, &m, r);
    int crc = exs_close(f);
    r->seconds = bench_now() - t0;
    r->payload = rc == 0 ? bench_mesh_bytes(&sh.g) : 0;
    if (rc == 0 && crc != 0)
        rc = crc;
    if (rc == 0)
        snprintf(r->note, sizeof r->note, "of which exs_open %.1f ms", 1e3 * t_open);
    if (rc == 0 && verify) {
        r->checked = 1;
        r->mismatches = bench_mesh_check(&m, "exoslab");
    }
    bench_mesh_free(&m);
    free(sh.blk_ids);
    return rc == 0 ? 0 : -1;
}

/* pread of the payload's bytes into the exoslab peer's own arrays (same
 * sizes, same allocation and touch, read one after another from the
 * file's start): the limit for the caller's buffers as they are, apart
 * from the file's layout. Information: where small arrays sit on 4 KiB
 * pages and the reference's one buffer on huge pages, the kernel's copy
 * into them is what differs (the 2026-12-04 VM kind). */
static int pread_into(int fd, void *buf, int64_t n, int64_t *off, int64_t size)
{
    char *p = buf;
    int64_t done = 0;
    while (done < n) {
        if (*off >= size)
            *off = 0; /* the payload is smaller than the file; never wraps */
        size_t want = (size_t)(n - done);
        if ((int64_t)want > size - *off)
            want = (size_t)(size - *off);
        ssize_t k = pread(fd, p + done, want, (off_t)*off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        done += k, *off += k;
    }
    return 0;
}

static int peer_pread_arrays(void *arg, int verify, bench_result *r)
{
    (void)verify;
    const rd_ctx *c = arg;
    exs_file *f = NULL;
    exs_shape sh;
    bench_mesh m;
    memset(&m, 0, sizeof m);
    memset(&sh, 0, sizeof sh);
    int rc = exs_open_err(c->path, EXS_READ, &f, r->note, sizeof r->note);
    if (rc == 0)
        rc = exs_shape_of(f, &sh, r);
    if (f)
        exs_close(f);
    if (rc == 0 && bench_mesh_alloc(&m, &sh.g) != 0)
        rc = EXS_ENOMEM;
    if (rc == 0)
        bench_mesh_touch(&m);
    const bench_geom *g = &sh.g;
    int64_t nn = g->num_nodes, ne = g->num_elem, ns = g->nsteps, off = 0;
    double t0 = bench_now();
    int fd = rc == 0 ? open(c->path, O_RDONLY) : -1;
    if (fd < 0)
        rc = -1;
    struct { void *p; int64_t n; } arr[] = {
        {m.coord[0], nn * 8}, {m.coord[1], nn * 8}, {m.coord[2], nn * 8},
        {m.conn, ne * BENCH_NODES_PER_ELEM * 4}, {m.node_map, nn * 4}, {m.elem_map, ne * 4},
        {m.ns_nodes, g->ns_len * 4}, {m.ns_df, g->ns_len * 8}, {m.ss_elems, g->ss_len * 4},
        {m.ss_sides, g->ss_len * 4}, {m.times, ns * 8}, {m.glob, ns * BENCH_NGLOBVAR * 8},
        {m.nodvar, ns * BENCH_NNODVAR * nn * 8}, {m.elemvar, ns * BENCH_NELEMVAR * ne * 8}};
    for (size_t i = 0; rc == 0 && i < sizeof arr / sizeof arr[0]; i++)
        rc = pread_into(fd, arr[i].p, arr[i].n, &off, c->file_size);
    if (fd >= 0)
        close(fd);
    r->seconds = bench_now() - t0;
    r->payload = rc == 0 ? bench_mesh_bytes(g) : 0;
    r->checked = 1; /* bytes only */
    r->mismatches = rc != 0;
    if (rc == 0)
        snprintf(r->note, sizeof r->note, "bytes only, into the exoslab peer's arrays");
    bench_mesh_free(&m);
    free(sh.blk_ids);
    return rc == 0 ? 0 : -1;
}

/* The same with the classic direct read path off (its own process). */
static int peer_exoslab_nodirect(void *arg, int verify, bench_result *r)
{
    setenv("EXOSLAB_NO_DIRECT", "1", 1);
    int rc = peer_exoslab(arg, verify, r);
    unsetenv("EXOSLAB_NO_DIRECT");
    return rc;
}

/* ------------------------------------------------------------------ */
/* exoslab, streaming in chunk-sized slabs through one buffer. */

typedef struct stream_ctx {
    exs_file *f;
    const exs_shape *sh;
    void *buf;
    int verify;
    int64_t payload, bad;
    bench_result *r;
} stream_ctx;

/* One array: kind selects the accessor; slab length `step` entries of
 * `width` values of type t. */
typedef struct stream_array {
    bench_array arr;
    int64_t a, b;      /* bench_value selectors */
    int64_t id;        /* entity id or axis or variable */
    int var;
    int64_t len;       /* entries */
    int width;         /* values per entry */
    exs_type t;
    int64_t step;
} stream_array;

static int stream_get(stream_ctx *s, const stream_array *sa, int64_t st,
                      int64_t ct)
{
    exs_file *f = s->f;
    switch (sa->arr) {
    case BA_COORD:
        return exs_get_coord(f, (int)sa->a, st, ct, sa->t, s->buf);
    case BA_CONN:
        return exs_get_conn(f, EXS_ELEM_BLOCK, sa->id, EXS_CONN_NODES, st, ct,
                            sa->t, s->buf);
    case BA_NODE_MAP:
        return exs_get_id_map(f, EXS_NODE_MAP, st, ct, sa->t, s->buf);
    case BA_ELEM_MAP:
        return exs_get_id_map(f, EXS_ELEM_MAP, st, ct, sa->t, s->buf);
    case BA_NODVAR:
        return exs_get_var(f, EXS_NODAL, 0, sa->var, sa->b, st, ct, sa->t, s->buf);
    case BA_ELEMVAR:
        return exs_get_var(f, EXS_ELEM_BLOCK, sa->id, 0, sa->b, st, ct, sa->t,
                           s->buf);
    default:
        return EXS_EINVAL;
    }
}

static int stream_array_run(stream_ctx *s, const stream_array *sa)
{
    exs_slab_iter it;
    int64_t st, ct;
    bench_vtype vt = sa->t == EXS_F64 ? BV_F64 : BV_I32;
    EXS_TRY(s->f, s->r, exs_iter_init(&it, 0, sa->len, sa->step));
    while (exs_iter_next(&it, &st, &ct)) {
        int rc = stream_get(s, sa, st, ct);
        if (rc != 0)
            return exs_fail(s->f, rc, "stream slab", s->r);
        s->payload += ct * sa->width * (int64_t)bench_vtype_size(vt);
        if (s->verify)
            s->bad += bench_check(&s->sh->g, sa->arr, sa->a, sa->b, st * sa->width,
                                  ct * sa->width, vt, s->buf, "exoslab-stream");
    }
    return 0;
}

static int stream_nodal(stream_ctx *s, int64_t lnode)
{
    const bench_geom *g = &s->sh->g;
    int rc = 0;
    for (int a = 0; a < 3 && rc == 0; a++) {
        stream_array sa = {BA_COORD, a, 0, a, 0, g->num_nodes, 1, EXS_F64, lnode};
        rc = stream_array_run(s, &sa);
    }
    stream_array nm = {BA_NODE_MAP, 0, 0, 0, 0, g->num_nodes, 1, EXS_I32, lnode};
    if (rc == 0)
        rc = stream_array_run(s, &nm);
    for (int v = 0; v < BENCH_NNODVAR && rc == 0; v++)
        for (int64_t t = 0; t < g->nsteps && rc == 0; t++) {
            stream_array sa = {BA_NODVAR, v, t, 0, v, g->num_nodes, 1, EXS_F64, lnode};
            rc = stream_array_run(s, &sa);
        }
    return rc;
}

static int stream_block(stream_ctx *s, int64_t k, int64_t lelem, int64_t lconn)
{
    const bench_geom *g = &s->sh->g;
    int64_t id = s->sh->blk_ids[k], n = bench_block_len(g, k);
    stream_array conn = {BA_CONN, k, 0, id, 0, n, BENCH_NODES_PER_ELEM, EXS_I32,
                         lconn};
    int rc = stream_array_run(s, &conn);
    for (int64_t t = 0; t < g->nsteps && rc == 0; t++) {
        stream_array sa = {BA_ELEMVAR, k, t, id, 0, n, 1, EXS_F64, lelem};
        rc = stream_array_run(s, &sa);
    }
    return rc;
}

/* The small arrays (sets, times) in one piece each, through a scratch
 * buffer of their size. */
static int stream_small(stream_ctx *s)
{
    const exs_shape *sh = s->sh;
    const bench_geom *g = &sh->g;
    int64_t len = g->ns_len > g->ss_len ? g->ns_len : g->ss_len;
    int64_t need = (2 * len + g->nsteps * BENCH_NGLOBVAR) * 8;
    char *tmp = malloc((size_t)need);
    int rc = tmp ? 0 : EXS_ENOMEM;
    if (rc == 0)
        rc = exs_get_set(s->f, EXS_NODE_SET, sh->ns_id, 0, g->ns_len, EXS_I32, tmp,
                         NULL);
    if (rc == 0)
        rc = exs_get_df(s->f, EXS_NODE_SET, sh->ns_id, 0, g->ns_len, EXS_F64,
                        tmp + 8 * len);
    if (rc == 0 && s->verify)
        s->bad += bench_check(g, BA_NS_NODES, 0, 0, 0, g->ns_len, BV_I32, tmp, "stream") +
                  bench_check(g, BA_NS_DF, 0, 0, 0, g->ns_len, BV_F64, tmp + 8 * len,
                              "stream");
    if (rc == 0)
        rc = exs_get_set(s->f, EXS_SIDE_SET, sh->ss_id, 0, g->ss_len, EXS_I32, tmp,
                         tmp + 8 * len);
    if (rc == 0 && s->verify)
        s->bad += bench_check(g, BA_SS_ELEMS, 0, 0, 0, g->ss_len, BV_I32, tmp, "stream") +
                  bench_check(g, BA_SS_SIDES, 0, 0, 0, g->ss_len, BV_I32,
                              tmp + 8 * len, "stream");
    if (rc == 0)
        rc = exs_get_times(s->f, 0, g->nsteps, EXS_F64, tmp);
    if (rc == 0 && s->verify)
        s->bad += bench_check(g, BA_TIMES, 0, 0, 0, g->nsteps, BV_F64, tmp, "stream");
    s->payload += g->ns_len * 12 + g->ss_len * 8 + g->nsteps * 8;
    free(tmp);
    return rc == 0 ? 0 : exs_fail(s->f, rc, "stream sets/times", s->r);
}

static int stream_globals(stream_ctx *s)
{
    const bench_geom *g = &s->sh->g;
    double vals[BENCH_NGLOBVAR];
    for (int64_t t = 0; t < g->nsteps; t++) {
        EXS_TRY(s->f, s->r, exs_get_var(s->f, EXS_GLOBAL, 0, 0, t, 0,
                                        BENCH_NGLOBVAR, EXS_F64, vals));
        if (s->verify)
            s->bad += bench_check(g, BA_GLOB, 0, t, 0, BENCH_NGLOBVAR, BV_F64, vals,
                                  "stream");
        s->payload += BENCH_NGLOBVAR * 8;
    }
    return 0;
}

/* Slab lengths: the node chunk, and the largest element chunk. */
static int stream_lengths(stream_ctx *s, int64_t *lnode, int64_t *lelem)
{
    const exs_shape *sh = s->sh;
    EXS_TRY(s->f, s->r, exs_chunk_len(s->f, EXS_NODAL, 0, 0, lnode));
    *lelem = 1;
    for (int64_t k = 0; k < sh->g.nblocks; k++) {
        int64_t l = 0;
        EXS_TRY(s->f, s->r, exs_chunk_len(s->f, EXS_ELEM_BLOCK, sh->blk_ids[k], 0, &l));
        if (l > *lelem)
            *lelem = l;
    }
    if (*lnode < 1) {
        snprintf(s->r->note, sizeof s->r->note, "exs_chunk_len gave %" PRId64, *lnode);
        return EXS_EBADMODEL;
    }
    return 0;
}

/* The slab of the connectivity: the element slab, halved while its 32
 * bytes per element would need more than the larger of 8 MiB and the
 * element slab's 8 bytes per entry (the libexodus netCDF-4 layout chunks
 * only the results, a step of a whole block per chunk: its contiguous
 * connectivity need not be read in slabs that large). */
static int64_t conn_slab(int64_t lelem)
{
    int64_t cap = lelem * 8 > (8 << 20) ? lelem * 8 : (8 << 20), l = lelem;
    while (l > 1 && l * 8 * 4 > cap)
        l = (l + 1) / 2;
    return l;
}

static int stream_all(stream_ctx *s)
{
    int64_t lnode = 0, lelem = 0;
    int rc = stream_lengths(s, &lnode, &lelem);
    if (rc != 0)
        return rc;
    int64_t lconn = conn_slab(lelem);
    int64_t bytes = lnode > lelem ? lnode * 8 : lelem * 8;
    if (lconn * 8 * 4 > bytes)
        bytes = lconn * 8 * 4;
    s->buf = bench_alloc((size_t)bytes);
    if (!s->buf)
        return EXS_ENOMEM;
    snprintf(s->r->note, sizeof s->r->note, "slabs: %" PRId64 " nodes, %" PRId64
             " elems (conn %" PRId64 "); buffer %.1f MiB", lnode, lelem, lconn,
             (double)bytes / 1048576.0);
    rc = stream_nodal(s, lnode);
    for (int64_t k = 0; k < s->sh->g.nblocks && rc == 0; k++)
        rc = stream_block(s, k, lelem, lconn);
    stream_array em = {BA_ELEM_MAP, 0, 0, 0, 0, s->sh->g.num_elem, 1, EXS_I32, lelem};
    if (rc == 0)
        rc = stream_array_run(s, &em);
    if (rc == 0)
        rc = stream_small(s);
    if (rc == 0)
        rc = stream_globals(s);
    free(s->buf);
    return rc;
}

static int peer_stream(void *arg, int verify, bench_result *r)
{
    const rd_ctx *c = arg;
    exs_file *f = NULL;
    exs_shape sh;
    memset(&sh, 0, sizeof sh);
    double t0 = bench_now();
    int rc = exs_open_err(c->path, EXS_READ, &f, r->note, sizeof r->note);
    if (rc == 0)
        rc = exs_shape_of(f, &sh, r);
    stream_ctx s = {f, &sh, NULL, verify, 0, 0, r};
    if (rc == 0)
        rc = stream_all(&s);
    int crc = exs_close(f);
    r->seconds = bench_now() - t0;
    r->payload = s.payload;
    r->checked = rc == 0 && verify;
    r->mismatches = s.bad;
    free(sh.blk_ids);
    return rc == 0 && crc == 0 ? 0 : -1;
}

/* exs_open + exs_close alone: the fixed cost per file that the per-node
 * scaling run (run_scale_benchmarks.sh) reports apart from the reads. */
static int peer_exoslab_open(void *arg, int verify, bench_result *r)
{
    const rd_ctx *c = arg;
    exs_file *f = NULL;
    (void)verify;
    double t0 = bench_now();
    int rc = exs_open_err(c->path, EXS_READ, &f, r->note, sizeof r->note);
    int crc = rc == 0 ? exs_close(f) : 0;
    r->seconds = bench_now() - t0;
    r->payload = 0;
    r->checked = 1; /* nothing read, nothing to check */
    if (rc == 0)
        snprintf(r->note, sizeof r->note, "open and close only");
    return rc == 0 && crc == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Driver. */

typedef struct rd_args {
    const char *path;
    const char *peers;
    const char *exodusii;
    const char *title;
    int reps;
    int smoke;
    int machine;
} rd_args;

static void usage(void)
{
    fprintf(stderr,
            "usage: exs_bench_read FILE [--reps R] [--peers LIST] "
            "[--exodusii PATH|none]\n"
            "       [--quick] [--machine] [--no-hugepages] [--title TEXT]\n"
            "  LIST: comma list of pread,pread-fresh,pread-reuse,pread-arrays,netcdf,exoslab,"
            "exoslab-nodirect,exoslab-stream,exoslab-open,exodusii\n"
            "  (exoslab-open: exs_open + exs_close only; run only when listed)\n");
}

static int parse_args(rd_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->reps = 3;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int has = i + 1 < argc;
        if (strcmp(o, "--reps") == 0 && has)
            a->reps = (int)bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--peers") == 0 && has)
            a->peers = argv[++i];
        else if (strcmp(o, "--exodusii") == 0 && has)
            a->exodusii = argv[++i];
        else if (strcmp(o, "--title") == 0 && has)
            a->title = argv[++i];
        else if (strcmp(o, "--quick") == 0 || strcmp(o, "--smoke") == 0)
            a->smoke = 1;
        else if (strcmp(o, "--machine") == 0)
            a->machine = 1;
        else if (strcmp(o, "--no-hugepages") == 0)
            setenv("EXS_BENCH_HUGEPAGES", "0", 1);
        else if (o[0] != '-' && !a->path)
            a->path = o;
        else
            return -1;
    }
    if (a->smoke)
        a->reps = 1;
    return a->path && a->reps >= 1 ? 0 : -1;
}

static int wanted(const rd_args *a, const char *peer)
{
    if (!a->peers)
        return 1;
    size_t n = strlen(peer);
    for (const char *p = a->peers; (p = strstr(p, peer)) != NULL; p += n)
        if ((p == a->peers || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

/* The libexodusII peer: the given path, or next to this program. */
static int find_exodusii(const rd_args *a, char *path, size_t cap)
{
    if (a->exodusii) {
        if (strcmp(a->exodusii, "none") == 0)
            return -1;
        snprintf(path, cap, "%s", a->exodusii);
        return access(path, X_OK);
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return -1;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    snprintf(path, cap, "%.4000s/exs_bench_read_exodusii", self);
    return access(path, X_OK);
}

/* Container of the file from its first bytes (no netCDF in the parent). */
static const char *sniff(const char *path)
{
    unsigned char b[8] = {0};
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0)
        close(fd);
    if (n >= 4 && memcmp(b, "\x89HDF", 4) == 0)
        return "netCDF-4";
    if (n >= 4 && memcmp(b, "CDF", 3) == 0)
        return b[3] == 5 ? "CDF-5" : b[3] == 2 ? "CDF-2" : "CDF-1";
    return "unknown";
}

static void warm_cache(const rd_ctx *c)
{
    bench_result r;
    memset(&r, 0, sizeof r);
    run_pread(c, 1, 1, &r);
}

static const bench_peer *find_peer(const bench_peer *p, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return &p[i];
    return NULL;
}

/* exoslab against the fastest good peer library (netcdf, exodusii): the
 * smallest of the per-round paired medians. */
static void target_best_peer(const bench_peer *p, int n, const bench_peer *exs,
                             const char *fmt)
{
    static const char *const libs[] = {"netcdf", "exodusii"};
    const char *best = NULL;
    double worst = INFINITY, med, lo, hi;
    char what[160];
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        const bench_peer *q = find_peer(p, n, libs[i]);
        if (!q || !bench_peer_good(q) ||
            bench_paired_ratio(exs, q, &med, &lo, &hi) == 0)
            continue;
        if (med < worst) {
            worst = med;
            best = libs[i];
        }
    }
    if (!best)
        return;
    int classic = strncmp(fmt, "CDF", 3) == 0;
    snprintf(what, sizeof what, "%sexoslab read vs best peer (%s), %s",
             classic ? "" : "(info) ", best, fmt);
    bench_target(stdout, what, bench_peer_good(exs) ? worst : 0.0,
                 classic ? 1.3 : 1.0, 1, "x");
}

static int print_targets(const bench_peer *p, int n, const char *fmt)
{
    const bench_peer *ref = find_peer(p, n, "pread");
    const bench_peer *exs = find_peer(p, n, "exoslab");
    double med = 0, lo, hi;
    char what[160];
    if (!exs)
        return 0;
    printf("\n");
    if (ref && bench_peer_good(ref)) {
        if (!bench_peer_good(exs) || bench_paired_ratio(exs, ref, &med, &lo, &hi) == 0)
            med = 0;
        snprintf(what, sizeof what, "exoslab read vs pre-touched pread, %s", fmt);
        bench_target(stdout, what, 100.0 * med, 90.0, 1, "%");
    }
    target_best_peer(p, n, exs, fmt);
    const bench_peer *nod = find_peer(p, n, "exoslab-nodirect");
    if (nod && bench_peer_good(nod) && bench_peer_good(exs) &&
        bench_paired_ratio(exs, nod, &med, &lo, &hi) != 0) {
        snprintf(what, sizeof what, "(info) exoslab read vs exoslab-nodirect, %s", fmt);
        bench_target(stdout, what, med, 1.0, 1, "x");
    }
    double pay = (double)exs->payload / 1048576.0;
    double limit = 1.05 * pay + 20.0;
    snprintf(what, sizeof what, "exoslab peak RSS <= 1.05 x payload + 20 MiB (%s)",
             fmt);
    bench_target(stdout, what, bench_peer_good(exs) ? exs->peak_kib / 1024.0 : 1e30,
                 limit, 0, "MiB");
    return 0;
}

static void print_machine(const bench_peer *p, int n)
{
    for (int i = 0; i < n; i++)
        printf("BENCH_PEER name=%s good=%d seconds=%.6f mbps=%.1f peak_kib=%" PRId64
               " start_kib=%" PRId64 " payload=%" PRId64 "\n", p[i].name,
               bench_peer_good(&p[i]), p[i].runs ? p[i].median_s : -1.0,
               bench_peer_mbps(&p[i]), p[i].peak_kib, p[i].start_kib,
               p[i].payload);
}

int main(int argc, char **argv)
{
    rd_args a;
    struct stat st;
    if (parse_args(&a, argc, argv) != 0) {
        usage();
        return 2;
    }
    if (stat(a.path, &st) != 0) {
        fprintf(stderr, "exs_bench_read: %s: %s\n", a.path, strerror(errno));
        return 2;
    }
    rd_ctx c = {a.path, (int64_t)st.st_size};
    char exo[PATH_MAX];
    char *exo_argv[] = {exo, "--once", (char *)a.path, NULL};
    int have_exo = find_exodusii(&a, exo, sizeof exo) == 0;
    const struct { const char *name; bench_job job; int on; } peers[] = {
        {"pread", {peer_pread, &c, NULL}, 1},
        {"pread-fresh", {peer_pread_fresh, &c, NULL}, 1},
        {"pread-reuse", {peer_pread_reuse, &c, NULL}, 1},
        {"pread-arrays", {peer_pread_arrays, &c, NULL}, 1},
        {"netcdf", {peer_netcdf, &c, NULL}, 1},
        {"exoslab", {peer_exoslab, &c, NULL}, 1},
        {"exoslab-nodirect", {peer_exoslab_nodirect, &c, NULL}, 1},
        {"exoslab-stream", {peer_stream, &c, NULL}, 1},
        {"exoslab-open", {peer_exoslab_open, &c, NULL}, 1},
        {"exodusii", {NULL, NULL, exo_argv}, have_exo},
    };
    enum { NPEERS = sizeof peers / sizeof peers[0] };
    bench_peer res[NPEERS];
    const char *names[NPEERS];
    bench_job jobs[NPEERS];
    int n = 0, ref = -1, bad = 0;
    const char *fmt = sniff(a.path);
    for (size_t i = 0; i < NPEERS; i++) {
        if (!wanted(&a, peers[i].name) ||
            (!a.peers && strcmp(peers[i].name, "exoslab-open") == 0))
            continue;
        if (!peers[i].on) {
            fprintf(stderr, "exs_bench_read: no %s peer (%s not runnable)\n",
                    peers[i].name, exo);
            continue;
        }
        if (strcmp(peers[i].name, "pread") == 0)
            ref = n;
        names[n] = peers[i].name;
        jobs[n++] = peers[i].job;
    }
    bench_print_load(stdout, "at the start");
    warm_cache(&c);
    bench_measure_rounds(res, names, jobs, n, a.reps);
    for (int i = 0; i < n; i++)
        bad += !bench_peer_good(&res[i]);
    char title[PATH_MAX + 128];
    snprintf(title, sizeof title, "%s: read %s (%s, %" PRId64 " bytes), %d "
             "interleaved rounds, buffers %s", a.title ? a.title : "exs_bench_read", a.path, fmt,
             c.file_size, a.reps, bench_hugepages() ? "THP-advised" : "plain malloc");
    bench_table_print(stdout, title, res, n, ref);
    if (a.smoke)
        printf("\n(quick run: values checked, timings not evaluated)\n");
    else
        print_targets(res, n, fmt);
    if (a.machine)
        print_machine(res, n);
    if (bad)
        printf("exs_bench_read: %d peer(s) failed or read wrong values\n", bad);
    return bad ? 1 : 0;
}
