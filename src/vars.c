/* vars.c -- results: time values and variables of every kind, one step or
 * a range of steps, a slab of entries. */
#include <stdio.h>

#include "reader.h"

int exs_get_times(exs_file *f, int64_t start, int64_t count, exs_type t, void *buf)
{
    exsi_read_arr arr;
    if (!f)
        return EXS_EINVAL;
    int rc = exsi_read_arr_init(f, &arr, "time_whole", 0, 0, NULL);
    if (rc != 0)
        return rc;
    arr.n = f->num_times;
    if ((rc = exsi_read_arr_check(f, &arr, start, count, t, 1, buf)) != 0)
        return rc;
    return exsi_read_arr_read(f, &arr, start, count, t, buf);
}

static int check_var_index(exs_file *f, exs_kind kind, int var)
{
    if (var < 0 || var >= f->vars[kind].n)
        return exsi_err(f, EXS_ERANGE, "%s variable %d: the file has %d",
                       exsi_kind_kinds[kind].label, var, f->vars[kind].n);
    return 0;
}

static int global_arr(exs_file *f, exsi_read_arr *arr)
{
    int rc = exsi_read_arr_init(f, arr, exsi_kind_kinds[EXS_GLOBAL].var_vals, 0, 0,
                          "the global variables");
    arr->n = f->vars[EXS_GLOBAL].n;
    arr->nlead = 1;
    return rc;
}

static int nodal_arr(exs_file *f, int var, exsi_read_arr *arr)
{
    int rc = check_var_index(f, EXS_NODAL, var);
    if (rc == 0)
        rc = exsi_read_arr_init(f, arr, exsi_kind_kinds[EXS_NODAL].var_vals, var + 1, 0,
                          "the nodes");
    if (rc != 0)
        return rc;
    arr->n = f->num_nodes;
    arr->nlead = 1;
    if (arr->found || f->vars[EXS_NODAL].legacy_varid < 0)
        return arr->found ? 0
                          : exsi_err(f, EXS_ENOTFOUND, "nodal variable %d (%s): "
                                    "the file has no %s", var,
                                    f->vars[EXS_NODAL].names[var], arr->name);
    /* The old layout: vals_nod_var(time_step, num_nod_var, num_nodes). */
    if ((rc = exsi_read_arr_init(f, arr, "vals_nod_var", 0, 0, "the nodes")) != 0)
        return rc;
    arr->n = f->num_nodes;
    arr->nlead = 2;
    arr->lead_start[1] = var;
    arr->lead_count[1] = 1;
    return 0;
}

static int entity_arr(exs_file *f, exs_kind kind, int64_t id, int var,
                      exsi_read_arr *arr)
{
    exsi_core_entity *e;
    char owner[96];
    int rc = exsi_util_entity_lookup(f, kind, id, &e);
    if (rc == 0)
        rc = check_var_index(f, kind, var);
    if (rc != 0)
        return rc;
    exsi_read_owner_label(owner, sizeof owner, kind, id);
    const exsi_core_var_list *v = &f->vars[kind];
    int64_t ei = e - f->ents[kind].e;
    if (!exsi_scan_truth_get(v, ei, var))
        return exsi_err(f, EXS_ENOTFOUND, "%s variable %d (%s) is not stored for %s "
                       "(truth table)", exsi_kind_kinds[kind].label, var, v->names[var],
                       owner);
    if ((rc = exsi_read_arr_init(f, arr, exsi_kind_kinds[kind].var_vals, var + 1, e->index,
                           owner)) != 0)
        return rc;
    arr->n = e->num_entries;
    arr->nlead = 1;
    if (!arr->found)
        return exsi_err(f, EXS_ENOTFOUND, "%s variable %d (%s): the file has no %s",
                       exsi_kind_kinds[kind].label, var, v->names[var], arr->what);
    return 0;
}

int exsi_var_arr(exs_file *f, exs_kind kind, int64_t id, int var, exsi_read_arr *arr)
{
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_has_vars(kind))
        return exsi_err(f, EXS_EINVAL, "kind %d has no results variables", (int)kind);
    if (kind == EXS_GLOBAL)
        return global_arr(f, arr);
    if (kind == EXS_NODAL)
        return nodal_arr(f, var, arr);
    return entity_arr(f, kind, id, var, arr);
}

int exs_get_var_steps(exs_file *f, exs_kind kind, int64_t id, int var,
                      int64_t step, int64_t nsteps, int64_t start, int64_t count,
                      exs_type t, void *buf)
{
    exsi_read_arr arr;
    char what[EXS_WHAT_LEN + 16];
    if (!f)
        return EXS_EINVAL;
    int rc = exsi_var_arr(f, kind, id, var, &arr);
    if (rc != 0)
        return rc;
    snprintf(what, sizeof what, "time steps of %s", arr.what);
    /* With no steps asked for there are no values, and buf may be NULL. */
    if ((rc = exsi_util_check_slab(f, what, step, nsteps, f->num_times)) != 0 ||
        (rc = exsi_read_arr_check(f, &arr, start, nsteps > 0 ? count : 0, t, 1, buf)) != 0 ||
        (rc = exsi_util_check_slab(f, arr.what, start, count, arr.n)) != 0)
        return rc;
    arr.lead_start[0] = step;
    arr.lead_count[0] = nsteps;
    return exsi_read_arr_read(f, &arr, start, count, t, buf);
}

int exs_get_var(exs_file *f, exs_kind kind, int64_t id, int var, int64_t step,
                int64_t start, int64_t count, exs_type t, void *buf)
{
    return exs_get_var_steps(f, kind, id, var, step, 1, start, count, t, buf);
}
