/* exs_test_mpi.c -- MPI side of the test helpers: every rank reaches the
 * same verdict (failures summed over ranks). Compiled into MPI tests only. */
#include <mpi.h>

#include "exs_test_mpi.h"

extern int (*exs_test_reduce_hook)(int failures);

static int reduce_failures(int failures)
{
    int total = failures;
    MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    return total;
}

void exs_test_mpi_init(int *argc, char ***argv)
{
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &exs_test_rank);
    exs_test_reduce_hook = reduce_failures;
}

int exs_test_mpi_end(void)
{
    int rc = EXS_TEST_END();
    MPI_Finalize();
    return rc;
}
