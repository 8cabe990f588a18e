/* storage_netcdf.h -- the parallel entry points of the netCDF backend,
 * implemented in storage_netcdf_mpi.c (MPI build) or as EXS_ENOPAR stubs in
 * storage_netcdf_nompi.c. netCDF status codes in and out. */
#ifndef EXS_STORAGE_NETCDF_H
#define EXS_STORAGE_NETCDF_H

#include "internal.h"

int exs_netcdf_par_open(const char *path, int omode, exs_comm *comm, int *ncid);
int exs_netcdf_par_create(const char *path, int cmode, exs_comm *comm, int *ncid);
/* Collective (1) or independent (0) access for one variable; EXS_* code,
 * EXS_ENOTSUP when the variable refuses independent access (compressed). */
int exs_netcdf_par_access(exs_store *s, int varid, int collective);
/* A netCDF (or PnetCDF: same numbers) status as an EXS_* code;
 * EXS_ENETCDF for codes without a closer match. */
int exs_nc_code(int ncrc);
/* nc_create mode bits for the options' format and clobber flag. */
int exs_netcdf_cmode(const exs_create_opts *o);

#endif
