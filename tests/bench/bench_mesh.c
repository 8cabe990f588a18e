/*
 * bench_mesh.c -- every bulk array of the benchmark mesh in memory.
 * See bench_common.h.
 */
#include "bench_common.h"

#include <stdlib.h>
#include <string.h>

int64_t bench_mesh_bytes(const bench_geom *g)
{
    int64_t d = 8, i = 4;
    return 3 * g->num_nodes * d                        /* coordinates */
           + g->num_elem * BENCH_NODES_PER_ELEM * i    /* connectivity */
           + g->num_nodes * i + g->num_elem * i        /* id maps */
           + g->ns_len * (i + d) + g->ss_len * 2 * i   /* sets */
           + g->nsteps * d                             /* times */
           + g->nsteps * BENCH_NGLOBVAR * d            /* globals */
           + g->nsteps * BENCH_NNODVAR * g->num_nodes * d
           + g->nsteps * BENCH_NELEMVAR * g->num_elem * d;
}

static void *take(size_t n, int *fail)
{
    void *p = bench_alloc(n);
    if (!p)
        *fail = 1;
    return p;
}

int bench_mesh_alloc(bench_mesh *m, const bench_geom *g)
{
    int fail = 0;
    size_t nn = (size_t)g->num_nodes, ne = (size_t)g->num_elem;
    size_t ns = (size_t)g->nsteps;
    memset(m, 0, sizeof *m);
    m->g = *g;
    for (int a = 0; a < 3; a++)
        m->coord[a] = take(nn * 8, &fail);
    m->conn = take(ne * BENCH_NODES_PER_ELEM * 4, &fail);
    m->node_map = take(nn * 4, &fail);
    m->elem_map = take(ne * 4, &fail);
    m->ns_nodes = take((size_t)g->ns_len * 4, &fail);
    m->ns_df = take((size_t)g->ns_len * 8, &fail);
    m->ss_elems = take((size_t)g->ss_len * 4, &fail);
    m->ss_sides = take((size_t)g->ss_len * 4, &fail);
    m->times = take(ns * 8, &fail);
    m->glob = take(ns * BENCH_NGLOBVAR * 8, &fail);
    m->nodvar = take(ns * BENCH_NNODVAR * nn * 8, &fail);
    m->elemvar = take(ns * BENCH_NELEMVAR * ne * 8, &fail);
    if (fail) {
        bench_mesh_free(m);
        return -1;
    }
    return 0;
}

void bench_mesh_touch(bench_mesh *m)
{
    const bench_geom *g = &m->g;
    size_t nn = (size_t)g->num_nodes, ne = (size_t)g->num_elem;
    size_t ns = (size_t)g->nsteps;
    for (int a = 0; a < 3; a++)
        bench_touch(m->coord[a], nn * 8);
    bench_touch(m->conn, ne * BENCH_NODES_PER_ELEM * 4);
    bench_touch(m->node_map, nn * 4);
    bench_touch(m->elem_map, ne * 4);
    bench_touch(m->nodvar, ns * BENCH_NNODVAR * nn * 8);
    bench_touch(m->elemvar, ns * BENCH_NELEMVAR * ne * 8);
}

void bench_mesh_free(bench_mesh *m)
{
    for (int a = 0; a < 3; a++)
        free(m->coord[a]);
    free(m->conn);
    free(m->node_map);
    free(m->elem_map);
    free(m->ns_nodes);
    free(m->ns_df);
    free(m->ss_elems);
    free(m->ss_sides);
    free(m->times);
    free(m->glob);
    free(m->nodvar);
    free(m->elemvar);
    memset(m, 0, sizeof *m);
}

double *bench_mesh_nodvar(const bench_mesh *m, int var, int64_t step)
{
    return m->nodvar + ((int64_t)var * m->g.nsteps + step) * m->g.num_nodes;
}

double *bench_mesh_elemvar(const bench_mesh *m, int64_t block, int64_t step)
{
    const bench_geom *g = &m->g;
    return m->elemvar + g->nsteps * bench_block_start(g, block) +
           step * bench_block_len(g, block);
}

int32_t *bench_mesh_conn(const bench_mesh *m, int64_t block)
{
    return m->conn + bench_block_start(&m->g, block) * BENCH_NODES_PER_ELEM;
}

/* ------------------------------------------------------------------ */
/* Filling and checking walk the same list of (array, a, b, pointer). */

typedef struct mesh_part {
    bench_array arr;
    int64_t a, b;
    bench_vtype t;
    void *p;
} mesh_part;

typedef int64_t (*part_fn)(const bench_geom *g, const mesh_part *mp,
                           const char *who);

static int64_t walk_fixed(const bench_mesh *m, part_fn fn, const char *who)
{
    const bench_geom *g = &m->g;
    int64_t bad = 0;
    mesh_part parts[] = {
        {BA_COORD, 0, 0, BV_F64, m->coord[0]},
        {BA_COORD, 1, 0, BV_F64, m->coord[1]},
        {BA_COORD, 2, 0, BV_F64, m->coord[2]},
        {BA_NODE_MAP, 0, 0, BV_I32, m->node_map},
        {BA_ELEM_MAP, 0, 0, BV_I32, m->elem_map},
        {BA_NS_NODES, 0, 0, BV_I32, m->ns_nodes},
        {BA_NS_DF, 0, 0, BV_F64, m->ns_df},
        {BA_SS_ELEMS, 0, 0, BV_I32, m->ss_elems},
        {BA_SS_SIDES, 0, 0, BV_I32, m->ss_sides},
        {BA_TIMES, 0, 0, BV_F64, m->times},
    };
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        bad += fn(g, &parts[k], who);
    for (int64_t s = 0; s < g->nsteps; s++) {
        mesh_part mp = {BA_GLOB, 0, s, BV_F64, m->glob + s * BENCH_NGLOBVAR};
        bad += fn(g, &mp, who);
    }
    return bad;
}

static int64_t walk_blocks(const bench_mesh *m, part_fn fn, const char *who)
{
    const bench_geom *g = &m->g;
    int64_t bad = 0;
    for (int64_t k = 0; k < g->nblocks; k++) {
        mesh_part mp = {BA_CONN, k, 0, BV_I32, bench_mesh_conn(m, k)};
        bad += fn(g, &mp, who);
        for (int64_t s = 0; s < g->nsteps; s++) {
            mesh_part ev = {BA_ELEMVAR, k, s, BV_F64, bench_mesh_elemvar(m, k, s)};
            bad += fn(g, &ev, who);
        }
    }
    for (int v = 0; v < BENCH_NNODVAR; v++)
        for (int64_t s = 0; s < g->nsteps; s++) {
            mesh_part mp = {BA_NODVAR, v, s, BV_F64, bench_mesh_nodvar(m, v, s)};
            bad += fn(g, &mp, who);
        }
    return bad;
}

static int64_t fill_part(const bench_geom *g, const mesh_part *mp, const char *who)
{
    int64_t n = bench_array_len(g, mp->arr, mp->a);
    (void)who;
    for (int64_t i = 0; i < n; i++) {
        double v = bench_value(g, mp->arr, mp->a, mp->b, i);
        if (mp->t == BV_F64)
            ((double *)mp->p)[i] = v;
        else
            ((int32_t *)mp->p)[i] = (int32_t)v;
    }
    return 0;
}

static int64_t check_part(const bench_geom *g, const mesh_part *mp, const char *who)
{
    int64_t n = bench_array_len(g, mp->arr, mp->a);
    return bench_check(g, mp->arr, mp->a, mp->b, 0, n, mp->t, mp->p, who);
}

void bench_mesh_fill(bench_mesh *m)
{
    walk_fixed(m, fill_part, NULL);
    walk_blocks(m, fill_part, NULL);
}

int64_t bench_mesh_check(const bench_mesh *m, const char *who)
{
    return walk_fixed(m, check_part, who) + walk_blocks(m, check_part, who);
}
