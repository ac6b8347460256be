"""Fits on the machine's cores: independent fits side by side, and a follow-up fit started on
an idle core before it is known to be needed, cancelled when it is not.

Fits and likelihood passes spend their time in numpy and scipy, which release the interpreter
while they compute, so independent ones share the cores (:func:`side_by_side`). Some work can
only start once a decision is made, e.g. the forecast refits the model the holdout check
chooses, on all the data, and the choice is known only when every model's check fit has
ended; meanwhile a core idles. A :class:`Speculation` starts the follow-up of the task that
leads so far as soon as a core is free; once the decision is made, the chosen follow-up is
taken (running or done) and every other one is cancelled at its next :func:`checkpoint`.
A follow-up computes the same numbers wherever and whenever it runs, so the results are
those of doing it all one after another (which is what happens on one core).

Every thread runs in a copy of the caller's context (its remembered factorisations, its numpy
error state), with BLAS kept to one thread (:func:`one_blas_thread`). Threads never outnumber
the cores: a thread of numeric work holds a core (:class:`_Cores`). The caller holds its own;
what runs beside it takes a spare one, :func:`side_by_side` and :func:`alongside` (a
likelihood pass's two halves) only when one is free, else they run one after another on the
caller's core; a :class:`Speculation` lends its caller's core to its tasks while it waits for
them and has the first spare core that frees, so work nested in its tasks and follow-ups (a
refit's Hessian rows, its passes' halves) uses the cores they leave free. Which thread runs
what never changes a result: every piece computes the same numbers wherever it runs.

>>> with Speculation([lambda: 2, lambda: 3], lambda result: (lambda: 10 * result),
...                  lambda finished: max(finished, key=finished.get)) as work:
...     results = work.results()
...     results, work.take(results.index(3))
((2, 3), 30)
"""

import contextvars
import os
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar

from threadpoolctl import threadpool_limits

_ONE_BLAS_THREAD = ContextVar("one BLAS thread", default=False)
_SIDE_BY_SIDE = ContextVar("side by side", default=False)
_STOP = ContextVar("stop", default=None)


@contextmanager
def one_blas_thread():
    """BLAS keeps one thread within the block: a fit's many tiny vector products would queue
    on a loaded machine. Only the outermost block sets the limit; blocks inside it, also on
    threads started within it in a copy of its context (the model check's fits side by
    side), leave it be, because threadpoolctl is not safe to call from several threads at
    once."""
    if _ONE_BLAS_THREAD.get():
        yield
        return
    token = _ONE_BLAS_THREAD.set(True)
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        _ONE_BLAS_THREAD.reset(token)


class _Cores:
    """The machine's spare cores (all but the one of the thread that started the work) as
    tokens: a thread of numeric work beside its caller holds one. Work that may also run on
    its caller's core (:func:`side_by_side`, :func:`alongside`) takes a token only when one is
    free and nobody waits for one; a :class:`Speculation` waits for it (at most a pass or a
    Hessian of the work nested in its own threads), so its follow-up or next task is never
    left waiting behind nested work. The number of cores is read at each take (tests set
    it)."""

    def __init__(self):
        self._taken = 0
        self._waiting = 0
        self._changed = threading.Condition()

    def _free(self):
        return (os.cpu_count() or 1) - 1 - self._taken > 0

    def take(self, wait=False):
        """Take a spare core: True, or False when none is free and not ``wait``."""
        with self._changed:
            if not wait and (self._waiting or not self._free()):
                return False
            self._waiting += 1
            try:
                self._changed.wait_for(self._free)
            finally:
                self._waiting -= 1
            self._taken += 1
            return True

    def give(self):
        """Give back a core taken (or lend one: the caller of a :class:`Speculation`)."""
        with self._changed:
            self._taken -= 1
            self._changed.notify_all()

    def wanted(self):
        """Whether a :class:`Speculation` waits for a core."""
        return self._waiting > 0


_CORES = _Cores()


def _several_cores():
    """True when a :class:`Speculation` may put its tasks on threads: the machine has more
    than one core and the caller is not itself on a thread of :func:`side_by_side` or of a
    Speculation (whose waits for a core could then wait for its own caller)."""
    return (os.cpu_count() or 1) > 1 and not _SIDE_BY_SIDE.get()


def side_by_side(tasks, threads=None):
    """The results of the callables ``tasks``, in order, computed on up to ``threads`` threads
    (default one per task) when spare cores are free, else one after another on the caller's
    thread. On threads, each task runs in a copy of the caller's context with BLAS kept to one
    thread (set once here for all of them), one thread on the caller's core (it waits) and one
    per spare core taken, each given back once no task is left for it or a
    :class:`Speculation` waits for it; a task's own side by side runs on the spare cores left.

    >>> side_by_side([lambda: 1, lambda: 2, lambda: 3])
    (1, 2, 3)
    """
    wanted = min(len(tasks), threads or len(tasks)) - 1
    spare = 0
    while spare < wanted and _CORES.take():
        spare += 1
    if not spare:
        return tuple(task() for task in tasks)
    pending, lock, outcomes = iter(range(len(tasks))), threading.Lock(), {}

    def work(on_spare):
        """Tasks until none is left, or until a spare core is wanted elsewhere."""
        try:
            while not (on_spare and _CORES.wanted()):
                with lock:
                    k = next(pending, None)
                if k is None:
                    return
                try:
                    outcomes[k] = True, contexts[k].run(tasks[k])
                except BaseException as problem:   # raised in the caller, in task order
                    outcomes[k] = False, problem
        finally:
            if on_spare:
                _CORES.give()
    token = _SIDE_BY_SIDE.set(True)
    try:
        with one_blas_thread(), ThreadPoolExecutor(spare + 1) as pool:
            contexts = [contextvars.copy_context() for _ in tasks]
            for future in [pool.submit(work, k > 0) for k in range(spare + 1)]:
                future.result()
    finally:
        _SIDE_BY_SIDE.reset(token)
    for ok, value in (outcomes[k] for k in range(len(tasks))):
        if not ok:
            raise value
    return tuple(value for _, value in (outcomes[k] for k in range(len(tasks))))


def alongside(first, second):
    """``(first(), second())``: ``second`` on a spare core, in a copy of the caller's context,
    while the caller computes ``first``, when a core is free (:class:`_Cores`); else one after
    the other. For the two halves of a likelihood pass: the caller's BLAS limit
    (:func:`one_blas_thread`) holds for the whole process.

    >>> alongside(lambda: 1, lambda: 2)
    (1, 2)
    """
    if not _CORES.take():
        return first(), second()
    context, outcome = contextvars.copy_context(), {}

    def run():
        try:
            outcome["value"] = context.run(second)
        except BaseException as problem:   # raised in the caller
            outcome["problem"] = problem
        finally:
            _CORES.give()
    thread = threading.Thread(target=run, name="alongside")
    thread.start()
    try:
        result = first()
    finally:
        thread.join()
    if "problem" in outcome:
        raise outcome["problem"]
    return result, outcome["value"]


class _Cancelled(Exception):
    """Raised by :func:`checkpoint` in a cancelled follow-up; it never leaves the follow-up's
    thread."""


def checkpoint():
    """Stop here if this work was cancelled (a :class:`Speculation`'s follow-up no longer
    needed). Each likelihood pass of a fit calls it, so a cancelled fit frees its core within
    one pass; outside a follow-up it does nothing.

    >>> checkpoint()
    """
    stop = _STOP.get()
    if stop is not None and stop.is_set():
        raise _Cancelled


def _unless_cancelled(work):
    """``work()``, or None when it was cancelled (also before it began)."""
    try:
        checkpoint()
        return work()
    except _Cancelled:
        return None


def _on_its_core(run, *arguments):
    """``run(*arguments)`` on a thread of a :class:`Speculation`, giving its core back at the
    end."""
    try:
        return run(*arguments)
    finally:
        _CORES.give()


class Speculation:
    """Tasks side by side, and the follow-up of the task that leads so far started as soon as
    a core is free, before the caller knows which follow-up it needs (a context manager).

    Parameters
    ----------
    tasks : sequence of callables
        Run on threads as by :func:`side_by_side`; :meth:`results` waits for them.
    follow_up : callable
        ``follow_up(result)``: the work (a callable) that may follow a task's result, or None.
    leader : callable
        ``leader(finished)``: of the finished tasks ({index: result}), the index whose
        follow-up is most likely needed, or None.
    order : sequence of int, optional
        The order in which the tasks start (default as given): the longest first, as the
        follow-up of a task that ends early can start early.

    As many tasks and follow-ups run at once as the machine has cores, so each has a core
    (the caller lends its own while it waits); when one ends, the leader's follow-up takes the
    free core before a waiting task: when it is the one needed, it started as early as it
    could, else it delayed that task by one follow-up's start. Only the leader's runs: one
    that stops leading is cancelled. Work nested in tasks and follow-ups runs on the cores
    left free (once the last task has ended, a refit's passes run on two cores).
    :meth:`take` then names the follow-up needed; the others are cancelled, and every one is
    when the block ends. On one core, or inside a thread of :func:`side_by_side` or of another
    Speculation, the tasks run one after another and a follow-up only when taken.
    """

    def __init__(self, tasks, follow_up, leader, order=None):
        self._tasks, self._follow_up, self._leader = list(tasks), follow_up, leader
        self._order = list(range(len(self._tasks)) if order is None else order)
        self._finished = {}
        self._started = {}   # index: (future, stop) of the follow-ups started
        self._cancelled = []   # futures of cancelled follow-ups: a core each until they stop
        self._stack = ExitStack()
        self._pool = None

    def __enter__(self):
        if self._tasks and _several_cores():
            self._stack.enter_context(one_blas_thread())
            _CORES.give()   # the caller lends its core while it waits
            self._stack.callback(_CORES.take, True)   # back once every thread has ended
            self._pool = self._stack.enter_context(ThreadPoolExecutor(2 * len(self._tasks) + 1))
            self._stack.callback(self._cancel, None)   # before the pool waits for its threads
        return self

    def __exit__(self, *problem):
        return self._stack.__exit__(*problem)

    def results(self):
        """The tasks' results, in order, once all have ended."""
        if self._pool is None:
            self._finished = dict(enumerate(task() for task in self._tasks))
        else:
            waiting, running = list(self._order), {}
            while self._fill(waiting, running):
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    self._finished[running.pop(future)] = future.result()
        return tuple(self._finished[k] for k in range(len(self._tasks)))

    def take(self, index):
        """The result of the follow-up of task ``index`` (after :meth:`results`), started now
        if it was not; every other follow-up is cancelled first."""
        if self._pool is None:
            return self._follow_up(self._finished[index])()
        self._cancel(index)
        if index not in self._started:
            self._start(index, self._follow_up(self._finished[index]))
        return self._started[index][0].result()

    def _submit(self, work, stop=None):
        """``work`` on a thread of the pool, on a core of its own (the caller's, lent, or a
        spare one, waited for), in a copy of the caller's context (``stop``, an Event, cancels
        a follow-up). Its nested work runs on the spare cores left free (a refit's Hessian
        rows, its passes' halves); a Speculation nested in it runs one after another."""
        context = contextvars.copy_context()
        context.run(_SIDE_BY_SIDE.set, True)
        context.run(_STOP.set, stop)
        _CORES.take(wait=True)   # at most a pass or a Hessian of nested work: see _Cores
        return self._pool.submit(_on_its_core, context.run, _unless_cancelled, work)

    def _start(self, index, work):
        """Start ``work``, the follow-up of task ``index``."""
        stop = threading.Event()
        self._started[index] = self._submit(work, stop), stop

    def _cancel(self, keep):
        """Cancel every follow-up started but that of task ``keep``."""
        for index in [k for k in self._started if k != keep]:
            future, stop = self._started.pop(index)
            stop.set()
            self._cancelled.append(future)

    def _fill(self, waiting, running):
        """Give the free cores to the leader's follow-up, then to the ``waiting`` tasks
        (indices; ``running``: future → index); cancel the follow-ups of former leaders.
        Returns whether a task runs."""
        lead = self._leader(dict(self._finished)) if self._finished else None
        self._cancel(lead)
        work = (None if lead is None or lead in self._started
                else self._follow_up(self._finished[lead]))
        while waiting or work is not None:
            busy = (len(running) + sum(not future.done() for future, _ in self._started.values())
                    + sum(not future.done() for future in self._cancelled))
            if busy >= os.cpu_count() and running:
                break
            if work is not None:
                self._start(lead, work)
                work = None
            else:
                k = waiting.pop(0)
                running[self._submit(self._tasks[k])] = k
        return bool(running)
