"""Arrays of user cells that keep each cell's own type.

``np.asarray([35431, "1997-01-02"])`` turns the number into the text ``"35431"``; a mixed list
of cells must stay an object array so that numbers stay numbers and messages quote the value
the user typed.

>>> as_cells([1, "x"]).tolist()
[1, 'x']
>>> as_cells([1.5, 2]).dtype
dtype('float64')
"""

import numpy as np


def as_cells(values):
    """``values`` as an array: numeric lists numeric, lists holding text as objects."""
    array = np.asarray(values)
    if array.dtype.kind in "US" and not isinstance(values, np.ndarray):
        return np.asarray(values, dtype=object)
    return array
