/* test_par_indep.c -- the plain accessors on a parallel handle are
 * independent: one rank reads alone while the others do nothing, without
 * a hang, and gets the serial values (PnetCDF and uncompressed netCDF-4,
 * fixed-size variables). */
#include "exs_test_mpi.h"
#include "par_model.h"

static void one(const char *name)
{
    char path[1024];
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), name);
    exs_file *p = NULL, *s = NULL;
    EXS_OK(p, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &p));
    if (!p)
        return;
    if (rank == size - 1) {
        int64_t nn = 0;
        exs_inquire(p, EXS_INQ_NUM_NODES, &nn);
        double *a = malloc((size_t)nn * 8 + 8), *b = malloc((size_t)nn * 8 + 8);
        EXS_OK(s, exs_open(path, EXS_READ, &s));
        EXS_OK(p, exs_get_coord(p, 0, 0, nn, EXS_F64, a));
        EXS_OK(s, exs_get_coord(s, 0, 0, nn, EXS_F64, b));
        EXS_ASSERT(nn > 0 && memcmp(a, b, (size_t)nn * 8) == 0);
        int64_t *c = (int64_t *)a, *d = (int64_t *)b, ids[64], nb = 0;
        exs_num_entities(s, EXS_ELEM_BLOCK, &nb);
        exs_get_ids(s, EXS_ELEM_BLOCK, ids);
        exs_entity_info e;
        exs_get_entity(s, EXS_ELEM_BLOCK, ids[0], &e);
        int64_t n = e.num_entries < 8 ? e.num_entries : 8;
        EXS_OK(p, exs_get_conn(p, EXS_ELEM_BLOCK, ids[0], EXS_CONN_NODES, 0, n,
                               EXS_I64, c));
        EXS_OK(s, exs_get_conn(s, EXS_ELEM_BLOCK, ids[0], EXS_CONN_NODES, 0, n,
                               EXS_I64, d));
        EXS_ASSERT(memcmp(c, d, (size_t)(n * e.nodes_per_entry) * 8) == 0);
        exs_close(s);
        free(a), free(b);
    }
    EXS_OK(p, exs_close(p));
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    one("libmesh__read_exodus_HEX20.e");     /* CDF-2: PnetCDF independent mode */
    one("petsc__hybrid_hexwedge.exo");       /* netCDF-4, uncompressed */
    return exs_test_mpi_end();
}
