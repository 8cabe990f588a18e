/* attrs_io.c -- the attribute test model through exoslab (attrs_io.h). */
#include "attrs_io.h"

#include <stdlib.h>

#include "exoslab_par.h"
#include "exs_test.h"

void am_share(int64_t n, int r, int nr, int64_t *st, int64_t *ct)
{
    int64_t per = (n + nr - 1) / nr;
    *st = per * r < n ? per * r : n;
    *ct = *st + per < n ? per : n - *st;
}

static void def_model(exs_file *f, int all, int order_map)
{
    exs_block_def eb = {1, "QUAD4", AM_ELEMS, 4, 0, 0, 0, "quads"};
    exs_block_def ed = {5, "BAR2", AM_EDGES, 2, 0, 0, 0, "edges"};
    exs_block_def fa = {6, "QUAD4", AM_FACES, 4, 0, 0, 0, "faces"};
    EXS_OK(f, exs_def_mesh(f, "attribute model", 2, AM_NODES));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &eb));
    if (all) {
        EXS_OK(f, exs_def_block(f, EXS_EDGE_BLOCK, &ed));
        EXS_OK(f, exs_def_block(f, EXS_FACE_BLOCK, &fa));
    }
    for (int i = 0; i < AM_NSETS; i++) {
        const am_set *s = &am_sets[i];
        if (!all && !s->basic)
            continue;
        EXS_OK(f, exs_def_set(f, am_kind(s->kind), s->id, s->n, 0, NULL));
        EXS_OK(f, exs_def_set_attr(f, am_kind(s->kind), s->id, s->nattr));
    }
    EXS_OK(f, exs_def_node_attr(f, AM_NODE_ATTR));
    if (order_map)
        EXS_OK(f, exs_def_order_map(f));
}

/* Names of the attributes of set s (NULL: the nodes). */
static void put_names(exs_file *f, const am_set *s)
{
    char buf[4][32];
    const char *names[4];
    int n = s ? (int)s->nattr : AM_NODE_ATTR;
    for (int a = 0; a < n; a++) {
        am_attr_name(buf[a], sizeof buf[a], s, a);
        names[a] = buf[a];
    }
    if (n > 0)
        EXS_OK(f, exs_put_attr_names(f, s ? am_kind(s->kind) : EXS_NODAL,
                                     s ? s->id : 0, names));
}

static void put_mesh(exs_file *f, int rank, int nranks, int all)
{
    int64_t st, ct;
    double x[AM_NODES], y[AM_NODES];
    int64_t conn[AM_ELEMS * 4];
    am_share(AM_NODES, rank, nranks, &st, &ct);
    for (int64_t i = 0; i < ct; i++) {
        x[i] = (double)((st + i) % 4);
        y[i] = (double)((st + i) / 4);
    }
    EXS_OK(f, exs_put_coord_all(f, 0, st, ct, EXS_F64, x));
    EXS_OK(f, exs_put_coord_all(f, 1, st, ct, EXS_F64, y));
    am_share(AM_ELEMS, rank, nranks, &st, &ct);
    for (int64_t e = 0; e < ct; e++)
        for (int c = 0; c < 4; c++)
            conn[e * 4 + c] = am_conn(st + e, c);
    EXS_OK(f, exs_put_conn_all(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, st, ct, EXS_I64,
                               conn));
    if (!all)
        return;
    am_share(AM_EDGES, rank, nranks, &st, &ct);
    for (int64_t e = 0; e < 2 * ct; e++)
        conn[e] = (2 * st + e) % AM_NODES + 1;
    EXS_OK(f, exs_put_conn_all(f, EXS_EDGE_BLOCK, 5, EXS_CONN_NODES, st, ct, EXS_I64,
                               conn));
    am_share(AM_FACES, rank, nranks, &st, &ct);
    for (int64_t e = 0; e < ct; e++)
        for (int c = 0; c < 4; c++)
            conn[e * 4 + c] = am_conn(st + e, c);
    EXS_OK(f, exs_put_conn_all(f, EXS_FACE_BLOCK, 6, EXS_CONN_NODES, st, ct, EXS_I64,
                               conn));
}

static void put_set(exs_file *f, const am_set *s, int rank, int nranks)
{
    int64_t st, ct, mem[8], ext[8];
    double at[32];
    am_share(s->n, rank, nranks, &st, &ct);
    for (int64_t m = 0; m < ct; m++) {
        mem[m] = am_member(s, st + m);
        ext[m] = s->kind == AM_SS ? am_side(st + m) : 1;
        for (int a = 0; a < s->nattr; a++)
            at[m * s->nattr + a] = am_set_attr(s, st + m, a);
    }
    int extra = s->kind == AM_SS || s->kind == AM_ES || s->kind == AM_FS;
    EXS_OK(f, exs_put_set_all(f, am_kind(s->kind), s->id, st, ct, EXS_I64, mem,
                              extra ? ext : NULL));
    if (s->nattr > 0)
        EXS_OK(f, exs_put_attr_all(f, am_kind(s->kind), s->id, st, ct, EXS_F64, at));
}

void am_write(exs_file *f, int rank, int nranks, int all, int order_map)
{
    int64_t st, ct, om[AM_ELEMS];
    double na[AM_NODES * AM_NODE_ATTR];
    def_model(f, all, order_map);
    for (int i = 0; i < AM_NSETS; i++)
        if ((all || am_sets[i].basic) && am_sets[i].nattr > 0)
            put_names(f, &am_sets[i]);
    put_names(f, NULL);
    put_mesh(f, rank, nranks, all);
    for (int i = 0; i < AM_NSETS; i++)
        if (all || am_sets[i].basic)
            put_set(f, &am_sets[i], rank, nranks);
    am_share(AM_NODES, rank, nranks, &st, &ct);
    for (int64_t i = 0; i < ct; i++)
        for (int a = 0; a < AM_NODE_ATTR; a++)
            na[i * AM_NODE_ATTR + a] = am_node_attr(st + i, a);
    EXS_OK(f, exs_put_attr_all(f, EXS_NODAL, 0, st, ct, EXS_F64, na));
    if (!order_map)
        return;
    am_share(AM_ELEMS, rank, nranks, &st, &ct);
    for (int64_t i = 0; i < ct; i++)
        om[i] = am_order(st + i);
    EXS_OK(f, exs_put_order_map_all(f, st, ct, EXS_I64, om));
}

/* ---- checking ---- */

static void check_names(exs_file *f, const am_set *s, int64_t nattr)
{
    char want[32];
    const char *got = NULL;
    for (int a = 0; a < nattr; a++) {
        am_attr_name(want, sizeof want, s, a);
        EXS_OK(f, exs_get_attr_name(f, s ? am_kind(s->kind) : EXS_NODAL,
                                    s ? s->id : 0, a, &got));
        EXS_ASSERT_STREQ(got, want);
    }
    EXS_ASSERT_RC(exs_get_attr_name(f, s ? am_kind(s->kind) : EXS_NODAL,
                                    s ? s->id : 0, (int)nattr, &got), EXS_ERANGE);
}

/* Attributes of set s (NULL: the nodes), this rank's share, in float
 * and double buffers. */
static void check_attr_values(exs_file *f, const am_set *s, int rank, int nranks,
                              int coll)
{
    exs_kind k = s ? am_kind(s->kind) : EXS_NODAL;
    int64_t id = s ? s->id : 0, n = s ? s->n : AM_NODES, st, ct, bad = 0;
    int na = s ? (int)s->nattr : AM_NODE_ATTR;
    double d[AM_NODES * AM_NODE_ATTR + 32];
    float g[AM_NODES * AM_NODE_ATTR + 32];
    if (na == 0)
        return;
    am_share(n, rank, nranks, &st, &ct);
    EXS_OK(f, coll ? exs_get_attr_all(f, k, id, st, ct, EXS_F64, d)
                   : exs_get_attr(f, k, id, st, ct, EXS_F64, d));
    EXS_OK(f, coll ? exs_get_attr_all(f, k, id, st, ct, EXS_F32, g)
                   : exs_get_attr(f, k, id, st, ct, EXS_F32, g));
    for (int64_t m = 0; m < ct; m++)
        for (int a = 0; a < na; a++) {
            double want = s ? am_set_attr(s, st + m, a) : am_node_attr(st + m, a);
            bad += d[m * na + a] != want || g[m * na + a] != (float)want;
        }
    EXS_ASSERT_EQ(bad, 0);
}

static void check_set(exs_file *f, const am_set *s, int rank, int nranks, int coll)
{
    exs_entity_info e;
    int64_t st, ct, mem[8], bad = 0;
    EXS_OK(f, exs_get_entity(f, am_kind(s->kind), s->id, &e));
    EXS_ASSERT_EQ(e.num_attr, s->nattr);
    EXS_ASSERT_EQ(e.num_entries, s->n);
    check_names(f, s, s->nattr);
    check_attr_values(f, s, rank, nranks, coll);
    am_share(s->n, rank, nranks, &st, &ct);
    EXS_OK(f, coll ? exs_get_set_all(f, am_kind(s->kind), s->id, st, ct, EXS_I64, mem, NULL)
                   : exs_get_set(f, am_kind(s->kind), s->id, st, ct, EXS_I64, mem, NULL));
    for (int64_t m = 0; m < ct; m++)
        bad += mem[m] != am_member(s, st + m);
    EXS_ASSERT_EQ(bad, 0);
    if (s->nattr == 0) {
        double d[1];
        EXS_ASSERT_RC(exs_get_attr(f, am_kind(s->kind), s->id, 0, 0, EXS_F64, d), 0);
    }
}

static void check_order_map(exs_file *f, int rank, int nranks, int coll, int order_map)
{
    int64_t st, ct, om[AM_ELEMS], v = -1, bad = 0;
    EXS_OK(f, exs_inquire(f, EXS_INQ_ORDER_MAP, &v));
    EXS_ASSERT_EQ(v, order_map);
    am_share(AM_ELEMS, rank, nranks, &st, &ct);
    EXS_OK(f, coll ? exs_get_order_map_all(f, st, ct, EXS_I64, om)
                   : exs_get_order_map(f, st, ct, EXS_I64, om));
    for (int64_t i = 0; i < ct; i++)
        bad += om[i] != (order_map ? am_order(st + i) : st + i + 1);
    EXS_ASSERT_EQ(bad, 0);
}

void am_check(exs_file *f, int rank, int nranks, int collective, int all,
              int order_map)
{
    exs_entity_info e;
    for (int i = 0; i < AM_NSETS; i++)
        if (all || am_sets[i].basic)
            check_set(f, &am_sets[i], rank, nranks, collective);
    EXS_OK(f, exs_get_entity(f, EXS_NODAL, 0, &e));
    EXS_ASSERT_EQ(e.num_attr, AM_NODE_ATTR);
    EXS_ASSERT_EQ(e.num_entries, AM_NODES);
    check_names(f, NULL, AM_NODE_ATTR);
    check_attr_values(f, NULL, rank, nranks, collective);
    check_order_map(f, rank, nranks, collective, order_map);
}
