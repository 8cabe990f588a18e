/* vars.c -- results: time values and variables of every kind, one step or
 * a range of steps, a slab of entries; read and written through the same
 * resolvers (exsi_var_time_arr, exsi_var_arr). */
#include <stdio.h>

#include "reader.h"
#include "write.h"

int exsi_var_time_arr(exs_file *f, exsi_read_arr *arr)
{
    int rc = exsi_read_arr_init(f, arr, "time_whole", 0, 0, NULL);
    arr->n = f->num_times;
    return rc;
}

int exs_get_times(exs_file *f, int64_t start, int64_t count, exs_type t, void *buf)
{
    exsi_read_arr arr;
    if (!f)
        return EXS_EINVAL;
    int rc = exsi_var_time_arr(f, &arr);
    if (rc != 0)
        return rc;
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

/* ---- writes ---- */

int exs_put_time(exs_file *f, int64_t step, double time)
{
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_put_time");
    if (rc == 0 && (step < 0 || step > f->num_times))
        rc = exsi_err(f, EXS_ERANGE, "exs_put_time: step %lld; the file has %lld "
                     "(append with step == %lld)", (long long)step,
                     (long long)f->num_times, (long long)f->num_times);
    if (rc == 0)
        rc = exsi_var_time_arr(f, &arr);
    if (rc == 0 && !arr.found)
        rc = exsi_err(f, EXS_ENOTFOUND, "variable %s is not in the file", arr.name);
    int64_t st = step, ct = 1; /* a step the file has, or the next one */
    if (rc == 0)
        rc = exsi_w_put_checked(f, &arr.vi, &st, &ct, EXS_F64, &time);
    if (rc == 0 && step == f->num_times && exsi_core_io_executes(f))
        f->num_times++;
    return rc;
}

int exs_put_times(exs_file *f, int64_t start, int64_t count, exs_type t,
                  const void *buf)
{
    exsi_read_arr arr;
    int64_t end = 0;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_put_times");
    if (rc == 0 && (start < 0 || start > f->num_times || count < 0 ||
                    exsi_add64(start, count, &end) != 0))
        rc = exsi_err(f, EXS_ERANGE, "exs_put_times: steps [%lld, %lld + %lld); the "
                     "file has %lld (append from step %lld)", (long long)start,
                     (long long)start, (long long)count, (long long)f->num_times,
                     (long long)f->num_times);
    if (rc == 0)
        rc = exsi_util_check_type(f, "exs_put_times", t, 1);
    if (rc == 0)
        rc = exsi_var_time_arr(f, &arr);
    if (rc == 0 && !arr.found)
        rc = exsi_err(f, EXS_ENOTFOUND, "variable %s is not in the file", arr.name);
    if (rc == 0)
        rc = exsi_w_put_checked(f, &arr.vi, &start, &count, t, buf);
    if (rc == 0 && end > f->num_times && exsi_core_io_executes(f))
        f->num_times = end;
    return rc;
}

/* The writer's rules beyond the resolver's: steps the file has, and no
 * values for an empty entity. */
static int result_arr(exs_file *f, exs_kind kind, int64_t id, int var,
                      int64_t step, int64_t nsteps, exsi_read_arr *arr)
{
    int64_t end = 0;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_has_vars(kind))
        return exsi_err(f, EXS_EINVAL, "exs_put_var: kind %d has no variables", (int)kind);
    if (step < 0 || step >= f->num_times)
        return exsi_err(f, EXS_ERANGE, "exs_put_var: step %lld of %lld (exs_put_time "
                       "first)", (long long)step, (long long)f->num_times);
    if (nsteps < 0 || exsi_add64(step, nsteps, &end) != 0 || end > f->num_times)
        return exsi_err(f, EXS_ERANGE, "exs_put_var: steps [%lld, %lld + %lld) of "
                       "%lld (exs_put_time first)", (long long)step, (long long)step,
                       (long long)nsteps, (long long)f->num_times);
    int rc = exsi_var_arr(f, kind, id, var, arr);
    if (rc == 0 && kind != EXS_GLOBAL && kind != EXS_NODAL && arr->n == 0)
        rc = exsi_err(f, EXS_ENOTFOUND, "variable %d is not stored for %s %lld (an "
                     "empty entity)", var, exsi_kind_kinds[kind].label, (long long)id);
    arr->lead_start[0] = step;
    arr->lead_count[0] = nsteps;
    return rc;
}

int exs_put_var_steps(exs_file *f, exs_kind kind, int64_t id, int var,
                      int64_t step, int64_t nsteps, int64_t start, int64_t count,
                      exs_type t, const void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_put_var");
    if (rc == 0)
        rc = result_arr(f, kind, id, var, step, nsteps, &arr);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_var", t, 1, start, nsteps > 0 ? count : 0,
                            arr.n);
    if (rc != 0 || arr.n == 0) /* no entries: no variable, nothing to write */
        return rc;
    return exsi_w_put_arr(f, &arr, start, count, t, buf);
}

int exs_put_var(exs_file *f, exs_kind kind, int64_t id, int var, int64_t step,
                int64_t start, int64_t count, exs_type t, const void *buf)
{
    return exs_put_var_steps(f, kind, id, var, step, 1, start, count, t, buf);
}
