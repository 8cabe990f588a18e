/* storage_netcdf_mpi.c -- parallel-HDF5 opens through netCDF-C. The
 * communicator comes from the comm layer (already duplicated there). */
#include <netcdf.h>
#include <netcdf_par.h>

#include "storage_netcdf.h"

static MPI_Comm comm_of(exsi_comm *comm)
{
    return *(const MPI_Comm *)exsi_comm_mpi_handle(comm);
}

int exsi_store_netcdf_par_open(const char *path, int omode, exsi_comm *comm, int *ncid)
{
    return nc_open_par(path, omode, comm_of(comm), MPI_INFO_NULL, ncid);
}

int exsi_store_netcdf_par_create(const char *path, int cmode, exsi_comm *comm, int *ncid)
{
    return nc_create_par(path, cmode, comm_of(comm), MPI_INFO_NULL, ncid);
}

int exsi_store_netcdf_par_access(exsi_core_store *s, int varid, int collective)
{
    int ncrc = nc_var_par_access(s->ncid, varid,
                                 collective ? NC_COLLECTIVE : NC_INDEPENDENT);
    if (ncrc == NC_EINVAL && !collective)
        return EXS_ENOTSUP; /* filtered (compressed) data: collective only */
    if (ncrc != NC_NOERR)
        return exsi_err(s->file, EXS_ENETCDF, "nc_var_par_access of varid %d: %s",
                       varid, nc_strerror(ncrc));
    return 0;
}
