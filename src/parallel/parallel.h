/*
 * parallel.h -- the parallel layer's state (MPI build only; included by
 * the *_mpi.c files of src/parallel and src/storage).
 *
 * A collective (`_all`) call first runs the serial accessor with the
 * store's get_vara/put_vara replaced by no-ops (a dry run that only
 * validates), agrees on the outcome (so a rank that fails validation never
 * leaves the others in a collective call), then runs it for real with the
 * store in collective mode, or posting nonblocking requests (PnetCDF).
 */
#ifndef EXS_PARALLEL_H
#define EXS_PARALLEL_H

#include <netcdf.h>
#include <netcdf_par.h>
#include <pnetcdf.h>

#include "internal.h"

struct exs_par_state {
    MPI_Info info;               /* the caller's (not duplicated) */
    const exs_store_ops *orig;   /* the store's own table while recording */
    exs_store_ops shim;          /* a copy with no-op or posting data calls */
    int rehearsing;              /* 1 during a dry run */
};

/* Agree on rc across the handle's ranks: the worst code everywhere, with
 * the failing rank's message in f->errmsg. Collective. */
static inline int exs_par_agree(exs_file *f, int rc)
{
    return exs_comm_agree(f->comm, rc, f->errmsg, sizeof f->errmsg);
}

/* *ndims and the stored *xtype of variable varid of s, asked of
 * `backend` (the store's own table, either library). An error (with
 * message) if the library cannot say: never a guess. */
int exs_store_var_shape(exs_store *s, const exs_store_ops *backend, int varid,
                        int *ndims, int *xtype);

#endif
