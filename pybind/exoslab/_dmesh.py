"""DistributedMesh: the partition a solver computes on (exs_dmesh).

    mesh = exoslab.DistributedMesh(f, method="linear", ghosts=1)
    for bid, blk in mesh.blocks.items():
        blk.connectivity        # (owned + ghosts, nodes_per_entry), local 0-based
    mesh.coords                 # (num_nodes, num_dim) of every local node
    t = mesh.field("temp", step=-1)

Built in ONE collective call: every rank of f's communicator constructs it
once, and field() is collective too. Local nodes come owned first, then
shared (touched by owned elements, owned by a neighbour), then ghost (only
touched by ghost elements). A node is owned by the lowest rank owning an
element that touches it (an untouched node by the rank whose node slab
holds it). shared[rank] lists the local nodes both ranks touch, ascending
in global index on both sides (Nemesis-style node communication maps).

A mesh also goes to and comes from a Nemesis file-per-rank set (SEACAS's
base.P.r files with load-balance data): mesh.write_nemesis("mesh.e")
writes mesh.e.P.r from every rank, and
DistributedMesh.from_nemesis("mesh.e", comm) reads such a set back at P
ranks (each rank its own file).
"""
from __future__ import annotations

import os
import typing
from typing import Any, Dict, Mapping, Optional, Sequence, Union

import numpy as np
from numpy.typing import ArrayLike

from . import _ext
from ._file import File
from ._kinds import Kind, format_of

#: element values of one step: {block id: array} (as field() gives) or one
#: flat array of the local elements, block after block
ElementValues = Union[Mapping[int, ArrayLike], ArrayLike]

__all__ = ["DistributedMesh", "BlockPart", "ResultsFile", "unique_nodes", "copy_mesh"]


class BlockPart(typing.NamedTuple):
    """One element block's share on this rank: owned entries, then ghosts."""
    id: int
    nodes_per_entry: int
    num_owned: int
    connectivity: np.ndarray   # (n, nodes_per_entry) int64, local 0-based
    elem_global: np.ndarray    # 0-based global element index (file order)
    elem_ids: np.ndarray       # elem_num_map ids

    @property
    def num_ghosts(self) -> int:
        """How many ghost entries follow the owned ones."""
        return len(self.elem_global) - self.num_owned


def unique_nodes(conn: ArrayLike) -> np.ndarray:
    """The distinct node numbers of conn, ascending (exs_unique_nodes)."""
    return _ext.unique_nodes(conn)


def copy_mesh(src: File, dst: File, nodal: Sequence[str] = (), element: Sequence[str] = (),
              globals: Sequence[str] = (), truth: Optional[ArrayLike] = None) -> None:
    """Copy the mesh of open File src into dst, a File just created (on
    the same ranks, nothing defined yet), and define the named results
    variables: exs_copy_mesh_all. Collective on parallel files."""
    tab = None if truth is None else np.ascontiguousarray(truth, dtype=np.int32)
    _ext.copy_mesh(src._h, dst._h, [str(n) for n in globals], [str(n) for n in nodal],
                   [str(n) for n in element], tab)


class DistributedMesh:
    """A distributed mesh of an open exoslab.File (see the module doc).

    method: "linear" (the chunk-aligned file slabs), or "rcb", "rib",
    "hsfc", "graph" where this build has Zoltan / PT-Scotch (otherwise
    exoslab.Error with EXS_ENOTBUILT on every rank). ghosts: 0 or 1.
    """

    def __init__(self, f: File, method: str = "linear", ghosts: int = 0,
                 block_bytes: int = 0) -> None:
        self.file: Optional[File] = f
        self.method = method
        self._load(_ext.dmesh_build(f._h, str(method), int(ghosts), int(block_bytes)))

    @classmethod
    def from_nemesis(cls, base: Union[str, os.PathLike], comm: Any = None) -> DistributedMesh:
        """Collective over comm: the Nemesis set base.P.r read back at the
        P ranks of comm (None: a set of one file, base.1.0), each rank
        opening its own file (exs_dmesh_read_nemesis_par). Every element
        of a rank's file is owned there; local nodes are owned, then
        shared (no ghosts); global indices come from the files'
        node_num_map / elem_num_map, sharing from the node communication
        maps; a node is owned by the lowest rank holding it. A missing
        file, files of different sets or a set of another size raise on
        every rank. The mesh has no file behind it: field() and the
        results writers are not available (file is None)."""
        self = cls.__new__(cls)
        self.file = None
        self.method = "nemesis"
        self._load(_ext.dmesh_read_nemesis(os.fspath(base), comm))
        return self

    def write_nemesis(self, base: Union[str, os.PathLike], format: Union[str, int] = "cdf2",
                      int64: bool = False, clobber: bool = False) -> None:
        """Collective: every rank writes its part to base.P.r (the rank
        zero-padded to the width of P, as SEACAS names them): its owned
        elements, the nodes they touch, the node and side sets restricted
        to them, the block attributes, the source's id maps (positions in
        the named map exs_global_position), every step of the file's
        global, nodal and element variables, and the Nemesis load-balance
        data (global counts, node and element maps, node and element
        communication maps; exs_dmesh_write_nemesis). Ghosts are not
        written. format, int64:
        as exoslab.create; clobber: overwrite existing files."""
        _ext.dmesh_write_nemesis(self._cap, os.fspath(base), format_of(format),
                                 int(bool(int64)), int(bool(clobber)))

    def _load(self, d: Dict[str, Any]) -> None:
        self._cap = d["capsule"]
        self.blocks = {bid: BlockPart(bid, npe, own, conn, eg, ei)
                       for bid, (npe, own, conn, eg, ei) in d["blocks"].items()}
        glob, ids, xyz, owner = d["nodes"]
        self.node_global = glob        # 0-based global node index
        self.node_ids = ids            # node_num_map ids
        self.coords = np.ascontiguousarray(xyz.T)
        self.node_owner = owner        # owning rank of every local node
        self.shared = d["shared"]      # {rank: local node indices}
        self.num_owned_nodes = d["owned_nodes"]
        self.num_shared_nodes = d["shared_nodes"]
        self.num_ghost_nodes = d["ghost_nodes"]
        self.num_owned_elems = d["owned_elems"]
        self.num_ghost_elems = d["ghost_elems"]

    @property
    def num_nodes(self) -> int:
        """How many local nodes: owned, then shared, then ghost."""
        return len(self.node_global)

    @property
    def neighbors(self) -> list:
        """The ranks this rank shares nodes with, ascending."""
        return sorted(self.shared)

    @property
    def owned_nodes(self) -> slice:
        """The slice of the owned nodes among the local ones."""
        return slice(0, self.num_owned_nodes)

    def field(self, name: Union[str, int],
              step: int) -> Union[np.ndarray, Dict[int, np.ndarray]]:
        """A nodal variable at every local node (array), or an element
        variable at every local element ({block id: array}, NaN where the
        truth table says it is absent). Collective."""
        f = self._file_or_raise()
        step = step + f.num_times if step < 0 else step
        if isinstance(name, str) and name in f.nodal_var_names:
            var = f.nodal_var_names.index(name)
            return _ext.dmesh_field(f._h, self._cap, False, var, step)
        var = f.var_index(Kind.ELEM_BLOCK, name)
        flat = _ext.dmesh_field(f._h, self._cap, True, var, step)
        out: Dict[int, np.ndarray] = {}
        at = 0
        for bid, blk in self.blocks.items():
            n = len(blk.elem_global)
            out[bid] = flat[at:at + n]
            at += n
        return out

    def _file_or_raise(self) -> File:
        if self.file is None:
            raise _ext.Error("a mesh read from a Nemesis set has no file to read "
                             "fields from or copy a mesh out of")
        return self.file

    def create_results(self, path: Union[str, os.PathLike], nodal: Sequence[str] = (),
                       element: Sequence[str] = (), globals: Sequence[str] = (),
                       truth: Optional[ArrayLike] = None, **create: Any) -> ResultsFile:
        """Collective: a results file at path that keeps this mesh's file's
        mesh (coordinates, blocks, sets, maps, names, properties, QA, info:
        exs_copy_mesh_all) with the named nodal, element and global
        variables defined (truth: blocks x element variables, 0/1, or None
        for all). create: exoslab.create's options (format, clobber,
        int64, float_size, ...). Returns a ResultsFile; write steps with
        its write_step()."""
        from ._file import create as _create
        f = self._file_or_raise()
        create.setdefault("int64", f.int64)
        create.setdefault("float_size", f.float_size)
        g = _create(path, comm=f.comm, **create)
        try:
            copy_mesh(f, g, nodal, element, globals, truth)
        except BaseException:
            g.close()
            raise
        return ResultsFile(self, g, list(globals), list(nodal), list(element))

    def write_results(self, path: Union[str, os.PathLike], times: Sequence[float],
                      nodal: Optional[Mapping[str, Sequence[ArrayLike]]] = None,
                      element: Optional[Mapping[str, Sequence[ElementValues]]] = None,
                      globals: Optional[Mapping[str, Sequence[float]]] = None,
                      truth: Optional[ArrayLike] = None, **create: Any) -> None:
        """Collective: the composed write in one call. times: the step
        times; nodal {name: values per step, each an array of num_nodes
        local values}; element {name: values per step, each {block id:
        array} as field() gives, or one flat array}; globals {name: values
        per step}. Only what this rank owns is written; the file holds
        every node and element once, in the original order."""
        nodal, element, globals = nodal or {}, element or {}, globals or {}
        with self.create_results(path, list(nodal), list(element), list(globals),
                                 truth=truth, **create) as r:
            for s, t in enumerate(times):
                r.write_step(s, t, {k: v[s] for k, v in nodal.items()},
                             {k: v[s] for k, v in element.items()},
                             {k: v[s] for k, v in globals.items()})

    def gather_nodal(self, what: int, sub: int, step: int, nodes: ArrayLike) -> np.ndarray:
        """Collective: the nodal field (0 coordinate axis `sub`, 1 nodal
        variable `sub` at `step`) at any 1-based nodes (exs_gather_nodal_all)."""
        f = self._file_or_raise()
        p = f.partition()
        return _ext.gather_nodal(f._h, p.node_start, p.node_count,
                                 int(what), int(sub), int(step), nodes)

    def __repr__(self) -> str:
        return (f"<DistributedMesh {self.method}: {self.num_owned_elems}+"
                f"{self.num_ghost_elems} elements, {self.num_owned_nodes}/"
                f"{self.num_shared_nodes}/{self.num_ghost_nodes} nodes, "
                f"neighbours {self.neighbors}>")


class ResultsFile:
    """A results file made by DistributedMesh.create_results: each step,
    every rank hands in its local values and what it owns is written
    (exs_dmesh_write_results). Collective, like the file it wraps."""

    def __init__(self, mesh: DistributedMesh, file: File, globals: Sequence[str],
                 nodal: Sequence[str], element: Sequence[str]) -> None:
        self.mesh, self.file = mesh, file
        self.global_names, self.nodal_names, self.element_names = globals, nodal, element

    def _rows(self, names, values, n, flat):
        rows = np.empty((len(names), n), dtype=np.float64)
        for i, name in enumerate(names):
            if name not in values:
                raise ValueError(f"no values for variable {name!r}")
            rows[i] = flat(values[name])
        return rows

    def _flat_elems(self, v):
        if isinstance(v, dict):
            return np.concatenate([np.asarray(v[bid], dtype=np.float64).ravel()
                                   for bid in self.mesh.blocks] or [np.empty(0)])
        return np.asarray(v, dtype=np.float64).ravel()

    def write_step(self, step: int, time: float, nodal: Optional[Mapping[str, ArrayLike]] = None,
                   element: Optional[Mapping[str, ElementValues]] = None,
                   globals: Optional[Mapping[str, float]] = None) -> None:
        """Collective: step (0-based) at time. nodal {name: num_nodes local
        values}; element {name: {block id: array} or a flat array of the
        local elements, block after block}; globals {name: value}."""
        m = self.mesh
        n_el = m.num_owned_elems + m.num_ghost_elems
        err, g, rows_n, rows_e = None, np.empty(0), None, None
        try:
            rows_n = self._rows(self.nodal_names, nodal or {}, m.num_nodes,
                                lambda v: np.asarray(v, dtype=np.float64).ravel())
            rows_e = self._rows(self.element_names, element or {}, n_el,
                                self._flat_elems)
            g = np.array([float((globals or {})[k]) for k in self.global_names],
                         dtype=np.float64)
        except (KeyError, ValueError, TypeError) as e:
            err, rows_n, rows_e = e, None, None
        # A rank with bad values still takes part (with none: the library
        # refuses them on every rank), so that no rank waits.
        try:
            _ext.dmesh_write_results(self.file._h, m._cap, int(step), float(time), g,
                                     rows_n, rows_e)
        except _ext.Error:
            if err is None:
                raise
        if err is not None:
            raise ValueError(f"write_step: {err}") from err

    def close(self) -> None:
        """Close the results file (collective)."""
        self.file.close()

    def __enter__(self) -> ResultsFile:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
