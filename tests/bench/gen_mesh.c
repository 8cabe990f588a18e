/*
 * gen_mesh.c -- exs_bench_gen: write the benchmark mesh with plain
 * netCDF-C (not through exoslab), in the layout libexodusII writes.
 *
 *   exs_bench_gen -o PATH [--n N] [--format nc4|cdf5|cdf2] [--nblocks K]
 *                 [--chunk-nodes C] [--chunk-elems C] [--deflate L]
 *
 * Default n = 100: 1,030,301 nodes and 1,000,000 HEX8 in one block, 10
 * steps of 3 nodal, 1 element and 2 global variables. Chunking defaults to
 * what libexodusII does (it sets none: netCDF's defaults, i.e. contiguous
 * fixed-size arrays and one-step chunks for the time-dependent ones).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_common.h"
#include "bench_ncfile.h"

typedef struct gen_args {
    const char *out;
    int64_t n, nblocks;
    bench_nc_opts nc;
} gen_args;

static void usage(void)
{
    fprintf(stderr,
            "usage: exs_bench_gen -o PATH [--n N] [--format nc4|cdf5|cdf2]\n"
            "       [--nblocks K] [--chunk-nodes C] [--chunk-elems C] "
            "[--deflate L]\n");
}

/* The value of option argv[*i] (advancing *i), or NULL if missing. */
static const char *optval(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int parse_one(gen_args *a, int argc, char **argv, int *i)
{
    const char *o = argv[*i], *v = optval(argc, argv, i);
    if (!v)
        return -1;
    if (strcmp(o, "-o") == 0 || strcmp(o, "--out") == 0)
        a->out = v;
    else if (strcmp(o, "--n") == 0)
        a->n = bench_parse_i64(v);
    else if (strcmp(o, "--nblocks") == 0)
        a->nblocks = bench_parse_i64(v);
    else if (strcmp(o, "--chunk-nodes") == 0)
        a->nc.chunk_nodes = bench_parse_i64(v);
    else if (strcmp(o, "--chunk-elems") == 0)
        a->nc.chunk_elems = bench_parse_i64(v);
    else if (strcmp(o, "--deflate") == 0)
        a->nc.deflate = (int)bench_parse_i64(v);
    else if (strcmp(o, "--format") == 0)
        a->nc.format = (bench_format)bench_format_parse(v);
    else
        return -1;
    return 0;
}

static int parse_args(gen_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->n = 100;
    a->nblocks = 1;
    for (int i = 1; i < argc; i++)
        if (parse_one(a, argc, argv, &i) != 0)
            return -1;
    if (!a->out || a->n < 1 || a->nblocks < 1 || (int)a->nc.format < 0 ||
        a->nc.chunk_nodes < 0 || a->nc.chunk_elems < 0 || a->nc.deflate < 0 ||
        a->nc.deflate > 9)
        return -1;
    if (a->nc.format != BENCH_NC4 &&
        (a->nc.chunk_nodes || a->nc.chunk_elems || a->nc.deflate)) {
        fprintf(stderr, "exs_bench_gen: chunking/deflate need --format nc4\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    gen_args a;
    bench_geom g;
    bench_mesh m;
    char err[256] = "";
    if (parse_args(&a, argc, argv) != 0 || bench_geom_init(&g, a.n, a.nblocks) != 0) {
        usage();
        return 2;
    }
    if (bench_mesh_alloc(&m, &g) != 0) {
        fprintf(stderr, "exs_bench_gen: out of memory\n");
        return 1;
    }
    double t0 = bench_now();
    bench_mesh_fill(&m);
    double t1 = bench_now();
    int rc = bench_nc_write(a.out, &m, &a.nc, err, sizeof err);
    double t2 = bench_now();
    bench_mesh_free(&m);
    if (rc != 0) {
        fprintf(stderr, "exs_bench_gen: %s: %s\n", a.out, err);
        return 1;
    }
    struct stat st;
    int64_t size = stat(a.out, &st) == 0 ? (int64_t)st.st_size : -1;
    printf("exs_bench_gen: %s format=%s n=%" PRId64 " nodes=%" PRId64
           " elems=%" PRId64 " blocks=%" PRId64 " chunk_nodes=%" PRId64
           " chunk_elems=%" PRId64 " deflate=%d payload=%" PRId64
           " file=%" PRId64 " bytes (fill %.2fs, write %.2fs)\n",
           a.out, bench_format_name(a.nc.format), g.n, g.num_nodes, g.num_elem,
           g.nblocks, a.nc.chunk_nodes, a.nc.chunk_elems, a.nc.deflate,
           bench_mesh_bytes(&g), size, t1 - t0, t2 - t1);
    return 0;
}
