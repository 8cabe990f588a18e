/*
 * collective.c -- the collective (`_all`) accessors (opens and creates
 * are in open_mpi.c), which run the serial accessor code in three steps:
 *
 *  1. a check pass: the handle's I/O mode is EXS_IO_CHECK (src/io.c), so
 *     every rank validates its arguments and slabs without touching the
 *     file, its counters or the model;
 *  2. agreement on that outcome (a rank that failed validation never
 *     leaves the others inside a collective call);
 *  3. the execution with the store in collective mode (EXS_IO_NOW), or,
 *     for batches on PnetCDF, with data calls posted as nonblocking
 *     requests (EXS_IO_POST) finished by ONE ncmpi_wait_all; then
 *     agreement again.
 *
 * On a serial handle (either build) each `_all` call is the plain call:
 * one rank, nothing to agree on. The file needs no MPI: it talks to the
 * other ranks through the comm layer only, and builds in both variants.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exoslab_par.h"
#include "model_x.h"
#include "parallel.h"
#include "write.h"

/* ---- the three steps ---- */

/* What one collective operation runs: `run` calls serial accessors. */
typedef struct par_op {
    int (*run)(exs_file *f, const void *arg);
    const void *arg;
} par_op;

/* Before any collective on a parallel handle: a pending header defined
 * now (its metadata writes are real, not part of the check pass). */
static int par_ready(exs_file *f)
{
    if (!f)
        return EXS_EINVAL;
    if (f->w && f->w->defining && !f->w->broken)
        return exsi_par_agree(f, exs_end_define(f));
    return 0;
}

/* Steps 1 and 2: every rank runs the accessor with its slabs only
 * checked (src/io.c, EXS_IO_CHECK: nothing reaches the file, the counters
 * or the model), then the ranks agree on the outcome. */
static int check_run(exs_file *f, const par_op *op)
{
    f->io_mode = EXS_IO_CHECK;
    int rc = op->run(f, op->arg);
    f->io_mode = EXS_IO_NOW;
    return exsi_par_agree(f, rc);
}

static int set_access(exs_file *f, int collective)
{
    return f->store->ops->set_collective(f->store, collective);
}

/* Step 3 for one accessor (or a batch that every rank runs identically):
 * collective data calls. */
static int run_collective(exs_file *f, const par_op *op)
{
    int rc = check_run(f, op);
    if (rc != 0)
        return rc;
    int64_t before = f->stats.storage_calls;
    rc = set_access(f, 1);
    if (rc == 0)
        rc = op->run(f, op->arg);
    int rc2 = set_access(f, 0);
    if (!f->store->ops->wait_all) /* netCDF: count its collective calls here */
        f->stats.collective_calls += f->stats.storage_calls - before;
    return exsi_par_agree(f, rc ? rc : rc2);
}

/* Step 3 for a batch on a backend with nonblocking requests: post all,
 * then one collective wait (entered by every rank whatever happened). */
static int run_posted(exs_file *f, const par_op *op)
{
    int rc = check_run(f, op);
    if (rc != 0)
        return rc;
    rc = set_access(f, 1);
    if (rc == 0) {
        f->io_mode = EXS_IO_POST;
        rc = op->run(f, op->arg);
        f->io_mode = EXS_IO_NOW;
        int wrc = f->store->ops->wait_all(f->store);
        rc = rc ? rc : wrc;
    }
    int rc2 = set_access(f, 0);
    return exsi_par_agree(f, rc ? rc : rc2);
}

/* ---- the guard: which call, on what, agreed first ---- */

/* A collective call's identity. sig: the operation and the entity it
 * works on (kind, id, axis, variable, step as the call has them), which
 * every rank must share, else EXS_ECOLLECTIVE everywhere; hash: further
 * arguments every rank must pass alike (a step written, a time value),
 * else EXS_EMISMATCH (0: none). Slab starts and counts are not part of
 * either: each rank has its own slab. */
typedef struct par_call {
    uint64_t sig, hash;
    char desc[160];
    const char *what;
} par_call;

/* The signature of call `name` on the n values v (kind, id, ...). */
static void sign(par_call *c, const char *name, const int64_t *v, int n)
{
    int at = snprintf(c->desc, sizeof c->desc, "%s(", name);
    c->sig = exsi_comm_hash(exsi_comm_hash(0, name, strlen(name) + 1), v,
                           (size_t)n * sizeof *v);
    for (int i = 0; i < n && at > 0 && (size_t)at < sizeof c->desc; i++)
        at += snprintf(c->desc + at, sizeof c->desc - (size_t)at, "%s%lld",
                       i ? ", " : "", (long long)v[i]);
    if (at > 0 && (size_t)at < sizeof c->desc)
        snprintf(c->desc + at, sizeof c->desc - (size_t)at, ")");
}

/* After par_ready, before any rank validates further or touches the
 * file: ONE agreement on this rank's outcome so far, the call's signature
 * and its must-match arguments. Agreed BEFORE the check pass: on netCDF-4
 * even looking a time-dependent variable up is collective (the unlimited
 * dimension's length), so a rank that takes another branch while
 * validating (another step, out of range) would leave the others waiting
 * there. */
static int agree_call(exs_file *f, int rc, const par_call *c)
{
    return exsi_err_agree_call(f, rc, c->sig, c->desc, c->hash, c->what);
}

static int collective_call(exs_file *f, int (*run)(exs_file *, const void *),
                           const void *arg, const par_call *c)
{
    if (f && !f->parallel)
        return run(f, arg);
    int rc = par_ready(f);
    if (rc == 0)
        rc = agree_call(f, 0, c);
    if (rc != 0)
        return rc;
    par_op op = {run, arg};
    return run_collective(f, &op);
}

/* ---- single accessors: pack the arguments, run the serial code ---- */

typedef struct acc_args {
    exs_kind kind;
    int64_t id;
    int axis, var;
    exs_conn which;
    int64_t step, nsteps, start, count;
    exs_type t;
    void *buf, *extra;
    const void *cbuf, *cextra;
    double time;
} acc_args;

#define ACC_RUN(name, call)                                   \
    static int name(exs_file *f, const void *p)               \
    {                                                         \
        const acc_args *a = p;                                \
        return call;                                          \
    }

ACC_RUN(run_get_coord, exs_get_coord(f, a->axis, a->start, a->count, a->t, a->buf))
ACC_RUN(run_get_conn, exs_get_conn(f, a->kind, a->id, a->which, a->start, a->count,
                                   a->t, a->buf))
ACC_RUN(run_get_attr, exs_get_attr(f, a->kind, a->id, a->start, a->count, a->t, a->buf))
ACC_RUN(run_get_set, exs_get_set(f, a->kind, a->id, a->start, a->count, a->t, a->buf,
                                 a->extra))
ACC_RUN(run_get_df, exs_get_df(f, a->kind, a->id, a->start, a->count, a->t, a->buf))
ACC_RUN(run_get_counts, exs_get_entry_counts(f, a->kind, a->id, a->start, a->count,
                                             a->t, a->buf))
ACC_RUN(run_get_id_map, exs_get_id_map(f, a->kind, a->start, a->count, a->t, a->buf))
ACC_RUN(run_get_map, exs_get_map(f, a->kind, a->id, a->start, a->count, a->t, a->buf))
ACC_RUN(run_get_times, exs_get_times(f, a->start, a->count, a->t, a->buf))
ACC_RUN(run_get_var_steps, exs_get_var_steps(f, a->kind, a->id, a->var, a->step,
                                             a->nsteps, a->start, a->count, a->t,
                                             a->buf))
ACC_RUN(run_put_coord, exs_put_coord(f, a->axis, a->start, a->count, a->t, a->cbuf))
ACC_RUN(run_put_conn, exs_put_conn(f, a->kind, a->id, a->which, a->start, a->count,
                                   a->t, a->cbuf))
ACC_RUN(run_put_attr, exs_put_attr(f, a->kind, a->id, a->start, a->count, a->t, a->cbuf))
ACC_RUN(run_put_set, exs_put_set(f, a->kind, a->id, a->start, a->count, a->t, a->cbuf,
                                 a->cextra))
ACC_RUN(run_put_df, exs_put_df(f, a->kind, a->id, a->start, a->count, a->t, a->cbuf))
ACC_RUN(run_put_counts, exs_put_entry_counts(f, a->kind, a->id, a->start, a->count,
                                             a->t, a->cbuf))
ACC_RUN(run_put_id_map, exs_put_id_map(f, a->kind, a->start, a->count, a->t, a->cbuf))
ACC_RUN(run_put_map, exs_put_map(f, a->kind, a->id, a->start, a->count, a->t, a->cbuf))
ACC_RUN(run_put_time, exs_put_time(f, a->step, a->time))
ACC_RUN(run_put_times, exs_put_times(f, a->start, a->count, a->t, a->cbuf))
ACC_RUN(run_get_order_map, exs_get_order_map(f, a->start, a->count, a->t, a->buf))
ACC_RUN(run_put_order_map, exs_put_order_map(f, a->start, a->count, a->t, a->cbuf))
ACC_RUN(run_put_var_steps, exs_put_var_steps(f, a->kind, a->id, a->var, a->step,
                                             a->nsteps, a->start, a->count, a->t,
                                             a->cbuf))
#undef ACC_RUN

/* A single accessor named `name`: its signature is every identifying
 * argument it has (the rest of acc_args is zero). */
static int collective(exs_file *f, int (*run)(exs_file *, const void *),
                      const acc_args *a, const char *name)
{
    int64_t v[7] = {a->kind, a->id, a->axis, a->var, a->which, a->step, a->nsteps};
    par_call c = {0};
    sign(&c, name, v, 7);
    return collective_call(f, run, a, &c);
}

int exs_get_coord_all(exs_file *f, int axis, int64_t start, int64_t count,
                      exs_type t, void *buf)
{
    acc_args a = {.axis = axis, .start = start, .count = count, .t = t, .buf = buf};
    return collective(f, run_get_coord, &a, __func__);
}

int exs_get_conn_all(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                     int64_t start, int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = kind, .id = id, .which = which, .start = start,
                  .count = count, .t = t, .buf = buf};
    return collective(f, run_get_conn, &a, __func__);
}

int exs_get_attr_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                     int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .buf = buf};
    return collective(f, run_get_attr, &a, __func__);
}

int exs_get_set_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, void *entries, void *extra)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .buf = entries, .extra = extra};
    return collective(f, run_get_set, &a, __func__);
}

int exs_get_df_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                   int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .buf = buf};
    return collective(f, run_get_df, &a, __func__);
}

int exs_get_entry_counts_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                             int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .buf = buf};
    return collective(f, run_get_counts, &a, __func__);
}

int exs_get_id_map_all(exs_file *f, exs_kind map_kind, int64_t start, int64_t count,
                       exs_type t, void *buf)
{
    acc_args a = {.kind = map_kind, .start = start, .count = count, .t = t, .buf = buf};
    return collective(f, run_get_id_map, &a, __func__);
}

int exs_get_map_all(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = map_kind, .id = id, .start = start, .count = count,
                  .t = t, .buf = buf};
    return collective(f, run_get_map, &a, __func__);
}

int exs_get_times_all(exs_file *f, int64_t start, int64_t count, exs_type t,
                      void *buf)
{
    acc_args a = {.start = start, .count = count, .t = t, .buf = buf};
    return collective(f, run_get_times, &a, __func__);
}

int exs_get_var_steps_all(exs_file *f, exs_kind kind, int64_t id, int var,
                          int64_t step, int64_t nsteps, int64_t start,
                          int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = kind, .id = id, .var = var, .step = step,
                  .nsteps = nsteps, .start = start, .count = count, .t = t,
                  .buf = buf};
    return collective(f, run_get_var_steps, &a, __func__);
}

int exs_get_var_all(exs_file *f, exs_kind kind, int64_t id, int var, int64_t step,
                    int64_t start, int64_t count, exs_type t, void *buf)
{
    return exs_get_var_steps_all(f, kind, id, var, step, 1, start, count, t, buf);
}

int exs_put_coord_all(exs_file *f, int axis, int64_t start, int64_t count,
                      exs_type t, const void *buf)
{
    acc_args a = {.axis = axis, .start = start, .count = count, .t = t, .cbuf = buf};
    return collective(f, run_put_coord, &a, __func__);
}

int exs_put_conn_all(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                     int64_t start, int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = kind, .id = id, .which = which, .start = start,
                  .count = count, .t = t, .cbuf = buf};
    return collective(f, run_put_conn, &a, __func__);
}

int exs_put_attr_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                     int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .cbuf = buf};
    return collective(f, run_put_attr, &a, __func__);
}

int exs_put_set_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, const void *entries,
                    const void *extra)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .cbuf = entries, .cextra = extra};
    return collective(f, run_put_set, &a, __func__);
}

int exs_put_df_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                   int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .cbuf = buf};
    return collective(f, run_put_df, &a, __func__);
}

int exs_put_entry_counts_all(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                             int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = kind, .id = id, .start = start, .count = count, .t = t,
                  .cbuf = buf};
    return collective(f, run_put_counts, &a, __func__);
}

/* An id map given only after the header is defined now, by every rank
 * (a redef is collective): first agreed that all ranks name the same map
 * kind (if not, the guard of the put reports it). */
static int late_id_map(exs_file *f, exs_kind k)
{
    if (!f || !f->parallel || !f->w)
        return 0;
    int rc = par_ready(f);
    if (rc != 0)
        return rc;
    int64_t v = k, lo = 0, hi = 0;
    if (exsi_comm_allreduce_i64(f->comm, &v, &lo, 1, EXS_OP_MIN) != 0 ||
        exsi_comm_allreduce_i64(f->comm, &v, &hi, 1, EXS_OP_MAX) != 0)
        return exsi_err(f, EXS_EMPI, "agreeing on the id map kind");
    if (lo != hi || !exsi_core_kind_valid((int)k) || !exsi_core_is_map(k))
        return 0;
    return exsi_par_agree(f, exsi_w_ensure_id_map(f, k));
}

int exs_put_id_map_all(exs_file *f, exs_kind map_kind, int64_t start, int64_t count,
                       exs_type t, const void *buf)
{
    acc_args a = {.kind = map_kind, .start = start, .count = count, .t = t,
                  .cbuf = buf};
    int rc = late_id_map(f, map_kind);
    if (rc != 0)
        return rc;
    return collective(f, run_put_id_map, &a, __func__);
}

int exs_put_map_all(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                    int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = map_kind, .id = id, .start = start, .count = count,
                  .t = t, .cbuf = buf};
    return collective(f, run_put_map, &a, __func__);
}

int exs_get_order_map_all(exs_file *f, int64_t start, int64_t count, exs_type t,
                          void *buf)
{
    acc_args a = {.start = start, .count = count, .t = t, .buf = buf};
    return collective(f, run_get_order_map, &a, __func__);
}

/* While the definitions are open, every rank declares the order map
 * here (the collective ends them before the write). */
int exs_put_order_map_all(exs_file *f, int64_t start, int64_t count, exs_type t,
                          const void *buf)
{
    acc_args a = {.start = start, .count = count, .t = t, .cbuf = buf};
    if (f && f->parallel && f->w && f->w->defining && !f->w->broken)
        f->order_map = 1;
    return collective(f, run_put_order_map, &a, __func__);
}

/* One time step and one time value for everyone: a rank with another
 * step would make other collective calls (netCDF-4: a hang), another
 * value would be stored silently. */
int exs_put_time_all(exs_file *f, int64_t step, double time)
{
    acc_args a = {.step = step, .time = time};
    char what[96];
    snprintf(what, sizeof what, "exs_put_time_all: step %lld, time %.17g",
             (long long)step, time);
    par_call c = {.what = what};
    sign(&c, __func__, NULL, 0);
    c.hash = exsi_comm_hash(exsi_comm_hash(0, &step, sizeof step), &time, sizeof time);
    return collective_call(f, run_put_time, &a, &c);
}

/* The same steps and values for everyone, as exs_put_time_all (a buffer
 * or type exs_put_times refuses is hashed as nothing: the check pass fails
 * on every rank alike). */
int exs_put_times_all(exs_file *f, int64_t start, int64_t count, exs_type t,
                      const void *buf)
{
    acc_args a = {.start = start, .count = count, .t = t, .cbuf = buf};
    int64_t v[3] = {start, count, t};
    char what[96];
    snprintf(what, sizeof what, "exs_put_times_all: steps [%lld, %lld + %lld)",
             (long long)start, (long long)start, (long long)count);
    par_call c = {.what = what, .hash = exsi_comm_hash(0, v, sizeof v)};
    int ok = buf && count > 0 && (t == EXS_F64 || t == EXS_F32);
    if (ok)
        c.hash = exsi_comm_hash(c.hash, buf, (size_t)count * (t == EXS_F64 ? 8 : 4));
    sign(&c, __func__, NULL, 0);
    return collective_call(f, run_put_times, &a, &c);
}

/* One variable (kind, entity, index) at steps [step, step+nsteps), each
 * rank its slab: the entity is the call's identity, the variable and the
 * steps must match too. */
int exs_put_var_steps_all(exs_file *f, exs_kind kind, int64_t id, int var,
                          int64_t step, int64_t nsteps, int64_t start,
                          int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = kind, .id = id, .var = var, .step = step,
                  .nsteps = nsteps, .start = start, .count = count, .t = t,
                  .cbuf = buf};
    int64_t ent[2] = {kind, id}, v[5] = {kind, id, var, step, nsteps};
    char what[160];
    snprintf(what, sizeof what, "exs_put_var_all: kind %d, id %lld, variable %d, "
             "step %lld, %lld step(s)", (int)kind, (long long)id, var,
             (long long)step, (long long)nsteps);
    par_call c = {.what = what, .hash = exsi_comm_hash(0, v, sizeof v)};
    sign(&c, "exs_put_var_all", ent, 2);
    return collective_call(f, run_put_var_steps, &a, &c);
}

int exs_put_var_all(exs_file *f, exs_kind kind, int64_t id, int var, int64_t step,
                    int64_t start, int64_t count, exs_type t, const void *buf)
{
    return exs_put_var_steps_all(f, kind, id, var, step, 1, start, count, t, buf);
}

/* ---- batches ---- */

typedef struct batch_args {
    int64_t step, nsteps, n;
    const exs_var_req *reqs;
    int put;
} batch_args;

static int var_call(exs_file *f, const batch_args *b, const exs_var_req *r)
{
    if (b->put)
        return exs_put_var_steps(f, r->kind, r->id, r->var, b->step, b->nsteps,
                                 r->start, r->count, r->t, r->buf);
    return exs_get_var_steps(f, r->kind, r->id, r->var, b->step, b->nsteps, r->start,
                             r->count, r->t, r->buf);
}

static int run_batch(exs_file *f, const void *p)
{
    const batch_args *b = p;
    for (int64_t i = 0; i < b->n; i++) {
        int rc = var_call(f, b, &b->reqs[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* A variable's identity across ranks: kind, entity index, variable. */
static int64_t var_key(exs_file *f, const exs_var_req *r)
{
    exsi_core_entity *e;
    int64_t idx = 0;
    if (exsi_core_has_entities(r->kind) && exsi_util_entity_lookup(f, r->kind, r->id, &e) == 0)
        idx = e->index;
    int64_t var = r->kind == EXS_GLOBAL ? 0 : r->var;
    return ((int64_t)r->kind << 56) | (idx << 20) | (var & 0xFFFFF);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sort pairs (key, mult) by key and merge equal keys keeping the largest
 * multiplicity; returns the number of distinct keys. */
static int64_t merge_pairs(int64_t *pairs, int64_t n)
{
    qsort(pairs, (size_t)n, 2 * sizeof *pairs, cmp_i64);
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        if (pairs[2 * i + 1] <= 0)
            continue;
        if (k > 0 && pairs[2 * (k - 1)] == pairs[2 * i]) {
            if (pairs[2 * i + 1] > pairs[2 * (k - 1) + 1])
                pairs[2 * (k - 1) + 1] = pairs[2 * i + 1];
            continue;
        }
        pairs[2 * k] = pairs[2 * i];
        pairs[2 * k + 1] = pairs[2 * i + 1];
        k++;
    }
    return k;
}

/* One rank's n (key, 1) pairs: sum the multiplicity of equal keys into
 * the first of them, zero the rest. */
static void merge_counts_rank(int64_t *pairs, int64_t n)
{
    qsort(pairs, (size_t)n, 2 * sizeof *pairs, cmp_i64);
    for (int64_t i = 0, first = 0; i < n; i++) {
        if (pairs[2 * i + 1] == 0)
            continue;
        if (i > first && pairs[2 * first + 1] > 0 && pairs[2 * first] == pairs[2 * i]) {
            pairs[2 * first + 1] += pairs[2 * i + 1];
            pairs[2 * i + 1] = 0;
        } else {
            first = i;
        }
    }
}

/* The union over ranks of the variables in the batch, each with the
 * largest number of requests any rank made for it: *plan gets nplan
 * (key, mult) pairs sorted by key. Collective. */
static int batch_plan(exs_file *f, const batch_args *b, int64_t **plan,
                      int64_t *nplan)
{
    int64_t nmine = b->n, width, nr = exsi_comm_size(f->comm);
    int rc = exsi_comm_allreduce_i64(f->comm, &nmine, &width, 1, EXS_OP_MAX);
    if (rc != 0)
        return exsi_err(f, rc, "planning a batch");
    int64_t *mine = calloc((size_t)(2 * width + 2), sizeof *mine);
    int64_t *all = calloc((size_t)(2 * width * nr + 2), sizeof *all);
    if (!mine || !all) {
        free(mine);
        free(all);
        return exsi_err(f, EXS_ENOMEM, "planning a batch");
    }
    for (int64_t i = 0; i < b->n; i++) {
        mine[2 * i] = var_key(f, &b->reqs[i]);
        mine[2 * i + 1] = 1;
    }
    rc = exsi_comm_allgather_i64(f->comm, mine, (int)(2 * width), all);
    free(mine);
    if (rc != 0) {
        free(all);
        return exsi_err(f, rc, "planning a batch");
    }
    /* Multiplicities: count equal keys per rank first, then merge. */
    for (int64_t r = 0; r < nr; r++)
        merge_counts_rank(all + 2 * width * r, width);
    *nplan = merge_pairs(all, width * nr);
    *plan = all;
    return 0;
}

/* A zero-count call on the variable of `key`, so this rank enters the
 * collective call that others make for it. */
static int pad_call(exs_file *f, const batch_args *b, int64_t key)
{
    exs_var_req r = {.kind = (exs_kind)(key >> 56), .var = (int)(key & 0xFFFFF),
                     .t = EXS_F64};
    double dummy = 0;
    int64_t idx = (key >> 20) & ((INT64_C(1) << 36) - 1);
    if (exsi_core_has_entities(r.kind) && idx > 0)
        r.id = f->ents[r.kind].e[idx - 1].id;
    r.buf = &dummy;
    return var_call(f, b, &r);
}

/* A batch with its plan: the union over ranks of the variables named,
 * with the most requests any rank made for each. */
typedef struct planned_args {
    const batch_args *b;
    const int64_t *plan;
    int64_t nplan;
} planned_args;

/* A padding call fails in the check pass only where the rank that asked for
 * the variable fails too (same arguments, count 0): that rank reports it,
 * with its message, so the padding rank keeps its own outcome. For real,
 * every failure counts. */
static int pad_outcome(exs_file *f, int rc, int pad_rc)
{
    if (pad_rc == 0 || rc != 0)
        return rc;
    if (exsi_core_io_executes(f))
        return pad_rc;
    exsi_err_clear(f);
    return 0;
}

/* netCDF-4: one collective call per planned variable and multiplicity;
 * a rank with fewer requests pads with empty ones. Even metadata calls
 * can be collective there (the length of the unlimited dimension), so the
 * check pass follows the plan too. Keeps going after a failure so the calls
 * stay matched. */
static int run_planned(exs_file *f, const void *p)
{
    const planned_args *pa = p;
    const batch_args *b = pa->b;
    int rc = 0;
    for (int64_t u = 0; u < pa->nplan; u++) {
        int64_t done = 0;
        for (int64_t i = 0; i < b->n; i++)
            if (var_key(f, &b->reqs[i]) == pa->plan[2 * u]) {
                int r = var_call(f, b, &b->reqs[i]);
                rc = rc ? rc : r;
                done++;
            }
        for (; done < pa->plan[2 * u + 1]; done++)
            rc = pad_outcome(f, rc, pad_call(f, b, pa->plan[2 * u]));
    }
    return rc;
}

static int batch_netcdf(exs_file *f, const batch_args *b)
{
    int64_t *plan = NULL, nplan = 0;
    int rc = exsi_par_agree(f, batch_plan(f, b, &plan, &nplan));
    if (rc != 0)
        return rc;
    planned_args pa = {b, plan, nplan};
    par_op op = {.run = run_planned, .arg = &pa};
    rc = run_collective(f, &op);
    free(plan);
    return rc;
}

static int batch(exs_file *f, int64_t step, int64_t nsteps, int64_t n,
                 const exs_var_req *reqs, int put)
{
    int rc = par_ready(f);
    if (rc != 0)
        return rc;
    if (n < 0 || (n > 0 && !reqs))
        rc = exsi_err(f, EXS_EINVAL, "batch of %lld requests", (long long)n);
    batch_args b = {.step = step, .nsteps = nsteps, .n = n, .reqs = reqs, .put = put};
    if (!f->parallel)
        return rc ? rc : run_batch(f, &b);
    char what[96]; /* put: the same steps written by everyone */
    snprintf(what, sizeof what, "exs_put_vars_all: step %lld, %lld step(s)",
             (long long)step, (long long)nsteps);
    int64_t steps[2] = {step, nsteps};
    par_call c = {.what = put ? what : NULL,
                  .hash = put ? exsi_comm_hash(0, steps, sizeof steps) : 0};
    sign(&c, put ? "exs_put_vars_all" : "exs_get_vars_all", NULL, 0);
    if ((rc = agree_call(f, rc, &c)) != 0)
        return rc;
    par_op op = {.run = run_batch, .arg = &b};
    return f->store->ops->wait_all ? run_posted(f, &op) : batch_netcdf(f, &b);
}

int exs_get_vars_all(exs_file *f, int64_t step, int64_t n, const exs_var_req *reqs)
{
    return batch(f, step, 1, n, reqs, 0);
}

int exs_put_vars_all(exs_file *f, int64_t step, int64_t n, const exs_var_req *reqs)
{
    return batch(f, step, 1, n, reqs, 1);
}

int exs_put_vars_steps_all(exs_file *f, int64_t step, int64_t nsteps, int64_t n,
                           const exs_var_req *reqs)
{
    return batch(f, step, nsteps, n, reqs, 1);
}

/* ---- the element slab's connectivity ---- */

typedef struct conn_args {
    int64_t start, count;
    exs_type t;
    void *buf;
    const void *cbuf;
    int put;
} conn_args;

/* Every block with entries is called (count 0 outside the slab), so all
 * ranks make the same calls. */
static int run_elem_conn(exs_file *f, const void *p)
{
    const conn_args *a = p;
    const exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    int64_t end = a->start + a->count, at = 0;
    size_t width = exsi_util_type_size(a->t);
    for (int64_t i = 0; i < l->n; i++) {
        const exsi_core_entity *e = &l->e[i];
        int64_t lo = e->offset > a->start ? e->offset : a->start;
        int64_t hi = e->offset + e->num_entries < end ? e->offset + e->num_entries : end;
        int flat = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
        if (e->num_entries == 0 || (flat && hi <= lo))
            continue;
        if (flat)
            return exsi_err(f, EXS_ENOTSUP, "element block %lld is %s: read its "
                           "connectivity with exs_get_conn_all", (long long)e->id,
                           exs_topo_name(e->topo));
        int64_t s = hi > lo ? lo - e->offset : 0, c = hi > lo ? hi - lo : 0;
        int rc = a->put ? exs_put_conn(f, EXS_ELEM_BLOCK, e->id, EXS_CONN_NODES, s, c,
                                       a->t, (const char *)a->cbuf + at * width)
                        : exs_get_conn(f, EXS_ELEM_BLOCK, e->id, EXS_CONN_NODES, s, c,
                                       a->t, (char *)a->buf + at * width);
        if (rc != 0)
            return rc;
        at += c * e->nodes_per_entry;
    }
    return 0;
}

static int elem_conn(exs_file *f, conn_args *a)
{
    int rc = par_ready(f);
    if (rc != 0)
        return rc;
    rc = exsi_util_check_slab(f, "element slab", a->start, a->count, f->num_elem);
    if (!f->parallel)
        return rc ? rc : run_elem_conn(f, a);
    par_call c = {0};
    sign(&c, a->put ? "exs_put_elem_conn_all" : "exs_get_elem_conn_all", NULL, 0);
    if ((rc = agree_call(f, rc, &c)) != 0)
        return rc;
    par_op op = {.run = run_elem_conn, .arg = a};
    return f->store->ops->wait_all ? run_posted(f, &op) : run_collective(f, &op);
}

int exs_get_elem_conn_all(exs_file *f, int64_t elem_start, int64_t elem_count,
                          exs_type t, void *buf)
{
    conn_args a = {.start = elem_start, .count = elem_count, .t = t, .buf = buf};
    return elem_conn(f, &a);
}

int exs_put_elem_conn_all(exs_file *f, int64_t elem_start, int64_t elem_count,
                          exs_type t, const void *buf)
{
    conn_args a = {.start = elem_start, .count = elem_count, .t = t, .cbuf = buf,
                   .put = 1};
    return elem_conn(f, &a);
}

/* ---- definitions agree before the header is defined ---- */

static uint64_t hash_str(uint64_t h, const char *s)
{
    return exsi_comm_hash(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t hash_strs(uint64_t h, char *const *v, int64_t n)
{
    for (int64_t i = 0; v && i < n; i++)
        h = hash_str(h, v[i]);
    return h;
}

static uint64_t hash_entities(uint64_t h, const exsi_core_entity_list *l)
{
    h = exsi_comm_hash(h, &l->n, sizeof l->n);
    h = hash_strs(h, l->prop_names, l->nprops);
    for (int64_t i = 0; i < l->n; i++) {
        const exsi_core_entity *e = &l->e[i];
        int64_t v[9] = {e->id, e->num_entries, e->nodes_per_entry, e->edges_per_entry,
                        e->faces_per_entry, e->num_attr, e->num_df, e->status,
                        (int64_t)e->topo};
        h = exsi_comm_hash(h, v, sizeof v);
        h = hash_str(hash_str(h, e->type), e->name);
        h = hash_strs(h, e->attr_names, e->num_attr);
    }
    return h;
}

static uint64_t hash_vars(uint64_t h, const exsi_core_var_list *v, int64_t nents)
{
    h = exsi_comm_hash(h, &v->n, sizeof v->n);
    h = hash_strs(h, v->names, v->n);
    if (v->truth && nents > 0 && v->n > 0)
        h = exsi_comm_hash(h, v->truth, (size_t)nents * (size_t)v->n * sizeof *v->truth);
    return h;
}

/* Everything the header is defined from. */
static uint64_t model_hash(const exs_file *f)
{
    int64_t v[6] = {f->num_dim, f->num_nodes, f->num_qa, f->num_info, f->name_len,
                    f->float_size * 16 + f->int_size};
    uint64_t h = exsi_comm_hash(0, v, sizeof v);
    h = hash_str(h, f->title);
    h = hash_strs(h, f->coord_names, f->num_dim);
    for (int k = 0; k < EXS_NUM_KINDS; k++) {
        h = hash_entities(h, &f->ents[k]);
        h = hash_vars(h, &f->vars[k], f->ents[k].n);
    }
    h = hash_strs(h, f->qa, 4 * f->num_qa);
    int64_t extra[2] = {f->node_attr.num_attr, f->order_map};
    h = exsi_comm_hash(h, extra, sizeof extra);
    h = hash_strs(h, f->node_attr.attr_names, f->node_attr.num_attr);
    h = exsi_w_model_x_hash(f, h); /* assemblies, blobs, reductions, frames */
    return hash_strs(h, f->info, f->num_info);
}

int exsi_par_agree_model(exs_file *f)
{
    if (!f->parallel)
        return 0;
    char what[160];
    snprintf(what, sizeof what, "the definitions (%d dimensions, %lld nodes, "
             "%lld element blocks, %lld node sets, %d nodal variables)", f->num_dim,
             (long long)f->num_nodes, (long long)f->ents[EXS_ELEM_BLOCK].n,
             (long long)f->ents[EXS_NODE_SET].n, f->vars[EXS_NODAL].n);
    return exsi_err_agree_call(f, 0, 0, NULL, model_hash(f), what);
}

/* ---- assemblies, blobs, reduction variables, frames (model_x.h) ---- */

#define ACC_RUN(name, call)                                   \
    static int name(exs_file *f, const void *p)               \
    {                                                         \
        const acc_args *a = p;                                \
        return call;                                          \
    }
ACC_RUN(run_get_members, exs_get_assembly_members(f, a->id, a->start, a->count, a->t,
                                                  a->buf))
ACC_RUN(run_put_members, exs_put_assembly_members(f, a->id, a->start, a->count, a->t,
                                                  a->cbuf))
ACC_RUN(run_get_red, exs_get_red_vars(f, (int)a->kind, a->id, a->step, a->start,
                                      a->count, a->t, a->buf))
ACC_RUN(run_put_red, exs_put_red_vars(f, (int)a->kind, a->id, a->step, a->start,
                                      a->count, a->t, a->cbuf))
ACC_RUN(run_get_blob_var, exs_get_blob_var(f, a->id, a->var, a->step, a->start,
                                           a->count, a->t, a->buf))
ACC_RUN(run_put_blob_var, exs_put_blob_var(f, a->id, a->var, a->step, a->start,
                                           a->count, a->t, a->cbuf))
#undef ACC_RUN

int exs_get_assembly_members_all(exs_file *f, int64_t id, int64_t start,
                                 int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = (exs_kind)EXS_ASSEMBLY, .id = id, .start = start,
                  .count = count, .t = t, .buf = buf};
    return collective(f, run_get_members, &a, __func__);
}

int exs_put_assembly_members_all(exs_file *f, int64_t id, int64_t start,
                                 int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = (exs_kind)EXS_ASSEMBLY, .id = id, .start = start,
                  .count = count, .t = t, .cbuf = buf};
    return collective(f, run_put_members, &a, __func__);
}

int exs_get_red_vars_all(exs_file *f, int kind, int64_t id, int64_t step,
                         int64_t start, int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = (exs_kind)kind, .id = id, .step = step, .start = start,
                  .count = count, .t = t, .buf = buf};
    return collective(f, run_get_red, &a, __func__);
}

int exs_put_red_vars_all(exs_file *f, int kind, int64_t id, int64_t step,
                         int64_t start, int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = (exs_kind)kind, .id = id, .step = step, .start = start,
                  .count = count, .t = t, .cbuf = buf};
    return collective(f, run_put_red, &a, __func__);
}

int exs_get_blob_var_all(exs_file *f, int64_t id, int var, int64_t step,
                         int64_t start, int64_t count, exs_type t, void *buf)
{
    acc_args a = {.kind = (exs_kind)EXS_BLOB, .id = id, .var = var, .step = step,
                  .start = start, .count = count, .t = t, .buf = buf};
    return collective(f, run_get_blob_var, &a, __func__);
}

int exs_put_blob_var_all(exs_file *f, int64_t id, int var, int64_t step,
                         int64_t start, int64_t count, exs_type t, const void *buf)
{
    acc_args a = {.kind = (exs_kind)EXS_BLOB, .id = id, .var = var, .step = step,
                  .start = start, .count = count, .t = t, .cbuf = buf};
    return collective(f, run_put_blob_var, &a, __func__);
}

/* Frames take three buffers. */
typedef struct frame_args {
    int64_t start, count;
    exs_type t;
    int64_t *ids;
    void *coords;
    char *tags;
    const int64_t *cids;
    const void *ccoords;
    const char *ctags;
} frame_args;

static int run_get_frames(exs_file *f, const void *p)
{
    const frame_args *a = p;
    return exs_get_frames(f, a->start, a->count, a->ids, a->t, a->coords, a->tags);
}

static int run_put_frames(exs_file *f, const void *p)
{
    const frame_args *a = p;
    return exs_put_frames(f, a->start, a->count, a->cids, a->t, a->ccoords, a->ctags);
}

static int frames_call(exs_file *f, int (*run)(exs_file *, const void *),
                       const frame_args *a, const char *name)
{
    /* which arrays are read or written: every rank must make the same
     * storage calls */
    int64_t mask = (a->ids != NULL) | (a->coords != NULL) << 1 | (a->tags != NULL) << 2;
    int64_t v[2] = {a->t, mask};
    par_call c = {0};
    sign(&c, name, v, 2);
    return collective_call(f, run, a, &c);
}

int exs_get_frames_all(exs_file *f, int64_t start, int64_t count, int64_t *ids,
                       exs_type t, void *coords, char *tags)
{
    frame_args a = {.start = start, .count = count, .t = t, .ids = ids,
                    .coords = coords, .tags = tags};
    return frames_call(f, run_get_frames, &a, __func__);
}

int exs_put_frames_all(exs_file *f, int64_t start, int64_t count, const int64_t *ids,
                       exs_type t, const void *coords, const char *tags)
{
    frame_args a = {.start = start, .count = count, .t = t, .cids = ids,
                    .ccoords = coords, .ctags = tags};
    return frames_call(f, run_put_frames, &a, __func__);
}
