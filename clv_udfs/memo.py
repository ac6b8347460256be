"""Remembered fits: the same FIT call on the same values is computed once per session.

A live workbook asks for a fit from many cells and on every recalculation; refitting the same
rows each time repeats seconds of work for an identical table. :class:`Memo` keeps the last
``size`` results keyed on the *values* of the arguments (a digest of their pickled bytes, which
tells 1 from 1.0, TRUE and "1"), never on cell addresses, so moved or copied ranges still hit
and any changed value misses.

>>> memo = Memo(size=2)
>>> calls = []
>>> def fit(rows): calls.append(rows); return [["parameter", "estimate"], ["r", 0.24]]
>>> memo("BGNBD_FIT", [[[1], [2]]], fit) == memo("BGNBD_FIT", [[[1], [2]]], fit)
True
>>> len(calls), memo("BGNBD_FIT", [[[1], [3]]], fit)[1], len(calls)
(1, ['r', 0.24], 2)
"""

import hashlib
import pickle
from collections import OrderedDict


class Memo:
    """A least-recently-used store of table results keyed on function name and argument values."""

    def __init__(self, size=32):
        self.size = size
        self._tables = OrderedDict()

    @staticmethod
    def key(name, raw):
        """The function name and a digest of the argument values (their pickled bytes); an
        omitted argument's default (SBG_FIT's ``"Y"``) is the same value as a cell holding
        ``[["Y"]]``."""
        ranges = [value if isinstance(value, list) else [[value]] for value in raw]
        return name, hashlib.blake2b(pickle.dumps(ranges, protocol=5), digest_size=20).digest()

    def __call__(self, name, raw, compute):
        """``compute(*raw)`` (a 2-D list of cells), or the remembered table of the same call;
        each caller gets its own copy of the rows. Problems (CLVError) are not remembered."""
        try:
            key = self.key(name, raw)
        except (pickle.PicklingError, TypeError, AttributeError):   # a value pickle cannot hold
            return compute(*raw)
        if key in self._tables:
            self._tables.move_to_end(key)
        else:
            self._tables[key] = compute(*raw)
            if len(self._tables) > self.size:
                self._tables.popitem(last=False)
        return [list(row) for row in self._tables[key]]

    def clear(self):
        self._tables.clear()


FITS = Memo(size=32)
"""The session's remembered fits (the ``*_FIT`` functions)."""
