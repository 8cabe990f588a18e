"""Kinds, formats and other names of the C API, as Python values.

The numbers come from the C extension (``exoslab._ext``), so they never
drift from ``exoslab.h``. ``KindLike`` is what every ``kind`` argument
of the package accepts: a :class:`Kind`, its int value or a name.
"""
import enum
from typing import Dict, Iterable, Tuple, Union

from . import _ext


class Kind(enum.IntEnum):
    """Entity kinds (exs_kind, as SEACAS's EX_ELEM_BLOCK...). Anywhere a
    kind is taken, a Kind, its int value or a name ("elem_block",
    "side_set", "nodal", ... and short forms "eb", "ss", "ns") is accepted."""
    NODAL = _ext.EXS_NODAL
    GLOBAL = _ext.EXS_GLOBAL
    ELEM_BLOCK = _ext.EXS_ELEM_BLOCK
    EDGE_BLOCK = _ext.EXS_EDGE_BLOCK
    FACE_BLOCK = _ext.EXS_FACE_BLOCK
    NODE_SET = _ext.EXS_NODE_SET
    SIDE_SET = _ext.EXS_SIDE_SET
    EDGE_SET = _ext.EXS_EDGE_SET
    FACE_SET = _ext.EXS_FACE_SET
    ELEM_SET = _ext.EXS_ELEM_SET
    NODE_MAP = _ext.EXS_NODE_MAP
    EDGE_MAP = _ext.EXS_EDGE_MAP
    FACE_MAP = _ext.EXS_FACE_MAP
    ELEM_MAP = _ext.EXS_ELEM_MAP


class Inq(enum.IntEnum):
    """What File.inquire() can ask (exs_inquire's EXS_INQ_*); a member, its
    int value or its name ("num_nodes") is accepted."""
    FORMAT = _ext.EXS_INQ_FORMAT
    NUM_DIM = _ext.EXS_INQ_NUM_DIM
    NUM_NODES = _ext.EXS_INQ_NUM_NODES
    NUM_ELEM = _ext.EXS_INQ_NUM_ELEM
    NUM_EDGE = _ext.EXS_INQ_NUM_EDGE
    NUM_FACE = _ext.EXS_INQ_NUM_FACE
    NUM_TIMES = _ext.EXS_INQ_NUM_TIMES
    NUM_QA = _ext.EXS_INQ_NUM_QA
    NUM_INFO = _ext.EXS_INQ_NUM_INFO
    INT64_STATUS = _ext.EXS_INQ_INT64_STATUS
    NAME_LEN = _ext.EXS_INQ_NAME_LEN
    MAX_NAME_USED = _ext.EXS_INQ_MAX_NAME_USED
    FLOAT_SIZE = _ext.EXS_INQ_FLOAT_SIZE
    INT_SIZE = _ext.EXS_INQ_INT_SIZE
    HAS_MESH = _ext.EXS_INQ_HAS_MESH
    NEMESIS = _ext.EXS_INQ_NEMESIS
    NUM_PROCS = _ext.EXS_INQ_NUM_PROCS
    COMPRESSED = _ext.EXS_INQ_COMPRESSED
    PARALLEL = _ext.EXS_INQ_PARALLEL
    RANK = _ext.EXS_INQ_RANK
    NRANKS = _ext.EXS_INQ_NRANKS
    ORDER_MAP = _ext.EXS_INQ_ORDER_MAP


class Conn(enum.IntEnum):
    """Which connectivity of a block (exs_conn): its nodes, edges or faces;
    "nodes", "edges", "faces" are accepted too."""
    NODES = _ext.EXS_CONN_NODES
    EDGES = _ext.EXS_CONN_EDGES
    FACES = _ext.EXS_CONN_FACES


#: A kind argument: a Kind, its int value or a name ("elem_block", "ns"...).
KindLike = Union[Kind, int, str]

_KIND_ALIASES: Dict[Kind, Tuple[str, ...]] = {
    Kind.NODAL: ("nodal", "node", "nodes", "nod"),
    Kind.GLOBAL: ("global", "globals", "glo"),
    Kind.ELEM_BLOCK: ("elem_block", "element_block", "block", "elem", "element",
                      "eb", "el_blk"),
    Kind.EDGE_BLOCK: ("edge_block", "ed", "ed_blk"),
    Kind.FACE_BLOCK: ("face_block", "fa", "fa_blk"),
    Kind.NODE_SET: ("node_set", "nodeset", "ns", "nset"),
    Kind.SIDE_SET: ("side_set", "sideset", "ss", "sset"),
    Kind.EDGE_SET: ("edge_set", "edgeset", "es", "eset"),
    Kind.FACE_SET: ("face_set", "faceset", "fs", "fset"),
    Kind.ELEM_SET: ("elem_set", "element_set", "elemset", "els", "elset"),
    Kind.NODE_MAP: ("node_map", "nm"),
    Kind.EDGE_MAP: ("edge_map", "edm"),
    Kind.FACE_MAP: ("face_map", "fam"),
    Kind.ELEM_MAP: ("elem_map", "element_map", "em"),
}
_KIND_BY_NAME = {a: k for k, names in _KIND_ALIASES.items() for a in names}

#: The kinds that are blocks, sets, maps, and that carry variables.
BLOCK_KINDS: Tuple[Kind, ...] = (Kind.ELEM_BLOCK, Kind.EDGE_BLOCK, Kind.FACE_BLOCK)
SET_KINDS: Tuple[Kind, ...] = (Kind.NODE_SET, Kind.SIDE_SET, Kind.EDGE_SET, Kind.FACE_SET,
             Kind.ELEM_SET)
MAP_KINDS: Tuple[Kind, ...] = (Kind.NODE_MAP, Kind.EDGE_MAP, Kind.FACE_MAP, Kind.ELEM_MAP)
VAR_KINDS: Tuple[Kind, ...] = (Kind.GLOBAL, Kind.NODAL) + BLOCK_KINDS + SET_KINDS


def kind_of(kind: KindLike) -> Kind:
    """The Kind for a Kind, an int or a name; ArgumentError (a ValueError)
    naming the accepted names otherwise."""
    if isinstance(kind, str):
        key = kind.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return _KIND_BY_NAME[key]
        except KeyError:
            raise _ext.ArgumentError(
                f"unknown entity kind {kind!r}; use one of "
                f"{', '.join(names[0] for names in _KIND_ALIASES.values())}"
            ) from None
    try:
        return Kind(kind)
    except ValueError:
        raise _ext.ArgumentError(f"unknown entity kind {kind!r}") from None


def map_kind_of(kind: KindLike) -> Kind:
    """A map kind; "node", "elem", "edge", "face" also name them.
    ArgumentError for a kind that is not a map kind."""
    if isinstance(kind, str) and kind.lower() in ("node", "nodes", "nodal"):
        return Kind.NODE_MAP
    if isinstance(kind, str) and kind.lower() in ("elem", "element", "elements"):
        return Kind.ELEM_MAP
    if isinstance(kind, str) and kind.lower() in ("edge", "edges", "face", "faces"):
        return Kind.EDGE_MAP if kind.lower().startswith("edge") else Kind.FACE_MAP
    k = kind_of(kind)
    if k not in MAP_KINDS:
        raise _ext.ArgumentError(f"{k.name.lower()} is not a map kind "
                                 "(node_map, edge_map, face_map, elem_map)")
    return k


def conn_of(which: Union[Conn, int, str]) -> Conn:
    """The Conn for "nodes", "edges", "faces" (or a Conn / its int)."""
    if isinstance(which, str):
        try:
            return Conn[which.strip().upper()]
        except KeyError:
            raise _ext.ArgumentError(
                f"which={which!r}: use 'nodes', 'edges' or 'faces'") from None
    return Conn(which)


# Container formats: canonical short names, then accepted spellings
# (including netCDF4-python's).
#: Container format number (EXS_FORMAT_*) -> canonical short name.
FORMAT_NAMES: Dict[int, str] = {
    _ext.EXS_FORMAT_CLASSIC: "cdf1",
    _ext.EXS_FORMAT_64BIT_OFFSET: "cdf2",
    _ext.EXS_FORMAT_CDF5: "cdf5",
    _ext.EXS_FORMAT_NETCDF4: "nc4",
    _ext.EXS_FORMAT_NETCDF4_CLASSIC: "nc4classic",
}
_FORMAT_ALIASES: Dict[str, int] = {
    "default": _ext.EXS_FORMAT_DEFAULT,
    "cdf1": _ext.EXS_FORMAT_CLASSIC, "classic": _ext.EXS_FORMAT_CLASSIC,
    "netcdf3_classic": _ext.EXS_FORMAT_CLASSIC,
    "cdf2": _ext.EXS_FORMAT_64BIT_OFFSET, "64bit_offset": _ext.EXS_FORMAT_64BIT_OFFSET,
    "64bit": _ext.EXS_FORMAT_64BIT_OFFSET,
    "netcdf3_64bit_offset": _ext.EXS_FORMAT_64BIT_OFFSET,
    "netcdf3_64bit": _ext.EXS_FORMAT_64BIT_OFFSET,
    "cdf5": _ext.EXS_FORMAT_CDF5, "64bit_data": _ext.EXS_FORMAT_CDF5,
    "netcdf3_64bit_data": _ext.EXS_FORMAT_CDF5,
    "nc4": _ext.EXS_FORMAT_NETCDF4, "netcdf4": _ext.EXS_FORMAT_NETCDF4,
    "hdf5": _ext.EXS_FORMAT_NETCDF4,
    "nc4classic": _ext.EXS_FORMAT_NETCDF4_CLASSIC,
    "netcdf4_classic": _ext.EXS_FORMAT_NETCDF4_CLASSIC,
}


def format_of(fmt: Union[int, str, None]) -> int:
    """EXS_FORMAT_* for a name ("nc4", "cdf2", "NETCDF4_CLASSIC"...), an
    int (passed through) or None (the default format); ArgumentError for
    an unknown name."""
    if fmt is None:
        return _ext.EXS_FORMAT_DEFAULT
    if isinstance(fmt, int):
        return fmt
    key = str(fmt).strip().lower().replace("-", "_")
    try:
        return _FORMAT_ALIASES[key]
    except KeyError:
        raise _ext.ArgumentError(
            f"unknown format {fmt!r}; use one of cdf1, cdf2, cdf5, nc4, "
            "nc4classic") from None
