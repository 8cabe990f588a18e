/* interop_model_x -- exoslab's side of the libexodusII exchange
 * (exodusii_model_x.c):
 *   write FILE  a one-element mesh with an assembly, assembly reduction
 *               variables and the frames of model_x_frames.h;
 *   check FILE  the frames libexodusII 6.02 wrote, value by value. */
#include "exs_test.h"
#include "model_x_frames.h"

static void write_file(const char *path)
{
    exs_create_opts o;
    exs_file *f = NULL;
    exs_block_def b = {.id = 1, .type = "SPHERE", .num_entries = 1, .nodes_per_entry = 1};
    int64_t one = 1, ids[MXF_N];
    double x = 0, c[9 * MXF_N], r[2] = {1.5, 2.5};
    exs_create_opts_init(&o);
    o.clobber = 1;
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_OK(f, exs_def_mesh(f, "model_x", 2, 1));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_def_assembly(f, 9, "all", EXS_ELEM_BLOCK, 1));
    EXS_OK(f, exs_def_red_vars(f, EXS_ASSEMBLY, 2, (const char *const[]){"a", "b"}));
    EXS_OK(f, exs_def_frames(f, MXF_N));
    EXS_OK(f, exs_put_coord(f, 0, 0, 1, EXS_F64, &x));
    EXS_OK(f, exs_put_coord(f, 1, 0, 1, EXS_F64, &x));
    EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, 1, EXS_I64, &one));
    EXS_OK(f, exs_put_assembly_members(f, 9, 0, 1, EXS_I64, &one));
    for (int i = 0; i < MXF_N; i++) {
        ids[i] = mxf_ids[i];
        for (int k = 0; k < 9; k++)
            c[9 * i + k] = mxf_coord(i, k);
    }
    EXS_OK(f, exs_put_frames(f, 0, MXF_N, ids, EXS_F64, c, mxf_tags));
    EXS_OK(f, exs_put_time(f, 0, 0.0));
    EXS_OK(f, exs_put_red_vars(f, EXS_ASSEMBLY, 9, 0, 0, 2, EXS_F64, r));
    EXS_OK(f, exs_close(f));
}

static void check_file(const char *path)
{
    exs_file *f = NULL;
    int64_t n = 0, ids[MXF_N];
    double c[9 * MXF_N];
    char tags[MXF_N];
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    EXS_OK(f, exs_num_frames(f, &n));
    EXS_ASSERT_EQ(n, MXF_N);
    if (n == MXF_N) {
        EXS_OK(f, exs_get_frames(f, 0, n, ids, EXS_F64, c, tags));
        for (int i = 0; i < MXF_N; i++) {
            EXS_ASSERT_EQ(ids[i], mxf_ids[i]);
            EXS_ASSERT_EQ(tags[i], mxf_tags[i]);
            for (int k = 0; k < 9; k++)
                EXS_ASSERT_NEAR(c[9 * i + k], mxf_coord(i, k), 0);
        }
    }
    exs_close(f);
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    if (strcmp(argv[1], "write") == 0)
        write_file(argv[2]);
    else
        check_file(argv[2]);
    return EXS_TEST_END();
}
