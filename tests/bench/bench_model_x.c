/* bench_model_x -- what the assemblies / blobs / reduction / frames model
 * (src/model_x.h) costs at open: per file, the median over rounds of a
 * whole exs_open + exs_close and of the model_x scan alone (freed and
 * re-read on an open handle, the same calls the open makes), and the
 * median time to read every assembly's members and reduction values.
 *
 *     exs_bench_model_x [--quick] [--rounds R] [--n N] FILE...
 *
 * --quick: one round of 10, the values are checked (every assembly's
 * members and reduction values read), nothing is evaluated. Timings go
 * to stdout for docs/performance.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model_x.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Every assembly's members and reduction values; -1 on a failure. */
static int read_all(exs_file *f)
{
    int64_t na = 0, nt = 0, ids[256], m[4096];
    double v[256];
    int nr = 0, tab[256];
    exs_num_assemblies(f, &na);
    exs_inquire(f, EXS_INQ_NUM_TIMES, &nt);
    exs_num_red_vars(f, EXS_ASSEMBLY, &nr);
    if (na > 256 || nr > 256 || exs_get_assembly_ids(f, ids) != 0 ||
        exs_get_red_truth(f, EXS_ASSEMBLY, tab) != 0)
        return -1;
    for (int64_t i = 0; i < na; i++) {
        exs_assembly_info a;
        if (exs_get_assembly(f, ids[i], &a) != 0 || a.num_members > 4096 ||
            exs_get_assembly_members(f, a.id, 0, a.num_members, EXS_I64, m) != 0)
            return -1;
        for (int64_t s = 0; tab[i] && nr > 0 && s < nt; s++)
            if (exs_get_red_vars(f, EXS_ASSEMBLY, a.id, s, 0, nr, EXS_F64, v) != 0)
                return -1;
    }
    return 0;
}

/* Median seconds per call of one of the three measurements. */
static double measure(const char *path, int what, int rounds, int n)
{
    double *t = calloc((size_t)rounds, sizeof *t);
    exs_file *f = NULL;
    if (what > 0 && exs_open(path, EXS_READ, &f) != 0)
        return -1;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (int i = 0; i < n; i++) {
            if (what == 0) {
                exs_file *g = NULL;
                exs_open(path, EXS_READ, &g);
                exs_close(g);
            } else if (what == 1) {
                exsi_scan_model_x_free(f);
                exsi_scan_model_x(f);
            } else {
                read_all(f);
            }
        }
        t[r] = (now() - t0) / n;
    }
    qsort(t, (size_t)rounds, sizeof *t, cmp_d);
    double med = t[rounds / 2];
    free(t);
    exs_close(f);
    return med;
}

int main(int argc, char **argv)
{
    int rounds = 7, n = 200, quick = 0, bad = 0, a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (strcmp(argv[a], "--quick") == 0)
            quick = 1, rounds = 1, n = 10;
        else if (strcmp(argv[a], "--rounds") == 0 && a + 1 < argc)
            rounds = atoi(argv[++a]);
        else if (strcmp(argv[a], "--n") == 0 && a + 1 < argc)
            n = atoi(argv[++a]);
    }
    printf("%-48s %6s %12s %12s %12s\n", "file", "vars", "open (us)", "scan (us)",
           "read (us)");
    for (; a < argc; a++) {
        exs_file *f = NULL;
        int nv = 0;
        char name[EXS_VARNAME_CAP];
        int rc = exs_open(argv[a], EXS_READ, &f);
        if (rc == EXS_ENOFILE) {
            printf("%s: skipped, not found (corpus absent)\n", argv[a]);
            continue;
        }
        if (rc != 0 || read_all(f) != 0) {
            fprintf(stderr, "%s: %s\n", argv[a], exs_errmsg(f));
            bad++;
            exs_close(f);
            continue;
        }
        while (f->store->ops->inq_varname(f->store, nv, name, sizeof name) == 0)
            nv++;
        exs_close(f);
        const char *base = strrchr(argv[a], '/');
        printf("%-48.48s %6d %12.1f %12.1f %12.1f\n", base ? base + 1 : argv[a], nv,
               1e6 * measure(argv[a], 0, rounds, n), 1e6 * measure(argv[a], 1, rounds, n),
               1e6 * measure(argv[a], 2, rounds, n));
    }
    if (quick)
        printf("(quick run: values read and checked, timings not evaluated)\n");
    return bad != 0;
}
