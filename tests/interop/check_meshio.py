"""meshio reads exoslab's files: points, cells, point data."""
import os
import sys

try:
    import meshio
except ImportError:
    print("SKIP: meshio is not installed")
    sys.exit(77)
import numpy as np

import interop_model as m
from interop_model import check


for name in m.FILES:
    path = os.path.join(sys.argv[1], name)
    mesh = meshio.read(path, file_format="exodus")
    pts = np.asarray(mesh.points)
    check(pts.shape == (m.NODES, 3), "points shape %s" % (pts.shape,))
    want = np.array([m.xyz(n) for n in range(m.NODES)])
    check(np.allclose(pts, want, rtol=0, atol=1e-12), "point coordinates")
    hexes = [c.data for c in mesh.cells if c.type == "hexahedron"]
    check(len(hexes) == 2, "two hexahedron blocks, got %s" % [c.type for c in mesh.cells])
    allc = np.concatenate(hexes) if hexes else np.zeros((0, 8))
    check(allc.shape == (m.ELEMS, 8), "cells shape %s" % (allc.shape,))
    wantc = np.array([m.conn(e) for e in range(m.ELEMS)]) - 1
    check(allc.shape == wantc.shape and (allc == wantc).all(), "connectivity")
    pd = mesh.point_data
    check("temp" in pd, "point data 'temp' (have %s)" % list(pd))
    if "temp" in pd:
        tv = np.asarray(pd["temp"])
        # meshio 5 keeps the first step ("Skipping some time data")
        first = tv[0] if tv.ndim == 2 else tv
        check(np.allclose(first, [m.temp(0, n) for n in range(m.NODES)]), "temp values")
    ns = mesh.point_sets
    check(any(len(v) == 9 for v in ns.values()), "node set of 9 (have %s)" % list(ns))
    print("%s: meshio %s read %d points, %d cells" % (name, meshio.__version__, len(pts),
                                                      len(allc)))

m.finish()
