/* Template for C fragments that are a whole main() body: argv[1] is mesh.exo. */
#include <exoslab.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
/* SNIPPET */
    return 0;
}
