"""Storage records of exoslab.exomerge and the live list-style views.

The model keeps flat numpy arrays (see exomerge.py). exomerge's old
structures -- ``model.nodes`` (list of [x, y, z]), ``element_blocks[id]``
(``[name, info, connectivity, fields]``), ``node_sets[id]`` (``[name,
members, fields]``), ``side_sets[id]``, the field dicts -- are answered by
the small view classes here: each access is O(1), reads and item
assignments go straight to the arrays, nothing is rebuilt per access.
"""
import collections.abc
import dataclasses
import typing

import numpy as np


def as_float_steps(values, n, what):
    """values as a C-contiguous (steps, n) float64 array (a list of lists,
    an array, ...); raises ValueError when the width is not n."""
    a = np.array(values, dtype=np.float64, order="C", ndmin=1)
    if a.ndim == 1 and n != 0 and a.size == 0:
        a = a.reshape(0, n)
    if a.ndim == 1:
        a = a.reshape(1, -1) if n and a.size == n else a.reshape(-1, n or 0)
    if a.ndim != 2 or a.shape[1] != n:
        raise ValueError(f"{what}: expected (timesteps, {n}) values, "
                         f"got shape {a.shape}")
    return a


def _row_keys(a):
    """One int64 key per row of a 2-D int array, ordered as the rows
    compare (lexicographically), or None when the value ranges do not fit."""
    cols = [a[:, k] for k in range(a.shape[1])]    # (column reductions are
    lo = [int(c.min()) for c in cols]              # much faster than axis=0)
    span = [int(c.max()) - l + 1 for c, l in zip(cols, lo)]
    total = 1
    for w in span:
        total *= w
    if total >= 1 << 62:
        return None
    key = np.zeros(len(a), np.int64)
    for c, l, w in zip(cols, lo, span):
        key *= w
        key += c
        key -= l
    return key


def first_unique(a):
    """Positions (ascending) of the first occurrence of each distinct value
    of a 1-D array, or row of a 2-D one. Members as files store them are
    usually sorted and distinct: that is checked in one pass and needs no
    sort."""
    a = np.asarray(a)
    if len(a) == 0:
        return np.zeros(0, np.int64)
    key = a if a.ndim == 1 else _row_keys(a)
    if key is None:
        _, first = np.unique(a, axis=0, return_index=True)
        return np.sort(first)
    if len(key) < 2 or bool((key[1:] > key[:-1]).all()):
        return np.arange(len(key), dtype=np.int64)
    _, first = np.unique(key, return_index=True)
    return np.sort(first)


class _FieldDict(collections.abc.MutableMapping):
    """A live dict name -> (steps, n) array; values set as lists become
    arrays (checked against the entity count `width()`)."""
    __slots__ = ("_d", "_width", "_what")

    def __init__(self, d, width, what):
        self._d, self._width, self._what = d, width, what

    def __getitem__(self, name):
        return self._d[name]

    def __setitem__(self, name, values):
        self._d[name] = as_float_steps(values, self._width(), self._what)

    def __delitem__(self, name):
        del self._d[name]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)

    def __contains__(self, name):
        return name in self._d

    def __repr__(self):
        return f"<exomerge {self._what} fields {list(self._d)}>"


class _InfoView(collections.abc.MutableSequence):
    """exomerge's block info ``[element_type, element_count,
    nodes_per_element, num_attributes]`` of one ElementBlockData."""
    __slots__ = ("_b",)
    _names = ("elem_type", "num_elements", "nodes_per_element", "num_attributes")

    def __init__(self, block):
        self._b = block

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(4)[i]]
        return getattr(self._b, self._names[i])

    def __setitem__(self, i, value):
        name = self._names[i]
        if name == "num_elements":
            self._b._num_elements = int(value)
        elif name == "nodes_per_element":
            self._b.nodes_per_element = int(value)
        else:
            setattr(self._b, name, value)

    def __delitem__(self, i):
        raise TypeError("an element block's info always has 4 entries")

    def insert(self, i, value):
        raise TypeError("an element block's info always has 4 entries")

    def __len__(self):
        return 4

    def __eq__(self, other):
        try:
            return list(self) == list(other)
        except TypeError:
            return NotImplemented

    def __repr__(self):
        return repr(list(self))


class _Record:
    """Answers ``[i]``, unpacking and ``len`` like exomerge's list record;
    subclasses name the slots in _slots."""
    _slots: typing.ClassVar[tuple] = ()

    def _slot(self, i):
        n = len(self._slots)
        if not -n <= i < n:
            raise IndexError(f"{type(self).__name__} has {n} entries")
        return self._slots[i % n]

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(len(self._slots))[i]]
        return getattr(self, self._slot(i))

    def __setitem__(self, i, value):
        setattr(self, self._slot(i), value)

    def __iter__(self):
        return (self[i] for i in range(len(self._slots)))

    def __len__(self):
        return len(self._slots)


@dataclasses.dataclass(eq=False)
class ElementBlockData(_Record):
    """One element block: name, element type (as stored, exomerge's
    info[0]), flat 0-based connectivity, nodes per element and fields
    name -> (timesteps, elements). ``block[0]..[3]`` answer exomerge's
    ``[name, info, connectivity, fields]``.

    .. versionadded:: 0.2.0
    """
    name: str = ""
    elem_type: str = ""
    connectivity: np.ndarray = dataclasses.field(
        default_factory=lambda: np.zeros(0, np.int64))
    nodes_per_element: int = 0
    fields: dict = dataclasses.field(default_factory=dict)
    num_attributes: int = 0
    attributes: typing.Optional[np.ndarray] = None
    attribute_names: list = dataclasses.field(default_factory=list)
    elem_id_map: typing.Optional[np.ndarray] = None
    _num_elements: int = 0
    _conn_pending: bool = False

    _slots: typing.ClassVar[tuple] = ("name", "info", "connectivity", "fields_view")

    @property
    def num_elements(self) -> int:
        """How many elements the block has."""
        if self.nodes_per_element and not self._conn_pending:
            return len(self.connectivity) // self.nodes_per_element
        return self._num_elements

    @property
    def info(self) -> "_InfoView":
        """exomerge's info list [element type, elements, nodes per element,
        attributes], live: assigning an item changes the block."""
        return _InfoView(self)

    @info.setter
    def info(self, value: typing.Sequence[typing.Any]) -> None:
        value = list(value)
        self.elem_type = value[0]
        self._num_elements = int(value[1])
        self.nodes_per_element = int(value[2])
        self.num_attributes = int(value[3]) if len(value) > 3 else 0

    @property
    def fields_view(self) -> "_FieldDict":
        """The block's element fields as exomerge's {name: [per step values]}
        mapping, checked on assignment."""
        return _FieldDict(self.fields, lambda: self.num_elements, "element")

    @fields_view.setter
    def fields_view(self, value: typing.Mapping[str, typing.Any]) -> None:
        self.fields.clear()
        view = self.fields_view
        for k, v in dict(value).items():
            view[k] = v

    def __setattr__(self, name, value):
        if name == "connectivity":
            value = np.ascontiguousarray(value, dtype=np.int64).reshape(-1)
        object.__setattr__(self, name, value)

    def conn2d(self) -> np.ndarray:
        """(elements, nodes_per_element) view of the connectivity."""
        return self.connectivity.reshape(-1, self.nodes_per_element or 1) \
            if self.nodes_per_element else self.connectivity.reshape(0, 0)


@dataclasses.dataclass(eq=False)
class NodeSetData(_Record):
    """One node set: name, members (0-based node indices) and fields
    name -> (timesteps, members); ``[0]..[2]`` answer exomerge's
    ``[name, members, fields]``.

    .. versionadded:: 0.2.0
    """
    name: str = ""
    members: np.ndarray = dataclasses.field(
        default_factory=lambda: np.zeros(0, np.int64))
    fields: dict = dataclasses.field(default_factory=dict)
    dist_factors: typing.Optional[np.ndarray] = None

    _slots: typing.ClassVar[tuple] = ("name", "members", "fields_view")
    _width: typing.ClassVar[tuple] = ()

    def __setattr__(self, name, value):
        if name == "members":
            value = np.array(value, dtype=np.int64).reshape((-1,) + self._width)
        object.__setattr__(self, name, value)

    @property
    def fields_view(self) -> "_FieldDict":
        """The set's fields as exomerge's {name: [per step values]} mapping,
        checked on assignment."""
        return _FieldDict(self.fields, lambda: len(self.members), "set")

    @fields_view.setter
    def fields_view(self, value: typing.Mapping[str, typing.Any]) -> None:
        self.fields.clear()
        view = self.fields_view
        for k, v in dict(value).items():
            view[k] = v


@dataclasses.dataclass(eq=False)
class SideSetData(NodeSetData):
    """One side set: name, members as (m, 3) rows of (element_block_id,
    element_index, side_index), all 0-based but the block id; fields
    name -> (timesteps, members).

    .. versionadded:: 0.2.0
    """
    _width: typing.ClassVar[tuple] = (3,)


class _Row(collections.abc.Sequence):
    """One node's [x, y, z] as a live row of the coordinate array."""
    __slots__ = ("_a", "_i")

    def __init__(self, a, i):
        self._a, self._i = a, i

    def __getitem__(self, k):
        if isinstance(k, slice):
            return self._a[self._i, k].tolist()
        return float(self._a[self._i, k])

    def __setitem__(self, k, value):
        self._a[self._i, k] = value

    def __len__(self):
        return 3

    def __iter__(self):
        return iter(self._a[self._i].tolist())

    def __eq__(self, other):
        try:
            return self._a[self._i].tolist() == list(other)
        except TypeError:
            return NotImplemented

    def __repr__(self):
        return repr(self._a[self._i].tolist())

    def tolist(self):
        return self._a[self._i].tolist()


class NodesView(collections.abc.MutableSequence):
    """exomerge's ``model.nodes`` (list of [x, y, z]) over the (n, 3)
    coordinate array: ``nodes[i]`` is a live row, ``nodes[i] = [x, y, z]``,
    ``len``, iteration, ``+=``/``extend``/``append`` (create nodes)."""
    __slots__ = ("_m",)

    def __init__(self, model):
        self._m = model

    def _coords(self):
        m = self._m
        m._materialize_coords()
        return m._coords

    def __len__(self):
        return len(self._coords())

    def __getitem__(self, i):
        c = self._coords()
        if isinstance(i, slice):
            return c[i].tolist()
        if i < 0:
            i += len(c)
        if not 0 <= i < len(c):
            raise IndexError("node index out of range")
        return _Row(c, i)

    def __setitem__(self, i, value):
        self._coords()[i] = value

    def __delitem__(self, i):
        raise TypeError("nodes cannot be deleted through model.nodes; "
                        "use delete_unused_nodes() / delete_element_block()")

    def insert(self, i, value):
        if i != len(self):
            raise TypeError("model.nodes only appends (create_nodes)")
        self._m._create_nodes_quiet([value])

    def extend(self, values):
        self._m._create_nodes_quiet(values)

    def __iadd__(self, values):
        self.extend(values)
        return self

    def __iter__(self):
        c = self._coords()
        return (_Row(c, i) for i in range(len(c)))

    def __contains__(self, value):
        v = np.asarray(value, dtype=np.float64)
        return bool((self._coords() == v).all(axis=1).any())

    def __eq__(self, other):
        try:
            return self._coords().tolist() == [list(x) for x in other]
        except TypeError:
            return NotImplemented

    def __repr__(self):
        return f"<exomerge nodes: {len(self)} x [x, y, z]>"


class ListView(collections.abc.MutableSequence):
    """A live list-style view of a 1-D array held by the model under
    attribute `attr` (timesteps)."""
    __slots__ = ("_m", "_attr")

    def __init__(self, model, attr):
        self._m, self._attr = model, attr

    def _a(self):
        return getattr(self._m, self._attr)

    def __getitem__(self, i):
        v = self._a()[i]
        return v.tolist() if isinstance(i, slice) else float(v)

    def __setitem__(self, i, value):
        self._a()[i] = value

    def __delitem__(self, i):
        raise TypeError("use delete_timestep()")

    def insert(self, i, value):
        raise TypeError("use create_timestep()")

    def __len__(self):
        return len(self._a())

    def __iter__(self):
        return iter(self._a().tolist())

    def __contains__(self, value):
        return value in self._a().tolist()

    def index(self, value, *args):
        return self._a().tolist().index(value, *args)

    def __eq__(self, other):
        try:
            return self._a().tolist() == list(other)
        except TypeError:
            return NotImplemented

    def __repr__(self):
        return repr(self._a().tolist())


class RecordDict(collections.abc.MutableMapping):
    """A live dict id -> record (element_blocks, node_sets, side_sets);
    assigning an exomerge list record builds the dataclass."""
    __slots__ = ("_m", "_attr", "_make")

    def __init__(self, model, attr, make):
        self._m, self._attr, self._make = model, attr, make

    def _d(self):
        return getattr(self._m, self._attr)

    def __getitem__(self, key):
        return self._d()[key]

    def __setitem__(self, key, value):
        if not isinstance(value, _Record):
            value = self._make(value)
        self._d()[key] = value

    def __delitem__(self, key):
        del self._d()[key]

    def __iter__(self):
        return iter(self._d())

    def __len__(self):
        return len(self._d())

    def __contains__(self, key):
        return key in self._d()

    def __repr__(self):
        return f"<exomerge {self._attr[1:]}: ids {list(self._d())}>"


def block_from_list(rec):
    """ElementBlockData from exomerge's [name, info, connectivity, fields]."""
    name, info, conn, fields = rec
    b = ElementBlockData(name=name or "")
    b.info = info
    b.connectivity = conn if conn is not None else []
    b.fields_view = fields or {}
    return b


def node_set_from_list(rec):
    name, members, fields = rec
    s = NodeSetData(name=name or "", members=members if members is not None else [])
    s.fields_view = fields or {}
    return s


def side_set_from_list(rec):
    name, members, fields = rec
    s = SideSetData(name=name or "", members=members if members is not None else [])
    s.fields_view = fields or {}
    return s
