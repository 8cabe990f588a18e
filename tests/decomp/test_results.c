/* test_results.c -- the composed write: a results file made by
 * exs_copy_mesh_all from a mesh, filled by exs_dmesh_write_results from
 * every rank's local values, read back serially: the mesh equals the
 * original (coordinates, blocks, attributes, sets, maps, names,
 * properties, QA, info) and every node and element holds the value its
 * owner wrote, in the original order. Non-owned local entries carry junk,
 * so a value taken from the wrong rank shows. Generated quad meshes
 * (CDF-5, netCDF-4, a shuffled element order) and corpus meshes with
 * sets, for linear (with and without ghosts) and RCB where built. */
#include <math.h>

#include "exoslab_par.h"
#include "exs_test.h"
#include "exs_test_mpi.h"
#include "quad_mesh.h"

static int P, me;

#define JUNK 1e300

static double nodal_value(int v, int64_t g, int64_t step) { return 1000.0 * v + g + 0.25 * step; }
static double elem_value(int64_t g, int64_t step) { return -(double)g - 0.5 * step; }

/* ---- the serial comparison of two meshes ---- */

static int64_t *ints(exs_file *f, int64_t n) { (void)f; return calloc((size_t)(n > 0 ? n : 1), 8); }

static void same_i64(const int64_t *a, const int64_t *b, int64_t n, const char *what,
                     int64_t id)
{
    for (int64_t i = 0; i < n; i++)
        if (a[i] != b[i]) {
            EXS_FAIL_("%s %lld entry %lld: %lld != %lld", what, (long long)id,
                      (long long)i, (long long)a[i], (long long)b[i]);
            return;
        }
    exs_test_checks++;
}

static void same_f64(const double *a, const double *b, int64_t n, const char *what,
                     int64_t id)
{
    for (int64_t i = 0; i < n; i++)
        if (a[i] != b[i]) {
            EXS_FAIL_("%s %lld entry %lld: %.17g != %.17g", what, (long long)id,
                      (long long)i, a[i], b[i]);
            return;
        }
    exs_test_checks++;
}

static void same_coords(exs_file *a, exs_file *b, int64_t nn, int nd)
{
    double *x = calloc((size_t)nn + 1, 8), *y = calloc((size_t)nn + 1, 8);
    for (int ax = 0; ax < nd; ax++) {
        const char *na, *nb;
        EXS_OK(a, exs_get_coord(a, ax, 0, nn, EXS_F64, x));
        EXS_OK(b, exs_get_coord(b, ax, 0, nn, EXS_F64, y));
        same_f64(x, y, nn, "coordinate axis", ax);
        exs_get_coord_name(a, ax, &na);
        exs_get_coord_name(b, ax, &nb);
        EXS_ASSERT_STREQ(na, nb);
    }
    free(x), free(y);
}

static void same_props(exs_file *a, exs_file *b, exs_kind kind, int64_t id)
{
    int np = 0, nq = 0;
    exs_num_props(a, kind, &np);
    exs_num_props(b, kind, &nq);
    EXS_ASSERT_EQ(np, nq);
    for (int j = 0; j < np && j < nq; j++) {
        const char *name;
        int64_t u = 0, v = -1;
        exs_get_prop_name(a, kind, j, &name);
        EXS_OK(a, exs_get_prop(a, kind, id, name, &u));
        EXS_OK(b, exs_get_prop(b, kind, id, name, &v));
        EXS_ASSERT_EQ(u, v);
    }
}

static void same_block(exs_file *a, exs_file *b, exs_kind kind, const exs_entity_info *e)
{
    exs_entity_info g;
    EXS_OK(b, exs_get_entity(b, kind, e->id, &g));
    EXS_ASSERT_EQ(g.num_entries, e->num_entries);
    EXS_ASSERT_EQ(g.nodes_per_entry, e->nodes_per_entry);
    EXS_ASSERT_EQ(g.num_attr, e->num_attr);
    EXS_ASSERT_EQ(g.topo, e->topo);
    EXS_ASSERT_STREQ(g.name, e->name);
    int64_t n = e->num_entries * e->nodes_per_entry;
    int64_t *x = ints(a, n), *y = ints(b, n);
    EXS_OK(a, exs_get_conn(a, kind, e->id, EXS_CONN_NODES, 0, e->num_entries, EXS_I64, x));
    EXS_OK(b, exs_get_conn(b, kind, e->id, EXS_CONN_NODES, 0, e->num_entries, EXS_I64, y));
    same_i64(x, y, n, "connectivity of block", e->id);
    free(x), free(y);
    int64_t na = e->num_entries * e->num_attr;
    double *p = calloc((size_t)na + 1, 8), *q = calloc((size_t)na + 1, 8);
    if (e->num_attr > 0) {
        EXS_OK(a, exs_get_attr(a, kind, e->id, 0, e->num_entries, EXS_F64, p));
        EXS_OK(b, exs_get_attr(b, kind, e->id, 0, e->num_entries, EXS_F64, q));
        same_f64(p, q, na, "attributes of block", e->id);
    }
    for (int j = 0; j < e->num_attr; j++) {
        const char *s, *t;
        exs_get_attr_name(a, kind, e->id, j, &s);
        exs_get_attr_name(b, kind, e->id, j, &t);
        EXS_ASSERT_STREQ(s, t);
    }
    free(p), free(q);
    same_props(a, b, kind, e->id);
}

static void same_set(exs_file *a, exs_file *b, exs_kind kind, const exs_entity_info *e)
{
    exs_entity_info g;
    EXS_OK(b, exs_get_entity(b, kind, e->id, &g));
    EXS_ASSERT_EQ(g.num_entries, e->num_entries);
    EXS_ASSERT_EQ(g.num_df, e->num_df);
    EXS_ASSERT_STREQ(g.name, e->name);
    int64_t n = e->num_entries;
    int64_t *x = ints(a, 2 * n), *y = ints(b, 2 * n);
    int extra = kind == EXS_SIDE_SET || kind == EXS_EDGE_SET || kind == EXS_FACE_SET;
    EXS_OK(a, exs_get_set(a, kind, e->id, 0, n, EXS_I64, x, extra ? x + n : NULL));
    EXS_OK(b, exs_get_set(b, kind, e->id, 0, n, EXS_I64, y, extra ? y + n : NULL));
    same_i64(x, y, extra ? 2 * n : n, "members of set", e->id);
    free(x), free(y);
    double *p = calloc((size_t)e->num_df + 1, 8), *q = calloc((size_t)e->num_df + 1, 8);
    if (e->num_df > 0) {
        EXS_OK(a, exs_get_df(a, kind, e->id, 0, e->num_df, EXS_F64, p));
        EXS_OK(b, exs_get_df(b, kind, e->id, 0, e->num_df, EXS_F64, q));
        same_f64(p, q, e->num_df, "distribution factors of set", e->id);
    }
    free(p), free(q);
    same_props(a, b, kind, e->id);
}

static void same_entities(exs_file *a, exs_file *b, exs_kind kind)
{
    int64_t n = 0, m = -1;
    exs_num_entities(a, kind, &n);
    exs_num_entities(b, kind, &m);
    EXS_ASSERT_EQ(n, m);
    if (n != m)
        return;
    int64_t *ia = ints(a, n), *ib = ints(b, n);
    exs_get_ids(a, kind, ia);
    exs_get_ids(b, kind, ib);
    same_i64(ia, ib, n, "ids of kind", kind);
    for (int64_t i = 0; i < n; i++) {
        exs_entity_info e;
        EXS_OK(a, exs_get_entity(a, kind, ia[i], &e));
        if (kind == EXS_ELEM_BLOCK || kind == EXS_EDGE_BLOCK || kind == EXS_FACE_BLOCK)
            same_block(a, b, kind, &e);
        else
            same_set(a, b, kind, &e);
    }
    free(ia), free(ib);
}

static void same_maps(exs_file *a, exs_file *b, int64_t nn, int64_t ne)
{
    int64_t *x = ints(a, nn + ne), *y = ints(b, nn + ne);
    EXS_OK(a, exs_get_id_map(a, EXS_NODE_MAP, 0, nn, EXS_I64, x));
    EXS_OK(b, exs_get_id_map(b, EXS_NODE_MAP, 0, nn, EXS_I64, y));
    same_i64(x, y, nn, "node id map", 0);
    EXS_OK(a, exs_get_id_map(a, EXS_ELEM_MAP, 0, ne, EXS_I64, x));
    EXS_OK(b, exs_get_id_map(b, EXS_ELEM_MAP, 0, ne, EXS_I64, y));
    same_i64(x, y, ne, "element id map", 0);
    free(x), free(y);
}

static void same_records(exs_file *a, exs_file *b)
{
    int64_t qa = 0, qb = -1, ia = 0, ib = -1;
    const char *ta, *tb;
    exs_get_title(a, &ta);
    exs_get_title(b, &tb);
    EXS_ASSERT_STREQ(ta, tb);
    exs_inquire(a, EXS_INQ_NUM_QA, &qa);
    exs_inquire(b, EXS_INQ_NUM_QA, &qb);
    EXS_ASSERT_EQ(qa, qb);
    for (int64_t i = 0; i < qa && qa == qb; i++) {
        const char *r[4], *s[4];
        exs_get_qa(a, i, r);
        exs_get_qa(b, i, s);
        for (int k = 0; k < 4; k++)
            EXS_ASSERT_STREQ(r[k], s[k]);
    }
    exs_inquire(a, EXS_INQ_NUM_INFO, &ia);
    exs_inquire(b, EXS_INQ_NUM_INFO, &ib);
    EXS_ASSERT_EQ(ia, ib);
    for (int64_t i = 0; i < ia && ia == ib; i++) {
        const char *r, *s;
        exs_get_info(a, i, &r);
        exs_get_info(b, i, &s);
        EXS_ASSERT_STREQ(r, s);
    }
}

static void same_mesh(exs_file *a, exs_file *b)
{
    int64_t nn = 0, ne = 0, nd = 0, mn = -1, me_ = -1, md = -1;
    exs_inquire(a, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(a, EXS_INQ_NUM_ELEM, &ne);
    exs_inquire(a, EXS_INQ_NUM_DIM, &nd);
    exs_inquire(b, EXS_INQ_NUM_NODES, &mn);
    exs_inquire(b, EXS_INQ_NUM_ELEM, &me_);
    exs_inquire(b, EXS_INQ_NUM_DIM, &md);
    EXS_ASSERT_EQ(nn, mn);
    EXS_ASSERT_EQ(ne, me_);
    EXS_ASSERT_EQ(nd, md);
    if (nn != mn || ne != me_ || nd != md)
        return;
    same_coords(a, b, nn, (int)nd);
    const exs_kind kinds[] = {EXS_ELEM_BLOCK, EXS_EDGE_BLOCK, EXS_FACE_BLOCK, EXS_NODE_SET,
                              EXS_SIDE_SET, EXS_EDGE_SET, EXS_FACE_SET, EXS_ELEM_SET};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        same_entities(a, b, kinds[k]);
    same_maps(a, b, nn, ne);
    same_records(a, b);
}

/* The written fields, read back serially. */
static void check_fields(exs_file *r, int64_t nsteps)
{
    int64_t nn = 0, ne = 0, nt = 0, nb = 0;
    exs_inquire(r, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(r, EXS_INQ_NUM_ELEM, &ne);
    exs_inquire(r, EXS_INQ_NUM_TIMES, &nt);
    EXS_ASSERT_EQ(nt, nsteps);
    exs_num_entities(r, EXS_ELEM_BLOCK, &nb);
    double *v = calloc((size_t)(nn > ne ? nn : ne) + 1, 8);
    int64_t *ids = ints(r, nb);
    exs_get_ids(r, EXS_ELEM_BLOCK, ids);
    for (int64_t s = 0; s < nt; s++) {
        double t = -1, g = -1;
        EXS_OK(r, exs_get_times(r, s, 1, EXS_F64, &t));
        EXS_ASSERT_NEAR(t, 0.1 * (double)(s + 1), 1e-15);
        EXS_OK(r, exs_get_var(r, EXS_GLOBAL, 0, 0, s, 0, 1, EXS_F64, &g));
        EXS_ASSERT_NEAR(g, 3.5 * (double)s, 1e-15);
        int bad = 0;
        for (int var = 0; var < 2; var++) {
            EXS_OK(r, exs_get_var(r, EXS_NODAL, 0, var, s, 0, nn, EXS_F64, v));
            for (int64_t i = 0; i < nn; i++)
                if (v[i] != nodal_value(var, i, s) && bad++ == 0)
                    EXS_FAIL_("nodal %d step %lld node %lld: %g != %g", var, (long long)s,
                              (long long)i, v[i], nodal_value(var, i, s));
        }
        for (int64_t k = 0; k < nb; k++) {
            exs_entity_info e;
            exs_get_entity(r, EXS_ELEM_BLOCK, ids[k], &e);
            EXS_OK(r, exs_get_var(r, EXS_ELEM_BLOCK, e.id, 0, s, 0, e.num_entries,
                                  EXS_F64, v));
            for (int64_t i = 0; i < e.num_entries; i++)
                if (v[i] != elem_value(e.offset + i, s) && bad++ == 0)
                    EXS_FAIL_("element block %lld step %lld entry %lld: %g != %g",
                              (long long)e.id, (long long)s, (long long)i, v[i],
                              elem_value(e.offset + i, s));
        }
        EXS_ASSERT_EQ(bad, 0);
    }
    free(v), free(ids);
}

/* ---- the composed write ---- */

/* Local values: the formula on owned entries, junk on the others. */
static void fill(exs_dmesh *dm, int64_t step, double *nodal, double *elem)
{
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    int64_t *g = calloc((size_t)in.num_nodes + 1, 8), at = 0;
    exs_dmesh_nodes(dm, g, NULL, NULL);
    for (int v = 0; v < 2; v++)
        for (int64_t i = 0; i < in.num_nodes; i++)
            nodal[v * in.num_nodes + i] = i < in.owned_nodes ? nodal_value(v, g[i], step) : JUNK;
    free(g);
    for (int64_t b = 0; b < in.num_blocks; b++) {
        int64_t own, gh;
        exs_dmesh_block(dm, b, NULL, NULL, &own, &gh);
        int64_t *eg = calloc((size_t)(own + gh) + 1, 8);
        exs_dmesh_elems(dm, b, eg, NULL);
        for (int64_t e = 0; e < own + gh; e++)
            elem[at + e] = e < own ? elem_value(eg[e], step) : JUNK;
        at += own + gh;
        free(eg);
    }
}

static const char *const gnames[] = {"energy"};
static const char *const nnames[] = {"u", "v"};
static const char *const enames[] = {"s"};

/* Make the results file of f's mesh with dm and write two steps. */
static void write_results(exs_file *f, exs_dmesh *dm, const char *out, exs_format fmt)
{
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    exs_file *r = NULL;
    EXS_OK(r, exs_create_par(out, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &r));
    if (!r)
        return;
    exs_results_def def = {1, gnames, 2, nnames, 1, enames, NULL};
    EXS_OK(r, exs_copy_mesh_all(f, r, &def));
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    double *nodal = calloc(2 * (size_t)in.num_nodes + 1, 8);
    double *elem = calloc((size_t)in.num_elems + 1, 8);
    for (int64_t s = 0; s < 2; s++) {
        double energy = 3.5 * (double)s;
        fill(dm, s, nodal, elem);
        EXS_OK(r, exs_dmesh_write_results(dm, r, s, 0.1 * (double)(s + 1), &energy,
                                          nodal, elem));
    }
    free(nodal), free(elem);
    EXS_OK(r, exs_close(r));
}

/* Read both serially (every rank: each reaches the same verdict). */
static void check_file(const char *src, const char *out)
{
    exs_file *a = NULL, *b = NULL;
    EXS_OK(a, exs_open(src, EXS_READ, &a));
    EXS_OK(b, exs_open(out, EXS_READ, &b));
    if (a && b) {
        same_mesh(a, b);
        check_fields(b, 2);
    }
    exs_close(a);
    exs_close(b);
}

static void on_file(const char *path, const char *tag)
{
    exs_file *f = NULL;
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    const exs_decomp_method methods[] = {EXS_DECOMP_LINEAR, EXS_DECOMP_LINEAR,
                                         EXS_DECOMP_RCB};
    const exs_format fmts[] = {EXS_FORMAT_CDF5, EXS_FORMAT_NETCDF4, EXS_FORMAT_64BIT_OFFSET};
    for (int run = 0; run < 3; run++) {
        exs_dmesh_opts opts = {methods[run], run == 1, 0};
        exs_dmesh *dm = NULL;
        int rc = exs_dmesh_create(f, &opts, &dm);
        if (run == 2 && rc == EXS_ENOTBUILT) {
            printf("rcb not in this build: %s\n", exs_errmsg(f));
            continue;
        }
        EXS_OK(f, rc);
        if (!dm)
            continue;
        char out[1024], name[256];
        snprintf(name, sizeof name, "results-%s-%d-np%d.e", tag, run, P);
        exs_test_tmp_path(out, sizeof out, name);
        write_results(f, dm, out, fmts[run]);
        check_file(path, out);
        exs_dmesh_free(dm);
    }
    exs_close(f);
}

/* A results file that is not a copy of the mesh is refused everywhere. */
static void wrong_file(const char *path, const char *other)
{
    exs_file *f = NULL, *g = NULL, *r = NULL;
    exs_dmesh *dm = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    char out[1024];
    exs_test_tmp_path(out, sizeof out, "results-wrong.e");
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    EXS_OK(g, exs_open_par(other, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &g));
    EXS_OK(f, exs_dmesh_create(f, NULL, &dm));
    EXS_OK(r, exs_create_par(out, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &r));
    exs_results_def def = {0, NULL, 2, nnames, 0, NULL, NULL};
    EXS_OK(r, exs_copy_mesh_all(g, r, &def));
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    double *nodal = calloc(2 * (size_t)in.num_nodes + 1, 8);
    EXS_ASSERT_RC(exs_dmesh_write_results(dm, r, 0, 0.0, NULL, nodal, NULL), EXS_ESIZE);
    free(nodal);
    exs_close(r);
    exs_dmesh_free(dm);
    exs_close(g);
    exs_close(f);
}

static void quad(const quad_mesh *m, const char *name, exs_format fmt)
{
    char path[1024];
    exs_test_tmp_path(path, sizeof path, name);
    int rc = 0;
    if (me == 0)
        rc = quad_mesh_write(m, path, fmt);
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    EXS_ASSERT_EQ(rc, 0);
    if (rc == 0)
        on_file(path, name);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    quad_mesh m;
    EXS_ASSERT_EQ(quad_mesh_init(&m, 30, 20, 0), 0);
    quad(&m, "results-quad.cdf5.exo", EXS_FORMAT_CDF5);
    quad(&m, "results-quad.nc4.exo", EXS_FORMAT_NETCDF4);
    quad_mesh_free(&m);
    EXS_ASSERT_EQ(quad_mesh_init(&m, 24, 20, 1), 0);
    quad(&m, "results-skew.cdf5.exo", EXS_FORMAT_CDF5);
    quad_mesh_free(&m);
    /* corpus meshes with sets, names, attributes, QA */
    const char *corpus[] = {"seacas__ejoin_2block-gold.g", "derived__block_crush_1.nc4z.ex2",
                            "seacas__ioss_exodus_Q2_bc_parents.gold"};
    char path[1024];
    int found = 0;
    for (size_t i = 0; i < sizeof corpus / sizeof *corpus; i++) {
        snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), corpus[i]);
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        fclose(fp);
        found++;
        on_file(path, corpus[i]);
    }
    if (!found)
        printf("SKIP corpus part: no corpus at %s\n", exs_test_corpus_dir());
    else {
        char q[1024];
        exs_test_tmp_path(q, sizeof q, "results-quad.cdf5.exo");
        wrong_file(q, path);
    }
    return exs_test_mpi_end();
}
