/* test_nemesis_serial.c -- a Nemesis set of one file without MPI (both
 * builds): a serial distributed mesh written as base.1.0 and read back is
 * the mesh (every element and node once, coordinates and connectivity by
 * global number, no neighbours); a missing file and a plain Exodus file
 * are refused with a message. */
#include <stdio.h>
#include <unistd.h>

#include "exoslab_par.h"
#include "exs_test.h"
#include "quad_mesh.h"

static void check(exs_dmesh *dm, const quad_mesh *m)
{
    exs_dmesh_info in;
    EXS_OK(NULL, exs_dmesh_get_info(dm, &in));
    EXS_ASSERT_EQ(in.global_nodes, m->nn);
    EXS_ASSERT_EQ(in.global_elems, m->ne);
    EXS_ASSERT_EQ(in.num_nodes, m->nn);
    EXS_ASSERT_EQ(in.owned_nodes, m->nn);
    EXS_ASSERT_EQ(in.owned_elems, m->ne);
    EXS_ASSERT_EQ(in.num_neighbors, 0);
    int64_t *g = calloc((size_t)m->nn, 8);
    double *xyz = calloc(2 * (size_t)m->nn, sizeof *xyz);
    EXS_OK(NULL, exs_dmesh_nodes(dm, g, NULL, xyz));
    for (int64_t i = 0; i < m->nn; i++) {
        EXS_ASSERT_EQ(g[i], i); /* all owned: ascending global order */
        EXS_ASSERT_NEAR(xyz[i], quad_x(m, i, 0), 0);
        EXS_ASSERT_NEAR(xyz[m->nn + i], quad_x(m, i, 1), 0);
    }
    int64_t at = 0;
    for (int64_t b = 0; b < in.num_blocks; b++) {
        int64_t own, npe;
        EXS_OK(NULL, exs_dmesh_block(dm, b, NULL, &npe, &own, NULL));
        int64_t *eg = calloc((size_t)own + 1, 8), *c = calloc((size_t)(own * npe) + 1, 8);
        EXS_OK(NULL, exs_dmesh_elems(dm, b, eg, NULL));
        EXS_OK(NULL, exs_dmesh_conn(dm, b, c));
        for (int64_t e = 0; e < own; e++, at++) {
            EXS_ASSERT_EQ(eg[e], at);
            for (int k = 0; k < 4; k++)
                EXS_ASSERT_EQ(g[c[e * 4 + k]] + 1, m->conn[at * 4 + k]);
        }
        free(eg), free(c);
    }
    EXS_ASSERT_EQ(at, m->ne);
    free(g), free(xyz);
}

int main(void)
{
    char path[1024], base[1100], file[1200], msg[512];
    quad_mesh m;
    EXS_ASSERT_EQ(quad_mesh_init(&m, 7, 5, 1), 0);
    exs_test_tmp_path(path, sizeof path, "nem-serial.exo");
    snprintf(base, sizeof base, "%s.e", path);
    EXS_ASSERT_EQ(quad_mesh_write(&m, path, EXS_FORMAT_NETCDF4), 0);
    exs_file *f = NULL;
    exs_dmesh *dm = NULL, *back = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    EXS_OK(f, exs_dmesh_create(f, NULL, &dm));
    EXS_OK(f, exs_dmesh_write_nemesis(dm, base, &o));
    EXS_OK(NULL, exs_dmesh_read_nemesis(base, &back, msg, sizeof msg));
    if (back)
        check(back, &m);
    exs_dmesh_free(back);
    back = NULL;
    exs_nemesis_name(base, 1, 0, file, sizeof file);
    unlink(file);
    EXS_ASSERT_RC(exs_dmesh_read_nemesis(base, &back, msg, sizeof msg), EXS_ENOFILE);
    EXS_ASSERT(back == NULL && strstr(msg, file) != NULL);
    EXS_ASSERT_RC(exs_dmesh_read_nemesis(path, &back, msg, sizeof msg), EXS_ENOFILE);
    FILE *a = fopen(path, "rb"), *b = fopen(file, "wb"); /* a plain file there */
    char buf[65536];
    size_t n;
    while (a && b && (n = fread(buf, 1, sizeof buf, a)) > 0)
        fwrite(buf, 1, n, b);
    if (a)
        fclose(a);
    if (b)
        fclose(b);
    EXS_ASSERT_RC(exs_dmesh_read_nemesis(base, &back, msg, sizeof msg), EXS_EBADMODEL);
    EXS_ASSERT(strstr(msg, "not a Nemesis") != NULL);
    exs_dmesh_free(dm);
    exs_close(f);
    quad_mesh_free(&m);
    return EXS_TEST_END();
}
