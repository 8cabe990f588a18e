/*
 * model.h -- a model that uses every feature of the writer, with every value
 * in closed form, so a test can write it in slabs and check it on read-back
 * without keeping a copy. Shared by test_roundtrip and the interop
 * generator (gen_interop.c).
 */
#ifndef EXS_WRITER_MODEL_H
#define EXS_WRITER_MODEL_H

#include <stdint.h>

#include "exoslab.h"

#define M_NODES 40
#define M_STEPS 3
#define M_NUM_ELEM 17 /* 6 + 4 + 2 + 0 + 5 */

/* Closed-form values. */
static inline double m_coord(int axis, int64_t i) { return axis * 100.0 + i * 0.5 + 0.125; }
static inline int64_t m_node_of(int64_t tag, int64_t i) { return (i * 7 + tag * 3) % M_NODES + 1; }
static inline double m_real(int64_t tag, int64_t i) { return tag * 1000.0 + i + 0.25; }
static inline double m_var(int kind, int64_t id, int var, int64_t step, int64_t i)
{
    return kind * 1.0e5 + id * 100.0 + var * 10.0 + step + i * 0.001;
}
static inline double m_time(int64_t step) { return 0.5 * (double)(step + 1); }

/* Blocks of the model. */
typedef struct m_block {
    exs_kind kind;
    int64_t id;
    const char *type;
    int64_t n, npe, epe, fpe, nattr;
    const char *name;
} m_block;

static const m_block m_blocks[] = {
    {EXS_ELEM_BLOCK, 10, "HEX8", 6, 8, 12, 6, 2, "hexes"},
    {EXS_ELEM_BLOCK, 20, "NSIDED", 4, 16, 0, 0, 1, "polys"},
    {EXS_ELEM_BLOCK, 30, "NFACED", 2, 0, 0, 9, 0, "polyhedra"},
    {EXS_ELEM_BLOCK, 40, "", 0, 0, 0, 0, 0, "empty"},
    {EXS_ELEM_BLOCK, 50, "TETRA4", 5, 4, 0, 0, 0, ""},
    {EXS_FACE_BLOCK, 100, "QUAD4", 9, 4, 0, 0, 1, "quads"},
    {EXS_FACE_BLOCK, 101, "NSIDED", 3, 12, 0, 0, 0, "polyfaces"},
    {EXS_EDGE_BLOCK, 200, "BAR2", 12, 2, 0, 0, 1, "bars"},
};
#define M_NBLOCKS ((int)(sizeof m_blocks / sizeof m_blocks[0]))

/* Per-entry counts of NSIDED/NFACED blocks. */
static inline int64_t m_entry_count(int64_t id, int64_t i)
{
    static const int64_t b20[4] = {4, 5, 3, 4}, b30[2] = {5, 4}, b101[3] = {3, 4, 5};
    return id == 20 ? b20[i] : id == 30 ? b30[i] : b101[i];
}

typedef struct m_set {
    exs_kind kind;
    int64_t id, n, ndf;
    const char *name;
} m_set;

static const m_set m_sets[] = {
    {EXS_NODE_SET, 1, 10, 10, "inlet"},  {EXS_NODE_SET, 2, 5, 0, ""},
    {EXS_SIDE_SET, 3, 6, 12, "walls"},   {EXS_SIDE_SET, 4, 3, 0, "top"},
    {EXS_EDGE_SET, 5, 4, 4, "edges"},    {EXS_FACE_SET, 6, 3, 0, "faces"},
    {EXS_ELEM_SET, 7, 5, 5, "elems"},
};
#define M_NSETS ((int)(sizeof m_sets / sizeof m_sets[0]))

/* Variables per kind (0 = none). */
static inline int m_nvars(exs_kind k)
{
    switch (k) {
    case EXS_GLOBAL: return 3;
    case EXS_NODAL: return 2;
    case EXS_ELEM_BLOCK: return 2;
    case EXS_EDGE_BLOCK: case EXS_FACE_BLOCK: case EXS_NODE_SET: case EXS_SIDE_SET:
    case EXS_EDGE_SET: case EXS_FACE_SET: case EXS_ELEM_SET: return 1;
    default: return 0;
    }
}

/* The truth table's hole: element block 20 has no variable 1. */
static inline int m_truth(exs_kind k, int64_t id, int var)
{
    return !(k == EXS_ELEM_BLOCK && id == 20 && var == 1);
}

#endif
