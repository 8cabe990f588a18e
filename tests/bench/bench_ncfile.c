/*
 * bench_ncfile.c -- the benchmark mesh written with plain netCDF-C, in the
 * layout libexodusII (6.x/8.x, "large model") writes. See bench_ncfile.h.
 *
 * Every netCDF call goes through ck(), which keeps the first failure; the
 * phases check it at their ends (later calls on a failed file fail too).
 */
#include <netcdf.h>

#include "bench_ncfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN_NAME 33
#define LEN_STRING 33
#define LEN_LINE 81

typedef struct ncw {
    int ncid;
    int rc;             /* first failure */
    char *err;
    size_t errlen;
    const bench_mesh *m;
    const bench_nc_opts *o;
    /* dimensions */
    int d_len_string, d_len_line, d_four, d_len_name, d_time, d_num_dim;
    int d_nodes, d_elem, d_blk, d_nsets, d_ssets, d_qa, d_info;
    int d_glo, d_nod, d_elv, d_ns1, d_ss1;
    int *d_inblk;       /* per block */
    /* variables */
    int v_time, v_eb_names, v_ns_names, v_ss_names, v_coor_names, v_qa, v_info;
    int v_eb_status, v_eb_prop, v_ns_status, v_ns_prop, v_ss_status, v_ss_prop;
    int v_coord[3], v_nmap, v_emap, v_ns_nodes, v_ns_df, v_ss_elems, v_ss_sides;
    int v_glo_names, v_glo, v_nod_names, v_nod[BENCH_NNODVAR];
    int v_elv_names, v_elv_tab;
    int *v_conn, *v_elv; /* per block */
} ncw;

static void ck(ncw *w, int rc, const char *what)
{
    if (rc == NC_NOERR || w->rc != NC_NOERR)
        return;
    w->rc = rc;
    snprintf(w->err, w->errlen, "%s: %s", what, nc_strerror(rc));
}

int bench_format_parse(const char *s)
{
    if (strcmp(s, "nc4") == 0 || strcmp(s, "netcdf4") == 0)
        return BENCH_NC4;
    if (strcmp(s, "cdf5") == 0)
        return BENCH_CDF5;
    if (strcmp(s, "cdf2") == 0)
        return BENCH_CDF2;
    return -1;
}

const char *bench_format_name(bench_format f)
{
    static const char *const names[] = {"nc4", "cdf5", "cdf2"};
    return f <= BENCH_CDF2 ? names[f] : "?";
}

static int create_mode(bench_format f)
{
    if (f == BENCH_NC4)
        return NC_CLOBBER | NC_NETCDF4 | NC_CLASSIC_MODEL;
    if (f == BENCH_CDF5)
        return NC_CLOBBER | NC_64BIT_DATA;
    return NC_CLOBBER | NC_64BIT_OFFSET;
}

/* ------------------------------------------------------------------ */
/* Define. */

static void dim(ncw *w, const char *name, int64_t len, int *id)
{
    ck(w, nc_def_dim(w->ncid, name, (size_t)len, id), name);
}

static void def_dims(ncw *w)
{
    const bench_geom *g = &w->m->g;
    char name[64];
    dim(w, "len_string", LEN_STRING, &w->d_len_string);
    dim(w, "len_line", LEN_LINE, &w->d_len_line);
    dim(w, "four", 4, &w->d_four);
    dim(w, "len_name", LEN_NAME, &w->d_len_name);
    dim(w, "time_step", NC_UNLIMITED, &w->d_time);
    dim(w, "num_dim", 3, &w->d_num_dim);
    dim(w, "num_nodes", g->num_nodes, &w->d_nodes);
    dim(w, "num_elem", g->num_elem, &w->d_elem);
    dim(w, "num_el_blk", g->nblocks, &w->d_blk);
    dim(w, "num_node_sets", 1, &w->d_nsets);
    dim(w, "num_side_sets", 1, &w->d_ssets);
    dim(w, "num_qa_rec", 1, &w->d_qa);
    dim(w, "num_info", 2, &w->d_info);
    dim(w, "num_glo_var", BENCH_NGLOBVAR, &w->d_glo);
    dim(w, "num_nod_var", BENCH_NNODVAR, &w->d_nod);
    dim(w, "num_elem_var", BENCH_NELEMVAR, &w->d_elv);
    dim(w, "num_nod_ns1", g->ns_len, &w->d_ns1);
    dim(w, "num_side_ss1", g->ss_len, &w->d_ss1);
    for (int64_t k = 0; k < g->nblocks; k++) {
        snprintf(name, sizeof name, "num_el_in_blk%d", (int)(k + 1));
        dim(w, name, bench_block_len(g, k), &w->d_inblk[k]);
    }
}

static int var(ncw *w, const char *name, nc_type t, int nd, int d0, int d1,
               int d2)
{
    int dims[3] = {d0, d1, d2}, id = -1;
    ck(w, nc_def_var(w->ncid, name, t, nd, dims, &id), name);
    return id;
}

/* Chunking/deflate of a bulk variable whose entry dimension has `len`
 * entries; rec: 1 for (time_step, entries), width: values per entry. */
static void layout(ncw *w, int id, int64_t chunk, int64_t len, int rec,
                   int width)
{
    size_t ch[2];
    int nd = 0;
    if (w->o->format != BENCH_NC4)
        return;
    if (chunk > 0) {
        if (rec)
            ch[nd++] = 1;
        ch[nd++] = (size_t)(chunk < len ? chunk : len);
        if (width > 1)
            ch[nd++] = (size_t)width;
        ck(w, nc_def_var_chunking(w->ncid, id, NC_CHUNKED, ch), "chunking");
    }
    if (w->o->deflate > 0)
        ck(w, nc_def_var_deflate(w->ncid, id, 0, 1, w->o->deflate), "deflate");
}

static void put_att_int(ncw *w, int varid, const char *name, int v)
{
    ck(w, nc_put_att_int(w->ncid, varid, name, NC_INT, 1, &v), name);
}

static void def_globals(ncw *w)
{
    float vers = 6.02f;
    char title[80];
    snprintf(title, sizeof title, "exoslab benchmark mesh n=%d blocks=%d",
             (int)w->m->g.n, (int)w->m->g.nblocks);
    ck(w, nc_put_att_float(w->ncid, NC_GLOBAL, "api_version", NC_FLOAT, 1, &vers),
       "api_version");
    ck(w, nc_put_att_float(w->ncid, NC_GLOBAL, "version", NC_FLOAT, 1, &vers),
       "version");
    put_att_int(w, NC_GLOBAL, "floating_point_word_size", 8);
    put_att_int(w, NC_GLOBAL, "file_size", 1);
    put_att_int(w, NC_GLOBAL, "maximum_name_length", LEN_NAME - 1);
    put_att_int(w, NC_GLOBAL, "int64_status", 0);
    ck(w, nc_put_att_text(w->ncid, NC_GLOBAL, "title", strlen(title), title),
       "title");
}

static void def_meta(ncw *w)
{
    w->v_time = var(w, "time_whole", NC_DOUBLE, 1, w->d_time, 0, 0);
    w->v_eb_names = var(w, "eb_names", NC_CHAR, 2, w->d_blk, w->d_len_name, 0);
    w->v_ns_names = var(w, "ns_names", NC_CHAR, 2, w->d_nsets, w->d_len_name, 0);
    w->v_ss_names = var(w, "ss_names", NC_CHAR, 2, w->d_ssets, w->d_len_name, 0);
    w->v_coor_names =
        var(w, "coor_names", NC_CHAR, 2, w->d_num_dim, w->d_len_name, 0);
    w->v_qa = var(w, "qa_records", NC_CHAR, 3, w->d_qa, w->d_four,
                  w->d_len_string);
    w->v_info = var(w, "info_records", NC_CHAR, 2, w->d_info, w->d_len_line, 0);
    w->v_eb_status = var(w, "eb_status", NC_INT, 1, w->d_blk, 0, 0);
    w->v_eb_prop = var(w, "eb_prop1", NC_INT, 1, w->d_blk, 0, 0);
    w->v_ns_status = var(w, "ns_status", NC_INT, 1, w->d_nsets, 0, 0);
    w->v_ns_prop = var(w, "ns_prop1", NC_INT, 1, w->d_nsets, 0, 0);
    w->v_ss_status = var(w, "ss_status", NC_INT, 1, w->d_ssets, 0, 0);
    w->v_ss_prop = var(w, "ss_prop1", NC_INT, 1, w->d_ssets, 0, 0);
    const int props[3] = {w->v_eb_prop, w->v_ns_prop, w->v_ss_prop};
    for (int i = 0; i < 3; i++)
        ck(w, nc_put_att_text(w->ncid, props[i], "name", 2, "ID"), "prop name");
}

static void def_mesh_vars(ncw *w)
{
    const bench_geom *g = &w->m->g;
    static const char *const cn[3] = {"coordx", "coordy", "coordz"};
    for (int a = 0; a < 3; a++) {
        w->v_coord[a] = var(w, cn[a], NC_DOUBLE, 1, w->d_nodes, 0, 0);
        layout(w, w->v_coord[a], w->o->chunk_nodes, g->num_nodes, 0, 1);
    }
    w->v_nmap = var(w, "node_num_map", NC_INT, 1, w->d_nodes, 0, 0);
    layout(w, w->v_nmap, w->o->chunk_nodes, g->num_nodes, 0, 1);
    w->v_emap = var(w, "elem_num_map", NC_INT, 1, w->d_elem, 0, 0);
    layout(w, w->v_emap, w->o->chunk_elems, g->num_elem, 0, 1);
    for (int64_t k = 0; k < g->nblocks; k++) {
        char name[64];
        int d_npe = -1;
        snprintf(name, sizeof name, "num_nod_per_el%d", (int)(k + 1));
        dim(w, name, BENCH_NODES_PER_ELEM, &d_npe);
        snprintf(name, sizeof name, "connect%d", (int)(k + 1));
        w->v_conn[k] = var(w, name, NC_INT, 2, w->d_inblk[k], d_npe, 0);
        layout(w, w->v_conn[k], w->o->chunk_elems, bench_block_len(g, k), 0,
               BENCH_NODES_PER_ELEM);
        ck(w, nc_put_att_text(w->ncid, w->v_conn[k], "elem_type", 4, "HEX8"),
           "elem_type");
    }
}

static void def_sets(ncw *w)
{
    w->v_ns_nodes = var(w, "node_ns1", NC_INT, 1, w->d_ns1, 0, 0);
    w->v_ns_df = var(w, "dist_fact_ns1", NC_DOUBLE, 1, w->d_ns1, 0, 0);
    w->v_ss_elems = var(w, "elem_ss1", NC_INT, 1, w->d_ss1, 0, 0);
    w->v_ss_sides = var(w, "side_ss1", NC_INT, 1, w->d_ss1, 0, 0);
}

static void def_results(ncw *w)
{
    const bench_geom *g = &w->m->g;
    char name[64];
    w->v_glo_names = var(w, "name_glo_var", NC_CHAR, 2, w->d_glo, w->d_len_name, 0);
    w->v_glo = var(w, "vals_glo_var", NC_DOUBLE, 2, w->d_time, w->d_glo, 0);
    w->v_nod_names = var(w, "name_nod_var", NC_CHAR, 2, w->d_nod, w->d_len_name, 0);
    for (int v = 0; v < BENCH_NNODVAR; v++) {
        snprintf(name, sizeof name, "vals_nod_var%d", v + 1);
        w->v_nod[v] = var(w, name, NC_DOUBLE, 2, w->d_time, w->d_nodes, 0);
        layout(w, w->v_nod[v], w->o->chunk_nodes, g->num_nodes, 1, 1);
    }
    w->v_elv_names =
        var(w, "name_elem_var", NC_CHAR, 2, w->d_elv, w->d_len_name, 0);
    w->v_elv_tab = var(w, "elem_var_tab", NC_INT, 2, w->d_blk, w->d_elv, 0);
    for (int64_t k = 0; k < g->nblocks; k++) {
        snprintf(name, sizeof name, "vals_elem_var1eb%d", (int)(k + 1));
        w->v_elv[k] = var(w, name, NC_DOUBLE, 2, w->d_time, w->d_inblk[k], 0);
        layout(w, w->v_elv[k], w->o->chunk_elems, bench_block_len(g, k), 1, 1);
    }
}

static void define(ncw *w)
{
    int old = 0;
    ck(w, nc_set_fill(w->ncid, NC_NOFILL, &old), "set_fill");
    def_dims(w);
    def_globals(w);
    def_meta(w);
    def_mesh_vars(w);
    def_sets(w);
    def_results(w);
    ck(w, nc_enddef(w->ncid), "enddef");
}

/* ------------------------------------------------------------------ */
/* Write. */

/* Row `row` of a char variable (rows of `width`), NUL padded. */
static void put_text_row(ncw *w, int varid, size_t row, size_t width,
                         const char *s)
{
    char buf[128];
    size_t st[2] = {row, 0}, ct[2] = {1, width};
    memset(buf, 0, sizeof buf);
    snprintf(buf, sizeof buf, "%s", s);
    ck(w, nc_put_vara_text(w->ncid, varid, st, ct, buf), "text row");
}

static void put_ints(ncw *w, int varid, int64_t n, int (*val)(int64_t))
{
    for (int64_t i = 0; i < n; i++) {
        size_t idx = (size_t)i;
        int v = val(i);
        ck(w, nc_put_var1_int(w->ncid, varid, &idx, &v), "small int");
    }
}

static int one(int64_t i) { (void)i; return 1; }
static int plus_one(int64_t i) { return (int)(i + 1); }

static void write_meta(ncw *w)
{
    const bench_geom *g = &w->m->g;
    char line[96];
    for (int64_t k = 0; k < g->nblocks; k++) {
        snprintf(line, sizeof line, "block_%d", (int)(k + 1));
        put_text_row(w, w->v_eb_names, (size_t)k, LEN_NAME, line);
    }
    put_text_row(w, w->v_ns_names, 0, LEN_NAME, "nodeset_1");
    put_text_row(w, w->v_ss_names, 0, LEN_NAME, "sideset_1");
    static const char *const axes[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; a++)
        put_text_row(w, w->v_coor_names, (size_t)a, LEN_NAME, axes[a]);
    static const char *const qa[4] = {"exs_bench_gen", "0.1", "2024-01-01",
                                      "00:00:00"};
    for (size_t i = 0; i < 4; i++) {
        char buf[LEN_STRING] = {0};
        size_t st[3] = {0, i, 0}, ct[3] = {1, 1, LEN_STRING};
        snprintf(buf, sizeof buf, "%s", qa[i]);
        ck(w, nc_put_vara_text(w->ncid, w->v_qa, st, ct, buf), "qa");
    }
    snprintf(line, sizeof line, "exs_bench_gen n=%d nblocks=%d steps=%d",
             (int)g->n, (int)g->nblocks, (int)g->nsteps);
    put_text_row(w, w->v_info, 0, LEN_LINE, line);
    put_text_row(w, w->v_info, 1, LEN_LINE,
                 "values: closed form, see tests/bench/bench_common.c");
    put_ints(w, w->v_eb_status, g->nblocks, one);
    put_ints(w, w->v_eb_prop, g->nblocks, plus_one);
    put_ints(w, w->v_ns_status, 1, one);
    put_ints(w, w->v_ns_prop, 1, plus_one);
    put_ints(w, w->v_ss_status, 1, one);
    put_ints(w, w->v_ss_prop, 1, plus_one);
    for (int v = 0; v < BENCH_NGLOBVAR; v++)
        put_text_row(w, w->v_glo_names, (size_t)v, LEN_NAME, bench_globvar_names[v]);
    for (int v = 0; v < BENCH_NNODVAR; v++)
        put_text_row(w, w->v_nod_names, (size_t)v, LEN_NAME, bench_nodvar_names[v]);
    put_text_row(w, w->v_elv_names, 0, LEN_NAME, bench_elemvar_names[0]);
    /* elem_var_tab is (blocks, element variables): every block has it. */
    for (int64_t b = 0; b < g->nblocks; b++)
        for (int v = 0; v < BENCH_NELEMVAR; v++) {
            size_t idx[2] = {(size_t)b, (size_t)v};
            int on = 1;
            ck(w, nc_put_var1_int(w->ncid, w->v_elv_tab, idx, &on), "truth table");
        }
}

static void write_mesh(ncw *w)
{
    const bench_mesh *m = w->m;
    const bench_geom *g = &m->g;
    for (int a = 0; a < 3; a++)
        ck(w, nc_put_var_double(w->ncid, w->v_coord[a], m->coord[a]), "coord");
    ck(w, nc_put_var_int(w->ncid, w->v_nmap, m->node_map), "node_num_map");
    ck(w, nc_put_var_int(w->ncid, w->v_emap, m->elem_map), "elem_num_map");
    for (int64_t k = 0; k < g->nblocks; k++)
        ck(w, nc_put_var_int(w->ncid, w->v_conn[k], bench_mesh_conn(m, k)),
           "connect");
    ck(w, nc_put_var_int(w->ncid, w->v_ns_nodes, m->ns_nodes), "node_ns1");
    ck(w, nc_put_var_double(w->ncid, w->v_ns_df, m->ns_df), "dist_fact_ns1");
    ck(w, nc_put_var_int(w->ncid, w->v_ss_elems, m->ss_elems), "elem_ss1");
    ck(w, nc_put_var_int(w->ncid, w->v_ss_sides, m->ss_sides), "side_ss1");
}

/* One time step, as a simulation writes it: time, globals, fields. */
static void write_step(ncw *w, int64_t s)
{
    const bench_mesh *m = w->m;
    const bench_geom *g = &m->g;
    size_t st[2] = {(size_t)s, 0}, ct[2] = {1, BENCH_NGLOBVAR};
    size_t ts = (size_t)s;
    ck(w, nc_put_var1_double(w->ncid, w->v_time, &ts, &m->times[s]), "time");
    ck(w, nc_put_vara_double(w->ncid, w->v_glo, st, ct, m->glob + s * BENCH_NGLOBVAR),
       "vals_glo_var");
    ct[1] = (size_t)g->num_nodes;
    for (int v = 0; v < BENCH_NNODVAR; v++)
        ck(w, nc_put_vara_double(w->ncid, w->v_nod[v], st, ct,
                                 bench_mesh_nodvar(m, v, s)), "vals_nod_var");
    for (int64_t k = 0; k < g->nblocks; k++) {
        ct[1] = (size_t)bench_block_len(g, k);
        ck(w, nc_put_vara_double(w->ncid, w->v_elv[k], st, ct,
                                 bench_mesh_elemvar(m, k, s)), "vals_elem_var");
    }
}

/* After enddef: netCDF sizes each variable's cache at definition time to
 * hold its chunks, so this must come in data mode to stick. */
static void cache_off(ncw *w)
{
    int nvars = 0;
    ck(w, nc_inq_nvars(w->ncid, &nvars), "inq_nvars");
    for (int v = 0; v < nvars; v++)
        ck(w, nc_set_var_chunk_cache(w->ncid, v, 0, 0, 0.0f), "chunk cache");
}

int bench_nc_write(const char *path, const bench_mesh *m,
                   const bench_nc_opts *o, char *err, size_t errlen)
{
    ncw w;
    memset(&w, 0, sizeof w);
    w.err = err;
    w.errlen = errlen;
    w.m = m;
    w.o = o;
    size_t nb = (size_t)m->g.nblocks;
    w.d_inblk = calloc(nb, sizeof(int));
    w.v_conn = calloc(nb, sizeof(int));
    w.v_elv = calloc(nb, sizeof(int));
    if (!w.d_inblk || !w.v_conn || !w.v_elv) {
        snprintf(err, errlen, "out of memory");
        w.rc = NC_ENOMEM;
        goto out_free_ids;
    }
    ck(&w, nc_create(path, create_mode(o->format), &w.ncid), path);
    if (w.rc != NC_NOERR)
        goto out_free_ids;
    define(&w);
    if (o->cache_off && o->format == BENCH_NC4)
        cache_off(&w);
    write_meta(&w);
    write_mesh(&w);
    for (int64_t s = 0; s < m->g.nsteps && w.rc == NC_NOERR; s++)
        write_step(&w, s);
    ck(&w, nc_close(w.ncid), "close");
out_free_ids:
    free(w.d_inblk);
    free(w.v_conn);
    free(w.v_elv);
    return w.rc;
}
