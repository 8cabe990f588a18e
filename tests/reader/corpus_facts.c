/* corpus_facts.c -- facts the corpus README and MANIFEST state about a
 * handful of files, checked through exoslab. A file missing from the
 * directory (another corpus) is skipped with a note. */
#include <unistd.h>

#include "exs_test.h"

#define NT 8
typedef struct fact {
    const char *file;
    int64_t nodes, elems, blocks, nsets, ssets, steps;
    int64_t name_len, int_size, has_mesh;
    int ntopo; /* blocks whose topology is listed (file order) */
    exs_topo topo[NT];
    int64_t npe[NT];
} fact;

#define Q EXS_TOPO_QUAD
#define H EXS_TOPO_HEX
#define T EXS_TOPO_TET
#define W EXS_TOPO_WEDGE
static const fact facts[] = {
    {"seacas__test-gap.g.et", 26, 5, 5, 9, 5, 10, 255, 4, 1, 5,
     {Q, Q, H, T, W}, {4, 4, 8, 4, 6}},
    {"seacas-dmp__testwt-long-name.exo", 33, 7, 7, 2, 5, 10, 255, 4, 1, 7,
     {Q, Q, H, T, W, T, EXS_TOPO_TRI}, {4, 4, 8, 4, 6, 8, 3}},
    {"petsc__hybrid_hexwedge.exo", 224, 102, 2, 0, 0, 1, 32, 8, 1, 2, {W, H}, {6, 8}},
    {"seacas__ejoin_2block-gold.g", 225, 192, 6, 10, 4, 1, 32, 4, 1, 0, {0}, {0}},
    {"libmesh__read_exodus_HEX20.e", 81, 8, 8, 6, 6, 0, 80, 4, 1, 1, {H}, {20}},
    {"seacas__ioss_ADeDA.e", 12, 3, 2, 0, 2, 0, 32, 4, 1, 2,
     {H, EXS_TOPO_SHELL}, {8, 4}},
    {"seacas-dmp__testwt-results.exo", 33, 7, 7, 0, 0, 10, 255, 4, 0, 0, {0}, {0}},
    {"nimble__uq_wave.g.nem", 0, 0, 0, 0, 0, 0, 32, 8, 0, 0, {0}, {0}},
    {"seacas-dmp__testdi64.exo", 26, 5, 5, 2, 5, 10, -1, 8, 1, 5,
     {Q, Q, H, T, W}, {4, 4, 8, 4, 6}},
    {"libmesh__Cube_With_Sidesets.e", 125, 27, 1, 0, 6, 1, -1, 4, 1, 1,
     {EXS_TOPO_BEX}, {54}},
    {"seacas__ioss_cbr2.ncf", 103, 1, 1, 1, 0, 0, 32, 4, 1, 1, {EXS_TOPO_SUPER}, {2}},
    {"seacas-dmp__exodus_for_test1.exo", 28, 8, 7, 2, 5, 10, -1, 4, 1, 7,
     {Q, Q, H, T, EXS_TOPO_SPHERE, EXS_TOPO_SPHERE, W}, {4, 4, 8, 4, 1, 1, 6}},
    {"zapdos__RF_Plasma_WithOut_Metastables-1Torr_out.e", 91, 90, 1, 2, 2, 201, 255,
     4, 1, 1, {EXS_TOPO_BAR}, {2}},
    {"seacas-hist__ioss_8-block.g.noname", 125, 64, 8, 0, 0, 11, 32, 4, 1, 1, {H}, {8}},
    {"mstk__poly2.exo", 8, 3, 1, 1, 1, 0, 32, 4, 1, 1, {EXS_TOPO_NSIDED}, {0}},
};

static int64_t inq(exs_file *f, exs_inq q)
{
    int64_t v = -1;
    EXS_OK(f, exs_inquire(f, q, &v));
    return v;
}

static void check_counts(exs_file *f, const fact *x)
{
    int64_t n = -1;
    EXS_ASSERT_EQ(inq(f, EXS_INQ_NUM_NODES), x->nodes);
    EXS_ASSERT_EQ(inq(f, EXS_INQ_NUM_ELEM), x->elems);
    EXS_ASSERT_EQ(inq(f, EXS_INQ_NUM_TIMES), x->steps);
    EXS_ASSERT_EQ(inq(f, EXS_INQ_HAS_MESH), x->has_mesh);
    if (x->name_len >= 0)
        EXS_ASSERT_EQ(inq(f, EXS_INQ_NAME_LEN), x->name_len);
    if (x->nodes > 0 || x->blocks > 0)
        EXS_ASSERT_EQ(inq(f, EXS_INQ_INT_SIZE), x->int_size);
    exs_num_entities(f, EXS_ELEM_BLOCK, &n);
    EXS_ASSERT_EQ(n, x->blocks);
    exs_num_entities(f, EXS_NODE_SET, &n);
    EXS_ASSERT_EQ(n, x->nsets);
    exs_num_entities(f, EXS_SIDE_SET, &n);
    EXS_ASSERT_EQ(n, x->ssets);
}

static void check_topos(exs_file *f, const fact *x)
{
    int64_t ids[64];
    int64_t n = 0;
    exs_num_entities(f, EXS_ELEM_BLOCK, &n);
    if (n > 64 || x->ntopo == 0)
        return;
    exs_get_ids(f, EXS_ELEM_BLOCK, ids);
    for (int i = 0; i < x->ntopo && i < n; i++) {
        exs_entity_info e;
        EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, ids[i], &e));
        EXS_ASSERT_EQ(e.topo, x->topo[i]);
        if (x->topo[i] != EXS_TOPO_NSIDED)
            EXS_ASSERT_EQ(e.nodes_per_entry, x->npe[i]);
    }
}

/* Largest value of an integer array read through exoslab. */
static int64_t max_of(const int64_t *v, int64_t n)
{
    int64_t m = INT64_MIN;
    for (int64_t i = 0; i < n; i++)
        m = v[i] > m ? v[i] : m;
    return m;
}

/* The README's oddities: set members and connectivity past num_nodes are
 * read as stored; long names; int64 ids into 32-bit buffers; the legacy
 * vals_nod_var; a non-identity element map. */
static void check_special(exs_file *f, const char *file)
{
    int64_t buf[4096];
    exs_entity_info e;
    if (strcmp(file, "seacas-dmp__exodus_for_test1.exo") == 0) {
        int64_t ids[8], m = 0;
        exs_get_ids(f, EXS_NODE_SET, ids);
        for (int i = 0; i < 2; i++) {
            EXS_OK(f, exs_get_entity(f, EXS_NODE_SET, ids[i], &e));
            EXS_OK(f, exs_get_set(f, EXS_NODE_SET, ids[i], 0, e.num_entries, EXS_I64,
                                  buf, NULL));
            int64_t mi = max_of(buf, e.num_entries);
            m = mi > m ? mi : m;
        }
        EXS_ASSERT(m > inq(f, EXS_INQ_NUM_NODES));
    } else if (strcmp(file, "libmesh__Cube_With_Sidesets.e") == 0) {
        int64_t id;
        exs_get_ids(f, EXS_ELEM_BLOCK, &id);
        EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, id, EXS_CONN_NODES, 0, 27, EXS_I64, buf));
        EXS_ASSERT(max_of(buf, 27 * 54) > inq(f, EXS_INQ_NUM_NODES));
    } else if (strcmp(file, "seacas-dmp__testwt-long-name.exo") == 0) {
        EXS_ASSERT(inq(f, EXS_INQ_MAX_NAME_USED) > 32);
    } else if (strcmp(file, "seacas-hist__ioss_8-block.g.noname") == 0) {
        int nv = 0;
        EXS_ASSERT_EQ(inq(f, EXS_INQ_FLOAT_SIZE), 4);
        exs_num_vars(f, EXS_NODAL, &nv);
        EXS_ASSERT_EQ(nv, 12);
    } else if (strcmp(file, "libmesh__nontrivial_elem_num_map.exo") == 0) {
        int64_t off = 0;
        EXS_OK(f, exs_get_id_map(f, EXS_ELEM_MAP, 0, 35, EXS_I64, buf));
        for (int i = 0; i < 35; i++)
            off += buf[i] != i + 1;
        EXS_ASSERT(off > 0);
    }
}

static void check_int64(exs_file *f, const char *file)
{
    if (strcmp(file, "seacas-dmp__testdi64.exo") == 0)
        EXS_ASSERT_EQ(inq(f, EXS_INQ_INT64_STATUS), 0);
    if (strcmp(file, "seacas__catalyst_aero_blunt_wedge_wall_test3.ex2") != 0 &&
        strcmp(file, "derived__aero_blunt_wedge_wall_test3.cdf5.ex2") != 0)
        return;
    int64_t id, c64[16];
    int32_t c32[16];
    EXS_ASSERT_EQ(inq(f, EXS_INQ_INT64_STATUS), 7168);
    EXS_ASSERT_EQ(inq(f, EXS_INQ_INT_SIZE), 8);
    exs_get_ids(f, EXS_ELEM_BLOCK, &id);
    EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, id, EXS_CONN_NODES, 0, 4, EXS_I64, c64));
    EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, id, EXS_CONN_NODES, 0, 4, EXS_I32, c32));
    int bad = 0;
    for (int i = 0; i < 16; i++)
        bad += c64[i] != c32[i];
    EXS_ASSERT_EQ(bad, 0);
}

void check_known_facts(const char *dir);
void check_known_facts(const char *dir)
{
    static const char *const extra[] = {
        "seacas__catalyst_aero_blunt_wedge_wall_test3.ex2",
        "derived__aero_blunt_wedge_wall_test3.cdf5.ex2",
        "libmesh__nontrivial_elem_num_map.exo"};
    char path[4096];
    size_t nf = sizeof facts / sizeof facts[0], ne = sizeof extra / sizeof extra[0];
    for (size_t i = 0; i < nf + ne; i++) {
        const char *file = i < nf ? facts[i].file : extra[i - nf];
        exs_file *f = NULL;
        snprintf(path, sizeof path, "%s/%s", dir, file);
        if (access(path, R_OK) != 0) {
            printf("SKIP facts %s (not in this corpus)\n", file);
            continue;
        }
        int before = exs_test_failures;
        EXS_OK(f, exs_open(path, EXS_READ, &f));
        if (!f)
            continue;
        if (i < nf) {
            check_counts(f, &facts[i]);
            check_topos(f, &facts[i]);
        }
        check_special(f, file);
        check_int64(f, file);
        exs_close(f);
        printf("%s facts %s\n", exs_test_failures == before ? "PASS" : "FAIL", file);
    }
}
