/* copy_compare.c -- see copy_compare.h. */
#include "copy_compare.h"
#include "exs_test.h"

static void *xcalloc(int64_t n) { return calloc((size_t)(n > 0 ? n : 1), 8); }

static const char *g_what; /* the comparison's label, for messages */

static void cmp_array(exs_file *a, exs_file *b, int rca, int rcb, const void *x,
                      const void *y, int64_t n, const char *what, int64_t id)
{
    EXS_ASSERT_EQ(rca, rcb);
    if (rca == 0 && rcb == 0 && n > 0 && memcmp(x, y, (size_t)n * 8) != 0)
        EXS_FAIL_("%s: %s of %lld differs", g_what, what, (long long)id);
    (void)a, (void)b;
}

/* One array read from both files by `get` into int64 or double buffers. */
#define CMP(n, what, id, call_a, call_b)                                      \
    do {                                                                      \
        int64_t *x_ = xcalloc(n), *y_ = xcalloc(n);                           \
        int ra_ = (call_a), rb_ = (call_b);                                   \
        cmp_array(a, b, ra_, rb_, x_, y_, n, what, id);                       \
        free(x_), free(y_);                                                   \
    } while (0)
#define X ((void *)x_)
#define Y ((void *)y_)

static void cmp_block(exs_file *a, exs_file *b, exs_kind k, const exs_entity_info *e)
{
    int poly = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
    int64_t n = e->num_entries, np = poly ? e->nodes_per_entry : n * e->nodes_per_entry;
    if (poly)
        CMP(n, "entry counts", e->id, exs_get_entry_counts(a, k, e->id, 0, n, EXS_I64, X),
            exs_get_entry_counts(b, k, e->id, 0, n, EXS_I64, Y));
    if (np > 0)
        CMP(np, "connectivity", e->id,
            exs_get_conn(a, k, e->id, EXS_CONN_NODES, 0, poly ? np : n, EXS_I64, X),
            exs_get_conn(b, k, e->id, EXS_CONN_NODES, 0, poly ? np : n, EXS_I64, Y));
    if (e->num_attr > 0)
        CMP(n * e->num_attr, "attributes", e->id,
            exs_get_attr(a, k, e->id, 0, n, EXS_F64, X),
            exs_get_attr(b, k, e->id, 0, n, EXS_F64, Y));
}

static void cmp_set(exs_file *a, exs_file *b, exs_kind k, const exs_entity_info *e)
{
    int64_t n = e->num_entries;
    int64_t *xa = xcalloc(n), *xb = xcalloc(n);
    CMP(n, "set members", e->id, exs_get_set(a, k, e->id, 0, n, EXS_I64, X, xa),
        exs_get_set(b, k, e->id, 0, n, EXS_I64, Y, xb));
    if (k == EXS_SIDE_SET && memcmp(xa, xb, (size_t)n * 8) != 0)
        EXS_FAIL_("%s: sides of side set %lld differ", g_what, (long long)e->id);
    free(xa), free(xb);
    if (e->num_df > 0)
        CMP(e->num_df, "distribution factors", e->id,
            exs_get_df(a, k, e->id, 0, e->num_df, EXS_F64, X),
            exs_get_df(b, k, e->id, 0, e->num_df, EXS_F64, Y));
}

static void cmp_entities(exs_file *a, exs_file *b, exs_kind k)
{
    int64_t na = 0, nb = 0;
    exs_num_entities(a, k, &na);
    exs_num_entities(b, k, &nb);
    EXS_ASSERT_EQ(na, nb);
    int64_t *ids = xcalloc(na);
    exs_get_ids(a, k, ids);
    for (int64_t i = 0; na == nb && i < na; i++) {
        exs_entity_info ea, eb;
        EXS_OK(a, exs_get_entity(a, k, ids[i], &ea));
        EXS_OK(b, exs_get_entity(b, k, ids[i], &eb));
        EXS_ASSERT_EQ(ea.num_entries, eb.num_entries);
        EXS_ASSERT_EQ(ea.num_attr, eb.num_attr);
        EXS_ASSERT_EQ(ea.num_df, eb.num_df);
        EXS_ASSERT_STREQ(ea.name, eb.name);
        if (k <= EXS_FACE_BLOCK)
            cmp_block(a, b, k, &ea);
        else if (k <= EXS_ELEM_SET)
            cmp_set(a, b, k, &ea);
        else
            CMP(ea.num_entries, "named map", ids[i],
                exs_get_map(a, k, ids[i], 0, ea.num_entries, EXS_I64, X),
                exs_get_map(b, k, ids[i], 0, ea.num_entries, EXS_I64, Y));
    }
    free(ids);
}

static void cmp_vars(exs_file *a, exs_file *b, exs_kind k, int64_t nt)
{
    int nva = 0, nvb = 0;
    int64_t ne = 1, nn = 0;
    exs_num_vars(a, k, &nva);
    exs_num_vars(b, k, &nvb);
    EXS_ASSERT_EQ(nva, nvb);
    if (nva == 0 || nva != nvb)
        return;
    if (k != EXS_GLOBAL && k != EXS_NODAL)
        exs_num_entities(a, k, &ne);
    int64_t *ids = xcalloc(ne);
    int *truth = calloc((size_t)(ne * nva), sizeof *truth);
    if (k == EXS_GLOBAL || k == EXS_NODAL)
        ids[0] = 0;
    else
        exs_get_ids(a, k, ids);
    for (int64_t i = 0; i < ne * nva; i++)
        truth[i] = 1;
    if (k != EXS_GLOBAL && k != EXS_NODAL)
        exs_get_truth(a, k, truth);
    for (int64_t e = 0; e < ne; e++) {
        exs_entity_info info = {0};
        if (k == EXS_NODAL)
            exs_inquire(a, EXS_INQ_NUM_NODES, &nn);
        else if (k == EXS_GLOBAL)
            nn = nva;
        else
            exs_get_entity(a, k, ids[e], &info), nn = info.num_entries;
        for (int v = 0; v < (k == EXS_GLOBAL ? 1 : nva); v++)
            for (int64_t s = 0; s < nt; s++)
                if (truth[e * nva + v])
                    CMP(nn, "variable", ids[e],
                        exs_get_var(a, k, ids[e], v, s, 0, nn, EXS_F64, X),
                        exs_get_var(b, k, ids[e], v, s, 0, nn, EXS_F64, Y));
    }
    free(ids), free(truth);
}

/* Everything through the reader, both files serial. */
void cmp_files(const char *pa, const char *pb)
{
    exs_file *a = NULL, *b = NULL;
    EXS_OK(a, exs_open(pa, EXS_READ, &a));
    EXS_OK(b, exs_open(pb, EXS_READ, &b));
    if (!a || !b) {
        exs_close(a), exs_close(b);
        return;
    }
    g_what = pb;
    int64_t va, vb, nn = 0, nt = 0;
    for (exs_inq q = EXS_INQ_NUM_DIM; q <= EXS_INQ_NUM_INFO; q++) {
        exs_inquire(a, q, &va), exs_inquire(b, q, &vb);
        EXS_ASSERT_EQ(va, vb);
    }
    exs_inquire(a, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(a, EXS_INQ_NUM_TIMES, &nt);
    exs_inquire(a, EXS_INQ_NUM_DIM, &va);
    for (int ax = 0; ax < va; ax++)
        CMP(nn, "coordinates", ax, exs_get_coord(a, ax, 0, nn, EXS_F64, X),
            exs_get_coord(b, ax, 0, nn, EXS_F64, Y));
    for (exs_kind k = EXS_ELEM_BLOCK; k < EXS_NUM_KINDS; k++)
        cmp_entities(a, b, k);
    static const exs_inq len[4] = {EXS_INQ_NUM_NODES, EXS_INQ_NUM_EDGE, EXS_INQ_NUM_FACE,
                                   EXS_INQ_NUM_ELEM};
    for (int m = 0; m < 4; m++) {
        int ha = -1, hb = -2;
        exs_kind mk = (exs_kind)(EXS_NODE_MAP + m);
        EXS_OK(a, exs_has_id_map(a, mk, &ha));
        EXS_OK(b, exs_has_id_map(b, mk, &hb));
        EXS_ASSERT_EQ(ha, hb);
        exs_inquire(a, len[m], &va);
        CMP(va, "id map", m, exs_get_id_map(a, mk, 0, va, EXS_I64, X),
            exs_get_id_map(b, mk, 0, va, EXS_I64, Y));
    }
    CMP(nt, "times", 0, exs_get_times(a, 0, nt, EXS_F64, X),
        exs_get_times(b, 0, nt, EXS_F64, Y));
    for (exs_kind k = EXS_NODAL; k <= EXS_ELEM_SET; k++)
        cmp_vars(a, b, k, nt);
    exs_close(a);
    exs_close(b);
}

