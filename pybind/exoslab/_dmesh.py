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
"""
import typing

import numpy as np

from . import _ext
from ._kinds import Kind

__all__ = ["DistributedMesh", "BlockPart", "unique_nodes"]


class BlockPart(typing.NamedTuple):
    """One element block's share on this rank: owned entries, then ghosts."""
    id: int
    nodes_per_entry: int
    num_owned: int
    connectivity: np.ndarray   # (n, nodes_per_entry) int64, local 0-based
    elem_global: np.ndarray    # 0-based global element index (file order)
    elem_ids: np.ndarray       # elem_num_map ids

    @property
    def num_ghosts(self):
        return len(self.elem_global) - self.num_owned


def unique_nodes(conn):
    """The distinct node numbers of conn, ascending (exs_unique_nodes)."""
    return _ext.unique_nodes(conn)


class DistributedMesh:
    """A distributed mesh of an open exoslab.File (see the module doc).

    method: "linear" (the chunk-aligned file slabs), or "rcb", "rib",
    "hsfc", "graph" where this build has Zoltan / PT-Scotch (otherwise
    exoslab.Error with EXS_ENOTBUILT on every rank). ghosts: 0 or 1.
    """

    def __init__(self, f, method="linear", ghosts=0, block_bytes=0):
        self.file = f
        self.method = method
        d = _ext.dmesh_build(f._h, str(method), int(ghosts), int(block_bytes))
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
    def num_nodes(self):
        return len(self.node_global)

    @property
    def neighbors(self):
        return sorted(self.shared)

    @property
    def owned_nodes(self):
        """slice of the owned nodes among the local ones."""
        return slice(0, self.num_owned_nodes)

    def field(self, name, step):
        """A nodal variable at every local node (array), or an element
        variable at every local element ({block id: array}, NaN where the
        truth table says it is absent). Collective."""
        f = self.file
        step = step + f.num_times if step < 0 else step
        if isinstance(name, str) and name in f.nodal_var_names:
            var = f.nodal_var_names.index(name)
            return _ext.dmesh_field(f._h, self._cap, False, var, step)
        var = f.var_index(Kind.ELEM_BLOCK, name)
        flat = _ext.dmesh_field(f._h, self._cap, True, var, step)
        out, at = {}, 0
        for bid, blk in self.blocks.items():
            n = len(blk.elem_global)
            out[bid] = flat[at:at + n]
            at += n
        return out

    def gather_nodal(self, what, sub, step, nodes):
        """Collective: the nodal field (0 coordinate axis `sub`, 1 nodal
        variable `sub` at `step`) at any 1-based nodes (exs_gather_nodal_all)."""
        p = self.file.partition()
        return _ext.gather_nodal(self.file._h, p.node_start, p.node_count,
                                 int(what), int(sub), int(step), nodes)

    def __repr__(self):
        return (f"<DistributedMesh {self.method}: {self.num_owned_elems}+"
                f"{self.num_ghost_elems} elements, {self.num_owned_nodes}/"
                f"{self.num_shared_nodes}/{self.num_ghost_nodes} nodes, "
                f"neighbours {self.neighbors}>")
