"""Field operations of exomerge's ExodusModel: fields calculated from
expressions (one vectorised evaluation over all steps and entities),
extremes, averages, element<->node conversions, timestep copies and
interpolation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import re

import numpy as np

from ._em_types import EntityIds, FieldNames, Timestep
from ._em_expr import ExpressionError, compile_expression, split_assignment
from ._em_kernels import kernel
from ._em_metrics import block_conn, fresh_empty, fresh_zeros


def hermite_weights(t, t0, t1, t2, t3):
    """Weights of y0..y3 in the cubic through (t1, y1), (t2, y2) whose end
    slopes are the secants (y2 - y0)/(t2 - t0) and (y3 - y1)/(t3 - t1),
    evaluated at t1 <= t <= t2."""
    h = t2 - t1
    s = (t - t1) / h
    h00 = 2 * s ** 3 - 3 * s ** 2 + 1
    h10 = s ** 3 - 2 * s ** 2 + s
    h01 = -2 * s ** 3 + 3 * s ** 2
    h11 = s ** 3 - s ** 2
    a = h10 * h / (t2 - t0)     # weight of the first slope
    b = h11 * h / (t3 - t1)     # weight of the second slope
    return [-a, h00 - b, h01 + a, b]


#: elements per slab of node_average_of_elements
E2N_SLAB = 4096


def _step_groups(values):
    """Steps grouped into runs of equal rows: [[0, 1], [2], ...] (fields
    made by calculate_element_volumes are the same at every step; their
    sums are counted once)."""
    groups = []
    for s in range(values.shape[0]):
        if s and np.array_equal(values[s], values[s - 1]):
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def node_average_of_elements(num_nodes, parts):
    """Per node, the mean of the values of the elements using it.

    parts: list of (conn (ne, npe), values (steps, ne)).  Returns
    (sums (steps, n), counts (n,)).  Counted in slabs of elements over
    the node range each slab touches (consecutive elements use nearby
    nodes in many meshes), so the temporaries stay small and are reused;
    a block whose first slab spreads over too wide a range is counted in
    one pass over all nodes.  The extension's em_scatter_add kernel, where
    it has one, does each block in one pass instead (the same sums up to
    rounding: it adds in element order without the slabs' partial sums)."""
    if kernel("em_scatter_add") is not None and \
            kernel("em_same") is not None:
        return _node_sums_kernel(num_nodes, parts, copy=True)[:2]
    steps = parts[0][1].shape[0]
    sums = fresh_zeros((steps, num_nodes))
    counts = fresh_zeros(num_nodes)
    for conn, values in parts:
        ne, npe = conn.shape
        if ne == 0 or npe == 0:
            continue
        groups = _step_groups(values)
        slab = min(ne, E2N_SLAB)
        head = conn[:slab]
        if int(head.max()) - int(head.min()) > 4 * head.size + 1024:
            # consecutive elements spread over the nodes: one pass over
            # the block (a slab would cost the whole node range each time)
            slab = ne
        weights = np.empty(slab * npe)
        shifted = np.empty(slab * npe, dtype=np.int64) if slab < ne else None
        for s in range(0, ne, slab):
            e = min(ne, s + slab)
            idx = conn[s:e].ravel()
            lo, hi = 0, num_nodes
            if shifted is not None:
                lo, hi = int(idx.min()), int(idx.max()) + 1
            if hi - lo > 8 * idx.size + 1024:
                lo, hi = 0, num_nodes
            local = np.subtract(idx, lo, out=shifted[:idx.size]) if lo \
                else idx
            span = slice(lo, hi)
            counts[span] += np.bincount(local, minlength=hi - lo)
            w = weights[:idx.size]
            for group in groups:
                w.reshape(e - s, npe)[...] = values[group[0], s:e, None]
                part = np.bincount(local, weights=w, minlength=hi - lo)
                for step in group:
                    sums[step, span] += part
    return sums, counts


def node_means_of_elements(num_nodes, parts, default):
    """Per node and step the mean of the values of the elements using it,
    `default` where no element does: (steps, n).  parts as in
    node_average_of_elements."""
    if kernel("em_scatter_add") is None or kernel("em_node_mean") is None \
            or kernel("em_same") is None:
        sums, counts = node_average_of_elements(num_nodes, parts)
        # in place: the sums become the values
        sums /= np.maximum(counts, 1.0)
        unused = counts == 0
        if unused.any():
            sums[:, unused] = default
        return sums
    sums, counts, groups = _node_sums_kernel(num_nodes, parts)
    mean = kernel("em_node_mean")
    for group in groups:
        mean(sums[group[0]], counts, float(default))
        for step in group[1:]:
            sums[step] = sums[group[0]]
    return sums


def _node_sums_kernel(num_nodes, parts, copy=False):
    """node_average_of_elements by the C kernels: the steps equal in every
    part (bit for bit) are summed once, into the group's first step; the
    counts in the first step's pass over each block.  Returns (sums,
    counts, groups); the other steps of each group are copied if `copy`,
    else left unwritten for the caller."""
    scatter, same = kernel("em_scatter_add"), kernel("em_same")
    steps = parts[0][1].shape[0]
    parts = [(np.ascontiguousarray(c, dtype=np.int64),
              np.ascontiguousarray(v, dtype=np.float64)) for c, v in parts]
    parts = [(c, v) for c, v in parts if c.shape[0] and c.shape[1]]
    sums = fresh_empty((steps, num_nodes))
    counts = fresh_zeros(num_nodes)
    groups = []
    for s in range(steps):
        if s and all(same(v[s], v[s - 1]) for _, v in parts):
            groups[-1].append(s)
        else:
            groups.append([s])
    for g, group in enumerate(groups):
        row = sums[group[0]]
        row.fill(0.0)
        for conn, values in parts:
            scatter(conn, values[group[0]], row, counts if g == 0 else None)
        if copy:
            for step in group[1:]:
                sums[step] = row
    return sums, counts, groups


#: entities (nodes) per slab of an expression evaluated in slabs: its
#: temporaries (steps x slab values) stay small and are reused
EXPR_SLAB = 8192


class FieldsMixin:
    """calculate_* and field conversion methods."""

    if TYPE_CHECKING:       # the rest of ExodusModel, for the type checker
        def __getattr__(self, name: str) -> Any: ...

    # -- expressions --------------------------------------------------------
    def _ops_compile(self, text, names):
        try:
            return compile_expression(text, names)
        except ExpressionError as exc:
            self._error("Invalid expression", str(exc))

    def _ops_split(self, expression):
        try:
            return split_assignment(expression)
        except ExpressionError as exc:
            self._error("Invalid expression", str(exc))

    def _ops_time_env(self, expr):
        """time and global variables as (steps, 1) columns."""
        env = {"time": np.asarray(self._timesteps, np.float64)[:, None]}
        for name in expr.names_used:
            if name in self._global_variables:
                env[name] = np.asarray(self._global_variables[name],
                                       np.float64)[:, None]
        return env

    def _ops_node_field_warnings(self, name):
        """create_node_field's warnings, without its array of defaults
        (the caller stores the values it computed)."""
        if not len(self._timesteps):
            self._empty_field_warning()
        if self.node_field_exists(name):
            self._exists_warning(name, "node field")

    def _ops_store_node_field(self, name, values):
        """Values (steps, nodes) of a node field: written into an existing
        field's array, else stored as the new field's array."""
        if name in self._node_fields:
            self._node_fields[name][...] = values
        else:
            self._node_fields[name] = np.ascontiguousarray(values,
                                                           dtype=np.float64)

    def _ops_result_in_slabs(self, expr, env, shape):
        """_ops_result evaluated EXPR_SLAB entities (the last axis) at a
        time into one fresh result, or None where that does not apply
        (few entities, or a variable that is not a number or a (k, 1) or
        (k, n) array).  Every operation of an expression is elementwise,
        so each value is computed as over the whole arrays; but the
        temporaries are a slab's, reused from the allocator's free
        memory, instead of whole-size arrays each faulted in afresh
        (at 1M nodes, 3 steps: 33 MiB of first touches less)."""
        steps, n = shape
        if n < 2 * EXPR_SLAB:
            return None
        cut = []
        for k, v in env.items():
            if isinstance(v, (int, float)):
                continue
            if not (isinstance(v, np.ndarray) and v.ndim == 2 and
                    v.shape[1] in (1, n) and v.shape[0] in (1, steps)):
                return None
            if v.shape[1] == n:
                cut.append(k)
        out = fresh_empty(shape)
        part = dict(env)
        for s in range(0, n, EXPR_SLAB):
            e = min(n, s + EXPR_SLAB)
            for k in cut:
                part[k] = env[k][:, s:e]
            value = expr.evaluate(part)
            try:
                out[:, s:e] = value
            except ValueError:
                self._error("Invalid expression",
                            "The expression %r gives values of shape %s "
                            "where %s was expected." % (
                                expr.text, value.shape, (steps, e - s)))
        return out

    def _ops_result(self, expr, env, shape):
        value = expr.evaluate(env)
        # a fresh array of the right shape is the result itself; anything
        # else (a scalar, a broadcast row, an input array) is copied
        if isinstance(value, np.ndarray) and value.shape == shape and \
                value.flags.c_contiguous and value.flags.writeable and \
                not any(isinstance(v, np.ndarray) and
                        np.may_share_memory(value, v) for v in env.values()):
            return value
        try:
            return np.array(np.broadcast_to(value, shape), dtype=np.float64)
        except ValueError:
            self._error("Invalid expression",
                        "The expression %r gives values of shape %s where "
                        "%s was expected." % (expr.text, value.shape, shape))

    def calculate_global_variable(self, expression: str) -> None:
        """Store a global variable from an expression of time and global
        variables, e.g. 'time_squared = time ^ 2'."""
        name, rhs = self._ops_split(expression)
        self._materialize()
        names = {"time"} | set(self._global_variables)
        expr = self._ops_compile(rhs, names)
        self.create_global_variable(name)
        env = self._ops_time_env(expr)
        steps = len(self._timesteps)
        self._global_variables[name][:] = self._ops_result(
            expr, env, (steps, 1))[:, 0]

    def calculate_node_field(self, expression: str) -> None:
        """Store a node field from an expression of time, global variables,
        node fields and X/Y/Z, e.g. 'temp_C = temp_K - 273.15'."""
        name, rhs = self._ops_split(expression)
        self._materialize()
        names = {"time", "X", "Y", "Z"} | set(self._global_variables) | \
            set(self._node_fields)
        expr = self._ops_compile(rhs, names)
        env = self._ops_time_env(expr)
        for k, axis in enumerate("XYZ"):
            env[axis] = self._coords[:, k][None, :]
        for n in expr.names_used:
            if n in self._node_fields:
                env[n] = np.asarray(self._node_fields[n])
        shape = (len(self._timesteps), len(self._coords))
        values = self._ops_result_in_slabs(expr, env, shape)
        if values is None:
            values = self._ops_result(expr, env, shape)
        self._ops_node_field_warnings(name)
        self._ops_store_node_field(name, values)

    def calculate_node_set_field(self, expression: str, node_set_ids: EntityIds = "all") -> None:
        """Store a node set field from time, global variables, node fields,
        the set's fields and X/Y/Z at its members."""
        ids = self._format_node_set_id_list(node_set_ids)
        name, rhs = self._ops_split(expression)
        self._materialize()
        for sid in ids:
            self.create_node_set_field(name, sid)
            ns = self._node_sets[sid]
            members = np.asarray(ns.members, np.int64)
            names = {"time", "X", "Y", "Z"} | set(self._global_variables) | \
                set(self._node_fields) | set(ns.fields)
            expr = self._ops_compile(rhs, names)
            env = self._ops_time_env(expr)
            for k, axis in enumerate("XYZ"):
                env[axis] = self._coords[members, k][None, :]
            for n in expr.names_used:
                if n in ns.fields:
                    env[n] = np.asarray(ns.fields[n])
                elif n in self._node_fields:
                    env[n] = np.asarray(self._node_fields[n])[:, members]
            shape = (len(self._timesteps), len(members))
            ns.fields[name][...] = self._ops_result(expr, env, shape)

    def calculate_side_set_field(self, expression: str, side_set_ids: EntityIds = "all") -> None:
        """Store a side set field from time, global variables and the
        set's fields."""
        ids = self._format_side_set_id_list(side_set_ids)
        name, rhs = self._ops_split(expression)
        self._materialize()
        for sid in ids:
            self.create_side_set_field(name, sid)
            ss = self._side_sets[sid]
            names = {"time"} | set(self._global_variables) | set(ss.fields)
            expr = self._ops_compile(rhs, names)
            env = self._ops_time_env(expr)
            for n in expr.names_used:
                if n in ss.fields:
                    env[n] = np.asarray(ss.fields[n])
            shape = (len(self._timesteps), len(ss.members))
            ss.fields[name][...] = self._ops_result(expr, env, shape)

    def calculate_element_field(self, expression: str,
                                element_block_ids: EntityIds = "all") -> None:
        """Store an element field from time, global variables and the
        block's element fields, e.g. 'p = (s_xx + s_yy + s_zz) / -3'."""
        ids = self._format_element_block_id_list(element_block_ids)
        name, rhs = self._ops_split(expression)
        self._materialize()
        for bid in ids:
            self.create_element_field(name, bid)
            blk = self._blocks[bid]
            names = {"time"} | set(self._global_variables) | set(blk.fields)
            expr = self._ops_compile(rhs, names)
            env = self._ops_time_env(expr)
            for n in expr.names_used:
                if n in blk.fields:
                    env[n] = np.asarray(blk.fields[n])
            shape = (len(self._timesteps), int(blk.num_elements))
            blk.fields[name][...] = self._ops_result(expr, env, shape)

    # -- extremes -------------------------------------------------------------
    def _ops_element_extreme(self, names, ids, use_max, suffix,
                             calculate_location, calculate_block_id):
        ids = self._format_element_block_id_list(ids)
        names = self._format_id_list(
            names, self.get_element_field_names(ids), "element field")
        self._materialize()
        for name in names:
            for bid in ids:
                if not self.element_field_exists(name, ids):
                    self._missing_on_entity_error(name, "element field", bid,
                                                  "element block")
        pick = np.argmax if use_max else np.argmin
        for fname in names:
            gname = fname + "_" + suffix
            extra = []
            if calculate_location:
                extra += [gname + "_x", gname + "_y", gname + "_z"]
            if calculate_block_id:
                extra += [gname + "_block_id"]
            for g in [gname] + extra:
                self.create_global_variable(g)
            for step in range(len(self._timesteps)):
                best = None
                for bid in ids:
                    vals = np.asarray(self._blocks[bid].fields[fname][step])
                    if len(vals) == 0:
                        continue
                    k = int(pick(vals))
                    v = float(vals[k])
                    better = best is None or (v >= best[0] if use_max
                                              else v <= best[0])
                    if better:
                        best = (v, bid, k)
                if best is None:
                    self._warning("No values encountered",
                                  "The element field extreme cannot be "
                                  "calculated because no values are present.")
                    continue
                v, bid, k = best
                self._global_variables[gname][step] = v
                if calculate_block_id:
                    self._global_variables[gname + "_block_id"][step] = \
                        float(bid)
                if calculate_location:
                    nodes = block_conn(self._blocks[bid])[k]
                    pos = self._ops_coords_at_step(step)[nodes].mean(axis=0)
                    for d, c in enumerate("xyz"):
                        self._global_variables[gname + "_" + c][step] = pos[d]

    def _ops_coords_at_step(self, step):
        """Coordinates plus the displacement at a step (creating the
        displacement field, default 0, as exomerge does)."""
        dx, dy, dz = self._ops_displacement_arrays()
        return self._coords + np.column_stack([dx[step], dy[step], dz[step]])

    def calculate_element_field_maximum(self, element_field_names: FieldNames,
                                        element_block_ids: EntityIds = "all",
                                        calculate_location: bool = False,
                                        calculate_block_id: bool = False) -> None:
        """Store the maximum of element fields as global variables
        (name_max, optionally _x/_y/_z of that element's centroid and
        _block_id)."""
        self._ops_element_extreme(element_field_names, element_block_ids,
                                  True, "max", calculate_location,
                                  calculate_block_id)

    def calculate_element_field_minimum(self, element_field_names: FieldNames,
                                        element_block_ids: EntityIds = "all",
                                        calculate_location: bool = False,
                                        calculate_block_id: bool = False) -> None:
        """Store the minimum of element fields as global variables."""
        self._ops_element_extreme(element_field_names, element_block_ids,
                                  False, "min", calculate_location,
                                  calculate_block_id)

    def _ops_node_extreme(self, names, use_max, suffix, element_block_ids,
                          calculate_location):
        names = self._format_id_list(names, self.get_node_field_names(),
                                     "node field")
        self._materialize()
        if element_block_ids == "auto":
            nodes = np.arange(len(self._coords))
        else:
            nodes = self._ops_block_nodes(
                self._format_element_block_id_list(element_block_ids))
        if len(nodes) == 0:
            self._error("No node values",
                        "No nodes were specified, so we cannot calculate the "
                        "extreme value.")
        pick = np.argmax if use_max else np.argmin
        for fname in names:
            gname = fname + "_" + suffix
            self.create_global_variable(gname)
            if calculate_location:
                for c in "xyz":
                    self.create_global_variable(gname + "_" + c)
            values = np.asarray(self._node_fields[fname])[:, nodes]
            for step in range(len(self._timesteps)):
                k = int(pick(values[step]))
                self._global_variables[gname][step] = values[step, k]
                if calculate_location:
                    pos = self._ops_coords_at_step(step)[nodes[k]]
                    for d, c in enumerate("xyz"):
                        self._global_variables[gname + "_" + c][step] = pos[d]

    def calculate_node_field_maximum(self, node_field_names: FieldNames,
                                     element_block_ids: EntityIds = "auto",
                                     calculate_location: bool = False) -> None:
        """Store the maximum of node fields as global variables."""
        self._ops_node_extreme(node_field_names, True, "max",
                               element_block_ids, calculate_location)

    def calculate_node_field_minimum(self, node_field_names: FieldNames,
                                     element_block_ids: EntityIds = "auto",
                                     calculate_location: bool = False) -> None:
        """Store the minimum of node fields as global variables."""
        self._ops_node_extreme(node_field_names, False, "min",
                               element_block_ids, calculate_location)

    # -- averages and conversions ---------------------------------------------
    def create_averaged_element_field(self, from_element_field_names: FieldNames,
                                      new_element_field_name: str,
                                      element_block_ids: EntityIds = "all") -> None:
        """Element field averaging the given element fields."""
        names = self._format_id_list(from_element_field_names,
                                     self.get_element_field_names(),
                                     "element field")
        ids = self._format_element_block_id_list(element_block_ids)
        self._materialize()
        for bid in ids:
            blk = self._blocks[bid]
            if not all(self.element_field_exists(n, bid) for n in names):
                self._warning(
                    "Fields not defined.",
                    "Not all of the requested element fields are defined on "
                    "element block %s.  The averaged field will not be "
                    "created." % bid)
                continue
            if self.element_field_exists(new_element_field_name, bid):
                self._exists_on_entity_warning(
                    new_element_field_name, "element field", bid,
                    "element block")
            else:
                self.create_element_field(new_element_field_name, bid)
            total = np.zeros_like(np.asarray(blk.fields[names[0]]),
                                  dtype=np.float64)
            for n in names:
                total += np.asarray(blk.fields[n])
            blk.fields[new_element_field_name][...] = total / len(names)

    def convert_element_field_to_node_field(self, element_field_name: str,
                                            node_field_name: str = "auto") -> None:
        """Node field: per node the mean of the element field over the
        elements using it (default value where none does)."""
        [element_field_name] = self._format_id_list(
            [element_field_name], self.get_element_field_names(),
            "element field", single=True)
        if node_field_name == "auto":
            node_field_name = element_field_name
        self._materialize()
        self._ops_node_field_warnings(node_field_name)
        n = len(self._coords)
        parts = [(block_conn(b), np.asarray(b.fields[element_field_name]))
                 for b in self._blocks.values()
                 if element_field_name in b.fields]
        steps = len(self._timesteps)
        if steps == 0:
            self._ops_store_node_field(node_field_name, np.zeros((0, n)))
            return
        default = self._get_default_field_value(node_field_name)
        if parts:
            values = node_means_of_elements(n, parts, default)
        else:
            values = np.full((steps, n), float(default))
        self._ops_store_node_field(node_field_name, values)

    def convert_node_field_to_element_field(self, node_field_name: str,
                                            element_field_name: str = "auto",
                                            element_block_ids: EntityIds = "all") -> None:
        """Element field: per element the mean of the node field over its
        nodes."""
        [node_field_name] = self._format_id_list(
            [node_field_name], self.get_node_field_names(), "node field",
            single=True)
        ids = self._format_element_block_id_list(element_block_ids)
        if element_field_name == "auto":
            element_field_name = node_field_name
        self._materialize()
        values = np.asarray(self._node_fields[node_field_name])
        for bid in ids:
            blk = self._blocks[bid]
            conn = block_conn(blk)
            self.create_element_field(element_field_name, bid)
            if conn.shape[1] == 0:
                continue
            total = np.zeros((values.shape[0], conn.shape[0]))
            for k in range(conn.shape[1]):
                total += values[:, conn[:, k]]
            blk.fields[element_field_name][...] = total / conn.shape[1]

    def process_element_fields(self, element_block_ids: EntityIds = "all") -> None:
        """Collapse 8 (average) or 9 (first) integration point element
        fields, convert every element field to a node field, then delete
        the element fields."""
        ids = self._format_element_block_id_list(element_block_ids)
        for bid in ids:
            for name in self.get_element_field_names(bid):
                if not re.match("^.*_1$", name):
                    continue
                prefix = name[:-1]
                points = 1
                while self.element_field_exists(prefix + str(points + 1), bid):
                    points += 1
                if points == 9:
                    self.rename_element_field(prefix + "1", prefix[:-1], bid)
                    for i in range(2, 10):
                        self.delete_element_field(prefix + str(i), bid)
                elif points == 8:
                    self.create_averaged_element_field(
                        [prefix + str(x) for x in range(1, 9)], prefix[:-1],
                        bid)
                    for i in range(1, 9):
                        self.delete_element_field(prefix + str(i), bid)
        for name in self.get_element_field_names():
            self.convert_element_field_to_node_field(name)
        self.delete_element_field("all")

    # -- timesteps --------------------------------------------------------------
    def _ops_all_field_dicts(self):
        yield self._node_fields
        for b in self._blocks.values():
            yield b.fields
        for s in self._node_sets.values():
            yield s.fields
        for s in self._side_sets.values():
            yield s.fields

    def copy_timestep(self, timestep: Timestep, new_timestep: float) -> None:
        """Copy every value of a timestep to a new timestep."""
        [timestep] = self._format_id_list([timestep], self.get_timesteps(),
                                          "timestep", single=True)
        if self.timestep_exists(new_timestep):
            self._exists_warning(new_timestep, "timestep")
            return
        self._materialize()
        old = self._get_internal_timestep_index(timestep)
        self.create_timestep(new_timestep)
        new = self._get_internal_timestep_index(new_timestep)
        if new <= old:
            old += 1
        for fields in self._ops_all_field_dicts():
            for values in fields.values():
                values[new] = values[old]
        for values in self._global_variables.values():
            values[new] = values[old]

    def create_interpolated_timestep(self, timestep: float,
                                     interpolation: str = "cubic") -> None:
        """New timestep interpolated ('cubic' or 'linear') from its
        neighbours; no extrapolation."""
        if self.timestep_exists(timestep):
            self._exists_warning(timestep, "timestep")
            return
        steps = [float(t) for t in self.get_timesteps()]
        if len(steps) < 2:
            self._error(
                "Invalid interpolation.",
                "A timestep cannot be interpolated unless 2 or more "
                "timesteps already exist.  There are %d defined timesteps: "
                "%s" % (len(steps), ", ".join(str(x) for x in steps)))
        if steps[0] > timestep or steps[-1] < timestep:
            self._error(
                "Invalid interpolation.",
                "The specified timestep %s does not lie within the range of "
                "timesteps already defined: [%s, %s]."
                % (timestep, steps[0], steps[-1]))
        formula = self._ops_interpolation(steps, float(timestep),
                                          interpolation)
        self._materialize()
        self.create_timestep(timestep)
        idx = [(self._get_internal_timestep_index(t), w) for t, w in formula]
        this = self._get_internal_timestep_index(timestep)
        for fields in self._ops_all_field_dicts():
            for values in fields.values():
                acc = np.zeros(values.shape[1:])
                for i, w in idx:
                    acc = acc + values[i] * w
                values[this] = acc
        for values in self._global_variables.values():
            values[this] = sum(values[i] * w for i, w in idx)

    def _ops_interpolation(self, steps, t, interpolation):
        """[(existing timestep, weight), ...] for the value at t."""
        near = min(range(len(steps)), key=lambda k: abs(steps[k] - t))
        if interpolation == "linear":
            lo = near if steps[near] < t else near - 1
            phi = (t - steps[lo]) / (steps[lo + 1] - steps[lo])
            return [(steps[lo], 1.0 - phi), (steps[lo + 1], phi)]
        if interpolation != "cubic":
            self._error("Unknown interpolation technique",
                        'The specified interpolation technique "%s" is not '
                        "recognized." % interpolation)
        i = near - 1 if steps[near] > t else near
        t1, t2 = steps[i], steps[i + 1]
        t0 = steps[i - 1] if i > 0 else 2 * t1 - t2
        t3 = steps[i + 2] if i + 2 < len(steps) else 2 * t2 - t1
        w = hermite_weights(t, t0, t1, t2, t3)
        out = {t1: w[1], t2: w[2]}
        # an imaginary end point is the linear extension of the end segment
        if i > 0:
            out[steps[i - 1]] = w[0]
        else:
            out[t1] += 2 * w[0]
            out[t2] -= w[0]
        if i + 2 < len(steps):
            out[steps[i + 2]] = w[3]
        else:
            out[t1] -= w[3]
            out[t2] += 2 * w[3]
        return list(out.items())

    def to_lowercase(self) -> None:
        """Lowercase the names of all global variables and fields."""
        for name in self.get_global_variable_names():
            if name != name.lower():
                self.rename_global_variable(name, name.lower())
        for name in self.get_node_field_names():
            if name != name.lower():
                self.rename_node_field(name, name.lower())
        for bid in self.get_element_block_ids():
            for name in self.get_element_field_names(bid):
                if name != name.lower():
                    self.rename_element_field(name, name.lower(), bid)
        for sid in self.get_side_set_ids():
            for name in self.get_side_set_field_names(sid):
                if name != name.lower():
                    self.rename_side_set_field(name, name.lower(), sid)
        for nid in self.get_node_set_ids():
            for name in self.get_node_set_field_names(nid):
                if name != name.lower():
                    self.rename_node_set_field(name, name.lower(), nid)
