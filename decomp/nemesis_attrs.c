/*
 * nemesis_attrs.c -- element block attributes of one rank's Nemesis
 * part: every rank reads each block's whole attribute array once (one
 * collective read per block with attributes, as the sets are read) and
 * keeps the rows of the entries it owns, in its local order.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "nemesis.h"


void exsi_nem_attrs_free(nem_attrs *a)
{
    for (int64_t b = 0; a->vals && b < a->nblk; b++)
        exsi_dm_free(a->vals[b]);
    exsi_dm_free(a->vals);
    exsi_dm_free(a->nattr);
}

/* Block b's rows of the owned entries (global index minus the block's
 * offset: the row in the whole array). */
static int load_block(exs_dmesh *dm, nem_attrs *a, int64_t b)
{
    const exsi_core_entity *e = &dm->f->ents[EXS_ELEM_BLOCK].e[b];
    int64_t na = a->nattr[b], own = dm->blk_own[b];
    double *all = exsi_dm_calloc(e->num_entries * na, sizeof *all);
    a->vals[b] = exsi_dm_calloc(own * na, sizeof *a->vals[b]);
    int rc = exsi_dm_agree(dm, all && a->vals[b] ? 0
                              : exsi_err(dm->f, EXS_ENOMEM, "attributes of block %lld",
                                        (long long)e->id));
    if (rc == 0)
        rc = exs_get_attr_all(dm->f, EXS_ELEM_BLOCK, e->id, 0, e->num_entries, EXS_F64,
                              all);
    for (int64_t j = 0; rc == 0 && j < own; j++) {
        int64_t row = exsi_dm_elem_global(dm, dm->blk_first[b] + j) - e->offset;
        memcpy(a->vals[b] + j * na, all + row * na, (size_t)na * sizeof *all);
    }
    exsi_dm_free(all);
    return rc;
}

int exsi_nem_attrs_load_all(exs_dmesh *dm, nem_attrs *a)
{
    a->nblk = dm->nblk;
    a->nattr = exsi_dm_calloc(dm->nblk, sizeof *a->nattr);
    a->vals = exsi_dm_calloc(dm->nblk, sizeof *a->vals);
    int rc = exsi_dm_agree(dm, a->nattr && a->vals ? 0 : exsi_err(dm->f, EXS_ENOMEM,
                                                                 "attributes"));
    if (!dm->f->store) /* a mesh read from a Nemesis set: none kept */
        return rc;
    for (int64_t b = 0; rc == 0 && b < dm->nblk; b++) {
        a->nattr[b] = dm->f->ents[EXS_ELEM_BLOCK].e[b].num_attr;
        if (a->nattr[b] > 0)
            rc = load_block(dm, a, b);
    }
    return rc;
}
