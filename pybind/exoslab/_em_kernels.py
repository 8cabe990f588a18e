"""The C kernels of exoslab._ext behind exomerge's hot loops (volumes,
element-to-node sums, merge_nodes' candidates and renumbering), and the
switch between them and the numpy code they replace.

Every operation keeps its numpy path: it runs when the extension has no
such kernel (an older build) or when ENABLED is False (the environment
variable EXOSLAB_EM_KERNELS=0 at import, or a test setting it), and the
tests compare the two on the same inputs."""

from __future__ import annotations

import os
from typing import Any, Callable, Optional

# (not `from . import _ext`: that puts exoslab/__init__ in mypy's import
# cycle of the _em_* mixins, and it can no longer infer their attributes)
import exoslab._ext as _ext

#: False: every operation takes its numpy path
ENABLED = os.environ.get("EXOSLAB_EM_KERNELS", "1") != "0"


def kernel(name: str) -> Optional[Callable[..., Any]]:
    """exoslab._ext's function `name`, or None when kernels are switched
    off or the extension lacks it."""
    return getattr(_ext, name, None) if ENABLED else None
