/*
 * zoltan_mpi.c -- geometric repartition (RCB, RIB, HSFC) through Zoltan,
 * on the slab elements' centroids. Zoltan is handed the duplicated
 * communicator of the file (exsi_comm_mpi_handle); no MPI_* call is made
 * here. Without Zoltan at build time the methods are EXS_ENOTBUILT.
 */
#include "decomp.h"
#include "internal.h"

#ifdef EXOSLAB_HAVE_ZOLTAN
#include <limits.h>
#include <stdlib.h>

#include <zoltan.h>

typedef struct zctx {
    int64_t n;
    int dim;
    const double *cent;
    const int64_t *gid;
} zctx;

static int num_obj(void *d, int *ierr)
{
    *ierr = ZOLTAN_OK;
    return (int)((zctx *)d)->n;
}

static void obj_list(void *d, int ng, int nl, ZOLTAN_ID_PTR gids, ZOLTAN_ID_PTR lids,
                     int wdim, float *w, int *ierr)
{
    const zctx *z = d;
    (void)ng, (void)nl, (void)wdim, (void)w;
    for (int64_t i = 0; i < z->n; i++) {
        gids[i] = (ZOLTAN_ID_TYPE)z->gid[i];
        lids[i] = (ZOLTAN_ID_TYPE)i;
    }
    *ierr = ZOLTAN_OK;
}

static int num_geom(void *d, int *ierr)
{
    *ierr = ZOLTAN_OK;
    return ((zctx *)d)->dim;
}

static void geom_multi(void *d, int ng, int nl, int n, ZOLTAN_ID_PTR gids,
                       ZOLTAN_ID_PTR lids, int dim, double *out, int *ierr)
{
    const zctx *z = d;
    (void)ng, (void)nl, (void)gids;
    for (int i = 0; i < n; i++)
        for (int a = 0; a < dim; a++)
            out[i * dim + a] = z->cent[(int64_t)lids[i] * z->dim + a];
    *ierr = ZOLTAN_OK;
}

static struct Zoltan_Struct *setup(exs_dmesh *dm, exs_decomp_method m, zctx *z)
{
    float ver = 0;
    const MPI_Comm *comm = exsi_comm_mpi_handle(dm->f->comm);
    if (Zoltan_Initialize(0, NULL, &ver) != ZOLTAN_OK)
        return NULL;
    struct Zoltan_Struct *zz = Zoltan_Create(comm ? *comm : MPI_COMM_SELF);
    if (!zz)
        return NULL;
    const char *lb = m == EXS_DECOMP_RCB ? "RCB" : m == EXS_DECOMP_RIB ? "RIB" : "HSFC";
    Zoltan_Set_Param(zz, "DEBUG_LEVEL", "0");
    Zoltan_Set_Param(zz, "LB_METHOD", lb);
    Zoltan_Set_Param(zz, "NUM_GID_ENTRIES", "1");
    Zoltan_Set_Param(zz, "NUM_LID_ENTRIES", "1");
    Zoltan_Set_Param(zz, "OBJ_WEIGHT_DIM", "0");
    Zoltan_Set_Param(zz, "RETURN_LISTS", "EXPORT");
    Zoltan_Set_Param(zz, "IMBALANCE_TOL", "1.02");
    Zoltan_Set_Num_Obj_Fn(zz, num_obj, z);
    Zoltan_Set_Obj_List_Fn(zz, obj_list, z);
    Zoltan_Set_Num_Geom_Fn(zz, num_geom, z);
    Zoltan_Set_Geom_Multi_Fn(zz, geom_multi, z);
    return zz;
}

int exsi_decomp_dmesh_zoltan_all(dm_build *b, exs_decomp_method m, int *dest)
{
    exs_dmesh *dm = b->dm;
    double *cent = exsi_dm_calloc(dm->nslab * dm->num_dim + 1, sizeof *cent);
    int rc = cent ? 0 : exsi_err(dm->f, EXS_ENOMEM, "centroids");
    if (rc == 0 && (dm->f->num_elem > (int64_t)UINT_MAX || dm->nslab > INT_MAX))
        rc = exsi_err(dm->f, EXS_ERANGE, "Zoltan ids: %lld elements",
                     (long long)dm->f->num_elem);
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0)
        rc = exsi_dm_dmesh_centroids_all(b, cent);
    zctx z = {dm->nslab, dm->num_dim, cent, dm->own_g};
    struct Zoltan_Struct *zz = rc == 0 ? setup(dm, m, &z) : NULL;
    if (rc == 0 && !zz)
        rc = exsi_err(dm->f, EXS_ENOMEM, "Zoltan_Create");
    rc = exsi_dm_agree(dm, rc);
    int changes, ngid, nlid, nimp, nexp, *imp_procs, *imp_parts, *exp_procs, *exp_parts;
    ZOLTAN_ID_PTR imp_g, imp_l, exp_g, exp_l;
    if (rc == 0 && Zoltan_LB_Partition(zz, &changes, &ngid, &nlid, &nimp, &imp_g, &imp_l,
                                       &imp_procs, &imp_parts, &nexp, &exp_g, &exp_l,
                                       &exp_procs, &exp_parts) != ZOLTAN_OK)
        rc = exsi_err(dm->f, EXS_EINVAL, "Zoltan_LB_Partition (%s) failed",
                     m == EXS_DECOMP_RCB ? "RCB" : m == EXS_DECOMP_RIB ? "RIB" : "HSFC");
    for (int64_t i = 0; i < dm->nslab; i++)
        dest[i] = dm->rank;
    if (rc == 0) {
        for (int i = 0; i < nexp; i++)
            dest[exp_l[i]] = exp_procs[i];
        Zoltan_LB_Free_Part(&imp_g, &imp_l, &imp_procs, &imp_parts);
        Zoltan_LB_Free_Part(&exp_g, &exp_l, &exp_procs, &exp_parts);
    }
    Zoltan_Destroy(&zz);
    exsi_dm_free(cent);
    return exsi_dm_agree(dm, rc);
}

#else

int exsi_decomp_dmesh_zoltan_all(dm_build *b, exs_decomp_method m, int *dest)
{
    (void)dest;
    return exsi_err(b->dm->f, EXS_ENOTBUILT, "decomposition method %d needs Zoltan "
                   "(libtrilinos-zoltan-dev), which this build does not include",
                   (int)m);
}

#endif
