"""Side-set and node-set operations of exomerge's ExodusModel: exterior
faces, side sets from expressions, node sets from side sets, adding
members, deleting empty sets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ._em_types import EntityId, EntityIds, Timesteps, Tolerance
from . import _em_elements as E
from ._em_expr import ExpressionError, compile_condition
from ._em_metrics import block_conn
from ._em_topology import exterior_faces, unique_rows


def side_faces(model, members):
    """Node indices of side-set faces grouped by face type, in the order of
    first appearance: list of (face_type, (m, k) node array)."""
    members = np.asarray(members, dtype=np.int64).reshape(-1, 3)
    out = {}
    for bid in dict.fromkeys(members[:, 0].tolist()):
        rows = members[members[:, 0] == bid]
        blk = model._blocks[bid]
        etype = model._get_standard_element_type(blk.elem_type)
        conn = block_conn(blk)
        faces = E.FACES.get(etype, ())
        for f in dict.fromkeys(rows[:, 2].tolist()):
            ftype, local = faces[f]
            sel = rows[rows[:, 2] == f, 1]
            out.setdefault(ftype, []).append(
                (rows[:, 2] == f, conn[sel][:, list(local)]))
    return [(t, np.concatenate([n for _, n in parts])) for t, parts in
            out.items()]


def face_nodes(model, members):
    """All node indices of the faces in members (with repeats)."""
    parts = [n.ravel() for _, n in side_faces(model, members)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _unique_in_order(rows, existing=None):
    """Rows (or values) without repeats, first occurrence kept, also
    dropping those already in existing; returns (kept, number dropped)."""
    rows = np.asarray(rows, dtype=np.int64)
    flat = rows.reshape(len(rows), -1)
    n_old = 0
    if existing is not None and len(existing):
        old = np.asarray(existing, dtype=np.int64).reshape(len(existing), -1)
        flat = np.concatenate([old, flat])
        n_old = len(old)
    if len(flat) == 0:
        return rows, 0
    _, inverse = unique_rows(flat)
    lowest = np.full(int(inverse.max()) + 1, len(flat), dtype=np.int64)
    np.minimum.at(lowest, inverse, np.arange(len(flat)))
    keep = np.zeros(len(flat), dtype=bool)
    keep[lowest] = True
    keep = keep[n_old:]
    return rows[keep], int((~keep).sum())


class SetsMixin:
    """Set operations, on self._side_sets / self._node_sets."""

    if TYPE_CHECKING:       # the rest of ExodusModel, for the type checker
        def __getattr__(self, name: str) -> Any: ...

    def _get_external_element_faces(self, element_block_ids="all"):
        ids = self._format_element_block_id_list(element_block_ids)
        self._materialize()
        blocks = [(i, self._get_standard_element_type(
            self._blocks[i].elem_type), block_conn(self._blocks[i]))
            for i in ids]
        return exterior_faces(blocks)

    def get_nodes_in_side_set(self, side_set_id: EntityId) -> list:
        """Sorted node indices used by the faces of the side set."""
        [side_set_id] = self._format_side_set_id_list([side_set_id],
                                                      single=True)
        self._materialize()
        return np.unique(face_nodes(
            self, self._side_sets[side_set_id].members)).tolist()

    def create_node_set_from_side_set(self, node_set_id: EntityId, side_set_id: EntityId) -> None:
        """Create a node set of every node of the side set's faces."""
        self.create_node_set(node_set_id, self.get_nodes_in_side_set(
            side_set_id))

    def add_nodes_to_node_set(self, node_set_id: EntityId,
                              new_node_set_members: ArrayLike) -> None:
        """Add nodes to a node set (created if missing); members already in
        the set are not repeated; set fields get their default value."""
        if not self.node_set_exists(node_set_id):
            self._warning(
                "Node set does not exist."
                'The specified node set "%s" does not exist.  It will be '
                "created." % node_set_id)
            self.create_node_set(node_set_id, new_node_set_members)
            return
        [node_set_id] = self._format_node_set_id_list([node_set_id],
                                                      single=True)
        self._materialize()
        ns = self._node_sets[node_set_id]
        new, dropped = _unique_in_order(
            np.asarray(new_node_set_members, dtype=np.int64).reshape(-1),
            ns.members)
        if dropped:
            self._warning(
                "Duplicates nodes in set",
                "The node set already contains some of the nodes in the "
                "list.  These members will not be duplicated.")
        ns.members = np.concatenate([np.asarray(ns.members, np.int64), new])
        for name in list(ns.fields):
            old = np.asarray(ns.fields[name])
            pad = np.full((old.shape[0], len(new)),
                          self._get_default_field_value(name))
            ns.fields[name] = np.concatenate([old, pad], axis=1)

    def add_faces_to_side_set(self, side_set_id: EntityId,
                              new_side_set_members: ArrayLike) -> None:
        """Add (block id, element index, side index) faces to a side set
        (created if missing), without repeating members."""
        if not self.side_set_exists(side_set_id):
            self._warning(
                "Side set does not exist."
                'The specified side set "%s" does not exist.  It will be '
                "created." % side_set_id)
            self.create_side_set(side_set_id, new_side_set_members)
            return
        [side_set_id] = self._format_side_set_id_list([side_set_id],
                                                      single=True)
        self._materialize()
        ss = self._side_sets[side_set_id]
        new, dropped = _unique_in_order(
            np.asarray(new_side_set_members, dtype=np.int64).reshape(-1, 3),
            ss.members)
        if dropped:
            self._warning(
                "Duplicates faces in set",
                "The node set already contains some nodes of the faces in "
                "the list to add.  These members will not be duplicated.")
        ss.members = np.concatenate(
            [np.asarray(ss.members, np.int64).reshape(-1, 3), new])
        for name in list(ss.fields):
            old = np.asarray(ss.fields[name])
            pad = np.full((old.shape[0], len(new)),
                          self._get_default_field_value(name))
            ss.fields[name] = np.concatenate([old, pad], axis=1)

    def delete_empty_node_sets(self) -> None:
        """Delete every node set without members."""
        for i in list(self._node_sets):
            if len(self._node_sets[i].members) == 0:
                self.delete_node_set(i)

    def delete_empty_side_sets(self) -> None:
        """Delete every side set without members."""
        for i in list(self._side_sets):
            if len(self._side_sets[i].members) == 0:
                self.delete_side_set(i)

    def create_side_set_from_expression(self, side_set_id: EntityId, expression: str,
                                        element_block_ids: EntityIds = "all",
                                        tolerance: Tolerance = "auto",
                                        timesteps: Timesteps = "last_if_any",
                                        zero_member_warning: bool = True) -> None:
        """Create a side set of the external faces of the given blocks whose
        every node satisfies the expression (e.g. 'Y == 0'), within the
        tolerance (default: 1e-6 times the length scale)."""
        timesteps = self._format_id_list(timesteps, self.get_timesteps(),
                                         "timestep")
        if len(timesteps) > 2:  # type: ignore[arg-type]
            self._error(
                "Too many timesteps specified.",
                "We were expecting zero or one timesteps but instead found "
                "%d specified." % len(timesteps))  # type: ignore[arg-type]
        if tolerance == "auto":
            tolerance = self.get_length_scale() * 1e-6
        if self.side_set_exists(side_set_id):
            self._exists_warning(side_set_id, "side set")
        faces = self._get_external_element_faces(element_block_ids)
        names = {"X", "Y", "Z"}
        if timesteps:
            names.update(["time"], self._global_variables, self._node_fields)
        try:
            cond = compile_condition(expression, names)
        except ExpressionError as exc:
            self._error("Invalid expression", str(exc))
        groups = self._ops_faces_by_type(faces)
        # the condition is evaluated on the nodes of external faces only
        seen = np.zeros(len(self._coords), dtype=bool)
        for _, _, nodes in groups:
            seen[nodes.ravel()] = True
        where = np.nonzero(seen)[0]
        ok_node = np.zeros(len(self._coords), dtype=bool)
        ok_node[where] = self._ops_condition_at_nodes(cond, timesteps,
                                                      tolerance, where)
        members = []
        for ftype, sel, nodes in groups:
            passed = ok_node[nodes].all(axis=1)
            members.append((sel[passed]))
        keep = np.sort(np.concatenate(members)) if members else \
            np.zeros(0, dtype=np.int64)
        rows = faces[keep]
        # rows are distinct by construction: store them without the
        # general create_side_set's duplicate search
        self.create_side_set(side_set_id, [])
        self._side_sets[side_set_id].members = rows
        if zero_member_warning and len(rows) == 0:
            self._warning(
                "Empty side set.",
                "No external element faces satisfied the given expression.  "
                "An empty side set was created.")

    def _ops_condition_at_nodes(self, cond, timesteps, tolerance, where):
        """Boolean per node of `where`: |residual| <= tolerance."""
        env = {}
        for d, axis in enumerate("XYZ"):
            if axis in cond.names_used:
                env[axis] = self._coords[where, d]
        if timesteps:
            step = self._get_internal_timestep_index(timesteps[0])
            env["time"] = float(timesteps[0])
            for name in cond.names_used:
                if name in self._node_fields:
                    env[name] = np.asarray(self._node_fields[name][step])[
                        where]
                elif name in self._global_variables:
                    env[name] = float(self._global_variables[name][step])
        value = np.broadcast_to(cond.residual(env), (len(where),))
        return np.abs(value) <= tolerance

    def _ops_faces_by_type(self, faces):
        """For (m, 3) face rows: per (block, side) group the row positions
        and their node arrays."""
        out = []
        for bid in dict.fromkeys(faces[:, 0].tolist()):
            in_block = np.nonzero(faces[:, 0] == bid)[0]
            blk = self._blocks[bid]
            etype = self._get_standard_element_type(blk.elem_type)
            conn = block_conn(blk)
            sides = faces[in_block, 2]
            for f in np.unique(sides):
                sel = in_block[sides == f]
                ftype, local = E.FACES[etype][f]
                out.append((ftype, sel, conn[faces[sel, 1]][:, list(local)]))
        return out
