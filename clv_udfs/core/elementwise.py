"""Broadcasting CLV functions with per-element checks (the numpy-financial calling convention).

:func:`elementwise` turns a formula written on numpy arrays into a public function that

* accepts scalars or arrays for every argument and broadcasts them like numpy;
* checks every element against its argument's :mod:`~clv_udfs.core.domains` entry and raises
  :class:`~clv_udfs.errors.CLVError` naming the argument, the value and what is allowed;
* raises the function's ``undefined`` message where the formula has no finite answer (the
  formula returns NaN there, or None for text results);
* returns a float (or str) for scalar input and an array otherwise.

The Excel layer calls :func:`evaluate` with a mask of good cells instead, so that one bad cell
spoils only its own result.
"""

import functools
import inspect

import numpy as np

from ..errors import CLVError
from .domains import show


def shape_text(shape):
    """A shape as a spreadsheet user says it: ``(3, 1)`` → "3×1", ``(5,)`` → "5"."""
    return "×".join(str(n) for n in shape) or "1"


def broadcast(arrays):
    """Broadcast named arrays together; CLVError naming two arguments whose sizes clash."""
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        sized = [(name, a.shape) for name, a in arrays.items() if a.size != 1]
        (first, s1), (second, s2) = next(
            (p, q) for i, p in enumerate(sized) for q in sized[i + 1:]
            if not _compatible(p[1], q[1]))
        raise CLVError(f"{first} has {shape_text(s1)} values but {second} has {shape_text(s2)}; "
                       "use ranges of the same size, or a single value") from None
    return {name: np.broadcast_to(a, shape) for name, a in arrays.items()}, shape


def _compatible(s1, s2):
    try:
        np.broadcast_shapes(s1, s2)
        return True
    except ValueError:
        return False


def evaluate(func, arrays, ok):
    """Run ``func``'s formula on the elements where ``ok`` (broadcast arrays, same shape).

    Returns ``(result, undefined)``: the result array (float, or object for text results) with
    NaN/None where not ``ok``, and a mask of the ``ok`` elements that have no finite answer.
    """
    shape = ok.shape
    whole = bool(ok.all())   # the usual case: no element is picked out, nothing is copied
    picked = {name: func.domains[name].normalise(_compact(a) if whole else a[ok])
              for name, a in arrays.items()}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        values = np.broadcast_to(func.body(**picked), shape if whole else (int(ok.sum()),))
    numeric = values.dtype.kind in "fiu"
    if whole:
        result = np.array(values, dtype=float if numeric else object)
    else:
        result = np.full(shape, np.nan) if numeric else np.full(shape, None, dtype=object)
        result[ok] = values
    undefined = ok & (~np.isfinite(result) if numeric else np.equal(result, None))
    return result, undefined


def _compact(array):
    """The smallest array that broadcasts to ``array``: a broadcast single value stays one
    value (so that a one-cell option is checked and normalised once, not once per row)."""
    return array[tuple(slice(0, 1) if stride == 0 else slice(None) for stride in array.strides)]


def undefined_message(func, arrays, index):
    """The formula's ``undefined`` message for the element at ``index``; for a formula without
    one, a result beyond the largest number (about 1.8e308, Excel's too), naming the values.

    >>> from .unit_economics import clv_simple
    >>> arrays = {"avg_order_value": np.array(1e200), "purchases_per_year": np.array(1e200),
    ...           "lifespan_years": np.array(3.0)}
    >>> undefined_message(clv_simple, arrays, ())  # doctest: +NORMALIZE_WHITESPACE
    'the result for avg_order_value 1e+200, purchases_per_year 1e+200 and lifespan_years 3 is
     beyond the largest number a cell holds (about 1.8e308); check these values'
    """
    values = {name: show(a[index]) for name, a in arrays.items()}
    if func.undefined is not None:
        return func.undefined.format(**values)
    named = [f"{name} {value}" for name, value in values.items()]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return (f"the result for {listed} is beyond the largest number a cell holds (about "
            "1.8e308); check these values")


def elementwise(undefined=None, **domains):
    """Decorator: make ``body(**arrays)`` a checked, broadcasting public function.

    ``domains`` maps every parameter to a Domain or Choice; ``undefined`` is the message
    (``str.format`` with the arguments' values) for elements where the formula has no answer.
    """

    def wrap(body):
        signature = inspect.signature(body)

        @functools.wraps(body)
        def public(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arrays = {name: domains[name].check(name, value)
                      for name, value in bound.arguments.items()}
            arrays, shape = broadcast(arrays)
            result, bad = evaluate(public, arrays, np.ones(shape, dtype=bool))
            if bad.any():
                index = tuple(np.argwhere(bad)[0])
                raise CLVError(undefined_message(public, arrays, index))
            if shape == ():
                value = result[()]
                return float(value) if result.dtype.kind == "f" else value
            return result

        public.body = body
        public.domains = domains
        public.undefined = undefined
        return public

    return wrap
