/* attrs_io.h -- the attribute test model (tests/interop/attrs_model.h)
 * written and checked through exoslab: each rank its share of every array
 * with the `_all` calls (on a serial handle those are the plain calls). */
#ifndef EXS_ATTRS_IO_H
#define EXS_ATTRS_IO_H

#include "exoslab.h"
#include "../interop/attrs_model.h"

/* Rank r's share [*st, *st + *ct) of n entries over nr ranks. */
void am_share(int64_t n, int r, int nr, int64_t *st, int64_t *ct);

/* Define and write the model into a new handle. all: also the edge and
 * face blocks and sets (else only what libexodusII's files hold too);
 * order_map: declare and write the reversed order map. */
void am_write(exs_file *f, int rank, int nranks, int all, int order_map);

/* Read it back and compare value by value: counts, names, every set's and
 * the nodes' attributes (each rank its share; collective: the `_all`
 * calls), the order map (the identity when order_map is 0). */
void am_check(exs_file *f, int rank, int nranks, int collective, int all,
              int order_map);

/* The exoslab kind of an am_set kind. */
static inline exs_kind am_kind(int k) { return (exs_kind)(EXS_NODE_SET + k); }

#endif
