/* storage_pnetcdf_nompi.c -- serial build: no PnetCDF backend (classic
 * files are read and written through netCDF-C there). */
#include "internal.h"

int exsi_store_pnetcdf_open(exs_file *f, const char *path, int mode,
                           exsi_comm *comm, exsi_core_store **s)
{
    (void)path, (void)mode, (void)comm;
    *s = NULL;
    return exsi_err(f, EXS_ENOTSUP, "PnetCDF is not in the serial build");
}

int exsi_store_pnetcdf_create(exs_file *f, const char *path,
                             const exs_create_opts *o, exsi_comm *comm,
                             exsi_core_store **s)
{
    (void)path, (void)o, (void)comm;
    *s = NULL;
    return exsi_err(f, EXS_ENOTSUP, "PnetCDF is not in the serial build");
}

int64_t exsi_store_pnetcdf_direct_reads(const exsi_core_store *s)
{
    (void)s;
    return 0;
}
