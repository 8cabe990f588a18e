"""exomerge operations (geometry, metrics, topology, sets, expressions,
output) as a mixin of exoslab.exomerge.ExodusModel.

The operations live in the _em_*.py modules this one gathers; each works on
the model's flat numpy storage described in exomerge.py's module docstring.
"""


class OperationsMixin:
    """The exomerge operations ExodusModel inherits (filled per topic)."""
