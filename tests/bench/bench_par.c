/*
 * bench_par.c -- exs_bench_par: the parallel benchmark (issue 4). Every
 * rank reads (writes) its own slab of the benchmark mesh; peers in one run:
 *
 *   mpiexec -n P exs_bench_par read FILE [--reps R] [--shift] [--title T] [--peers LIST]
 *   mpiexec -n P exs_bench_par write --dir DIR --format nc4|cdf5 [--n N]
 *                                    [--reps R] [--title T] [--peers LIST]
 *
 * The slabs are exoslab's partition (exs_get_partition: chunk-aligned
 * node and element ranges); every peer but the raw one moves the same
 * arrays of them: the coordinates and nodal variables (all steps) of the
 * node slab, the connectivity and element variable (all steps) of the
 * element slab. Read peers:
 *   pread      each rank preads its 1/P of the FILE (contiguous byte
 *              ranges) into a buffer touched before the clock starts: the
 *              bytes-on-disk reference (every reader's buffers are
 *              allocated and touched outside the timed section too)
 *   exoslab    exs_open_par, exs_get_coord_all, exs_get_elem_conn_all,
 *              one exs_get_var_steps_all per variable (all steps at once,
 *              as the netcdf peer)
 *   netcdf     nc_open_par, nc_var_par_access(NC_COLLECTIVE), one
 *              nc_get_vara per variable (all steps at once)
 *   pnetcdf    (CDF files) ncmpi_open + ncmpi_get_vara_*_all, the same
 *   exoslab-nodirect (CDF files) exoslab with EXOSLAB_NO_DIRECT=1: PnetCDF's
 *              reads instead of each rank's direct pread
 *   *-shifted  (--shift) exoslab / netcdf with every inner slab boundary
 *              moved by half a chunk: what chunk alignment buys
 * Write peers: pwrite (each rank's payload bytes at its offset of one
 * file), exoslab (exs_create_par, the _all writers), netcdf
 * (nc_create_par, the same variables, collective), pnetcdf (CDF-5:
 * ncmpi_create + ncmpi_put_vara_*_all, the same), each variable's steps in
 * one call (exoslab: exs_put_times_all, then one exs_put_var_steps_all
 * per variable); exoslab-steps,
 * netcdf-steps and pnetcdf-steps: the same writers one step at a time
 * (time, then that step of every variable: exs_put_vars_all), as a
 * simulation and the serial benchmark's netCDF-C peers write. No peer
 * syncs. Every write peer starts with no file at the path (removed before
 * its clock starts, see fresh_target); exoslab-replace is exoslab writing
 * over the file the previous peer left (its crash-safe replace), reported
 * apart.
 *
 * Each peer: one untimed checking run (values compared with the closed
 * form of bench_common.c; written files are read back with the netcdf
 * reader), then R rounds of one run per peer, the order rotated each
 * round. Seconds: the slowest rank of a run; the table gives the median
 * over rounds and the per-round paired ratio to the raw peer. --quick:
 * one round, no target evaluated. Peak RSS: each rank's VmHWM, reset (/proc/self/clear_refs) before
 * each run; the table gives the largest over ranks. MPI build only.
 */
#define _GNU_SOURCE 1
#include <netcdf.h>
#include <netcdf_par.h>
#include <pnetcdf.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_common.h"
#include "exoslab.h"
#include "exoslab_par.h"

#define IO_CALL (16u << 20)
#define NARR_MAX (3 + BENCH_NNODVAR * BENCH_NSTEPS + 64 * (1 + BENCH_NSTEPS))

/* One element block's share of a rank's element slab (count may be 0:
 * every rank has one piece per block, so collective calls match). */
typedef struct par_piece {
    int64_t bstart, count, off; /* entries within block; offset in slab */
} par_piece;

/* One rank's slabs. */
typedef struct par_slab {
    int64_t ns, nc, es, ec;
    par_piece *pieces; /* g.nblocks */
} par_slab;

/* One rank's arrays: coord[a][nc], conn[ec*8], nodvar[var][step][nc],
 * elemvar[piece][step][count] (piece k at nsteps * off_k). */
typedef struct par_data {
    double *coord[3];
    int32_t *conn;
    double *nodvar, *elemvar;
} par_data;

typedef struct par_ctx {
    MPI_Comm comm;
    int rank, size;
    const char *path; /* the file read or written */
    int64_t file_size;
    int cdf;          /* classic (CDF-5) file */
    int per_step;     /* write peers: one step at a time (the *-steps peers) */
    int replace;      /* exoslab-replace: write over the existing file */
    bench_geom g;
    par_slab s;       /* the aligned slabs */
    par_slab sh;      /* shifted slabs (read --shift) */
    int64_t node_chunk, elem_chunk;
    par_data src;     /* write: the data to write */
} par_ctx;

/* What one run of a peer on one rank reports. */
typedef struct par_run {
    int ok;
    double seconds;
    int64_t payload, mismatches;
    char note[200];
} par_run;

typedef int (*par_fn)(par_ctx *c, const par_slab *s, int verify, par_run *r);

/* ------------------------------------------------------------------ */
/* Slabs and their arrays. */

static int64_t slab_bytes(const bench_geom *g, const par_slab *s)
{
    return s->nc * (3 + BENCH_NNODVAR * g->nsteps) * 8 +
           s->ec * (BENCH_NODES_PER_ELEM * 4 + g->nsteps * 8);
}

static int slab_pieces(const bench_geom *g, par_slab *s)
{
    s->pieces = calloc((size_t)g->nblocks, sizeof *s->pieces);
    if (!s->pieces)
        return -1;
    for (int64_t k = 0; k < g->nblocks; k++) {
        int64_t b0 = bench_block_start(g, k), b1 = bench_block_start(g, k + 1);
        int64_t lo = s->es > b0 ? s->es : b0;
        int64_t hi = s->es + s->ec < b1 ? s->es + s->ec : b1;
        if (hi > lo)
            s->pieces[k] = (par_piece){lo - b0, hi - lo, lo - s->es};
    }
    return 0;
}

/* Inner boundaries of [0, n) moved by `by` (clamped). */
static void shift_range(int64_t n, int64_t by, int rank, int size,
                        int64_t *start, int64_t *count)
{
    int64_t lo = *start, hi = *start + *count;
    if (rank > 0)
        lo = lo + by < n ? lo + by : n;
    if (rank < size - 1)
        hi = hi + by < n ? hi + by : n;
    *start = lo;
    *count = hi > lo ? hi - lo : 0;
}

/* One array of a slab, for filling and checking. */
typedef struct par_array {
    bench_array arr;
    int64_t a, b, start, count;
    bench_vtype t;
    void *buf;
} par_array;

static int slab_arrays(const bench_geom *g, const par_slab *s, const par_data *d,
                       par_array *out)
{
    int n = 0;
    if (!out)
        return 0;
    for (int a = 0; a < 3; a++)
        out[n++] = (par_array){BA_COORD, a, 0, s->ns, s->nc, BV_F64, d->coord[a]};
    for (int v = 0; v < BENCH_NNODVAR; v++)
        for (int64_t t = 0; t < g->nsteps; t++)
            out[n++] = (par_array){BA_NODVAR, v, t, s->ns, s->nc, BV_F64,
                                   d->nodvar + (v * g->nsteps + t) * s->nc};
    for (int64_t k = 0; k < g->nblocks && n + 1 + g->nsteps <= NARR_MAX; k++) {
        const par_piece *p = &s->pieces[k];
        out[n++] = (par_array){BA_CONN, k, 0, p->bstart * 8, p->count * 8, BV_I32,
                               d->conn + p->off * 8};
        for (int64_t t = 0; t < g->nsteps; t++)
            out[n++] = (par_array){BA_ELEMVAR, k, t, p->bstart, p->count, BV_F64,
                                   d->elemvar + (g->nsteps * p->off + t * p->count)};
    }
    return n;
}

static int data_alloc(const bench_geom *g, const par_slab *s, par_data *d)
{
    size_t nc = (size_t)s->nc + 1, ec = (size_t)s->ec + 1, ns = (size_t)g->nsteps;
    memset(d, 0, sizeof *d);
    for (int a = 0; a < 3; a++)
        d->coord[a] = bench_alloc(nc * 8);
    d->conn = bench_alloc(ec * BENCH_NODES_PER_ELEM * 4);
    d->nodvar = bench_alloc(nc * ns * BENCH_NNODVAR * 8);
    d->elemvar = bench_alloc(ec * ns * 8);
    return d->coord[0] && d->coord[1] && d->coord[2] && d->conn && d->nodvar &&
                   d->elemvar ? 0 : -1;
}

static void data_free(par_data *d)
{
    for (int a = 0; a < 3; a++)
        free(d->coord[a]);
    free(d->conn);
    free(d->nodvar);
    free(d->elemvar);
    memset(d, 0, sizeof *d);
}

/* Allocate and fault in a reader's destination (before the clock). */
static int data_alloc_touched(const bench_geom *g, const par_slab *s, par_data *d)
{
    size_t nc = (size_t)s->nc + 1, ec = (size_t)s->ec + 1, ns = (size_t)g->nsteps;
    if (data_alloc(g, s, d) != 0)
        return -1;
    for (int a = 0; a < 3; a++)
        bench_touch(d->coord[a], nc * 8);
    bench_touch(d->conn, ec * BENCH_NODES_PER_ELEM * 4);
    bench_touch(d->nodvar, nc * ns * BENCH_NNODVAR * 8);
    bench_touch(d->elemvar, ec * ns * 8);
    return 0;
}

static void data_fill(const bench_geom *g, const par_slab *s, par_data *d)
{
    par_array *arrs = malloc(NARR_MAX * sizeof *arrs);
    int n = slab_arrays(g, s, d, arrs);
    for (int i = 0; i < n; i++)
        for (int64_t j = 0; j < arrs[i].count; j++) {
            double v = bench_value(g, arrs[i].arr, arrs[i].a, arrs[i].b,
                                   arrs[i].start + j);
            if (arrs[i].t == BV_I32)
                ((int32_t *)arrs[i].buf)[j] = (int32_t)v;
            else
                ((double *)arrs[i].buf)[j] = v;
        }
    free(arrs);
}

static int64_t data_check(const bench_geom *g, const par_slab *s,
                          const par_data *d, const char *who)
{
    par_array *arrs = malloc(NARR_MAX * sizeof *arrs);
    int n = slab_arrays(g, s, d, arrs);
    int64_t bad = 0;
    for (int i = 0; i < n; i++)
        bad += bench_check(g, arrs[i].arr, arrs[i].a, arrs[i].b, arrs[i].start,
                           arrs[i].count, arrs[i].t, arrs[i].buf, who);
    free(arrs);
    return arrs ? bad : 1;
}

/* ------------------------------------------------------------------ */
/* Raw pread / pwrite. */

static int raw_io(int fd, char *buf, int64_t off, int64_t len, int wr)
{
    int64_t done = 0;
    while (done < len) {
        size_t want = len - done < IO_CALL ? (size_t)(len - done) : IO_CALL;
        ssize_t k = wr ? pwrite(fd, buf + done, want, (off_t)(off + done))
                       : pread(fd, buf + done, want, (off_t)(off + done));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        done += k;
    }
    return 0;
}

static int peer_pread(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    (void)s;
    (void)verify;
    int64_t lo = c->file_size * c->rank / c->size;
    int64_t len = c->file_size * (c->rank + 1) / c->size - lo;
    char *buf = bench_alloc((size_t)len + 1);
    if (buf)
        bench_touch(buf, (size_t)len + 1); /* the pre-touched reference */
    double t0 = bench_now();
    int fd = open(c->path, O_RDONLY);
    int rc = fd >= 0 && buf ? raw_io(fd, buf, lo, len, 0) : -1;
    if (fd >= 0)
        close(fd);
    r->seconds = bench_now() - t0;
    r->payload = len;
    snprintf(r->note, sizeof r->note, "bytes only: 1/%d of the file per rank",
             c->size);
    free(buf);
    return rc;
}

/* Each rank's payload, its arrays back to back, at its offset. */
static int pwrite_slab(par_ctx *c, const par_slab *s, int fd, int64_t off)
{
    par_array *arrs = malloc(NARR_MAX * sizeof *arrs);
    int n = slab_arrays(&c->g, s, &c->src, arrs), rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        int64_t len = arrs[i].count * (int64_t)bench_vtype_size(arrs[i].t);
        rc = raw_io(fd, arrs[i].buf, off, len, 1);
        off += len;
    }
    free(arrs);
    return arrs ? rc : -1;
}

static int64_t pwrite_check(par_ctx *c, const par_slab *s, int64_t off)
{
    int64_t len = slab_bytes(&c->g, s), bad = 0;
    char *buf = malloc((size_t)len + 1);
    int fd = open(c->path, O_RDONLY);
    par_array *arrs = malloc(NARR_MAX * sizeof *arrs);
    int n = slab_arrays(&c->g, s, &c->src, arrs);
    if (!buf || fd < 0 || raw_io(fd, buf, off, len, 0) != 0)
        bad = 1;
    int64_t at = 0;
    for (int i = 0; i < n && bad == 0; i++) {
        int64_t l = arrs[i].count * (int64_t)bench_vtype_size(arrs[i].t);
        bad += memcmp(buf + at, arrs[i].buf, (size_t)l) != 0;
        at += l;
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    free(arrs);
    return bad + !arrs;
}

/* Every write peer starts with no file at the path, removed before its
 * clock starts. Replacing the previous round's file inside the timed part
 * charged peers unequally: netCDF-C and PnetCDF truncate it at create
 * (its page cache freed, then reused for the new file), while exoslab's
 * crash-safe create writes a temporary beside it (366 MB of new page
 * cache per 2 ranks, in this VM sometimes 10x slower to allocate) and
 * frees the old file at the rename in exs_close. */
static void fresh_target(par_ctx *c)
{
    if (c->rank == 0)
        unlink(c->path);
    MPI_Barrier(c->comm);
}

static int peer_pwrite(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    int64_t len = slab_bytes(&c->g, s), off = 0;
    MPI_Exscan(&len, &off, 1, MPI_INT64_T, MPI_SUM, c->comm);
    if (c->rank == 0)
        off = 0;
    fresh_target(c);
    double t0 = bench_now();
    int fd = open(c->path, O_WRONLY | O_CREAT, 0644);
    int rc = fd >= 0 ? pwrite_slab(c, s, fd, off) : -1;
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    r->seconds = bench_now() - t0;
    r->payload = len;
    MPI_Barrier(c->comm);
    if (verify && rc == 0)
        r->mismatches = pwrite_check(c, s, off);
    snprintf(r->note, sizeof r->note, "bytes only");
    return rc;
}

/* ------------------------------------------------------------------ */
/* exoslab. */

static int exs_note(exs_file *f, int rc, const char *what, par_run *r)
{
    if (rc != 0 && !r->note[0])
        snprintf(r->note, sizeof r->note, "%.60s: %s: %.120s", what,
                 exs_errname(rc), f ? exs_errmsg(f) : "");
    return rc;
}

#define EXS_CK(f, r, call)                                                   \
    do {                                                                     \
        int rc_ = exs_note((f), (call), #call, (r));                         \
        if (rc_ != 0)                                                        \
            return rc_;                                                      \
    } while (0)

/* The variable requests of one step (3 nodal, one per block). */
static int64_t step_reqs(const par_ctx *c, const par_slab *s, const par_data *d,
                         int64_t t, exs_var_req *q)
{
    int64_t n = 0, ns = c->g.nsteps;
    for (int v = 0; v < BENCH_NNODVAR; v++)
        q[n++] = (exs_var_req){EXS_NODAL, 0, v, s->ns, s->nc, EXS_F64,
                               d->nodvar + (v * ns + t) * s->nc};
    for (int64_t k = 0; k < c->g.nblocks; k++) {
        const par_piece *p = &s->pieces[k];
        q[n++] = (exs_var_req){EXS_ELEM_BLOCK, k + 1, 0, p->bstart, p->count,
                               EXS_F64, d->elemvar + ns * p->off + t * p->count};
    }
    return n;
}

static int exs_read_slab(par_ctx *c, exs_file *f, const par_slab *s,
                         par_data *d, par_run *r)
{
    exs_var_req *q = malloc((size_t)(BENCH_NNODVAR + c->g.nblocks) * sizeof *q);
    int rc = q ? 0 : EXS_ENOMEM;
    for (int a = 0; a < 3 && rc == 0; a++)
        rc = exs_note(f, exs_get_coord_all(f, a, s->ns, s->nc, EXS_F64, d->coord[a]),
                      "exs_get_coord_all", r);
    if (rc == 0)
        rc = exs_note(f, exs_get_elem_conn_all(f, s->es, s->ec, EXS_I32, d->conn),
                      "exs_get_elem_conn_all", r);
    /* Each variable's steps in one call: [nsteps][count] per variable. */
    int64_t ns = c->g.nsteps, nq = step_reqs(c, s, d, 0, q);
    for (int64_t i = 0; i < nq && rc == 0; i++)
        rc = exs_note(f, exs_get_var_steps_all(f, q[i].kind, q[i].id, q[i].var, 0, ns,
                                               q[i].start, q[i].count, q[i].t,
                                               q[i].buf),
                      "exs_get_var_steps_all", r);
    free(q);
    return rc;
}

static int peer_exoslab_read(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    par_data d;
    exs_file *f = NULL;
    int rc = data_alloc_touched(&c->g, s, &d) == 0 ? 0 : EXS_ENOMEM;
    double t0 = bench_now();
    if (rc == 0)
        rc = exs_open_par_err(c->path, EXS_READ, c->comm, MPI_INFO_NULL, &f,
                              r->note, sizeof r->note);
    if (rc == 0)
        rc = exs_read_slab(c, f, s, &d, r);
    int crc = f ? exs_close(f) : 0;
    r->seconds = bench_now() - t0;
    r->payload = slab_bytes(&c->g, s);
    if (rc == 0 && verify)
        r->mismatches = data_check(&c->g, s, &d, "exoslab");
    data_free(&d);
    return rc == 0 && crc == 0 ? 0 : -1;
}

/* The same with the classic direct read path off (CDF files: PnetCDF's
 * own reads and swap under exoslab), in the same rounds. */
static int peer_exoslab_nodirect_read(par_ctx *c, const par_slab *s, int verify,
                                      par_run *r)
{
    setenv("EXOSLAB_NO_DIRECT", "1", 1);
    int rc = peer_exoslab_read(c, s, verify, r);
    unsetenv("EXOSLAB_NO_DIRECT");
    return rc;
}

static int exs_define(exs_file *f, const bench_geom *g, par_run *r)
{
    static const char *const axes[3] = {"x", "y", "z"};
    EXS_CK(f, r, exs_def_mesh(f, "exoslab parallel benchmark", 3, g->num_nodes));
    for (int64_t k = 0; k < g->nblocks; k++) {
        char name[32];
        snprintf(name, sizeof name, "block_%d", (int)(k + 1));
        exs_block_def d = {k + 1, "HEX8", bench_block_len(g, k),
                           BENCH_NODES_PER_ELEM, 0, 0, 0, name};
        EXS_CK(f, r, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    }
    EXS_CK(f, r, exs_def_vars(f, EXS_NODAL, BENCH_NNODVAR, bench_nodvar_names));
    EXS_CK(f, r, exs_def_vars(f, EXS_ELEM_BLOCK, BENCH_NELEMVAR, bench_elemvar_names));
    EXS_CK(f, r, exs_put_coord_names(f, axes));
    EXS_CK(f, r, exs_end_define(f));
    return 0;
}

static int exs_create_def(par_ctx *c, exs_file **f, par_run *r)
{
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = c->cdf ? EXS_FORMAT_CDF5 : EXS_FORMAT_NETCDF4;
    o.clobber = 1;
    int rc = exs_create_par_err(c->path, &o, c->comm, MPI_INFO_NULL, f, r->note,
                                sizeof r->note);
    return rc != 0 ? rc : exs_define(*f, &c->g, r);
}

static int exs_write_slab(par_ctx *c, exs_file *f, const par_slab *s, par_run *r)
{
    const par_data *d = &c->src;
    exs_var_req *q = malloc((size_t)(BENCH_NNODVAR + c->g.nblocks) * sizeof *q);
    int rc = q ? 0 : EXS_ENOMEM;
    for (int a = 0; a < 3 && rc == 0; a++)
        rc = exs_note(f, exs_put_coord_all(f, a, s->ns, s->nc, EXS_F64, d->coord[a]),
                      "exs_put_coord_all", r);
    if (rc == 0)
        rc = exs_note(f, exs_put_elem_conn_all(f, s->es, s->ec, EXS_I32, d->conn),
                      "exs_put_elem_conn_all", r);
    for (int64_t t = 0; t < c->g.nsteps && rc == 0 && c->per_step; t++) {
        rc = exs_note(f, exs_put_time_all(f, t, bench_value(&c->g, BA_TIMES, 0, 0, t)),
                      "exs_put_time_all", r);
        if (rc == 0)
            rc = exs_note(f, exs_put_vars_all(f, t, step_reqs(c, s, d, t, q), q),
                          "exs_put_vars_all", r);
    }
    double times[64];
    for (int64_t t = 0; t < c->g.nsteps && t < 64; t++)
        times[t] = bench_value(&c->g, BA_TIMES, 0, 0, t);
    if (rc == 0 && !c->per_step)
        rc = exs_note(f, exs_put_times_all(f, 0, c->g.nsteps, EXS_F64, times),
                      "exs_put_times_all", r);
    /* As the netcdf / pnetcdf peers: each variable's steps in one call,
     * [nsteps][count]. (One exs_put_vars_steps_all of every variable, a
     * single PnetCDF wait of ~150 MB per rank, measured slower: 2.02 s
     * median against 1.19 s, 2 ranks, load 4.4.) */
    if (rc == 0 && !c->per_step) {
        int64_t nq = step_reqs(c, s, d, 0, q);
        for (int64_t i = 0; i < nq && rc == 0; i++)
            rc = exs_note(f, exs_put_var_steps_all(f, q[i].kind, q[i].id, q[i].var, 0,
                                                   c->g.nsteps, q[i].start, q[i].count,
                                                   q[i].t, q[i].buf),
                          "exs_put_var_steps_all", r);
    }
    free(q);
    return rc;
}

static int nc_read_slab(par_ctx *c, const par_slab *s, par_data *d, char *err,
                        size_t errlen);

/* Read a written file back with the netcdf reader and check it. */
static int64_t verify_written(par_ctx *c, const par_slab *s, const char *who,
                              par_run *r)
{
    par_data d;
    if (data_alloc(&c->g, s, &d) != 0)
        return 1;
    int rc = nc_read_slab(c, s, &d, r->note, sizeof r->note);
    int64_t bad = rc == NC_NOERR ? data_check(&c->g, s, &d, who) : 1;
    data_free(&d);
    return bad;
}

static int peer_exoslab_write(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    exs_file *f = NULL;
    if (!c->replace)
        fresh_target(c);
    double t0 = bench_now();
    int rc = exs_create_def(c, &f, r);
    if (rc == 0)
        rc = exs_write_slab(c, f, s, r);
    int crc = f ? exs_close(f) : 0;
    r->seconds = bench_now() - t0;
    r->payload = slab_bytes(&c->g, s);
    if (rc == 0 && crc == 0 && verify)
        r->mismatches = verify_written(c, s, "exoslab write", r);
    return rc == 0 && crc == 0 ? 0 : -1;
}

/* exoslab replacing the file the previous peer left (the crash-safe
 * create writes beside it and renames over it at close): what an
 * overwrite costs, apart from the comparison with the peers. */
static int peer_exoslab_replace(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    c->replace = 1;
    int rc = peer_exoslab_write(c, s, verify, r);
    c->replace = 0;
    return rc;
}

static int peer_exoslab_write_steps(par_ctx *c, const par_slab *s, int verify,
                                    par_run *r)
{
    c->per_step = 1;
    int rc = peer_exoslab_write(c, s, verify, r);
    c->per_step = 0;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Plain netCDF-C (parallel). Every rank makes the same calls whatever
 * fails (collective calls must match); the first failure is kept. */

typedef struct ncp {
    int ncid, rc;
    char *err;
    size_t errlen;
} ncp;

static void nck(ncp *n, int rc, const char *what)
{
    if (rc == NC_NOERR || n->rc != NC_NOERR)
        return;
    n->rc = rc;
    snprintf(n->err, n->errlen, "%s: %s", what, nc_strerror(rc));
}

static int nc_var(ncp *n, const char *fmt, int64_t k)
{
    char name[64];
    int id = -1;
    snprintf(name, sizeof name, fmt, (int)k);
    nck(n, nc_inq_varid(n->ncid, name, &id), name);
    nck(n, nc_var_par_access(n->ncid, id, NC_COLLECTIVE), name);
    return id;
}

static void nc_get_slab(ncp *n, const par_ctx *c, const par_slab *s, par_data *d)
{
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    size_t ns = (size_t)c->g.nsteps;
    for (int a = 0; a < 3; a++) {
        size_t st = (size_t)s->ns, ct = (size_t)s->nc;
        nck(n, nc_get_vara_double(n->ncid, nc_var(n, cn[a], 0), &st, &ct,
                                  d->coord[a]), cn[a]);
    }
    for (int v = 0; v < BENCH_NNODVAR; v++) {
        size_t st[2] = {0, (size_t)s->ns}, ct[2] = {ns, (size_t)s->nc};
        nck(n, nc_get_vara_double(n->ncid, nc_var(n, "vals_nod_var%d", v + 1), st, ct,
                                  d->nodvar + v * ns * s->nc), "vals_nod_var");
    }
    for (int64_t k = 0; k < c->g.nblocks; k++) {
        const par_piece *p = &s->pieces[k];
        size_t st[2] = {(size_t)p->bstart, 0}, ct[2] = {(size_t)p->count, 8};
        nck(n, nc_get_vara_int(n->ncid, nc_var(n, "connect%d", k + 1), st, ct,
                               d->conn + p->off * 8), "connect");
        size_t st2[2] = {0, (size_t)p->bstart}, ct2[2] = {ns, (size_t)p->count};
        nck(n, nc_get_vara_double(n->ncid, nc_var(n, "vals_elem_var1eb%d", k + 1),
                                  st2, ct2, d->elemvar + ns * p->off), "vals_elem_var");
    }
}

static int nc_read_slab(par_ctx *c, const par_slab *s, par_data *d, char *err,
                        size_t errlen)
{
    ncp n = {-1, NC_NOERR, err, errlen};
    nck(&n, nc_open_par(c->path, NC_NOWRITE, c->comm, MPI_INFO_NULL, &n.ncid),
        "nc_open_par");
    if (n.rc != NC_NOERR)
        return n.rc;
    nc_get_slab(&n, c, s, d);
    nck(&n, nc_close(n.ncid), "nc_close");
    return n.rc;
}

static int peer_netcdf_read(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    par_data d;
    int rc = data_alloc_touched(&c->g, s, &d) == 0 ? NC_NOERR : NC_ENOMEM;
    double t0 = bench_now();
    if (rc == NC_NOERR)
        rc = nc_read_slab(c, s, &d, r->note, sizeof r->note);
    r->seconds = bench_now() - t0;
    r->payload = slab_bytes(&c->g, s);
    if (rc == NC_NOERR && verify)
        r->mismatches = data_check(&c->g, s, &d, "netcdf");
    data_free(&d);
    return rc == NC_NOERR ? 0 : -1;
}

static int nc_dim(ncp *n, const char *fmt, int64_t k, int64_t len)
{
    char name[64];
    int id = -1;
    snprintf(name, sizeof name, fmt, (int)k);
    nck(n, nc_def_dim(n->ncid, name, (size_t)len, &id), name);
    return id;
}

static void nc_def(ncp *n, const bench_geom *g)
{
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    int dn = nc_dim(n, "num_nodes", 0, g->num_nodes), id;
    int dt = nc_dim(n, "time_step", 0, NC_UNLIMITED), d8 = nc_dim(n, "num_nod_per_el", 0, 8);
    char name[64];
    nck(n, nc_set_fill(n->ncid, NC_NOFILL, &id), "nc_set_fill");
    nck(n, nc_def_var(n->ncid, "time_whole", NC_DOUBLE, 1, &dt, &id), "time_whole");
    for (int a = 0; a < 3; a++)
        nck(n, nc_def_var(n->ncid, cn[a], NC_DOUBLE, 1, &dn, &id), cn[a]);
    for (int v = 0; v < BENCH_NNODVAR; v++) {
        int dims[2] = {dt, dn};
        snprintf(name, sizeof name, "vals_nod_var%d", v + 1);
        nck(n, nc_def_var(n->ncid, name, NC_DOUBLE, 2, dims, &id), name);
    }
    for (int64_t k = 0; k < g->nblocks; k++) {
        int de = nc_dim(n, "num_el_in_blk%d", k + 1, bench_block_len(g, k));
        int dc[2] = {de, d8}, dv[2] = {dt, de};
        snprintf(name, sizeof name, "connect%d", (int)(k + 1));
        nck(n, nc_def_var(n->ncid, name, NC_INT, 2, dc, &id), name);
        snprintf(name, sizeof name, "vals_elem_var1eb%d", (int)(k + 1));
        nck(n, nc_def_var(n->ncid, name, NC_DOUBLE, 2, dv, &id), name);
    }
    nck(n, nc_enddef(n->ncid), "nc_enddef");
}

/* The *-steps peer: coordinates and connectivity, then each step as a
 * simulation writes it (time, then every variable of that step), as
 * exoslab's peer and the serial benchmark's netCDF-C peers do. */
static void nc_put_steps(ncp *n, const par_ctx *c, const par_slab *s)
{
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    const par_data *d = &c->src;
    size_t ns = (size_t)c->g.nsteps, one = 1;
    for (int a = 0; a < 3; a++) {
        size_t st = (size_t)s->ns, ct = (size_t)s->nc;
        nck(n, nc_put_vara_double(n->ncid, nc_var(n, cn[a], 0), &st, &ct,
                                  d->coord[a]), cn[a]);
    }
    for (int64_t k = 0; k < c->g.nblocks; k++) {
        const par_piece *p = &s->pieces[k];
        size_t st[2] = {(size_t)p->bstart, 0}, ct[2] = {(size_t)p->count, 8};
        nck(n, nc_put_vara_int(n->ncid, nc_var(n, "connect%d", k + 1), st, ct,
                               d->conn + p->off * 8), "connect");
    }
    for (size_t t = 0; t < ns; t++) {
        double tv = bench_value(&c->g, BA_TIMES, 0, 0, (int64_t)t);
        nck(n, nc_put_vara_double(n->ncid, nc_var(n, "time_whole", 0), &t, &one, &tv),
            "time_whole");
        for (int v = 0; v < BENCH_NNODVAR; v++) {
            size_t st[2] = {t, (size_t)s->ns}, ct[2] = {1, (size_t)s->nc};
            nck(n, nc_put_vara_double(n->ncid, nc_var(n, "vals_nod_var%d", v + 1), st,
                                      ct, d->nodvar + (v * ns + t) * s->nc),
                "vals_nod_var");
        }
        for (int64_t k = 0; k < c->g.nblocks; k++) {
            const par_piece *p = &s->pieces[k];
            size_t st2[2] = {t, (size_t)p->bstart}, ct2[2] = {1, (size_t)p->count};
            nck(n, nc_put_vara_double(n->ncid, nc_var(n, "vals_elem_var1eb%d", k + 1),
                                      st2, ct2, d->elemvar + ns * p->off + t * p->count),
                "vals_elem_var");
        }
    }
}

static void nc_put_slab(ncp *n, const par_ctx *c, const par_slab *s)
{
    if (c->per_step) {
        nc_put_steps(n, c, s);
        return;
    }
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    const par_data *d = &c->src;
    size_t ns = (size_t)c->g.nsteps, z = 0;
    double times[64];
    for (size_t t = 0; t < ns && t < 64; t++)
        times[t] = bench_value(&c->g, BA_TIMES, 0, 0, (int64_t)t);
    nck(n, nc_put_vara_double(n->ncid, nc_var(n, "time_whole", 0), &z, &ns, times),
        "time_whole");
    for (int a = 0; a < 3; a++) {
        size_t st = (size_t)s->ns, ct = (size_t)s->nc;
        nck(n, nc_put_vara_double(n->ncid, nc_var(n, cn[a], 0), &st, &ct,
                                  d->coord[a]), cn[a]);
    }
    for (int v = 0; v < BENCH_NNODVAR; v++) {
        size_t st[2] = {0, (size_t)s->ns}, ct[2] = {ns, (size_t)s->nc};
        nck(n, nc_put_vara_double(n->ncid, nc_var(n, "vals_nod_var%d", v + 1), st, ct,
                                  d->nodvar + v * ns * s->nc), "vals_nod_var");
    }
    for (int64_t k = 0; k < c->g.nblocks; k++) {
        const par_piece *p = &s->pieces[k];
        size_t st[2] = {(size_t)p->bstart, 0}, ct[2] = {(size_t)p->count, 8};
        nck(n, nc_put_vara_int(n->ncid, nc_var(n, "connect%d", k + 1), st, ct,
                               d->conn + p->off * 8), "connect");
        size_t st2[2] = {0, (size_t)p->bstart}, ct2[2] = {ns, (size_t)p->count};
        nck(n, nc_put_vara_double(n->ncid, nc_var(n, "vals_elem_var1eb%d", k + 1),
                                  st2, ct2, d->elemvar + ns * p->off), "vals_elem_var");
    }
}

static int peer_netcdf_write(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    ncp n = {-1, NC_NOERR, r->note, sizeof r->note};
    int mode = NC_CLOBBER | (c->cdf ? NC_64BIT_DATA : NC_NETCDF4);
    fresh_target(c);
    double t0 = bench_now();
    nck(&n, nc_create_par(c->path, mode, c->comm, MPI_INFO_NULL, &n.ncid),
        "nc_create_par");
    if (n.rc == NC_NOERR) {
        nc_def(&n, &c->g);
        nc_put_slab(&n, c, s);
        nck(&n, nc_close(n.ncid), "nc_close");
    }
    r->seconds = bench_now() - t0;
    r->payload = slab_bytes(&c->g, s);
    if (n.rc == NC_NOERR && verify)
        r->mismatches = verify_written(c, s, "netcdf write", r);
    return n.rc == NC_NOERR ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* PnetCDF (CDF files). */

static int pn_var(int ncid, const char *fmt, int64_t k, int *rc)
{
    char name[64];
    int id = -1, e;
    snprintf(name, sizeof name, fmt, (int)k);
    if ((e = ncmpi_inq_varid(ncid, name, &id)) != NC_NOERR && *rc == NC_NOERR)
        *rc = e;
    return id;
}

static void pn_keep(int *rc, int e)
{
    if (*rc == NC_NOERR)
        *rc = e;
}

static int pn_get_slab(int ncid, const par_ctx *c, const par_slab *s, par_data *d)
{
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    MPI_Offset ns = c->g.nsteps;
    int rc = NC_NOERR;
    for (int a = 0; a < 3; a++) {
        MPI_Offset st = s->ns, ct = s->nc;
        pn_keep(&rc, ncmpi_get_vara_double_all(ncid, pn_var(ncid, cn[a], 0, &rc), &st,
                                               &ct, d->coord[a]));
    }
    for (int v = 0; v < BENCH_NNODVAR; v++) {
        MPI_Offset st[2] = {0, s->ns}, ct[2] = {ns, s->nc};
        pn_keep(&rc, ncmpi_get_vara_double_all(
                         ncid, pn_var(ncid, "vals_nod_var%d", v + 1, &rc), st, ct,
                         d->nodvar + v * ns * s->nc));
    }
    for (int64_t k = 0; k < c->g.nblocks; k++) {
        const par_piece *p = &s->pieces[k];
        MPI_Offset st[2] = {p->bstart, 0}, ct[2] = {p->count, 8};
        pn_keep(&rc, ncmpi_get_vara_int_all(ncid, pn_var(ncid, "connect%d", k + 1, &rc),
                                            st, ct, d->conn + p->off * 8));
        MPI_Offset st2[2] = {0, p->bstart}, ct2[2] = {ns, p->count};
        pn_keep(&rc, ncmpi_get_vara_double_all(
                         ncid, pn_var(ncid, "vals_elem_var1eb%d", k + 1, &rc), st2,
                         ct2, d->elemvar + ns * p->off));
    }
    return rc;
}

static int peer_pnetcdf_read(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    par_data d;
    int ncid = -1;
    int rc = data_alloc_touched(&c->g, s, &d) == 0 ? NC_NOERR : NC_ENOMEM;
    double t0 = bench_now();
    if (rc == NC_NOERR)
        rc = ncmpi_open(c->comm, c->path, NC_NOWRITE, MPI_INFO_NULL, &ncid);
    if (rc == NC_NOERR) {
        rc = pn_get_slab(ncid, c, s, &d);
        pn_keep(&rc, ncmpi_close(ncid));
    }
    r->seconds = bench_now() - t0;
    r->payload = slab_bytes(&c->g, s);
    if (rc != NC_NOERR)
        snprintf(r->note, sizeof r->note, "PnetCDF: %s", ncmpi_strerror(rc));
    else if (verify)
        r->mismatches = data_check(&c->g, s, &d, "pnetcdf");
    data_free(&d);
    return rc == NC_NOERR ? 0 : -1;
}

/* The writer of nc_def / nc_put_slab, natively in PnetCDF (CDF-5). */
static int pn_dim(int ncid, const char *fmt, int64_t k, MPI_Offset len, int *rc)
{
    char name[64];
    int id = -1;
    snprintf(name, sizeof name, fmt, (int)k);
    pn_keep(rc, ncmpi_def_dim(ncid, name, len, &id));
    return id;
}

static void pn_def(int ncid, const bench_geom *g, int *rc)
{
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    int dn = pn_dim(ncid, "num_nodes", 0, g->num_nodes, rc), id;
    int dt = pn_dim(ncid, "time_step", 0, NC_UNLIMITED, rc);
    int d8 = pn_dim(ncid, "num_nod_per_el", 0, 8, rc);
    char name[64];
    pn_keep(rc, ncmpi_set_fill(ncid, NC_NOFILL, &id));
    pn_keep(rc, ncmpi_def_var(ncid, "time_whole", NC_DOUBLE, 1, &dt, &id));
    for (int a = 0; a < 3; a++)
        pn_keep(rc, ncmpi_def_var(ncid, cn[a], NC_DOUBLE, 1, &dn, &id));
    for (int v = 0; v < BENCH_NNODVAR; v++) {
        int dims[2] = {dt, dn};
        snprintf(name, sizeof name, "vals_nod_var%d", v + 1);
        pn_keep(rc, ncmpi_def_var(ncid, name, NC_DOUBLE, 2, dims, &id));
    }
    for (int64_t k = 0; k < g->nblocks; k++) {
        int de = pn_dim(ncid, "num_el_in_blk%d", k + 1, bench_block_len(g, k), rc);
        int dc[2] = {de, d8}, dv[2] = {dt, de};
        snprintf(name, sizeof name, "connect%d", (int)(k + 1));
        pn_keep(rc, ncmpi_def_var(ncid, name, NC_INT, 2, dc, &id));
        snprintf(name, sizeof name, "vals_elem_var1eb%d", (int)(k + 1));
        pn_keep(rc, ncmpi_def_var(ncid, name, NC_DOUBLE, 2, dv, &id));
    }
    pn_keep(rc, ncmpi_enddef(ncid));
}

/* The pnetcdf-steps peer: as nc_put_steps, natively. */
static void pn_put_steps(int ncid, const par_ctx *c, const par_slab *s, int *rc)
{
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    const par_data *d = &c->src;
    MPI_Offset ns = c->g.nsteps, one = 1;
    for (int a = 0; a < 3; a++) {
        MPI_Offset st = s->ns, ct = s->nc;
        pn_keep(rc, ncmpi_put_vara_double_all(ncid, pn_var(ncid, cn[a], 0, rc), &st,
                                              &ct, d->coord[a]));
    }
    for (int64_t k = 0; k < c->g.nblocks; k++) {
        const par_piece *p = &s->pieces[k];
        MPI_Offset st[2] = {p->bstart, 0}, ct[2] = {p->count, 8};
        pn_keep(rc, ncmpi_put_vara_int_all(ncid, pn_var(ncid, "connect%d", k + 1, rc),
                                           st, ct, d->conn + p->off * 8));
    }
    for (MPI_Offset t = 0; t < ns; t++) {
        double tv = bench_value(&c->g, BA_TIMES, 0, 0, (int64_t)t);
        pn_keep(rc, ncmpi_put_vara_double_all(ncid, pn_var(ncid, "time_whole", 0, rc),
                                              &t, &one, &tv));
        for (int v = 0; v < BENCH_NNODVAR; v++) {
            MPI_Offset st[2] = {t, s->ns}, ct[2] = {1, s->nc};
            pn_keep(rc, ncmpi_put_vara_double_all(
                            ncid, pn_var(ncid, "vals_nod_var%d", v + 1, rc), st, ct,
                            d->nodvar + (v * ns + t) * s->nc));
        }
        for (int64_t k = 0; k < c->g.nblocks; k++) {
            const par_piece *p = &s->pieces[k];
            MPI_Offset st2[2] = {t, p->bstart}, ct2[2] = {1, p->count};
            pn_keep(rc, ncmpi_put_vara_double_all(
                            ncid, pn_var(ncid, "vals_elem_var1eb%d", k + 1, rc), st2,
                            ct2, d->elemvar + ns * p->off + t * p->count));
        }
    }
}

static void pn_put_slab(int ncid, const par_ctx *c, const par_slab *s, int *rc)
{
    if (c->per_step) {
        pn_put_steps(ncid, c, s, rc);
        return;
    }
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    const par_data *d = &c->src;
    MPI_Offset ns = c->g.nsteps, z = 0;
    double times[64];
    for (int64_t t = 0; t < ns && t < 64; t++)
        times[t] = bench_value(&c->g, BA_TIMES, 0, 0, t);
    pn_keep(rc, ncmpi_put_vara_double_all(ncid, pn_var(ncid, "time_whole", 0, rc),
                                          &z, &ns, times));
    for (int a = 0; a < 3; a++) {
        MPI_Offset st = s->ns, ct = s->nc;
        pn_keep(rc, ncmpi_put_vara_double_all(ncid, pn_var(ncid, cn[a], 0, rc), &st,
                                              &ct, d->coord[a]));
    }
    for (int v = 0; v < BENCH_NNODVAR; v++) {
        MPI_Offset st[2] = {0, s->ns}, ct[2] = {ns, s->nc};
        pn_keep(rc, ncmpi_put_vara_double_all(
                        ncid, pn_var(ncid, "vals_nod_var%d", v + 1, rc), st, ct,
                        d->nodvar + v * ns * s->nc));
    }
    for (int64_t k = 0; k < c->g.nblocks; k++) {
        const par_piece *p = &s->pieces[k];
        MPI_Offset st[2] = {p->bstart, 0}, ct[2] = {p->count, 8};
        pn_keep(rc, ncmpi_put_vara_int_all(ncid, pn_var(ncid, "connect%d", k + 1, rc),
                                           st, ct, d->conn + p->off * 8));
        MPI_Offset st2[2] = {0, p->bstart}, ct2[2] = {ns, p->count};
        pn_keep(rc, ncmpi_put_vara_double_all(
                        ncid, pn_var(ncid, "vals_elem_var1eb%d", k + 1, rc), st2,
                        ct2, d->elemvar + ns * p->off));
    }
}

static int peer_pnetcdf_write(par_ctx *c, const par_slab *s, int verify, par_run *r)
{
    int ncid = -1;
    fresh_target(c);
    double t0 = bench_now();
    int rc = ncmpi_create(c->comm, c->path, NC_CLOBBER | NC_64BIT_DATA,
                          MPI_INFO_NULL, &ncid);
    if (rc == NC_NOERR) {
        pn_def(ncid, &c->g, &rc);
        pn_put_slab(ncid, c, s, &rc);
        pn_keep(&rc, ncmpi_close(ncid));
    }
    r->seconds = bench_now() - t0;
    r->payload = slab_bytes(&c->g, s);
    if (rc != NC_NOERR)
        snprintf(r->note, sizeof r->note, "PnetCDF: %s", ncmpi_strerror(rc));
    else if (verify)
        r->mismatches = verify_written(c, s, "pnetcdf write", r);
    return rc == NC_NOERR ? 0 : -1;
}

static int peer_netcdf_write_steps(par_ctx *c, const par_slab *s, int verify,
                                   par_run *r)
{
    c->per_step = 1;
    int rc = peer_netcdf_write(c, s, verify, r);
    c->per_step = 0;
    return rc;
}

static int peer_pnetcdf_write_steps(par_ctx *c, const par_slab *s, int verify,
                                    par_run *r)
{
    c->per_step = 1;
    int rc = peer_pnetcdf_write(c, s, verify, r);
    c->per_step = 0;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Measuring: every rank runs the peer; the run's time is the slowest
 * rank's; peak RSS is each rank's VmHWM since a reset before the run. */

static void hwm_reset(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    if (fd >= 0) {
        if (write(fd, "5", 1) != 1)
            fprintf(stderr, "exs_bench_par: cannot reset VmHWM\n");
        close(fd);
    }
}

/* Per-rank memory of a peer: worst margin against the RSS target. */
typedef struct par_mem {
    double margin_mib;  /* limit - peak on the worst rank */
    int rank;
    int64_t peak_kib, start_kib, share;
} par_mem;

typedef struct par_peer {
    bench_peer p;
    par_mem mem;
} par_peer;

static void mem_update(par_ctx *c, par_mem *m, int64_t start, int64_t peak,
                       int64_t share)
{
    struct { double v; int r; } in, out;
    in.v = 1.05 * (double)share / 1048576.0 + 20.0 - peak / 1024.0;
    in.r = c->rank;
    MPI_Allreduce(&in, &out, 1, MPI_DOUBLE_INT, MPI_MINLOC, c->comm);
    int64_t mine[3] = {peak, start, share}, w[3];
    MPI_Bcast(c->rank == out.r ? mine : w, 3, MPI_INT64_T, out.r, c->comm);
    if (c->rank != out.r)
        memcpy(mine, w, sizeof w);
    if (out.v < m->margin_mib) {
        *m = (par_mem){out.v, out.r, mine[0], mine[1], mine[2]};
    }
}

/* round < 0: the checking run. */
static void run_once(par_ctx *c, par_fn fn, const par_slab *s, int round,
                     par_peer *pp)
{
    int verify = round < 0;
    par_run r;
    memset(&r, 0, sizeof r);
    MPI_Barrier(c->comm);
    hwm_reset();
    int64_t start = bench_self_rss_kib();
    r.ok = fn(c, s, verify, &r) == 0;
    int64_t peak = bench_self_hwm_kib();
    if (!r.ok || r.mismatches)
        fprintf(stderr, "rank %d: %s: %s\n", c->rank, pp->p.name, r.note);
    int ok = 0;
    int64_t sum[2] = {r.payload, r.mismatches}, tot[2];
    double secs = 0;
    MPI_Allreduce(&r.ok, &ok, 1, MPI_INT, MPI_MIN, c->comm);
    MPI_Allreduce(sum, tot, 2, MPI_INT64_T, MPI_SUM, c->comm);
    MPI_Allreduce(&r.seconds, &secs, 1, MPI_DOUBLE, MPI_MAX, c->comm);
    bench_peer *p = &pp->p;
    if (r.note[0] && c->rank == 0)
        snprintf(p->note, sizeof p->note, "%s", r.note);
    p->payload = tot[0];
    if (!ok) {
        p->failed++;
        bench_peer_round(p, round, NAN);
    } else if (verify) {
        p->checked = 1;
        p->mismatches = tot[1];
    } else {
        bench_peer_round(p, round, secs);
        mem_update(c, &pp->mem, start, peak, r.payload);
    }
}

/* Every peer's checking run, then `reps` rounds of one run per peer,
 * round r starting at peer r % n (interleaved: load bursts on the shared
 * machine hit every peer alike, and paired ratios compare one round). */
typedef struct par_job {
    const char *name;
    par_fn fn;
    const par_slab *s;
} par_job;

static void measure_rounds(par_ctx *c, par_peer *pp, const par_job *jobs, int n,
                           int reps)
{
    for (int i = 0; i < n; i++) {
        memset(&pp[i], 0, sizeof pp[i]);
        bench_peer_begin(&pp[i].p, jobs[i].name);
        pp[i].mem.margin_mib = INFINITY;
        run_once(c, jobs[i].fn, jobs[i].s, -1, &pp[i]);
    }
    for (int r = 0; r < reps && r < BENCH_MAX_ROUNDS; r++)
        for (int j = 0; j < n; j++) {
            int i = (r + j) % n;
            run_once(c, jobs[i].fn, jobs[i].s, r, &pp[i]);
        }
    for (int i = 0; i < n; i++) {
        bench_peer_end(&pp[i].p);
        pp[i].p.peak_kib = pp[i].mem.peak_kib;
        pp[i].p.start_kib = pp[i].mem.start_kib;
    }
}

/* ------------------------------------------------------------------ */
/* Setup: geometry and slabs from exoslab (untimed). */

static int setup_slabs(par_ctx *c, const exs_partition *p)
{
    c->s = (par_slab){p->node_start, p->node_count, p->elem_start, p->elem_count, NULL};
    c->node_chunk = p->node_chunk;
    c->elem_chunk = p->elem_chunk;
    c->sh = c->s;
    shift_range(c->g.num_nodes, c->node_chunk / 2, c->rank, c->size, &c->sh.ns,
                &c->sh.nc);
    shift_range(c->g.num_elem, c->elem_chunk / 2, c->rank, c->size, &c->sh.es,
                &c->sh.ec);
    return slab_pieces(&c->g, &c->s) == 0 && slab_pieces(&c->g, &c->sh) == 0 ? 0 : -1;
}

static int setup_read(par_ctx *c)
{
    exs_file *f = NULL;
    exs_partition p;
    int64_t nn = 0, ne = 0, nt = 0, nb = 0;
    char msg[256] = "";
    int rc = exs_open_par_err(c->path, EXS_READ, c->comm, MPI_INFO_NULL, &f, msg,
                              sizeof msg);
    if (rc == 0) {
        exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
        exs_inquire(f, EXS_INQ_NUM_ELEM, &ne);
        exs_inquire(f, EXS_INQ_NUM_TIMES, &nt);
        exs_num_entities(f, EXS_ELEM_BLOCK, &nb);
        rc = exs_get_partition(f, 0, &p);
        snprintf(msg, sizeof msg, "%s", exs_errmsg(f));
        exs_close(f);
    }
    if (rc != 0 || nb > 64 || bench_geom_from_counts(&c->g, nn, ne, nb, nt) != 0) {
        if (c->rank == 0)
            fprintf(stderr, "exs_bench_par: %s: not a benchmark mesh (%s)\n",
                    c->path, msg);
        return -1;
    }
    return setup_slabs(c, &p);
}

/* The write slabs: exoslab's partition of a file it creates. */
static int setup_write(par_ctx *c)
{
    exs_file *f = NULL;
    exs_partition p;
    par_run r;
    memset(&r, 0, sizeof r);
    int rc = exs_create_def(c, &f, &r);
    if (rc == 0)
        rc = exs_get_partition(f, 0, &p);
    if (f)
        exs_close(f);
    if (rc != 0) {
        if (c->rank == 0)
            fprintf(stderr, "exs_bench_par: setup: %s\n", r.note);
        return -1;
    }
    if (setup_slabs(c, &p) != 0 || data_alloc(&c->g, &c->s, &c->src) != 0)
        return -1;
    data_fill(&c->g, &c->s, &c->src);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Driver. */

typedef struct par_args {
    int write, reps, shift, quick;
    const char *path, *dir, *title, *peers;
    int64_t n;
    int cdf;
} par_args;

static int parse_args(par_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->reps = 3;
    a->n = 100;
    a->dir = "/tmp/exs-bench";
    if (argc < 2 || (strcmp(argv[1], "read") && strcmp(argv[1], "write")))
        return -1;
    a->write = strcmp(argv[1], "write") == 0;
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        int has = i + 1 < argc;
        if (strcmp(o, "--reps") == 0 && has)
            a->reps = (int)bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--dir") == 0 && has)
            a->dir = argv[++i];
        else if (strcmp(o, "--title") == 0 && has)
            a->title = argv[++i];
        else if (strcmp(o, "--peers") == 0 && has)
            a->peers = argv[++i];
        else if (strcmp(o, "--n") == 0 && has)
            a->n = bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--format") == 0 && has)
            a->cdf = strcmp(argv[++i], "cdf5") == 0;
        else if (strcmp(o, "--shift") == 0)
            a->shift = 1;
        else if (strcmp(o, "--quick") == 0)
            a->quick = 1;
        else if (o[0] != '-' && !a->path && !a->write)
            a->path = o;
        else
            return -1;
    }
    if (a->quick)
        a->reps = 1;
    return a->reps >= 1 && (a->write || a->path) ? 0 : -1;
}

/* Median per-round paired ratio of a to b, 0 when either is unusable. */
static double paired(const bench_peer *a, const bench_peer *b)
{
    double med, lo, hi;
    if (!bench_peer_good(a) || !bench_peer_good(b) ||
        bench_paired_ratio(a, b, &med, &lo, &hi) == 0)
        return 0.0;
    return med;
}

/* exoslab against the reference, and against the slowest-to-beat peer
 * library (the smallest paired ratio over netcdf / pnetcdf). */
static void target_exoslab(const par_ctx *c, const par_peer *pp, int n, int write,
                           const bench_peer *exs)
{
    const char *fmt = c->cdf ? "CDF-5" : "netCDF-4";
    char what[160];
    double worst = INFINITY;
    const char *best = NULL;
    snprintf(what, sizeof what, "exoslab %s vs pre-touched %s, %d rank(s), %s",
             write ? "write" : "read", write ? "pwrite" : "pread", c->size, fmt);
    bench_target(stdout, what, 100.0 * paired(exs, &pp[0].p), write ? 80.0 : 85.0, 1,
                 "%");
    for (int i = 1; i < n; i++) {
        const bench_peer *q = &pp[i].p;
        if ((strcmp(q->name, "netcdf") && strcmp(q->name, "pnetcdf")) ||
            !bench_peer_good(q))
            continue;
        if (paired(exs, q) < worst) {
            worst = paired(exs, q);
            best = q->name;
        }
    }
    if (!best)
        return;
    snprintf(what, sizeof what, "%sexoslab %s vs best peer (%s), %d rank(s), %s",
             write ? "" : "(info) ", write ? "write" : "read", best, c->size, fmt);
    bench_target(stdout, what, worst, 1.0, 1, "x");
    /* exoslab-steps against the peers writing step by step, as it does
     * (information). */
    const bench_peer *steps = NULL;
    for (int i = 1; i < n; i++)
        if (strcmp(pp[i].p.name, "exoslab-steps") == 0 && bench_peer_good(&pp[i].p))
            steps = &pp[i].p;
    worst = INFINITY;
    best = NULL;
    for (int i = 1; i < n && steps; i++) {
        const bench_peer *q = &pp[i].p;
        const char *dash = strstr(q->name, "-steps");
        if (!dash || dash[6] != '\0' || q == steps || !bench_peer_good(q) ||
            paired(steps, q) >= worst)
            continue;
        worst = paired(steps, q);
        best = q->name;
    }
    if (!best)
        return;
    snprintf(what, sizeof what, "(info) exoslab-steps write vs best step-by-step peer "
             "(%s), %d rank(s), %s", best, c->size, fmt);
    bench_target(stdout, what, worst, 1.0, 1, "x");
}

static void print_targets(const par_ctx *c, const par_peer *pp, int n, int write)
{
    printf("\n");
    for (int i = 1; i < n; i++) {
        const bench_peer *p = &pp[i].p;
        char what[160];
        if (strcmp(p->name, "exoslab") == 0 && bench_peer_good(&pp[0].p))
            target_exoslab(c, pp, n, write, p);
        const par_mem *m = &pp[i].mem;
        double limit = 1.05 * (double)m->share / 1048576.0 + 20.0;
        snprintf(what, sizeof what, "%s peak RSS, rank %d (share %.1f MiB, start %.1f)",
                 p->name, m->rank, m->share / 1048576.0, m->start_kib / 1024.0);
        bench_target(stdout, what, bench_peer_good(p) ? m->peak_kib / 1024.0 : 1e30,
                     limit, 0, "MiB");
        snprintf(what, sizeof what, "  (info) %s peak RSS growth over startRSS", p->name);
        bench_target(stdout, what, (m->peak_kib - m->start_kib) / 1024.0, limit, 0, "MiB");
    }
}

/* Whether --peers (a comma list; none: every peer) names this one. The
 * raw reference always runs: the ratios are to it. */
static int peer_wanted(const par_args *a, const char *name)
{
    size_t n = strlen(name);
    if (!a->peers || strcmp(name, "pread") == 0 || strcmp(name, "pwrite") == 0)
        return 1;
    for (const char *p = a->peers; (p = strstr(p, name)) != NULL; p += n)
        if ((p == a->peers || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static int run_peers(par_ctx *c, const par_args *a)
{
    struct { par_job job; int on; } rd[] = {
        {{"pread", peer_pread, &c->s}, 1},
        {{"exoslab", peer_exoslab_read, &c->s}, 1},
        {{"netcdf", peer_netcdf_read, &c->s}, 1},
        {{"pnetcdf", peer_pnetcdf_read, &c->s}, c->cdf},
        {{"exoslab-nodirect", peer_exoslab_nodirect_read, &c->s}, c->cdf},
        {{"exoslab-shifted", peer_exoslab_read, &c->sh}, a->shift},
        {{"netcdf-shifted", peer_netcdf_read, &c->sh}, a->shift},
    }, wr[] = {
        {{"pwrite", peer_pwrite, &c->s}, 1},
        {{"exoslab", peer_exoslab_write, &c->s}, 1},
        {{"netcdf", peer_netcdf_write, &c->s}, 1},
        {{"exoslab-steps", peer_exoslab_write_steps, &c->s}, 1},
        {{"exoslab-replace", peer_exoslab_replace, &c->s}, 1},
        {{"pnetcdf", peer_pnetcdf_write, &c->s}, c->cdf},
        {{"netcdf-steps", peer_netcdf_write_steps, &c->s}, 1},
        {{"pnetcdf-steps", peer_pnetcdf_write_steps, &c->s}, c->cdf},
    };
    par_peer pp[10];
    par_job jobs[10];
    int n = 0, bad = 0;
    int np = a->write ? (int)(sizeof wr / sizeof wr[0]) : (int)(sizeof rd / sizeof rd[0]);
    for (int i = 0; i < np; i++)
        if ((a->write ? wr[i].on : rd[i].on) &&
            peer_wanted(a, a->write ? wr[i].job.name : rd[i].job.name))
            jobs[n++] = a->write ? wr[i].job : rd[i].job;
    if (c->rank == 0)
        bench_print_load(stdout, "at the start");
    measure_rounds(c, pp, jobs, n, a->reps);
    for (int i = 0; i < n; i++)
        bad += !bench_peer_good(&pp[i].p);
    if (c->rank == 0) {
        bench_peer tab[10];
        char title[512];
        for (int i = 0; i < n; i++)
            tab[i] = pp[i].p;
        snprintf(title, sizeof title, "%s: %s %s (%s), %d rank(s), %d interleaved "
                 "rounds; peakRSS: worst rank", a->title ? a->title : "exs_bench_par",
                 a->write ? "write" : "read", c->path, c->cdf ? "CDF-5" : "netCDF-4",
                 c->size, a->reps);
        bench_table_print(stdout, title, tab, n, 0);
        if (a->quick)
            printf("\n(quick run: values checked, timings not evaluated)\n");
        else
            print_targets(c, pp, n, a->write);
        if (bad)
            printf("exs_bench_par: %d peer(s) failed or moved wrong values\n", bad);
    }
    return bad;
}

static void print_slabs(const par_ctx *c, const par_args *a)
{
    for (int r = 0; r < c->size; r++) {
        if (r == c->rank)
            printf("rank %d: nodes [%" PRId64 ", +%" PRId64 ") elems [%" PRId64
                   ", +%" PRId64 ") chunks %" PRId64 "/%" PRId64 "%s\n", r,
                   (a->shift ? c->sh : c->s).ns, (a->shift ? c->sh : c->s).nc,
                   (a->shift ? c->sh : c->s).es, (a->shift ? c->sh : c->s).ec,
                   c->node_chunk, c->elem_chunk, a->shift ? " (shifted)" : "");
        fflush(stdout);
        MPI_Barrier(c->comm);
    }
}

static int file_kind(par_ctx *c)
{
    struct stat st;
    unsigned char b[4] = {0};
    int fd = open(c->path, O_RDONLY);
    if (fd < 0 || read(fd, b, 4) != 4 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    c->file_size = (int64_t)st.st_size;
    c->cdf = memcmp(b, "CDF", 3) == 0;
    return 0;
}

static int setup(par_ctx *c, const par_args *a, char *path, size_t cap)
{
    if (!a->write) {
        c->path = a->path;
        if (file_kind(c) != 0)
            return -1;
        return setup_read(c);
    }
    snprintf(path, cap, "%s/par-%s.exo", a->dir, a->cdf ? "cdf5" : "nc4");
    c->path = path;
    c->cdf = a->cdf;
    if (bench_geom_init(&c->g, a->n, 1) != 0)
        return -1;
    return setup_write(c);
}

int main(int argc, char **argv)
{
    par_args a;
    par_ctx c;
    char path[4096];
    MPI_Init(&argc, &argv);
    memset(&c, 0, sizeof c);
    c.comm = MPI_COMM_WORLD;
    MPI_Comm_rank(c.comm, &c.rank);
    MPI_Comm_size(c.comm, &c.size);
    int rc = parse_args(&a, argc, argv);
    if (rc != 0 && c.rank == 0)
        fprintf(stderr, "usage: mpiexec -n P %s read FILE [--reps R] [--shift] "
                "[--quick] [--title T] [--peers LIST]\n       mpiexec -n P %s write [--dir DIR] "
                "[--format nc4|cdf5] [--n N] [--reps R] [--quick] [--title T] [--peers LIST]\n",
                argv[0], argv[0]);
    int st = rc == 0 ? setup(&c, &a, path, sizeof path) : -1, all = 0;
    MPI_Allreduce(&st, &all, 1, MPI_INT, MPI_MIN, c.comm);
    if (all == 0) {
        print_slabs(&c, &a);
        rc = run_peers(&c, &a);
    } else
        rc = 2;
    if (a.write && c.rank == 0 && all == 0)
        unlink(path);
    data_free(&c.src);
    free(c.s.pieces);
    free(c.sh.pieces);
    MPI_Finalize();
    return rc ? 1 : 0;
}
