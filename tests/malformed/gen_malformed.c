/*
 * gen_malformed -- writes the malformed-file suite into a directory.
 *
 *   gen_malformed OUTDIR
 *
 * Every file is made here, by netCDF-C calls or by bytes this program
 * computes (a hand-written classic header, a truncation, a bit flip at a
 * field found by walking the header it just wrote); nothing is copied
 * from elsewhere. The base is a small valid Exodus II model (2 blocks,
 * a node set, a side set, 2 steps of global, nodal and element variables)
 * that each case bends in one way. tests/malformed/test_malformed.c holds
 * the table of what opening and reading each file must give; the list is
 * in docs/reliability.md. Exits non-zero if a file cannot be made or a
 * corruption did not take (so a case can never pass by being a no-op).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netcdf.h>

static const char *outdir;
static int nfiles;

#define NC(call)                                                              \
    do {                                                                      \
        int nc_ = (call);                                                     \
        if (nc_ != NC_NOERR) {                                                \
            fprintf(stderr, "gen_malformed: %s:%d: %s: %s\n", __FILE__,      \
                    __LINE__, #call, nc_strerror(nc_));                       \
            exit(1);                                                          \
        }                                                                     \
    } while (0)

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gen_malformed: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static const char *path_of(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", outdir, name);
    return buf;
}

/* ------------------------------------------------------------------ */
/* The base model and the ways a case bends it. */

typedef struct knobs {
    int cmode;            /* nc_create mode */
    int conn_xtype;       /* connect1's type (0: NC_INT) */
    int conn_bad;         /* connect1 holds: 1 node 0, 2 -3, 3 num_nodes+1, 4 1.7 */
    int no_connect2;      /* block 2 has entries but no connect2 */
    const char *type1;    /* elem_type of block 1 (NULL: "QUAD4", "-": none) */
    int prop_extra;       /* eb_prop1 has this many more values than num_el_blk */
    int dup_ids;          /* both blocks id 10 */
    int ids_double;       /* eb_prop1 stored as double 10.5, 20 */
    int truth_absent;     /* the table says vals_elem_var1eb2 exists; it does not */
    int set_bad;          /* node_ns1: 1 member 0, 2 member num_nodes+1, 3 double */
    int side_bad;         /* side_ss1: 1 side 0; 2 element num_elem+1 */
    int no_time_whole;    /* records without time_whole */
    int scalar_time;      /* time_whole is a scalar */
    int names_full;       /* eb_names rows filled to the last byte, no NUL */
    int coord_char;       /* coordx is text */
    int map_float;        /* node_num_map stored as float */
    int in_group;         /* the whole model in group "mesh" (netCDF-4) */
    int deflate;          /* coordinates deflated (netCDF-4) */
    int nsided;           /* block 2 is NSIDED with counts that do not add up */
} knobs;

enum { NN = 6, NE1 = 2, NE2 = 1, NSTEPS = 2, LEN_NAME = 33 };

static int def_dim(int g, const char *name, size_t len)
{
    int id;
    NC(nc_def_dim(g, name, len, &id));
    return id;
}

static int def_var(int g, const char *name, nc_type t, int nd, const int *dims)
{
    int id;
    NC(nc_def_var(g, name, t, nd, dims, &id));
    return id;
}

static void put_text(int g, int v, const char *name, const char *text)
{
    NC(nc_put_att_text(g, v, name, strlen(text), text));
}

typedef struct ids {
    int len_name, time, num_dim, nodes, elem, nblk, e1, n1, e2, n2, nns, nsn,
        nss, nse, one, blkprop, four;
} ids;

static void def_globals(int g, ids *d, const knobs *k)
{
    float ver = 8.0f;
    int ws = 8;
    NC(nc_put_att_float(g, NC_GLOBAL, "api_version", NC_FLOAT, 1, &ver));
    NC(nc_put_att_float(g, NC_GLOBAL, "version", NC_FLOAT, 1, &ver));
    NC(nc_put_att_int(g, NC_GLOBAL, "floating_point_word_size", NC_INT, 1, &ws));
    put_text(g, NC_GLOBAL, "title", "exoslab malformed-file suite");
    d->len_name = def_dim(g, "len_name", LEN_NAME);
    d->four = def_dim(g, "four", 4);
    d->time = def_dim(g, "time_step", NC_UNLIMITED);
    d->num_dim = def_dim(g, "num_dim", 2);
    d->nodes = def_dim(g, "num_nodes", NN);
    d->elem = def_dim(g, "num_elem", NE1 + NE2);
    d->nblk = def_dim(g, "num_el_blk", 2);
    d->e1 = def_dim(g, "num_el_in_blk1", NE1);
    d->n1 = def_dim(g, "num_nod_per_el1", 4);
    d->e2 = def_dim(g, "num_el_in_blk2", NE2);
    d->n2 = def_dim(g, "num_nod_per_el2", k->nsided ? 5 : 3);
    d->nns = def_dim(g, "num_node_sets", 1);
    d->nsn = def_dim(g, "num_nod_ns1", 2);
    d->nss = def_dim(g, "num_side_sets", 1);
    d->nse = def_dim(g, "num_side_ss1", 1);
    d->one = def_dim(g, "num_glo_var", 1);
    def_dim(g, "num_nod_var", 1);
    def_dim(g, "num_elem_var", 1);
    d->blkprop = k->prop_extra ? def_dim(g, "num_blk_ids", 2 + k->prop_extra) : d->nblk;
}

static void def_mesh(int g, const ids *d, const knobs *k)
{
    int dims[2];
    nc_type ct = k->conn_xtype ? k->conn_xtype : NC_INT;
    int cx = def_var(g, "coordx", k->coord_char ? NC_CHAR : NC_DOUBLE, 1, &d->nodes);
    int cy = def_var(g, "coordy", NC_DOUBLE, 1, &d->nodes);
    if (k->deflate) {
        NC(nc_def_var_deflate(g, cx, 0, 1, 1));
        NC(nc_def_var_deflate(g, cy, 0, 1, 1));
    }
    dims[0] = d->num_dim, dims[1] = d->len_name;
    def_var(g, "coor_names", NC_CHAR, 2, dims);
    def_var(g, "eb_status", NC_INT, 1, &d->nblk);
    int p = def_var(g, "eb_prop1", k->ids_double ? NC_DOUBLE : NC_INT, 1, &d->blkprop);
    put_text(g, p, "name", "ID");
    dims[0] = d->nblk;
    def_var(g, "eb_names", NC_CHAR, 2, dims);
    dims[0] = d->e1, dims[1] = d->n1;
    int c1 = def_var(g, "connect1", ct, 2, dims);
    if (!k->type1 || strcmp(k->type1, "-") != 0)
        put_text(g, c1, "elem_type", k->type1 ? k->type1 : "QUAD4");
    if (!k->no_connect2) {
        dims[0] = d->e2, dims[1] = d->n2;
        int c2 = k->nsided ? def_var(g, "connect2", NC_INT, 1, &d->n2)
                           : def_var(g, "connect2", NC_INT, 2, dims);
        put_text(g, c2, "elem_type", k->nsided ? "NSIDED" : "TRI3");
        if (k->nsided)
            def_var(g, "ebepecnt2", NC_INT, 1, &d->e2);
    }
    def_var(g, "node_num_map", k->map_float ? NC_FLOAT : NC_INT, 1, &d->nodes);
    def_var(g, "elem_num_map", NC_INT, 1, &d->elem);
}

static void def_sets(int g, const ids *d, const knobs *k)
{
    int p = def_var(g, "ns_prop1", NC_INT, 1, &d->nns);
    put_text(g, p, "name", "ID");
    def_var(g, "ns_status", NC_INT, 1, &d->nns);
    def_var(g, "node_ns1", k->set_bad == 3 ? NC_DOUBLE : NC_INT, 1, &d->nsn);
    p = def_var(g, "ss_prop1", NC_INT, 1, &d->nss);
    put_text(g, p, "name", "ID");
    def_var(g, "ss_status", NC_INT, 1, &d->nss);
    def_var(g, "elem_ss1", NC_INT, 1, &d->nse);
    def_var(g, "side_ss1", NC_INT, 1, &d->nse);
}

static void def_results(int g, const ids *d, const knobs *k)
{
    int dims[3], one = d->one, ne, nn;
    if (k->scalar_time)
        def_var(g, "time_whole", NC_DOUBLE, 0, NULL);
    else if (!k->no_time_whole)
        def_var(g, "time_whole", NC_DOUBLE, 1, &d->time);
    dims[0] = d->time, dims[1] = one;
    def_var(g, "vals_glo_var", NC_DOUBLE, 2, dims);
    dims[1] = d->nodes;
    def_var(g, "vals_nod_var1", NC_DOUBLE, 2, dims);
    NC(nc_inq_dimid(g, "num_elem_var", &ne));
    NC(nc_inq_dimid(g, "num_nod_var", &nn));
    int names[3][2] = {{one, d->len_name}, {nn, d->len_name}, {ne, d->len_name}};
    def_var(g, "name_glo_var", NC_CHAR, 2, names[0]);
    def_var(g, "name_nod_var", NC_CHAR, 2, names[1]);
    def_var(g, "name_elem_var", NC_CHAR, 2, names[2]);
    dims[0] = d->nblk, dims[1] = ne;
    def_var(g, "elem_var_tab", NC_INT, 2, dims);
    dims[0] = d->time, dims[1] = d->e1;
    def_var(g, "vals_elem_var1eb1", NC_DOUBLE, 2, dims);
    dims[1] = d->e2;
    if (!k->truth_absent)
        def_var(g, "vals_elem_var1eb2", NC_DOUBLE, 2, dims);
}

static int vid(int g, const char *name)
{
    int v;
    NC(nc_inq_varid(g, name, &v));
    return v;
}

static void put_names(int g, const char *var, int n, const char *const *names,
                      int full)
{
    for (int i = 0; i < n; i++) {
        char row[LEN_NAME];
        memset(row, full ? 'N' : 0, sizeof row);
        memcpy(row, names[i], strlen(names[i]) < LEN_NAME ? strlen(names[i]) : LEN_NAME);
        size_t st[2] = {(size_t)i, 0}, ct[2] = {1, LEN_NAME};
        NC(nc_put_vara_text(g, vid(g, var), st, ct, row));
    }
}

static void put_mesh(int g, const knobs *k)
{
    double x[NN] = {0, 1, 2, 0, 1, 2}, y[NN] = {0, 0, 0, 1, 1, 1};
    int c1[NE1 * 4] = {1, 2, 5, 4, 2, 3, 6, 5};
    int c2[5] = {3, 6, 5, 2, 1}, cnt2[1] = {4}; /* NSIDED: 4 of the 5 */
    int status[2] = {1, 1}, prop[4] = {10, 20, 30, 40};
    double dprop[2] = {10.5, 20};
    int map[NN] = {101, 102, 103, 104, 105, 106}, emap[3] = {1, 2, 3};
    static const char *const coor[2] = {"x", "y"}, *const blk[2] = {"left", "right"};
    if (k->coord_char)
        NC(nc_put_var_text(g, vid(g, "coordx"), "abcdef"));
    else
        NC(nc_put_var_double(g, vid(g, "coordx"), x));
    NC(nc_put_var_double(g, vid(g, "coordy"), y));
    put_names(g, "coor_names", 2, coor, 0);
    put_names(g, "eb_names", 2, blk, k->names_full);
    NC(nc_put_var_int(g, vid(g, "eb_status"), status));
    if (k->dup_ids)
        prop[1] = 10;
    if (k->ids_double)
        NC(nc_put_var_double(g, vid(g, "eb_prop1"), dprop));
    else
        NC(nc_put_var_int(g, vid(g, "eb_prop1"), prop));
    if (k->conn_bad == 1)
        c1[2] = 0;
    else if (k->conn_bad == 2)
        c1[5] = -3;
    else if (k->conn_bad == 3)
        c1[7] = NN + 1;
    if (k->conn_bad == 4) {
        double d[NE1 * 4];
        for (int i = 0; i < NE1 * 4; i++)
            d[i] = c1[i] + 0.7;
        NC(nc_put_var_double(g, vid(g, "connect1"), d));
    } else if (k->conn_xtype == NC_CHAR) {
        NC(nc_put_var_text(g, vid(g, "connect1"), "12542365"));
    } else {
        NC(nc_put_var_int(g, vid(g, "connect1"), c1));
    }
    if (!k->no_connect2)
        NC(nc_put_var_int(g, vid(g, "connect2"), c2));
    if (k->nsided)
        NC(nc_put_var_int(g, vid(g, "ebepecnt2"), cnt2));
    NC(nc_put_var_int(g, vid(g, "node_num_map"), map));
    NC(nc_put_var_int(g, vid(g, "elem_num_map"), emap));
}

static void put_sets(int g, const knobs *k)
{
    int id = 1, st = 1, mem[2] = {1, 4}, el = 3, side = 2;
    double dmem[2] = {1, 4};
    if (k->set_bad == 1)
        mem[0] = 0;
    if (k->set_bad == 2)
        mem[1] = NN + 1;
    if (k->side_bad == 1)
        side = 0;
    if (k->side_bad == 2)
        el = NE1 + NE2 + 1;
    NC(nc_put_var_int(g, vid(g, "ns_prop1"), &id));
    NC(nc_put_var_int(g, vid(g, "ns_status"), &st));
    if (k->set_bad == 3)
        NC(nc_put_var_double(g, vid(g, "node_ns1"), dmem));
    else
        NC(nc_put_var_int(g, vid(g, "node_ns1"), mem));
    id = 2;
    NC(nc_put_var_int(g, vid(g, "ss_prop1"), &id));
    NC(nc_put_var_int(g, vid(g, "ss_status"), &st));
    NC(nc_put_var_int(g, vid(g, "elem_ss1"), &el));
    NC(nc_put_var_int(g, vid(g, "side_ss1"), &side));
}

static void put_results(int g, const knobs *k)
{
    static const char *const gn[1] = {"energy"}, *const nn[1] = {"temp"},
                             *const en[1] = {"stress"};
    int tab[2] = {1, 1};
    double vals[NN];
    put_names(g, "name_glo_var", 1, gn, 0);
    put_names(g, "name_nod_var", 1, nn, 0);
    put_names(g, "name_elem_var", 1, en, 0);
    NC(nc_put_var_int(g, vid(g, "elem_var_tab"), tab));
    for (size_t s = 0; s < NSTEPS; s++) {
        double t = 0.5 * (double)(s + 1);
        size_t st[2] = {s, 0}, ct[2] = {1, NN};
        for (int i = 0; i < NN; i++)
            vals[i] = (double)(10 * s + i);
        if (!k->no_time_whole && !k->scalar_time)
            NC(nc_put_var1_double(g, vid(g, "time_whole"), st, &t));
        NC(nc_put_vara_double(g, vid(g, "vals_glo_var"), st, (size_t[]){1, 1}, vals));
        NC(nc_put_vara_double(g, vid(g, "vals_nod_var1"), st, ct, vals));
        ct[1] = NE1;
        NC(nc_put_vara_double(g, vid(g, "vals_elem_var1eb1"), st, ct, vals));
        ct[1] = NE2;
        if (!k->truth_absent)
            NC(nc_put_vara_double(g, vid(g, "vals_elem_var1eb2"), st, ct, vals));
    }
    if (k->scalar_time) {
        double t = 1;
        NC(nc_put_var_double(g, vid(g, "time_whole"), &t));
    }
}

static void write_model(const char *name, const knobs *k)
{
    int nc, g, old;
    ids d;
    NC(nc_create(path_of(name), k->cmode | NC_CLOBBER, &nc));
    NC(nc_set_fill(nc, NC_NOFILL, &old));
    g = nc;
    if (k->in_group) {
        put_text(nc, NC_GLOBAL, "title", "a model stored in a group");
        NC(nc_def_grp(nc, "mesh", &g));
    }
    def_globals(g, &d, k);
    def_mesh(g, &d, k);
    def_sets(g, &d, k);
    def_results(g, &d, k);
    NC(nc_enddef(nc));
    put_mesh(g, k);
    put_sets(g, k);
    put_results(g, k);
    NC(nc_close(nc));
    nfiles++;
}

/* ------------------------------------------------------------------ */
/* Byte-level edits of a file this program wrote. */

static int64_t file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        die("stat %s: %s", path, strerror(errno));
    return (int64_t)st.st_size;
}

static unsigned char *slurp(const char *path, int64_t *n)
{
    *n = file_size(path);
    unsigned char *b = malloc((size_t)*n + 1);
    FILE *fp = fopen(path, "rb");
    if (!b || !fp || fread(b, 1, (size_t)*n, fp) != (size_t)*n)
        die("reading %s", path);
    fclose(fp);
    return b;
}

static void spill(const char *path, const unsigned char *b, int64_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(b, 1, (size_t)n, fp) != (size_t)n || fclose(fp) != 0)
        die("writing %s", path);
}

/* A base written under `name`, then cut to `keep` bytes. */
static void truncated(const char *base_name, const knobs *k, const char *name,
                      int64_t keep)
{
    write_model(name, k);
    const char *p = path_of(name);
    if (keep >= file_size(p) || truncate(p, (off_t)keep) != 0)
        die("cannot cut %s to %lld bytes", p, (long long)keep);
    (void)base_name;
}

/* Truncations of one container at a spread of offsets: inside the magic,
 * inside the header, through the data, and each of the last bytes. */
static void truncation_sweep(const char *tag, int cmode)
{
    knobs k = {.cmode = cmode};
    char name[128];
    write_model("base.tmp", &k);
    int64_t size = file_size(path_of("base.tmp"));
    unlink(path_of("base.tmp"));
    nfiles--;
    int64_t cuts[] = {2, 40, size / 8, size / 4, size / 2, 3 * size / 4,
                      size - 9, size - 4, size - 2, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        snprintf(name, sizeof name, "trunc-%s-%02zu.exo", tag, i);
        truncated(tag, &k, name, cuts[i]);
    }
}

/* A cursor over a classic header this program wrote: field offsets for
 * bit flips. */
typedef struct cur {
    const unsigned char *b;
    int64_t n, pos;
    int v5;
} cur;

static uint64_t get(cur *c, int w)
{
    uint64_t v = 0;
    if (c->pos + w > c->n)
        die("header walk past the end");
    for (int i = 0; i < w; i++)
        v = v << 8 | c->b[c->pos++];
    return v;
}

static uint64_t count(cur *c) { return get(c, c->v5 ? 8 : 4); }
static void skip_name(cur *c) { c->pos += ((int64_t)count(c) + 3) & ~3; }

static void skip_atts(cur *c)
{
    static const int w[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};
    get(c, 4);
    uint64_t n = count(c);
    for (uint64_t i = 0; i < n; i++) {
        skip_name(c);
        uint64_t t = get(c, 4), len = count(c);
        c->pos += ((int64_t)(len * (uint64_t)w[t]) + 3) & ~3;
    }
}

typedef struct fields {
    int64_t numrecs, dim_tag, first_dim_name_len, nodes_len, var_count;
    int64_t conn_ndims, conn_dimid, conn_type_att_len, conn_type, conn_begin;
} fields;

/* Walk to the fields the flips aim at: num_nodes' length, connect1's
 * dimension count, first dimension id, elem_type length, type, begin. */
static void find_fields(const unsigned char *b, int64_t n, int v5, int begin8,
                        fields *f)
{
    cur c = {b, n, 4, v5};
    f->numrecs = c.pos;
    count(&c);
    f->dim_tag = c.pos;
    get(&c, 4);
    uint64_t nd = count(&c);
    f->first_dim_name_len = c.pos;
    for (uint64_t i = 0; i < nd; i++) {
        int64_t at = c.pos;
        uint64_t len = count(&c);
        int is_nodes = len == 9 && memcmp(b + c.pos, "num_nodes", 9) == 0;
        c.pos = at;
        skip_name(&c);
        if (is_nodes)
            f->nodes_len = c.pos;
        count(&c);
    }
    skip_atts(&c);
    get(&c, 4);
    f->var_count = c.pos;
    uint64_t nv = count(&c);
    for (uint64_t i = 0; i < nv; i++) {
        int64_t at = c.pos;
        uint64_t len = count(&c);
        int is_conn = len == 8 && memcmp(b + c.pos, "connect1", 8) == 0;
        c.pos = at;
        skip_name(&c);
        int64_t ndpos = c.pos;
        uint64_t vd = count(&c);
        int64_t dimpos = c.pos;
        c.pos += (int64_t)vd * (v5 ? 8 : 4);
        int64_t attpos = c.pos;
        skip_atts(&c);
        int64_t tpos = c.pos;
        get(&c, 4);
        count(&c);
        int64_t bpos = c.pos;
        get(&c, begin8 ? 8 : 4);
        if (is_conn) {
            f->conn_ndims = ndpos;
            f->conn_dimid = dimpos;
            /* tag, count, name length (4+pad 12 "elem_type"), type, nelems */
            f->conn_type_att_len = attpos + (v5 ? 12 : 8) + (v5 ? 8 : 4) + 12 + 4;
            f->conn_type = tpos;
            f->conn_begin = bpos;
        }
    }
}

/* base bytes with one bit flipped (or one field set) at `at`. */
static void flipped(const char *name, const unsigned char *b, int64_t n, int64_t at,
                    int bit)
{
    unsigned char *m = malloc((size_t)n);
    if (!m || at < 0 || at >= n)
        die("flip %s at %lld", name, (long long)at);
    memcpy(m, b, (size_t)n);
    m[at] ^= (unsigned char)(1u << bit);
    spill(path_of(name), m, n);
    free(m);
    nfiles++;
}

/* A field of w bytes at `at` set to v (big-endian). */
static void set_field(const char *name, const unsigned char *b, int64_t n, int64_t at,
                      int w, uint64_t v)
{
    unsigned char *m = malloc((size_t)n);
    if (!m || at < 0 || at + w > n)
        die("set %s at %lld", name, (long long)at);
    memcpy(m, b, (size_t)n);
    for (int i = w - 1; i >= 0; i--, v >>= 8)
        m[at + i] = (unsigned char)(v & 0xff);
    spill(path_of(name), m, n);
    free(m);
    nfiles++;
}

static void header_flips(const char *tag, int cmode, int v5, int begin8)
{
    knobs k = {.cmode = cmode};
    char name[128];
    fields f = {0};
    int64_t n;
    write_model("base.tmp", &k);
    nfiles--;
    unsigned char *b = slurp(path_of("base.tmp"), &n);
    unlink(path_of("base.tmp"));
    find_fields(b, n, v5, begin8, &f);
    int cw = v5 ? 8 : 4, top = v5 ? 7 : 3; /* the count's top byte */
    if (!f.nodes_len || !f.conn_begin)
        die("%s: fields not found", tag);
#define FLIP(suffix, at, bit)                                                 \
    (snprintf(name, sizeof name, "flip-%s-%s.exo", tag, suffix),              \
     flipped(name, b, n, at, bit))
    FLIP("magic", 0, 1);
    FLIP("version", 3, 2);
    FLIP("numrecs", f.numrecs + (v5 ? 4 : 0), 6);
    FLIP("dimtag", f.dim_tag + 3, 4);
    FLIP("dimnamelen", f.first_dim_name_len + cw - top - 1, 6);
    FLIP("numnodes", f.nodes_len + cw - 4, 5);
    FLIP("varcount", f.var_count + cw - 4, 6);
    FLIP("connndims", f.conn_ndims + cw - 3, 3);
    FLIP("conndimid", f.conn_dimid + cw - 2, 2);
    FLIP("attlen", f.conn_type_att_len + cw - 3, 4);
    FLIP("conntype", f.conn_type + 3, 6);
    FLIP("connbegin", f.conn_begin + (begin8 ? 4 : 0), 6);
#undef FLIP
    snprintf(name, sizeof name, "field-%s-connbegin-in-header.exo", tag);
    set_field(name, b, n, f.conn_begin, begin8 ? 8 : 4, 8);
    if (v5) {
        snprintf(name, sizeof name, "field-%s-negative-varcount.exo", tag);
        set_field(name, b, n, f.var_count, 8, UINT64_MAX - 2);
    }
    free(b);
}

/* ------------------------------------------------------------------ */
/* Hand-written classic headers: huge dimensions in tiny files. */

typedef struct raw {
    unsigned char b[1024];
    int n, v5;
} raw;

static void raw_u(raw *r, int w, uint64_t v)
{
    for (int i = w - 1; i >= 0; i--)
        r->b[r->n + i] = (unsigned char)(v >> (8 * (w - 1 - i)));
    r->n += w;
}
static void raw_count(raw *r, uint64_t v) { raw_u(r, r->v5 ? 8 : 4, v); }
static void raw_name(raw *r, const char *s)
{
    size_t len = strlen(s);
    raw_count(r, len);
    memcpy(r->b + r->n, s, len);
    r->n += (int)((len + 3) & ~(size_t)3);
}

/* CDF-v with dims num_dim = 1, num_nodes = nodes; one variable
 * coordx(num_nodes) double whose data begins right after the header. */
static void raw_huge_dim(const char *name, int version, uint64_t nodes,
                         uint64_t nvars_field)
{
    raw r;
    memset(&r, 0, sizeof r);
    r.v5 = version == 5;
    memcpy(r.b, "CDF", 3);
    r.b[3] = (unsigned char)version;
    r.n = 4;
    raw_count(&r, 0);                /* numrecs */
    raw_u(&r, 4, 0x0A);              /* dimensions */
    raw_count(&r, 2);
    raw_name(&r, "num_dim");
    raw_count(&r, 1);
    raw_name(&r, "num_nodes");
    raw_count(&r, nodes);
    raw_u(&r, 4, 0);                 /* no global attributes */
    raw_count(&r, 0);
    raw_u(&r, 4, 0x0B);              /* variables */
    raw_count(&r, nvars_field);
    raw_name(&r, "coordx");
    raw_count(&r, 1);
    raw_count(&r, 1);                /* dimension id of num_nodes */
    raw_u(&r, 4, 0);                 /* no attributes */
    raw_count(&r, 0);
    raw_u(&r, 4, 6);                 /* NC_DOUBLE */
    raw_count(&r, nodes > UINT32_MAX / 8 && !r.v5 ? UINT32_MAX : nodes * 8);
    int begin_w = version == 1 ? 4 : 8;
    raw_u(&r, begin_w, (uint64_t)r.n + (uint64_t)begin_w);
    memset(r.b + r.n, 0, 64);        /* a little data */
    spill(path_of(name), r.b, r.n + 64);
    nfiles++;
}

/* ------------------------------------------------------------------ */
/* netCDF-4 specials. */

/* Deflated coordinates with the first zlib stream's bytes scrambled. */
static void corrupt_deflate(const char *name)
{
    knobs k = {.cmode = NC_NETCDF4, .deflate = 1};
    int64_t n;
    write_model(name, &k);
    unsigned char *b = slurp(path_of(name), &n);
    int64_t at = -1;
    for (int64_t i = 0; i + 16 < n && at < 0; i++)
        if (b[i] == 0x78 && b[i + 1] == 0x01)
            at = i;
    if (at < 0)
        die("%s: no zlib stream found", name);
    for (int i = 2; i < 12; i++)
        b[at + i] ^= 0x5a;
    spill(path_of(name), b, n);
    free(b);
    int nc, v;
    double x[NN];
    NC(nc_open(path_of(name), NC_NOWRITE, &nc));
    NC(nc_inq_varid(nc, "coordx", &v));
    int rc = nc_get_var_double(nc, v, x);
    nc_close(nc);
    if (rc == NC_NOERR)
        die("%s: the scrambled chunk still decodes", name);
}

/* A tiny header declaring nblk empty blocks and nvar element variables,
 * none stored: the open must not cost blocks x variables. */
static void many_vars(const char *name, int cmode, int nblk, int nvar, size_t len_name)
{
    int nc, d[4], v, old;
    NC(nc_create(path_of(name), cmode | NC_CLOBBER, &nc));
    NC(nc_set_fill(nc, NC_NOFILL, &old));
    d[0] = def_dim(nc, "len_name", len_name);
    def_dim(nc, "num_dim", 2);
    def_dim(nc, "num_nodes", 0 + 1);
    d[1] = def_dim(nc, "num_el_blk", (size_t)nblk);
    d[2] = def_dim(nc, "num_elem_var", (size_t)nvar);
    def_dim(nc, "time_step", NC_UNLIMITED);
    def_dim(nc, "num_elem", 1);
    int nodes;
    NC(nc_inq_dimid(nc, "num_nodes", &nodes));
    def_var(nc, "coordx", NC_DOUBLE, 1, &nodes);
    def_var(nc, "coordy", NC_DOUBLE, 1, &nodes);
    v = def_var(nc, "eb_prop1", NC_INT, 1, &d[1]);
    put_text(nc, v, "name", "ID");
    int st = def_var(nc, "eb_status", NC_INT, 1, &d[1]);
    int nd[2] = {d[2], d[0]};
    def_var(nc, "name_elem_var", NC_CHAR, 2, nd);
    NC(nc_enddef(nc));
    int *ids = calloc((size_t)nblk, 2 * sizeof *ids);
    for (int i = 0; i < nblk; i++)
        ids[i] = i + 1;
    NC(nc_put_var_int(nc, v, ids));
    NC(nc_put_var_int(nc, st, ids + nblk)); /* all null blocks */
    free(ids);
    NC(nc_close(nc));
    nfiles++;
}

/* n node sets declared by a dimension in a netCDF-4 file, padded to
 * about 11 KB by a title (the size of issue 8's file); with_ids: their
 * ns_prop1 is defined but never written (HDF5 stores nothing). */
static void many_sets(const char *name, size_t n, int with_ids, int pad)
{
    int nc, old, d;
    char title[10240];
    memset(title, 't', sizeof title);
    NC(nc_create(path_of(name), NC_NETCDF4 | NC_CLOBBER, &nc));
    NC(nc_set_fill(nc, NC_NOFILL, &old));
    NC(nc_put_att_text(nc, NC_GLOBAL, "title", pad ? sizeof title : 1, title));
    def_dim(nc, "num_dim", 2);
    d = def_dim(nc, "num_node_sets", n);
    if (with_ids)
        def_var(nc, "ns_prop1", NC_INT, 1, &d);
    NC(nc_close(nc));
    nfiles++;
}

/* num_el_in_blk1 x num_nod_per_el1 overflows int64 (declared only). */
static void overflowing_counts(const char *name, size_t entries, size_t per)
{
    int nc, d[3], old;
    NC(nc_create(path_of(name), NC_NETCDF4 | NC_CLOBBER, &nc));
    NC(nc_set_fill(nc, NC_NOFILL, &old));
    def_dim(nc, "num_dim", 2);
    def_dim(nc, "num_nodes", 4);
    d[0] = def_dim(nc, "num_el_blk", 1);
    d[1] = def_dim(nc, "num_el_in_blk1", entries);
    d[2] = def_dim(nc, "num_nod_per_el1", per);
    def_dim(nc, "num_elem", entries);
    int nodes;
    NC(nc_inq_dimid(nc, "num_nodes", &nodes));
    def_var(nc, "coordx", NC_DOUBLE, 1, &nodes);
    def_var(nc, "coordy", NC_DOUBLE, 1, &nodes);
    int v = def_var(nc, "eb_prop1", NC_INT, 1, &d[0]);
    int c = def_var(nc, "connect1", NC_INT, 2, &d[1]);
    size_t ch[2] = {1, 1};
    NC(nc_def_var_chunking(nc, c, NC_CHUNKED, ch));
    put_text(nc, c, "elem_type", "HEX8");
    NC(nc_enddef(nc));
    int id = 1;
    NC(nc_put_var_int(nc, v, &id));
    NC(nc_close(nc));
    nfiles++;
}

/* ------------------------------------------------------------------ */

static void model_cases(void)
{
    const int cdf2 = NC_64BIT_OFFSET, nc4 = NC_NETCDF4;
    write_model("ok-cdf2.exo", &(knobs){.cmode = cdf2});
    write_model("ok-nc4.exo", &(knobs){.cmode = nc4});
    write_model("conn-node-zero.exo", &(knobs){.cmode = cdf2, .conn_bad = 1});
    write_model("conn-node-negative.exo", &(knobs){.cmode = cdf2, .conn_bad = 2});
    write_model("conn-node-past-end.exo", &(knobs){.cmode = nc4, .conn_bad = 3});
    write_model("conn-float.exo", &(knobs){.cmode = cdf2, .conn_xtype = NC_FLOAT});
    write_model("conn-double-fraction.exo",
                &(knobs){.cmode = nc4, .conn_xtype = NC_DOUBLE, .conn_bad = 4});
    write_model("conn-char.exo", &(knobs){.cmode = cdf2, .conn_xtype = NC_CHAR});
    write_model("conn-missing.exo", &(knobs){.cmode = cdf2, .no_connect2 = 1});
    write_model("nsided-counts-disagree.exo", &(knobs){.cmode = nc4, .nsided = 1});
    write_model("elem-type-missing.exo", &(knobs){.cmode = cdf2, .type1 = "-"});
    write_model("elem-type-garbage.exo", &(knobs){.cmode = cdf2, .type1 = "\x01\x7f#@~"});
    write_model("elem-type-blanks.exo", &(knobs){.cmode = cdf2, .type1 = "HEX  "});
    write_model("eb-prop1-longer.exo", &(knobs){.cmode = cdf2, .prop_extra = 1});
    write_model("ids-duplicate.exo", &(knobs){.cmode = cdf2, .dup_ids = 1});
    write_model("ids-double.exo", &(knobs){.cmode = nc4, .ids_double = 1});
    write_model("truth-absent-var.exo", &(knobs){.cmode = cdf2, .truth_absent = 1});
    write_model("set-member-zero.exo", &(knobs){.cmode = cdf2, .set_bad = 1});
    write_model("set-member-past-end.exo", &(knobs){.cmode = nc4, .set_bad = 2});
    write_model("set-members-double.exo", &(knobs){.cmode = cdf2, .set_bad = 3});
    write_model("side-zero.exo", &(knobs){.cmode = cdf2, .side_bad = 1});
    write_model("side-elem-past-end.exo", &(knobs){.cmode = cdf2, .side_bad = 2});
    write_model("vals-without-time-whole.exo", &(knobs){.cmode = cdf2, .no_time_whole = 1});
    write_model("time-whole-scalar.exo", &(knobs){.cmode = nc4, .scalar_time = 1});
    write_model("names-without-nul.exo", &(knobs){.cmode = cdf2, .names_full = 1});
    write_model("coord-char.exo", &(knobs){.cmode = cdf2, .coord_char = 1});
    write_model("map-float.exo", &(knobs){.cmode = nc4, .map_float = 1});
    write_model("nc4-group.exo", &(knobs){.cmode = nc4, .in_group = 1});
    write_model("nc4-deflate-ok.exo", &(knobs){.cmode = nc4, .deflate = 1});
    corrupt_deflate("nc4-deflate-corrupt.exo");
}

static void hostile_cases(void)
{
    raw_huge_dim("dim-2e31-cdf1.exo", 1, (uint64_t)1 << 31, 1);
    raw_huge_dim("dim-2e31m1-cdf2.exo", 2, ((uint64_t)1 << 31) - 1, 1);
    raw_huge_dim("dim-2e32m1-cdf1.exo", 1, UINT32_MAX, 1);
    raw_huge_dim("dim-2e63m1-cdf5.exo", 5, (uint64_t)INT64_MAX, 1);
    raw_huge_dim("dim-2e62-cdf5.exo", 5, (uint64_t)1 << 62, 1);
    raw_huge_dim("dim-negative-cdf5.exo", 5, (uint64_t)1 << 63, 1);
    raw_huge_dim("varcount-negative-cdf1.exo", 1, 4, UINT32_MAX);
    raw_huge_dim("varcount-2e31-cdf2.exo", 2, 4, (uint64_t)1 << 31);
    raw_huge_dim("raw-ok-cdf1.exo", 1, 4, 1);
    overflowing_counts("counts-overflow-nc4.exo", (size_t)1 << 40, (size_t)1 << 40);
    overflowing_counts("counts-2e31-nc4.exo", (size_t)1 << 31, 8);
    many_vars("many-vars-nc4.exo", NC_NETCDF4, 200, 20000, LEN_NAME);
    /* A FIFO named like a model: open must not block on it. */
    unlink(path_of("fifo.exo"));
    if (mkfifo(path_of("fifo.exo"), 0600) != 0)
        die("mkfifo: %s", strerror(errno));
    nfiles++;
    many_sets("sets-without-ids-nc4.exo", 5, 0, 0);
    many_sets("sets-ids-unwritten-nc4.exo", 3000000, 1, 0);
}

/* The open-cost figures of docs/reliability.md: the hostile headers of
 * issue 8 at full size (not part of the suite: the old code takes minutes). */
static void hostile_full_size(void)
{
    many_vars("hostile-nc4-200blk-999999var.exo", NC_NETCDF4, 200, 999999, 8);
    many_vars("hostile-cdf2-200blk-20000var.exo", NC_64BIT_OFFSET, 200, 20000,
              LEN_NAME);
    many_sets("hostile-nc4-12M-node-sets.exo", 12000000, 0, 1);
    many_sets("hostile-nc4-12M-node-sets-ids.exo", 12000000, 1, 1);
    many_sets("hostile-nc4-400k-node-sets-ids.exo", 400000, 1, 0);
}

int main(int argc, char **argv)
{
    int full = argc == 3 && strcmp(argv[1], "--hostile") == 0;
    if (argc != 2 && !full)
        die("usage: gen_malformed [--hostile] OUTDIR");
    outdir = argv[argc - 1];
    mkdir(outdir, 0777);
    if (full) {
        hostile_full_size();
        printf("gen_malformed: %d hostile files in %s\n", nfiles, outdir);
        return 0;
    }
    truncation_sweep("cdf1", NC_CLASSIC_MODEL);
    truncation_sweep("cdf2", NC_64BIT_OFFSET);
    truncation_sweep("cdf5", NC_64BIT_DATA);
    truncation_sweep("nc4", NC_NETCDF4);
    header_flips("cdf1", NC_CLASSIC_MODEL, 0, 0);
    header_flips("cdf2", NC_64BIT_OFFSET, 0, 1);
    header_flips("cdf5", NC_64BIT_DATA, 1, 1);
    model_cases();
    hostile_cases();
    printf("gen_malformed: %d files in %s\n", nfiles, outdir);
    return 0;
}
