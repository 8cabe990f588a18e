/* storage_netcdf_nompi.c -- serial build: no parallel netCDF opens. */
#include <netcdf.h>

#include "storage_netcdf.h"

int exsi_store_netcdf_par_open(const char *path, int omode, exsi_comm *comm, int *ncid)
{
    (void)path, (void)omode, (void)comm, (void)ncid;
    return NC_ENOPAR;
}

int exsi_store_netcdf_par_create(const char *path, int cmode, exsi_comm *comm, int *ncid)
{
    (void)path, (void)cmode, (void)comm, (void)ncid;
    return NC_ENOPAR;
}

int exsi_store_netcdf_par_access(exsi_core_store *s, int varid, int collective)
{
    (void)s, (void)varid, (void)collective;
    return EXS_ENOPAR;
}
