/* A downstream program: writes a 2x1 QUAD4 mesh with one nodal variable,
 * reads it back and checks every value. Built against an INSTALLED exoslab
 * (CMake package or pkg-config), so it uses only the public headers.
 *   hello FILE    prints "hello: ok <version> has_mpi=<0|1>" or fails */
#include <exoslab.h>
#include <stdio.h>

#define CHECK(call)                                                           \
    do {                                                                      \
        int rc_ = (call);                                                     \
        if (rc_ != 0) {                                                       \
            fprintf(stderr, "hello: %s: %s\n", #call,                         \
                    f ? exs_errmsg(f) : exs_strerror(rc_));                   \
            return 1;                                                         \
        }                                                                     \
    } while (0)

static int write_mesh(const char *path)
{
    exs_file *f = NULL;
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.clobber = 1;
    const double x[6] = {0, 1, 2, 0, 1, 2}, y[6] = {0, 0, 0, 1, 1, 1};
    const int32_t conn[8] = {1, 2, 5, 4, 2, 3, 6, 5};
    const double t[6] = {10, 11, 12, 13, 14, 15};
    exs_block_def b = {.id = 7, .type = "QUAD4", .num_entries = 2, .nodes_per_entry = 4};
    CHECK(exs_create(path, &o, &f));
    CHECK(exs_def_mesh(f, "downstream", 2, 6));
    CHECK(exs_def_block(f, EXS_ELEM_BLOCK, &b));
    CHECK(exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"temperature"}));
    CHECK(exs_put_coord(f, 0, 0, 6, EXS_F64, x));
    CHECK(exs_put_coord(f, 1, 0, 6, EXS_F64, y));
    CHECK(exs_put_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 2, EXS_I32, conn));
    CHECK(exs_put_time(f, 0, 0.5));
    CHECK(exs_put_var(f, EXS_NODAL, 0, 0, 0, 0, 6, EXS_F64, t));
    CHECK(exs_close(f));
    return 0;
}

static int read_mesh(const char *path)
{
    exs_file *f = NULL;
    int64_t nodes = 0, elems = 0;
    int32_t conn[8];
    double t[6];
    CHECK(exs_open(path, EXS_READ, &f));
    CHECK(exs_inquire(f, EXS_INQ_NUM_NODES, &nodes));
    CHECK(exs_inquire(f, EXS_INQ_NUM_ELEM, &elems));
    CHECK(exs_get_conn(f, EXS_ELEM_BLOCK, 7, EXS_CONN_NODES, 0, 2, EXS_I32, conn));
    CHECK(exs_get_var(f, EXS_NODAL, 0, 0, 0, 0, 6, EXS_F64, t));
    CHECK(exs_close(f));
    if (nodes != 6 || elems != 2 || conn[6] != 6 || t[5] != 15.0) {
        fprintf(stderr, "hello: read back wrong values\n");
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: hello FILE\n");
        return 2;
    }
    if (write_mesh(argv[1]) || read_mesh(argv[1]))
        return 1;
    printf("hello: ok %s has_mpi=%d\n", exs_version_string(), EXOSLAB_HAS_MPI);
    return exs_version_number() == EXS_VERSION_NUMBER ? 0 : 1;
}
