"""VTK's vtkExodusIIReader reads exoslab's files. VTK reorders points:
values are compared through its PedigreeNodeId array (the node ids)."""
import os
import sys

try:
    from vtkmodules.vtkIOExodus import vtkExodusIIReader
    from vtkmodules.util.numpy_support import vtk_to_numpy
except ImportError:
    print("SKIP: python3-vtk9 is not installed")
    sys.exit(77)
import numpy as np

import interop_model as m
from interop_model import check


def blocks(out):
    it = out.NewIterator()
    it.InitTraversal()
    while not it.IsDoneWithTraversal():
        yield it.GetCurrentDataObject()
        it.GoToNextItem()


for name in m.FILES:
    path = os.path.join(sys.argv[1], name)
    r = vtkExodusIIReader()
    r.SetFileName(path)
    r.UpdateInformation()
    check(r.GetNumberOfTimeSteps() == m.STEPS, "time steps %d" % r.GetNumberOfTimeSteps())
    check(r.GetNumberOfObjects(vtkExodusIIReader.ELEM_BLOCK) == 2, "two element blocks")
    check(r.GetObjectId(vtkExodusIIReader.ELEM_BLOCK, 1) == 2, "block id 2")
    r.SetAllArrayStatus(vtkExodusIIReader.NODAL, 1)
    r.SetAllArrayStatus(vtkExodusIIReader.ELEM_BLOCK, 1)
    r.SetGenerateGlobalNodeIdArray(1)
    r.SetGenerateGlobalElementIdArray(1)
    for step in range(m.STEPS):
        r.SetTimeStep(step)
        r.Update()
        ncells = 0
        for ds in blocks(r.GetOutput()):
            pd = ds.GetPointData()
            # PedigreeNodeId carries the file's node ids (node_num_map):
            # back to 0-based node indices through the closed-form map
            ped = (vtk_to_numpy(pd.GetArray("PedigreeNodeId")) - 100) // 2
            pts = vtk_to_numpy(ds.GetPoints().GetData())
            want = np.array([m.xyz(n) for n in ped])
            check(np.allclose(pts, want, atol=1e-12), "coordinates via PedigreeNodeId")
            temp = vtk_to_numpy(pd.GetArray("temp"))
            check(np.allclose(temp, [m.temp(step, n) for n in ped]), "temp step %d" % step)
            gid = vtk_to_numpy(pd.GetArray("GlobalNodeId"))
            check((gid == [m.node_id(n) for n in ped]).all(), "GlobalNodeId = node_num_map")
            cd = ds.GetCellData()
            eid = vtk_to_numpy(cd.GetArray("GlobalElementId"))
            stress = vtk_to_numpy(cd.GetArray("stress"))
            e0 = eid - 1000
            check(np.allclose(stress, [m.stress(step, e) for e in e0]), "stress step %d" % step)
            for c in range(ds.GetNumberOfCells()):
                cell = ds.GetCell(c)
                got = [int(ped[cell.GetPointId(k)]) + 1 for k in range(8)]
                if got != m.conn(int(e0[c])):
                    check(False, "connectivity of element %d" % e0[c])
                    break
            ncells += ds.GetNumberOfCells()
        check(ncells == m.ELEMS, "cells %d" % ncells)
    print("%s: vtkExodusIIReader read %d cells per step" % (name, m.ELEMS))

m.finish()
