"""Safe file output: never clobber a user's file, never leave half a file behind.

Every file clv-udfs writes goes through :func:`write_atomically`: the content is written to a
temporary file beside the target and renamed over it only when complete, and an existing target
is replaced only when the caller passes ``force=True``.

The temporary file is named after the target and says whose it is:
``.report.xlsx.clv-udfs-partial-<process id>-<random>``. It is removed when the write fails,
on Ctrl+C, and on SIGTERM or SIGHUP (a handler removes it, then the process ends as the signal
asks). Only SIGKILL cannot be caught: its leftover keeps that name, and the next write of the
same target removes it once its process has ended.
"""

import glob
import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from .errors import CLVError

PARTIAL = ".clv-udfs-partial-"
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_pending = set()          # temporary files this process is writing
_previous = {}            # signal: the handler before ours, while a write is under way


def partial_name(path, pid=None):
    """The start of the temporary file's name for ``path``, with the writing process's id.

    >>> partial_name("out/report.xlsx", pid=42)
    '.report.xlsx.clv-udfs-partial-42-'
    """
    return f".{Path(path).name}{PARTIAL}{os.getpid() if pid is None else pid}-"


@contextmanager
def write_atomically(path, force=False):
    """Context manager yielding a temporary path; on success it is renamed to ``path``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with write_atomically(target) as tmp:
    ...     _ = tmp.write_text("hello")
    >>> target.read_text()
    'hello'
    """
    path = Path(path)
    if path.exists() and not force:
        raise CLVError(f"{path} already exists; choose another name or pass --force to replace it")
    if path.exists() and path.is_dir():
        raise CLVError(f"{path} is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path)
        handle, temporary = tempfile.mkstemp(prefix=partial_name(path), dir=path.parent)
    except OSError as error:
        raise CLVError(f"cannot write to {path.parent}: {error.strerror}") from None
    os.close(handle)
    temporary = Path(temporary)
    _track(temporary)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as error:
        raise CLVError(f"cannot write {path}: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)
        _untrack(temporary)


def remove_stale(path):
    """Remove the temporary files an earlier, killed write of ``path`` left beside it (those
    whose process has ended); returns their names."""
    path = Path(path)
    pattern = glob.escape(str(path.parent / f".{path.name}{PARTIAL}")) + "*"
    removed = []
    for leftover in map(Path, glob.glob(pattern)):
        pid = leftover.name[len(f".{path.name}{PARTIAL}"):].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)
            removed.append(leftover.name)
    return removed


def _running(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:               # someone else's process: it exists
        return True
    return True


def _track(temporary):
    """Remember ``temporary`` and, on the first, catch SIGTERM/SIGHUP (main thread only)."""
    if not _pending and threading.current_thread() is threading.main_thread():
        for number in _SIGNALS:
            if signal.getsignal(number) is not signal.SIG_IGN:   # e.g. SIGHUP under nohup
                _previous[number] = signal.signal(number, _remove_and_stop)
    _pending.add(temporary)


def _untrack(temporary):
    _pending.discard(temporary)
    if not _pending:
        for number, handler in _previous.items():
            signal.signal(number, handler)
        _previous.clear()


def _remove_and_stop(number, frame):
    """The signal handler: remove the temporary files, then do what the signal did before."""
    for temporary in list(_pending):
        temporary.unlink(missing_ok=True)
    _pending.clear()
    previous = _previous.pop(number, signal.SIG_DFL)
    for other, handler in _previous.items():
        signal.signal(other, handler)
    _previous.clear()
    if callable(previous):
        previous(number, frame)
        return
    signal.signal(number, signal.SIG_DFL if previous is None else previous)
    os.kill(os.getpid(), number)


def _mode_for(path):
    """The permissions a new file would get (mkstemp makes it owner-only), or those of the file
    being replaced, so colleagues keep the access they had."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_text(path, text, force=False):
    """Write ``text`` to ``path`` atomically (see :func:`write_atomically`)."""
    with write_atomically(path, force=force) as temporary:
        temporary.write_text(text, encoding="utf-8")
