"""Array helpers shared by the network modules."""

from __future__ import annotations

import numpy as np


def run_starts(*keys: np.ndarray) -> np.ndarray:
    """Return a mask of the rows where any of the (sorted) keys changes; the first row is one."""
    n = len(keys[0])
    out = np.ones(n, dtype=bool)
    if n > 1:
        change = np.zeros(n - 1, dtype=bool)
        for key in keys:
            change |= key[1:] != key[:-1]
        out[1:] = change
    return out
