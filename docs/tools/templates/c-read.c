/* Template for C fragments of the docs that read: `f` is mesh.exo (argv[1])
 * opened for reading, with num_nodes, the nodal variable `var`
 * (temperature) and `step` (the last one) at hand. */
#include <exoslab.h>
#include <stdio.h>
#include <stdlib.h>

static int fragment(exs_file *f, int64_t num_nodes, int var, int64_t step)
{
    (void)num_nodes, (void)var, (void)step;
/* SNIPPET */
    return 0;
}

int main(int argc, char **argv)
{
    exs_file *f;
    char msg[512];
    int64_t num_nodes = 0, steps = 0;
    int var = 0;
    if (argc < 2 || exs_open_err(argv[1], EXS_READ, &f, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s\n", argc < 2 ? "usage: prog FILE" : msg);
        return 1;
    }
    int rc = exs_inquire(f, EXS_INQ_NUM_NODES, &num_nodes);
    if (rc == 0)
        rc = exs_inquire(f, EXS_INQ_NUM_TIMES, &steps);
    if (rc == 0)
        rc = exs_find_var(f, EXS_NODAL, "temperature", &var);
    if (rc == 0)
        rc = fragment(f, num_nodes, var, steps - 1);
    if (rc != 0)
        fprintf(stderr, "%s\n", exs_errmsg(f));
    return exs_close(f) != 0 || rc != 0;
}
