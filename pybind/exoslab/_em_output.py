"""Output operations of exomerge's ExodusModel: summary, input deck, CSV
of global variables, STL of the exterior (written with one numpy record
array, not per triangle), and the coloured VRML model of the exterior
(skin triangulated and cut along field contours with array operations)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import colorsys

import numpy as np

from ._em_types import EntityIds, FieldNames, Timestep, Timesteps
from . import _em_elements as E
from ._em_metrics import block_conn
from ._em_kernels import kernel

#: one binary STL facet: normal, three vertices, attribute byte count
STL_FACET = np.dtype([("normal", "<f4", (3,)), ("vertices", "<f4", (3, 3)),
                      ("attribute", "<u2")])


def triangulate_faces(coords, face_type, nodes):
    """Triangles (t, 3, 3) covering faces of one type given by their node
    arrays (m, k), by exomerge's triangulation rules (centre points are the
    averages of the rule's nodes)."""
    rules = E.TRIANGULATED_FACES.get(face_type)
    if rules is None:
        raise ValueError("cannot triangulate faces of type %r" % face_type)
    m = nodes.shape[0]
    tris = np.empty((m, len(rules), 3, 3))
    centres = {}
    for r, rule in enumerate(rules):
        for v, entry in enumerate(rule):
            if isinstance(entry, int):
                tris[:, r, v] = coords[nodes[:, entry]]
                continue
            if entry not in centres:
                total = coords[nodes[:, entry[0]]].copy()
                for e in entry[1:]:
                    total += coords[nodes[:, e]]
                centres[entry] = total / len(entry)
            tris[:, r, v] = centres[entry]
    return tris.reshape(m * len(rules), 3, 3)


#: triangles per slab of the binary STL: its records are all that is held
STL_SLAB = 1 << 16


def write_stl(filename, triangles):
    """Binary STL of (t, 3, 3) triangles with unit facet normals (zero for
    degenerate triangles), written STL_SLAB triangles at a time."""
    tri_all = np.asarray(triangles, dtype=np.float64).reshape(-1, 3, 3)
    with open(filename, "wb") as out:
        out.write(b" " * 80)
        out.write(np.array([len(tri_all)], dtype="<u4").tobytes())
        for lo in range(0, len(tri_all), STL_SLAB):
            tri = tri_all[lo:lo + STL_SLAB]
            normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
            length = np.sqrt((normal ** 2).sum(axis=1))
            safe = np.where(length > 0, length, 1.0)
            normal = normal / safe[:, None]
            rec = np.zeros(len(tri), dtype=STL_FACET)
            rec["normal"] = normal
            rec["vertices"] = tri
            out.write(rec.tobytes())


def read_stl(filename):
    """(normals (t, 3), triangles (t, 3, 3)) of a binary STL file."""
    with open(filename, "rb") as f:
        data = f.read()
    count = int(np.frombuffer(data[80:84], dtype="<u4")[0])
    rec = np.frombuffer(data[84:84 + count * STL_FACET.itemsize],
                        dtype=STL_FACET)
    return rec["normal"].astype(float), rec["vertices"].astype(float)


def input_deck(info_records):
    """The input deck (begin ... end blocks, 80-column continuation lines
    ending in a backslash joined) found in the info records."""
    deck = []
    depth = 0
    continuation = False
    first = None
    for line in info_records:
        if not continuation:
            first = line.strip().split(" ", 1)[0].lower()
            if first == "begin":
                depth += 1
        if depth > 0:
            if continuation:
                deck[-1] = deck[-1][:-1] + line
            else:
                deck.append(line)
        continuation = depth > 0 and len(line) == 80 and line[-1] == "\\"
        if not continuation and first == "end":
            depth -= 1
    return "\n".join(deck)


# -- VRML model -----------------------------------------------------------------
# Points carry a "payload" row: x, y, z, the displacement and the contoured
# field value.  New points (face centres, contour crossings) are weighted averages of
# old ones, as exomerge's averaged nodes are, so every column is averaged alike.

def skin_triangles(face_groups, payload):
    """Triangles (t, 3) of point indices over faces given as
    [(face_type, nodes (m, k))] in order, with one new centre point per face
    for the face types whose triangulation uses a centre, appended to the
    Rows payload.  Returns the triangles."""
    tris = []
    base = len(payload)
    for ftype, nodes in face_groups:
        rules = E.TRIANGULATED_FACES.get(ftype)
        if rules is None:
            raise ValueError("cannot triangulate faces of type %r" % ftype)
        m = len(nodes)
        centres = {e for rule in rules for e in rule if not isinstance(e, int)}
        if len(centres) > 1:
            raise ValueError("face type %r needs more than one centre" % ftype)
        centre_ids = None
        if centres:
            (centre,) = centres
            # exomerge's weighted sum, term by term, to the same last bit
            weight = 1.0 / len(centre)
            total = 0.0
            for e in centre:
                total = total + weight * payload.take(nodes[:, e])
            payload.append(total)
            centre_ids = base + np.arange(m, dtype=np.int64)
            base += m
        t = np.empty((m, len(rules), 3), dtype=np.int64)
        for r, rule in enumerate(rules):
            for v, entry in enumerate(rule):
                t[:, r, v] = nodes[:, entry] if isinstance(entry, int) \
                    else centre_ids
        tris.append(t.reshape(-1, 3))
    return np.concatenate(tris) if tris else np.zeros((0, 3), dtype=np.int64)


_EDGE_KEY = np.int64(1) << 31


def _edge_keys(a, b):
    return np.minimum(a, b) * _EDGE_KEY + np.maximum(a, b)


def _pick(flags, candidates):
    """Rows of candidates (n, 2, 3) where flags (n, 2), in row order."""
    return candidates[flags]


class Rows:
    """Payload rows held in chunks (the model's nodes, then the points each
    step adds), indexed as their concatenation, which is never built: a
    cut's new points are appended without copying the rows before them."""

    def __init__(self, first):
        self.chunks = [first]
        self.starts = [0]
        self.count = len(first)
        #: one column of every row, contiguous ({column: array}), made
        #: when a column is first taken from more than one chunk: each cut
        #: takes the contoured column of every triangle's points, and one
        #: gather from it beats a pass per chunk (a column is 1/7 of the
        #: rows)
        self.columns = {}

    def __len__(self):
        return self.count

    def append(self, rows):
        self.chunks.append(rows)
        self.starts.append(self.count)
        self.count += len(rows)
        for column, values in self.columns.items():
            self.columns[column] = np.concatenate([values, rows[:, column]])

    def column(self, column):
        """One column of every row, as one contiguous array."""
        if column not in self.columns:
            self.columns[column] = np.concatenate(
                [c[:, column] for c in self.chunks])
        return self.columns[column]

    def take(self, index, column=None):
        """Rows (or one column of them) at the given row numbers."""
        index = np.asarray(index, dtype=np.int64)
        if column is not None and len(self.chunks) > 1:
            return self.column(column)[index]
        pick = (slice(None),) if column is None else (slice(None), column)
        if len(self.chunks) == 1:
            return self.chunks[0][pick][index]
        which = np.searchsorted(self.starts, index, side="right") - 1
        shape = index.shape + self.chunks[0][pick].shape[1:]
        out = np.empty(shape, dtype=self.chunks[0].dtype)
        for k, chunk in enumerate(self.chunks):
            sel = which == k
            out[sel] = chunk[pick][index[sel] - self.starts[k]]
        return out


#: each vertex's successor in a triangle (np.roll(x, -1, axis=1) of rows
#: of three, without roll's generic copies)
_NEXT = np.array([1, 2, 0])


def cut_triangles(tris, payload, bound, column=-1):
    """Split triangles along the contour payload[:, column] == bound.

    payload is a Rows; one new point per crossed edge is appended to it.
    Returns (below, above): triangles entirely at or under the bound and
    those at or over it, in exomerge's order (each input triangle in turn
    gives its pieces).  The extension's em_cut_triangles kernel, where it
    has one, makes the pieces and numbers the new points in one pass (the
    same triangles and points; the new points' values are computed here
    from its edges with the same arithmetic).
    """
    cut = kernel("em_cut_triangles")
    if cut is not None:
        values = payload.column(column)
        below, above, p, q = cut(np.ascontiguousarray(tris, dtype=np.int64),
                                 values, float(bound), len(payload))
        vp, vq = values[p], values[q]
        phi = (bound - vp) / (vq - vp)
        payload.append((1.0 - phi)[:, None] * payload.take(p) +
                       phi[:, None] * payload.take(q))
        return below, above
    v = payload.take(tris, column)
    # all(v <= bound) per row as max(v) <= bound, column by column (a
    # reduction along the short axis is several times slower; NaN
    # propagates through maximum/minimum and fails both tests, as in all())
    c0, c1, c2 = v[:, 0], v[:, 1], v[:, 2]
    low = np.maximum(np.maximum(c0, c1), c2) <= bound
    high = np.minimum(np.minimum(c0, c1), c2) >= bound
    high &= ~low
    mixed = np.nonzero(~(low | high))[0]
    # only the mixed triangles can have an edge whose ends lie strictly on
    # either side; their edges in row order number the new points as the
    # whole array's would
    mt = tris[mixed]
    nxt = mt[:, _NEXT]
    sign = np.sign(v[mixed] - bound)
    cross = sign * sign[:, _NEXT] == -1
    p, q = mt[cross], nxt[cross]
    keys, first = np.unique(_edge_keys(p, q), return_index=True)
    order = np.argsort(first, kind="stable")
    p, q = p[first[order]], q[first[order]]
    vp, vq = payload.take(p, column), payload.take(q, column)
    phi = (bound - vp) / (vq - vp)
    new_rows = ((1.0 - phi)[:, None] * payload.take(p) +
                phi[:, None] * payload.take(q))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    base = len(payload)
    payload.append(new_rows)

    def mid(a, b):
        return base + rank[np.searchsorted(keys, _edge_keys(a, b))]

    # pieces of each triangle below and above the bound, written at their
    # offsets: the outputs keep the input order without slots to compact
    n_below = low.astype(np.int64)
    n_above = high.astype(np.int64)
    cases = []
    if len(mixed):
        mv = v[mixed]
        start = (mv < bound) & (mv[:, _NEXT] >= bound)
        d = np.argmax(start, axis=1)
        idx = (d[:, None] + np.arange(3)) % 3
        t = np.take_along_axis(mt, idx, axis=1)
        s = np.sign(np.take_along_axis(mv, idx, axis=1) - bound)
        t0, t1, t2 = t[:, 0], t[:, 1], t[:, 2]
        ca = (s[:, 1] == 1) & (s[:, 2] == -1)
        cb = (s[:, 1] == 1) & (s[:, 2] == 1)
        cc = (s[:, 1] == 0) & (s[:, 2] == 1)
        cd = (s[:, 1] == 1) & (s[:, 2] == 0)
        if not (ca | cb | cc | cd).all():
            raise RuntimeError("unknown contour case")
        n_below[mixed] = 1 + ca
        n_above[mixed] = 1 + cb
        cases = _cut_cases(t0, t1, t2, ca, cb, cc, cd, mid)
    at_below = np.cumsum(n_below) - n_below
    at_above = np.cumsum(n_above) - n_above
    below = np.empty((int(n_below.sum()), 3), dtype=np.int64)
    above = np.empty((int(n_above.sum()), 3), dtype=np.int64)
    below[at_below[low]] = tris[low]
    above[at_above[high]] = tris[high]
    for case, lows, highs in cases:
        rows = mixed[case]
        for k, tri in enumerate(lows):
            below[at_below[rows] + k] = tri
        for k, tri in enumerate(highs):
            above[at_above[rows] + k] = tri
    return below, above


def _cut_cases(t0, t1, t2, ca, cb, cc, cd, mid):
    """Per crossing case (signs of the rotated vertices (-1, +, -),
    (-1, +, +), (-1, 0, +), (-1, +, 0)): its mask and the triangles below and
    above the contour as (r, 3) arrays."""
    def tri(*cols):
        return np.column_stack(cols)
    out = []
    if ca.any():
        a0, a1, a2 = t0[ca], t1[ca], t2[ca]
        m1, m2 = mid(a0, a1), mid(a1, a2)
        out.append((ca, [tri(a0, m1, a2), tri(m1, m2, a2)], [tri(m1, a1, m2)]))
    if cb.any():
        a0, a1, a2 = t0[cb], t1[cb], t2[cb]
        m1, m2 = mid(a0, a1), mid(a2, a0)
        out.append((cb, [tri(a0, m1, m2)], [tri(m1, a1, m2), tri(a1, a2, m2)]))
    if cc.any():
        a0, a1, a2 = t0[cc], t1[cc], t2[cc]
        m1 = mid(a2, a0)
        out.append((cc, [tri(a0, a1, m1)], [tri(a1, a2, m1)]))
    if cd.any():
        a0, a1, a2 = t0[cd], t1[cd], t2[cd]
        m1 = mid(a0, a1)
        out.append((cd, [tri(a0, m1, a2)], [tri(m1, a1, a2)]))
    return out


def partition_triangles(tris, payload, bounds):
    """Cut triangles at each bound in turn, the new points appended to the
    Rows payload: (triangles, interval index per triangle), triangles of
    interval 0 first."""
    parts, labels = [], []
    rest = tris
    for index, bound in enumerate(bounds):
        below, rest = cut_triangles(rest, payload, bound)
        parts.append(below)
        labels.append(np.full(len(below), float(index)))
    parts.append(rest)
    labels.append(np.full(len(rest), float(len(bounds))))
    return np.concatenate(parts), np.concatenate(labels)


#: values per slab of VRML text: the text of one slab is all that is held
WRL_SLAB = 1 << 16


def _format_values(values, sep=","):
    """bytes of every value (float64 or int64, 1-D) as str() writes it,
    each followed by sep: the C kernel, or the same text from Python."""
    fmt = kernel("em_format_values")
    if fmt is not None:
        return fmt(values, sep)
    return "".join(str(x) + sep for x in values.tolist()).encode("ascii")


def _write_values(out, values, last_sep=True, dtype=np.float64):
    """Write a 1-D array's values as dtype, comma-separated, WRL_SLAB at
    a time; the final comma only if last_sep."""
    n = len(values)
    for lo in range(0, n, WRL_SLAB):
        slab = np.ascontiguousarray(values[lo:lo + WRL_SLAB], dtype=dtype)
        text = _format_values(slab)
        out.write(text if last_sep or lo + WRL_SLAB < n else text[:-1])


def write_wrl(filename, points, tris, colors, color_index):
    """A VRML 2.0 IndexedFaceSet with one colour per face, written slab by
    slab (its text is never held whole); points is an (n, 3) array or a
    list of them, in order."""
    if isinstance(points, np.ndarray):
        points = [points]
    tris = np.asarray(tris, dtype=np.int64).reshape(-1, 3)
    faces = max(1, WRL_SLAB // 4)
    with open(filename, "wb") as out:
        out.write(b"#VRML V2.0 utf8\n"
                  b"Transform {\n"
                  b"  translation 0.0 0.0 0.0\n"
                  b"  children Shape {\n"
                  b"    appearance Appearance {material Material {} }\n"
                  b"    geometry IndexedFaceSet {\n"
                  b"      coord Coordinate {\n"
                  b"        point [\n")
        for chunk in points:
            _write_values(out, np.asarray(chunk, dtype=np.float64).reshape(-1))
        out.write(b"\n        ]\n      }\n      coordIndex [\n")
        for lo in range(0, len(tris), faces):
            slab = np.empty((len(tris[lo:lo + faces]), 4), dtype=np.int64)
            slab[:, :3] = tris[lo:lo + faces]
            slab[:, 3] = -1
            _write_values(out, slab.reshape(-1), dtype=np.int64)
        out.write(b"\n      ]\n      color Color {\n        color [\n")
        for c in colors:
            out.write(("          %s,\n" % " ".join(str(x) for x in c))
                      .encode("ascii"))
        out.write(b"        ]\n      }\n      colorIndex [\n        ")
        # each label as str(int(label))
        _write_values(out, np.asarray(color_index), last_sep=False,
                      dtype=np.int64)
        out.write(b"\n      ]\n      colorPerVertex FALSE\n    }\n  }\n}\n")


def _first_free(used):
    i = 1
    while i in used:
        i += 1
    return i


class OutputMixin:
    """summarize, get_input_deck, output_global_variables, export_stl_file,
    export_wrl_model."""

    if TYPE_CHECKING:       # the rest of ExodusModel, for the type checker
        def __getattr__(self, name: str) -> Any: ...

    def summarize(self) -> None:
        """Print counts of the model's contents."""
        lines = [
            "The model contains the following:",
            "  %d elements" % self.get_element_count(),
            "  %d timesteps" % len(self._timesteps),
            "  %d global variables" % len(self._global_variables),
            "  %d nodes" % len(self._coords),
            "  %d node fields" % len(self._node_fields),
            "  %d element blocks" % len(self._blocks),
            "  %d element fields" % len(self.get_element_field_names()),
            "  %d node sets" % len(self._node_sets),
            "  %d node set fields" % len(self.get_node_set_field_names()),
            "  %d side sets" % len(self._side_sets),
            "  %d side set fields" % len(self.get_side_set_field_names()),
        ]
        print("\n".join(lines))

    def get_input_deck(self) -> str:
        """The input deck stored in the info records, as one string."""
        return input_deck(self._info_records)

    def output_global_variables(self, filename: Optional[str] = None,
                                global_variable_names: FieldNames = "all",
                                timesteps: Timesteps = "all") -> None:
        """Global variables as CSV (time first), to a file or stdout."""
        names = self._format_id_list(global_variable_names,
                                     self.get_global_variable_names(),
                                     "global variable")
        timesteps = self._format_id_list(timesteps, self.get_timesteps(),
                                         "timestep")
        self._materialize()
        rows = [", ".join(["time"] + list(names))]
        for t in timesteps:  # type: ignore[union-attr]
            k = self._get_internal_timestep_index(t)
            vals = [t] + [float(self._global_variables[n][k]) for n in names]
            rows.append(", ".join(str(v) for v in vals))
        text = "\n".join(rows) + "\n"
        if filename:
            with open(filename, "w") as out:
                out.write(text)
        else:
            print(text[:-1])

    def export_stl_file(self, filename: str, element_block_ids: EntityIds = "all",
                        displacement_timestep: Timestep = "auto") -> None:
        """Binary STL of the external faces of the given blocks, each face
        split into triangles as exomerge does; displaced by the
        displacement field at displacement_timestep ('auto': the last step
        if a displacement field exists)."""
        ids = self._format_element_block_id_list(element_block_ids)
        if displacement_timestep == "auto":
            if len(self._timesteps) and self.displacement_field_exists():
                displacement_timestep = "last"
            else:
                displacement_timestep = "none"
        steps = self._format_id_list(displacement_timestep,
                                     self.get_timesteps(), "timestep")
        if len(steps) > 1:
            self._error("Ambiguous timestep.",
                        "More than one timestep was specified.  We expected "
                        "one or zero timesteps.")
        self._materialize()
        coords = self._coords
        if steps:
            coords = self._ops_coords_at_step(
                self._get_internal_timestep_index(steps[0]))
        faces = self._get_external_element_faces(ids)
        groups: dict = {}
        for ftype, sel, nodes in self._ops_faces_by_type(faces):
            groups.setdefault(ftype, []).append(nodes)
        tris = []
        for ftype, parts in groups.items():
            if E.DIMENSION.get(ftype) != 2:
                self._error("Incompatible element dimension.",
                            "We expect the side set to contain faces of 3D "
                            'elements, but found faces of type "%s".' % ftype)
            tris.append(triangulate_faces(coords, ftype,
                                          np.concatenate(parts)))
        write_stl(filename, np.concatenate(tris) if tris else
                  np.zeros((0, 3, 3)))

    def export_wrl_model(self, filename: str, node_field_name: str,
                         element_block_ids: EntityIds = "all", timestep: Timestep = "last",
                         field_range: Union[str, Sequence[float]] = "auto",
                         intervals: Union[int, Sequence[float]] = 9, colorspace: str = "rgb",
                         displacement_timestep: Timestep = "auto",
                         export_exodus_copy: bool = True) -> None:
        """Export the exterior of the model to a coloured VRML (WRL) file.

        The skin of the 3-D blocks (or the given tri3 blocks) is split into
        triangles and cut along contours of the node field at ``timestep``;
        each triangle is coloured by the interval it lies in.  ``intervals``
        is a count or the list of interior bounds, ``colorspace`` 'rgb' or
        one RGB triplet per interval.  With ``export_exodus_copy`` the cut
        skin is also written to ``<name>_wrl.e`` with the element field
        'interval'.  The model is left unchanged.

        Example:
        >>> model.export_wrl_model('colored_eqps_model.wrl', 'eqps')
        """
        ids = self._format_element_block_id_list(element_block_ids)
        [node_field_name] = self._format_id_list(
            [node_field_name], self.get_node_field_names(), "node field",
            single=True)
        [timestep] = self._format_id_list([timestep], self.get_timesteps(),
                                          "timestep", single=True)
        step = self._get_internal_timestep_index(timestep)
        if displacement_timestep == "auto":
            displacement_timestep = (timestep if self.displacement_field_exists()
                                     else "none")
        else:
            [displacement_timestep] = self._format_id_list(
                [displacement_timestep], self.get_timesteps(), "timestep",
                single=True)
        self._materialize()
        types = {self._get_standard_element_type(self._blocks[i].elem_type)
                 for i in ids}
        dims = {E.DIMENSION.get(t) for t in types}
        # the exterior-face search first: its temporaries are the largest,
        # and they are gone before the payload rows exist
        faces = self._get_external_element_faces(ids) if dims == {3} \
            else None
        # coordinates and displacements are averaged apart and added at the
        # end, as exomerge does; the columns are filled in place
        rows = np.zeros((len(self._coords), 7))
        rows[:, :3] = self._coords
        if displacement_timestep != "none":
            dstep = self._get_internal_timestep_index(displacement_timestep)
            for k, a in enumerate(self._ops_displacement_arrays()):
                rows[:, 3 + k] = a[dstep]
        rows[:, 6] = self._node_fields[node_field_name][step]
        payload = Rows(rows)
        del rows
        used = set(self._blocks)
        if dims == {3}:
            tris = self._ops_wrl_skin(faces, payload)
            used.add(_first_free(used))
        elif dims == {2} and types == {"tri3"}:
            tris = self._ops_wrl_tri3(ids, payload, used)
        else:
            self._error("Invalid input.",
                        "We expect a list of 3D element blocks or a list of "
                        "2D element blocks composed of triangles.")
        if isinstance(field_range, str) and field_range == "auto":
            vals = payload.take(np.unique(tris), -1)
            field_range = [vals.min(), vals.max()]
        if field_range[0] >= field_range[1]:  # type: ignore[operator]
            self._error("Invalid field range.",
                        "The given field range [%g - %g] was not valid."
                        % (field_range[0], field_range[1]))  # type: ignore[str-format]
        if isinstance(intervals, int):
            lo, hi = field_range  # type: ignore[misc]
            intervals = [(1 - phi) * lo + phi * hi for phi in
                         [x / float(intervals) for x in range(1, intervals)]]
        tris, labels = partition_triangles(tris, payload, intervals)
        points = [c[:, :3] + c[:, 3:6] for c in payload.chunks]
        del payload
        if export_exodus_copy:
            self._ops_wrl_exodus_copy(filename, np.concatenate(points), tris,
                                      labels, timestep, _first_free(used))
        if isinstance(colorspace, str) and colorspace == "rgb":
            n = len(intervals)
            colorspace = [colorsys.hls_to_rgb(2.0 / 3 - 2.0 / 3 * x / n, 0.5, 1)  # type: ignore[assignment]
                          for x in range(n + 1)]
        if len(colorspace) != len(intervals) + 1:
            self._error("Unrecognized colorspace.",
                        "The given colorspace was not recognized.  We "
                        'expected a string such as "rgb" or a list of '
                        "length %d with RGB triplets.  Instead, we found "
                        '"%s".' % (len(intervals) + 1, str(colorspace)))
        write_wrl(filename, points, tris, colorspace, labels)

    def _ops_wrl_skin(self, faces, payload):
        """Triangles of the external faces (of 3-D blocks), grouped by face
        type in order of first appearance (as exomerge orders them)."""
        faces = np.asarray(faces, dtype=np.int64).reshape(-1, 3)
        by_type = {}
        for ftype, sel, nodes in self._ops_faces_by_type(faces):
            by_type.setdefault(ftype, []).append((sel, nodes))
        groups = []
        for ftype, parts in by_type.items():
            sel = np.concatenate([p[0] for p in parts])
            nodes = np.concatenate([p[1] for p in parts])
            order = np.argsort(sel, kind="stable")
            groups.append((sel[order][0] if len(sel) else 0, ftype,
                           nodes[order]))
        groups.sort(key=lambda g: g[0])
        return skin_triangles([(t, n) for _, t, n in groups], payload)

    def _ops_wrl_tri3(self, ids, payload, used):
        """Triangles of tri3 blocks, each block on its own copy of its nodes
        (exomerge duplicates each block before combining them); warns if
        the triangles do not close."""
        tris = []
        base = len(payload)
        merged = []
        for i in ids:
            conn = block_conn(self._blocks[i])
            uniq, inv = np.unique(conn, return_inverse=True)
            tris.append(base + inv.reshape(conn.shape))
            payload.append(payload.take(uniq))
            base += len(uniq)
            merged.append(_first_free(used))
            used.add(merged[-1])
        used.add(_first_free(used))
        used.difference_update(merged)
        tris = np.concatenate(tris).astype(np.int64)
        edges = np.concatenate([tris[:, [0, 1]], tris[:, [1, 2]],
                                tris[:, [2, 0]]])
        _, counts = np.unique(_edge_keys(edges[:, 0], edges[:, 1]),
                              return_counts=True)
        open_edges = int((counts == 1).sum())
        if open_edges:
            self._warning(
                "Enclosure is not watertight.",
                'The "tri3" element blocks passed to this function do not '
                "form a watertight enclosure.  An output file will still "
                "be created, but it is unlikely to be useful as a WRL "
                "model.  We found %d unmatched sides." % open_edges)
        return tris

    def _ops_wrl_exodus_copy(self, filename, points, tris, labels, timestep,
                             block_id):
        """<name>_wrl.e: the cut skin as a tri3 block with the element field
        'interval' at the one timestep, titles and records of this model;
        every point (the model's nodes too), as exomerge writes them."""
        from .exomerge import ExodusModel
        copy = ExodusModel()
        copy._title = self._title
        copy._info_records = list(self._info_records)
        copy._qa_records = list(self._qa_records)
        copy.create_nodes(points)
        copy.create_element_block(block_id, ["tri3", len(tris), 3, 0],
                                  tris.ravel())
        copy.create_timestep(timestep)
        copy.create_element_field("interval", block_id, 0.0)
        copy._blocks[block_id].fields["interval"][0] = labels
        copy.export_model(filename.rsplit(".", 1)[0] + "_wrl.e")
