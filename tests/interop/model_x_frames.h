/* model_x_frames.h -- the coordinate frames, assembly and reduction values
 * that interop_model_x (exoslab) and exodusii_model_x (libexodusII 6.02,
 * standalone) write and check in each other's files. Plain C, no library. */
#ifndef MODEL_X_FRAMES_H
#define MODEL_X_FRAMES_H

#define MXF_N 3
static const int mxf_ids[MXF_N] = {11, 22, 33};
static const char mxf_tags[MXF_N + 1] = "RCS";

/* Coordinate k (0..8) of frame i. */
static inline double mxf_coord(int i, int k) { return 10.0 * i + 0.5 * k - 1.0; }

#endif
