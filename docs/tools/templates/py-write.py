# Template for Python fragments of the docs that write: a 2x1x1 HEX8 mesh
# (xyz, hexes) with two steps of data (times, temp, stress).
import numpy as np

import exoslab

xyz = np.array([[x, y, z] for z in (0, 1) for y in (0, 1) for x in (0, 1, 2)], float)
hexes = np.array([[1, 2, 5, 4, 7, 8, 11, 10], [2, 3, 6, 5, 8, 9, 12, 11]])
times = [0.0, 0.5]
temp = np.array([xyz[:, 0] + t for t in times])
stress = np.array([[1.0, 2.0], [3.0, 4.0]])
# SNIPPET
with exoslab.open("out.exo") as g:
    assert g.num_nodes == 12 and g.num_elem == 2 and g.num_times == 2
    assert np.array_equal(g.element("stress", 1, 1), stress[1])
