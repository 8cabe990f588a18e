/*
 * attrs_model.h -- the model of the set / node attribute and order map
 * tests, as formulas: written by exoslab (tests/writer/attrs_io.c, serial
 * and collective) and by libexodusII (attrs_exodusii.c), and checked value
 * by value by both. No library header: both sides include it.
 *
 * A 4 x 3 grid of nodes (12), one QUAD4 element block (id 1, 6
 * elements), an edge block (id 5, BAR2, 4 edges) and a face block (id 6,
 * QUAD4, 2 faces) so that edge and face sets have members; sets of every
 * kind with and without attributes; 2 attributes on every node; the order
 * map reversed.
 */
#ifndef EXS_ATTRS_MODEL_H
#define EXS_ATTRS_MODEL_H

#include <stdint.h>
#include <stdio.h>

#define AM_NODES 12
#define AM_ELEMS 6
#define AM_EDGES 4
#define AM_FACES 2
#define AM_NODE_ATTR 2

/* Set kinds in exoslab's order (EXS_NODE_SET + k) and SEACAS's words. */
enum { AM_NS = 0, AM_SS, AM_ES, AM_FS, AM_ELS, AM_NKINDS };

typedef struct am_set {
    int kind;        /* AM_NS .. AM_ELS */
    int64_t id;
    int64_t n;       /* members */
    int64_t nattr;   /* attributes per member */
    int basic;       /* 1: also in the libexodusII files (node, side, element sets) */
} am_set;

static const am_set am_sets[] = {
    {AM_NS, 10, 4, 2, 1}, {AM_NS, 11, 3, 0, 1}, {AM_NS, 12, 2, 1, 1},
    {AM_SS, 20, 3, 3, 1}, {AM_SS, 21, 2, 0, 1},
    {AM_ES, 30, 2, 1, 0},
    {AM_FS, 40, 2, 2, 0},
    {AM_ELS, 50, 3, 2, 1},
};
#define AM_NSETS ((int)(sizeof am_sets / sizeof am_sets[0]))

/* 1-based node of corner c (0..3) of element e (0..5): a 3 x 2 grid of
 * quads over the 4 x 3 nodes. */
static inline int64_t am_conn(int64_t e, int c)
{
    int64_t i = e % 3, j = e / 3, n0 = j * 4 + i + 1;
    const int64_t off[4] = {0, 1, 5, 4};
    return n0 + off[c];
}

/* Member m (0-based) of a set: a node, element, edge or face number. */
static inline int64_t am_member(const am_set *s, int64_t m)
{
    int64_t total = s->kind == AM_NS   ? AM_NODES
                    : s->kind == AM_ES ? AM_EDGES
                    : s->kind == AM_FS ? AM_FACES
                                       : AM_ELEMS;
    return (s->id + 3 * m) % total + 1;
}
/* Side sets: the side of member m. */
static inline int64_t am_side(int64_t m) { return m % 4 + 1; }

/* Attribute a of member m of set s: exact in float and double. */
static inline double am_set_attr(const am_set *s, int64_t m, int a)
{
    return (double)(s->kind * 1000 + s->id * 10 + m) + a * 0.125;
}
/* Attribute a of node i (0-based). */
static inline double am_node_attr(int64_t i, int a) { return i * 0.5 + a * 100.0; }
/* Order map entry i (0-based): the elements reversed, 1-based. */
static inline int64_t am_order(int64_t i) { return AM_ELEMS - i; }

/* Names: "ns10_a1", "nodal_a0". */
static inline void am_attr_name(char *buf, size_t cap, const am_set *s, int a)
{
    static const char *const w[AM_NKINDS] = {"ns", "ss", "es", "fs", "els"};
    if (s)
        snprintf(buf, cap, "%s%lld_a%d", w[s->kind], (long long)s->id, a);
    else
        snprintf(buf, cap, "nodal_a%d", a);
}

#endif
