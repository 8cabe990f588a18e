/*
 * test_widen -- netCDF-4 reads of 4-byte values (NC_INT connectivity and
 * id maps, NC_FLOAT coordinates) as int64 / double, which the backend
 * reads natively into the upper half of the caller's buffer and widens in
 * place: every value equals the one written, signs included (INT32_MIN,
 * INT32_MAX, -1), for the whole array and for slabs that start and end
 * inside and across its 2048-value blocks; nothing past the slab is
 * written; the same reads as int32 / float agree.
 */
#include <netcdf.h>
#include <stdint.h>

#include "exs_test.h"

#define NN 10007 /* nodes: not a multiple of the widening block */
#define NE 3001  /* triangles: 9003 connectivity values */

static int node_id(int64_t i)
{
    if (i == 0)
        return INT32_MIN;
    if (i == NN - 1)
        return INT32_MAX;
    return (int)(i % 3 == 0 ? -i : 7 * i + 1);
}

static float coord_x(int64_t i) { return (float)(i % 2 ? -0.25 * (double)i : 1e6 + (double)i); }

static int conn_value(int64_t i) { return (int)((i * 7919) % NN) + 1; }

static int write_file(const char *path, int cmode)
{
    int nc, dn, de, dp, db, dd, v[6], rc;
    if ((rc = nc_create(path, cmode | NC_CLOBBER, &nc)) != NC_NOERR)
        return rc;
    int ws = 4, one = 1;
    float ver = 9.06f;
    rc |= nc_def_dim(nc, "len_name", 33, &dd);
    rc |= nc_def_dim(nc, "time_step", NC_UNLIMITED, &dd);
    rc |= nc_def_dim(nc, "num_dim", 2, &dd);
    rc |= nc_def_dim(nc, "num_nodes", NN, &dn);
    rc |= nc_def_dim(nc, "num_elem", NE, &de);
    rc |= nc_def_dim(nc, "num_el_blk", 1, &db);
    rc |= nc_def_dim(nc, "num_el_in_blk1", NE, &de);
    rc |= nc_def_dim(nc, "num_nod_per_el1", 3, &dp);
    rc |= nc_def_var(nc, "eb_status", NC_INT, 1, &db, &v[0]);
    rc |= nc_def_var(nc, "eb_prop1", NC_INT, 1, &db, &v[1]);
    rc |= nc_put_att_text(nc, v[1], "name", 2, "ID");
    rc |= nc_def_var(nc, "coordx", NC_FLOAT, 1, &dn, &v[2]);
    rc |= nc_def_var(nc, "coordy", NC_FLOAT, 1, &dn, &v[3]);
    rc |= nc_def_var(nc, "connect1", NC_INT, 2, (int[]){de, dp}, &v[4]);
    rc |= nc_put_att_text(nc, v[4], "elem_type", 4, "TRI3");
    rc |= nc_def_var(nc, "node_num_map", NC_INT, 1, &dn, &v[5]);
    rc |= nc_put_att_float(nc, NC_GLOBAL, "api_version", NC_FLOAT, 1, &ver);
    rc |= nc_put_att_float(nc, NC_GLOBAL, "version", NC_FLOAT, 1, &ver);
    rc |= nc_put_att_int(nc, NC_GLOBAL, "floating_point_word_size", NC_INT, 1, &ws);
    rc |= nc_put_att_text(nc, NC_GLOBAL, "title", 5, "widen");
    rc |= nc_enddef(nc);
    float *x = malloc(NN * sizeof *x);
    int *ids = malloc(NN * sizeof *ids), *conn = malloc(NE * 3 * sizeof *conn);
    for (int64_t i = 0; x && ids && i < NN; i++) {
        x[i] = coord_x(i);
        ids[i] = node_id(i);
    }
    for (int64_t i = 0; conn && i < NE * 3; i++)
        conn[i] = conn_value(i);
    if (!x || !ids || !conn)
        rc = NC_ENOMEM;
    if (rc == NC_NOERR) {
        rc |= nc_put_var_int(nc, v[0], &one);
        rc |= nc_put_var_int(nc, v[1], &one);
        rc |= nc_put_var_float(nc, v[2], x);
        rc |= nc_put_var_float(nc, v[3], x);
        rc |= nc_put_var_int(nc, v[4], conn);
        rc |= nc_put_var_int(nc, v[5], ids);
    }
    free(x);
    free(ids);
    free(conn);
    int crc = nc_close(nc);
    return rc != NC_NOERR ? rc : crc;
}

/* One array: its length, what was written at i, and its reads. */
typedef struct array {
    const char *label;
    int64_t n;
    double (*want)(int64_t i);
    int (*wide)(exs_file *f, int64_t s, int64_t c, void *b);   /* I64 / F64 */
    int (*narrow)(exs_file *f, int64_t s, int64_t c, void *b); /* I32 / F32 */
    int is_float;
} array;

static double want_x(int64_t i) { return coord_x(i); }
static double want_id(int64_t i) { return node_id(i); }
static double want_conn(int64_t i) { return conn_value(i); }
static int wide_x(exs_file *f, int64_t s, int64_t c, void *b)
{
    return exs_get_coord(f, 0, s, c, EXS_F64, b);
}
static int narrow_x(exs_file *f, int64_t s, int64_t c, void *b)
{
    return exs_get_coord(f, 0, s, c, EXS_F32, b);
}
static int wide_id(exs_file *f, int64_t s, int64_t c, void *b)
{
    return exs_get_id_map(f, EXS_NODE_MAP, s, c, EXS_I64, b);
}
static int narrow_id(exs_file *f, int64_t s, int64_t c, void *b)
{
    return exs_get_id_map(f, EXS_NODE_MAP, s, c, EXS_I32, b);
}
/* Connectivity slabs index elements: c elements are 3c values. */
static int wide_conn(exs_file *f, int64_t s, int64_t c, void *b)
{
    return exs_get_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, s / 3, c / 3, EXS_I64, b);
}
static int narrow_conn(exs_file *f, int64_t s, int64_t c, void *b)
{
    return exs_get_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, s / 3, c / 3, EXS_I32, b);
}

/* Read [s, s+c) both ways into buffers one value longer than the slab,
 * prefilled with a marker; count the values that differ from the written
 * ones and whether the marker survived. */
static int slab_ok(exs_file *f, const array *a, int64_t s, int64_t c)
{
    int64_t *wide = malloc((size_t)(c + 1) * 8);
    int32_t *narrow = malloc((size_t)(c + 1) * 4);
    int64_t bad = 0;
    memset(wide, 0xA5, (size_t)(c + 1) * 8);
    EXS_OK(f, a->wide(f, s, c, wide));
    EXS_OK(f, a->narrow(f, s, c, narrow));
    for (int64_t i = 0; i < c; i++) {
        double w = a->want(s + i), got, got32;
        if (a->is_float) {
            memcpy(&got, &wide[i], 8);
            float g32;
            memcpy(&g32, &narrow[i], 4);
            got32 = g32;
        } else {
            got = (double)wide[i];
            got32 = narrow[i];
        }
        bad += got != w || got32 != w;
    }
    const unsigned char *tail = (const unsigned char *)&wide[c];
    int clean = tail[0] == 0xA5 && tail[7] == 0xA5;
    exs_test_checks++;
    if (bad || !clean)
        EXS_FAIL_("%s slab [%lld, +%lld): %lld values differ%s", a->label, (long long)s,
                  (long long)c, (long long)bad, clean ? "" : ", wrote past the slab");
    free(wide);
    free(narrow);
    return !bad && clean;
}

static void check_array(exs_file *f, const array *a, const char *what)
{
    int64_t n = a->n, good = 0, tried = 0;
    int64_t unit = a->wide == wide_conn ? 3 : 1;
    int64_t slabs[][2] = {{0, n},      {0, 2048},   {0, 2049}, {1, 2047}, {2047, 2},
                          {2046, 4100}, {n - 1, 1}, {n - 2049, 2049}, {5, 0}, {n / 2, n / 3}};
    for (size_t i = 0; i < sizeof slabs / sizeof slabs[0]; i++, tried++) {
        int64_t s = slabs[i][0] / unit * unit, c = slabs[i][1] / unit * unit;
        if (c == 0 && slabs[i][1] > 0)
            c = unit;
        good += slab_ok(f, a, s, c);
    }
    printf("%s %s %s: %lld/%lld slabs\n", good == tried ? "PASS" : "FAIL", what, a->label,
           (long long)good, (long long)tried);
}

static void check_file(int cmode, const char *what)
{
    char path[4096];
    exs_file *f = NULL;
    exs_test_tmp_path(path, sizeof path, "widen.nc4");
    EXS_ASSERT_EQ(write_file(path, cmode), NC_NOERR);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    const array arrays[] = {
        {"coordx (NC_FLOAT as double)", NN, want_x, wide_x, narrow_x, 1},
        {"node_num_map (NC_INT as int64)", NN, want_id, wide_id, narrow_id, 0},
        {"connect1 (NC_INT as int64)", NE * 3, want_conn, wide_conn, narrow_conn, 0},
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        check_array(f, &arrays[i], what);
    exs_close(f);
    remove(path);
}

int main(void)
{
    check_file(NC_NETCDF4, "netCDF-4");
    check_file(NC_NETCDF4 | NC_CLASSIC_MODEL, "netCDF-4 classic");
    check_file(NC_64BIT_OFFSET, "CDF-2 (the direct path, for comparison)");
    return EXS_TEST_END();
}
