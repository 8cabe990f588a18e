/*
 * scotch_mpi.c -- graph repartition through PT-Scotch's ParMETIS
 * interface (libscotchparmetis-dev) on the slab elements' dual graph.
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
#include <parmetis.h>

typedef SCOTCH_Num pm_int;

/* The graph in ParMETIS's integer type, and vtxdist from the slabs. */
static int convert(exs_dmesh *dm, const exsi_decomp_graph *g, pm_int *vtx, pm_int *xadj,
                   pm_int *adj)
{
    int64_t *starts = calloc((size_t)dm->size + 1, sizeof *starts);
    if (!starts)
        return exsi_err(dm->f, EXS_ENOMEM, "graph partition");
    int64_t mine = dm->p.elem_start;
    if (exsi_comm_allgather_i64(dm->f->comm, &mine, 1, starts) != 0) {
        free(starts);
        return exsi_err(dm->f, EXS_EMPI, "graph partition");
    }
    for (int r = 0; r < dm->size; r++)
        vtx[r] = (pm_int)starts[r];
    vtx[dm->size] = (pm_int)dm->f->num_elem;
    for (int64_t i = 0; i <= dm->nslab; i++)
        xadj[i] = (pm_int)g->xadj[i];
    for (int64_t i = 0; i < g->nadj; i++)
        adj[i] = (pm_int)g->adj[i];
    free(starts);
    return 0;
}

static int partition(exs_dmesh *dm, const exsi_decomp_graph *g, int *dest)
{
    size_t P = (size_t)dm->size;
    pm_int *vtx = calloc(P + 1, sizeof *vtx), *xadj = calloc((size_t)dm->nslab + 1, sizeof *xadj);
    pm_int *adj = calloc((size_t)g->nadj + 1, sizeof *adj);
    pm_int *part = calloc((size_t)dm->nslab + 1, sizeof *part);
    float *tpw = calloc(P, sizeof *tpw), ub = 1.03f;
    int rc = vtx && xadj && adj && part && tpw ? 0 : exsi_err(dm->f, EXS_ENOMEM, "graph");
    rc = exsi_dm_agree(dm, rc ? rc : convert(dm, g, vtx, xadj, adj));
    pm_int wgtflag = 0, numflag = 0, ncon = 1, nparts = (pm_int)P, opts[3] = {0, 0, 0};
    pm_int cut = 0;
    for (size_t r = 0; tpw && r < P; r++)
        tpw[r] = 1.0f / (float)P;
    const MPI_Comm *cp = exsi_comm_mpi_handle(dm->f->comm);
    MPI_Comm comm = cp ? *cp : MPI_COMM_SELF;
    if (rc == 0 && ParMETIS_V3_PartKway(vtx, xadj, adj, NULL, NULL, &wgtflag, &numflag,
                                        &ncon, &nparts, tpw, &ub, opts, &cut, part,
                                        &comm) != METIS_OK)
        rc = exsi_err(dm->f, EXS_EINVAL, "ParMETIS_V3_PartKway (PT-Scotch) failed");
    for (int64_t i = 0; rc == 0 && i < dm->nslab; i++)
        dest[i] = (int)part[i];
    dm->edge_cut = cut;
    free(vtx), free(xadj), free(adj), free(part), free(tpw);
    return rc;
}

int exsi_decomp_dmesh_scotch_all(dm_build *b, int *dest)
{
    exs_dmesh *dm = b->dm;
    exsi_decomp_graph g = {0};
    int rc = 0;
    if (dm->f->num_elem > INT_MAX && sizeof(pm_int) < 8)
        rc = exsi_err(dm->f, EXS_ERANGE, "PT-Scotch's ParMETIS interface here has 32-bit "
                     "indices: %lld elements", (long long)dm->f->num_elem);
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
