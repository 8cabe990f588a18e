/* storage_netcdf.h -- the parallel entry points of the netCDF backend,
 * implemented in storage_netcdf_mpi.c (MPI build) or as EXS_ENOPAR stubs in
 * storage_netcdf_nompi.c; the library lock both backends run under.
 * netCDF status codes in and out. */
#ifndef EXS_STORAGE_NETCDF_H
#define EXS_STORAGE_NETCDF_H

#include "internal.h"

int exsi_store_netcdf_par_open(const char *path, int omode, exsi_comm *comm, int *ncid);
int exsi_store_netcdf_par_create(const char *path, int cmode, exsi_comm *comm, int *ncid);
/* Collective (1) or independent (0) access for one variable; EXS_* code,
 * EXS_ENOTSUP when the variable refuses independent access (compressed). */
int exsi_store_netcdf_par_access(exsi_core_store *s, int varid, int collective);
/* A netCDF (or PnetCDF: same numbers) status as an EXS_* code;
 * EXS_ENETCDF for codes without a closer match. */
int exsi_store_nc_code(int ncrc);
/* Slabs a read-only classic store has read with the direct pread path
 * (cdf_direct.h) since open (a PnetCDF store: this rank's); 0 for every
 * other store. For tests. */
int64_t exsi_store_direct_reads(const exsi_core_store *s);
/* Its PnetCDF part (storage_pnetcdf_*.c); 0 in the serial build. */
int64_t exsi_store_pnetcdf_direct_reads(const exsi_core_store *s);
/* nc_create mode bits for the options' format and clobber flag. */
int exsi_store_netcdf_cmode(const exs_create_opts *o);

/* ---- The library lock ------------------------------------------------
 * netCDF-C, HDF5 (Debian's parallel build is not thread-safe at all) and
 * PnetCDF keep process-wide state, so every call into them runs under one
 * recursive mutex, as SEACAS's EXODUS_THREADSAFE does: the backends' open
 * and create functions take it, and each backend's ops table holds locked
 * wrappers (EXS_LOCKED_OP) around its raw table. Wrappers, not a lock
 * taken by the callers, so that code copying or swapping a store's ops
 * (the parallel engine's shims) keeps the locking. The first time a
 * thread takes the lock it also turns off HDF5's automatic error printing
 * for that thread (HDF5's error stack is per thread; netCDF silences only
 * the thread that initialised it). */
void exsi_store_storage_lock(void);
void exsi_store_storage_unlock(void);

/* The ops of exsi_core_store_ops every backend has: X(op, parameters, arguments). */
#define EXS_STORE_OPS(X)                                                       \
    X(close, (exsi_core_store *s), (s))                                              \
    X(inq_dim, (exsi_core_store *s, const char *name, int *dimid, int64_t *len),     \
      (s, name, dimid, len))                                                   \
    X(inq_var, (exsi_core_store *s, const char *name, exsi_core_varinfo *vi), (s, name, vi)) \
    X(inq_layout, (exsi_core_store *s, int varid, exsi_core_layout *lay), (s, varid, lay)) \
    X(inq_varname, (exsi_core_store *s, int varid, char *name, size_t cap),          \
      (s, varid, name, cap))                                                   \
    X(get_att_text, (exsi_core_store *s, int varid, const char *name, char *buf,     \
                     size_t cap, size_t *n), (s, varid, name, buf, cap, n))    \
    X(get_att_i64, (exsi_core_store *s, int varid, const char *name, int64_t *buf,   \
                    size_t cap, size_t *n), (s, varid, name, buf, cap, n))     \
    X(get_att_f64, (exsi_core_store *s, int varid, const char *name, double *buf,    \
                    size_t cap, size_t *n), (s, varid, name, buf, cap, n))     \
    X(inq_att_at, (exsi_core_store *s, int varid, int idx, char *name, size_t cap,   \
                   int *xtype, size_t *len), (s, varid, idx, name, cap, xtype, len)) \
    X(get_vara, (exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,    \
                 const int64_t *count, int t, void *buf),                      \
      (s, vi, start, count, t, buf))                                           \
    X(put_vara, (exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,    \
                 const int64_t *count, int t, const void *buf),                \
      (s, vi, start, count, t, buf))                                           \
    X(redef, (exsi_core_store *s), (s))                                              \
    X(enddef, (exsi_core_store *s), (s))                                             \
    X(def_dim, (exsi_core_store *s, const char *name, int64_t len, int *dimid),      \
      (s, name, len, dimid))                                                   \
    X(def_var, (exsi_core_store *s, const char *name, int xtype, int ndims,          \
                const int *dimids, int *varid),                                \
      (s, name, xtype, ndims, dimids, varid))                                  \
    X(def_var_layout, (exsi_core_store *s, int varid, const int64_t *chunks,         \
                       int deflate, int shuffle, int zstd),                    \
      (s, varid, chunks, deflate, shuffle, zstd))                              \
    X(put_att_text, (exsi_core_store *s, int varid, const char *name,                \
                     const char *text), (s, varid, name, text))                \
    X(put_att_i64, (exsi_core_store *s, int varid, const char *name, int xtype,      \
                    size_t n, const int64_t *vals), (s, varid, name, xtype, n, vals)) \
    X(put_att_f64, (exsi_core_store *s, int varid, const char *name, int xtype,      \
                    size_t n, const double *vals), (s, varid, name, xtype, n, vals)) \
    X(sync, (exsi_core_store *s), (s))                                               \
    X(set_collective, (exsi_core_store *s, int collective), (s, collective))

/* The optional nonblocking ops (NULL in a backend without them). */
#define EXS_STORE_OPS_NONBLOCKING(X)                                           \
    X(iget_vara, (exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,   \
                  const int64_t *count, int t, void *buf),                     \
      (s, vi, start, count, t, buf))                                           \
    X(iput_vara, (exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,   \
                  const int64_t *count, int t, const void *buf),               \
      (s, vi, start, count, t, buf))                                           \
    X(wait_all, (exsi_core_store *s), (s))

/* In a backend with the raw (unlocked) table `raw`: the function
 * raw_locked_<op>, the raw op under the lock. A backend defines its
 * locked table from these (see storage_netcdf.c). */
#define EXS_LOCKED_OP(raw, op, params, args)                                   \
    static int raw##_locked_##op params                                        \
    {                                                                          \
        exsi_store_storage_lock();                                                    \
        int rc = raw.op args;                                                  \
        exsi_store_storage_unlock();                                                  \
        return rc;                                                             \
    }

#endif
