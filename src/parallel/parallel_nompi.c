/* parallel_nompi.c -- serial build: the parallel layer's hooks, and the
 * collective entry points of exoslab_par.h as EXS_ENOPAR stubs (the ones
 * taking MPI types exist only in the MPI build). The partition functions
 * (decomp/) work in both builds. */
#include "exoslab_par.h"
#include "internal.h"

void exs_par_free(exs_file *f) { (void)f; }

int exs_par_agree_model(exs_file *f)
{
    (void)f;
    return 0;
}

int exs_store_pnetcdf_open(exs_file *f, const char *path, int mode,
                           exs_comm *comm, exs_store **s)
{
    (void)path, (void)mode, (void)comm;
    *s = NULL;
    return exs_err(f, EXS_ENOTSUP, "PnetCDF is not in the serial build");
}

int exs_store_pnetcdf_create(exs_file *f, const char *path,
                             const exs_create_opts *o, exs_comm *comm,
                             exs_store **s)
{
    (void)path, (void)o, (void)comm;
    *s = NULL;
    return exs_err(f, EXS_ENOTSUP, "PnetCDF is not in the serial build");
}

static int nopar(exs_file *f, const char *what)
{
    return exs_err(f, EXS_ENOPAR, "%s: parallel call in a serial build", what);
}

int exs_get_coord_all(exs_file *f, int axis, int64_t start, int64_t count,
                      exs_type t, void *buf)
{
    (void)axis, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_conn_all(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                     int64_t start, int64_t count, exs_type t, void *buf)
{
    (void)kind, (void)id, (void)which, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_attr_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                     int64_t count, exs_type t, void *buf)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_set_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, void *entries, void *extra)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)entries;
    (void)extra;
    return nopar(f, __func__);
}

int exs_get_df_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                   int64_t count, exs_type t, void *buf)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_entry_counts_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                             int64_t count, exs_type t, void *buf)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_id_map_all(exs_file *f, exs_kind map_kind, int64_t start,
                       int64_t count, exs_type t, void *buf)
{
    (void)map_kind, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_map_all(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, void *buf)
{
    (void)map_kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_times_all(exs_file *f, int64_t start, int64_t count, exs_type t,
                      void *buf)
{
    (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_var_all(exs_file *f, exs_kind kind, int64_t id, int var, int64_t step,
                    int64_t start, int64_t count, exs_type t, void *buf)
{
    (void)kind, (void)id, (void)var, (void)step, (void)start, (void)count;
    (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_var_steps_all(exs_file *f, exs_kind kind, int64_t id, int var,
                          int64_t step, int64_t nsteps, int64_t start,
                          int64_t count, exs_type t, void *buf)
{
    (void)kind, (void)id, (void)var, (void)step, (void)nsteps, (void)start;
    (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_coord_all(exs_file *f, int axis, int64_t start, int64_t count,
                      exs_type t, const void *buf)
{
    (void)axis, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_conn_all(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                     int64_t start, int64_t count, exs_type t, const void *buf)
{
    (void)kind, (void)id, (void)which, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_attr_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                     int64_t count, exs_type t, const void *buf)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_set_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, const void *entries,
                    const void *extra)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)entries;
    (void)extra;
    return nopar(f, __func__);
}

int exs_put_df_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                   int64_t count, exs_type t, const void *buf)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_entry_counts_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                             int64_t count, exs_type t, const void *buf)
{
    (void)kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_id_map_all(exs_file *f, exs_kind map_kind, int64_t start,
                       int64_t count, exs_type t, const void *buf)
{
    (void)map_kind, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_map_all(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, const void *buf)
{
    (void)map_kind, (void)id, (void)start, (void)count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_time_all(exs_file *f, int64_t step, double time)
{
    (void)step, (void)time;
    return nopar(f, __func__);
}

int exs_put_var_all(exs_file *f, exs_kind kind, int64_t id, int var, int64_t step,
                    int64_t start, int64_t count, exs_type t, const void *buf)
{
    (void)kind, (void)id, (void)var, (void)step, (void)start, (void)count;
    (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_get_vars_all(exs_file *f, int64_t step, int64_t n, const exs_var_req *reqs)
{
    (void)step, (void)n, (void)reqs;
    return nopar(f, __func__);
}

int exs_put_vars_all(exs_file *f, int64_t step, int64_t n, const exs_var_req *reqs)
{
    (void)step, (void)n, (void)reqs;
    return nopar(f, __func__);
}

int exs_get_elem_conn_all(exs_file *f, int64_t elem_start, int64_t elem_count,
                          exs_type t, void *buf)
{
    (void)elem_start, (void)elem_count, (void)t, (void)buf;
    return nopar(f, __func__);
}

int exs_put_elem_conn_all(exs_file *f, int64_t elem_start, int64_t elem_count,
                          exs_type t, const void *buf)
{
    (void)elem_start, (void)elem_count, (void)t, (void)buf;
    return nopar(f, __func__);
}
