/* check_theirs -- exoslab reads the files libexodusII 6.02 wrote
 * (write_exodusii.c) and checks every value against theirs_model.h through
 * the public API. argv[1]: the directory write_exodusii wrote into. */
#include "exs_test.h"
#include "theirs_model.h"

typedef struct theirs_file {
    const char *name;
    exs_format format;
    int float_size, int_size;
    int64_t int64_status;
} theirs_file;

/* The files write_exodusii.c writes, with what the container should say. */
static const theirs_file files[] = {
    {"theirs_default.exo", EXS_FORMAT_64BIT_OFFSET, 8, 4, 0},
    {"theirs_classic.exo", EXS_FORMAT_CLASSIC, 8, 4, 0},
    {"theirs_large.exo", EXS_FORMAT_64BIT_OFFSET, 8, 4, 0},
    {"theirs_f32.exo", EXS_FORMAT_64BIT_OFFSET, 4, 4, 0},
    {"theirs_nc4.exo", EXS_FORMAT_NETCDF4_CLASSIC, 8, 4, 0},
    {"theirs_nc4_noclassic.exo", EXS_FORMAT_NETCDF4, 8, 4, 0},
    /* EX_ALL_INT64_DB: maps, ids and bulk as 64-bit (0x1c00). */
    {"theirs_nc4_i64.exo", EXS_FORMAT_NETCDF4, 8, 8, 0x1c00},
};

static const exs_kind blk_kind[TB_KINDS] = {EXS_ELEM_BLOCK, EXS_EDGE_BLOCK, EXS_FACE_BLOCK};
static const exs_kind set_kind[TS_KINDS] = {EXS_NODE_SET, EXS_SIDE_SET, EXS_EDGE_SET,
                                            EXS_FACE_SET, EXS_ELEM_SET};
static const exs_kind map_kind[TMK_KINDS] = {EXS_NODE_MAP, EXS_EDGE_MAP, EXS_FACE_MAP,
                                             EXS_ELEM_MAP};
static const exs_kind var_kind[TV_KINDS] = {
    EXS_GLOBAL, EXS_NODAL, EXS_ELEM_BLOCK, EXS_EDGE_BLOCK, EXS_FACE_BLOCK,
    EXS_NODE_SET, EXS_SIDE_SET, EXS_EDGE_SET, EXS_FACE_SET, EXS_ELEM_SET};
static const exs_topo blk_topo[TB_KINDS][TM_NBLK] = {
    {EXS_TOPO_HEX, EXS_TOPO_BAR}, {EXS_TOPO_BAR, EXS_TOPO_BAR}, {EXS_TOPO_QUAD, EXS_TOPO_TRI}};

static double tol; /* relative tolerance of stored floating point */

static void check_header(exs_file *f, const theirs_file *tf)
{
    static const struct { exs_inq q; int64_t v; } inq[] = {
        {EXS_INQ_NUM_DIM, TM_DIM},     {EXS_INQ_NUM_NODES, TM_NODES},
        {EXS_INQ_NUM_ELEM, TM_ELEMS},  {EXS_INQ_NUM_EDGE, TM_EDGES},
        {EXS_INQ_NUM_FACE, TM_FACES},  {EXS_INQ_NUM_TIMES, TM_STEPS},
        {EXS_INQ_NUM_QA, TM_QA},       {EXS_INQ_NUM_INFO, TM_INFO},
        {EXS_INQ_NAME_LEN, 32},        {EXS_INQ_MAX_NAME_USED, 32},
        {EXS_INQ_HAS_MESH, 1},         {EXS_INQ_NEMESIS, 0},
        {EXS_INQ_PARALLEL, 0},
    };
    int64_t v = -1;
    const char *s = NULL;
    for (size_t i = 0; i < sizeof inq / sizeof inq[0]; i++) {
        EXS_OK(f, exs_inquire(f, inq[i].q, &v));
        if (v != inq[i].v)
            fprintf(stderr, "inquiry %d:\n", (int)inq[i].q);
        EXS_ASSERT_EQ(v, inq[i].v);
    }
    EXS_OK(f, exs_inquire(f, EXS_INQ_FORMAT, &v));
    EXS_ASSERT_EQ(v, tf->format);
    EXS_OK(f, exs_inquire(f, EXS_INQ_FLOAT_SIZE, &v));
    EXS_ASSERT_EQ(v, tf->float_size);
    EXS_OK(f, exs_inquire(f, EXS_INQ_INT_SIZE, &v));
    EXS_ASSERT_EQ(v, tf->int_size);
    EXS_OK(f, exs_inquire(f, EXS_INQ_INT64_STATUS, &v));
    EXS_ASSERT_EQ(v, tf->int64_status);
    EXS_OK(f, exs_get_title(f, &s));
    EXS_ASSERT_STREQ(s, TM_TITLE);
    for (int a = 0; a < TM_DIM; a++) {
        double x[TM_NODES];
        float xf[TM_NODES];
        EXS_OK(f, exs_get_coord_name(f, a, &s));
        EXS_ASSERT_STREQ(s, tm_coord_name[a]);
        EXS_OK(f, exs_get_coord(f, a, 0, TM_NODES, EXS_F64, x));
        EXS_OK(f, exs_get_coord(f, a, 1, TM_NODES - 1, EXS_F32, xf));
        for (int n = 0; n < TM_NODES; n++)
            EXS_ASSERT_NEAR(x[n], tm_coord(a, n), tol);
        for (int n = 1; n < TM_NODES; n++)
            EXS_ASSERT_NEAR(xf[n - 1], tm_coord(a, n), 1e-6);
    }
}

static void check_block_conn(exs_file *f, int k, int b, const exs_entity_info *in)
{
    int64_t id = tm_blk_id[k][b], len = tm_blk_len[k][b], npe = tm_blk_npe[k][b];
    int64_t conn[64];
    int32_t conn32[64];
    EXS_OK(f, exs_get_conn(f, blk_kind[k], id, EXS_CONN_NODES, 0, len, EXS_I64, conn));
    for (int64_t e = 0; e < len; e++)
        for (int c = 0; c < npe; c++)
            EXS_ASSERT_EQ(conn[e * npe + c], tm_conn(k, b, e, c));
    /* A slab that leaves out the first entry, into int32. */
    EXS_OK(f, exs_get_conn(f, blk_kind[k], id, EXS_CONN_NODES, 1, len - 1, EXS_I32, conn32));
    for (int64_t e = 1; e < len; e++)
        for (int c = 0; c < npe; c++)
            EXS_ASSERT_EQ(conn32[(e - 1) * npe + c], tm_conn(k, b, e, c));
    if (in->edges_per_entry > 0) {
        EXS_OK(f, exs_get_conn(f, blk_kind[k], id, EXS_CONN_EDGES, 0, len, EXS_I64, conn));
        for (int64_t e = 0; e < len; e++)
            for (int c = 0; c < TM_HEX_EDGES; c++)
                EXS_ASSERT_EQ(conn[e * TM_HEX_EDGES + c], tm_elem_edge(e, c));
    }
    if (in->faces_per_entry > 0) {
        EXS_OK(f, exs_get_conn(f, blk_kind[k], id, EXS_CONN_FACES, 0, len, EXS_I64, conn));
        for (int64_t e = 0; e < len; e++)
            for (int c = 0; c < TM_HEX_FACES; c++)
                EXS_ASSERT_EQ(conn[e * TM_HEX_FACES + c], tm_elem_face(e, c));
    }
}

static void check_block_attr(exs_file *f, int k, int b)
{
    int64_t id = tm_blk_id[k][b], len = tm_blk_len[k][b];
    int na = tm_blk_nattr[k][b];
    double attr[64];
    const char *s = NULL;
    if (na == 0)
        return;
    int rc = exs_get_attr(f, blk_kind[k], id, 0, len, EXS_F64, attr);
    EXS_OK(f, rc);
    for (int64_t e = 0; rc == 0 && e < len; e++)
        for (int a = 0; a < na; a++)
            EXS_ASSERT_NEAR(attr[e * na + a], tm_attr(k, b, e, a), tol);
    for (int a = 0; a < na; a++) {
        EXS_OK(f, exs_get_attr_name(f, blk_kind[k], id, a, &s));
        EXS_ASSERT_STREQ(s, tm_attr_name[k][b][a]);
    }
}

static void check_blocks(exs_file *f)
{
    for (int k = 0; k < TB_KINDS; k++) {
        int64_t n = 0, ids[TM_NBLK] = {0}, off = 0, found = 0;
        EXS_OK(f, exs_num_entities(f, blk_kind[k], &n));
        EXS_ASSERT_EQ(n, TM_NBLK);
        EXS_OK(f, exs_get_ids(f, blk_kind[k], ids));
        for (int b = 0; b < TM_NBLK; b++) {
            exs_entity_info in;
            int hex = k == TB_ELEM && b == 0;
            memset(&in, 0, sizeof in);
            EXS_ASSERT_EQ(ids[b], tm_blk_id[k][b]);
            EXS_OK(f, exs_get_entity(f, blk_kind[k], tm_blk_id[k][b], &in));
            EXS_ASSERT_EQ(in.id, tm_blk_id[k][b]);
            EXS_ASSERT_EQ(in.index, b + 1);
            EXS_ASSERT_EQ(in.num_entries, tm_blk_len[k][b]);
            EXS_ASSERT_EQ(in.nodes_per_entry, tm_blk_npe[k][b]);
            EXS_ASSERT_EQ(in.edges_per_entry, hex ? TM_HEX_EDGES : 0);
            EXS_ASSERT_EQ(in.faces_per_entry, hex ? TM_HEX_FACES : 0);
            EXS_ASSERT_EQ(in.num_attr, tm_blk_nattr[k][b]);
            EXS_ASSERT_EQ(in.offset, off);
            EXS_ASSERT_EQ(in.topo, blk_topo[k][b]);
            EXS_ASSERT_STREQ(in.type, tm_blk_type[k][b]);
            EXS_ASSERT_STREQ(in.name, tm_blk_name[k][b]);
            EXS_OK(f, exs_find_entity(f, blk_kind[k], tm_blk_name[k][b], &found));
            EXS_ASSERT_EQ(found, tm_blk_id[k][b]);
            check_block_conn(f, k, b, &in);
            check_block_attr(f, k, b);
            off += tm_blk_len[k][b];
        }
    }
}

static void check_set(exs_file *f, int k, int s)
{
    int64_t id = tm_set_id[k][s], len = tm_set_len[k][s], ndf = tm_set_ndf(k, s);
    int64_t ent[8], extra[8];
    int32_t ent32[8];
    double df[16];
    exs_entity_info in;
    memset(&in, 0, sizeof in);
    EXS_OK(f, exs_get_entity(f, set_kind[k], id, &in));
    EXS_ASSERT_EQ(in.id, id);
    EXS_ASSERT_EQ(in.index, s + 1);
    EXS_ASSERT_EQ(in.num_entries, len);
    EXS_ASSERT_EQ(in.num_df, ndf);
    EXS_ASSERT_STREQ(in.name, tm_set_name[k][s]);
    int has_extra = k == TS_SIDE || k == TS_EDGE || k == TS_FACE;
    EXS_OK(f, exs_get_set(f, set_kind[k], id, 0, len, EXS_I64, ent, has_extra ? extra : NULL));
    for (int64_t m = 0; m < len; m++) {
        EXS_ASSERT_EQ(ent[m], tm_set_entry(k, s, m));
        if (has_extra)
            EXS_ASSERT_EQ(extra[m], tm_set_extra(k, s, m));
    }
    EXS_OK(f, exs_get_set(f, set_kind[k], id, 1, len - 1, EXS_I32, ent32, NULL));
    for (int64_t m = 1; m < len; m++)
        EXS_ASSERT_EQ(ent32[m - 1], tm_set_entry(k, s, m));
    if (ndf == 0)
        return;
    EXS_OK(f, exs_get_df(f, set_kind[k], id, 0, ndf, EXS_F64, df));
    for (int64_t i = 0; i < ndf; i++)
        EXS_ASSERT_NEAR(df[i], tm_set_df(k, s, i), tol);
}

static void check_sets(exs_file *f)
{
    for (int k = 0; k < TS_KINDS; k++) {
        int64_t n = 0, ids[TM_NSET] = {0}, found = 0;
        EXS_OK(f, exs_num_entities(f, set_kind[k], &n));
        EXS_ASSERT_EQ(n, TM_NSET);
        EXS_OK(f, exs_get_ids(f, set_kind[k], ids));
        for (int s = 0; s < TM_NSET; s++) {
            EXS_ASSERT_EQ(ids[s], tm_set_id[k][s]);
            check_set(f, k, s);
            EXS_OK(f, exs_find_entity(f, set_kind[k], tm_set_name[k][s], &found));
            EXS_ASSERT_EQ(found, tm_set_id[k][s]);
        }
    }
}

static void check_maps(exs_file *f)
{
    int64_t map[TM_EDGES], ids[2] = {0}, n = 0;
    for (int mk = 0; mk < TMK_KINDS; mk++) {
        int64_t total = tm_map_total(mk);
        EXS_OK(f, exs_get_id_map(f, map_kind[mk], 0, total, EXS_I64, map));
        for (int64_t i = 0; i < total; i++)
            EXS_ASSERT_EQ(map[i], tm_id_map(mk, i));
        EXS_OK(f, exs_num_entities(f, map_kind[mk], &n));
        EXS_ASSERT_EQ(n, tm_nmaps[mk]);
        EXS_OK(f, exs_get_ids(f, map_kind[mk], ids));
        for (int j = 0; j < tm_nmaps[mk]; j++) {
            exs_entity_info in;
            memset(&in, 0, sizeof in);
            EXS_ASSERT_EQ(ids[j], tm_map_id[mk][j]);
            EXS_OK(f, exs_get_entity(f, map_kind[mk], tm_map_id[mk][j], &in));
            EXS_ASSERT_EQ(in.index, j + 1);
            EXS_ASSERT_EQ(in.num_entries, total);
            EXS_ASSERT_STREQ(in.name, tm_map_name[mk][j]);
            EXS_OK(f, exs_get_map(f, map_kind[mk], tm_map_id[mk][j], 0, total, EXS_I64, map));
            for (int64_t i = 0; i < total; i++)
                EXS_ASSERT_EQ(map[i], tm_map_val(mk, j, i));
        }
    }
    EXS_OK(f, exs_get_order_map(f, 0, TM_ELEMS, EXS_I64, map));
    for (int64_t e = 0; e < TM_ELEMS; e++)
        EXS_ASSERT_EQ(map[e], tm_order_map(e));
}

/* Properties besides ID per kind, as libexodusII numbered them. */
static void check_props(exs_file *f)
{
    for (int p = 0; p < TM_NPROPS; p++) {
        int k = tm_prop_kind[p];
        exs_kind kind = tm_prop_isblk[p] ? blk_kind[k] : set_kind[k];
        int n = 0, pos = 1;
        const char *s = NULL;
        for (int q = 0; q < p; q++)
            pos += tm_prop_isblk[q] == tm_prop_isblk[p] && tm_prop_kind[q] == k;
        EXS_OK(f, exs_num_props(f, kind, &n));
        EXS_ASSERT(n > pos);
        EXS_OK(f, exs_get_prop_name(f, kind, 0, &s));
        EXS_ASSERT_STREQ(s, "ID");
        EXS_OK(f, exs_get_prop_name(f, kind, pos, &s));
        EXS_ASSERT_STREQ(s, tm_prop_name[p]);
        for (int e = 0; e < 2; e++) {
            int64_t id = tm_prop_isblk[p] ? tm_blk_id[k][e] : tm_set_id[k][e], v = -1;
            EXS_OK(f, exs_get_prop(f, kind, id, tm_prop_name[p], &v));
            EXS_ASSERT_EQ(v, tm_prop_val(p, e));
            EXS_OK(f, exs_get_prop(f, kind, id, "ID", &v));
            EXS_ASSERT_EQ(v, id);
        }
    }
    /* Kinds with ID alone. */
    static const exs_kind only_id[] = {EXS_FACE_BLOCK, EXS_EDGE_SET, EXS_ELEM_SET,
                                       EXS_NODE_MAP, EXS_ELEM_MAP};
    for (size_t i = 0; i < sizeof only_id / sizeof only_id[0]; i++) {
        int n = 0;
        EXS_OK(f, exs_num_props(f, only_id[i], &n));
        EXS_ASSERT_EQ(n, 1);
    }
    int n = 0;
    EXS_OK(f, exs_num_props(f, EXS_ELEM_BLOCK, &n));
    EXS_ASSERT_EQ(n, 3);
}

static void check_records(exs_file *f)
{
    const char *rec[4] = {NULL}, *s = NULL;
    for (int i = 0; i < TM_QA; i++) {
        EXS_OK(f, exs_get_qa(f, i, rec));
        for (int j = 0; j < 4; j++)
            EXS_ASSERT_STREQ(rec[j], tm_qa[i][j]);
    }
    for (int i = 0; i < TM_INFO; i++) {
        EXS_OK(f, exs_get_info(f, i, &s));
        EXS_ASSERT_STREQ(s, tm_info[i]);
    }
}

static int64_t var_entity_id(int vk, int b)
{
    if (vk <= TV_NODAL)
        return 0;
    if (vk <= TV_FACE)
        return tm_blk_id[vk - TV_ELEM][b];
    return tm_set_id[vk - TV_NSET][b];
}

static void check_var_values(exs_file *f, int vk, int b, int v)
{
    int64_t id = var_entity_id(vk, b), n = tm_var_len(vk, b);
    double vals[TM_STEPS * TM_NODES];
    if (!tm_truth(vk, b, v)) {
        EXS_ASSERT_RC(exs_get_var(f, var_kind[vk], id, v, 0, 0, n, EXS_F64, vals),
                      EXS_ENOTFOUND);
        return;
    }
    for (int s = 0; s < TM_STEPS; s++) {
        EXS_OK(f, exs_get_var(f, var_kind[vk], id, v, s, 0, n, EXS_F64, vals));
        for (int64_t i = 0; i < n; i++)
            EXS_ASSERT_NEAR(vals[i], tm_var(vk, v, b, i, s), tol);
    }
    /* All steps at once, leaving out entry 0. */
    EXS_OK(f, exs_get_var_steps(f, var_kind[vk], id, v, 0, TM_STEPS, 1, n - 1, EXS_F64,
                                vals));
    for (int s = 0; s < TM_STEPS; s++)
        for (int64_t i = 1; i < n; i++)
            EXS_ASSERT_NEAR(vals[s * (n - 1) + i - 1], tm_var(vk, v, b, i, s), tol);
}

static void check_var_kind(exs_file *f, int vk)
{
    int nv = -1, idx = -1, tab[2 * 3];
    const char *s = NULL;
    EXS_OK(f, exs_num_vars(f, var_kind[vk], &nv));
    EXS_ASSERT_EQ(nv, tm_nvars[vk]);
    for (int v = 0; v < tm_nvars[vk]; v++) {
        EXS_OK(f, exs_get_var_name(f, var_kind[vk], v, &s));
        EXS_ASSERT_STREQ(s, tm_var_name[vk][v]);
        EXS_OK(f, exs_find_var(f, var_kind[vk], tm_var_name[vk][v], &idx));
        EXS_ASSERT_EQ(idx, v);
    }
    EXS_OK(f, exs_get_truth(f, var_kind[vk], tab));
    for (int b = 0; b < tm_var_nent(vk); b++)
        for (int v = 0; v < tm_nvars[vk]; v++)
            EXS_ASSERT_EQ(tab[b * tm_nvars[vk] + v], tm_truth(vk, b, v));
    if (vk == TV_GLOBAL) { /* the entries are the variables */
        check_var_values(f, vk, 0, 0);
        return;
    }
    for (int b = 0; b < tm_var_nent(vk); b++)
        for (int v = 0; v < tm_nvars[vk]; v++)
            check_var_values(f, vk, b, v);
}

static void check_results(exs_file *f)
{
    double t[TM_STEPS];
    EXS_OK(f, exs_get_times(f, 0, TM_STEPS, EXS_F64, t));
    for (int s = 0; s < TM_STEPS; s++)
        EXS_ASSERT_NEAR(t[s], tm_time(s), tol);
    for (int vk = 0; vk < TV_KINDS; vk++)
        check_var_kind(f, vk);
}

static void check_file(const char *dir, const theirs_file *tf)
{
    char path[4096], msg[512] = "";
    exs_file *f = NULL;
    int before = exs_test_failures;
    snprintf(path, sizeof path, "%s/%s", dir, tf->name);
    int rc = exs_open_err(path, EXS_READ, &f, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, 0);
    if (rc != 0) {
        fprintf(stderr, "%s: %s: %s\n", path, exs_errname(rc), msg);
        return;
    }
    tol = tf->float_size == 4 ? 2e-7 : 1e-15;
    check_header(f, tf);
    check_blocks(f);
    check_sets(f);
    check_maps(f);
    check_props(f);
    check_records(f);
    check_results(f);
    EXS_OK(f, exs_close(f));
    printf("%s: %s\n", tf->name, exs_test_failures > before ? "FAILED" : "ok");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        check_file(argv[1], &files[i]);
    return EXS_TEST_END();
}
