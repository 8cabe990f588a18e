/*
 * bench_step.c -- exs_bench_step (serial) and exs_bench_step_par (MPI):
 * the time of one output step of V nodal variables against a step of ONE
 * variable carrying the same bytes (issue 13: "a 100-variable step <= 2x
 * the time of a 1-variable step of the same bytes").
 *
 *   exs_bench_step     [--dir DIR] [--bytes-nodes N] [--vars V] [--steps S]
 *                      [--reps R] [--formats LIST] [--quick]
 *   mpiexec -n P exs_bench_step_par  (the same options)
 *
 * Case "V vars" of a format: a file of N / V nodes (no elements) with V
 * nodal variables; case "1 var": N nodes, one variable. Either way a step
 * is N doubles (8 N bytes, 8 MB at the default N = 1,000,000). The file is
 * created, defined and its coordinates written untimed; then S steps are
 * written, each timed on its own: exs_put_time + one exs_put_var per
 * variable (serial), or exs_put_time_all + ONE exs_put_vars_all with every
 * variable of the rank's node slab (parallel, each rank 1/P of the nodes;
 * a barrier before each step, the step's time is the slowest rank's). A
 * case's figure for a round is the median over its S steps (the first
 * step, which creates the record/chunk layout, is reported separately);
 * close is timed apart too. R rounds, the cases rotated each round; the
 * table gives the median over rounds, and the target line the median
 * per-round ratio step(V) / step(1) of the same format. The first round is
 * a checking round: every value of every step is read back with exs_open
 * (rank 0 in the parallel program) and compared with its closed form.
 * Formats: nc4 (libexodus layout: one chunk per step and variable), cdf5,
 * cdf2 (cdf2 not in the parallel program's defaults: PnetCDF writes it as
 * it does CDF-5). The serial program also runs plain netCDF-C on the same
 * netCDF-4 layout (netcdf-nc4-*, nc_put_vara per variable; information,
 * its files checked through exoslab). --quick: 2,000 nodes, 2 steps, one round, values
 * checked, no target evaluated.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netcdf.h>

#include "bench_common.h"
#include "exoslab.h"
#ifdef EXS_BENCH_MPI
#include <mpi.h>

#include "exoslab_par.h"
#endif

#ifndef EXS_BENCH_MPI
typedef struct exs_var_req exs_var_req; /* the batch call is the MPI program's */
#endif

#define MAX_CASES 16
#define MAX_STEPS 64

typedef struct st_args {
    const char *dir, *formats;
    int64_t nodes;
    int vars, steps, reps, quick;
} st_args;

typedef struct st_case {
    const char *fmt; /* nc4, cdf5, cdf2 */
    exs_format format;
    int vars;
    int plain;     /* serial nc4 only: plain netCDF-C, the same layout */
    int64_t nodes; /* in the file */
    char name[48];
    double med[BENCH_MAX_ROUNDS], first[BENCH_MAX_ROUNDS], close_s[BENCH_MAX_ROUNDS];
    int64_t bad;
    int failed;
    char note[256];
} st_case;

static int g_rank = 0, g_size = 1;

static double value(int var, int64_t step, int64_t node)
{
    return (double)step * 1e7 + (double)var * 1e5 + (double)node * 0.5;
}

static double max_over_ranks(double x)
{
#ifdef EXS_BENCH_MPI
    double all = x;
    MPI_Allreduce(&x, &all, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return all;
#else
    return x;
#endif
}

static int all_ok(int rc)
{
#ifdef EXS_BENCH_MPI
    int mine = rc != 0, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return !any;
#else
    return rc == 0;
#endif
}

static void barrier(void)
{
#ifdef EXS_BENCH_MPI
    MPI_Barrier(MPI_COMM_WORLD);
#endif
}

/* This rank's node slab of n nodes. */
static void slab(int64_t n, int64_t *start, int64_t *count)
{
    int64_t a = n * g_rank / g_size, b = n * (g_rank + 1) / g_size;
    *start = a;
    *count = b - a;
}

static int note(st_case *c, exs_file *f, int rc, const char *what)
{
    if (rc != 0 && !c->note[0])
        snprintf(c->note, sizeof c->note, "%s: %s: %.160s", what, exs_errname(rc),
                 f ? exs_errmsg(f) : "");
    return rc;
}

static int create(st_case *c, const char *path, exs_file **f)
{
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = c->format;
    o.clobber = 1;
#ifdef EXS_BENCH_MPI
    return exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, f);
#else
    return exs_create(path, &o, f);
#endif
}

/* Create, define, coordinates: untimed. */
static int setup(st_case *c, const char *path, exs_file **f, double *buf)
{
    char **names = calloc((size_t)c->vars, sizeof *names);
    int rc = names ? 0 : EXS_ENOMEM;
    for (int v = 0; v < c->vars && rc == 0; v++) {
        names[v] = malloc(24);
        if (!names[v])
            rc = EXS_ENOMEM;
        else
            snprintf(names[v], 24, "field_%d", v + 1);
    }
    if (rc == 0)
        rc = note(c, NULL, create(c, path, f), "create");
    if (rc == 0)
        rc = note(c, *f, exs_def_mesh(*f, "exs_bench_step", 1, c->nodes), "exs_def_mesh");
    if (rc == 0)
        rc = note(c, *f, exs_def_vars(*f, EXS_NODAL, c->vars,
                                      (const char *const *)names), "exs_def_vars");
    if (rc == 0)
        rc = note(c, *f, exs_end_define(*f), "exs_end_define");
    int64_t s0, n;
    slab(c->nodes, &s0, &n);
    for (int64_t i = 0; i < n; i++)
        buf[i] = (double)(s0 + i);
#ifdef EXS_BENCH_MPI
    if (rc == 0)
        rc = note(c, *f, exs_put_coord_all(*f, 0, s0, n, EXS_F64, buf), "coordinates");
#else
    if (rc == 0)
        rc = note(c, *f, exs_put_coord(*f, 0, s0, n, EXS_F64, buf), "coordinates");
#endif
    for (int v = 0; names && v < c->vars; v++)
        free(names[v]);
    free(names);
    return rc;
}

/* One step: the time and every variable of this rank's slab. buf holds
 * vars * slab values, variable after variable. */
static int write_step(st_case *c, exs_file *f, int64_t step, const double *buf,
                      exs_var_req *q)
{
    int64_t s0, n;
    slab(c->nodes, &s0, &n);
#ifdef EXS_BENCH_MPI
    int rc = exs_put_time_all(f, step, (double)step + 0.25);
    for (int v = 0; v < c->vars; v++)
        q[v] = (exs_var_req){EXS_NODAL, 0, v, s0, n, EXS_F64, (void *)(buf + v * n)};
    return rc ? rc : exs_put_vars_all(f, step, c->vars, q);
#else
    (void)q;
    int rc = exs_put_time(f, step, (double)step + 0.25);
    for (int v = 0; v < c->vars && rc == 0; v++)
        rc = exs_put_var(f, EXS_NODAL, 0, v, step, s0, n, EXS_F64, buf + v * n);
    return rc;
#endif
}

static void fill_step(const st_case *c, int64_t step, double *buf)
{
    int64_t s0, n;
    slab(c->nodes, &s0, &n);
    for (int v = 0; v < c->vars; v++)
        for (int64_t i = 0; i < n; i++)
            buf[v * n + i] = value(v, step, s0 + i);
}

/* Rank 0 reads the closed file back: every value of every step. */
static int64_t check_file(st_case *c, const char *path, int steps, double *buf)
{
    exs_file *f = NULL;
    int64_t bad = 0;
    if (exs_open(path, EXS_READ, &f) != 0) {
        snprintf(c->note, sizeof c->note, "check: cannot open %.200s", path);
        return 1;
    }
    for (int64_t s = 0; s < steps && bad == 0; s++) {
        double t = -1;
        if (exs_get_times(f, s, 1, EXS_F64, &t) != 0 || t != (double)s + 0.25)
            bad++;
        for (int v = 0; v < c->vars; v++) {
            if (exs_get_var(f, EXS_NODAL, 0, v, s, 0, c->nodes, EXS_F64, buf) != 0) {
                bad += c->nodes;
                continue;
            }
            for (int64_t i = 0; i < c->nodes; i++)
                bad += buf[i] != value(v, s, i);
        }
    }
    exs_close(f);
    return bad;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    if (n <= 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The plain netCDF-C peer (serial netCDF-4): the libexodus layout of the
 * same variables (one chunk per step and variable), written the same way:
 * the time, then one nc_put_vara per variable. */
static int nc_setup(st_case *c, const char *path, int *ncid, int *vt, int *vv,
                    double *buf)
{
    int dn, dt, vx, rc = nc_create(path, NC_CLOBBER | NC_NETCDF4, ncid);
    if (rc == NC_NOERR)
        rc = nc_def_dim(*ncid, "num_nodes", (size_t)c->nodes, &dn);
    if (rc == NC_NOERR)
        rc = nc_def_dim(*ncid, "time_step", NC_UNLIMITED, &dt);
    if (rc == NC_NOERR)
        rc = nc_def_var(*ncid, "time_whole", NC_DOUBLE, 1, &dt, vt);
    if (rc == NC_NOERR)
        rc = nc_def_var(*ncid, "coordx", NC_DOUBLE, 1, &dn, &vx);
    for (int v = 0; v < c->vars && rc == NC_NOERR; v++) {
        char name[32];
        int dims[2] = {dt, dn};
        size_t ch[2] = {1, (size_t)c->nodes};
        snprintf(name, sizeof name, "vals_nod_var%d", v + 1);
        rc = nc_def_var(*ncid, name, NC_DOUBLE, 2, dims, &vv[v]);
        if (rc == NC_NOERR)
            rc = nc_def_var_chunking(*ncid, vv[v], NC_CHUNKED, ch);
    }
    if (rc == NC_NOERR)
        rc = nc_enddef(*ncid);
    for (int64_t i = 0; i < c->nodes; i++)
        buf[i] = (double)i;
    if (rc == NC_NOERR)
        rc = nc_put_var_double(*ncid, vx, buf);
    if (rc != NC_NOERR)
        snprintf(c->note, sizeof c->note, "netCDF-C: %s", nc_strerror(rc));
    return rc;
}

static int nc_step(st_case *c, int ncid, int vt, const int *vv, int64_t step,
                   const double *buf)
{
    size_t t = (size_t)step, one = 1, n = (size_t)c->nodes;
    double tv = (double)step + 0.25;
    int rc = nc_put_vara_double(ncid, vt, &t, &one, &tv);
    for (int v = 0; v < c->vars && rc == NC_NOERR; v++) {
        size_t st[2] = {t, 0}, ct[2] = {1, n};
        rc = nc_put_vara_double(ncid, vv[v], st, ct, buf + (size_t)v * n);
    }
    if (rc != NC_NOERR && !c->note[0])
        snprintf(c->note, sizeof c->note, "netCDF-C step: %s", nc_strerror(rc));
    return rc;
}

/* The plain file read back with netCDF-C: every value of every step. */
static int64_t nc_check(st_case *c, const char *path, int steps, double *buf)
{
    int ncid = -1, vt = -1, vv = -1;
    int64_t bad = 0;
    if (nc_open(path, NC_NOWRITE, &ncid) != NC_NOERR ||
        nc_inq_varid(ncid, "time_whole", &vt) != NC_NOERR)
        return 1;
    for (int s = 0; s < steps; s++) {
        size_t t = (size_t)s, one = 1, n = (size_t)c->nodes;
        double tv = -1;
        bad += nc_get_vara_double(ncid, vt, &t, &one, &tv) != NC_NOERR ||
               tv != (double)s + 0.25;
        for (int v = 0; v < c->vars; v++) {
            char name[32];
            size_t st[2] = {t, 0}, ct[2] = {1, n};
            snprintf(name, sizeof name, "vals_nod_var%d", v + 1);
            if (nc_inq_varid(ncid, name, &vv) != NC_NOERR ||
                nc_get_vara_double(ncid, vv, st, ct, buf) != NC_NOERR) {
                bad += c->nodes;
                continue;
            }
            for (int64_t i = 0; i < c->nodes; i++)
                bad += buf[i] != value(v, s, i);
        }
    }
    nc_close(ncid);
    return bad;
}

static int run_plain(st_case *c, const st_args *a, int round, int verify, double *buf,
                     double *steps_buf)
{
    char path[4200];
    double per[MAX_STEPS];
    int ncid = -1, vt = -1, *vv = calloc((size_t)c->vars, sizeof *vv);
    snprintf(path, sizeof path, "%s/step-%s.nc", a->dir, c->name);
    int rc = vv ? nc_setup(c, path, &ncid, &vt, vv, buf) : NC_ENOMEM;
    for (int64_t s = 0; s < a->steps && rc == NC_NOERR; s++) {
        fill_step(c, s, steps_buf);
        double t0 = bench_now();
        rc = nc_step(c, ncid, vt, vv, s, steps_buf);
        per[s] = bench_now() - t0;
    }
    double t0 = bench_now();
    int crc = ncid >= 0 ? nc_close(ncid) : NC_NOERR;
    double tc = bench_now() - t0;
    free(vv);
    if (rc != NC_NOERR || crc != NC_NOERR) {
        c->failed++;
        c->med[round] = NAN;
        unlink(path);
        return -1;
    }
    c->first[round] = per[0];
    c->close_s[round] = tc;
    c->med[round] = a->steps > 1 ? median(per + 1, a->steps - 1) : per[0];
    if (verify)
        c->bad += nc_check(c, path, a->steps, buf);
    unlink(path);
    return 0;
}

/* One round of a case: a file, S timed steps, close, (check), delete. */
static int run_case(st_case *c, const st_args *a, int round, int verify, double *buf,
                    double *steps_buf, exs_var_req *q)
{
    char path[4200];
    exs_file *f = NULL;
    double per[MAX_STEPS];
    if (c->plain)
        return run_plain(c, a, round, verify, buf, steps_buf);
    snprintf(path, sizeof path, "%s/step-%s.exo", a->dir, c->name);
    int rc = setup(c, path, &f, buf);
    for (int64_t s = 0; s < a->steps && all_ok(rc); s++) {
        fill_step(c, s, steps_buf);
        barrier();
        double t0 = bench_now();
        rc = note(c, f, write_step(c, f, s, steps_buf, q), "step");
        per[s] = max_over_ranks(bench_now() - t0);
    }
    barrier();
    double t0 = bench_now();
    int crc = f ? exs_close(f) : 0;
    double tc = max_over_ranks(bench_now() - t0);
    if (rc == 0)
        rc = note(c, NULL, crc, "exs_close");
    if (!all_ok(rc)) {
        c->failed++;
        c->med[round] = NAN;
        unlink(path);
        return -1;
    }
    c->first[round] = per[0];
    c->close_s[round] = tc;
    c->med[round] = a->steps > 1 ? median(per + 1, a->steps - 1) : per[0];
    if (verify && g_rank == 0)
        c->bad += check_file(c, path, a->steps, buf);
    barrier();
    if (g_rank == 0)
        unlink(path);
    return 0;
}

static int parse_args(st_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->dir = "/tmp/exs-bench";
    a->nodes = 1000000;
    a->vars = 100;
    a->steps = 10;
    a->reps = 5;
#ifdef EXS_BENCH_MPI
    a->formats = "nc4,cdf5";
#else
    a->formats = "nc4,cdf5,cdf2";
#endif
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int has = i + 1 < argc;
        if (strcmp(o, "--dir") == 0 && has)
            a->dir = argv[++i];
        else if (strcmp(o, "--bytes-nodes") == 0 && has)
            a->nodes = bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--vars") == 0 && has)
            a->vars = (int)bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--steps") == 0 && has)
            a->steps = (int)bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--reps") == 0 && has)
            a->reps = (int)bench_parse_i64(argv[++i]);
        else if (strcmp(o, "--formats") == 0 && has)
            a->formats = argv[++i];
        else if (strcmp(o, "--quick") == 0)
            a->quick = 1;
        else
            return -1;
    }
    if (a->quick) {
        a->nodes = 2000;
        a->steps = 2;
        a->reps = 1;
    }
    return a->reps >= 1 && a->reps <= BENCH_MAX_ROUNDS && a->steps >= 1 &&
                   a->steps <= MAX_STEPS && a->vars >= 1 && a->nodes >= a->vars &&
                   a->nodes % a->vars == 0
               ? 0
               : -1;
}

static int add_cases(st_case *cs, const st_args *a)
{
    static const struct { const char *name; exs_format f; } fm[] = {
        {"nc4", EXS_FORMAT_NETCDF4}, {"cdf5", EXS_FORMAT_CDF5},
        {"cdf2", EXS_FORMAT_64BIT_OFFSET}};
    int n = 0;
    for (size_t i = 0; i < sizeof fm / sizeof fm[0]; i++) {
        if (!strstr(a->formats, fm[i].name))
            continue;
        for (int k = 0; k < 2; k++) {
            st_case *c = &cs[n++];
            memset(c, 0, sizeof *c);
            c->fmt = fm[i].name;
            c->format = fm[i].f;
            c->vars = k == 0 ? 1 : a->vars;
            c->nodes = a->nodes / c->vars;
            snprintf(c->name, sizeof c->name, "%s-%dvar", c->fmt, c->vars);
        }
    }
#ifndef EXS_BENCH_MPI
    if (strstr(a->formats, "nc4")) /* the plain netCDF-C pair */
        for (int k = 0; k < 2; k++) {
            st_case *c = &cs[n++];
            memset(c, 0, sizeof *c);
            c->fmt = "netcdf-nc4";
            c->format = EXS_FORMAT_NETCDF4;
            c->plain = 1;
            c->vars = k == 0 ? 1 : a->vars;
            c->nodes = a->nodes / c->vars;
            snprintf(c->name, sizeof c->name, "netcdf-nc4-%dvar", c->vars);
        }
#endif
    return n;
}

static void print_table(st_case *cs, int n, const st_args *a)
{
    printf("\n== exs_bench_step: %d rank(s), a step = %" PRId64 " doubles (%.1f MB), "
           "%d steps per file, %d interleaved rounds ==\n", g_size, a->nodes,
           (double)a->nodes * 8e-6, a->steps, a->reps);
    bench_print_load(stdout, "at the end");
    printf("%-16s %6s %10s %12s %12s %10s %10s  %s\n", "case", "vars", "nodes",
           "step ms", "(best)", "1st step", "close", "check");
    printf("%-16s %6s %10s %12s %12s %10s %10s\n", "", "", "", "(median)", "", "ms",
           "ms");
    for (int i = 0; i < n; i++) {
        st_case *c = &cs[i];
        double v[BENCH_MAX_ROUNDS], w[BENCH_MAX_ROUNDS], x[BENCH_MAX_ROUNDS];
        double best = INFINITY;
        int k = 0;
        for (int r = 0; r < a->reps; r++)
            if (!isnan(c->med[r])) {
                v[k] = c->med[r];
                w[k] = c->first[r];
                x[k++] = c->close_s[r];
                best = fmin(best, c->med[r]);
            }
        printf("%-16s %6d %10" PRId64 " %12.3f %12.3f %10.3f %10.3f  %s %s\n", c->name,
               c->vars, c->nodes, 1e3 * median(v, k), 1e3 * best, 1e3 * median(w, k),
               1e3 * median(x, k),
               c->failed ? "FAILED" : c->bad ? "WRONG VALUES" : "ok", c->note);
    }
}

/* Per-round ratio step(V) / step(1), median over rounds. */
static void print_targets(st_case *cs, int n, const st_args *a)
{
    printf("\n");
    for (int i = 0; i + 1 < n; i += 2) {
        double q[BENCH_MAX_ROUNDS];
        int k = 0;
        for (int r = 0; r < a->reps; r++)
            if (!isnan(cs[i].med[r]) && !isnan(cs[i + 1].med[r]) && cs[i].med[r] > 0)
                q[k++] = cs[i + 1].med[r] / cs[i].med[r];
        double lo = k ? q[0] : NAN, hi = lo;
        for (int j = 0; j < k; j++) {
            lo = fmin(lo, q[j]);
            hi = fmax(hi, q[j]);
        }
        char what[160];
        snprintf(what, sizeof what, "%s%s: %d-variable step / 1-variable step, %d "
                 "rank(s) (rounds %.2f-%.2f)", cs[i].plain ? "(info, peer) " : "",
                 cs[i].fmt, a->vars, g_size, lo, hi);
        int good = !cs[i].failed && !cs[i + 1].failed && !cs[i].bad && !cs[i + 1].bad;
        bench_target(stdout, what, good && k ? median(q, k) : 1e30, 2.0, 0, "x");
    }
}

int main(int argc, char **argv)
{
#ifdef EXS_BENCH_MPI
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
#endif
    st_args a;
    st_case cs[MAX_CASES];
    int bad = 0;
    if (parse_args(&a, argc, argv) != 0) {
        if (g_rank == 0)
            fprintf(stderr, "usage: exs_bench_step [--dir DIR] [--bytes-nodes N] "
                            "[--vars V] [--steps S] [--reps R] [--formats nc4,cdf5,cdf2] "
                            "[--quick]\n  (N a multiple of V)\n");
        bad = 2;
        goto done;
    }
    if (g_rank == 0 && mkdir(a.dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "exs_bench_step: %s: %s\n", a.dir, strerror(errno));
        bad = 2;
    }
    if (!all_ok(bad)) {
        bad = 2;
        goto done;
    }
    int n = add_cases(cs, &a);
    int64_t s0, cnt;
    slab(a.nodes, &s0, &cnt);
    /* a slab of every variable of a step (the same count for either case),
     * and room for a whole variable when checking */
    double *buf = bench_alloc((size_t)a.nodes * sizeof *buf);
    double *steps_buf = bench_alloc((size_t)(cnt + a.vars) * sizeof *steps_buf);
#ifdef EXS_BENCH_MPI
    exs_var_req *q = calloc((size_t)a.vars, sizeof *q);
#else
    exs_var_req *q = NULL;
#endif
#ifdef EXS_BENCH_MPI
    if (!all_ok(!buf || !steps_buf || !q)) {
#else
    if (!buf || !steps_buf) {
#endif
        bad = 2;
        goto done;
    }
    bench_touch(buf, (size_t)a.nodes * sizeof *buf);
    bench_touch(steps_buf, (size_t)(cnt + a.vars) * sizeof *steps_buf);
    if (g_rank == 0)
        bench_print_load(stdout, "at the start");
    for (int r = 0; r < a.reps; r++)
        for (int j = 0; j < n; j++) {
            st_case *c = &cs[(j + r) % n];
            run_case(c, &a, r, r == 0, buf, steps_buf, q);
        }
    for (int i = 0; i < n; i++) /* the check ran on rank 0: its verdict for all */
        bad += cs[i].failed || cs[i].bad;
    bad = all_ok(bad) ? 0 : 1;
    if (g_rank == 0) {
        print_table(cs, n, &a);
        if (a.quick)
            printf("\n(quick run: values checked, timings not evaluated)\n");
        else
            print_targets(cs, n, &a);
        if (bad)
            printf("exs_bench_step: %d case(s) failed or wrote wrong values\n", bad);
    }
    free(q);
    free(buf);
    free(steps_buf);
done:
#ifdef EXS_BENCH_MPI
    MPI_Finalize();
#endif
    return bad ? 1 : 0;
}
