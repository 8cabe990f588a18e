/* Template for parallel C fragments: `f` is mesh.exo opened on
 * MPI_COMM_WORLD; conn/nodes/x have room for this rank's element slab
 * (HEX8 mesh: 8 nodes per element). The fragment's calls are collective. */
#include <exoslab_par.h>
#include <stdio.h>
#include <stdlib.h>

static int fragment(exs_file *f, int64_t *conn, int64_t *nodes, double *x)
{
/* SNIPPET */
    return nnodes > 0 || p.elem_count == 0 ? 0 : 1;   /* the closure was found */
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    exs_file *f;
    char msg[512];
    if (exs_open_par_err(argv[1], EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f, msg,
                         sizeof msg) != 0) {
        fprintf(stderr, "%s\n", msg);
        MPI_Finalize();
        return 1;
    }
    int64_t ne = 0;
    exs_inquire(f, EXS_INQ_NUM_ELEM, &ne);
    int64_t *conn = malloc((size_t)(8 * ne + 1) * sizeof *conn);
    int64_t *nodes = malloc((size_t)(8 * ne + 1) * sizeof *nodes);
    double *x = malloc((size_t)(8 * ne + 1) * sizeof *x);
    int rc = fragment(f, conn, nodes, x);
    free(conn), free(nodes), free(x);
    rc = exs_close(f) != 0 || rc != 0;
    MPI_Finalize();
    return rc;
}
