/*
 * test_malformed -- open every file gen_malformed made, read everything it
 * declares through the public API, run exs_check_references, and compare
 * the first failure (stage and code) with the table below. No crash, no
 * hang, no leak (the sanitizer build runs LeakSanitizer), an error message
 * for every error, and every file in the directory has a table entry.
 *
 *   test_malformed DIR
 *
 * Built twice: serially, and with EXS_MALFORMED_PAR in the MPI build,
 * where every rank opens with exs_open_par_err on MPI_COMM_WORLD and all
 * ranks must reach the same outcome.
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdint.h>

#include "exs_test.h"
#ifdef EXS_MALFORMED_PAR
#include <mpi.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"
#endif

#define MAX_VALUES ((int64_t)1 << 22) /* the files are tiny: more is a bug */
#define MIN_FILES 60

/* Sanitizer hooks, found by name at start-up. netCDF-C 4.9.0 leaks its
 * file structures when an HDF5 open fails (tests/reader/test_corrupt.c);
 * our own allocations are still checked. */
#define EXS_SANITIZER_HOOK __attribute__((visibility("default"), used))
EXS_SANITIZER_HOOK const char *__lsan_default_suppressions(void);
EXS_SANITIZER_HOOK const char *__lsan_default_suppressions(void)
{
    return "leak:libnetcdf.so\nleak:libhdf5_serial.so\nleak:libhdf5_openmpi.so\n"
           "leak:libmpi.so\nleak:libopen-pal.so\nleak:libopen-rte.so\n";
}

typedef enum stage { NONE, OPEN, READ, CHECK } stage;
static const char *const stage_name[] = {"none", "open", "read", "check"};

/* First match wins: specific names before the families. */
static const struct expect {
    const char *pattern;
    stage stage;
    int code;
} table[] = {
    {"ok-*.exo", NONE, 0},
    {"raw-ok-cdf1.exo", NONE, 0},
    {"nc4-deflate-ok.exo", NONE, 0},
    {"many-vars-nc4.exo", NONE, 0},
    {"elem-type-missing.exo", NONE, 0},
    {"elem-type-garbage.exo", NONE, 0},
    {"elem-type-blanks.exo", NONE, 0},
    {"truth-absent-var.exo", NONE, 0},
    {"names-without-nul.exo", NONE, 0},
    {"conn-node-*.exo", CHECK, EXS_EBADMODEL},
    {"nsided-counts-disagree.exo", CHECK, EXS_EBADMODEL},
    {"set-member-zero.exo", CHECK, EXS_EBADMODEL},
    {"set-member-past-end.exo", CHECK, EXS_EBADMODEL},
    {"side-*.exo", CHECK, EXS_EBADMODEL},
    {"conn-float.exo", READ, EXS_EBADMODEL},
    {"conn-double-fraction.exo", READ, EXS_EBADMODEL},
    {"conn-char.exo", READ, EXS_EBADMODEL},
    {"set-members-double.exo", READ, EXS_EBADMODEL},
    {"coord-char.exo", READ, EXS_EBADMODEL},
    {"map-float.exo", READ, EXS_EBADMODEL},
    {"vals-without-time-whole.exo", READ, EXS_EBADMODEL},
    {"conn-missing.exo", READ, EXS_ENOTFOUND},
    {"nc4-deflate-corrupt.exo", READ, EXS_ECORRUPT},
    {"eb-prop1-longer.exo", OPEN, EXS_EBADMODEL},
    {"ids-duplicate.exo", OPEN, EXS_EBADMODEL},
    {"ids-double.exo", OPEN, EXS_EBADMODEL},
    {"time-whole-scalar.exo", OPEN, EXS_EBADMODEL},
    {"nc4-group.exo", OPEN, EXS_ENOTSUP},
    {"fifo.exo", OPEN, EXS_ENOFILE}, /* not a regular file: no blocking open */
    {"counts-*-nc4.exo", OPEN, EXS_ECORRUPT},
    {"sets-without-ids-nc4.exo", OPEN, EXS_ENOTEXO},
    {"sets-ids-unwritten-nc4.exo", OPEN, EXS_ECORRUPT},
    {"flip-*-magic.exo", OPEN, EXS_ENOTNC},
    {"flip-cdf2-version.exo", OPEN, EXS_ENOTNC}, /* 2 -> 6: no such format */
    {"flip-*.exo", OPEN, EXS_ECORRUPT},
    {"field-*.exo", OPEN, EXS_ECORRUPT},
    {"dim-*.exo", OPEN, EXS_ECORRUPT},
    {"varcount-*.exo", OPEN, EXS_ECORRUPT},
    {"trunc-*.exo", OPEN, EXS_ECORRUPT},
};

typedef struct outcome {
    stage stage;
    int code;
    char msg[512];
} outcome;

/* The first failure wins; later calls still run (no crash anywhere). */
static void note(outcome *o, exs_file *f, stage st, int rc)
{
    if (rc == 0 || o->stage != NONE)
        return;
    o->stage = st;
    o->code = rc;
    snprintf(o->msg, sizeof o->msg, "%s", exs_errmsg(f));
}

/* A buffer for n values of 8 bytes; NULL (and a failure) when absurd. */
static void *buf_for(const char *file, int64_t n)
{
    if (n < 0 || n > MAX_VALUES) {
        EXS_FAIL_("%s: declares %lld values: more than any file here holds",
                  file, (long long)n);
        return NULL;
    }
    return calloc((size_t)(n ? n : 1), 8);
}

static void read_coords_maps(exs_file *f, const char *file, outcome *o)
{
    int64_t nn = 0, dim = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(f, EXS_INQ_NUM_DIM, &dim);
    double *x = buf_for(file, nn);
    for (int a = 0; x && a < dim; a++)
        note(o, f, READ, exs_get_coord(f, a, 0, nn, EXS_F64, x));
    free(x);
    static const exs_inq totals[] = {EXS_INQ_NUM_NODES, EXS_INQ_NUM_EDGE,
                                     EXS_INQ_NUM_FACE, EXS_INQ_NUM_ELEM};
    for (int m = 0; m < 4; m++) {
        int64_t n = 0;
        exs_inquire(f, totals[m], &n);
        int64_t *ids = buf_for(file, n);
        if (ids)
            note(o, f, READ, exs_get_id_map(f, (exs_kind)(EXS_NODE_MAP + m), 0, n,
                                            EXS_I64, ids));
        if (ids && m == 3)
            note(o, f, READ, exs_get_order_map(f, 0, n, EXS_I64, ids));
        free(ids);
    }
}

static void read_block(exs_file *f, const char *file, exs_kind k,
                       const exs_entity_info *e, outcome *o)
{
    int flat = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
    int64_t per[3] = {e->nodes_per_entry, e->edges_per_entry, e->faces_per_entry};
    for (int c = 0; c < 3; c++) {
        if (per[c] <= 0 || (c > 0 && k != EXS_ELEM_BLOCK) ||
            (c == 0 && e->topo == EXS_TOPO_NFACED))
            continue;
        int fl = flat && (c == 0 || c == 2);
        int64_t n = fl ? per[c] : e->num_entries, w = fl ? 1 : per[c];
        int64_t *buf = buf_for(file, n * w);
        if (buf)
            note(o, f, READ, exs_get_conn(f, k, e->id, (exs_conn)c, 0, n, EXS_I64, buf));
        free(buf);
    }
    int64_t *cnt = buf_for(file, e->num_entries);
    if (cnt)
        note(o, f, READ, exs_get_entry_counts(f, k, e->id, 0, e->num_entries,
                                              EXS_I64, cnt));
    free(cnt);
    double *attr = e->num_attr > 0 ? buf_for(file, e->num_entries * e->num_attr) : NULL;
    if (attr)
        note(o, f, READ, exs_get_attr(f, k, e->id, 0, e->num_entries, EXS_F64, attr));
    free(attr);
}

static void read_set(exs_file *f, const char *file, exs_kind k,
                     const exs_entity_info *e, outcome *o)
{
    int64_t *mem = buf_for(file, e->num_entries), *extra = buf_for(file, e->num_entries);
    int has_extra = k == EXS_SIDE_SET || k == EXS_EDGE_SET || k == EXS_FACE_SET;
    if (mem && extra)
        note(o, f, READ, exs_get_set(f, k, e->id, 0, e->num_entries, EXS_I64, mem,
                                     has_extra ? extra : NULL));
    free(mem);
    free(extra);
    double *df = e->num_df > 0 ? buf_for(file, e->num_df) : NULL;
    if (df)
        note(o, f, READ, exs_get_df(f, k, e->id, 0, e->num_df, EXS_F64, df));
    free(df);
}

/* Every entity of every kind: its info, properties, data. */
static void read_entities(exs_file *f, const char *file, outcome *o)
{
    for (int k = EXS_ELEM_BLOCK; k < EXS_NUM_KINDS; k++) {
        int64_t n = 0;
        int np = 0;
        note(o, f, READ, exs_num_entities(f, (exs_kind)k, &n));
        int64_t *ids = buf_for(file, n);
        if (!ids || exs_get_ids(f, (exs_kind)k, ids) != 0) {
            free(ids);
            continue;
        }
        exs_num_props(f, (exs_kind)k, &np);
        for (int64_t i = 0; i < n; i++) {
            exs_entity_info e;
            note(o, f, READ, exs_get_entity(f, (exs_kind)k, ids[i], &e));
            for (int p = 0; p < np; p++) {
                const char *pn = NULL;
                int64_t v;
                if (exs_get_prop_name(f, (exs_kind)k, p, &pn) == 0)
                    note(o, f, READ, exs_get_prop(f, (exs_kind)k, ids[i], pn, &v));
            }
            if (k <= EXS_FACE_BLOCK)
                read_block(f, file, (exs_kind)k, &e, o);
            else if (k <= EXS_ELEM_SET)
                read_set(f, file, (exs_kind)k, &e, o);
            else {
                int64_t *m = buf_for(file, e.num_entries);
                if (m)
                    note(o, f, READ, exs_get_map(f, (exs_kind)k, ids[i], 0,
                                                 e.num_entries, EXS_I64, m));
                free(m);
            }
        }
        free(ids);
    }
}

/* Times, then every variable the truth table says is stored, all steps. */
static void read_results(exs_file *f, const char *file, outcome *o)
{
    int64_t nt = 0;
    exs_inquire(f, EXS_INQ_NUM_TIMES, &nt);
    double *t = buf_for(file, nt);
    if (t)
        note(o, f, READ, exs_get_times(f, 0, nt, EXS_F64, t));
    free(t);
    for (int k = EXS_NODAL; k <= EXS_ELEM_SET; k++) {
        int nv = 0;
        int64_t ne = 0;
        if (exs_num_vars(f, (exs_kind)k, &nv) != 0 || nv == 0)
            continue;
        exs_num_entities(f, (exs_kind)k, &ne);
        int *tab = buf_for(file, ne * nv);
        int64_t *ids = buf_for(file, ne);
        if (tab && ids && exs_get_truth(f, (exs_kind)k, tab) == 0 &&
            exs_get_ids(f, (exs_kind)k, ids) == 0)
            for (int64_t e = 0; e < ne; e++)
                for (int v = 0; v < nv && (k != EXS_GLOBAL || v == 0); v++) {
                    exs_entity_info info = {.num_entries = 0};
                    int64_t n = nv;
                    if (!tab[e * nv + v])
                        continue;
                    if (k == EXS_NODAL)
                        exs_inquire(f, EXS_INQ_NUM_NODES, &n);
                    else if (k != EXS_GLOBAL && exs_get_entity(f, (exs_kind)k, ids[e],
                                                               &info) == 0)
                        n = info.num_entries;
                    double *buf = buf_for(file, n * (nt ? nt : 1));
                    if (buf)
                        note(o, f, READ, exs_get_var_steps(f, (exs_kind)k, ids[e], v, 0,
                                                           nt, 0, n, EXS_F64, buf));
                    free(buf);
                }
        free(tab);
        free(ids);
    }
}

static int open_file(const char *path, exs_file **f, char *msg, size_t cap)
{
#ifdef EXS_MALFORMED_PAR
    return exs_open_par_err(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, f, msg, cap);
#else
    return exs_open_err(path, EXS_READ, f, msg, cap);
#endif
}

/* Values a few files must show beyond their outcome. */
static void check_values(exs_file *f, const char *name)
{
    exs_entity_info e;
    if (strcmp(name, "elem-type-blanks.exo") == 0) {
        EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, 10, &e));
        EXS_ASSERT_STREQ(e.type, "HEX  "); /* kept as stored */
        EXS_ASSERT_EQ(e.topo, EXS_TOPO_HEX);
    } else if (strcmp(name, "elem-type-missing.exo") == 0 ||
               strcmp(name, "elem-type-garbage.exo") == 0) {
        EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, 10, &e));
        EXS_ASSERT_STREQ(e.type, name[10] == 'm' ? "" : "\x01\x7f#@~");
        EXS_ASSERT_EQ(e.topo, EXS_TOPO_UNKNOWN);
    } else if (strcmp(name, "names-without-nul.exo") == 0) {
        EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, 20, &e));
        EXS_ASSERT_STREQ(e.name, "rightNNNNNNNNNNNNNNNNNNNNNNNNNNNN");
    } else if (strcmp(name, "truth-absent-var.exo") == 0) {
        int tab[2] = {-1, -1};
        double v;
        EXS_OK(f, exs_get_truth(f, EXS_ELEM_BLOCK, tab));
        EXS_ASSERT_EQ(tab[0], 1);
        EXS_ASSERT_EQ(tab[1], 0); /* the stored table says 1: not stored */
        EXS_ASSERT_RC(exs_get_var(f, EXS_ELEM_BLOCK, 20, 0, 0, 0, 1, EXS_F64, &v),
                      EXS_ENOTFOUND);
    } else if (strcmp(name, "vals-without-time-whole.exo") == 0) {
        int64_t nt = 0;
        double v[2];
        EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_TIMES, &nt));
        EXS_ASSERT_EQ(nt, 2); /* the records are counted, not hidden */
        EXS_OK(f, exs_get_var(f, EXS_ELEM_BLOCK, 10, 0, 1, 0, 2, EXS_F64, v));
        EXS_ASSERT_NEAR(v[1], 11.0, 0);
    } else if (strncmp(name, "ok-", 3) == 0) {
        int64_t conn[8];
        EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 1, 1, EXS_I64, conn));
        EXS_ASSERT_EQ(conn[0], 2);
        EXS_ASSERT_EQ(conn[3], 5);
    }
}

/* Cutting n of the last bytes of a classic file names both sizes. */
static void check_truncation_msg(const char *name, const outcome *o)
{
    static const char *const tails[] = {"(9 missing)", "(4 missing)", "(2 missing)",
                                        "(1 missing)"};
    int idx = -1;
    if (strncmp(name, "trunc-cdf", 9) != 0 || sscanf(name + 11, "-%d", &idx) != 1 ||
        idx < 6)
        return;
    EXS_ASSERT(strstr(o->msg, "truncated") && strstr(o->msg, tails[idx - 6]));
}

static void run_file(const char *dir, const char *name, const struct expect *x)
{
    char path[4096], msg[512] = "";
    outcome o = {NONE, 0, ""};
    exs_file *f = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = open_file(path, &f, msg, sizeof msg);
    if (rc != 0) {
        o.stage = OPEN;
        o.code = rc;
        snprintf(o.msg, sizeof o.msg, "%s", msg);
    } else {
        read_coords_maps(f, name, &o);
        read_entities(f, name, &o);
        read_results(f, name, &o);
        note(&o, f, CHECK, exs_check_references(f));
        if (x->stage == NONE || x->stage == CHECK)
            check_values(f, name);
        exs_close(f);
    }
    exs_test_checks++;
    if (o.stage != x->stage || o.code != x->code)
        EXS_FAIL_("%s: %s %s, expected %s %s (%s)", name, stage_name[o.stage],
                  exs_errname(o.code), stage_name[x->stage], exs_errname(x->code),
                  o.msg);
    EXS_ASSERT(o.code == 0 || o.msg[0] != '\0');
    check_truncation_msg(name, &o);
    if (getenv("EXS_MALFORMED_VERBOSE") && exs_test_rank == 0)
        printf("%-40s %-5s %-14s %s\n", name, stage_name[o.stage], exs_errname(o.code),
               o.msg);
}

static const struct expect *lookup(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (fnmatch(table[i].pattern, name, 0) == 0)
            return &table[i];
    return NULL;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
#ifdef EXS_MALFORMED_PAR
    exs_test_mpi_init(&argc, &argv);
#endif
    struct dirent **list = NULL;
    const char *dir = argc > 1 ? argv[1] : NULL;
    int n = dir ? scandir(dir, &list, NULL, by_name) : -1, files = 0;
    EXS_ASSERT(n >= 0);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (name[0] != '.') {
            const struct expect *x = lookup(name);
            files++;
            if (!x)
                EXS_FAIL_("%s: no expected outcome in the table", name);
            else
                run_file(dir, name, x);
        }
        free(list[i]);
    }
    free(list);
    EXS_ASSERT(files >= MIN_FILES);
    if (exs_test_rank == 0)
        printf("test_malformed: %d files\n", files);
#ifdef EXS_MALFORMED_PAR
    return exs_test_mpi_end();
#else
    return EXS_TEST_END();
#endif
}
