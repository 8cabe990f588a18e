/* copy_compare.h -- two files compared value by value through exoslab's
 * reader (serial opens): what test_copy and test_copy_par check a copy
 * with. Failures are counted by exs_test.h's assertions. */
#ifndef EXS_COPY_COMPARE_H
#define EXS_COPY_COMPARE_H

/* Everything the reader shows of pa and pb: counts, coordinates, every
 * block, set and map, id maps (stored or not), times, every variable. */
void cmp_files(const char *pa, const char *pb);

#endif
