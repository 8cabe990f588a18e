/*
 * test_slabs -- a slab read equals the matching slice of the whole read:
 * random (start, count) ranges with a fixed seed, count 0, the last
 * partial chunk and the whole range, for coordinates, connectivity,
 * variables and maps; and walking chunked netCDF-4 arrays with
 * exs_chunk_len + exs_iter_* gives the whole array back.
 */
#include <netcdf.h>

#include "exs_nc.h"
#include "exs_test.h"

/* One array under test: n entries of w values, float or integer. */
typedef struct target {
    const char *label;
    exs_kind kind;
    int64_t id;
    int which; /* axis, connectivity or variable */
    int64_t step;
    int64_t n, w;
    int is_float;
    int (*read)(exs_file *f, const struct target *t, int64_t s, int64_t c, void *b);
} target;

static int rd_coord(exs_file *f, const target *t, int64_t s, int64_t c, void *b)
{
    return exs_get_coord(f, t->which, s, c, EXS_F64, b);
}
static int rd_conn(exs_file *f, const target *t, int64_t s, int64_t c, void *b)
{
    return exs_get_conn(f, t->kind, t->id, (exs_conn)t->which, s, c, EXS_I64, b);
}
static int rd_var(exs_file *f, const target *t, int64_t s, int64_t c, void *b)
{
    return exs_get_var(f, t->kind, t->id, t->which, t->step, s, c, EXS_F64, b);
}
static int rd_idmap(exs_file *f, const target *t, int64_t s, int64_t c, void *b)
{
    return exs_get_id_map(f, t->kind, s, c, EXS_I64, b);
}
static int rd_map(exs_file *f, const target *t, int64_t s, int64_t c, void *b)
{
    return exs_get_map(f, t->kind, t->id, s, c, EXS_I64, b);
}
static int rd_order(exs_file *f, const target *t, int64_t s, int64_t c, void *b)
{
    (void)t;
    return exs_get_order_map(f, s, c, EXS_I64, b);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static int64_t rnd(int64_t n) /* 0..n inclusive */
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return n <= 0 ? 0 : (int64_t)((rng_state >> 33) % (uint64_t)(n + 1));
}

static int slab_equals(exs_file *f, const target *t, const char *full, int64_t s,
                       int64_t c, char *buf)
{
    size_t vb = 8; /* both F64 and I64 */
    memset(buf, 0xA5, (size_t)(c * t->w) * vb + 8);
    int rc = t->read(f, t, s, c, buf);
    if (rc != 0) {
        EXS_FAIL_("%s slab [%lld, +%lld): %s", t->label, (long long)s, (long long)c,
                  exs_errmsg(f));
        return 0;
    }
    int same = memcmp(buf, full + (size_t)(s * t->w) * vb, (size_t)(c * t->w) * vb) == 0;
    /* nothing written past the slab */
    unsigned char *tail = (unsigned char *)buf + (size_t)(c * t->w) * vb;
    int clean = tail[0] == 0xA5 && tail[7] == 0xA5;
    exs_test_checks++;
    if (!same || !clean)
        EXS_FAIL_("%s slab [%lld, +%lld) differs from the whole read%s", t->label,
                  (long long)s, (long long)c, clean ? "" : " (wrote past the slab)");
    return same && clean;
}

static void check_target(exs_file *f, const target *t)
{
    size_t bytes = (size_t)(t->n * t->w + 2) * 8;
    char *full = malloc(bytes), *buf = malloc(bytes);
    EXS_OK(f, t->read(f, t, 0, t->n, full));
    int64_t n = t->n, good = 0, tried = 0;
    int64_t fixed[][2] = {{0, n}, {0, 0}, {n, 0}, {n / 2, 0}, {n - n % 7, n % 7},
                          {n > 0 ? n - 1 : 0, n > 0}, {0, n > 0}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++, tried++)
        good += slab_equals(f, t, full, fixed[i][0], fixed[i][1], buf);
    for (int i = 0; i < 40; i++, tried++) {
        int64_t s = rnd(n), c = rnd(n - s);
        good += slab_equals(f, t, full, s, c, buf);
    }
    EXS_ASSERT_RC(t->read(f, t, n, 1, buf), EXS_ERANGE);
    EXS_ASSERT_RC(t->read(f, t, -1, 1, buf), EXS_ERANGE);
    printf("%s %s: %lld/%lld slabs of %lld entries\n", good == tried ? "PASS" : "FAIL",
           t->label, (long long)good, (long long)tried, (long long)n);
    free(full);
    free(buf);
}

static void corpus_targets(const char *file, int64_t var_step)
{
    char path[4096];
    exs_file *f = NULL;
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), file);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    int64_t nn = 0, ne = 0, nt = 0, bid = 0, nb = 0, nmap = 0;
    int nv = 0, nev = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(f, EXS_INQ_NUM_ELEM, &ne);
    exs_inquire(f, EXS_INQ_NUM_TIMES, &nt);
    exs_num_entities(f, EXS_ELEM_BLOCK, &nb);
    exs_num_vars(f, EXS_NODAL, &nv);
    exs_num_vars(f, EXS_ELEM_BLOCK, &nev);
    exs_entity_info e = {0};
    int64_t *bids = malloc((size_t)(nb + 1) * sizeof *bids);
    if (nb > 0) {
        exs_get_ids(f, EXS_ELEM_BLOCK, bids);
        bid = bids[0];
        exs_get_entity(f, EXS_ELEM_BLOCK, bid, &e);
    }
    free(bids);
    target ts[] = {
        {"coordx", EXS_NODAL, 0, 0, 0, nn, 1, 1, rd_coord},
        {"conn", EXS_ELEM_BLOCK, bid, EXS_CONN_NODES, 0, e.num_entries,
         e.nodes_per_entry, 0, rd_conn},
        {"nodal var", EXS_NODAL, 0, nv - 1, var_step, nn, 1, 1, rd_var},
        {"elem var", EXS_ELEM_BLOCK, bid, 0, var_step, e.num_entries, 1, 1, rd_var},
        {"node id map", EXS_NODE_MAP, 0, 0, 0, nn, 1, 0, rd_idmap},
        {"elem id map", EXS_ELEM_MAP, 0, 0, 0, ne, 1, 0, rd_idmap},
        {"order map", EXS_ELEM_MAP, 0, 0, 0, ne, 1, 0, rd_order},
        {"named elem map", EXS_ELEM_MAP, 1, 0, 0, ne, 1, 0, rd_map},
    };
    exs_num_entities(f, EXS_ELEM_MAP, &nmap);
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        if ((ts[i].read == rd_conn && nb == 0) ||
            (ts[i].read == rd_var && (nt <= var_step ||
                                      (ts[i].kind == EXS_NODAL ? nv : nev) == 0 ||
                                      (ts[i].kind != EXS_NODAL && nb == 0))) ||
            (ts[i].read == rd_map && nmap == 0))
            continue;
        if (ts[i].read == rd_map) {
            int64_t *mids = malloc((size_t)nmap * sizeof *mids);
            exs_get_ids(f, EXS_ELEM_MAP, mids);
            ts[i].id = mids[0];
            free(mids);
        }
        if (ts[i].read == rd_var && ts[i].kind != EXS_NODAL) {
            int truth[4096];
            if (nb * nev > 4096)
                continue;
            exs_get_truth(f, EXS_ELEM_BLOCK, truth);
            if (!truth[0])
                continue;
        }
        printf("  %s: ", file);
        check_target(f, &ts[i]);
    }
    exs_close(f);
}

/* Walk [0, n) (or [from, n)) of coordx in chunk-aligned slabs. */
static void walk_chunks(exs_file *f, const char *label, int64_t from, int64_t want_len)
{
    int64_t n = 0, len = 0, s, c, slabs = 0, misaligned = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &n);
    EXS_OK(f, exs_chunk_len(f, EXS_NODAL, 0, 0, &len));
    if (want_len > 0)
        EXS_ASSERT_EQ(len, want_len);
    EXS_ASSERT(len > 0);
    double *full = malloc((size_t)(n + 1) * sizeof *full);
    double *walk = malloc((size_t)(n + 1) * sizeof *walk);
    EXS_OK(f, exs_get_coord(f, 1, 0, n, EXS_F64, full));
    exs_slab_iter it;
    EXS_OK(f, exs_iter_init(&it, from, n - from, len));
    while (exs_iter_next(&it, &s, &c)) {
        EXS_OK(f, exs_get_coord(f, 1, s, c, EXS_F64, walk + s));
        if (slabs > 0 && (s % len != 0 || (c != len && s + c != n)))
            misaligned++;
        slabs++;
    }
    EXS_ASSERT_EQ(misaligned, 0);
    EXS_ASSERT_EQ(slabs, (n + len - 1) / len - from / len);
    EXS_ASSERT_EQ(memcmp(full + from, walk + from, (size_t)(n - from) * sizeof *full), 0);
    printf("%s: walked %lld nodes from %lld in %lld slabs of %lld\n", label,
           (long long)(n - from), (long long)from, (long long)slabs, (long long)len);
    free(full);
    free(walk);
}

static void chunked_files(void)
{
    char path[4096];
    exs_file *f = NULL;
    exs_mini m = {.cmode = NC_NETCDF4, .num_nodes = 1000, .chunk = 64};
    exs_test_tmp_path(path, sizeof path, "slabs_chunked.nc4");
    EXS_ASSERT_EQ(exs_nc_write_mini(path, &m), NC_NOERR);
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (f) {
        walk_chunks(f, "made netCDF-4 (chunk 64)", 0, 64);
        walk_chunks(f, "made netCDF-4 (chunk 64)", 10, 64);
        exs_slab_iter it;
        EXS_ASSERT_RC(exs_iter_init(&it, 0, 10, 0), EXS_EINVAL);
        exs_close(f);
    }
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(),
             "derived__block_crush_1.nc4z.ex2");
    f = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (f) {
        walk_chunks(f, "derived__block_crush_1.nc4z.ex2", 0, 0);
        walk_chunks(f, "derived__block_crush_1.nc4z.ex2", 3, 0);
        exs_close(f);
    }
    exs_test_tmp_path(path, sizeof path, "slabs_chunked.nc4");
    remove(path);
}

int main(void)
{
    corpus_targets("seacas__ioss_exodus_Q2_bc_parents.gold", 0);
    corpus_targets("zapdos__RF_Plasma_WithOut_Metastables-1Torr_out.e", 200);
    corpus_targets("seacas-dmp__exodus_for_test1.exo", 3);
    corpus_targets("seacas-hist__ioss_exodus_bc_parents.gold.nc4", 0);
    corpus_targets("derived__block_crush_1.nc4z.ex2", 10);
    corpus_targets("seacas-hist__ioss_8-block.g.noname", 5);
    corpus_targets("seacas__test-gap.g.et", 9);
    chunked_files();
    return EXS_TEST_END();
}
