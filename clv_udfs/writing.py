"""Safe file output: never clobber a user's file, never leave half a file behind.

Every file clv-udfs writes goes through :func:`write_atomically`: the content is written to a
temporary file beside the target and renamed over it only when complete, and an existing target
is replaced only when the caller passes ``force=True``.
"""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import CLVError


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
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix,
                                             dir=path.parent)
    except OSError as error:
        raise CLVError(f"cannot write to {path.parent}: {error.strerror}") from None
    os.close(handle)
    temporary = Path(temporary)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as error:
        raise CLVError(f"cannot write {path}: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


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
