/*
 * interop_model.h -- the mesh exoslab writes for the other readers, in
 * closed form (no library headers: the libexodusII checker includes it).
 *
 * A 3 x 2 x 2 grid of HEX8 elements (36 nodes, 12 elements) in two blocks
 * (elements 0..7 and 8..11), node set 10 (the x = 0 plane, with
 * distribution factors), side set 20 (side 4 of the elements at x = 0,
 * 4 factors per side), node and element id maps, 2 time steps of a global,
 * a nodal and an element variable.
 */
#ifndef EXS_INTEROP_MODEL_H
#define EXS_INTEROP_MODEL_H

#define IM_NX 3
#define IM_NY 2
#define IM_NZ 2
#define IM_NODES ((IM_NX + 1) * (IM_NY + 1) * (IM_NZ + 1))
#define IM_ELEMS (IM_NX * IM_NY * IM_NZ)
#define IM_BLK1 8
#define IM_STEPS 2
#define IM_NS_LEN ((IM_NY + 1) * (IM_NZ + 1))
#define IM_SS_LEN (IM_NY * IM_NZ)

static inline long long im_node(int i, int j, int k)
{
    return i + (IM_NX + 1) * (j + (IM_NY + 1) * k);
}
static inline double im_x(long long n) { return (double)(n % (IM_NX + 1)); }
static inline double im_y(long long n) { return 0.5 * (double)((n / (IM_NX + 1)) % (IM_NY + 1)); }
static inline double im_z(long long n) { return 0.25 * (double)(n / ((IM_NX + 1) * (IM_NY + 1))); }

/* Node c (0..7) of element e, 1-based, standard hex order. */
static inline long long im_conn(long long e, int c)
{
    int i = (int)(e % IM_NX), j = (int)((e / IM_NX) % IM_NY), k = (int)(e / (IM_NX * IM_NY));
    static const int di[8] = {0, 1, 1, 0, 0, 1, 1, 0}, dj[8] = {0, 0, 1, 1, 0, 0, 1, 1},
                     dk[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    return im_node(i + di[c], j + dj[c], k + dk[c]) + 1;
}

/* Node set member m: the m-th node with i == 0 (1-based). */
static inline long long im_ns_node(int m)
{
    return im_node(0, m % (IM_NY + 1), m / (IM_NY + 1)) + 1;
}
static inline double im_ns_df(int m) { return 1.0 + 0.01 * m; }
/* Side set member m: element with i == 0, side 4 (the x-min face). */
static inline long long im_ss_elem(int m) { return (long long)IM_NX * m + 1; }
static inline double im_ss_df(int m) { return 2.0 + 0.5 * m; }

static inline long long im_node_id(long long n) { return 100 + 2 * n; }
static inline long long im_elem_id(long long e) { return 1000 + e; }

static inline double im_time(int s) { return 0.5 + s; }
static inline double im_glob(int s) { return 10.0 * s + 1.0; }
static inline double im_temp(int s, long long n) { return im_x(n) + im_y(n) + im_z(n) + s; }
static inline double im_stress(int s, long long e) { return 10.0 * e + s; }

#endif
