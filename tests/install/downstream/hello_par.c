/* A downstream MPI program: every rank opens FILE (written by `hello`) on
 * MPI_COMM_WORLD, reads its partition's nodal values collectively and the
 * ranks sum them. No EXOSLAB_HAVE_MPI is defined here: exoslab_config.h
 * says this is the MPI variant.
 *   mpiexec -n P hello_par FILE    rank 0 prints "hello_par: ok P ranks sum 75" */
#include <exoslab_par.h>
#include <stdio.h>

#if !EXOSLAB_HAS_MPI
#error "hello_par needs the MPI variant of exoslab"
#endif

static int run(const char *path, int rank, int size)
{
    exs_file *f = NULL;
    exs_partition p;
    double t[6], local = 0, sum = 0;
    char msg[512];
    if (exs_open_par_err(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f, msg,
                         sizeof msg) != 0) {
        fprintf(stderr, "hello_par: %s\n", msg);
        return 1;
    }
    int rc = exs_get_partition(f, 0, &p);
    if (rc == 0)
        rc = exs_get_var_all(f, EXS_NODAL, 0, 0, 0, p.node_start, p.node_count,
                             EXS_F64, t);
    if (rc != 0)
        fprintf(stderr, "hello_par: rank %d: %s\n", rank, exs_errmsg(f));
    for (int64_t i = 0; rc == 0 && i < p.node_count; i++)
        local += t[i];
    int bad = exs_close(f) != 0 || rc != 0, anybad = 1;
    MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(&local, &sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    if (anybad || sum != 75.0)
        return 1;
    if (rank == 0)
        printf("hello_par: ok %d ranks sum %g\n", size, sum);
    return 0;
}

int main(int argc, char **argv)
{
    int rank, size, rc;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    rc = argc == 2 ? run(argv[1], rank, size) : 2;
    MPI_Finalize();
    return rc;
}
