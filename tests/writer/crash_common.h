/* crash_common.h -- what the crash-safety tests share: a model written
 * in phases (so a writer can be stopped after any of them), its check, file
 * hashes and the count of temporaries beside a target. */
#ifndef EXS_CRASH_COMMON_H
#define EXS_CRASH_COMMON_H

#include <stdint.h>

#include "exoslab.h"

/* The model: a g x g x g grid of nodes, HEX8 elements, one nodal variable
 * over CRASH_STEPS steps; `variant` changes every value, so two variants
 * never share bytes. */
#define CRASH_STEPS 4

/* Phases after which write_phased may kill its own process (SIGKILL):
 * 1 created, 2 defined, 3 header written, 4 coordinates, 5 connectivity,
 * 6 steps, 7 synced; 0 never. */
#define CRASH_PHASES 7

/* Writes the model through an open handle (no create, no close). Returns
 * the first failure. kill_after: the phase after which to SIGKILL this
 * process (0: none). */
int crash_fill(exs_file *f, int g, int variant, int kill_after);

/* Create (clobber or not), fill and close. */
int crash_write(const char *path, exs_format fmt, int clobber, int g, int variant,
                int kill_after);

/* 1 when the file opens and holds exactly model (g, variant). */
int crash_check(const char *path, int g, int variant);

/* FNV-1a of the file's bytes; 0 and size -1 if it cannot be read. */
uint64_t crash_hash(const char *path, long *size);

/* Entries ".BASE.exs-*" in the directory of path. */
int crash_count_temps(const char *path);

#endif
