/* comm_nompi.c -- the MPI entry points of the comm layer in a serial build. */
#include "exoslab.h"
#include "exs_comm.h"

int exs_comm_from_mpi(const void *mpi_comm, const void *mpi_info, exs_comm **c)
{
    (void)mpi_comm, (void)mpi_info;
    *c = NULL;
    return EXS_ENOPAR;
}

const void *exs_comm_mpi_info(const exs_comm *c)
{
    (void)c;
    return NULL;
}

const void *exs_comm_mpi_handle(const exs_comm *c)
{
    (void)c;
    return NULL;
}
