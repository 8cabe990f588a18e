"""Type aliases of exomerge's ExodusModel signatures.

exomerge's selection arguments accept a keyword ('all', 'auto', 'none',
'last', ...), a single id or name, or a list of them; the aliases say so.
"""
from __future__ import annotations

from typing import Sequence, Union

#: One element block / node set / side set: its id, its name, or 'auto'.
EntityId = Union[int, str]
#: Several entities: 'all' / 'auto' / 'none', one id or name, or a list.
EntityIds = Union[str, int, Sequence[Union[int, str]]]
#: Field / variable names: a keyword ('all', 'auto'), one name, or a list.
FieldNames = Union[str, Sequence[str]]
#: One timestep: its time value, or 'last' / 'first'.
Timestep = Union[float, str]
#: Timesteps: 'all' / 'none' / 'last' / 'last_if_any', one time, or a list.
Timesteps = Union[str, float, Sequence[Union[float, str]]]
#: A 3-vector (point, normal, axis, offset).
Vector = Sequence[float]
#: A tolerance or 'auto'.
Tolerance = Union[float, str]

__all__ = ["EntityId", "EntityIds", "FieldNames", "Timestep",
           "Timesteps", "Vector", "Tolerance"]
