/* test_par_fail.c -- one rank fails, or disagrees, in each kind of
 * collective call (open, define, slab read, slab write, batch, close), on
 * both backends: every rank returns the same code with the same message,
 * the failing rank's, named once ("rank F: ..."), and nobody hangs (the
 * CTest timeout). The failing rank is the last one (rank 0 at 1 rank,
 * where the disagreement cases cannot arise and are skipped). The number
 * of cases run per call kind is printed for docs/reliability.md. */
#include <unistd.h>

#include "canary.h"
#include "exs_test_mpi.h"
#include "par_model.h"

static int rank, size, bad; /* bad: the failing rank */

enum { K_OPEN, K_DEFINE, K_READ, K_WRITE, K_BATCH, K_CLOSE, K_N };
static const char *const kind_name[K_N] = {"open", "define", "slab read",
                                            "slab write", "batch", "close"};
static int cases[K_N];

static const char *const nc4_file = "derived__block_crush_1.nc4z.ex2";
static const char *const cdf_file = "libmesh__read_exodus_HEX20.e";

static const char *corpus(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", exs_test_corpus_dir(), name);
    return buf;
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h >> 1;
}

/* The verdict every rank must reach: code `want`, the failing rank's
 * message (naming `needle`) everywhere, its rank named exactly once. */
static void verdict(int kind, const char *label, int rc, int want, const char *msg,
                    const char *needle)
{
    char prefix[32];
    cases[kind]++;
    if (getenv("EXS_TEST_VERBOSE"))
        fprintf(stderr, "[rank %d] %s -> %d: %s\n", rank, label, rc, msg);
    if (rc != want)
        EXS_FAIL_("%s: %d %s, expected %d %s (%s)", label, rc, exs_errname(rc), want,
                  exs_errname(want), msg);
    snprintf(prefix, sizeof prefix, size > 1 ? "rank %d: " : "", bad);
    size_t pl = strlen(prefix);
    if (strncmp(msg, prefix, pl) != 0 || strncmp(msg + pl, "rank ", 5) == 0 ||
        !strstr(msg, needle))
        EXS_FAIL_("%s: message \"%s\" is not rank %d's (\"%s\") named once", label, msg,
                  bad, needle);
    int64_t h = (int64_t)fnv(msg), lo = 0, hi = 0;
    MPI_Allreduce(&h, &lo, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&h, &hi, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    EXS_ASSERT(lo == hi);
}

static int is_bad(void) { return rank == bad; }

/* Every rank got the same code. */
static void same_code(int rc)
{
    int lo = 0, hi = 0;
    MPI_Allreduce(&rc, &lo, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&rc, &hi, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (lo != hi)
        EXS_FAIL_("ranks returned %d and %d", lo, hi);
}

/* ---- open ---- */

static void open_cases(const char *name)
{
    char path[1024], other[1024], here[1024], msg[512], label[128];
    exs_file *f = NULL;
    /* the same relative path, but rank F's directory lacks the file */
    EXS_ASSERT(getcwd(here, sizeof here) != NULL);
    EXS_ASSERT_EQ(chdir(is_bad() ? exs_test_tmp_dir() : exs_test_corpus_dir()), 0);
    int rc = exs_open_par_err(name, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f, msg,
                              sizeof msg);
    EXS_ASSERT_EQ(chdir(here), 0);
    snprintf(label, sizeof label, "open %s missing on one rank", name);
    verdict(K_OPEN, label, rc, EXS_ENOFILE, msg, name);
    EXS_ASSERT(f == NULL);
    /* a NULL path on rank F */
    corpus(path, sizeof path, name);
    rc = exs_open_par_err(is_bad() ? NULL : path, EXS_READ, MPI_COMM_WORLD,
                          MPI_INFO_NULL, &f, msg, sizeof msg);
    verdict(K_OPEN, "open with a NULL path", rc, EXS_EINVAL, msg, "NULL");
    if (size == 1)
        return;
    /* a different, valid path on rank F */
    corpus(other, sizeof other, name == nc4_file ? cdf_file : nc4_file);
    rc = exs_open_par_err(is_bad() ? other : path, EXS_READ, MPI_COMM_WORLD,
                          MPI_INFO_NULL, &f, msg, sizeof msg);
    snprintf(label, sizeof label, "open %s, another path on one rank", name);
    verdict(K_OPEN, label, rc, EXS_EMISMATCH, msg, is_bad() ? other : other);
    EXS_ASSERT(f == NULL);
    /* a different mode on rank F */
    rc = exs_open_par_err(path, is_bad() ? EXS_WRITE : EXS_READ, MPI_COMM_WORLD,
                          MPI_INFO_NULL, &f, msg, sizeof msg);
    verdict(K_OPEN, "open, another mode on one rank", rc, EXS_EMISMATCH, msg,
            "EXS_WRITE");
    exs_close(f);
}

/* ---- reads on an open file ---- */

static void read_cases(const char *name)
{
    char path[1024];
    exs_file *f = NULL;
    double buf[64 + CANARY_SLOTS];
    EXS_OK(f, exs_open_par(corpus(path, sizeof path, name), EXS_READ, MPI_COMM_WORLD,
                           MPI_INFO_NULL, &f));
    if (!f)
        return;
    int64_t nn = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    int64_t start = is_bad() ? nn - 1 : 0, count = is_bad() ? 5 : 1;
    int rc = exs_get_coord_all(f, 0, start, count, EXS_F64, buf);
    verdict(K_READ, "read: slab past the end", rc, EXS_ERANGE, exs_errmsg(f), "outside");
    rc = exs_get_coord_all(f, 0, 0, 1, EXS_F64, is_bad() ? NULL : buf);
    verdict(K_READ, "read: NULL buffer", rc, EXS_EINVAL, exs_errmsg(f), "NULL");
    rc = exs_get_coord_all(f, 0, 0, 1, is_bad() ? EXS_I32 : EXS_F64, buf);
    verdict(K_READ, "read: bad type", rc, EXS_ETYPE, exs_errmsg(f), "EXS_F64");
    rc = exs_get_elem_conn_all(f, 0, is_bad() ? -1 : 1, EXS_I64, buf);
    verdict(K_READ, "read: negative element slab", rc, EXS_ERANGE, exs_errmsg(f),
            "element slab");
    /* batches */
    int nv = 0;
    exs_num_vars(f, EXS_NODAL, &nv);
    exs_var_req r = {EXS_NODAL, 0, 0, 0, 1, is_bad() ? EXS_I32 : EXS_F64, buf};
    if (nv > 0) {
        rc = exs_get_vars_all(f, 0, 1, &r);
        verdict(K_BATCH, "batch read: bad type", rc, EXS_ETYPE, exs_errmsg(f), "EXS_F64");
        r.t = EXS_F64;
        r.var = is_bad() ? nv : 0;
        rc = exs_get_vars_all(f, 0, 1, &r);
        verdict(K_BATCH, "batch read: no such variable", rc, EXS_ERANGE, exs_errmsg(f),
                "variable");
    }
    rc = exs_get_vars_all(f, 0, is_bad() ? -1 : 0, &r);
    verdict(K_BATCH, "batch read: negative count", rc, EXS_EINVAL, exs_errmsg(f), "batch");
    /* the handle still works for everyone afterwards, nothing past the slab */
    CANARY_CALL(f, buf, is_bad() ? 1 : 0, 8,
                exs_get_coord_all(f, 0, 0, is_bad() ? 1 : 0, EXS_F64, buf));
    EXS_OK(f, exs_close(f));
}

/* ---- writes ---- */

static exs_file *create(exs_format fmt, const char *tag)
{
    char path[1024], name[96];
    exs_create_opts o;
    exs_file *f = NULL;
    snprintf(name, sizeof name, "par_fail_%s_%d_np%d.exo", tag, (int)fmt, size);
    exs_test_tmp_path(path, sizeof path, name);
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    return f;
}

/* One rank defines another mesh: refused at the end of the definitions
 * (or at close when they never ended), on every rank. */
static void define_cases(exs_format fmt)
{
    if (size == 1)
        return;
    /* where: 0 exs_end_define, 1 exs_close, 2 the first collective write
     * (which agrees on the agreed outcome again: named once all the same) */
    for (int where = 0; where < 3; where++) {
        int at_close = where == 1;
        exs_file *f = create(fmt, where == 0 ? "def" : where == 1 ? "defclose" : "defput");
        if (!f)
            return;
        EXS_OK(f, exs_def_mesh(f, "mismatch", 3, is_bad() ? 100000 : 200000));
        exs_block_def d = {.id = 1, .type = "HEX8", .num_entries = 10,
                           .nodes_per_entry = 8};
        EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &d));
        if (where == 2) {
            double x = 0;
            int rc = exs_put_coord_all(f, 0, 0, 1, EXS_F64, &x);
            verdict(K_DEFINE, "define: another node count, first write", rc,
                    EXS_EMISMATCH, exs_errmsg(f), "100000 nodes");
            same_code(exs_close(f));
        } else if (!at_close) {
            int rc = exs_end_define(f);
            verdict(K_DEFINE, "define: another node count", rc, EXS_EMISMATCH,
                    exs_errmsg(f), "100000 nodes");
            same_code(exs_close(f));
        } else {
            int rc = exs_close(f); /* exs_close frees the message: the code only */
            cases[K_CLOSE]++;
            EXS_ASSERT_EQ(rc, EXS_EMISMATCH);
            same_code(rc);
        }
    }
}

/* A defined model, then one rank's bad write in each kind of call. */
static void write_cases(exs_format fmt)
{
    exs_file *f = create(fmt, "write");
    if (!f)
        return;
    pm_define(f);
    double buf[16] = {0};
    int64_t conn[PM_NPE] = {1, 2, 3, 4, 5, 6, 7, 8};
    int rc = exs_put_coord_all(f, 1, is_bad() ? PM_NODES : 0, 1, EXS_F64, buf);
    verdict(K_WRITE, "write: slab past the end", rc, EXS_ERANGE, exs_errmsg(f), "outside");
    rc = exs_put_coord_all(f, 0, 0, 1, EXS_F64, is_bad() ? NULL : buf);
    verdict(K_WRITE, "write: NULL buffer", rc, EXS_EINVAL, exs_errmsg(f), "NULL");
    rc = exs_put_coord_all(f, 0, 0, 1, is_bad() ? EXS_I64 : EXS_F64, buf);
    verdict(K_WRITE, "write: bad type", rc, EXS_ETYPE, exs_errmsg(f), "EXS_F64");
    /* a value the stored 32-bit integers cannot hold: the library's write
     * itself fails, on rank F only, after the rehearsal agreed */
    if (is_bad())
        conn[3] = INT64_C(1) << 40;
    rc = exs_put_conn_all(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, 1, EXS_I64, conn);
    EXS_ASSERT(rc != 0);
    same_code(rc);
    verdict(K_WRITE, "write: value out of the stored range", rc, rc, exs_errmsg(f),
            "does not fit");
    /* time steps: another step, another value */
    EXS_OK(f, exs_put_time_all(f, 0, 0.25));
    if (size > 1) { /* valid on each rank: rank F rewrites step 0 */
        rc = exs_put_time_all(f, is_bad() ? 0 : 1, 0.5);
        verdict(K_WRITE, "write: another time step", rc, EXS_EMISMATCH, exs_errmsg(f),
                "step 0");
        rc = exs_put_time_all(f, 0, is_bad() ? 0.5 : 0.25);
        verdict(K_WRITE, "write: another time value", rc, EXS_EMISMATCH, exs_errmsg(f),
                "time 0.5");
    }
    exs_var_req r = {EXS_NODAL, 0, 0, 0, 1, EXS_F64, buf};
    r.var = is_bad() ? PM_NODAL : 0;
    rc = exs_put_vars_all(f, 0, 1, &r);
    verdict(K_BATCH, "batch write: no such variable", rc, EXS_ERANGE, exs_errmsg(f),
            "variable 3");
    r.var = 0;
    if (size > 1) { /* another (invalid) step on rank F: netCDF-4 hung here */
        rc = exs_put_vars_all(f, is_bad() ? 5 : 0, 1, &r);
        verdict(K_BATCH, "batch write: another step", rc, EXS_EMISMATCH, exs_errmsg(f),
                "step 5");
        rc = exs_put_time_all(f, is_bad() ? 7 : 1, 0.5);
        verdict(K_WRITE, "write: another, invalid, time step", rc, EXS_EMISMATCH,
                exs_errmsg(f), "step 7");
        rc = exs_put_var_all(f, EXS_NODAL, 0, is_bad() ? 9 : 0, 0, 0, 1, EXS_F64, buf);
        verdict(K_WRITE, "write: another, invalid, variable", rc, EXS_EMISMATCH,
                exs_errmsg(f), "variable 9");
    }
    r.t = is_bad() ? EXS_I32 : EXS_F64;
    rc = exs_put_vars_all(f, 0, 1, &r);
    verdict(K_BATCH, "batch write: bad type", rc, EXS_ETYPE, exs_errmsg(f), "EXS_F64");
    r.t = EXS_F64;
    r.buf = is_bad() ? NULL : buf;
    rc = exs_put_vars_all(f, 0, 1, &r);
    verdict(K_BATCH, "batch write: NULL buffer", rc, EXS_EINVAL, exs_errmsg(f), "NULL");
    rc = exs_close(f);
    same_code(rc);
}

static void report(void)
{
    int total[K_N] = {0}, all = 0;
    MPI_Allreduce(cases, total, K_N, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (rank != 0)
        return;
    printf("rank-failure/disagreement cases at %d ranks:", size);
    for (int k = 0; k < K_N; k++) {
        printf(" %s %d%s", kind_name[k], total[k], k + 1 < K_N ? "," : "");
        all += total[k];
    }
    printf("; total %d\n", all);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    bad = size - 1;
    const char *files[2] = {cdf_file, nc4_file};      /* PnetCDF, HDF5 */
    const exs_format fmts[2] = {EXS_FORMAT_CDF5, EXS_FORMAT_NETCDF4};
    for (int i = 0; i < 2; i++) {
        open_cases(files[i]);
        read_cases(files[i]);
        define_cases(fmts[i]);
        write_cases(fmts[i]);
    }
    report();
    return exs_test_mpi_end();
}
