/* test_partition.c -- the chunk-aligned split, pure and on real files. */
#include "exoslab_par.h"
#include "exs_test.h"
#ifdef EXOSLAB_HAVE_MPI
#include "exs_test_mpi.h"
#endif

/* All ranks' shares of [0, n): exactly once, in order, on chunk
 * boundaries, within one chunk of each other. */
static void check_split(int64_t n, int64_t chunk, int P)
{
    int64_t next = 0, lo = INT64_MAX, hi = 0;
    for (int r = 0; r < P; r++) {
        int64_t s = -1, c = -1;
        EXS_ASSERT_EQ(exs_split_range(n, chunk, P, r, &s, &c), 0);
        EXS_ASSERT(c >= 0);
        if (c > 0) {
            EXS_ASSERT_EQ(s, next);
            EXS_ASSERT_EQ(s % chunk, 0);
            EXS_ASSERT((s + c) % chunk == 0 || s + c == n);
        }
        next = c > 0 ? s + c : next;
        lo = c < lo ? c : lo;
        hi = c > hi ? c : hi;
    }
    EXS_ASSERT_EQ(next, n);
    if (hi - lo > chunk)
        EXS_FAIL_("split of %lld by %lld over %d: shares %lld..%lld", (long long)n,
                  (long long)chunk, P, (long long)lo, (long long)hi);
}

static void pure_cases(void)
{
    const int64_t ns[] = {0, 1, 2, 3, 7, 10, 64, 100, 1000, 1001, 123457};
    const int64_t chunks[] = {1, 2, 3, 8, 64, 1000, 5000};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        for (size_t j = 0; j < sizeof chunks / sizeof chunks[0]; j++)
            for (int P = 1; P <= 9; P++)
                check_split(ns[i], chunks[j], P);
    int64_t s, c, u;
    /* the balanced unit: the chunk when small enough, else its largest
     * divisor <= n / (4P), else 1 */
    EXS_ASSERT_EQ(exs_balanced_unit(100000, 1000, 4, &u), 0);
    EXS_ASSERT_EQ(u, 1000);
    EXS_ASSERT_EQ(exs_balanced_unit(35937, 131072, 2, &u), 0);
    EXS_ASSERT_EQ(u, 4096);
    EXS_ASSERT_EQ(exs_balanced_unit(1000, 360, 3, &u), 0);
    EXS_ASSERT_EQ(u, 72); /* 360 = 5 * 72; 90 is above 1000 / 12 = 83 */
    EXS_ASSERT_EQ(exs_balanced_unit(1000, 997, 3, &u), 0);
    EXS_ASSERT_EQ(u, 1); /* a prime chunk */
    EXS_ASSERT_EQ(exs_balanced_unit(5, 64, 4, &u), 0);
    EXS_ASSERT_EQ(u, 1);
    EXS_ASSERT_EQ(exs_balanced_unit(5, 0, 4, &u), EXS_EINVAL);
    EXS_ASSERT_EQ(exs_balanced_unit(-1, 8, 4, &u), EXS_EINVAL);
    EXS_ASSERT_EQ(exs_split_range(10, 0, 2, 0, &s, &c), EXS_EINVAL);
    EXS_ASSERT_EQ(exs_split_range(-1, 1, 2, 0, &s, &c), EXS_EINVAL);
    EXS_ASSERT_EQ(exs_split_range(10, 1, 2, 2, &s, &c), EXS_EINVAL);
    /* more ranks than chunks: the middle ranks get nothing, the partial
     * chunk at the end goes to the last rank */
    EXS_ASSERT_EQ(exs_split_range(10, 8, 4, 3, &s, &c), 0);
    EXS_ASSERT_EQ(s, 8);
    EXS_ASSERT_EQ(c, 2);
    EXS_ASSERT_EQ(exs_split_range(10, 8, 4, 1, &s, &c), 0);
    EXS_ASSERT_EQ(c, 0);
    /* the partial chunk never lands on a rank that already has an extra
     * one: 4225 = 8 x 512 + 129 over 2 ranks is 2048 + 2177 */
    EXS_ASSERT_EQ(exs_split_range(4225, 512, 2, 0, &s, &c), 0);
    EXS_ASSERT_EQ(c, 2048);
    EXS_ASSERT_EQ(exs_split_range(4225, 512, 2, 1, &s, &c), 0);
    EXS_ASSERT_EQ(s, 2048);
    EXS_ASSERT_EQ(c, 2177);
}

static int open_file(const char *path, exs_file **f)
{
#ifdef EXOSLAB_HAVE_MPI
    return exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, f);
#else
    return exs_open(path, EXS_READ, f);
#endif
}

/* Gather every rank's range and check it tiles [0, n). */
static void check_cover(int64_t n, int64_t chunk, int64_t start, int64_t count)
{
    int P = 1;
    int64_t mine[2] = {start, count}, all[2 * 64];
#ifdef EXOSLAB_HAVE_MPI
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Allgather(mine, 2, MPI_INT64_T, all, 2, MPI_INT64_T, MPI_COMM_WORLD);
#else
    all[0] = mine[0], all[1] = mine[1];
#endif
    int64_t next = 0;
    for (int r = 0; r < P; r++) {
        if (all[2 * r + 1] == 0)
            continue;
        EXS_ASSERT_EQ(all[2 * r], next);
        EXS_ASSERT_EQ(all[2 * r] % chunk, 0);
        next = all[2 * r] + all[2 * r + 1];
    }
    EXS_ASSERT_EQ(next, n);
}

static int nranks(void)
{
    int P = 1;
#ifdef EXOSLAB_HAVE_MPI
    MPI_Comm_size(MPI_COMM_WORLD, &P);
#endif
    return P;
}

/* The balanced unit of a power-of-two chunk: halved until it is at most
 * n / (4P), down to 1. */
static int64_t pow2_unit(int64_t n, int64_t chunk)
{
    int64_t cap = n / (4 * nranks()), u = chunk;
    while (u > 1 && u > cap)
        u /= 2;
    return u;
}

static void on_file(const char *name, int chunked)
{
    char path[1024];
    exs_file *f = NULL;
    exs_partition p;
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), name);
    EXS_OK(f, open_file(path, &f));
    if (!f)
        return;
    EXS_OK(f, exs_get_partition(f, 0, &p));
    int64_t nn = 0, ne = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(f, EXS_INQ_NUM_ELEM, &ne);
    check_cover(nn, p.node_chunk, p.node_start, p.node_count);
    check_cover(ne, p.elem_chunk, p.elem_start, p.elem_count);
    int64_t natural = 0;
    EXS_OK(f, exs_chunk_len(f, EXS_NODAL, 0, 0, &natural));
    if (!chunked) /* contiguous: 1 MiB of 8-byte values, halved to balance */
        EXS_ASSERT_EQ(p.node_chunk, pow2_unit(nn, (1 << 20) / 8));
    else /* an HDF5 chunk, or a divisor of it */
        EXS_ASSERT(natural < (1 << 20) / 8 && natural % p.node_chunk == 0);
    /* a small block size makes several chunks */
    EXS_OK(f, exs_get_partition(f, 64, &p));
    EXS_ASSERT_EQ(p.node_chunk, chunked ? p.node_chunk : pow2_unit(nn, 8));
    check_cover(nn, p.node_chunk, p.node_start, p.node_count);
    check_cover(ne, p.elem_chunk, p.elem_start, p.elem_count);
    /* the pieces of my element slab add up to it */
    int64_t n = 0, sum = 0;
    exs_block_piece pieces[64];
    EXS_OK(f, exs_partition_pieces(f, p.elem_start, p.elem_count, pieces, 64, &n));
    for (int64_t i = 0; i < n; i++) {
        EXS_ASSERT_EQ(pieces[i].slab_offset, sum);
        sum += pieces[i].count;
    }
    EXS_ASSERT_EQ(sum, p.elem_count);
    EXS_ASSERT_EQ(exs_partition_pieces(f, 0, ne + 1, pieces, 64, &n), EXS_ERANGE);
    exs_close(f);
}

int main(int argc, char **argv)
{
#ifdef EXOSLAB_HAVE_MPI
    exs_test_mpi_init(&argc, &argv);
#else
    (void)argc, (void)argv;
#endif
    pure_cases();
    on_file("derived__block_crush_1.nc4z.ex2", 1);
    on_file("libmesh__read_exodus_PYRAMID5.e", 0);
    on_file("mfem__cylinder-tet-p2.gen", 0);
#ifdef EXOSLAB_HAVE_MPI
    return exs_test_mpi_end();
#else
    return EXS_TEST_END();
#endif
}
