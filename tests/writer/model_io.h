/* model_io.h -- writing and checking the model of model.h. */
#ifndef EXS_WRITER_MODEL_IO_H
#define EXS_WRITER_MODEL_IO_H

#include "model.h"

int64_t m_id_map(exs_kind k, int int64, int64_t i);
int64_t m_set_entry(exs_kind k, int64_t i);
int64_t m_set_extra(exs_kind k, int64_t i);
int64_t m_conn(const m_block *b, exs_conn which, int64_t k);
int64_t m_conn_len(const m_block *b, exs_conn which);

/* Create path with o and write the whole model (3 steps) in slabs; returns
 * exs_create's or exs_close's code (assertion failures are counted). */
int m_write(const char *path, const exs_create_opts *o);
/* Results of one step, in slabs. */
void m_put_step_vars(exs_file *f, int64_t step);
/* Check an open file against the model: nsteps steps, int64 maps. */
void m_check(exs_file *f, int int64, int64_t nsteps);

#endif
