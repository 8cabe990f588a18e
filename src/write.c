/* write.c -- placeholder until the writer lands: nothing to finish. */
#include "internal.h"

int exs_write_finish(exs_file *f)
{
    (void)f;
    return 0;
}
