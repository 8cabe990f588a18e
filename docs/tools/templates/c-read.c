/* Template for C fragments of the docs that read: `f` is mesh.exo (argv[1])
 * opened for reading; the fragment may use stdio/stdlib and exoslab.h. */
#include <exoslab.h>
#include <stdio.h>
#include <stdlib.h>

static int fragment(exs_file *f)
{
/* SNIPPET */
    return 0;
}

int main(int argc, char **argv)
{
    exs_file *f;
    char msg[512];
    if (argc < 2 || exs_open_err(argv[1], EXS_READ, &f, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s\n", argc < 2 ? "usage: prog FILE" : msg);
        return 1;
    }
    int rc = fragment(f);
    return exs_close(f) != 0 || rc != 0;
}
