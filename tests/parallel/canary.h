/* canary.h -- guard values after the documented end of a buffer.
 *
 * A test places a canary (CANARY_BYTES of a pattern no read produces)
 * right after the bytes a call may write, makes the call, then checks the
 * canary: a library write past the caller's buffer fails the test even
 * where no sanitizer watches (and under ASan the heap redzone is further
 * away than the canary, which catches the first byte past the end). */
#ifndef CANARY_H
#define CANARY_H

#include <stddef.h>
#include <stdint.h>

enum { CANARY_BYTES = 16, CANARY_SLOTS = CANARY_BYTES / 8 };

/* Write the pattern at (char *)buf + bytes. */
void canary_set(void *buf, size_t bytes);
/* 1 if intact; otherwise a test failure naming `what`. Counts a check. */
int canary_check(const void *buf, size_t bytes, const char *what);
/* Checks run so far on this rank. */
long long canary_count(void);
/* Print the sum over ranks (rank 0): "<label>: N canary checks". */
void canary_report(const char *label);

/* Set, call, check: `call` may write n values of width w at buf. */
#define CANARY_CALL(f, buf, n, w, call)                                       \
    do {                                                                      \
        size_t cb_ = (size_t)(n) * (size_t)(w);                               \
        canary_set((buf), cb_);                                               \
        EXS_OK((f), (call));                                                  \
        canary_check((buf), cb_, #call);                                      \
    } while (0)

#endif
