/*
 * fuzz_open.c -- libFuzzer target: open a file made of the input bytes and
 * read everything it declares.
 *
 * The bytes go into one scratch file per process, which the library opens
 * by name as it would any file. exs_open_err it; on success read every coordinate, connectivity
 * (nodes, edges, faces, per-entry counts), attribute, set (members, sides,
 * distribution factors), map, time and variable at every step, and every
 * name, property, QA and info record; then close. Bulk arrays are read in
 * slabs of at most SLAB_VALUES values, under a budget of BUDGET_VALUES
 * per input (a tiny netCDF-4 file may declare terabytes of fill values):
 * the first and the last slab of each array always, the middle while the
 * budget lasts. Every array also costs CALL_VALUES, so the number of calls
 * is bounded too: a few kilobytes can declare 200 blocks x 100 variables x
 * 20 steps, a million tiny reads that took libFuzzer's slow-unit 10 s under
 * ASan without finding anything.
 *
 * Any return code is fine; what the fuzzer looks for is a crash, a
 * sanitizer report, a leak or a hang. The same entry point is linked into
 * fuzz_replay (a plain main) so the regression files run in every build.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exoslab.h"
#include "fuzz_open.h"

#define SLAB_VALUES 4096
#define BUDGET_VALUES (1 << 21)
#define CALL_VALUES 64 /* what every read_array charges, empty or not */

/* What one bulk read addresses. */
typedef enum op {
    OP_COORD, OP_CONN, OP_COUNTS, OP_ATTR, OP_SET, OP_DF, OP_ID_MAP, OP_MAP,
    OP_ORDER_MAP, OP_TIMES, OP_VAR
} op;

typedef struct target {
    exs_file *f;
    op what;
    exs_kind kind;
    int64_t id;
    int sub;        /* axis, exs_conn, variable index */
    int64_t step;
    int is_float;
} target;

typedef struct reader {
    exs_file *f;
    int64_t budget;
    double *buf;   /* SLAB_VALUES values of 8 bytes, and as many for extra */
    double *extra;
} reader;

static int read_one(const target *t, int64_t start, int64_t count, exs_type ty,
                    void *buf, void *extra)
{
    exs_file *f = t->f;
    switch (t->what) {
    case OP_COORD:
        return exs_get_coord(f, t->sub, start, count, ty, buf);
    case OP_CONN:
        return exs_get_conn(f, t->kind, t->id, (exs_conn)t->sub, start, count, ty, buf);
    case OP_COUNTS:
        return exs_get_entry_counts(f, t->kind, t->id, start, count, ty, buf);
    case OP_ATTR:
        return exs_get_attr(f, t->kind, t->id, start, count, ty, buf);
    case OP_SET:
        return exs_get_set(f, t->kind, t->id, start, count, ty, buf, extra);
    case OP_DF:
        return exs_get_df(f, t->kind, t->id, start, count, ty, buf);
    case OP_ID_MAP:
        return exs_get_id_map(f, t->kind, start, count, ty, buf);
    case OP_MAP:
        return exs_get_map(f, t->kind, t->id, start, count, ty, buf);
    case OP_ORDER_MAP:
        return exs_get_order_map(f, start, count, ty, buf);
    case OP_TIMES:
        return exs_get_times(f, start, count, ty, buf);
    case OP_VAR:
        return exs_get_var(f, t->kind, t->id, t->sub, t->step, start, count, ty, buf);
    }
    return 0;
}

/* Read n entries of `per` values each in slabs; the first slab also in the
 * narrow type (4-byte values: the overflow checks). */
static void read_array(reader *r, const target *t, int64_t n, int64_t per)
{
    r->budget -= CALL_VALUES;
    if (n <= 0 || per <= 0 || per > SLAB_VALUES)
        return;
    int64_t slab = SLAB_VALUES / per, start = 0;
    exs_type wide = t->is_float ? EXS_F64 : EXS_I64;
    exs_type narrow = t->is_float ? EXS_F32 : EXS_I32;
    read_one(t, 0, n < slab ? n : slab, narrow, r->buf, r->extra);
    while (start < n) {
        int64_t count = n - start < slab ? n - start : slab;
        if (r->budget < count * per) /* over budget: jump to the last slab */
            start = n - count;
        r->budget -= count * per;
        read_one(t, start, count, wide, r->buf, r->extra);
        if (r->budget < 0)
            break;
        start += count;
    }
    read_one(t, n, 1, wide, r->buf, r->extra); /* past the end: ERANGE */
}

static void read_names(exs_file *f, exs_kind kind, int64_t id,
                       const exs_entity_info *info)
{
    const char *name;
    int nprops = 0;
    int64_t v;
    for (int64_t a = 0; a < info->num_attr && a < 1024; a++)
        exs_get_attr_name(f, kind, id, (int)a, &name);
    exs_num_props(f, kind, &nprops);
    for (int p = 0; p < nprops; p++)
        if (exs_get_prop_name(f, kind, p, &name) == 0)
            exs_get_prop(f, kind, id, name, &v);
    if (info->name && info->name[0])
        exs_find_entity(f, kind, info->name, &v);
    exs_topo_parse(info->type ? info->type : "");
}

static void read_entity(reader *r, exs_kind kind, int64_t id)
{
    exs_entity_info in;
    exs_file *f = r->f;
    if (exs_get_entity(f, kind, id, &in) != 0)
        return;
    read_names(f, kind, id, &in);
    target t = {.f = f, .kind = kind, .id = id};
    int poly = in.topo == EXS_TOPO_NSIDED || in.topo == EXS_TOPO_NFACED;
    if (kind == EXS_ELEM_BLOCK || kind == EXS_EDGE_BLOCK || kind == EXS_FACE_BLOCK) {
        t.what = OP_CONN;
        t.sub = EXS_CONN_NODES;
        read_array(r, &t, poly ? in.nodes_per_entry : in.num_entries,
                   poly ? 1 : in.nodes_per_entry);
        t.sub = EXS_CONN_EDGES;
        read_array(r, &t, in.num_entries, in.edges_per_entry);
        t.sub = EXS_CONN_FACES;
        read_array(r, &t, poly ? in.faces_per_entry : in.num_entries,
                   poly ? 1 : in.faces_per_entry);
        t.what = OP_COUNTS;
        read_array(r, &t, in.num_entries, 1);
        t.what = OP_ATTR;
        t.is_float = 1;
        read_array(r, &t, in.num_entries, in.num_attr);
    } else if (kind >= EXS_NODE_SET && kind <= EXS_ELEM_SET) {
        t.what = OP_SET;
        read_array(r, &t, in.num_entries, 1);
        t.what = OP_DF;
        t.is_float = 1;
        read_array(r, &t, in.num_df, 1);
    } else {
        t.what = OP_MAP;
        read_array(r, &t, in.num_entries, 1);
    }
}

/* Entities of every kind, and the id maps. */
static void read_entities(reader *r)
{
    for (int k = EXS_ELEM_BLOCK; k < EXS_NUM_KINDS; k++) {
        int64_t n = 0;
        if (exs_num_entities(r->f, (exs_kind)k, &n) != 0 || n <= 0 || n > (1 << 20))
            continue;
        int64_t *ids = malloc((size_t)n * sizeof *ids);
        if (ids && exs_get_ids(r->f, (exs_kind)k, ids) == 0)
            for (int64_t i = 0; i < n && r->budget > 0; i++)
                read_entity(r, (exs_kind)k, ids[i]);
        free(ids);
    }
    static const exs_inq count_of[] = {EXS_INQ_NUM_NODES, EXS_INQ_NUM_EDGE,
                                       EXS_INQ_NUM_FACE, EXS_INQ_NUM_ELEM};
    for (int m = 0; m < 4; m++) {
        int64_t n = 0;
        target t = {.f = r->f, .what = OP_ID_MAP, .kind = (exs_kind)(EXS_NODE_MAP + m)};
        exs_inquire(r->f, count_of[m], &n);
        read_array(r, &t, n, 1);
    }
    int64_t ne = 0;
    target t = {.f = r->f, .what = OP_ORDER_MAP};
    exs_inquire(r->f, EXS_INQ_NUM_ELEM, &ne);
    read_array(r, &t, ne, 1);
}

/* The entries one variable of `kind` has on entity `id`. */
static int64_t var_entries(exs_file *f, exs_kind kind, int64_t id, int nvars)
{
    exs_entity_info in;
    int64_t n = 0;
    if (kind == EXS_GLOBAL)
        return nvars;
    if (kind == EXS_NODAL)
        return exs_inquire(f, EXS_INQ_NUM_NODES, &n) == 0 ? n : 0;
    return exs_get_entity(f, kind, id, &in) == 0 ? in.num_entries : 0;
}

static void read_vars_of(reader *r, exs_kind kind, int64_t nsteps)
{
    int nvars = 0;
    int64_t nent = 1;
    const char *name;
    if (exs_num_vars(r->f, kind, &nvars) != 0 || nvars <= 0 || nvars > (1 << 16))
        return;
    for (int v = 0; v < nvars; v++)
        if (exs_get_var_name(r->f, kind, v, &name) == 0)
            exs_find_var(r->f, kind, name, &(int){0});
    if (kind != EXS_NODAL && kind != EXS_GLOBAL &&
        (exs_num_entities(r->f, kind, &nent) != 0 || nent > (1 << 16)))
        return;
    int64_t *ids = calloc((size_t)(nent > 0 ? nent : 1), sizeof *ids);
    int *tab = calloc((size_t)(nent > 0 ? nent : 1) * (size_t)nvars, sizeof *tab);
    if (ids && tab && exs_get_truth(r->f, kind, tab) == 0 &&
        (nent == 1 || exs_get_ids(r->f, kind, ids) == 0)) {
        for (int64_t e = 0; e < nent && r->budget > 0; e++)
            for (int v = 0; v < (kind == EXS_GLOBAL ? 1 : nvars) && r->budget > 0; v++) {
                target t = {.f = r->f, .what = OP_VAR, .kind = kind, .id = ids[e],
                            .sub = v, .is_float = 1};
                int64_t n = var_entries(r->f, kind, ids[e], nvars);
                for (t.step = 0; t.step < nsteps && r->budget > 0; t.step++)
                    read_array(r, &t, n, 1);
            }
    }
    free(tab);
    free(ids);
}

static void read_scalars(exs_file *f)
{
    const char *s, *qa[4];
    int64_t v, nqa = 0, ninfo = 0, len;
    for (int q = 0; q < EXS_INQ_COUNT_; q++)
        exs_inquire(f, (exs_inq)q, &v);
    exs_get_title(f, &s);
    for (int a = 0; a < 3; a++)
        exs_get_coord_name(f, a, &s);
    exs_inquire(f, EXS_INQ_NUM_QA, &nqa);
    exs_inquire(f, EXS_INQ_NUM_INFO, &ninfo);
    for (int64_t i = 0; i < nqa && i < (1 << 16); i++)
        exs_get_qa(f, i, qa);
    for (int64_t i = 0; i < ninfo && i < (1 << 16); i++)
        exs_get_info(f, i, &s);
    exs_chunk_len(f, EXS_NODAL, 0, 0, &len);
}

static void read_everything(exs_file *f)
{
    reader r = {.f = f, .budget = BUDGET_VALUES};
    int64_t ndim = 0, nnodes = 0, nsteps = 0;
    r.buf = malloc(SLAB_VALUES * 8);
    r.extra = malloc(SLAB_VALUES * 8);
    if (!r.buf || !r.extra)
        goto out_free;
    read_scalars(f);
    exs_inquire(f, EXS_INQ_NUM_DIM, &ndim);
    exs_inquire(f, EXS_INQ_NUM_NODES, &nnodes);
    for (int a = 0; a < ndim && a < 3; a++) {
        target t = {.f = f, .what = OP_COORD, .sub = a, .is_float = 1};
        read_array(&r, &t, nnodes, 1);
    }
    read_entities(&r);
    exs_inquire(f, EXS_INQ_NUM_TIMES, &nsteps);
    target t = {.f = f, .what = OP_TIMES, .is_float = 1};
    read_array(&r, &t, nsteps, 1);
    for (int k = 0; k < EXS_NUM_KINDS; k++)
        read_vars_of(&r, (exs_kind)k, nsteps);
    exs_stats st;
    exs_get_stats(f, &st);
out_free:
    free(r.buf);
    free(r.extra);
}

/* One scratch file per process, rewritten for each input: $TMPDIR (or
 * /tmp)/exs-fuzz-<pid>.nc, removed at exit. (A memfd reached through
 * /proc/self/fd/N would spare the disk, but HDF5 refuses to open one.) */
static char scratch_path[512];

static void remove_scratch(void) { unlink(scratch_path); }

static int scratch_fd(void)
{
    static int fd = -1;
    if (fd >= 0)
        return fd;
    const char *dir = getenv("TMPDIR");
    snprintf(scratch_path, sizeof scratch_path, "%s/exs-fuzz-%ld.nc",
             dir && dir[0] ? dir : "/tmp", (long)getpid());
    fd = open(scratch_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0)
        atexit(remove_scratch);
    return fd;
}

int exs_fuzz_one(const uint8_t *data, size_t size)
{
    char msg[256];
    int fd = scratch_fd();
    exs_file *f = NULL;
    if (fd < 0 || ftruncate(fd, 0) != 0)
        return -1;
    for (size_t done = 0; done < size;) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    int rc = exs_open_err(scratch_path, EXS_READ, &f, msg, sizeof msg);
    if (rc != 0 && getenv("EXS_FUZZ_VERBOSE"))
        fprintf(stderr, "exs_open: %s: %s\n", exs_errname(rc), msg);
    if (rc == 0) {
        read_everything(f);
        rc = exs_close(f);
    }
    return rc;
}

/* EXS_FUZZ_CLASSIC_ONLY set: inputs that do not start as a classic
 * (CDF-1/2/5) file are rejected (-1: not kept in the corpus), so the run
 * spends itself on exoslab's and netCDF-3's parsing rather than HDF5's. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int classic_only = -1;
    if (classic_only < 0)
        classic_only = getenv("EXS_FUZZ_CLASSIC_ONLY") != NULL;
    if (classic_only && (size < 4 || memcmp(data, "CDF", 3) != 0))
        return -1;
    exs_fuzz_one(data, size);
    return 0;
}
