"""Parse untrusted files in a child process with a time and memory limit.

PDF parsers keep getting denial-of-service bugs (crafted streams, endless loops): a hostile
file must cost one error line, not the whole batch or the app.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import cast

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


def limit_memory(memory: int) -> None:
    """Allow this (child) process `memory` bytes of address space beyond what it has now."""
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class ChildTimeout(Exception):
    """The child sent nothing within the time limit (it has been killed)."""


class ChildCrashed(Exception):
    """The child died without sending its result."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"exit code {exitcode}")
        self.exitcode = exitcode


def run_in_child(
    target: Callable[..., None], args: tuple[object, ...], *, timeout: float
) -> tuple[str, object]:
    """Run `target(connection, *args)` in a forked child and return the one message it sends.

    The child is killed after `timeout` seconds (ChildTimeout); a child that dies without an
    answer raises ChildCrashed.
    """
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=target, args=(sender, *args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ChildTimeout
        status, payload = receiver.recv()
        return str(status), payload
    except EOFError:
        child.join(5)
        raise ChildCrashed(child.exitcode) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()


def _worker(conn: Connection, path: str, max_bytes: int, memory: int) -> None:
    limit_memory(memory)
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
    try:
        status, payload = run_in_child(_worker, (name, max_bytes, memory), timeout=timeout)
    except ChildTimeout:
        raise LoadTimeout(name, f"over {timeout:g} s") from None
    except ChildCrashed as crash:
        raise CorruptDocument(name, f"the reader crashed (exit code {crash.exitcode})") from None
    if status == "error":
        raise cast(LoadError, payload)
    return cast(Document, payload)
