/* comm_nompi.c -- the MPI entry points of the comm layer in a serial build. */
#include "exoslab.h"
#include "exs_comm.h"

int exsi_comm_from_mpi(const void *mpi_comm, const void *mpi_info, exsi_comm **c)
{
    (void)mpi_comm, (void)mpi_info;
    *c = NULL;
    return EXS_ENOPAR;
}

const void *exsi_comm_mpi_info(const exsi_comm *c)
{
    (void)c;
    return NULL;
}

const void *exsi_comm_mpi_handle(const exsi_comm *c)
{
    (void)c;
    return NULL;
}

int exsi_comm_thread_multiple(const exsi_comm *c)
{
    (void)c;
    return 0;
}
