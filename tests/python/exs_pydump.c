/*
 * exs_pydump.c -- dump every bulk array of an Exodus file through the C
 * API, for the Python tests to compare the binding with (a second path
 * through the library that does not go through the extension).
 *
 *   exs_pydump FILE OUT      writes OUT.txt (one line per array:
 *                            "key f8|i8 count offset") and OUT.bin
 *
 * Keys: coord/AXIS, conn/KIND/ID/WHICH, counts/KIND/ID, attr/KIND/ID,
 * set/KIND/ID, extra/KIND/ID, df/KIND/ID, idmap/KIND, map/KIND/ID,
 * ordermap, times, var/KIND/ID/VAR/STEP (KIND: the exs_kind number).
 * Exit 0, or 1 with the library's message on any failure.
 */
#include <stdio.h>
#include <stdlib.h>

#include "exoslab.h"

typedef struct dump {
    exs_file *f;
    FILE *txt, *bin;
    long long offset;
} dump;

/* Read `count` values with `read` into a fresh buffer and append them. */
typedef int (*read_fn)(dump *d, const void *arg, exs_type t, void *buf);

static int emit(dump *d, const char *key, int is_float, int64_t count,
                read_fn read, const void *arg)
{
    void *buf = malloc((size_t)(count > 0 ? count : 1) * 8);
    int rc = buf ? read(d, arg, is_float ? EXS_F64 : EXS_I64, buf) : EXS_ENOMEM;
    if (rc == 0 && fwrite(buf, 8, (size_t)count, d->bin) != (size_t)count)
        rc = EXS_EWRITE;
    if (rc == 0) {
        fprintf(d->txt, "%s %s %lld %lld\n", key, is_float ? "f8" : "i8",
                (long long)count, d->offset);
        d->offset += count * 8;
    } else {
        fprintf(stderr, "exs_pydump: %s: %s (%s)\n", key, exs_errmsg(d->f),
                exs_errname(rc));
    }
    free(buf);
    return rc;
}

/* The arguments of one request. */
typedef struct req {
    exs_kind kind;
    int64_t id;
    int sub;
    int64_t step, count;
    int extra;
} req;

static int rd_coord(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_coord(d->f, r->sub, 0, r->count, t, buf);
}

static int rd_conn(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_conn(d->f, r->kind, r->id, (exs_conn)r->sub, 0, r->count, t, buf);
}

static int rd_counts(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_entry_counts(d->f, r->kind, r->id, 0, r->count, t, buf);
}

static int rd_attr(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_attr(d->f, r->kind, r->id, 0, r->count, t, buf);
}

/* Members (extra 0) or sides/orientations (extra 1) of a set. */
static int rd_set(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    if (!r->extra)
        return exs_get_set(d->f, r->kind, r->id, 0, r->count, t, buf, NULL);
    int64_t *members = malloc((size_t)(r->count > 0 ? r->count : 1) * 8);
    int rc = members ? exs_get_set(d->f, r->kind, r->id, 0, r->count, t, members, buf)
                     : EXS_ENOMEM;
    free(members);
    return rc;
}

static int rd_df(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_df(d->f, r->kind, r->id, 0, r->count, t, buf);
}

static int rd_idmap(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_id_map(d->f, r->kind, 0, r->count, t, buf);
}

static int rd_map(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_map(d->f, r->kind, r->id, 0, r->count, t, buf);
}

static int rd_order(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_order_map(d->f, 0, r->count, t, buf);
}

static int rd_times(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_times(d->f, 0, r->count, t, buf);
}

static int rd_var(dump *d, const void *a, exs_type t, void *buf)
{
    const req *r = a;
    return exs_get_var(d->f, r->kind, r->id, r->sub, r->step, 0, r->count, t, buf);
}

static int64_t inq(exs_file *f, exs_inq what)
{
    int64_t v = 0;
    exs_inquire(f, what, &v);
    return v;
}

static int dump_coords(dump *d)
{
    char key[64];
    int rc = 0;
    req r = {.count = inq(d->f, EXS_INQ_NUM_NODES)};
    for (int axis = 0; rc == 0 && axis < inq(d->f, EXS_INQ_NUM_DIM); axis++) {
        r.sub = axis;
        snprintf(key, sizeof key, "coord/%d", axis);
        rc = emit(d, key, 1, r.count, rd_coord, &r);
    }
    return rc;
}

static int dump_block(dump *d, exs_kind kind, const exs_entity_info *i)
{
    char key[96];
    int rc = 0;
    int64_t per[3] = {i->nodes_per_entry, i->edges_per_entry, i->faces_per_entry};
    int poly = i->topo == EXS_TOPO_NSIDED || i->topo == EXS_TOPO_NFACED;
    req r = {.kind = kind, .id = i->id};
    for (int w = 0; rc == 0 && w < 3; w++) {
        if (per[w] <= 0 || (i->topo == EXS_TOPO_NFACED && w == EXS_CONN_NODES))
            continue;
        int flat = (i->topo == EXS_TOPO_NSIDED && w == 0) ||
                   (i->topo == EXS_TOPO_NFACED && w == 2);
        r.sub = w;
        r.count = flat ? per[w] : i->num_entries;
        snprintf(key, sizeof key, "conn/%d/%lld/%d", kind, (long long)i->id, w);
        rc = emit(d, key, 0, flat ? per[w] : i->num_entries * per[w], rd_conn, &r);
    }
    r.count = i->num_entries;
    snprintf(key, sizeof key, "counts/%d/%lld", kind, (long long)i->id);
    if (rc == 0 && poly)
        rc = emit(d, key, 0, i->num_entries, rd_counts, &r);
    snprintf(key, sizeof key, "attr/%d/%lld", kind, (long long)i->id);
    if (rc == 0 && i->num_attr > 0)
        rc = emit(d, key, 1, i->num_entries * i->num_attr, rd_attr, &r);
    return rc;
}

static int dump_set(dump *d, exs_kind kind, const exs_entity_info *i)
{
    char key[96];
    int rc;
    req r = {.kind = kind, .id = i->id, .count = i->num_entries};
    snprintf(key, sizeof key, "set/%d/%lld", kind, (long long)i->id);
    rc = emit(d, key, 0, i->num_entries, rd_set, &r);
    r.extra = 1;
    snprintf(key, sizeof key, "extra/%d/%lld", kind, (long long)i->id);
    if (rc == 0 && (kind == EXS_SIDE_SET || kind == EXS_EDGE_SET || kind == EXS_FACE_SET))
        rc = emit(d, key, 0, i->num_entries, rd_set, &r);
    r.count = i->num_df;
    snprintf(key, sizeof key, "df/%d/%lld", kind, (long long)i->id);
    if (rc == 0 && i->num_df > 0)
        rc = emit(d, key, 1, i->num_df, rd_df, &r);
    return rc;
}

static int64_t map_len(exs_file *f, exs_kind kind)
{
    exs_inq what[] = {EXS_INQ_NUM_NODES, EXS_INQ_NUM_EDGE, EXS_INQ_NUM_FACE,
                      EXS_INQ_NUM_ELEM};
    return inq(f, what[kind - EXS_NODE_MAP]);
}

static int dump_map(dump *d, exs_kind kind, const exs_entity_info *i)
{
    char key[96];
    req r = {.kind = kind, .id = i->id, .count = map_len(d->f, kind)};
    snprintf(key, sizeof key, "map/%d/%lld", kind, (long long)i->id);
    return emit(d, key, 0, r.count, rd_map, &r);
}

/* Every entity of a kind through fn. */
static int each_entity(dump *d, exs_kind kind,
                       int (*fn)(dump *, exs_kind, const exs_entity_info *))
{
    int64_t n = 0;
    int rc = exs_num_entities(d->f, kind, &n);
    int64_t *ids = calloc((size_t)n + 1, sizeof *ids);
    if (rc == 0)
        rc = ids ? exs_get_ids(d->f, kind, ids) : EXS_ENOMEM;
    for (int64_t e = 0; rc == 0 && e < n; e++) {
        exs_entity_info info;
        rc = exs_get_entity(d->f, kind, ids[e], &info);
        if (rc == 0)
            rc = fn(d, kind, &info);
    }
    free(ids);
    return rc;
}

static int dump_maps(dump *d)
{
    char key[64];
    int rc = 0;
    for (int k = EXS_NODE_MAP; rc == 0 && k <= EXS_ELEM_MAP; k++) {
        req r = {.kind = (exs_kind)k, .count = map_len(d->f, (exs_kind)k)};
        snprintf(key, sizeof key, "idmap/%d", k);
        rc = emit(d, key, 0, r.count, rd_idmap, &r);
        if (rc == 0)
            rc = each_entity(d, (exs_kind)k, dump_map);
    }
    req r = {.count = inq(d->f, EXS_INQ_NUM_ELEM)};
    if (rc == 0)
        rc = emit(d, "ordermap", 0, r.count, rd_order, &r);
    r.count = inq(d->f, EXS_INQ_NUM_TIMES);
    if (rc == 0)
        rc = emit(d, "times", 1, r.count, rd_times, &r);
    return rc;
}

/* All steps of variable `var` of one entity (e-th of the kind). */
static int dump_var(dump *d, req *r)
{
    char key[128];
    int rc = 0;
    for (int64_t s = 0; rc == 0 && s < inq(d->f, EXS_INQ_NUM_TIMES); s++) {
        r->step = s;
        snprintf(key, sizeof key, "var/%d/%lld/%d/%lld", r->kind, (long long)r->id,
                 r->sub, (long long)s);
        rc = emit(d, key, 1, r->count, rd_var, r);
    }
    return rc;
}

static int dump_entity_vars(dump *d, exs_kind kind, int nvars)
{
    int64_t n = 0;
    int rc = exs_num_entities(d->f, kind, &n);
    int64_t *ids = calloc((size_t)n + 1, sizeof *ids);
    int *tab = calloc((size_t)(n * nvars) + 1, sizeof *tab);
    if (rc == 0)
        rc = ids && tab ? exs_get_ids(d->f, kind, ids) : EXS_ENOMEM;
    if (rc == 0)
        rc = exs_get_truth(d->f, kind, tab);
    for (int64_t e = 0; rc == 0 && e < n; e++) {
        exs_entity_info info;
        rc = exs_get_entity(d->f, kind, ids[e], &info);
        for (int v = 0; rc == 0 && v < nvars; v++) {
            req r = {.kind = kind, .id = ids[e], .sub = v, .count = info.num_entries};
            if (tab[e * nvars + v])
                rc = dump_var(d, &r);
        }
    }
    free(tab);
    free(ids);
    return rc;
}

static int dump_vars(dump *d)
{
    int rc = 0;
    for (int k = EXS_NODAL; rc == 0 && k <= EXS_ELEM_SET; k++) {
        int nvars = 0;
        rc = exs_num_vars(d->f, (exs_kind)k, &nvars);
        if (rc != 0 || nvars == 0)
            continue;
        if (k == EXS_GLOBAL) {
            req r = {.kind = EXS_GLOBAL, .count = nvars};
            rc = dump_var(d, &r);
        } else if (k == EXS_NODAL) {
            for (int v = 0; rc == 0 && v < nvars; v++) {
                req r = {.kind = EXS_NODAL, .sub = v,
                         .count = inq(d->f, EXS_INQ_NUM_NODES)};
                rc = dump_var(d, &r);
            }
        } else {
            rc = dump_entity_vars(d, (exs_kind)k, nvars);
        }
    }
    return rc;
}

static int dump_all(dump *d)
{
    int rc = dump_coords(d);
    for (int k = EXS_ELEM_BLOCK; rc == 0 && k <= EXS_FACE_BLOCK; k++)
        rc = each_entity(d, (exs_kind)k, dump_block);
    for (int k = EXS_NODE_SET; rc == 0 && k <= EXS_ELEM_SET; k++)
        rc = each_entity(d, (exs_kind)k, dump_set);
    if (rc == 0)
        rc = dump_maps(d);
    if (rc == 0)
        rc = dump_vars(d);
    return rc;
}

int main(int argc, char **argv)
{
    char path[4096];
    dump d = {0};
    int rc = 1;
    if (argc != 3) {
        fprintf(stderr, "usage: exs_pydump FILE OUT\n");
        return 2;
    }
    char msg[512] = "";
    if (exs_open_err(argv[1], EXS_READ, &d.f, msg, sizeof msg) != 0) {
        fprintf(stderr, "exs_pydump: %s\n", msg);
        return 1;
    }
    snprintf(path, sizeof path, "%s.txt", argv[2]);
    d.txt = fopen(path, "w");
    snprintf(path, sizeof path, "%s.bin", argv[2]);
    d.bin = fopen(path, "wb");
    if (d.txt && d.bin)
        rc = dump_all(&d) == 0 ? 0 : 1;
    if (d.txt)
        fclose(d.txt);
    if (d.bin)
        fclose(d.bin);
    exs_close(d.f);
    return rc;
}
