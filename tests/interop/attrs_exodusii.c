/* attrs_exodusii -- libexodusII 6.02's side of the attribute interop
 * (standalone: links only libexoIIv2c, never exoslab). The model is
 * attrs_model.h.
 *   attrs_exodusii write DIR   writes DIR/theirs_attrs_{cdf2,nc4}.exo:
 *                              node, side and element set attributes,
 *                              node attributes, names, the order map
 *   attrs_exodusii check FILE  reads a file exoslab wrote (every set kind
 *                              it holds) with ex_get_attr & co. and
 *                              compares value by value
 * Every ex_ call's status is checked; any failure or difference: exit 1. */
#include <exodusII.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrs_model.h"

static int fails;

#define CK(call)                                                                 \
    do {                                                                         \
        int rc_ = (call);                                                        \
        if (rc_ < 0) {                                                           \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call, rc_); \
            fails++;                                                             \
        }                                                                        \
    } while (0)

#define SAME(what, got, want)                                                    \
    do {                                                                         \
        if ((got) != (want)) {                                                   \
            fprintf(stderr, "%s: got %g, want %g\n", what, (double)(got),         \
                    (double)(want));                                             \
            fails++;                                                             \
        }                                                                        \
    } while (0)

static const ex_entity_type set_type[AM_NKINDS] = {EX_NODE_SET, EX_SIDE_SET,
                                                   EX_EDGE_SET, EX_FACE_SET,
                                                   EX_ELEM_SET};

/* ---- write ---- */

static void put_mesh(int exo)
{
    ex_init_params p;
    double x[AM_NODES], y[AM_NODES];
    int conn[AM_ELEMS * 4], om[AM_ELEMS];
    memset(&p, 0, sizeof p);
    strcpy(p.title, "attribute model");
    p.num_dim = 2;
    p.num_nodes = AM_NODES;
    p.num_elem = AM_ELEMS;
    p.num_elem_blk = 1;
    for (int i = 0; i < AM_NSETS; i++)
        if (am_sets[i].basic)
            am_sets[i].kind == AM_NS   ? p.num_node_sets++
            : am_sets[i].kind == AM_SS ? p.num_side_sets++
                                       : p.num_elem_sets++;
    CK(ex_put_init_ext(exo, &p));
    for (int i = 0; i < AM_NODES; i++) {
        x[i] = i % 4;
        y[i] = i / 4;
    }
    CK(ex_put_coord(exo, x, y, NULL));
    CK(ex_put_block(exo, EX_ELEM_BLOCK, 1, "QUAD4", AM_ELEMS, 4, 0, 0, 0));
    for (int e = 0; e < AM_ELEMS; e++) {
        for (int c = 0; c < 4; c++)
            conn[e * 4 + c] = (int)am_conn(e, c);
        om[e] = (int)am_order(e);
    }
    CK(ex_put_conn(exo, EX_ELEM_BLOCK, 1, conn, NULL, NULL));
    CK(ex_put_map(exo, om));
}

static void put_names(int exo, ex_entity_type t, ex_entity_id id, const am_set *s,
                      int n)
{
    char buf[4][MAX_STR_LENGTH + 1], *names[4];
    for (int a = 0; a < n; a++) {
        am_attr_name(buf[a], sizeof buf[a], s, a);
        names[a] = buf[a];
    }
    CK(ex_put_attr_names(exo, t, id, names));
}

static void put_sets(int exo)
{
    for (int i = 0; i < AM_NSETS; i++) {
        const am_set *s = &am_sets[i];
        int mem[8], side[8];
        double at[32];
        if (!s->basic)
            continue;
        ex_entity_type t = set_type[s->kind];
        CK(ex_put_set_param(exo, t, s->id, s->n, 0));
        for (int m = 0; m < s->n; m++) {
            mem[m] = (int)am_member(s, m);
            side[m] = (int)am_side(m);
            for (int a = 0; a < s->nattr; a++)
                at[m * s->nattr + a] = am_set_attr(s, m, a);
        }
        CK(ex_put_set(exo, t, s->id, mem, s->kind == AM_SS ? side : NULL));
        if (s->nattr == 0)
            continue;
        CK(ex_put_attr_param(exo, t, s->id, (int)s->nattr));
        CK(ex_put_attr(exo, t, s->id, at));
        put_names(exo, t, s->id, s, (int)s->nattr);
    }
    double na[AM_NODES * AM_NODE_ATTR];
    for (int i = 0; i < AM_NODES; i++)
        for (int a = 0; a < AM_NODE_ATTR; a++)
            na[i * AM_NODE_ATTR + a] = am_node_attr(i, a);
    CK(ex_put_attr_param(exo, EX_NODAL, 0, AM_NODE_ATTR));
    CK(ex_put_attr(exo, EX_NODAL, 0, na));
    put_names(exo, EX_NODAL, 0, NULL, AM_NODE_ATTR);
}

static int write_files(const char *dir)
{
    static const struct { const char *tag; int mode; } fmts[] = {
        {"cdf2", EX_CLOBBER | EX_LARGE_MODEL}, {"nc4", EX_CLOBBER | EX_NETCDF4}};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        char path[1024];
        int cpu = 8, io = 8;
        snprintf(path, sizeof path, "%s/theirs_attrs_%s.exo", dir, fmts[i].tag);
        int exo = ex_create(path, fmts[i].mode, &cpu, &io);
        if (exo < 0) {
            fprintf(stderr, "ex_create %s -> %d\n", path, exo);
            return 1;
        }
        put_mesh(exo);
        put_sets(exo);
        CK(ex_close(exo));
    }
    return fails != 0;
}

/* ---- check ---- */

static void check_attrs(int exo, ex_entity_type t, ex_entity_id id, const am_set *s,
                        int64_t n, int nattr, const char *what)
{
    int got = -1;
    CK(ex_get_attr_param(exo, t, id, &got));
    SAME(what, got, nattr);
    if (got != nattr || nattr == 0)
        return;
    double *v = calloc((size_t)(n * nattr), sizeof *v);
    CK(ex_get_attr(exo, t, id, v));
    for (int64_t m = 0; m < n; m++)
        for (int a = 0; a < nattr; a++)
            SAME(what, v[m * nattr + a], s ? am_set_attr(s, m, a) : am_node_attr(m, a));
    free(v);
    char buf[4][MAX_STR_LENGTH + 1], *names[4], want[64];
    for (int a = 0; a < nattr; a++)
        names[a] = buf[a];
    CK(ex_get_attr_names(exo, t, id, names));
    for (int a = 0; a < nattr; a++) {
        am_attr_name(want, sizeof want, s, a);
        if (strcmp(names[a], want) != 0) {
            fprintf(stderr, "%s: name %d \"%s\", want \"%s\"\n", what, a, names[a], want);
            fails++;
        }
    }
}

static int check_file(const char *path)
{
    int cpu = 8, io = 0;
    float ver;
    int exo = ex_open(path, EX_READ, &cpu, &io, &ver);
    if (exo < 0) {
        fprintf(stderr, "ex_open %s -> %d\n", path, exo);
        return 1;
    }
    int all = ex_inquire_int(exo, EX_INQ_EDGE_SETS) > 0;
    int checked = 0;
    for (int i = 0; i < AM_NSETS; i++) {
        const am_set *s = &am_sets[i];
        char what[64];
        if (!all && !s->basic)
            continue;
        snprintf(what, sizeof what, "%s set %lld", path, (long long)s->id);
        check_attrs(exo, set_type[s->kind], s->id, s, s->n, (int)s->nattr, what);
        checked++;
    }
    check_attrs(exo, EX_NODAL, 0, NULL, AM_NODES, AM_NODE_ATTR, "nodes");
    int om[AM_ELEMS];
    CK(ex_get_map(exo, om));
    for (int e = 0; e < AM_ELEMS; e++)
        SAME("order map", om[e], am_order(e));
    CK(ex_close(exo));
    printf("%s %s: %d sets (%s), nodes and order map compared\n",
           fails ? "FAIL" : "PASS", path, checked, all ? "every kind" : "basic");
    return fails != 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "write") == 0)
        return write_files(argv[2]);
    if (argc == 3 && strcmp(argv[1], "check") == 0)
        return check_file(argv[2]);
    fprintf(stderr, "usage: %s write DIR | check FILE\n", argv[0]);
    return 2;
}
