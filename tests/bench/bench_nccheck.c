/*
 * bench_nccheck.c -- checking benchmark arrays found by netCDF name.
 * See bench_nccheck.h.
 */
#include <netcdf.h>

#include "bench_nccheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bench_vtype vtype_of(int xtype)
{
    switch (xtype) {
    case NC_DOUBLE:
        return BV_F64;
    case NC_FLOAT:
        return BV_F32;
    case NC_INT64:
        return BV_I64;
    default:
        return BV_I32;
    }
}

int bench_nc_array_of(const bench_geom *g, const char *name, bench_array *arr,
                      int64_t *a, int *per_step)
{
    static const struct { const char *name; bench_array arr; int64_t a; } fixed[] = {
        {"coordx", BA_COORD, 0},          {"coordy", BA_COORD, 1},
        {"coordz", BA_COORD, 2},          {"node_num_map", BA_NODE_MAP, 0},
        {"elem_num_map", BA_ELEM_MAP, 0}, {"node_ns1", BA_NS_NODES, 0},
        {"dist_fact_ns1", BA_NS_DF, 0},   {"elem_ss1", BA_SS_ELEMS, 0},
        {"side_ss1", BA_SS_SIDES, 0},     {"time_whole", BA_TIMES, 0},
    };
    int k = 0;
    char tail;
    *per_step = 0;
    *a = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(name, fixed[i].name) == 0) {
            *arr = fixed[i].arr;
            *a = fixed[i].a;
            return 1;
        }
    *per_step = 1;
    if (sscanf(name, "connect%d%c", &k, &tail) == 1 && k >= 1 && k <= g->nblocks) {
        *arr = BA_CONN;
        *per_step = 0;
    } else if (strcmp(name, "vals_glo_var") == 0) {
        *arr = BA_GLOB;
        k = 1;
    } else if (sscanf(name, "vals_nod_var%d%c", &k, &tail) == 1 && k >= 1 &&
               k <= BENCH_NNODVAR) {
        *arr = BA_NODVAR;
    } else if (sscanf(name, "vals_elem_var1eb%d%c", &k, &tail) == 1 && k >= 1 &&
               k <= g->nblocks) {
        *arr = BA_ELEMVAR;
    } else {
        return 0;
    }
    *a = k - 1;
    return 1;
}

int bench_nc_expected_arrays(const bench_geom *g)
{
    return 10 + 1 + BENCH_NNODVAR + 2 * (int)g->nblocks;
}

int64_t bench_nc_check_var(const bench_geom *g, const char *name, int xtype,
                           const void *buf, int *known, const char *who)
{
    bench_array arr;
    int64_t a, bad = 0;
    int per_step;
    bench_vtype t = vtype_of(xtype);
    *known = bench_nc_array_of(g, name, &arr, &a, &per_step);
    if (!*known)
        return 0;
    int64_t len = bench_array_len(g, arr, a);
    if (!per_step)
        return bench_check(g, arr, a, 0, 0, len, t, buf, who);
    size_t row = (size_t)len * bench_vtype_size(t);
    for (int64_t s = 0; s < g->nsteps; s++)
        bad += bench_check(g, arr, a, s, 0, len, t, (const char *)buf + s * row,
                           who);
    return bad;
}

/* Check one variable of an open file, a step at a time. */
static int check_one(int ncid, int v, const bench_geom *g, int64_t *bad,
                     int *seen)
{
    char name[NC_MAX_NAME + 1];
    nc_type xt;
    bench_array arr;
    int64_t a;
    int per_step, rc = nc_inq_var(ncid, v, name, &xt, NULL, NULL, NULL);
    if (rc != NC_NOERR || !bench_nc_array_of(g, name, &arr, &a, &per_step))
        return rc;
    (*seen)++;
    bench_vtype t = vtype_of(xt);
    int64_t len = bench_array_len(g, arr, a);
    void *buf = malloc((size_t)len * bench_vtype_size(t) + 1);
    if (!buf)
        return NC_ENOMEM;
    for (int64_t s = 0; s < (per_step ? g->nsteps : 1) && rc == NC_NOERR; s++) {
        size_t st[2] = {(size_t)s, 0}, ct[2] = {1, (size_t)len};
        rc = per_step ? nc_get_vara(ncid, v, st, ct, buf) : nc_get_var(ncid, v, buf);
        if (rc == NC_NOERR)
            *bad += bench_check(g, arr, a, s, 0, len, t, buf, name);
    }
    free(buf);
    return rc;
}

int64_t bench_nc_check_file(const char *path, const bench_geom *g, char *note,
                            size_t cap)
{
    int ncid, nvars = 0, seen = 0;
    int64_t bad = 0;
    int rc = nc_open(path, NC_NOWRITE, &ncid);
    if (rc != NC_NOERR) {
        snprintf(note, cap, "check: %s: %s", path, nc_strerror(rc));
        return -1;
    }
    rc = nc_inq_nvars(ncid, &nvars);
    for (int v = 0; v < nvars && rc == NC_NOERR; v++)
        rc = check_one(ncid, v, g, &bad, &seen);
    nc_close(ncid);
    if (rc != NC_NOERR) {
        snprintf(note, cap, "check: %s", nc_strerror(rc));
        return -1;
    }
    if (seen != bench_nc_expected_arrays(g)) {
        snprintf(note, cap, "check: %d bulk arrays, %d expected", seen,
                 bench_nc_expected_arrays(g));
        bad++;
    }
    return bad;
}
