/* Template for C fragments that are a main() body: `path` is mesh.exo
 * (argv[1]); the fragment may return early. */
#include <exoslab.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "mesh.exo";
    (void)path;
/* SNIPPET */
    return 0;
}
