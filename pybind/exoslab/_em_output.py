"""Output operations of exomerge's ExodusModel: summary, input deck, CSV
of global variables, STL of the exterior (written with one numpy record
array, not per triangle)."""

import numpy as np

from . import _em_elements as E
from ._em_metrics import block_conn

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


def write_stl(filename, triangles):
    """Binary STL of (t, 3, 3) triangles with unit facet normals (zero for
    degenerate triangles)."""
    tri = np.asarray(triangles, dtype=np.float64)
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.sqrt((normal ** 2).sum(axis=1))
    safe = np.where(length > 0, length, 1.0)
    normal = normal / safe[:, None]
    rec = np.zeros(len(tri), dtype=STL_FACET)
    rec["normal"] = normal
    rec["vertices"] = tri
    with open(filename, "wb") as out:
        out.write(b" " * 80)
        out.write(np.array([len(tri)], dtype="<u4").tobytes())
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


class OutputMixin:
    """summarize, get_input_deck, output_global_variables, export_stl_file."""

    def summarize(self):
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

    def get_input_deck(self):
        """The input deck stored in the info records, as one string."""
        return input_deck(self._info_records)

    def output_global_variables(self, filename=None,
                                global_variable_names="all", timesteps="all"):
        """Global variables as CSV (time first), to a file or stdout."""
        names = self._format_id_list(global_variable_names,
                                     self.get_global_variable_names(),
                                     "global variable")
        timesteps = self._format_id_list(timesteps, self.get_timesteps(),
                                         "timestep")
        self._materialize()
        rows = [", ".join(["time"] + list(names))]
        for t in timesteps:
            k = self._get_internal_timestep_index(t)
            vals = [t] + [float(self._global_variables[n][k]) for n in names]
            rows.append(", ".join(str(v) for v in vals))
        text = "\n".join(rows) + "\n"
        if filename:
            with open(filename, "w") as out:
                out.write(text)
        else:
            print(text[:-1])

    def export_stl_file(self, filename, element_block_ids="all",
                        displacement_timestep="auto"):
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
        groups = {}
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
