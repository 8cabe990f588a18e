/* check_model.c -- read a file back and compare every value with model.h. */
#include <string.h>

#include "exs_test.h"
#include "model_io.h"

static void check_meta(exs_file *f)
{
    int64_t v;
    const char *s;
    EXS_OK(f, exs_get_title(f, &s));
    EXS_ASSERT_STREQ(s, "round trip of every feature");
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_DIM, &v));
    EXS_ASSERT_EQ(v, 3);
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_NODES, &v));
    EXS_ASSERT_EQ(v, M_NODES);
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_ELEM, &v));
    EXS_ASSERT_EQ(v, M_NUM_ELEM);
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_EDGE, &v));
    EXS_ASSERT_EQ(v, 12);
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_FACE, &v));
    EXS_ASSERT_EQ(v, 12);
    EXS_OK(f, exs_inquire(f, EXS_INQ_HAS_MESH, &v));
    EXS_ASSERT_EQ(v, 1);
    const char *rec[4];
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_QA, &v));
    EXS_ASSERT_EQ(v, 2);
    EXS_OK(f, exs_get_qa(f, 1, rec));
    EXS_ASSERT_STREQ(rec[0], "test");
    EXS_ASSERT_STREQ(rec[3], "13:00:00");
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_INFO, &v));
    EXS_ASSERT_EQ(v, 3);
    EXS_OK(f, exs_get_info(f, 2, &s));
    EXS_ASSERT_STREQ(s, "third line of info");
    EXS_OK(f, exs_get_coord_name(f, 2, &s));
    EXS_ASSERT_STREQ(s, "Z");
}

static void check_coords(exs_file *f)
{
    double x[M_NODES];
    for (int a = 0; a < 3; a++) {
        memset(x, 0, sizeof x);
        EXS_OK(f, exs_get_coord(f, a, 0, M_NODES, EXS_F64, x));
        for (int64_t i = 0; i < M_NODES; i++)
            EXS_ASSERT_NEAR(x[i], m_coord(a, i), 1e-6);
    }
}

static void check_block(exs_file *f, const m_block *b)
{
    exs_entity_info in;
    int64_t ib[128];
    double fb[64];
    const char *s;
    EXS_OK(f, exs_get_entity(f, b->kind, b->id, &in));
    EXS_ASSERT_EQ(in.num_entries, b->n);
    EXS_ASSERT_EQ(in.nodes_per_entry, b->npe);
    EXS_ASSERT_EQ(in.edges_per_entry, b->epe);
    EXS_ASSERT_EQ(in.faces_per_entry, b->fpe);
    EXS_ASSERT_EQ(in.num_attr, b->n ? b->nattr : 0);
    EXS_ASSERT_STREQ(in.name, b->name);
    if (b->n)
        EXS_ASSERT_STREQ(in.type, b->type);
    for (int w = EXS_CONN_NODES; w <= EXS_CONN_FACES && b->n; w++) {
        int64_t len = m_conn_len(b, (exs_conn)w);
        if (len == 0 || (w == EXS_CONN_NODES && !strcmp(b->type, "NFACED")))
            continue;
        int flat = (w == EXS_CONN_NODES && !strcmp(b->type, "NSIDED")) ||
                   (w == EXS_CONN_FACES && !strcmp(b->type, "NFACED"));
        memset(ib, 0, sizeof ib);
        EXS_OK(f, exs_get_conn(f, b->kind, b->id, (exs_conn)w, 0, flat ? len : b->n,
                               EXS_I64, ib));
        for (int64_t k = 0; k < len; k++)
            EXS_ASSERT_EQ(ib[k], m_conn(b, (exs_conn)w, k));
    }
    if (!strcmp(b->type, "NSIDED") || !strcmp(b->type, "NFACED")) {
        EXS_OK(f, exs_get_entry_counts(f, b->kind, b->id, 0, b->n, EXS_I64, ib));
        for (int64_t k = 0; k < b->n; k++)
            EXS_ASSERT_EQ(ib[k], m_entry_count(b->id, k));
    }
    if (b->nattr && b->n) {
        EXS_OK(f, exs_get_attr(f, b->kind, b->id, 0, b->n, EXS_F64, fb));
        for (int64_t k = 0; k < b->n * b->nattr; k++)
            EXS_ASSERT_NEAR(fb[k], m_real(b->id, k), 1e-6);
        EXS_OK(f, exs_get_attr_name(f, b->kind, b->id, 0, &s));
        EXS_ASSERT_STREQ(s, b->id == 10 ? "thickness" : b->id == 200 ? "radius" : "");
    }
}

static void check_set(exs_file *f, const m_set *st)
{
    exs_entity_info in;
    int64_t e[16], x[16];
    double df[16];
    EXS_OK(f, exs_get_entity(f, st->kind, st->id, &in));
    EXS_ASSERT_EQ(in.num_entries, st->n);
    EXS_ASSERT_EQ(in.num_df, st->ndf);
    EXS_ASSERT_STREQ(in.name, st->id == 2 ? "renamed" : st->name);
    int has_extra = st->kind == EXS_SIDE_SET || st->kind == EXS_EDGE_SET ||
                    st->kind == EXS_FACE_SET;
    EXS_OK(f, exs_get_set(f, st->kind, st->id, 0, st->n, EXS_I64, e, has_extra ? x : NULL));
    for (int64_t k = 0; k < st->n; k++) {
        EXS_ASSERT_EQ(e[k], m_set_entry(st->kind, k));
        if (has_extra)
            EXS_ASSERT_EQ(x[k], m_set_extra(st->kind, k));
    }
    if (st->ndf) {
        EXS_OK(f, exs_get_df(f, st->kind, st->id, 0, st->ndf, EXS_F64, df));
        for (int64_t k = 0; k < st->ndf; k++)
            EXS_ASSERT_NEAR(df[k], m_real(st->id + 50, k), 1e-6);
    }
}

static void check_maps_props(exs_file *f, int int64)
{
    int64_t b[M_NODES], v;
    static const exs_kind mk[4] = {EXS_NODE_MAP, EXS_ELEM_MAP, EXS_EDGE_MAP, EXS_FACE_MAP};
    static const int64_t len[4] = {M_NODES, M_NUM_ELEM, 12, 12};
    for (int m = 0; m < 4; m++) {
        EXS_OK(f, exs_get_id_map(f, mk[m], 0, len[m], EXS_I64, b));
        for (int64_t i = 0; i < len[m]; i++)
            EXS_ASSERT_EQ(b[i], m_id_map(mk[m], int64, i));
    }
    EXS_OK(f, exs_get_map(f, EXS_NODE_MAP, 1, 0, M_NODES, EXS_I64, b));
    for (int64_t i = 0; i < M_NODES; i++)
        EXS_ASSERT_EQ(b[i], M_NODES - i);
    EXS_OK(f, exs_get_map(f, EXS_ELEM_MAP, 5, 3, 2, EXS_I64, b));
    EXS_ASSERT_EQ(b[0], M_NUM_ELEM - 3);
    exs_entity_info in;
    EXS_OK(f, exs_get_entity(f, EXS_ELEM_MAP, 5, &in));
    EXS_ASSERT_STREQ(in.name, "elem_order");
    for (int i = 0; i < 5; i++) {
        EXS_OK(f, exs_get_prop(f, EXS_ELEM_BLOCK, m_blocks[i].id, "MATL", &v));
        EXS_ASSERT_EQ(v, m_blocks[i].id * 2);
    }
    EXS_OK(f, exs_get_prop(f, EXS_NODE_SET, 2, "FACE", &v));
    EXS_ASSERT_EQ(v, 12);
    const char *pn;
    EXS_OK(f, exs_get_prop_name(f, EXS_NODE_SET, 1, &pn));
    EXS_ASSERT_STREQ(pn, "FACE");
}

static void check_vars(exs_file *f, int64_t nsteps)
{
    double b[M_NODES], t;
    int n, tab[16];
    const char *s;
    for (int64_t step = 0; step < nsteps; step++) {
        EXS_OK(f, exs_get_times(f, step, 1, EXS_F64, &t));
        EXS_ASSERT_NEAR(t, m_time(step), 1e-12);
        EXS_OK(f, exs_get_var(f, EXS_GLOBAL, 0, 0, step, 0, 3, EXS_F64, b));
        for (int v = 0; v < 3; v++)
            EXS_ASSERT_NEAR(b[v], m_var(EXS_GLOBAL, 0, v, step, 0), 1e-6);
        for (int v = 0; v < 2; v++) {
            EXS_OK(f, exs_get_var(f, EXS_NODAL, 0, v, step, 0, M_NODES, EXS_F64, b));
            for (int64_t i = 0; i < M_NODES; i++)
                EXS_ASSERT_NEAR(b[i], m_var(EXS_NODAL, 0, v, step, i), 1e-6);
        }
        for (int i = 0; i < M_NBLOCKS + M_NSETS; i++) {
            exs_kind k = i < M_NBLOCKS ? m_blocks[i].kind : m_sets[i - M_NBLOCKS].kind;
            int64_t id = i < M_NBLOCKS ? m_blocks[i].id : m_sets[i - M_NBLOCKS].id;
            int64_t ne = i < M_NBLOCKS ? m_blocks[i].n : m_sets[i - M_NBLOCKS].n;
            for (int v = 0; v < m_nvars(k); v++) {
                if (!m_truth(k, id, v) || ne == 0) {
                    EXS_ASSERT_RC(exs_get_var(f, k, id, v, step, 0, 0, EXS_F64, b),
                                  EXS_ENOTFOUND);
                    continue;
                }
                EXS_OK(f, exs_get_var(f, k, id, v, step, 0, ne, EXS_F64, b));
                for (int64_t j = 0; j < ne; j++)
                    EXS_ASSERT_NEAR(b[j], m_var(k, id, v, step, j), 1e-6);
            }
        }
    }
    EXS_OK(f, exs_num_vars(f, EXS_ELEM_BLOCK, &n));
    EXS_ASSERT_EQ(n, 2);
    EXS_OK(f, exs_get_var_name(f, EXS_ELEM_BLOCK, 1, &s));
    EXS_ASSERT_STREQ(s, "var_b");
    EXS_OK(f, exs_get_truth(f, EXS_ELEM_BLOCK, tab));
    int64_t ids[5];
    EXS_OK(f, exs_get_ids(f, EXS_ELEM_BLOCK, ids));
    for (int e = 0; e < 5; e++)
        for (int v = 0; v < 2; v++)
            EXS_ASSERT_EQ(tab[e * 2 + v],
                          m_truth(EXS_ELEM_BLOCK, ids[e], v) && m_blocks[e].n > 0);
}

void m_check(exs_file *f, int int64, int64_t nsteps)
{
    int64_t v;
    check_meta(f);
    check_coords(f);
    for (int i = 0; i < M_NBLOCKS; i++)
        check_block(f, &m_blocks[i]);
    for (int i = 0; i < M_NSETS; i++)
        check_set(f, &m_sets[i]);
    check_maps_props(f, int64);
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_TIMES, &v));
    EXS_ASSERT_EQ(v, nsteps);
    check_vars(f, nsteps);
}
