/* test_nemesis.c -- Nemesis file-per-rank sets: a distributed mesh
 * written at P ranks and read back at P ranks is the original mesh
 * (coordinates by global number, connectivity in global numbers, every
 * element and node owned once, shared lists symmetric); the corpus's two
 * 4-file sets load at 4 ranks (and are refused at other counts); bad
 * sets (a missing file, files of different sets, a plain Exodus file)
 * fail on every rank with a message.
 *
 * `test_nemesis gen DIR` only writes the quad mesh's set at this rank
 * count into DIR (quad.e.P.r) for the libexodusII check. */
#include <stdio.h>
#include <unistd.h>

#include "exoslab_par.h"
#include "exs_test.h"
#include "exs_test_mpi.h"
#include "quad_mesh.h"

static int P, me;

/* Global counts, and every element once: the ranks' owned elements. */
static void check_elems(exs_dmesh *dm, int64_t ne, const quad_mesh *m)
{
    exs_dmesh_info in;
    EXS_OK(NULL, exs_dmesh_get_info(dm, &in));
    EXS_ASSERT_EQ(in.global_elems, ne);
    EXS_ASSERT_EQ(in.ghost_elems, 0);
    int *once = calloc((size_t)ne, sizeof *once);
    int64_t nglob = 0;
    int64_t *gn = calloc((size_t)in.num_nodes + 1, sizeof *gn);
    EXS_OK(NULL, exs_dmesh_nodes(dm, gn, NULL, NULL));
    for (int64_t b = 0; b < in.num_blocks; b++) {
        int64_t id, npe, own, gh;
        EXS_OK(NULL, exs_dmesh_block(dm, b, &id, &npe, &own, &gh));
        int64_t *eg = calloc((size_t)own + 1, 8), *c = calloc((size_t)(own * npe) + 1, 8);
        EXS_OK(NULL, exs_dmesh_elems(dm, b, eg, NULL));
        EXS_OK(NULL, exs_dmesh_conn(dm, b, c));
        for (int64_t e = 0; e < own; e++) {
            EXS_ASSERT(eg[e] >= 0 && eg[e] < ne);
            if (eg[e] < 0 || eg[e] >= ne)
                continue;
            once[eg[e]]++;
            EXS_ASSERT(e == 0 || eg[e - 1] < eg[e]);
            for (int64_t k = 0; m && k < npe; k++) /* global numbers as the file's */
                EXS_ASSERT_EQ(gn[c[e * npe + k]] + 1, m->conn[eg[e] * 4 + k]);
        }
        nglob += own;
        free(eg);
        free(c);
    }
    MPI_Allreduce(MPI_IN_PLACE, once, (int)ne, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int64_t bad = 0;
    for (int64_t g = 0; g < ne; g++)
        bad += once[g] != 1;
    EXS_ASSERT_EQ(bad, 0);
    free(once);
    free(gn);
}

/* Every node owned once; owned first then shared, ascending; coordinates. */
static void check_nodes(exs_dmesh *dm, int64_t nn, const quad_mesh *m)
{
    exs_dmesh_info in;
    EXS_OK(NULL, exs_dmesh_get_info(dm, &in));
    EXS_ASSERT_EQ(in.global_nodes, nn);
    EXS_ASSERT_EQ(in.ghost_nodes, 0);
    int64_t n = in.num_nodes;
    int64_t *g = calloc((size_t)n + 1, 8);
    int *own = calloc((size_t)n + 1, sizeof *own), *count = calloc((size_t)nn, sizeof *count);
    double *xyz = calloc((size_t)(in.num_dim * n) + 1, sizeof *xyz);
    EXS_OK(NULL, exs_dmesh_nodes(dm, g, NULL, xyz));
    EXS_OK(NULL, exs_dmesh_node_owners(dm, own));
    for (int64_t i = 0; i < n; i++) {
        EXS_ASSERT(g[i] >= 0 && g[i] < nn);
        if (g[i] < 0 || g[i] >= nn)
            continue;
        EXS_ASSERT_EQ(own[i] == me, i < in.owned_nodes);
        if (i > 0 && i != in.owned_nodes)
            EXS_ASSERT(g[i - 1] < g[i]);
        count[g[i]] += own[i] == me;
        for (int a = 0; m && a < 2; a++)
            EXS_ASSERT_NEAR(xyz[a * n + i], quad_x(m, g[i], a), 0);
    }
    MPI_Allreduce(MPI_IN_PLACE, count, (int)nn, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int64_t bad = 0;
    for (int64_t k = 0; k < nn; k++)
        bad += count[k] != 1;
    EXS_ASSERT_EQ(bad, 0);
    free(g), free(own), free(count), free(xyz);
}

/* What rank q lists for me is what I list for q (global numbers). */
static void check_shared(exs_dmesh *dm)
{
    exs_dmesh_info in;
    EXS_OK(NULL, exs_dmesh_get_info(dm, &in));
    int *nbr = calloc((size_t)in.num_neighbors + 1, sizeof *nbr);
    int64_t *g = calloc((size_t)in.num_nodes + 1, 8);
    EXS_OK(NULL, exs_dmesh_neighbors(dm, nbr));
    EXS_OK(NULL, exs_dmesh_nodes(dm, g, NULL, NULL));
    int *scount = calloc((size_t)P, sizeof *scount), *rcount = calloc((size_t)P, sizeof *rcount);
    int *sdis = calloc((size_t)P, sizeof *sdis), *rdis = calloc((size_t)P, sizeof *rdis);
    int64_t total = 0;
    for (int k = 0; k < in.num_neighbors; k++) {
        int64_t nk;
        EXS_OK(NULL, exs_dmesh_shared(dm, k, NULL, &nk));
        EXS_ASSERT(nbr[k] != me && nbr[k] >= 0 && nbr[k] < P);
        scount[nbr[k]] = (int)nk;
        total += nk;
    }
    int64_t *send = calloc((size_t)total + 1, 8), *at = send;
    for (int k = 0; k < in.num_neighbors; k++) {
        int64_t nk;
        exs_dmesh_shared(dm, k, at, &nk);
        for (int64_t i = 0; i < nk; i++)
            at[i] = g[at[i]];
        at += nk;
    }
    MPI_Alltoall(scount, 1, MPI_INT, rcount, 1, MPI_INT, MPI_COMM_WORLD);
    int rt = 0;
    for (int r = 0; r < P; r++) {
        EXS_ASSERT_EQ(scount[r], rcount[r]); /* both sides list as many */
        sdis[r] = r ? sdis[r - 1] + scount[r - 1] : 0;
        rdis[r] = rt;
        rt += rcount[r];
    }
    int64_t *recv = calloc((size_t)rt + 1, 8);
    MPI_Alltoallv(send, scount, sdis, MPI_INT64_T, recv, rcount, rdis, MPI_INT64_T,
                  MPI_COMM_WORLD);
    for (int r = 0; r < P; r++)
        for (int i = 0; scount[r] == rcount[r] && i < scount[r]; i++)
            EXS_ASSERT_EQ(send[sdis[r] + i], recv[rdis[r] + i]);
    free(nbr), free(g), free(scount), free(rcount), free(sdis), free(rdis);
    free(send), free(recv);
}

static void check_mesh(exs_dmesh *dm, int64_t nn, int64_t ne, const quad_mesh *m)
{
    check_elems(dm, ne, m);
    check_nodes(dm, nn, m);
    check_shared(dm);
}

static void base_path(char *buf, size_t cap, const char *name)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "nem-%s-np%d", name, P);
    exs_test_tmp_path(buf, cap, tmp);
}

static int write_mesh(const quad_mesh *m, const char *path)
{
    int rc = 0;
    if (me == 0)
        rc = quad_mesh_write(m, path, EXS_FORMAT_CDF5);
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return rc;
}

/* Decompose the mesh file at `path` with opts and write base's set. */
static int write_set(const char *path, const exs_dmesh_opts *opts, const char *base)
{
    exs_file *f = NULL;
    exs_dmesh *dm = NULL;
    exs_create_opts co;
    exs_create_opts_init(&co);
    co.clobber = 1;
    int rc = exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f);
    if (rc == 0)
        rc = exs_dmesh_create(f, opts, &dm);
    if (rc == 0)
        rc = exs_dmesh_write_nemesis(dm, base, &co);
    if (rc != 0)
        fprintf(stderr, "[rank %d] write_set: %s\n", me, dm ? exs_dmesh_errmsg(dm)
                                                           : exs_errmsg(f));
    exs_dmesh_free(dm);
    exs_close(f);
    return rc;
}

/* This rank's part file as libexodus readers see it: node_num_map /
 * elem_num_map the quad mesh's ids, node_map1 / elem_map1 the positions,
 * and every step of "temp" and "stress" (block 20) at those positions. */
static void check_part_file(const char *base)
{
    char path[1200];
    exs_nemesis_name(base, P, me, path, sizeof path);
    exs_file *f = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    int64_t nn = 0, ne = 0, nt = 0, n20 = 0, off20 = 0;
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_NODES, &nn));
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_ELEM, &ne));
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_TIMES, &nt));
    EXS_ASSERT_EQ(nt, 3);
    int64_t *ids = calloc((size_t)(nn + ne) + 1, 8), *pos = calloc((size_t)(nn + ne) + 1, 8);
    double *v = calloc((size_t)(nn + ne) + 1, sizeof *v);
    EXS_OK(f, exs_get_id_map(f, EXS_NODE_MAP, 0, nn, EXS_I64, ids));
    EXS_OK(f, exs_get_map(f, EXS_NODE_MAP, 1, 0, nn, EXS_I64, pos));
    EXS_OK(f, exs_get_id_map(f, EXS_ELEM_MAP, 0, ne, EXS_I64, ids + nn));
    if (ne > 0)
        EXS_OK(f, exs_get_map(f, EXS_ELEM_MAP, 1, 0, ne, EXS_I64, pos + nn));
    int64_t bad = 0;
    for (int64_t i = 0; i < nn; i++)
        bad += ids[i] != quad_node_id(pos[i] - 1);
    for (int64_t i = 0; i < ne; i++)
        bad += ids[nn + i] != quad_elem_id(pos[nn + i] - 1);
    exs_entity_info bi;
    EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, 10, &bi));
    off20 = bi.num_entries;
    EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, 20, &bi));
    n20 = bi.num_entries;
    for (int64_t s = 0; s < nt; s++) {
        EXS_OK(f, exs_get_var(f, EXS_NODAL, 0, 0, s, 0, nn, EXS_F64, v));
        for (int64_t i = 0; i < nn; i++)
            bad += v[i] != quad_temp(pos[i] - 1, s);
        if (n20 > 0)
            EXS_OK(f, exs_get_var(f, EXS_ELEM_BLOCK, 20, 0, s, 0, n20, EXS_F64, v));
        for (int64_t i = 0; i < n20; i++)
            bad += v[i] != quad_stress(pos[nn + off20 + i] - 1, s);
    }
    EXS_ASSERT_EQ(bad, 0);
    free(ids), free(pos), free(v);
    exs_close(f);
}

static void check_ids(exs_dmesh *dm, const int64_t *ids_n, const int64_t *ids_e);

/* The quad mesh's ids by global index, checked on the mesh read back. */
static void check_quad_ids(exs_dmesh *dm, const quad_mesh *m)
{
    int64_t *idn = calloc((size_t)m->nn, 8), *ide = calloc((size_t)m->ne, 8);
    for (int64_t g = 0; g < m->nn; g++)
        idn[g] = quad_node_id(g);
    for (int64_t g = 0; g < m->ne; g++)
        ide[g] = quad_elem_id(g);
    check_ids(dm, idn, ide);
    free(idn), free(ide);
}

static void round_trip(const quad_mesh *m, const char *name, int ghosts)
{
    char path[1024], base[1100], msg[512];
    base_path(path, sizeof path, name);
    snprintf(base, sizeof base, "%s.e", path);
    strcat(path, ".exo");
    EXS_ASSERT_EQ(write_mesh(m, path), 0);
    exs_dmesh_opts o = {EXS_DECOMP_LINEAR, ghosts, 0};
    EXS_ASSERT_EQ(write_set(path, &o, base), 0);
    check_part_file(base);
    exs_dmesh *dm = NULL;
    int rc = exs_dmesh_read_nemesis_par(base, MPI_COMM_WORLD, &dm, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, 0);
    if (rc != 0) {
        fprintf(stderr, "[rank %d] %s\n", me, msg);
        return;
    }
    check_mesh(dm, m->nn, m->ne, m);
    check_quad_ids(dm, m);
    /* the same part as the mesh it was written from: same owned count */
    exs_file *f = NULL;
    exs_dmesh *orig = NULL;
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    EXS_OK(f, exs_dmesh_create(f, &o, &orig));
    exs_dmesh_info a, b;
    exs_dmesh_get_info(dm, &a);
    exs_dmesh_get_info(orig, &b);
    EXS_ASSERT_EQ(a.owned_elems, b.owned_elems);
    EXS_ASSERT_EQ(a.owned_nodes, b.owned_nodes);
    EXS_ASSERT_EQ(a.shared_nodes, b.shared_nodes);
    EXS_ASSERT_EQ(a.num_neighbors, b.num_neighbors);
    /* no file behind it: fields are refused, with a message */
    double v[1];
    EXS_ASSERT_RC(exs_dmesh_nodal_field(dm, 0, 0, v), EXS_ENOTSUP);
    EXS_ASSERT(strstr(exs_dmesh_errmsg(dm), "Nemesis") != NULL);
    exs_dmesh_free(orig);
    exs_close(f);
    exs_dmesh_free(dm);
}

static void copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char buf[65536];
    size_t n;
    while (a && b && (n = fread(buf, 1, sizeof buf, a)) > 0)
        fwrite(buf, 1, n, b);
    if (a)
        fclose(a);
    if (b)
        fclose(b);
}

/* The parts of a set of 4 named as a set of P: each file says 4. */
static void wrong_size(const char *base4)
{
    char from[1200], base[1100], to[1200], msg[512] = "";
    base_path(base, sizeof base, "size");
    snprintf(from, sizeof from, "%s.4.%d", base4, me % 4);
    exs_nemesis_name(base, P, me, to, sizeof to);
    copy_file(from, to);
    MPI_Barrier(MPI_COMM_WORLD);
    exs_dmesh *dm = NULL;
    EXS_ASSERT_RC(exs_dmesh_read_nemesis_par(base, MPI_COMM_WORLD, &dm, msg, sizeof msg),
                  EXS_ESIZE);
    EXS_ASSERT(strstr(msg, "run with 4 ranks") != NULL);
}

static void corpus_set(const char *name, int64_t nn, int64_t ne)
{
    char base[1024], probe[1100], msg[512] = "";
    snprintf(base, sizeof base, "%s/%s", exs_test_corpus_dir(), name);
    snprintf(probe, sizeof probe, "%s.4.0", base);
    if (access(probe, R_OK) != 0) {
        if (me == 0)
            printf("SKIP corpus set %s: not found (set EXS_CORPUS)\n", base);
        return;
    }
    exs_dmesh *dm = NULL;
    int rc = exs_dmesh_read_nemesis_par(base, MPI_COMM_WORLD, &dm, msg, sizeof msg);
    if (P != 4) { /* no base.P.r files: refused everywhere, naming one */
        EXS_ASSERT_EQ(rc, EXS_ENOFILE);
        EXS_ASSERT(strstr(msg, base) != NULL);
        wrong_size(base);
        return;
    }
    EXS_ASSERT_EQ(rc, 0);
    if (rc != 0) {
        fprintf(stderr, "[rank %d] %s\n", me, msg);
        return;
    }
    check_mesh(dm, nn, ne, NULL);
    exs_dmesh_free(dm);
}

/* Node and element ids of the mesh read back, from its global indices:
 * the source's own id maps (ids_n[g], ids_e[g]). */
static void check_ids(exs_dmesh *dm, const int64_t *ids_n, const int64_t *ids_e)
{
    exs_dmesh_info in;
    EXS_OK(NULL, exs_dmesh_get_info(dm, &in));
    int64_t *g = calloc((size_t)in.num_nodes + 1, 8), *id = calloc((size_t)in.num_nodes + 1, 8);
    EXS_OK(NULL, exs_dmesh_nodes(dm, g, id, NULL));
    int64_t bad = 0;
    for (int64_t i = 0; i < in.num_nodes; i++)
        bad += id[i] != ids_n[g[i]];
    EXS_ASSERT_EQ(bad, 0);
    for (int64_t b = 0; b < in.num_blocks; b++) {
        int64_t bid, npe, own, gh;
        EXS_OK(NULL, exs_dmesh_block(dm, b, &bid, &npe, &own, &gh));
        int64_t *eg = calloc((size_t)own + 1, 8), *ei = calloc((size_t)own + 1, 8);
        EXS_OK(NULL, exs_dmesh_elems(dm, b, eg, ei));
        for (int64_t e = 0; e < own; e++)
            bad += ei[e] != ids_e[eg[e]];
        free(eg), free(ei);
    }
    EXS_ASSERT_EQ(bad, 0);
    free(g), free(id);
}

/* A corpus mesh with its own id maps: the set keeps them (node_num_map /
 * elem_num_map hold the ids, the named map the positions), and the mesh
 * read back has the source's ids at the source's positions. */
static void corpus_ids(const char *name)
{
    char path[1024], base[1100], msg[512] = "";
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), name);
    if (access(path, R_OK) != 0) {
        if (me == 0)
            printf("SKIP corpus file %s: not found (set EXS_CORPUS)\n", path);
        return;
    }
    base_path(base, sizeof base, name);
    exs_dmesh_opts o = {EXS_DECOMP_LINEAR, 0, 0};
    EXS_ASSERT_EQ(write_set(path, &o, base), 0);
    exs_file *f = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    int64_t nn = 0, ne = 0;
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_NODES, &nn));
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_ELEM, &ne));
    int64_t *idn = calloc((size_t)nn + 1, 8), *ide = calloc((size_t)ne + 1, 8);
    EXS_OK(f, exs_get_id_map(f, EXS_NODE_MAP, 0, nn, EXS_I64, idn));
    EXS_OK(f, exs_get_id_map(f, EXS_ELEM_MAP, 0, ne, EXS_I64, ide));
    int64_t moved = 0; /* the file's maps are not 1..n: the test can fail */
    for (int64_t i = 0; i < nn; i++)
        moved += idn[i] != i + 1;
    for (int64_t i = 0; i < ne; i++)
        moved += ide[i] != i + 1;
    EXS_ASSERT(moved > 0);
    exs_dmesh *dm = NULL;
    int rc = exs_dmesh_read_nemesis_par(base, MPI_COMM_WORLD, &dm, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, 0);
    if (rc == 0) {
        check_mesh(dm, nn, ne, NULL);
        check_ids(dm, idn, ide);
    } else {
        fprintf(stderr, "[rank %d] %s\n", me, msg);
    }
    exs_dmesh_free(dm);
    exs_close(f);
    free(idn), free(ide);
}

/* Broken sets: every rank gets the same code and a message. */
static void bad_sets(const quad_mesh *m)
{
    char path[1024], base[1100], other[1100], file[1200], msg[512];
    base_path(path, sizeof path, "bad");
    snprintf(base, sizeof base, "%s.e", path);
    strcat(path, ".exo");
    EXS_ASSERT_EQ(write_mesh(m, path), 0);
    exs_dmesh_opts o = {EXS_DECOMP_LINEAR, 0, 0};
    EXS_ASSERT_EQ(write_set(path, &o, base), 0);
    exs_dmesh *dm = NULL;
    /* the last rank's file is missing */
    exs_nemesis_name(base, P, P - 1, file, sizeof file);
    if (me == 0)
        unlink(file);
    MPI_Barrier(MPI_COMM_WORLD);
    int rc = exs_dmesh_read_nemesis_par(base, MPI_COMM_WORLD, &dm, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, EXS_ENOFILE);
    EXS_ASSERT(dm == NULL);
    EXS_ASSERT(strstr(msg, file) != NULL);
    /* ... replaced by the same rank's file of another mesh's set */
    quad_mesh m2;
    quad_mesh_init(&m2, m->nx + 2, m->ny, 0);
    base_path(other, sizeof other, "other");
    char opath[1200];
    snprintf(opath, sizeof opath, "%s.exo", other);
    strcat(other, ".e");
    EXS_ASSERT_EQ(write_mesh(&m2, opath), 0);
    EXS_ASSERT_EQ(write_set(opath, &o, other), 0);
    quad_mesh_free(&m2);
    char ofile[1200];
    exs_nemesis_name(other, P, P - 1, ofile, sizeof ofile);
    if (me == 0)
        copy_file(ofile, file);
    MPI_Barrier(MPI_COMM_WORLD);
    rc = exs_dmesh_read_nemesis_par(base, MPI_COMM_WORLD, &dm, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, P == 1 ? 0 : EXS_EMISMATCH);
    exs_dmesh_free(dm);
    dm = NULL;
    /* a plain Exodus file where a part should be */
    if (me == 0)
        copy_file(path, file);
    MPI_Barrier(MPI_COMM_WORLD);
    rc = exs_dmesh_read_nemesis_par(base, MPI_COMM_WORLD, &dm, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, EXS_EBADMODEL);
    EXS_ASSERT(strstr(msg, "not a Nemesis") != NULL);
    /* existing files are kept without clobber */
    exs_file *f = NULL;
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    EXS_OK(f, exs_dmesh_create(f, &o, &dm));
    EXS_ASSERT_RC(exs_dmesh_write_nemesis(dm, other, NULL), EXS_EEXIST);
    EXS_ASSERT(strstr(exs_dmesh_errmsg(dm), other) != NULL);
    exs_dmesh_free(dm);
    exs_close(f);
}

static void names(void)
{
    char buf[64];
    EXS_OK(NULL, exs_nemesis_name("m.e", 4, 3, buf, sizeof buf));
    EXS_ASSERT_STREQ(buf, "m.e.4.3");
    EXS_OK(NULL, exs_nemesis_name("m.e", 16, 3, buf, sizeof buf));
    EXS_ASSERT_STREQ(buf, "m.e.16.03");
    EXS_OK(NULL, exs_nemesis_name("m.e", 100, 7, buf, sizeof buf));
    EXS_ASSERT_STREQ(buf, "m.e.100.007");
    EXS_ASSERT_RC(exs_nemesis_name("m.e", 4, 4, buf, sizeof buf), EXS_EINVAL);
    EXS_ASSERT_RC(exs_nemesis_name("m.e", 4, 1, buf, 5), EXS_ENAMELEN);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    quad_mesh m;
    EXS_ASSERT_EQ(quad_mesh_init(&m, 12, 9, 0), 0);
    if (argc == 3 && strcmp(argv[1], "gen") == 0) {
        char path[1024], base[1024];
        snprintf(path, sizeof path, "%s/quad.exo", argv[2]);
        snprintf(base, sizeof base, "%s/quad.e", argv[2]);
        EXS_ASSERT_EQ(write_mesh(&m, path), 0);
        exs_dmesh_opts o = {EXS_DECOMP_LINEAR, 0, 0};
        EXS_ASSERT_EQ(write_set(path, &o, base), 0);
        quad_mesh_free(&m);
        return exs_test_mpi_end();
    }
    names();
    round_trip(&m, "quad", 0);
    round_trip(&m, "quad-ghosts", 1); /* ghosts are not written */
    quad_mesh m2;
    EXS_ASSERT_EQ(quad_mesh_init(&m2, 10, 8, 1), 0);
    round_trip(&m2, "skew", 0);       /* shuffled cells: more sharing */
    quad_mesh_free(&m2);
    corpus_set("exodusjl__epu_mesh_test.g", 16641, 16384);
    corpus_set("peridigm__NPDL_Fluid_Concentration.e", 459, 459);
    corpus_ids("mfem__cylinder-tet-p2.gen");        /* node ids not 1..n */
    corpus_ids("libmesh__read_exodus_PYRAMID5.e");  /* element ids not 1..n */
    bad_sets(&m);
    quad_mesh_free(&m);
    return exs_test_mpi_end();
}
