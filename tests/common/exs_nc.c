/* exs_nc.c -- direct netCDF-C reads for comparison tests. */
#include <netcdf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exs_nc.h"
#include "exs_test.h"

static int64_t var_len(int ncid, const char *name, int *varid)
{
    int nd, dims[NC_MAX_VAR_DIMS];
    size_t n = 1;
    if (nc_inq_varid(ncid, name, varid) != NC_NOERR ||
        nc_inq_varndims(ncid, *varid, &nd) != NC_NOERR ||
        nc_inq_vardimid(ncid, *varid, dims) != NC_NOERR)
        return -1;
    for (int d = 0; d < nd; d++) {
        size_t l = 0;
        nc_inq_dimlen(ncid, dims[d], &l);
        n *= l;
    }
    return (int64_t)n;
}

int64_t exs_nc_get_f64(int ncid, const char *name, double **out)
{
    int varid;
    int64_t n = var_len(ncid, name, &varid);
    *out = NULL;
    if (n < 0)
        return -1;
    *out = malloc((size_t)(n ? n : 1) * sizeof **out);
    if (!*out || (n > 0 && nc_get_var_double(ncid, varid, *out) != NC_NOERR)) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return n;
}

int64_t exs_nc_get_i64(int ncid, const char *name, int64_t **out)
{
    int varid;
    int64_t n = var_len(ncid, name, &varid);
    *out = NULL;
    if (n < 0)
        return -1;
    *out = malloc((size_t)(n ? n : 1) * sizeof **out);
    if (!*out ||
        (n > 0 && nc_get_var_longlong(ncid, varid, (long long *)*out) != NC_NOERR)) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return n;
}

int64_t exs_nc_dim(int ncid, const char *name)
{
    int id;
    size_t len;
    if (nc_inq_dimid(ncid, name, &id) != NC_NOERR ||
        nc_inq_dimlen(ncid, id, &len) != NC_NOERR)
        return -1;
    return (int64_t)len;
}

static void trim_into(const char *s, size_t width, char *buf, size_t cap)
{
    size_t len = 0;
    while (len < width && s[len] != '\0')
        len++;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
}

static int get_text(int ncid, const char *name, const size_t *st, int nd_want,
                    char *buf, size_t cap)
{
    int varid, nd, dims[NC_MAX_VAR_DIMS];
    size_t ct[3] = {1, 1, 1}, width = 0;
    if (nc_inq_varid(ncid, name, &varid) != NC_NOERR ||
        nc_inq_varndims(ncid, varid, &nd) != NC_NOERR || nd != nd_want)
        return -1;
    nc_inq_vardimid(ncid, varid, dims);
    nc_inq_dimlen(ncid, dims[nd - 1], &width);
    ct[nd - 1] = width;
    char *tmp = calloc(width + 1, 1);
    if (!tmp)
        return -1;
    int rc = nc_get_vara_text(ncid, varid, st, ct, tmp);
    if (rc == NC_NOERR)
        trim_into(tmp, width, buf, cap);
    free(tmp);
    return rc == NC_NOERR ? 0 : -1;
}

int exs_nc_get_row(int ncid, const char *name, int64_t row, char *buf, size_t cap)
{
    size_t st[2] = {(size_t)row, 0};
    return get_text(ncid, name, st, 2, buf, cap);
}

int exs_nc_get_qa(int ncid, int64_t r, int j, char *buf, size_t cap)
{
    size_t st[3] = {(size_t)r, (size_t)j, 0};
    return get_text(ncid, "qa_records", st, 3, buf, cap);
}

int64_t exs_cmp_f64(const char *ctx, const double *got, const double *want,
                    int64_t n)
{
    int64_t bad = 0, first = -1;
    for (int64_t i = 0; i < n; i++)
        if (got[i] != want[i] && !(got[i] != got[i] && want[i] != want[i])) {
            if (first < 0)
                first = i;
            bad++;
        }
    exs_test_checks++;
    if (bad)
        EXS_FAIL_("%s: %lld of %lld values differ; first at %lld: %.17g != %.17g",
                  ctx, (long long)bad, (long long)n, (long long)first, got[first],
                  want[first]);
    return bad;
}

int64_t exs_cmp_i64(const char *ctx, const int64_t *got, const int64_t *want,
                    int64_t n)
{
    int64_t bad = 0, first = -1;
    for (int64_t i = 0; i < n; i++)
        if (got[i] != want[i]) {
            if (first < 0)
                first = i;
            bad++;
        }
    exs_test_checks++;
    if (bad)
        EXS_FAIL_("%s: %lld of %lld values differ; first at %lld: %lld != %lld", ctx,
                  (long long)bad, (long long)n, (long long)first,
                  (long long)got[first], (long long)want[first]);
    return bad;
}

uint64_t exs_file_checksum(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    uint64_t h = 1469598103934665603ULL;
    int c;
    while ((c = fgetc(fp)) != EOF) {
        h ^= (uint64_t)(unsigned char)c;
        h *= 1099511628211ULL;
    }
    fclose(fp);
    return h;
}

static int mini_dims(int nc, const exs_mini *m, int64_t nn, int64_t ne, int d[6])
{
    int rc = 0;
    int64_t rows = m->conn_rows ? m->conn_rows : ne;
    rc |= nc_def_dim(nc, "len_string", 33, &d[5]);
    rc |= nc_def_dim(nc, "len_name", 33, &d[5]);
    rc |= nc_def_dim(nc, "time_step", NC_UNLIMITED, &d[5]);
    rc |= nc_def_dim(nc, "num_dim", 2, &d[5]);
    rc |= nc_def_dim(nc, "num_nodes", (size_t)nn, &d[0]);
    rc |= nc_def_dim(nc, "num_elem", (size_t)(m->num_elem ? m->num_elem : ne), &d[5]);
    rc |= nc_def_dim(nc, "num_el_blk", 1, &d[1]);
    if (!m->no_entry_dim)
        rc |= nc_def_dim(nc, "num_el_in_blk1", (size_t)ne, &d[2]);
    if (m->no_entry_dim || rows != ne)
        rc |= nc_def_dim(nc, "conn_rows", (size_t)rows, &d[2]);
    rc |= nc_def_dim(nc, "num_nod_per_el1", 3, &d[3]);
    return rc;
}

static int mini_vars(int nc, const exs_mini *m, const int d[6], int v[6])
{
    int rc = 0;
    rc |= nc_def_var(nc, "eb_status", NC_INT, 1, &d[1], &v[0]);
    rc |= nc_def_var(nc, "eb_prop1", NC_INT, 1, &d[1], &v[1]);
    rc |= nc_put_att_text(nc, v[1], "name", 2, "ID");
    if (!m->no_coords) {
        rc |= nc_def_var(nc, "coordx", NC_DOUBLE, 1, &d[0], &v[2]);
        rc |= nc_def_var(nc, "coordy", NC_DOUBLE, 1, &d[0], &v[3]);
        if (m->chunk > 0 && (m->cmode & NC_NETCDF4)) {
            size_t ch = (size_t)m->chunk;
            rc |= nc_def_var_chunking(nc, v[2], NC_CHUNKED, &ch);
            rc |= nc_def_var_chunking(nc, v[3], NC_CHUNKED, &ch);
        }
    }
    rc |= nc_def_var(nc, "connect1", NC_INT, 2, &d[2], &v[4]);
    rc |= nc_put_att_text(nc, v[4], "elem_type", 4, "TRI3");
    v[5] = -1;
    if (m->big_map)
        rc |= nc_def_var(nc, "node_num_map", NC_INT64, 1, &d[0], &v[5]);
    float ver = 9.06f;
    int ws = 8;
    rc |= nc_put_att_float(nc, NC_GLOBAL, "api_version", NC_FLOAT, 1, &ver);
    rc |= nc_put_att_float(nc, NC_GLOBAL, "version", NC_FLOAT, 1, &ver);
    rc |= nc_put_att_int(nc, NC_GLOBAL, "floating_point_word_size", NC_INT, 1, &ws);
    rc |= nc_put_att_text(nc, NC_GLOBAL, "title", 4, "mini");
    return rc;
}

static int mini_data(int nc, const exs_mini *m, int64_t nn, const int v[6],
                     size_t rows)
{
    int one = 1, rc = 0;
    rc |= nc_put_var_int(nc, v[0], &one);
    rc |= nc_put_var_int(nc, v[1], &one);
    double *x = malloc((size_t)nn * sizeof *x);
    long long *map = malloc((size_t)nn * sizeof *map);
    int *conn = malloc(rows * 3 * sizeof *conn);
    if (!x || !map || !conn)
        rc = NC_ENOMEM;
    for (int64_t i = 0; rc == 0 && i < nn; i++) {
        x[i] = (double)i;
        map[i] = i + 1;
    }
    if (rc == 0 && !m->no_coords) {
        rc |= nc_put_var_double(nc, v[2], x);
        for (int64_t i = 0; i < nn; i++)
            x[i] *= 2;
        rc |= nc_put_var_double(nc, v[3], x);
    }
    for (size_t i = 0; rc == 0 && i < rows * 3; i++)
        conn[i] = (int)(i % (size_t)nn) + 1;
    if (rc == 0)
        rc |= nc_put_var_int(nc, v[4], conn);
    if (rc == 0 && v[5] >= 0) {
        map[nn - 1] = m->big_map;
        rc |= nc_put_var_longlong(nc, v[5], map);
    }
    free(x);
    free(map);
    free(conn);
    return rc;
}

int exs_nc_write_mini(const char *path, const exs_mini *m)
{
    int nc, d[6], v[6];
    int64_t nn = m->num_nodes ? m->num_nodes : 4;
    int64_t ne = m->blk_entries ? m->blk_entries : 2;
    int rc = nc_create(path, m->cmode | NC_CLOBBER, &nc);
    if (rc != NC_NOERR)
        return rc;
    rc = mini_dims(nc, m, nn, ne, d);
    if (rc == NC_NOERR)
        rc = mini_vars(nc, m, d, v);
    if (rc == NC_NOERR)
        rc = nc_enddef(nc);
    if (rc == NC_NOERR)
        rc = mini_data(nc, m, nn, v, (size_t)(m->conn_rows ? m->conn_rows : ne));
    int crc = nc_close(nc);
    return rc != NC_NOERR ? rc : crc;
}
