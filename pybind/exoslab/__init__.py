"""exoslab -- slab-based I/O of Exodus II mesh files, serial or with MPI.

    import exoslab
    with exoslab.open("mesh.exo") as f:
        xyz = f.coords()                      # (num_nodes, num_dim)
        for bid, info in f.blocks.items():
            conn = f.connectivity(bid)        # (num_entries, nodes_per_entry)
        t = f.nodal("temperature", step=-1)

Arrays are allocated by numpy and filled by the C library in its single
read pass; ``out=`` fills an array of yours in place. Errors are
exoslab.Error subclasses: NotFoundError (also KeyError), ArgumentError
(also ValueError) and FileError (also OSError). With the MPI build, pass an
mpi4py communicator as ``comm=`` for a parallel (collective) open.
``exoslab.File(path)`` opens as ``exoslab.open(path)`` does. Blocks, sets
and named maps are given by id or by name (``f.connectivity("steel")``);
the argument order is explained in exoslab._file's docstring and
docs/python.md. ``from exoslab import *`` does not bind ``open``, so the
builtin stays.
"""

from . import _ext
from ._ext import ArgumentError, Error, FileError, NotFoundError
from ._file import (EntityInfo, Entities, File, Partition, create, open)
from ._dmesh import BlockPart, DistributedMesh, ResultsFile, copy_mesh, unique_nodes
from ._kinds import Conn, Inq, Kind
from ._model import AssemblyInfo, BlobInfo, Frames
from ._nemesis import JoinSummary, join_nemesis, nemesis_files, nemesis_name
from .exomerge import ExodusModel, import_model
from ._copy import copy

#: "MAJOR.MINOR.PATCH" of the C library actually loaded.
__version__: str = "%d.%d.%d" % (_ext.VERSION_NUMBER // 10000,
                                 _ext.VERSION_NUMBER // 100 % 100,
                                 _ext.VERSION_NUMBER % 100)
#: "MAJOR.MINOR.PATCH (serial|mpi)" of the C library actually loaded.
library_version: str = _ext.LIB_VERSION
#: True in the MPI build (comm= accepted).
HAVE_MPI: bool = bool(_ext.HAVE_MPI)

# Not "open": `from exoslab import *` must not shadow the builtin open().
__all__ = [
    "create", "File", "EntityInfo", "Entities", "Partition", "Kind",
    "Inq", "Conn", "Error", "NotFoundError", "ArgumentError", "FileError",
    "ExodusModel", "import_model", "HAVE_MPI", "library_version",
    "DistributedMesh", "BlockPart", "ResultsFile", "copy_mesh", "unique_nodes",
    "AssemblyInfo", "BlobInfo", "Frames",
    "join_nemesis", "nemesis_name", "nemesis_files", "JoinSummary",
    "copy",
]
