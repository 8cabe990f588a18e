/* write_model.c -- write the model of model.h in slabs (several exs_put_*
 * calls per array), and check a file against it. */
#include <stdlib.h>
#include <string.h>

#include "exs_test.h"
#include "model_io.h"

#define SL 3 /* entries per slab: every array takes several calls */

static int64_t map_base(int int64) { return int64 ? INT64_C(5000000000) : 1000; }

int64_t m_id_map(exs_kind k, int int64, int64_t i)
{
    int64_t mul = k == EXS_NODE_MAP ? 3 : k == EXS_ELEM_MAP ? 5 : k == EXS_EDGE_MAP ? 1 : 2;
    return map_base(int64) + i * mul;
}

int64_t m_set_entry(exs_kind k, int64_t i)
{
    switch (k) {
    case EXS_NODE_SET: return m_node_of(1, i);
    case EXS_SIDE_SET: return i % M_NUM_ELEM + 1;
    case EXS_EDGE_SET: return i % 12 + 1;
    case EXS_FACE_SET: return i % 12 + 1;
    default: return i * 2 + 1;
    }
}

int64_t m_set_extra(exs_kind k, int64_t i)
{
    return k == EXS_SIDE_SET ? i % 6 + 1 : i % 2;
}

/* Connectivity value k of (block, which). */
int64_t m_conn(const m_block *b, exs_conn which, int64_t k)
{
    if (which == EXS_CONN_EDGES)
        return k % 12 + 1;
    if (which == EXS_CONN_FACES)
        return k % 12 + 1;
    return m_node_of(b->id, k);
}

/* Length of a connectivity array (flat for NSIDED / NFACED). */
int64_t m_conn_len(const m_block *b, exs_conn which)
{
    int flat = (which == EXS_CONN_NODES && !strcmp(b->type, "NSIDED")) ||
               (which == EXS_CONN_FACES && !strcmp(b->type, "NFACED"));
    int64_t per = which == EXS_CONN_NODES ? b->npe : which == EXS_CONN_EDGES ? b->epe : b->fpe;
    return flat ? per : b->n * per;
}

/* ---- writing ---- */

static void def_all(exs_file *f)
{
    EXS_OK(f, exs_def_mesh(f, "round trip of every feature", 3, M_NODES));
    for (int i = 0; i < M_NBLOCKS; i++) {
        const m_block *b = &m_blocks[i];
        exs_block_def d = {b->id, b->type, b->n, b->npe, b->epe, b->fpe, b->nattr, b->name};
        EXS_OK(f, exs_def_block(f, b->kind, &d));
    }
    for (int i = 0; i < M_NSETS; i++)
        EXS_OK(f, exs_def_set(f, m_sets[i].kind, m_sets[i].id, m_sets[i].n, m_sets[i].ndf,
                              m_sets[i].name));
    EXS_OK(f, exs_def_map(f, EXS_NODE_MAP, 1, "node_order"));
    EXS_OK(f, exs_def_map(f, EXS_ELEM_MAP, 5, "elem_order"));
    EXS_OK(f, exs_def_prop(f, EXS_ELEM_BLOCK, "MATL"));
    EXS_OK(f, exs_def_prop(f, EXS_NODE_SET, "FACE"));
    for (int k = 0; k < EXS_NUM_KINDS; k++) {
        int nv = m_nvars((exs_kind)k);
        const char *names[3] = {"var_a", "var_b", "var_c"};
        if (nv)
            EXS_OK(f, exs_def_vars(f, (exs_kind)k, nv, names));
    }
    int tab[5 * 2];
    int64_t ids[5];
    EXS_OK(f, exs_get_ids(f, EXS_ELEM_BLOCK, ids));
    for (int e = 0; e < 5; e++)
        for (int v = 0; v < 2; v++)
            tab[e * 2 + v] = m_truth(EXS_ELEM_BLOCK, ids[e], v);
    EXS_OK(f, exs_def_truth(f, EXS_ELEM_BLOCK, tab));
    const char *const qa[2][4] = {{"exoslab", "0.1", "2026-01-01", "12:00:00"},
                                  {"test", "1", "2026-01-02", "13:00:00"}};
    EXS_OK(f, exs_put_qa(f, 2, qa));
    const char *const info[3] = {"first line", "", "third line of info"};
    EXS_OK(f, exs_put_info(f, 3, info));
    const char *const cn[3] = {"X", "Y", "Z"};
    EXS_OK(f, exs_put_coord_names(f, cn));
    const char *const an[2] = {"thickness", "angle"};
    EXS_OK(f, exs_put_attr_names(f, EXS_ELEM_BLOCK, 10, an));
    for (int i = 0; i < 5; i++) /* before the header: kept until it exists */
        EXS_OK(f, exs_put_prop(f, EXS_ELEM_BLOCK, m_blocks[i].id, "MATL", m_blocks[i].id * 2));
}

static void put_blocks(exs_file *f)
{
    int64_t ib[128], cb[8];
    double fb[64];
    for (int i = 0; i < M_NBLOCKS; i++) {
        const m_block *b = &m_blocks[i];
        for (int w = EXS_CONN_NODES; w <= EXS_CONN_FACES; w++) {
            int64_t len = m_conn_len(b, (exs_conn)w), per = len / (b->n ? b->n : 1);
            int flat = (w == EXS_CONN_NODES && !strcmp(b->type, "NSIDED")) ||
                       (w == EXS_CONN_FACES && !strcmp(b->type, "NFACED"));
            if (len == 0 || (w == EXS_CONN_NODES && !strcmp(b->type, "NFACED")))
                continue;
            for (int64_t k = 0; k < len; k++)
                ib[k] = m_conn(b, (exs_conn)w, k);
            int64_t units = flat ? len : b->n, width = flat ? 1 : per;
            for (int64_t s = 0; s < units; s += SL) {
                int64_t c = units - s < SL ? units - s : SL;
                EXS_OK(f, exs_put_conn(f, b->kind, b->id, (exs_conn)w, s, c, EXS_I64,
                                       ib + s * width));
            }
        }
        if (!strcmp(b->type, "NSIDED") || !strcmp(b->type, "NFACED")) {
            for (int64_t k = 0; k < b->n; k++)
                cb[k] = m_entry_count(b->id, k);
            EXS_OK(f, exs_put_entry_counts(f, b->kind, b->id, 0, 1, EXS_I64, cb));
            EXS_OK(f, exs_put_entry_counts(f, b->kind, b->id, 1, b->n - 1, EXS_I64, cb + 1));
        }
        for (int64_t k = 0; k < b->n * b->nattr; k++)
            fb[k] = m_real(b->id, k);
        for (int64_t s = 0; b->nattr && s < b->n; s += SL) {
            int64_t c = b->n - s < SL ? b->n - s : SL;
            EXS_OK(f, exs_put_attr(f, b->kind, b->id, s, c, EXS_F64, fb + s * b->nattr));
        }
    }
}

static void put_sets(exs_file *f)
{
    int32_t e[16], x[16];
    double df[16];
    for (int i = 0; i < M_NSETS; i++) {
        const m_set *st = &m_sets[i];
        int has_extra = st->kind == EXS_SIDE_SET || st->kind == EXS_EDGE_SET ||
                        st->kind == EXS_FACE_SET;
        for (int64_t k = 0; k < st->n; k++) {
            e[k] = (int32_t)m_set_entry(st->kind, k);
            x[k] = (int32_t)m_set_extra(st->kind, k);
        }
        for (int64_t s = 0; s < st->n; s += SL) {
            int64_t c = st->n - s < SL ? st->n - s : SL;
            EXS_OK(f, exs_put_set(f, st->kind, st->id, s, c, EXS_I32, e + s,
                                  has_extra ? x + s : NULL));
        }
        for (int64_t k = 0; k < st->ndf; k++)
            df[k] = m_real(st->id + 50, k);
        for (int64_t s = 0; s < st->ndf; s += SL) {
            int64_t c = st->ndf - s < SL ? st->ndf - s : SL;
            EXS_OK(f, exs_put_df(f, st->kind, st->id, s, c, EXS_F64, df + s));
        }
    }
}

static void put_maps(exs_file *f, int int64)
{
    int64_t b[M_NODES];
    static const exs_kind mk[4] = {EXS_NODE_MAP, EXS_ELEM_MAP, EXS_EDGE_MAP, EXS_FACE_MAP};
    static const int64_t len[4] = {M_NODES, M_NUM_ELEM, 12, 12};
    for (int m = 0; m < 4; m++) {
        for (int64_t i = 0; i < len[m]; i++)
            b[i] = m_id_map(mk[m], int64, i);
        for (int64_t s = 0; s < len[m]; s += 7) {
            int64_t c = len[m] - s < 7 ? len[m] - s : 7;
            EXS_OK(f, exs_put_id_map(f, mk[m], s, c, EXS_I64, b + s));
        }
    }
    for (int64_t i = 0; i < M_NODES; i++)
        b[i] = M_NODES - i;
    EXS_OK(f, exs_put_map(f, EXS_NODE_MAP, 1, 0, 20, EXS_I64, b));
    EXS_OK(f, exs_put_map(f, EXS_NODE_MAP, 1, 20, M_NODES - 20, EXS_I64, b + 20));
    for (int64_t i = 0; i < M_NUM_ELEM; i++)
        b[i] = M_NUM_ELEM - i;
    EXS_OK(f, exs_put_map(f, EXS_ELEM_MAP, 5, 0, M_NUM_ELEM, EXS_I64, b));
}

void m_put_step_vars(exs_file *f, int64_t step)
{
    double b[M_NODES];
    for (int v = 0; v < 3; v++)
        b[v] = m_var(EXS_GLOBAL, 0, v, step, 0);
    EXS_OK(f, exs_put_var(f, EXS_GLOBAL, 0, 0, step, 0, 2, EXS_F64, b));
    EXS_OK(f, exs_put_var(f, EXS_GLOBAL, 0, 0, step, 2, 1, EXS_F64, b + 2));
    for (int v = 0; v < 2; v++) {
        for (int64_t i = 0; i < M_NODES; i++)
            b[i] = m_var(EXS_NODAL, 0, v, step, i);
        for (int64_t s = 0; s < M_NODES; s += 16) {
            int64_t c = M_NODES - s < 16 ? M_NODES - s : 16;
            EXS_OK(f, exs_put_var(f, EXS_NODAL, 0, v, step, s, c, EXS_F64, b + s));
        }
    }
    for (int i = 0; i < M_NBLOCKS + M_NSETS; i++) {
        exs_kind k = i < M_NBLOCKS ? m_blocks[i].kind : m_sets[i - M_NBLOCKS].kind;
        int64_t id = i < M_NBLOCKS ? m_blocks[i].id : m_sets[i - M_NBLOCKS].id;
        int64_t n = i < M_NBLOCKS ? m_blocks[i].n : m_sets[i - M_NBLOCKS].n;
        for (int v = 0; v < m_nvars(k); v++) {
            if (!m_truth(k, id, v) || n == 0)
                continue;
            for (int64_t j = 0; j < n; j++)
                b[j] = m_var(k, id, v, step, j);
            for (int64_t s = 0; s < n; s += SL) {
                int64_t c = n - s < SL ? n - s : SL;
                EXS_OK(f, exs_put_var(f, k, id, v, step, s, c, EXS_F64, b + s));
            }
        }
    }
}

int m_write(const char *path, const exs_create_opts *o)
{
    exs_file *f = NULL;
    int rc = exs_create(path, o, &f);
    if (rc != 0)
        return rc;
    def_all(f);
    double x[M_NODES];
    for (int a = 0; a < 3; a++) {
        for (int64_t i = 0; i < M_NODES; i++)
            x[i] = m_coord(a, i);
        for (int64_t s = 0; s < M_NODES; s += 9) {
            int64_t c = M_NODES - s < 9 ? M_NODES - s : 9;
            EXS_OK(f, exs_put_coord(f, a, s, c, EXS_F64, x + s));
        }
    }
    put_blocks(f);
    put_sets(f);
    put_maps(f, o ? o->int64 : 0);
    /* names and properties after the header: straight to the file */
    const char *const an[1] = {"radius"};
    EXS_OK(f, exs_put_attr_names(f, EXS_EDGE_BLOCK, 200, an));
    EXS_OK(f, exs_put_name(f, EXS_NODE_SET, 2, "renamed"));
    EXS_OK(f, exs_put_prop(f, EXS_NODE_SET, 1, "FACE", 11));
    EXS_OK(f, exs_put_prop(f, EXS_NODE_SET, 2, "FACE", 12));
    for (int64_t s = 0; s < M_STEPS; s++) {
        EXS_OK(f, exs_put_time(f, s, m_time(s)));
        m_put_step_vars(f, s);
    }
    return exs_close(f);
}
