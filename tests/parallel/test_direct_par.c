/* test_direct_par.c -- parallel read-only opens of classic files read the
 * slabs the direct path covers with each rank's own pread (PnetCDF
 * backend, src/storage/storage_pnetcdf_mpi.c), and of netCDF-4 files
 * from the bytes HDF5 names (h5_direct.c; each read still one collective
 * netCDF call on every rank): every variable of every classic and
 * netCDF-4 corpus file, each rank its share of the first dimension, in
 * two buffer types (below), posted as the collective engine posts them
 * (one wait_all per store and slab, entered by every rank), equals what
 * PnetCDF reads with the path off (EXOSLAB_NO_DIRECT=1). Through the
 * public API too: a collective coordinate read. Ranks whose share is
 * empty still enter every wait_all. */
#include <dirent.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"
#include "internal.h"
#include "storage/storage_netcdf.h"

/* The buffer types of each stored kind: the same width (swapped in place)
 * and the other width (widened in place, or narrowed through the bounce
 * buffer). Conversions across kinds are the serial test_direct's: the
 * same function reads them here. Two, not four: each read is a wait_all
 * on every rank, and the sanitizer build at 3-4 oversubscribed ranks is
 * slow enough already. */
static const int float_types[2] = {EXS_F64, EXS_F32};
static const int int_types[2] = {EXS_I32, EXS_I64};

/* 1: a classic file (PnetCDF backend), 2: netCDF-4 (netCDF's), 0: other. */
static int file_kind(const char *path)
{
    unsigned char b[8] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(b, 1, 8, fp) : 0;
    if (fp)
        fclose(fp);
    if (n >= 4 && memcmp(b, "CDF", 3) == 0 && (b[3] == 1 || b[3] == 2 || b[3] == 5))
        return 1;
    return n == 8 && memcmp(b, "\x89HDF\r\n\x1a\n", 8) == 0 ? 2 : 0;
}

static exs_file *open_par(const char *path, int direct)
{
    exs_file *f = NULL;
    if (!direct)
        setenv("EXOSLAB_NO_DIRECT", "1", 1);
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    unsetenv("EXOSLAB_NO_DIRECT");
    return f;
}

/* This rank's share [lo, lo + n) of len. */
static void share(int64_t len, int64_t *lo, int64_t *n)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *lo = len * rank / size;
    *n = len * (rank + 1) / size - *lo;
}

/* One posted read and its wait on store s: the engine's EXS_IO_POST. */
static int posted(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *st,
                  const int64_t *ct, int t, void *buf)
{
    if (!s->ops->iget_vara) /* netCDF-4: one collective read */
        return s->ops->get_vara(s, vi, st, ct, t, buf);
    int rc = s->ops->iget_vara(s, vi, st, ct, t, buf);
    int wrc = s->ops->wait_all(s); /* every rank, whatever happened */
    return rc ? rc : wrc;
}

static void check_var(exs_file *a, exs_file *b, const exsi_core_varinfo *vi,
                      const char *ctx)
{
    int64_t st[EXS_MAX_DIMS] = {0}, ct[EXS_MAX_DIMS], n = 1, lo, cnt;
    if (vi->ndims < 1 || vi->xtype == EXS_NC_CHAR)
        return;
    for (int d = 0; d < vi->ndims; d++)
        ct[d] = vi->dimlen[d];
    share(vi->dimlen[0], &lo, &cnt);
    st[0] = lo;
    ct[0] = cnt;
    for (int d = 0; d < vi->ndims; d++)
        n *= ct[d];
    size_t bytes = (size_t)(n > 0 ? n : 1) * 8;
    unsigned char *x = malloc(bytes), *y = malloc(bytes);
    const int *types = vi->xtype == EXS_NC_FLOAT || vi->xtype == EXS_NC_DOUBLE
                           ? float_types : int_types;
    for (int ti = 0; x && y && ti < 2; ti++) {
        memset(x, 0xA5, bytes);
        memset(y, 0xA5, bytes);
        int ra = posted(a->store, vi, st, ct, types[ti], x);
        int rb = posted(b->store, vi, st, ct, types[ti], y);
        if (ra != rb) {
            EXS_FAIL_("%s as type %d: direct %s, PnetCDF %s (%s)", ctx, types[ti],
                      exs_errname(ra), exs_errname(rb), exs_errmsg(a));
            continue;
        }
        /* values that do not fit are each library's own business */
        if (ra == 0 && memcmp(x, y, (size_t)n * exsi_util_type_size(types[ti])) != 0)
            EXS_FAIL_("%s as type %d: values differ", ctx, types[ti]);
        EXS_ASSERT(ra == 0 || ra == EXS_EOVERFLOW);
    }
    free(x);
    free(y);
}

static void check_file(const char *path, int64_t *reads)
{
    exs_file *a = open_par(path, 1), *b = open_par(path, 0);
    char name[EXS_VARNAME_CAP], ctx[1400];
    if (!a || !b) {
        exs_close(a);
        exs_close(b);
        return;
    }
    EXS_ASSERT(strcmp(a->store->ops->name, file_kind(path) == 1 ? "pnetcdf" : "netcdf") == 0);
    a->store->ops->set_collective(a->store, 1);
    b->store->ops->set_collective(b->store, 1);
    for (int v = 0; b->store->ops->inq_varname(b->store, v, name, sizeof name) == 0; v++) {
        exsi_core_varinfo vi;
        if (b->store->ops->inq_var(b->store, name, &vi) != 0)
            continue;
        snprintf(ctx, sizeof ctx, "%s: %s", path, name);
        check_var(a, b, &vi, ctx);
    }
    a->store->ops->set_collective(a->store, 0);
    b->store->ops->set_collective(b->store, 0);
    *reads += exsi_store_direct_reads(a->store);
    EXS_ASSERT_EQ(exsi_store_direct_reads(b->store), 0);

    /* the public collective read of this rank's coordinates */
    int64_t nn = 0, ndim = 0, lo, cnt;
    EXS_OK(a, exs_inquire(a, EXS_INQ_NUM_NODES, &nn));
    EXS_OK(a, exs_inquire(a, EXS_INQ_NUM_DIM, &ndim));
    share(nn, &lo, &cnt);
    double *x = malloc((size_t)(cnt > 0 ? cnt : 1) * 8);
    double *y = malloc((size_t)(cnt > 0 ? cnt : 1) * 8);
    if (x && y && nn > 0 && ndim > 0) {
        int64_t before = exsi_store_direct_reads(a->store);
        EXS_OK(a, exs_get_coord_all(a, 0, lo, cnt, EXS_F64, x));
        EXS_OK(b, exs_get_coord_all(b, 0, lo, cnt, EXS_F64, y));
        EXS_ASSERT(memcmp(x, y, (size_t)cnt * 8) == 0);
        /* (a netCDF-4 file's coordinates may be compressed: netCDF's) */
        EXS_ASSERT(cnt == 0 || file_kind(path) == 2 ||
                   exsi_store_direct_reads(a->store) > before);
    }
    free(x);
    free(y);
    EXS_OK(a, exs_close(a));
    EXS_OK(b, exs_close(b));
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    const char *dir = exs_test_corpus_dir();
    DIR *dp = opendir(dir);
    struct dirent *e;
    char path[1024];
    int files = 0, h5files = 0;
    int64_t reads = 0, h5reads = 0;
    if (!dp) {
        printf("SKIP: no corpus at %s\n", dir);
        return exs_test_mpi_end();
    }
    /* readdir's order is the same on every rank: one directory, unchanged */
    while ((e = readdir(dp)) != NULL) {
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int kind = e->d_name[0] == '.' ? 0 : file_kind(path);
        if (kind == 1) {
            check_file(path, &reads);
            files++;
        } else if (kind == 2) {
            check_file(path, &h5reads);
            h5files++;
        }
    }
    closedir(dp);
    EXS_ASSERT(files > 0);
    EXS_ASSERT(reads > 0);
    /* a rank with an empty share of every variable reads nothing itself */
    int64_t all = 0;
    MPI_Allreduce(&h5reads, &all, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    EXS_ASSERT(h5files == 0 || all > 0);
    printf("[rank %d] %d classic files, %lld direct reads; %d netCDF-4 files, %lld "
           "direct reads\n", exs_test_rank, files, (long long)reads, h5files,
           (long long)h5reads);
    return exs_test_mpi_end();
}
