/* quad_mesh.h -- a generated 2D quad mesh with a known answer for the
 * decomposition tests: nx x ny QUAD4 in two blocks (columns i < nx/2 in
 * block 10, the rest in block 20), one extra node no element touches,
 * node ids 1000 + 3 i, element ids 5000 + 7 g, nodal "temp" and element
 * "stress" (block 20 only) in closed form. */
#ifndef QUAD_MESH_H
#define QUAD_MESH_H

#include <stdint.h>

#include "exoslab.h"

typedef struct quad_mesh {
    int64_t nx, ny, nn, ne;
    int64_t nb[2];  /* entries per block */
    int64_t *conn;  /* ne x 4, 1-based, file order (block 10, then 20) */
    int64_t *cell;  /* ne: the (j * nx + i) cell at each file position */
} quad_mesh;

/* The mesh in memory; shuffle != 0 orders each block's cells randomly
 * (fixed seed) instead of row by row. */
int quad_mesh_init(quad_mesh *m, int64_t nx, int64_t ny, int shuffle);
void quad_mesh_free(quad_mesh *m);
/* Write it (serial) with 3 steps. */
int quad_mesh_write(const quad_mesh *m, const char *path, exs_format fmt);

double quad_x(const quad_mesh *m, int64_t node0, int axis);
double quad_temp(int64_t node0, int64_t step);
double quad_stress(int64_t elem0, int64_t step);
static inline int64_t quad_node_id(int64_t node0) { return 1000 + 3 * node0; }
static inline int64_t quad_elem_id(int64_t elem0) { return 5000 + 7 * elem0; }

#endif
