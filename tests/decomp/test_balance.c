/* test_balance.c -- the default partition keeps every rank busy: on every
 * corpus mesh with >= 1,000 nodes, every rank gets nodes and elements and
 * the shares differ by at most 10 % of the mean or one alignment unit. */
#include <dirent.h>

#include "exoslab_par.h"
#include "exs_test.h"
#include "exs_test_mpi.h"

/* Every rank's count; the share check is the same on every rank. */
static void check_share(const char *file, const char *what, int64_t n, int64_t count,
                        int64_t unit)
{
    int P = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    int64_t lo = 0, hi = 0, sum = 0;
    MPI_Allreduce(&count, &lo, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&count, &hi, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(&count, &sum, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    EXS_ASSERT_EQ(sum, n);
    double mean = (double)n / P, imb = (double)hi / mean - 1.0;
    if (lo == 0 || (imb > 0.10 && hi - lo > unit))
        EXS_FAIL_("%s: %s shares %lld..%lld of %lld (unit %lld, imbalance %.1f %%)",
                  file, what, (long long)lo, (long long)hi, (long long)n,
                  (long long)unit, 100 * imb);
    exs_test_checks++;
    EXS_ASSERT(unit * 4 * P <= n || unit == 1);
}

/* 1 if the file was a mesh that counts (>= 1,000 nodes). */
static int on_file(const char *dir, const char *name)
{
    char path[2048];
    exs_file *f = NULL;
    exs_partition p;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f) != 0)
        return 0; /* not a file we read: the reader tests cover that */
    int64_t nn = 0, ne = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(f, EXS_INQ_NUM_ELEM, &ne);
    int counts = nn >= 1000;
    if (counts) {
        EXS_OK(f, exs_get_partition(f, 0, &p));
        check_share(name, "node", nn, p.node_count, p.node_chunk);
        check_share(name, "element", ne, p.elem_count, p.elem_chunk);
    }
    exs_close(f);
    return counts;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    const char *dir = exs_test_corpus_dir();
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, by_name), meshes = 0;
    if (n < 0) {
        printf("SKIP: no corpus at %s\n", dir);
        MPI_Finalize();
        return 0;
    }
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (nm[0] != '.' && strcmp(nm, "MANIFEST.tsv") && strcmp(nm, "README.md"))
            meshes += on_file(dir, nm);
        free(names[i]);
    }
    free(names);
    printf("%d corpus meshes with >= 1000 nodes checked\n", meshes);
    EXS_ASSERT(meshes >= 5);
    return exs_test_mpi_end();
}
