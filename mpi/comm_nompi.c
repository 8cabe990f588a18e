/* comm_nompi.c -- the MPI entry points of the comm layer in a serial build. */
#include "exoslab.h"
#include "exs_comm.h"

int exs_comm_from_mpi(const void *mpi_comm, exs_comm **c)
{
    (void)mpi_comm;
    *c = NULL;
    return EXS_ENOPAR;
}

const void *exs_comm_mpi_handle(const exs_comm *c)
{
    (void)c;
    return NULL;
}
