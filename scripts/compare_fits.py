"""Every model fit a test run makes, recorded in one checkout and compared with another's:
the proof that a change to the estimation (issue 12: fewer passes over the data per fit)
leaves each fit's outcome as it was.

As a pytest plugin it records, for each ``LikelihoodModel._estimate`` call, the fit's data
(a digest), its outcome (estimates, standard errors, log-likelihood and converged flag, or
the refusal; a fit's warnings are :func:`clv_udfs.core.models.diagnostics.diagnose`'s, a
function of those) and the passes over the data it made (calls of the model's
``_log_likelihood``, those of the Hessian's threads included), into the file named by
``FIT_RECORD``. Run it in each checkout on the same tests::

    cd /path/to/before && FIT_RECORD=/tmp/before.pkl PYTHONPATH=/path/to/scripts \\
        python -m pytest tests/core tests/workbooks/test_report*.py clv_udfs -q -p compare_fits
    cd /path/to/after && FIT_RECORD=/tmp/after.pkl PYTHONPATH=/path/to/scripts \\
        python -m pytest tests/core tests/workbooks/test_report*.py clv_udfs -q -p compare_fits
    python scripts/compare_fits.py /tmp/before.pkl /tmp/after.pkl

The comparison matches fits by model and data and prints the largest relative differences in estimates, standard errors and
log-likelihood, each refusal whose wording changed (the kind and the parameter named must
not), the passes per model before and after, and every fit whose outcome or converged flag
changed. It exits 1 when there is such a fit.
"""

import hashlib
import os
import pickle
import re
import sys
import threading
from collections import defaultdict
from contextvars import ContextVar

import numpy as np

_PASSES = ContextVar("passes of the fit running", default=None)   # copied into its threads
_NESTED = threading.local()   # MBG/NBD's likelihood calls BG/NBD's: one pass, not two
_RECORDS = []
REFUSALS = ("ran away", "flat in parameter", "times the estimate", "not finite at any",
            "cannot be computed", "no customers to fit")


def _digest(model, data, counts):
    """The fit's model, penalty and data, as a short text."""
    digest = hashlib.sha1(repr(model.penalizer).encode())
    for array in (*data, counts):
        digest.update(np.ascontiguousarray(array, dtype=float).tobytes())
    return type(model).__name__, digest.hexdigest()[:16]


def _counting(likelihood):
    """``likelihood`` (a model's ``_log_likelihood``) adding one to the running fit's passes."""
    def counted(self, params, data):
        depth = getattr(_NESTED, "depth", 0)
        if depth == 0 and _PASSES.get() is not None:
            _PASSES.get()[0] += 1
        _NESTED.depth = depth + 1
        try:
            return likelihood(self, params, data)
        finally:
            _NESTED.depth = depth
    return counted


def pytest_configure(config):
    """Wrap every model's likelihood and ``_estimate`` to record each fit."""
    from clv_udfs.core.models import estimation
    from clv_udfs.errors import CLVError

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)
    for cls in set(subclasses(estimation.LikelihoodModel)):
        if "_log_likelihood" in vars(cls):
            cls._log_likelihood = _counting(vars(cls)["_log_likelihood"])
    estimate = estimation.LikelihoodModel._estimate

    def recorded(self, data, counts):
        key, test = _digest(self, data, counts), os.environ.get("PYTEST_CURRENT_TEST")
        passes = [0]
        token = _PASSES.set(passes)
        try:
            fitted = estimate(self, data, counts)
        except CLVError as refused:
            _RECORDS.append((key, test, passes[0], str(refused)))
            raise
        finally:
            _PASSES.reset(token)
        _RECORDS.append((key, test, passes[0], (
            dict(self.params_), dict(self.standard_errors_), self.log_likelihood_,
            self.converged_)))
        return fitted
    estimation.LikelihoodModel._estimate = recorded


def pytest_unconfigure(config):
    if os.environ.get("FIT_RECORD"):
        with open(os.environ["FIT_RECORD"], "wb") as file:
            pickle.dump(_RECORDS, file)


def _refusal(message):
    """The kind of a refusal and the parameter it names."""
    named = re.search(r"parameter (\w+)", message)
    return (next((kind for kind in REFUSALS if kind in message), message),
            named and named.group(1))


def _relative(after, before):
    return abs(after / before - 1) if before else abs(after)


def compare(before, after):
    """The comparison of two recordings, as lines of text, and whether any fit changed."""
    fits = defaultdict(lambda: ([], []))
    for side, records in enumerate((before, after)):
        for key, test, passes, outcome in records:
            fits[key][side].append((test, passes, outcome))
    worst = defaultdict(float)
    passes = defaultdict(lambda: [0, 0, 0])
    changed, reworded = [], []
    for key, (old, new) in sorted(fits.items()):
        if len(old) != len(new):
            changed.append(f"{key} in {(old or new)[0][0]}: {len(old)} fits before, "
                           f"{len(new)} after")
        for (test, old_passes, was), (_, new_passes, now) in zip(old, new):
            tally = passes[key[0], "refused" if isinstance(was, str) else "accepted"]
            tally[0] += old_passes
            tally[1] += new_passes
            tally[2] += 1
            if isinstance(was, str) or isinstance(now, str):
                if not (isinstance(was, str) and isinstance(now, str)):
                    changed.append(f"{key} in {test}: {was!r} became {now!r}")
                elif _refusal(was) != _refusal(now):
                    changed.append(f"{key} in {test}: refusal {was!r} became {now!r}")
                elif was != now:
                    reworded.append(f"  {was}\n  {now}")
                continue
            for name in was[0]:
                worst["estimates"] = max(worst["estimates"], _relative(now[0][name], was[0][name]))
                if np.isfinite(was[1][name]):
                    worst["standard errors"] = max(worst["standard errors"],
                                                   _relative(now[1][name], was[1][name]))
            worst["log-likelihood"] = max(worst["log-likelihood"], _relative(now[2], was[2]))
            if was[3:] != now[3:]:
                changed.append(f"{key} in {test}: converged {was[3:]} became {now[3:]}")
    lines = [f"{sum(t[2] for t in passes.values())} fits compared"]
    lines += [f"largest relative difference in {what}: {value:.2e}" for what, value in worst.items()]
    lines += [f"{len(reworded)} refusals of the same kind naming the same parameter, worded "
              "differently (the number shown):"] + reworded
    lines += ["passes over the data, before -> after:"]
    lines += [f"  {model:22s} {outcome:8s} {old:6d} -> {new:6d} in {count} fits "
              f"({new / max(old, 1) - 1:+.0%})"
              for (model, outcome), (old, new, count) in sorted(passes.items())]
    lines += ["fits that changed:" if changed else "no fit changed its outcome"] + changed
    return lines, bool(changed)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python scripts/compare_fits.py BEFORE.pkl AFTER.pkl")
    recordings = []
    for path in sys.argv[1:]:
        with open(path, "rb") as file:
            recordings.append(pickle.load(file))
    text, differs = compare(*recordings)
    print("\n".join(text))
    sys.exit(1 if differs else 0)
