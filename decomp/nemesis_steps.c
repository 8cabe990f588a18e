/*
 * nemesis_steps.c -- the results of a Nemesis set's parts: the global,
 * nodal, element and node/side/element set variables of the distributed
 * mesh's file at every step. The values are read collectively, one step at a time
 * (exs_dmesh_nodal_field / exs_dmesh_elem_field: every rank in step);
 * each rank writes its part's share into its own open file, and the
 * ranks agree on each step before the next.
 */
#include <stdlib.h>

#include "nemesis.h"
#include "internal.h"


static int def_kind(exs_file *o, const exs_file *src, exs_kind k)
{
    int n = src->vars[k].n;
    if (n == 0)
        return 0;
    const char **names = exsi_dm_calloc(n, sizeof *names);
    int rc = names ? 0 : exsi_err(o, EXS_ENOMEM, "variable names");
    for (int v = 0; rc == 0 && v < n; v++)
        rc = exs_get_var_name(src, k, v, &names[v]);
    if (rc == 0)
        rc = exs_def_vars(o, k, n, (const char *const *)names);
    exsi_dm_free(names);
    return rc;
}

/* The source's truth table, without the blocks the part has no entries
 * of (nothing to store there). */
static int def_truth(exs_file *o, const exs_dmesh *dm)
{
    int nv = dm->f->vars[EXS_ELEM_BLOCK].n;
    int *tab = exsi_dm_calloc(dm->nblk * nv, sizeof *tab);
    int rc = tab ? exs_get_truth(dm->f, EXS_ELEM_BLOCK, tab) : EXS_ENOMEM;
    for (int64_t b = 0; rc == 0 && b < dm->nblk; b++)
        for (int v = 0; v < nv; v++)
            tab[b * nv + v] &= dm->blk_own[b] > 0;
    if (rc == 0)
        rc = exs_def_truth(o, EXS_ELEM_BLOCK, tab);
    exsi_dm_free(tab);
    return rc;
}

/* A set kind's truth table: the source's rows of the sets the part
 * carries, 0 where the part holds no member of the set. */
static int def_set_truth(exs_file *o, const exs_dmesh *dm, const nem_sets *s, exs_kind k)
{
    int nv = dm->f->vars[k].n;
    int64_t ns = 0;
    const nem_set *t = exsi_nem_sets_of(s, k, &ns);
    if (nv == 0 || ns == 0)
        return 0;
    int *src = exsi_dm_calloc(dm->f->ents[k].n * nv, sizeof *src);
    int *tab = exsi_dm_calloc(ns * nv, sizeof *tab);
    int rc = src && tab ? exs_get_truth(dm->f, k, src) : EXS_ENOMEM;
    for (int64_t i = 0; rc == 0 && i < ns; i++)
        for (int v = 0; v < nv; v++)
            tab[i * nv + v] = src[t[i].src * nv + v] && t[i].n > 0;
    if (rc == 0)
        rc = exs_def_truth(o, k, tab);
    exsi_dm_free(src), exsi_dm_free(tab);
    return rc;
}

int exsi_nem_def_vars(exs_file *o, const exs_dmesh *dm, const nem_sets *s)
{
    if (!dm->f->store) /* read from a Nemesis set: no results behind it */
        return 0;
    exs_kind kinds[] = {EXS_GLOBAL, EXS_NODAL, EXS_ELEM_BLOCK, EXS_NODE_SET, EXS_SIDE_SET,
                        EXS_ELEM_SET};
    int rc = 0;
    for (int i = 0; rc == 0 && i < 6; i++)
        rc = def_kind(o, dm->f, kinds[i]);
    if (rc == 0 && dm->f->vars[EXS_ELEM_BLOCK].n > 0 && dm->nblk > 0)
        rc = def_truth(o, dm);
    for (int i = 3; rc == 0 && i < 6; i++)
        rc = def_set_truth(o, dm, s, kinds[i]);
    return rc;
}

/* What one step needs: the values of every local node / element of one
 * variable, the global values, the truth table. */
typedef struct nem_step {
    exs_dmesh *dm;
    const nem_sets *sets;
    exs_file *o;
    double *vals, *glob, *times;
    int *truth;
    int ng, nn, ne;
} nem_step;

/* A local write's outcome, agreed (its message into the mesh's file). */
static int agree_put(nem_step *s, int rc)
{
    if (rc != 0)
        rc = exsi_err(s->dm->f, rc, "writing the results: %s", exs_errmsg(s->o));
    return exsi_dm_agree(s->dm, rc);
}

static int put_nodal(nem_step *s, int64_t step)
{
    exs_dmesh *dm = s->dm;
    int64_t n = dm->n_owned + dm->n_shared;
    int rc = 0;
    for (int v = 0; rc == 0 && v < s->nn; v++) {
        rc = exs_dmesh_nodal_field(dm, v, step, s->vals);
        if (rc == 0 && n > 0)
            rc = agree_put(s, exs_put_var(s->o, EXS_NODAL, 0, v, step, 0, n, EXS_F64,
                                          s->vals));
    }
    return rc;
}

static int put_elem_var(nem_step *s, int v, int64_t step)
{
    exs_dmesh *dm = s->dm;
    int rc = 0;
    for (int64_t b = 0; rc == 0 && b < dm->nblk; b++)
        if (s->truth[b * s->ne + v] && dm->blk_own[b] > 0)
            rc = exs_put_var(s->o, EXS_ELEM_BLOCK, dm->blk_id[b], v, step, 0,
                             dm->blk_own[b], EXS_F64, s->vals + dm->blk_first[b]);
    return rc;
}

static int put_elem(nem_step *s, int64_t step)
{
    int rc = 0;
    for (int v = 0; rc == 0 && v < s->ne; v++) {
        rc = exs_dmesh_elem_field(s->dm, v, step, s->vals);
        if (rc == 0)
            rc = agree_put(s, put_elem_var(s, v, step));
    }
    return rc;
}

/* One set's variable v: the whole set read (every rank, collectively),
 * the part's members kept. */
static int put_set_var(nem_step *s, exs_kind k, const nem_set *t, int v, int64_t step)
{
    double *all = exsi_dm_calloc(t->gcount, sizeof *all);
    double *mine = exsi_dm_calloc(t->n, sizeof *mine);
    int rc = exsi_dm_agree(s->dm, all && mine ? 0 : exsi_err(s->dm->f, EXS_ENOMEM, "set "
                                                              "variables"));
    if (rc == 0)
        rc = exs_get_var_all(s->dm->f, k, t->id, v, step, 0, t->gcount, EXS_F64, all);
    if (rc == 0) {
        for (int64_t j = 0; j < t->n; j++)
            mine[j] = all[t->at[j]];
        rc = agree_put(s, t->n > 0 ? exs_put_var(s->o, k, t->id, v, step, 0, t->n, EXS_F64,
                                                 mine)
                                   : 0);
    }
    exsi_dm_free(all), exsi_dm_free(mine);
    return rc;
}

/* The set variables of kind k stored in the source (its truth table, the
 * same on every rank) at one step. */
static int put_set_vars(nem_step *s, exs_kind k, int64_t step)
{
    exs_file *f = s->dm->f;
    int nv = f->vars[k].n;
    int64_t ns = 0;
    const nem_set *t = exsi_nem_sets_of(s->sets, k, &ns);
    if (nv == 0 || ns == 0)
        return 0;
    int *tab = exsi_dm_calloc(f->ents[k].n * nv, sizeof *tab);
    int rc = tab ? exs_get_truth(f, k, tab) : exsi_err(f, EXS_ENOMEM, "set variables");
    rc = exsi_dm_agree(s->dm, rc);
    for (int64_t i = 0; rc == 0 && i < ns; i++)
        for (int v = 0; rc == 0 && v < nv; v++)
            if (tab[t[i].src * nv + v] && t[i].gcount > 0)
                rc = put_set_var(s, k, &t[i], v, step);
    exsi_dm_free(tab);
    return rc;
}

static int put_step(nem_step *s, int64_t step)
{
    exs_file *f = s->dm->f;
    int rc = agree_put(s, exs_put_time(s->o, step, s->times[step]));
    if (rc == 0 && s->ng > 0)
        rc = exs_get_var_all(f, EXS_GLOBAL, 0, 0, step, 0, s->ng, EXS_F64, s->glob);
    if (rc == 0 && s->ng > 0)
        rc = agree_put(s, exs_put_var(s->o, EXS_GLOBAL, 0, 0, step, 0, s->ng, EXS_F64,
                                      s->glob));
    if (rc == 0)
        rc = put_nodal(s, step);
    if (rc == 0)
        rc = put_elem(s, step);
    exs_kind sk[] = {EXS_NODE_SET, EXS_SIDE_SET, EXS_ELEM_SET};
    for (int i = 0; rc == 0 && i < 3; i++)
        rc = put_set_vars(s, sk[i], step);
    return rc;
}

static int step_alloc(nem_step *s)
{
    exs_dmesh *dm = s->dm;
    exs_file *f = dm->f;
    s->ng = f->vars[EXS_GLOBAL].n;
    s->nn = f->vars[EXS_NODAL].n;
    s->ne = f->vars[EXS_ELEM_BLOCK].n;
    int64_t nv = dm->nnodes > dm->nelem ? dm->nnodes : dm->nelem;
    s->vals = exsi_dm_calloc(nv, sizeof *s->vals);
    s->glob = exsi_dm_calloc(s->ng, sizeof *s->glob);
    s->times = exsi_dm_calloc(f->num_times, sizeof *s->times);
    s->truth = exsi_dm_calloc(dm->nblk * s->ne, sizeof *s->truth);
    if (!s->vals || !s->glob || !s->times || !s->truth)
        return exsi_err(f, EXS_ENOMEM, "Nemesis results");
    return s->ne > 0 ? exs_get_truth(f, EXS_ELEM_BLOCK, s->truth) : 0;
}

int exsi_nem_put_steps_all(exs_dmesh *dm, const nem_sets *sets, exs_file *o)
{
    if (!dm->f->store || dm->f->num_times == 0) /* the same on every rank */
        return 0;
    nem_step s = {.dm = dm, .sets = sets, .o = o};
    int rc = exsi_dm_agree(dm, step_alloc(&s));
    if (rc == 0)
        rc = exs_get_times_all(dm->f, 0, dm->f->num_times, EXS_F64, s.times);
    for (int64_t t = 0; rc == 0 && t < dm->f->num_times; t++)
        rc = put_step(&s, t);
    exsi_dm_free(s.vals);
    exsi_dm_free(s.glob);
    exsi_dm_free(s.times);
    exsi_dm_free(s.truth);
    return rc;
}
