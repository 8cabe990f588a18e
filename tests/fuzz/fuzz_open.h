/* fuzz_open.h -- the fuzz target's body, shared by the libFuzzer binary
 * (fuzz_open) and the plain replay program (fuzz_replay). */
#ifndef EXS_FUZZ_OPEN_H
#define EXS_FUZZ_OPEN_H

#include <stddef.h>
#include <stdint.h>

/* Open the bytes as a file and read everything it declares. Returns the
 * open's (or close's) code: 0, or the negative EXS_E* code. */
int exs_fuzz_one(const uint8_t *data, size_t size);

/* libFuzzer's entry point: exs_fuzz_one, always 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
