"""Arrays of user values that keep each value's own type (numbers stay numbers beside text).

``np.asarray([35431, "1997-01-02"])`` turns the number into the text ``"35431"``; a mixed list
of cells must stay an object array so that numbers stay numbers and messages quote the value
the user typed.

>>> mixed_array([1, "x"]).tolist()
[1, 'x']
>>> mixed_array([1.5, 2]).dtype
dtype('float64')
"""

import numpy as np


def mixed_array(values):
    """``values`` as an array: numeric lists numeric, lists holding text as objects."""
    array = np.asarray(values)
    if array.dtype.kind in "US" and not isinstance(values, np.ndarray):
        return np.asarray(values, dtype=object)
    return array
