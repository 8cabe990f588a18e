/*
 * test_corpus -- every file of the corpus, every array it holds, read
 * through exoslab's public API and compared value by value with a direct
 * netCDF-C read of the same variable; plus known facts from the corpus
 * README/MANIFEST for a handful of files.
 */
#include <netcdf.h>

#include <dirent.h>
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "exs_nc.h"
#include "exs_test.h"

/* How each kind is spelled in files (independent of the library's table). */
typedef struct kind_names {
    exs_kind kind;
    const char *conn, *extra, *df, *attr, *epec, *names, *vals;
} kind_names;

static const kind_names blocks[] = {
    {EXS_ELEM_BLOCK, "connect%lld", NULL, NULL, "attrib%lld", "ebepecnt%lld",
     "eb_names", "vals_elem_var%deb%lld"},
    {EXS_EDGE_BLOCK, "ebconn%lld", NULL, NULL, "eattrb%lld", NULL, "ed_names",
     "vals_edge_var%deb%lld"},
    {EXS_FACE_BLOCK, "fbconn%lld", NULL, NULL, "fattrb%lld", "fbepecnt%lld",
     "fa_names", "vals_face_var%dfb%lld"},
};
static const kind_names sets[] = {
    {EXS_NODE_SET, "node_ns%lld", NULL, "dist_fact_ns%lld", "nsattrb%lld", NULL, "ns_names",
     "vals_nset_var%dns%lld"},
    {EXS_SIDE_SET, "elem_ss%lld", "side_ss%lld", "dist_fact_ss%lld", "ssattrb%lld", NULL,
     "ss_names", "vals_sset_var%dss%lld"},
    {EXS_EDGE_SET, "edge_es%lld", "ornt_es%lld", "dist_fact_es%lld", "esattrb%lld", NULL,
     "es_names", "vals_eset_var%des%lld"},
    {EXS_FACE_SET, "face_fs%lld", "ornt_fs%lld", "dist_fact_fs%lld", "fsattrb%lld", NULL,
     "fs_names", "vals_fset_var%dfs%lld"},
    {EXS_ELEM_SET, "elem_els%lld", NULL, "dist_fact_els%lld", "elsattrb%lld", NULL,
     "els_names", "vals_elset_var%des%lld"},
};
static const struct {
    exs_kind kind;
    const char *id_map, *named, *names;
} maps[] = {
    {EXS_NODE_MAP, "node_num_map", "node_map%lld", "nmap_names"},
    {EXS_EDGE_MAP, "edge_num_map", "edge_map%lld", "edmap_names"},
    {EXS_FACE_MAP, "face_num_map", "face_map%lld", "famap_names"},
    {EXS_ELEM_MAP, "elem_num_map", "elem_map%lld", "emap_names"},
};

typedef struct ctx {
    const char *file;
    exs_file *f;
    int ncid;
    int64_t arrays; /* arrays compared */
} ctx;

static void *xmalloc(int64_t n, size_t w)
{
    void *p = malloc((size_t)(n > 0 ? n : 1) * w);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* Read `n` integers through `rd` and compare with netCDF variable `var`. */
static void cmp_int_var(ctx *c, const char *label, const char *var,
                        const int64_t *got, int64_t n)
{
    int64_t *want = NULL;
    char msg[256];
    int64_t m = exs_nc_get_i64(c->ncid, var, &want);
    snprintf(msg, sizeof msg, "%s: %s %s", c->file, label, var);
    if (m < 0) {
        if (n != 0)
            EXS_FAIL_("%s: variable absent but %lld values expected", msg,
                      (long long)n);
    } else {
        exs_test_checks++;
        if (m < n)
            EXS_FAIL_("%s: netCDF has %lld values, exoslab %lld", msg, (long long)m,
                      (long long)n);
        else
            exs_cmp_i64(msg, got, want, n);
    }
    c->arrays++;
    free(want);
}

static void cmp_f64_at(ctx *c, const char *label, const char *var, const double *got,
                       int64_t n, int64_t offset, int64_t stride, int64_t nrows)
{
    double *want = NULL;
    char msg[256];
    int64_t m = exs_nc_get_f64(c->ncid, var, &want);
    snprintf(msg, sizeof msg, "%s: %s %s", c->file, label, var);
    if (m < 0) {
        if (n * nrows != 0)
            EXS_FAIL_("%s: variable absent", msg);
        free(want);
        return;
    }
    for (int64_t r = 0; r < nrows; r++) {
        if (offset + r * stride + n > m) {
            EXS_FAIL_("%s: row %lld past the stored %lld values", msg, (long long)r,
                      (long long)m);
            break;
        }
        exs_cmp_f64(msg, got + r * n, want + offset + r * stride, n);
    }
    c->arrays++;
    free(want);
}

static void cmp_name(ctx *c, const char *var, int64_t row, const char *got)
{
    char want[512];
    if (exs_nc_get_row(c->ncid, var, row, want, sizeof want) != 0)
        want[0] = '\0';
    if (strcmp(got, want) != 0)
        EXS_FAIL_("%s: %s row %lld: \"%s\" != \"%s\"", c->file, var, (long long)row,
                  got, want);
    exs_test_checks++;
}

/* ---- coordinates ---- */

static void check_coords(ctx *c)
{
    static const char *const cv[3] = {"coordx", "coordy", "coordz"};
    int64_t nd = 0, nn = 0;
    exs_inquire(c->f, EXS_INQ_NUM_DIM, &nd);
    exs_inquire(c->f, EXS_INQ_NUM_NODES, &nn);
    double *x = xmalloc(nn, sizeof *x);
    float *x32 = xmalloc(nn, sizeof *x32);
    int combined = exs_nc_dim(c->ncid, "num_dim") >= 0 &&
                   nc_inq_varid(c->ncid, "coordx", &(int){0}) != NC_NOERR;
    for (int a = 0; a < nd; a++) {
        const char *name;
        EXS_OK(c->f, exs_get_coord(c->f, a, 0, nn, EXS_F64, x));
        if (combined)
            cmp_f64_at(c, "coord axis", "coord", x, nn, a * nn, 0, 1);
        else
            cmp_f64_at(c, "coord", cv[a], x, nn, 0, 0, 1);
        EXS_OK(c->f, exs_get_coord(c->f, a, 0, nn, EXS_F32, x32));
        int64_t bad = 0;
        for (int64_t i = 0; i < nn; i++)
            bad += x32[i] != (float)x[i];
        EXS_ASSERT_EQ(bad, 0);
        EXS_OK(c->f, exs_get_coord_name(c->f, a, &name));
        cmp_name(c, "coor_names", a, name);
    }
    EXS_ASSERT_RC(exs_get_coord(c->f, (int)nd, 0, 0, EXS_F64, x), EXS_ERANGE);
    free(x);
    free(x32);
}

/* ---- blocks ---- */

/* slab: entries (or flat values of NSIDED/NFACED); n: values. */
static void check_conn(ctx *c, const kind_names *k, const exs_entity_info *e,
                       exs_conn which, const char *fmt, int64_t slab, int64_t n)
{
    char var[64];
    snprintf(var, sizeof var, fmt, (long long)e->index);
    int64_t *got = xmalloc(n, sizeof *got);
    EXS_OK(c->f, exs_get_conn(c->f, k->kind, e->id, which, 0, slab, EXS_I64, got));
    cmp_int_var(c, "conn", var, got, n);
    free(got);
}

static void check_block_conns(ctx *c, const kind_names *k, const exs_entity_info *e)
{
    int64_t n = e->topo == EXS_TOPO_NSIDED ? e->nodes_per_entry
                                           : e->num_entries * e->nodes_per_entry;
    if (e->topo == EXS_TOPO_NFACED)
        EXS_ASSERT_RC(exs_get_conn(c->f, k->kind, e->id, EXS_CONN_NODES, 0, 0,
                                   EXS_I64, NULL),
                      EXS_ENOTFOUND);
    else
        check_conn(c, k, e, EXS_CONN_NODES, k->conn,
                   e->topo == EXS_TOPO_NSIDED ? n : e->num_entries, n);
    if (e->edges_per_entry > 0)
        check_conn(c, k, e, EXS_CONN_EDGES, "edgconn%lld", e->num_entries,
                   e->num_entries * e->edges_per_entry);
    if (e->faces_per_entry > 0 && e->topo == EXS_TOPO_NFACED)
        check_conn(c, k, e, EXS_CONN_FACES, "facconn%lld", e->faces_per_entry,
                   e->faces_per_entry);
    else if (e->faces_per_entry > 0)
        check_conn(c, k, e, EXS_CONN_FACES, "facconn%lld", e->num_entries,
                   e->num_entries * e->faces_per_entry);
}

static void check_entry_counts(ctx *c, const kind_names *k, const exs_entity_info *e)
{
    char var[64];
    int64_t *cnt = xmalloc(e->num_entries, sizeof *cnt);
    EXS_OK(c->f, exs_get_entry_counts(c->f, k->kind, e->id, 0, e->num_entries,
                                      EXS_I64, cnt));
    int poly = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
    if (poly && k->epec) {
        snprintf(var, sizeof var, k->epec, (long long)e->index);
        cmp_int_var(c, "entry counts", var, cnt, e->num_entries);
        int64_t sum = 0;
        for (int64_t i = 0; i < e->num_entries; i++)
            sum += cnt[i];
        EXS_ASSERT_EQ(sum, e->topo == EXS_TOPO_NSIDED ? e->nodes_per_entry
                                                      : e->faces_per_entry);
    } else {
        int64_t bad = 0;
        for (int64_t i = 0; i < e->num_entries; i++)
            bad += cnt[i] != e->nodes_per_entry;
        EXS_ASSERT_EQ(bad, 0);
    }
    free(cnt);
}

/* The attribute count dimension and the names variable of an attribute
 * variable "<x>attrb<i>" / "attrib<i>" / "nattrb": its prefix, then
 * "num_att_in_<...>" and "<x>attrib_name". */
static void attr_spelling(const char *var, char *dim, char *names, size_t cap)
{
    static const struct { const char *attr, *dim, *names; } sp[] = {
        {"attrib", "num_att_in_blk", "attrib_name"},
        {"eattrb", "num_att_in_eblk", "eattrib_name"},
        {"fattrb", "num_att_in_fblk", "fattrib_name"},
        {"nsattrb", "num_att_in_ns", "nsattrib_name"},
        {"ssattrb", "num_att_in_ss", "ssattrib_name"},
        {"esattrb", "num_att_in_es", "esattrib_name"},
        {"fsattrb", "num_att_in_fs", "fsattrib_name"},
        {"elsattrb", "num_att_in_els", "elsattrib_name"},
        {"nattrb", "num_att_in_nblk", "nattrib_name"},
    };
    for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++) {
        size_t n = strlen(sp[i].attr);
        if (strncmp(var, sp[i].attr, n) == 0 && (!var[n] || isdigit((unsigned char)var[n]))) {
            snprintf(dim, cap, "%s%s", sp[i].dim, var + n);
            snprintf(names, cap, "%s%s", sp[i].names, var + n);
            return;
        }
    }
    snprintf(dim, cap, "?");
    snprintf(names, cap, "?");
}

/* Attributes of an entity (or, var "nattrb", of the nodes) against
 * netCDF-C's own read: count (the dimension), values, names. */
static void check_attr_var(ctx *c, exs_kind kind, const exs_entity_info *e,
                           const char *var)
{
    char dim[64], nvar[64];
    size_t len = 0;
    int dimid;
    attr_spelling(var, dim, nvar, sizeof dim);
    if (nc_inq_dimid(c->ncid, dim, &dimid) == NC_NOERR)
        nc_inq_dimlen(c->ncid, dimid, &len);
    EXS_ASSERT_EQ(e->num_attr, (int64_t)len);
    int64_t n = e->num_entries * e->num_attr;
    double *a = xmalloc(n, sizeof *a);
    EXS_OK(c->f, exs_get_attr(c->f, kind, e->id, 0, e->num_entries, EXS_F64, a));
    if (n > 0)
        cmp_f64_at(c, "attributes", var, a, n, 0, 0, 1);
    for (int j = 0; j < e->num_attr; j++) {
        const char *name;
        EXS_OK(c->f, exs_get_attr_name(c->f, kind, e->id, j, &name));
        cmp_name(c, nvar, j, name);
    }
    free(a);
}

static void check_attrs(ctx *c, const kind_names *k, const exs_entity_info *e)
{
    char var[64];
    snprintf(var, sizeof var, k->attr, (long long)e->index);
    check_attr_var(c, k->kind, e, var);
}

/* Every property of a kind in one call (exs_get_prop_array) equals its
 * variable: eb_names -> eb_prop1 (the ids), eb_prop2, ... */
static void check_props(ctx *c, const kind_names *k, int64_t n)
{
    int np = 0;
    const char *name;
    char var[64];
    int stem = (int)(strlen(k->names) - strlen("_names"));
    if (n == 0 || exs_num_props(c->f, k->kind, &np) != 0)
        return;
    int64_t *vals = xmalloc(n, sizeof *vals);
    for (int p = 0; p < np; p++) {
        EXS_OK(c->f, exs_get_prop_name(c->f, k->kind, p, &name));
        EXS_OK(c->f, exs_get_prop_array(c->f, k->kind, name, vals));
        snprintf(var, sizeof var, "%.*s_prop%d", stem, k->names, p + 1);
        cmp_int_var(c, "property", var, vals, n);
    }
    EXS_ASSERT_EQ(exs_get_prop_array(c->f, k->kind, "no such property", vals),
                  EXS_ENOTFOUND);
    free(vals);
}

static void check_blocks(ctx *c, const kind_names *k)
{
    int64_t n = 0;
    EXS_OK(c->f, exs_num_entities(c->f, k->kind, &n));
    int64_t *ids = xmalloc(n, sizeof *ids);
    EXS_OK(c->f, exs_get_ids(c->f, k->kind, ids));
    for (int64_t i = 0; i < n; i++) {
        exs_entity_info e;
        EXS_OK(c->f, exs_get_entity(c->f, k->kind, ids[i], &e));
        EXS_ASSERT_EQ(e.index, i + 1);
        cmp_name(c, k->names, i, e.name);
        check_block_conns(c, k, &e);
        check_entry_counts(c, k, &e);
        check_attrs(c, k, &e);
    }
    check_props(c, k, n);
    free(ids);
}

/* ---- sets ---- */

static void check_set(ctx *c, const kind_names *k, const exs_entity_info *e)
{
    char var[64];
    int64_t n = e->num_entries;
    int64_t *mem = xmalloc(n, sizeof *mem), *ext = xmalloc(n, sizeof *ext);
    double *df = xmalloc(e->num_df, sizeof *df);
    EXS_OK(c->f, exs_get_set(c->f, k->kind, e->id, 0, n, EXS_I64, mem,
                             k->extra ? ext : NULL));
    snprintf(var, sizeof var, k->conn, (long long)e->index);
    cmp_int_var(c, "set members", var, mem, n);
    if (k->extra) {
        snprintf(var, sizeof var, k->extra, (long long)e->index);
        cmp_int_var(c, "set extra", var, ext, n);
    } else {
        EXS_ASSERT_RC(exs_get_set(c->f, k->kind, e->id, 0, 0, EXS_I64, mem, ext),
                      EXS_EINVAL);
    }
    EXS_OK(c->f, exs_get_df(c->f, k->kind, e->id, 0, e->num_df, EXS_F64, df));
    snprintf(var, sizeof var, k->df, (long long)e->index);
    if (e->num_df > 0)
        cmp_f64_at(c, "dist factors", var, df, e->num_df, 0, 0, 1);
    EXS_ASSERT_RC(exs_get_df(c->f, k->kind, e->id, 0, e->num_df + 1, EXS_F64, df),
                  EXS_ERANGE);
    free(mem);
    free(ext);
    free(df);
}

static void check_sets(ctx *c, const kind_names *k)
{
    int64_t n = 0;
    EXS_OK(c->f, exs_num_entities(c->f, k->kind, &n));
    int64_t *ids = xmalloc(n, sizeof *ids);
    EXS_OK(c->f, exs_get_ids(c->f, k->kind, ids));
    for (int64_t i = 0; i < n; i++) {
        exs_entity_info e;
        EXS_OK(c->f, exs_get_entity(c->f, k->kind, ids[i], &e));
        cmp_name(c, k->names, i, e.name);
        check_set(c, k, &e);
        check_attrs(c, k, &e);
    }
    check_props(c, k, n);
    free(ids);
}

/* ---- maps ---- */

static int64_t map_total(exs_file *f, exs_kind k)
{
    int64_t n = 0;
    exs_inq q = k == EXS_NODE_MAP   ? EXS_INQ_NUM_NODES
                : k == EXS_EDGE_MAP ? EXS_INQ_NUM_EDGE
                : k == EXS_FACE_MAP ? EXS_INQ_NUM_FACE
                                    : EXS_INQ_NUM_ELEM;
    exs_inquire(f, q, &n);
    return n;
}

static void check_identity_or(ctx *c, const char *var, const int64_t *got, int64_t n)
{
    if (nc_inq_varid(c->ncid, var, &(int){0}) == NC_NOERR) {
        cmp_int_var(c, "map", var, got, n);
        return;
    }
    int64_t bad = 0;
    for (int64_t i = 0; i < n; i++)
        bad += got[i] != i + 1;
    EXS_ASSERT_EQ(bad, 0);
}

static void check_maps(ctx *c)
{
    char var[64];
    for (size_t m = 0; m < sizeof maps / sizeof maps[0]; m++) {
        int64_t total = map_total(c->f, maps[m].kind), n = 0;
        int64_t *buf = xmalloc(total, sizeof *buf);
        EXS_OK(c->f, exs_get_id_map(c->f, maps[m].kind, 0, total, EXS_I64, buf));
        check_identity_or(c, maps[m].id_map, buf, total);
        EXS_OK(c->f, exs_num_entities(c->f, maps[m].kind, &n));
        int64_t *ids = xmalloc(n, sizeof *ids);
        EXS_OK(c->f, exs_get_ids(c->f, maps[m].kind, ids));
        for (int64_t i = 0; i < n; i++) {
            exs_entity_info e;
            EXS_OK(c->f, exs_get_entity(c->f, maps[m].kind, ids[i], &e));
            cmp_name(c, maps[m].names, i, e.name);
            EXS_OK(c->f, exs_get_map(c->f, maps[m].kind, ids[i], 0, total, EXS_I64, buf));
            snprintf(var, sizeof var, maps[m].named, (long long)e.index);
            cmp_int_var(c, "named map", var, buf, total);
        }
        free(ids);
        free(buf);
    }
    int64_t ne = map_total(c->f, EXS_ELEM_MAP);
    int64_t *order = xmalloc(ne, sizeof *order);
    EXS_OK(c->f, exs_get_order_map(c->f, 0, ne, EXS_I64, order));
    check_identity_or(c, "elem_map", order, ne);
    free(order);
    int64_t om = -1;
    EXS_OK(c->f, exs_inquire(c->f, EXS_INQ_ORDER_MAP, &om));
    EXS_ASSERT_EQ(om, nc_inq_varid(c->ncid, "elem_map", &(int){0}) == NC_NOERR);
    exs_entity_info nodes;
    EXS_OK(c->f, exs_get_entity(c->f, EXS_NODAL, 0, &nodes));
    EXS_ASSERT_EQ(nodes.num_entries, map_total(c->f, EXS_NODE_MAP));
    check_attr_var(c, EXS_NODAL, &nodes, "nattrb");
}

/* ---- results ---- */

static void check_times(ctx *c, int64_t nt)
{
    double *t = xmalloc(nt, sizeof *t);
    EXS_OK(c->f, exs_get_times(c->f, 0, nt, EXS_F64, t));
    if (nt > 0)
        cmp_f64_at(c, "times", "time_whole", t, nt, 0, 0, 1);
    EXS_ASSERT_RC(exs_get_times(c->f, 0, nt + 1, EXS_F64, t), EXS_ERANGE);
    free(t);
}

/* One variable of one entity: every step alone, then all steps at once.
 * The netCDF variable is (time, ...): value (s, i) at offset + s*stride + i. */
static void check_var_series(ctx *c, exs_kind kind, int64_t id, int var, int64_t nt,
                             int64_t n, const char *nc_var, int64_t offset,
                             int64_t stride)
{
    double *one = xmalloc(n, sizeof *one), *all = xmalloc(n * nt, sizeof *all);
    for (int64_t s = 0; s < nt; s++) {
        EXS_OK(c->f, exs_get_var(c->f, kind, id, var, s, 0, n, EXS_F64, one));
        memcpy(all + s * n, one, (size_t)n * sizeof *one);
    }
    double *steps = xmalloc(n * nt, sizeof *steps);
    EXS_OK(c->f, exs_get_var_steps(c->f, kind, id, var, 0, nt, 0, n, EXS_F64, steps));
    EXS_ASSERT_EQ(memcmp(all, steps, (size_t)(n * nt) * sizeof *all), 0);
    if (nt > 0)
        cmp_f64_at(c, "variable", nc_var, all, n, offset, stride, nt);
    EXS_ASSERT_RC(exs_get_var(c->f, kind, id, var, nt, 0, n, EXS_F64, one), EXS_ERANGE);
    free(one);
    free(all);
    free(steps);
}

static void check_global_nodal(ctx *c, int64_t nt)
{
    int ng = 0, nv = 0;
    int64_t nn = 0;
    char var[64];
    const char *name;
    EXS_OK(c->f, exs_num_vars(c->f, EXS_GLOBAL, &ng));
    if (ng > 0)
        check_var_series(c, EXS_GLOBAL, 0, 0, nt, ng, "vals_glo_var", 0, ng);
    for (int v = 0; v < ng; v++) {
        EXS_OK(c->f, exs_get_var_name(c->f, EXS_GLOBAL, v, &name));
        cmp_name(c, "name_glo_var", v, name);
    }
    EXS_OK(c->f, exs_num_vars(c->f, EXS_NODAL, &nv));
    exs_inquire(c->f, EXS_INQ_NUM_NODES, &nn);
    int legacy = nc_inq_varid(c->ncid, "vals_nod_var", &(int){0}) == NC_NOERR;
    for (int v = 0; v < nv; v++) {
        EXS_OK(c->f, exs_get_var_name(c->f, EXS_NODAL, v, &name));
        cmp_name(c, "name_nod_var", v, name);
        snprintf(var, sizeof var, "vals_nod_var%d", v + 1);
        if (nc_inq_varid(c->ncid, var, &(int){0}) == NC_NOERR || !legacy)
            check_var_series(c, EXS_NODAL, 0, v, nt, nn, var, 0, nn);
        else
            check_var_series(c, EXS_NODAL, 0, v, nt, nn, "vals_nod_var", v * nn,
                             nn * nv);
    }
}

static void check_entity_vars(ctx *c, const kind_names *k, int64_t nt)
{
    int nv = 0;
    int64_t ne = 0;
    char var[64];
    EXS_OK(c->f, exs_num_vars(c->f, k->kind, &nv));
    EXS_OK(c->f, exs_num_entities(c->f, k->kind, &ne));
    if (nv == 0 || ne == 0)
        return;
    int64_t *ids = xmalloc(ne, sizeof *ids);
    int *truth = xmalloc(ne * nv, sizeof *truth);
    EXS_OK(c->f, exs_get_ids(c->f, k->kind, ids));
    EXS_OK(c->f, exs_get_truth(c->f, k->kind, truth));
    for (int64_t i = 0; i < ne; i++) {
        exs_entity_info e;
        EXS_OK(c->f, exs_get_entity(c->f, k->kind, ids[i], &e));
        for (int v = 0; v < nv; v++) {
            snprintf(var, sizeof var, k->vals, v + 1, (long long)e.index);
            int stored = nc_inq_varid(c->ncid, var, &(int){0}) == NC_NOERR;
            EXS_ASSERT_EQ(truth[i * nv + v], stored);
            if (stored)
                check_var_series(c, k->kind, e.id, v, nt, e.num_entries, var, 0,
                                 e.num_entries);
            else
                EXS_ASSERT_RC(exs_get_var(c->f, k->kind, e.id, v, 0, 0, 0, EXS_F64,
                                          NULL),
                              EXS_ENOTFOUND);
        }
    }
    free(ids);
    free(truth);
}

static void check_records(ctx *c)
{
    int64_t nqa = 0, ninfo = 0;
    char want[512];
    exs_inquire(c->f, EXS_INQ_NUM_QA, &nqa);
    exs_inquire(c->f, EXS_INQ_NUM_INFO, &ninfo);
    for (int64_t r = 0; r < nqa; r++) {
        const char *rec[4];
        EXS_OK(c->f, exs_get_qa(c->f, r, rec));
        for (int j = 0; j < 4; j++) {
            exs_nc_get_qa(c->ncid, r, j, want, sizeof want);
            EXS_ASSERT_STREQ(rec[j], want);
        }
    }
    for (int64_t r = 0; r < ninfo; r++) {
        const char *line;
        EXS_OK(c->f, exs_get_info(c->f, r, &line));
        cmp_name(c, "info_records", r, line);
    }
}

static int check_file(const char *dir, const char *file)
{
    char path[4096];
    char msg[512];
    ctx c = {.file = file};
    int before = exs_test_failures;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int rc = exs_open_err(path, EXS_READ, &c.f, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, 0);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", file, msg);
        return 0;
    }
    EXS_ASSERT_EQ(nc_open(path, NC_NOWRITE, &c.ncid), NC_NOERR);
    int64_t nt = 0;
    exs_inquire(c.f, EXS_INQ_NUM_TIMES, &nt);
    check_coords(&c);
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++)
        check_blocks(&c, &blocks[k]);
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++)
        check_sets(&c, &sets[k]);
    check_maps(&c);
    check_times(&c, nt);
    check_global_nodal(&c, nt);
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++)
        check_entity_vars(&c, &blocks[k], nt);
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++)
        check_entity_vars(&c, &sets[k], nt);
    check_records(&c);
    nc_close(c.ncid);
    EXS_OK(c.f, exs_close(c.f));
    printf("%s %s: %lld arrays compared\n",
           exs_test_failures == before ? "PASS" : "FAIL", file, (long long)c.arrays);
    return 1;
}

void check_known_facts(const char *dir);

int main(void)
{
    const char *dir = exs_test_corpus_dir();
    DIR *d = opendir(dir);
    int files = 0, checked = 0;
    EXS_ASSERT(d != NULL);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README.md") == 0 ||
            strcmp(de->d_name, "MANIFEST.tsv") == 0)
            continue;
        files++;
        checked += check_file(dir, de->d_name);
    }
    if (d)
        closedir(d);
    printf("%d of %d corpus files checked\n", checked, files);
    EXS_ASSERT(files > 0);
    EXS_ASSERT_EQ(checked, files);
    check_known_facts(dir);
    return EXS_TEST_END();
}
