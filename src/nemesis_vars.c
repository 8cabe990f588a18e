/* nemesis_vars.c -- Nemesis load-balance dimensions and variables through the
 * store's function table (see nemesis_vars.h). */
#include <string.h>

#include "nemesis_vars.h"
#include "write.h"

#define EXS_NEMESIS_FILE_VERSION 2.6

static int dim_defined(const exsi_nem_dim *dims, int ndims, const char *name)
{
    for (int i = 0; i < ndims; i++)
        if (strcmp(dims[i].name, name) == 0)
            return dims[i].len > 0;
    return 0;
}

static int def_all(exs_file *f, int ndims, const exsi_nem_dim *dims, int nvars,
                   const exsi_nem_var *vars)
{
    exsi_core_store *s = f->store;
    const double ver = EXS_NEMESIS_FILE_VERSION, api = 8.03;
    int rc = 0, id, dimid = 0;
    for (int i = 0; rc == 0 && i < ndims; i++)
        if (dims[i].len > 0)
            rc = s->ops->def_dim(s, dims[i].name, dims[i].len, &id);
    for (int i = 0; rc == 0 && i < nvars; i++) {
        if (vars[i].dim && !dim_defined(dims, ndims, vars[i].dim))
            continue;
        if (vars[i].dim && (rc = s->ops->inq_dim(s, vars[i].dim, &dimid, NULL)) != 0)
            break;
        rc = s->ops->def_var(s, vars[i].name, exsi_w_int_xtype(f), vars[i].dim ? 1 : 0,
                             &dimid, &id);
    }
    if (rc == 0)
        rc = s->ops->put_att_f64(s, -1, "nemesis_file_version", EXS_NC_FLOAT, 1, &ver);
    if (rc == 0)
        rc = s->ops->put_att_f64(s, -1, "nemesis_api_version", EXS_NC_FLOAT, 1, &api);
    return rc;
}

static int put_values(exs_file *f, int ndims, const exsi_nem_dim *dims, int nvars,
                      const exsi_nem_var *vars)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < nvars; i++) {
        exsi_core_varinfo vi;
        int64_t start = 0, count = vars[i].n;
        if (vars[i].dim && !dim_defined(dims, ndims, vars[i].dim))
            continue;
        rc = f->store->ops->inq_var(f->store, vars[i].name, &vi);
        if (rc == 0)
            rc = exsi_io_write(f, &vi, &start, &count, EXS_I64, vars[i].vals);
    }
    return rc;
}

int exsi_nem_put(exs_file *f, int ndims, const exsi_nem_dim *dims, int nvars,
                const exsi_nem_var *vars)
{
    int rc = exs_end_define(f);
    for (int i = 0; rc == 0 && i < nvars; i++)
        if (!vars[i].dim && vars[i].n != 1)
            rc = exsi_err(f, EXS_EINVAL, "Nemesis scalar %s with %lld values",
                         vars[i].name, (long long)vars[i].n);
    if (rc == 0)
        rc = f->store->ops->redef(f->store);
    if (rc == 0)
        rc = def_all(f, ndims, dims, nvars, vars);
    if (rc == 0)
        rc = f->store->ops->enddef(f->store);
    if (rc != 0)
        return exsi_w_fail(f, exsi_err_as_write(f, rc));
    return put_values(f, ndims, dims, nvars, vars);
}

int64_t exsi_nem_dim_len(exs_file *f, const char *name)
{
    int id;
    int64_t len = 0;
    return f->store->ops->inq_dim(f->store, name, &id, &len) == 0 ? len : 0;
}

int exsi_nem_get(exs_file *f, const char *name, int64_t n, int64_t *vals)
{
    exsi_core_varinfo vi;
    int64_t start = 0, count = n;
    if (n == 0)
        return 0;
    if (exsi_util_var_lookup(f, name, &vi) != 0)
        return exsi_err(f, EXS_EBADMODEL, "%s: Nemesis variable %s is missing", f->path,
                       name);
    int64_t len = vi.ndims == 0 ? 1 : vi.dimlen[0];
    if (vi.ndims > 1 || len != n)
        return exsi_err(f, EXS_EBADMODEL, "%s: Nemesis variable %s holds %lld values, "
                       "expected %lld", f->path, name, (long long)len, (long long)n);
    return exsi_io_read(f, &vi, &start, &count, EXS_I64, vals);
}
