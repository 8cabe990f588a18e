/* exs_test_mpi.h -- MPI test start and end (tests/parallel only). */
#ifndef EXS_TEST_MPI_H
#define EXS_TEST_MPI_H

#include "exs_test.h"

/* MPI_Init, this rank into exs_test_rank, failures summed at the end. */
void exs_test_mpi_init(int *argc, char ***argv);
/* EXS_TEST_END() over all ranks, then MPI_Finalize. */
int exs_test_mpi_end(void);

#endif
