/* parallel_nompi.c -- serial build: the parallel layer's hooks. The public
 * parallel entry points (exoslab_par.h) are EXS_ENOPAR stubs here. */
#include "internal.h"

void exs_par_free(exs_file *f) { (void)f; }
