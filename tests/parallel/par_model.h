/* par_model.h -- a synthetic model (many blocks and variables) written in
 * parallel or serially, and checked by a serial read. Values are functions
 * of their position, so any two files written from it must read alike. */
#ifndef PAR_MODEL_H
#define PAR_MODEL_H

#include "exoslab_par.h"
#include "exs_test.h"

enum { PM_NODES = 1000, PM_BLOCKS = 6, PM_PER_BLOCK = 70, PM_NPE = 8,
       PM_NODAL = 3, PM_ELEMV = 4, PM_GLOBAL = 2, PM_STEPS = 3 };

double pm_coord(int axis, int64_t node);
int64_t pm_conn(int64_t elem, int k);
double pm_var(int kind, int var, int64_t step, int64_t entry);

/* Define the model (every rank the same calls). */
void pm_define(exs_file *f);
/* Write it: parallel (collective calls, this rank's partition) or serial. */
void pm_write(exs_file *f, int parallel);
/* Read path serially and check every value. */
void pm_check(const char *path);

#endif
