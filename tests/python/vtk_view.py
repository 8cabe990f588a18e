"""What VTK's vtkExodusIIReader reads of Exodus files, as one digest per
file, for comparing a copy with its original (test_copy.py runs this in a
child process: VTK brings its own netCDF and exodus libraries).

    vtk_view.py FILE...   ->  JSON {file: digest or null (VTK cannot read it)}

VTK reorders points, so everything is keyed by PedigreeNodeId (the file's
node ids) and PedigreeElementId: per element block (by id, in VTK's
order), the cell types, each cell's nodes as node ids, the coordinates
and every nodal and element array at the first and the last step, sorted
by id. Exit 77 when python3-vtk9 is absent."""
import hashlib
import json
import sys

try:
    from vtkmodules.vtkIOExodus import vtkExodusIIReader
    from vtkmodules.util.numpy_support import vtk_to_numpy
except ImportError:
    print("SKIP: python3-vtk9 is not installed")
    sys.exit(77)
import numpy as np


def _datasets(out):
    it = out.NewIterator()
    it.InitTraversal()
    while not it.IsDoneWithTraversal():
        yield it.GetCurrentDataObject()
        it.GoToNextItem()


def _arrays(data, order):
    """name -> values in `order`, for every array but the id arrays."""
    got = {}
    for i in range(data.GetNumberOfArrays()):
        a = data.GetArray(i)
        if a is None or a.GetName() in ("PedigreeNodeId", "PedigreeElementId",
                                        "GlobalNodeId", "GlobalElementId",
                                        "ObjectId"):
            continue
        got[a.GetName()] = vtk_to_numpy(a)[order]
    return got


def _block(ds, parts, tag, dim):
    """Digests of one block's ids, points, cells and arrays into parts."""
    def put(name, data):
        h = parts.setdefault(f"{tag} {name}", hashlib.sha256())
        h.update(data)
    pd, cd = ds.GetPointData(), ds.GetCellData()
    nid = vtk_to_numpy(pd.GetArray("PedigreeNodeId"))
    eid = vtk_to_numpy(cd.GetArray("PedigreeElementId"))
    po, co = np.argsort(nid, kind="stable"), np.argsort(eid, kind="stable")
    put("node ids", nid[po].astype(np.int64).tobytes())
    put("element ids", eid[co].astype(np.int64).tobytes())
    # only the file's num_dim components: VTK leaves the others of a 1-D
    # or 2-D mesh unset (they differ from read to read)
    pts = vtk_to_numpy(ds.GetPoints().GetData())[po][:, :dim]
    put("points", np.round(pts, 12).tobytes())
    for c in co:
        cell = ds.GetCell(int(c))
        ids = [int(nid[cell.GetPointId(k)]) for k in range(cell.GetNumberOfPoints())]
        put("cells", np.array([cell.GetCellType()] + ids, dtype=np.int64).tobytes())
    for kind, order in ((pd, po), (cd, co)):
        for name, vals in sorted(_arrays(kind, order).items()):
            put(f"array {name}", np.round(np.asarray(vals, dtype=float), 12).tobytes())


def digest(path):
    r = vtkExodusIIReader()
    if not r.CanReadFile(path):
        return None
    r.SetFileName(path)
    r.UpdateInformation()
    for kind in (vtkExodusIIReader.NODAL, vtkExodusIIReader.ELEM_BLOCK):
        r.SetAllArrayStatus(kind, 1)
    r.SetGenerateGlobalNodeIdArray(1)      # also makes the Pedigree*Id arrays
    r.SetGenerateGlobalElementIdArray(1)
    nsteps = r.GetNumberOfTimeSteps()
    parts = {}
    for step in sorted({0, max(nsteps - 1, 0)}):
        r.SetTimeStep(step)
        r.Update()
        for b, ds in enumerate(_datasets(r.GetOutput())):
            if ds.GetNumberOfCells() > 0:
                _block(ds, parts, f"step {step} block {b}", r.GetDimensionality())
    return {"steps": nsteps, "blocks": r.GetNumberOfObjects(vtkExodusIIReader.ELEM_BLOCK),
            **{k: h.hexdigest()[:16] for k, h in parts.items()}}


if __name__ == "__main__":
    out = {}
    for p in sys.argv[1:]:
        try:
            out[p] = digest(p)
        except Exception as e:      # VTK cannot read it: say so, do not fail
            out[p] = None
            print(f"{p}: {e}", file=sys.stderr)
    print(json.dumps(out))
