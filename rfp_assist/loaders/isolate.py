"""Parse untrusted files in a child process with a time and memory limit.

PDF parsers keep getting denial-of-service bugs (crafted streams, endless loops): a hostile
file must cost one error line, not the whole batch or the app.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from multiprocessing.connection import Connection

from rfp_assist.errors import CorruptDocument, LoadError, LoadTimeout
from rfp_assist.loaders import DEFAULT_MAX_BYTES, load
from rfp_assist.model import Document

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY = 2 * 1024**3


def _address_space() -> int:
    """This process's current virtual size in bytes (the child starts from it after fork)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _worker(conn: Connection, path: str, max_bytes: int, memory: int) -> None:
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(("ok", load(path, max_bytes=max_bytes)))
    except LoadError as exc:
        conn.send(("error", exc))
    except MemoryError:
        conn.send(("error", CorruptDocument(path, "reading it needed more memory than allowed")))
    except Exception as exc:  # noqa: BLE001 - any parser failure is a property of the file
        conn.send(("error", CorruptDocument(path, f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def load_isolated(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
) -> Document:
    """Load `path` in a forked child; raise LoadTimeout or CorruptDocument if it misbehaves."""
    name = str(path)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_worker, args=(sender, name, max_bytes, memory), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise LoadTimeout(name, f"over {timeout:g} s")
        status, payload = receiver.recv()
    except EOFError:
        child.join(5)
        raise CorruptDocument(name, f"the reader crashed (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    if status == "error":
        raise payload
    return payload  # type: ignore[no-any-return]
