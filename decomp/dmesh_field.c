/*
 * dmesh_field.c -- an element variable at a step on every local element:
 * each rank reads its owned entries (one batch), and the ghost values
 * travel along the ghost plan in one all-to-all exchange.
 */
#include <math.h>
#include <stdlib.h>

#include "decomp.h"
#include "internal.h"


static int check(exs_dmesh *dm, int var, int64_t step, const double *values)
{
    exs_file *f = dm->f;
    if (!values && dm->nelem > 0)
        return exsi_err(f, EXS_EINVAL, "exs_dmesh_elem_field: no buffer");
    if (var < 0 || var >= f->vars[EXS_ELEM_BLOCK].n || step < 0 || step >= f->num_times)
        return exsi_err(f, EXS_ERANGE, "element variable %d at step %lld: the file has "
                       "%d variables and %lld steps", var, (long long)step,
                       f->vars[EXS_ELEM_BLOCK].n, (long long)f->num_times);
    return 0;
}

/* The slab's entries of every block where the variable exists: into
 * values (linear) or into slab, block after block (moved). */
static int read_slab(exs_dmesh *dm, int var, int64_t step, const int *truth,
                     double *values, double *slab, exs_var_req *reqs)
{
    exs_file *f = dm->f;
    int nv = f->vars[EXS_ELEM_BLOCK].n;
    int64_t n = 0, at = 0;
    for (int64_t k = 0; k < dm->nblk; k++) {
        double *out = dm->moved ? slab + at : values + dm->blk_first[k];
        int has = truth[k * nv + var];
        for (int64_t i = 0; !has && i < dm->blk_own[k] + dm->blk_ghost[k]; i++)
            values[dm->blk_first[k] + i] = NAN;
        for (int64_t i = 0; !has && dm->moved && i < dm->slab_own[k]; i++)
            out[i] = NAN;
        if (has && dm->slab_own[k] > 0)
            reqs[n++] = (exs_var_req){EXS_ELEM_BLOCK, dm->blk_id[k], var,
                                      dm->blk_start[k], dm->slab_own[k], EXS_F64, out};
        at += dm->slab_own[k];
    }
    if (f->parallel)
        return exs_get_vars_all(f, step, n, reqs);
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < n; i++)
        rc = exs_get_var(f, reqs[i].kind, reqs[i].id, var, step, reqs[i].start,
                         reqs[i].count, EXS_F64, reqs[i].buf);
    return rc;
}

/* Values along a plan: src[from[k]] for the k-th sent (grouped by the
 * send counts), the k-th received into values[to[k]]. */
static int route(exs_dmesh *dm, const double *src, const int64_t *from,
                 const int64_t *scount, int64_t ns, const int64_t *rcount,
                 const int64_t *to, int64_t nr, double *values)
{
    int size = dm->size;
    double *sendv = exsi_dm_calloc(ns, sizeof *sendv), *recv = exsi_dm_calloc(nr, sizeof *recv);
    int64_t *sb = exsi_dm_calloc(2 * size, sizeof *sb);
    int rc = sendv && recv && sb ? 0 : exsi_err(dm->f, EXS_ENOMEM, "element values");
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0) {
        for (int64_t k = 0; k < ns; k++)
            sendv[k] = src[from[k]];
        exsi_dm_counts_bytes(scount, size, sb);
        exsi_dm_counts_bytes(rcount, size, sb + size);
        rc = exsi_comm_alltoallv_bytes(dm->f->comm, sendv, sb, recv, sb + size);
    }
    for (int64_t k = 0; rc == 0 && k < nr; k++)
        values[to[k]] = recv[k];
    exsi_dm_free(sendv);
    exsi_dm_free(recv);
    exsi_dm_free(sb);
    return rc;
}

int exs_dmesh_elem_field(exs_dmesh *dm, int var, int64_t step, double *values)
{
    if (!dm)
        return EXS_EINVAL;
    if (!dm->f->store) /* read from a Nemesis set (nemesis_read.c) */
        return exsi_err(dm->f, EXS_ENOTSUP, "%s: a mesh read from a Nemesis set has "
                       "no file to read fields from", __func__);
    exs_file *f = dm->f;
    int nv = f->vars[EXS_ELEM_BLOCK].n;
    int *truth = exsi_dm_calloc(dm->nblk * (nv > 0 ? nv : 1), sizeof *truth);
    exs_var_req *reqs = exsi_dm_calloc(dm->nblk, sizeof *reqs);
    int rc = truth && reqs ? 0 : exsi_err(f, EXS_ENOMEM, "element field");
    if (rc == 0)
        rc = check(dm, var, step, values);
    if (rc == 0 && nv > 0)
        rc = exs_get_truth(f, EXS_ELEM_BLOCK, truth);
    rc = exsi_dm_agree(dm, rc);
    double *slab = exsi_dm_calloc(dm->moved ? dm->nslab : 0, sizeof *slab);
    rc = exsi_dm_agree(dm, rc ? rc : slab ? 0 : exsi_err(f, EXS_ENOMEM, "element field"));
    if (rc == 0)
        rc = read_slab(dm, var, step, truth, values, slab, reqs);
    if (rc == 0 && dm->moved) /* from the slab to the owners */
        rc = route(dm, slab, dm->home_elem, dm->home_count, dm->nslab, dm->home_recv,
                   dm->home_pos, dm->nown_e, values);
    if (rc == 0) /* from the owners to the ghosts */
        rc = route(dm, values, dm->gs_elem, dm->gs_count, dm->ngs, dm->gr_count,
                   dm->gr_pos, dm->ngr, values);
    exsi_dm_free(slab);
    exsi_dm_free(truth);
    exsi_dm_free(reqs);
    return exsi_dm_agree(dm, rc);
}
