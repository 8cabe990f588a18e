"""Element-type facts exomerge knows, as numpy-friendly tables.

Every table is keyed by exomerge's standard (lowercase) element type name.
Node numbers are 0-based local positions inside one element's
connectivity row.  The facts (face lists, node orders, conversion rules)
are the ones exomerge3 documents and uses, so that results agree with it;
the layout here is this module's own: each face list is a tuple of
``(face_type, local_nodes)`` and each derived-node rule is a tuple of
local nodes to average.
"""

import numpy as np

#: topological dimension (exomerge counts a shell4 as 3-D)
DIMENSION = {
    "point": 0, "line2": 1, "line3": 1,
    "tri3": 2, "tri6": 2, "quad4": 2, "quad6": 2, "quad8": 2,
    "shell4": 3, "hex8": 3, "hex20": 3, "tet4": 3, "tet10": 3,
    "wedge6": 3, "wedge12": 3, "wedge15": 3, "wedge16": 3,
}

#: polynomial order
ORDER = {
    "point": 1, "line2": 1, "line3": 2, "tri3": 1, "tri6": 2,
    "quad4": 1, "shell4": 1, "quad6": 1, "quad8": 2,
    "hex8": 1, "hex20": 2, "tet4": 1, "tet10": 2,
    "wedge6": 1, "wedge12": 1, "wedge15": 2, "wedge16": 2,
}

_Q4 = "quad4"
_T3 = "tri3"

#: faces (sides) of each element type, in exomerge's side order
FACES = {
    "hex8": tuple((_Q4, f) for f in (
        (0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7),
        (0, 3, 2, 1), (4, 5, 6, 7))),
    "hex20": tuple(("quad8", f) for f in (
        (0, 1, 5, 4, 8, 13, 16, 12), (1, 2, 6, 5, 9, 14, 17, 13),
        (2, 3, 7, 6, 10, 15, 18, 14), (3, 0, 4, 7, 11, 12, 19, 15),
        (0, 3, 2, 1, 11, 10, 9, 8), (4, 5, 6, 7, 16, 17, 18, 19))),
    "tet4": tuple((_T3, f) for f in (
        (0, 1, 3), (1, 2, 3), (2, 0, 3), (0, 2, 1))),
    "tet10": tuple(("tri6", f) for f in (
        (0, 1, 3, 4, 8, 7), (1, 2, 3, 5, 9, 8),
        (2, 0, 3, 6, 7, 9), (0, 2, 1, 6, 5, 4))),
    "wedge6": ((_Q4, (0, 1, 4, 3)), (_Q4, (1, 2, 5, 4)),
               (_Q4, (2, 0, 3, 5)), (_T3, (0, 2, 1)), (_T3, (3, 4, 5))),
    "wedge12": (("quad6", (0, 1, 4, 3, 6, 9)), ("quad6", (1, 2, 5, 4, 7, 10)),
                ("quad6", (2, 0, 3, 5, 8, 11)), ("tri6", (0, 2, 1, 8, 7, 6)),
                ("tri6", (3, 4, 5, 11, 10, 9))),
    "wedge15": (("quad8", (0, 1, 4, 3, 6, 10, 12, 9)),
                ("quad8", (1, 2, 5, 4, 7, 11, 13, 10)),
                ("quad8", (2, 0, 3, 5, 8, 9, 14, 11)),
                ("tri6", (0, 2, 1, 8, 7, 6)), ("tri6", (3, 4, 5, 12, 13, 14))),
    "tri3": (("line2", (0, 1)), ("line2", (1, 2)), ("line2", (2, 0))),
    "tri6": (("line3", (0, 1, 3)), ("line3", (1, 2, 4)), ("line3", (2, 0, 5))),
    "quad4": (("line2", (0, 1)), ("line2", (1, 2)), ("line2", (2, 3)),
              ("line2", (3, 0))),
    "quad6": (("line3", (0, 1, 4)), ("line2", (1, 2)), ("line3", (2, 5, 3)),
              ("line2", (3, 0))),
    "quad8": (("line3", (0, 1, 4)), ("line3", (1, 2, 5)), ("line3", (2, 3, 6)),
              ("line3", (3, 0, 7))),
    "shell4": ((_Q4, (0, 1, 2, 3)), (_Q4, (0, 3, 2, 1)), ("line2", (0, 1)),
               ("line2", (1, 2)), ("line2", (2, 3)), ("line2", (3, 0))),
    "line2": (("point", (0,)), ("point", (1,))),
    "point": (),
}
FACES["wedge16"] = FACES["wedge15"]
FACES["line3"] = FACES["line2"]

#: the element types exomerge calls standard
STANDARD_TYPES = frozenset(FACES)

#: a node permutation that turns the element inside out (flips a normal)
INVERTED = {
    "hex8": (4, 5, 6, 7, 0, 1, 2, 3),
    "hex20": (4, 5, 6, 7, 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11,
              12, 13, 14, 15),
    "tet4": (0, 2, 1, 3),
    "tet10": (0, 2, 1, 3, 6, 5, 4, 7, 9, 8),
    "wedge6": (3, 4, 5, 0, 1, 2),
    "wedge12": (3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8),
    "wedge15": (3, 4, 5, 0, 1, 2, 12, 13, 14, 6, 7, 8, 9, 10, 11),
    "wedge16": (3, 4, 5, 0, 1, 2, 12, 13, 14, 6, 7, 8, 9, 10, 11, 15),
    "tri3": (0, 2, 1), "tri6": (0, 2, 1, 5, 4, 3),
    "quad4": (0, 3, 2, 1), "shell4": (0, 3, 2, 1),
    "quad6": (3, 2, 1, 0, 5, 4), "quad8": (0, 3, 2, 1, 7, 6, 5, 4),
    "line2": (1, 0), "line3": (1, 0, 2), "point": (0,),
}

#: nodes per element of each standard type
NODES_PER_ELEMENT = {k: len(v) for k, v in INVERTED.items()}

#: volume rules: (factor, vectors); each vector is (from_nodes, to_nodes),
#: a vector between the averages of two node groups.  One vector: length;
#: two: area of the parallelogram (times factor); three: triple product.
VOLUME_RULES = {
    "line2": (1.0, (((0,), (1,)),)),
    "tri3": (0.5, (((0,), (1,)), ((0,), (2,)))),
    "quad4": (0.5, (((0,), (2,)), ((1,), (3,)))),
    "tet4": (1.0 / 6.0, (((0,), (1,)), ((0,), (2,)), ((0,), (3,)))),
    "wedge6": (0.5, (((0, 3), (1, 4)), ((0, 3), (2, 5)),
                     ((0, 1, 2), (3, 4, 5)))),
    "hex8": (1.0, (((0, 3, 4, 7), (1, 2, 5, 6)), ((0, 1, 4, 5), (2, 3, 6, 7)),
                   ((0, 1, 2, 3), (4, 5, 6, 7)))),
}
for _alias, _base in (("line3", "line2"), ("tri6", "tri3"), ("quad6", "quad4"),
                      ("quad8", "quad4"), ("shell4", "quad4"),
                      ("tet10", "tet4"), ("wedge12", "wedge6"),
                      ("wedge15", "wedge6"), ("wedge16", "wedge6"),
                      ("hex20", "hex8")):
    VOLUME_RULES[_alias] = VOLUME_RULES[_base]

#: a node permutation that turns a 2-D face one step about its normal
ROTATED = {
    "quad4": (3, 0, 1, 2), "shell4": (3, 0, 1, 2),
    "quad8": (3, 0, 1, 2, 7, 4, 5, 6),
    "tri3": (2, 0, 1), "tri6": (2, 0, 1, 5, 3, 4),
}

#: two faces of a side set -> a cohesive element: (new type, node order)
COHESIVE = {
    "quad4": ("hex8", tuple(range(8))),
    "shell4": ("hex8", tuple(range(8))),
    "tri3": ("wedge6", tuple(range(6))),
    "tri6": ("wedge12", (0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11)),
}


def _edge_midpoints(pairs):
    return tuple(tuple(p) for p in pairs)


#: element conversions: CONVERSIONS[old][new] is a list of new elements per
#: old element, each a tuple whose entries are a local node (int) or a tuple
#: of local nodes whose average becomes a new node
CONVERSIONS = {
    "hex8": {"hex20": [tuple(range(8)) + _edge_midpoints(
        ((0, 1), (1, 2), (2, 3), (0, 3), (0, 4), (1, 5), (2, 6), (3, 7),
         (4, 5), (5, 6), (6, 7), (4, 7)))]},
    "hex20": {"hex8": [tuple(range(8))]},
    "tet4": {"tet10": [tuple(range(4)) + _edge_midpoints(
        ((0, 1), (1, 2), (0, 2), (0, 3), (1, 3), (2, 3)))]},
    "tet10": {"tet4": [tuple(range(4))]},
    "wedge12": {"wedge6": [tuple(range(6))],
                "wedge15": [tuple(range(9)) + ((0, 3), (1, 4), (2, 5))
                            + (9, 10, 11)]},
    "wedge15": {"wedge6": [tuple(range(6))],
                "wedge16": [tuple(range(15)) + ((0, 1, 2, 3, 4, 5),)]},
    "wedge16": {"wedge6": [tuple(range(6))],
                "wedge15": [tuple(range(15))]},
}
_WEDGE6_EDGES = ((0, 1), (1, 2), (0, 2), (0, 3), (1, 4), (2, 5),
                 (3, 4), (4, 5), (3, 5))
CONVERSIONS["wedge6"] = {
    "wedge15": [tuple(range(6)) + _WEDGE6_EDGES],
    "wedge16": [tuple(range(6)) + _WEDGE6_EDGES + ((0, 1, 2, 3, 4, 5),)],
}

#: triangulation of 2-D faces: entries are a local node or a tuple of local
#: nodes whose average is an extra (centre) node
TRIANGULATED_FACES = {
    "tri3": ((0, 1, 2),),
    "tri6": ((0, 3, 5), (1, 4, 3), (2, 5, 4), (3, 4, 5)),
    "quad4": tuple((a, b, (0, 1, 2, 3)) for a, b in
                   ((0, 1), (1, 2), (2, 3), (3, 0))),
    "quad6": tuple((a, b, (4, 5)) for a, b in
                   ((0, 4), (4, 1), (1, 2), (2, 5), (5, 3), (3, 0))),
    "quad8": ((4, 7, 0), (5, 4, 1), (6, 5, 2), (7, 6, 3))
    + tuple((a, b, (4, 5, 6, 7)) for a, b in ((7, 4), (4, 5), (5, 6), (6, 7))),
}


def hex24tet_scheme():
    """The 'hex24tet' split of a hex8: 4 tets per face, each joining two
    neighbouring face corners, the face centre and the hex centre.  Centre
    entries are tuples of local nodes (face centre sorted, as exomerge)."""
    scheme = []
    for _, face in FACES["hex8"]:
        centre = tuple(sorted(face))
        for i in range(4):
            scheme.append((face[(i + 1) % 4], face[i], centre, tuple(range(8))))
    return scheme


def edges(element_type):
    """Unique undirected edges of an element type as an (m, 2) int array of
    local node pairs: the corner-to-corner segments of its faces (of its
    faces' faces for 3-D types), each listed once with the lower node first,
    in order of first appearance.  Mid-side nodes of quadratic faces are not
    edge ends: a line3 (a, b, mid) gives the edge (a, b)."""
    element_type = element_type.lower()
    dim = DIMENSION[element_type]
    if dim == 0:
        return np.zeros((0, 2), dtype=np.int64)
    if dim == 1:
        return np.array([[0, 1]], dtype=np.int64)
    segments = []
    if dim == 2 or (dim == 3 and element_type != "shell4"):
        faces = FACES[element_type]
        lines = []
        if dim == 2:
            lines = [f for _, f in faces]
        else:
            for ftype, fnodes in faces:
                lines.extend(tuple(fnodes[i] for i in sub)
                             for _, sub in FACES[ftype])
        segments = [(ln[0], ln[1]) for ln in lines]
    else:  # shell4: its four line sides
        segments = [f for t, f in FACES["shell4"] if t == "line2"]
    seen = []
    for a, b in segments:
        key = (min(a, b), max(a, b))
        if key not in seen:
            seen.append(key)
    return np.array(seen, dtype=np.int64).reshape(-1, 2)


def face_table(element_type):
    """Faces of a type grouped by face type: a list of
    ``(face_type, face_indices (k,), local_nodes (k, n))`` arrays."""
    groups = {}
    for index, (ftype, nodes) in enumerate(FACES[element_type]):
        groups.setdefault(ftype, []).append((index, nodes))
    out = []
    for ftype, items in groups.items():
        out.append((ftype, np.array([i for i, _ in items], dtype=np.int64),
                    np.array([n for _, n in items], dtype=np.int64)))
    return out


def standard_type(element_type):
    """exomerge's standard name of an element type, or None if unknown.
    Case is ignored; the trailing node count may be omitted for the
    common linear types (``HEX`` -> hex8, ``TETRA`` -> tet4, ...)."""
    name = str(element_type).lower()
    if name in STANDARD_TYPES:
        return name
    return _ALIASES.get(name)


_ALIASES = {
    "hex": "hex8", "tet": "tet4", "tetra": "tet4", "tetra4": "tet4",
    "tetra10": "tet10", "tri": "tri3", "triangle": "tri3", "quad": "quad4",
    "shell": "shell4", "wedge": "wedge6", "bar": "line2", "bar2": "line2",
    "beam": "line2", "beam2": "line2", "truss": "line2", "truss2": "line2",
    "sphere": "point", "circle": "point", "tri6": "tri6", "trishell": "tri3",
}
