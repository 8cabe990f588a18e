/*
 * scotch_mpi.c -- graph repartition through PT-Scotch (libptscotch, which
 * Debian's libscotchparmetis-dev brings) on the slab elements' dual graph:
 * SCOTCH_dgraphPart with a quality strategy for P parts, 3 % imbalance,
 * as PT-Scotch's ParMETIS_V3_PartKway does, and the edge cut counted from
 * the parts of each edge's two ends (one halo exchange in PT-Scotch).
 *
 * Why not ParMETIS_V3_PartKway itself: Scotch 7 runs the two halves of a
 * folded graph in two threads that both call MPI, which is only safe under
 * MPI_THREAD_MULTIPLE. A solver that called plain MPI_Init got corrupted
 * collectives from it (MPI_ERR_TRUNCATE, SIGSEGV or a hang, about one run
 * in three at 4 ranks), and the ParMETIS interface has no way to say "one
 * thread". So unless MPI provides MPI_THREAD_MULTIPLE the graph is bound
 * to a PT-Scotch context of one thread; with it, PT-Scotch's own default.
 *
 * The file's duplicated communicator is handed over; no MPI_* call here.
 * Without PT-Scotch at build time the method is EXS_ENOTBUILT.
 */
#include "decomp.h"
#include "internal.h"

#ifdef EXOSLAB_HAVE_PTSCOTCH
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>
#include <ptscotch.h>

typedef SCOTCH_Num pm_int;

/* The dual graph in PT-Scotch's integer type (local CSR, global ends). */
typedef struct sgraph {
    pm_int *xadj, *adj, *part;
    SCOTCH_Dgraph base, bound; /* bound: `base` in a one-thread context */
    SCOTCH_Context ctx;
    int have_base, have_ctx, have_bound;
} sgraph;

static int sg_convert(exs_dmesh *dm, const exsi_decomp_graph *g, sgraph *s)
{
    s->xadj = exsi_dm_calloc(dm->nslab + 1, sizeof *s->xadj);
    s->adj = exsi_dm_calloc(g->nadj + 1, sizeof *s->adj);
    s->part = exsi_dm_calloc(dm->nslab + 1, sizeof *s->part);
    if (!s->xadj || !s->adj || !s->part)
        return exsi_err(dm->f, EXS_ENOMEM, "graph partition");
    for (int64_t i = 0; i <= dm->nslab; i++)
        s->xadj[i] = (pm_int)g->xadj[i];
    for (int64_t i = 0; i < g->nadj; i++)
        s->adj[i] = (pm_int)g->adj[i];
    return 0;
}

static void sg_free(sgraph *s)
{
    if (s->have_bound)
        SCOTCH_dgraphExit(&s->bound);
    if (s->have_base)
        SCOTCH_dgraphExit(&s->base);
    if (s->have_ctx)
        SCOTCH_contextExit(&s->ctx);
    exsi_dm_free(s->xadj), exsi_dm_free(s->adj), exsi_dm_free(s->part);
}

/* The distributed graph, in a one-thread context unless MPI allows
 * threads to call it at once. */
static int sg_build(exs_dmesh *dm, const exsi_decomp_graph *g, sgraph *s)
{
    const MPI_Comm *cp = exsi_comm_mpi_handle(dm->f->comm);
    pm_int n = (pm_int)dm->nslab, m = (pm_int)g->nadj;
    if (SCOTCH_dgraphInit(&s->base, cp ? *cp : MPI_COMM_SELF) != 0)
        return exsi_err(dm->f, EXS_EINVAL, "SCOTCH_dgraphInit failed");
    s->have_base = 1;
    if (SCOTCH_dgraphBuild(&s->base, 0, n, n, s->xadj, s->xadj + 1, NULL, NULL, m, m, s->adj,
                           NULL, NULL) != 0)
        return exsi_err(dm->f, EXS_EINVAL, "SCOTCH_dgraphBuild failed on the dual graph");
    if (exsi_comm_thread_multiple(dm->f->comm))
        return 0;
    if (SCOTCH_contextInit(&s->ctx) != 0)
        return exsi_err(dm->f, EXS_EINVAL, "SCOTCH_contextInit failed");
    s->have_ctx = 1;
    if (SCOTCH_contextThreadSpawn(&s->ctx, 1, NULL) != 0 ||
        SCOTCH_contextBindDgraph(&s->ctx, &s->base, &s->bound) != 0)
        return exsi_err(dm->f, EXS_EINVAL, "PT-Scotch: no one-thread context");
    s->have_bound = 1;
    return 0;
}

static int sg_part(exs_dmesh *dm, sgraph *s)
{
    SCOTCH_Strat st;
    pm_int P = (pm_int)dm->size;
    if (SCOTCH_stratInit(&st) != 0)
        return exsi_err(dm->f, EXS_ENOMEM, "SCOTCH_stratInit failed");
    int bad = SCOTCH_stratDgraphMapBuild(&st, SCOTCH_STRATQUALITY, P, P, 0.03) != 0 ||
              SCOTCH_dgraphPart(s->have_bound ? &s->bound : &s->base, P, &st, s->part) != 0;
    SCOTCH_stratExit(&st);
    return bad ? exsi_err(dm->f, EXS_EINVAL, "SCOTCH_dgraphPart failed") : 0;
}

/* Edges whose ends lie in different parts, over all ranks (each counted
 * once): the parts of the ghost ends through PT-Scotch's halo exchange. */
static int sg_cut(exs_dmesh *dm, sgraph *s, int64_t *cut)
{
    SCOTCH_Dgraph *d = s->have_bound ? &s->bound : &s->base;
    pm_int vgst = 0, *egst = NULL;
    if (SCOTCH_dgraphGhst(d) != 0)
        return exsi_err(dm->f, EXS_EINVAL, "SCOTCH_dgraphGhst failed");
    SCOTCH_dgraphData(d, NULL, NULL, NULL, NULL, &vgst, NULL, NULL, NULL, NULL, NULL, NULL,
                      NULL, NULL, &egst, NULL, NULL);
    pm_int *gp = exsi_dm_calloc(vgst + 1, sizeof *gp);
    if (!gp)
        return exsi_err(dm->f, EXS_ENOMEM, "edge cut");
    for (int64_t i = 0; i < dm->nslab; i++)
        gp[i] = s->part[i];
    MPI_Datatype t = sizeof(pm_int) == 8 ? MPI_INT64_T : MPI_INT32_T;
    int rc = SCOTCH_dgraphHalo(d, gp, t) ? exsi_err(dm->f, EXS_EINVAL, "SCOTCH_dgraphHalo") : 0;
    int64_t mine = 0;
    for (int64_t v = 0; rc == 0 && v < dm->nslab; v++)
        for (pm_int e = s->xadj[v]; e < s->xadj[v + 1]; e++)
            mine += gp[egst[e]] != gp[v];
    exsi_dm_free(gp);
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0 && exsi_comm_allreduce_i64(dm->f->comm, &mine, cut, 1, EXS_OP_SUM) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "edge cut");
    *cut /= 2;
    return rc;
}

static int partition(exs_dmesh *dm, const exsi_decomp_graph *g, int *dest)
{
    sgraph s = {0};
    int rc = exsi_dm_agree(dm, sg_convert(dm, g, &s));
    rc = rc ? rc : exsi_dm_agree(dm, sg_build(dm, g, &s));
    rc = rc ? rc : exsi_dm_agree(dm, sg_part(dm, &s));
    int64_t cut = 0;
    rc = rc ? rc : sg_cut(dm, &s, &cut);
    for (int64_t i = 0; rc == 0 && i < dm->nslab; i++)
        dest[i] = (int)s.part[i];
    dm->edge_cut = cut;
    sg_free(&s);
    return rc;
}

int exsi_decomp_dmesh_scotch_all(dm_build *b, int *dest)
{
    exs_dmesh *dm = b->dm;
    exsi_decomp_graph g = {0};
    int rc = 0;
    if (dm->f->num_elem > INT_MAX && sizeof(pm_int) < 8)
        rc = exsi_err(dm->f, EXS_ERANGE, "PT-Scotch here has 32-bit indices: %lld elements",
                     (long long)dm->f->num_elem);
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0)
        rc = exsi_decomp_dmesh_dual_graph_all(b, &g);
    if (rc == 0)
        rc = partition(dm, &g, dest);
    exsi_decomp_graph_free(&g);
    return exsi_dm_agree(dm, rc);
}

#else

int exsi_decomp_dmesh_scotch_all(dm_build *b, int *dest)
{
    (void)dest;
    return exsi_err(b->dm->f, EXS_ENOTBUILT, "decomposition method graph needs PT-Scotch "
                   "(libscotchparmetis-dev), which this build does not include");
}

#endif
