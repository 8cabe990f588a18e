"""Assemblies, blobs, reduction variables and coordinate frames of a File.

The rest of the SEACAS model, as ``exoslab.h`` has it (exs_get_assembly,
exs_get_red_vars, exs_get_frames...): :class:`File` inherits these methods
from :class:`ModelParts`. Assemblies and blobs are addressed by id;
reduction-variable kinds are a block or set kind, ``"assembly"`` or
``"blob"`` (``"global"`` answers with the global variables). Bulk calls
take the slab, dtype and ``out=`` arguments of every other accessor, and
on a parallel handle in collective mode they are the ``_all`` calls.
"""
import typing
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from . import _ext
from ._kinds import Kind, KindLike, kind_of

#: The assembly and blob codes of exoslab.h (EXS_ASSEMBLY, EXS_BLOB).
ASSEMBLY: int = _ext.EXS_ASSEMBLY
BLOB: int = _ext.EXS_BLOB

#: A reduction or member kind: a Kind (or its name / int), "assembly", "blob".
ModelKind = Union[Kind, int, str]
#: A dtype argument (None: out's dtype, else float64 / int64).
DType = Optional[npt.DTypeLike]
#: An out= argument: an array filled in place, or None.
Out = Optional[np.ndarray]


def model_kind_of(kind: ModelKind) -> int:
    """The C code of a kind: ASSEMBLY / BLOB for "assembly" / "blob" (or
    their ints), else the Kind of kind_of()."""
    if isinstance(kind, str) and kind.strip().lower() in ("assembly", "assemblies"):
        return ASSEMBLY
    if isinstance(kind, str) and kind.strip().lower() in ("blob", "blobs"):
        return BLOB
    if isinstance(kind, int) and not isinstance(kind, Kind) and kind in (ASSEMBLY, BLOB):
        return int(kind)
    return int(kind_of(typing.cast(KindLike, kind)))


def _member_kind(code: int) -> Optional[Union[Kind, str]]:
    """A member kind code as a Kind, "assembly" or "blob" (None: unknown)."""
    if code == ASSEMBLY:
        return "assembly"
    if code == BLOB:
        return "blob"
    return Kind(code) if code >= 0 else None


class AssemblyInfo(typing.NamedTuple):
    """One assembly (SEACAS ex_assembly): its members are ids of entities
    of member_kind (a Kind, "assembly" or "blob"; None when the file's
    stored_type names another kind). file_index: 1-based, file order."""
    id: int
    file_index: int
    name: str
    member_kind: Optional[Union[Kind, str]]
    stored_type: int
    member_type: str
    num_members: int


class BlobInfo(typing.NamedTuple):
    """One blob (SEACAS ex_blob): num_entries values, with variables.
    file_index: 1-based, file order."""
    id: int
    file_index: int
    name: str
    num_entries: int


class Frames(typing.NamedTuple):
    """Coordinate frames: ids (n,), coordinates (n, 9): origin, a point on
    the third axis, a point in the 1-3 plane; tags: b"R" rectangular,
    b"C" cylindrical, b"S" spherical, one per frame."""
    ids: np.ndarray
    coords: np.ndarray
    tags: bytes


class ModelParts:
    """Assemblies, blobs, reduction variables and frames (see the module)."""

    _h: Any

    # ---- reading ----
    @property
    def assemblies(self) -> Dict[int, AssemblyInfo]:
        """Every assembly by id, in file order."""
        return {i: self.assembly(i) for i in self._h.assembly_ids()}

    def assembly(self, id: int) -> AssemblyInfo:
        """Assembly `id` (NotFoundError for an unknown id)."""
        d = self._h.get_assembly(int(id))
        return AssemblyInfo(d["id"], d["index"], d["name"],
                            _member_kind(d["member_kind"]), d["stored_type"],
                            d["member_type"], d["num_members"])

    def assembly_members(self, id: int, start: int = 0, count: Optional[int] = None,
                         dtype: DType = None, out: Out = None) -> np.ndarray:
        """Member ids [start, start+count) of assembly `id`."""
        return self._h.get_assembly_members(int(id), int(start), count, dtype, out)

    @property
    def blobs(self) -> Dict[int, BlobInfo]:
        """Every blob by id, in file order."""
        out: Dict[int, BlobInfo] = {}
        for i in self._h.blob_ids():
            d = self._h.get_blob(i)
            out[i] = BlobInfo(d["id"], d["index"], d["name"], d["num_entries"])
        return out

    @property
    def blob_var_names(self) -> List[str]:
        """Names of the blob variables."""
        return list(self._h.blob_var_names())

    def _blob_var(self, var: Union[int, str]) -> int:
        if isinstance(var, str):
            names = self.blob_var_names
            if var not in names:
                raise _ext.NotFoundError(f"no blob variable {var!r}; there are {names}")
            return names.index(var)
        return int(var)

    def blob_var(self, var: Union[int, str], id: int, step: int, start: int = 0,
                 count: Optional[int] = None, dtype: DType = None,
                 out: Out = None) -> np.ndarray:
        """Blob variable `var` (name or index) of blob `id` at 0-based step,
        values [start, start+count)."""
        return self._h.get_blob_var(int(id), self._blob_var(var), int(step), int(start),
                                    count, dtype, out)

    def red_var_names(self, kind: ModelKind) -> List[str]:
        """Names of the reduction variables of a kind."""
        return list(self._h.red_var_names(model_kind_of(kind)))

    def red_truth(self, kind: ModelKind) -> np.ndarray:
        """Which entities of a kind (file order) store reduction values."""
        return np.asarray(self._h.red_truth(model_kind_of(kind))).astype(bool)

    def red_vars(self, kind: ModelKind, id: int, step: int, start: int = 0,
                 count: Optional[int] = None, dtype: DType = None,
                 out: Out = None) -> np.ndarray:
        """Reduction variables [start, start+count) of entity `id` (a block
        or set id, an assembly or blob id) at 0-based step."""
        return self._h.get_red_vars(model_kind_of(kind), int(id), int(step),
                                    int(start), count, dtype, out)

    def red_var(self, kind: ModelKind, var: Union[int, str], id: int,
                step: int) -> float:
        """One reduction variable (name or index) of entity `id` at a step."""
        i = self.red_var_names(kind).index(var) if isinstance(var, str) else int(var)
        return float(self.red_vars(kind, id, step, i, 1)[0])

    @property
    def num_frames(self) -> int:
        """Number of coordinate frames."""
        return int(self._h.num_frames())

    def frames(self) -> Frames:
        """All coordinate frames."""
        ids, coords, tags = self._h.get_frames()
        return Frames(ids, coords, tags)

    def entity_attributes(self, owner: ModelKind = "global",
                          id: int = 0) -> Dict[str, Union[np.ndarray, str]]:
        """The entity attributes of (owner, id) -- SEACAS's ex_put_attribute
        ones ("Units", "Scale"...) and its field metadata, basis and
        quadrature attributes ("Field@...", "Basis@...", "Quad@...") -- by
        name, in stored order: int64 or float64 arrays, or str. owner:
        "global" (the file's own, less the ones Exodus defines), a block or
        set kind, "assembly" or "blob"; id ignored for "global"."""
        out: Dict[str, Union[np.ndarray, str]] = {}
        for name, t, v in self._h.entity_atts(model_kind_of(owner), int(id)):
            out[name] = v if t == _ext.EXS_ATT_CHAR else np.asarray(
                v, dtype=np.int64 if t == _ext.EXS_ATT_INT else np.float64)
        return out

    # ---- writing ----
    def put_entity_attribute(self, owner: ModelKind, id: int, name: str,
                             value: Union[str, npt.ArrayLike]) -> None:
        """Define entity attribute `name` of (owner, id) (see
        entity_attributes): a str is stored as text, integers as NC_INT,
        anything else as NC_DOUBLE. Before the header is written."""
        k = model_kind_of(owner)
        if isinstance(value, str):
            b = value.encode("utf-8", "surrogateescape")
            self._h.put_entity_att(k, int(id), name, _ext.EXS_ATT_CHAR, b, len(b))
            return
        a = np.atleast_1d(np.asarray(value))
        t = _ext.EXS_ATT_INT if np.issubdtype(a.dtype, np.integer) else _ext.EXS_ATT_DOUBLE
        a = np.ascontiguousarray(a.ravel(), np.int64 if t == _ext.EXS_ATT_INT else np.float64)
        self._h.put_entity_att(k, int(id), name, t, a.tobytes(), a.size)

    def def_assembly(self, id: int, name: Optional[str], member_kind: ModelKind,
                     num_members: int) -> None:
        """Define assembly `id` of num_members (> 0) ids of member_kind."""
        self._h.def_assembly(int(id), name, model_kind_of(member_kind), int(num_members))

    def put_assembly_members(self, id: int, members: npt.ArrayLike,
                             start: int = 0) -> None:
        """Write member ids [start, start+len(members)) of assembly `id`."""
        self._h.put_assembly_members(int(id), members, int(start))

    def def_blob(self, id: int, name: Optional[str], num_entries: int) -> None:
        """Define blob `id` of num_entries (>= 1) values."""
        self._h.def_blob(int(id), name, int(num_entries))

    def def_blob_vars(self, names: Sequence[str]) -> None:
        """Define the blob variables (once); stored for every blob."""
        self._h.def_blob_vars(list(names))

    def put_blob_var(self, var: Union[int, str], id: int, step: int,
                     data: npt.ArrayLike, start: int = 0) -> None:
        """Write blob variable `var` of blob `id` at an existing step."""
        self._h.put_blob_var(int(id), self._blob_var(var), int(step), data, int(start))

    def def_red_vars(self, kind: ModelKind, names: Sequence[str]) -> None:
        """Define the reduction variables of a kind (once per kind)."""
        self._h.def_red_vars(model_kind_of(kind), list(names))

    def def_red_truth(self, kind: ModelKind, table: npt.ArrayLike) -> None:
        """Which entities of a kind (file order) store reduction values."""
        self._h.def_red_truth(model_kind_of(kind),
                              np.asarray(table, dtype=np.intc).ravel())

    def put_red_vars(self, kind: ModelKind, id: int, step: int,
                     values: npt.ArrayLike, start: int = 0) -> None:
        """Write reduction variables [start, start+len(values)) of entity
        `id` at an existing step (put_time first)."""
        self._h.put_red_vars(model_kind_of(kind), int(id), int(step), values, int(start))

    def def_frames(self, n: int) -> None:
        """Define n (>= 1) coordinate frames."""
        self._h.def_frames(int(n))

    def put_frames(self, ids: npt.ArrayLike, coords: npt.ArrayLike,
                   tags: Union[bytes, str], start: int = 0) -> None:
        """Write frames [start, start+len(ids)): ids, (n, 9) coordinates and
        one tag per frame ("R", "C" or "S")."""
        t = tags.encode("ascii") if isinstance(tags, str) else bytes(tags)
        self._h.put_frames(ids, np.asarray(coords, dtype=np.float64), t, int(start))
