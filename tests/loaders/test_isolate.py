"""Parsing in a forked child: a file that hangs, crashes or eats memory costs one error, fast."""

from __future__ import annotations

import os
import time
from multiprocessing.connection import Connection

import pytest

from rfp_assist.errors import LoadTimeout
from rfp_assist.loaders.isolate import (
    ChildCrashed,
    ChildTimeout,
    limit_memory,
    load_isolated,
    run_in_child,
)
from tests.conftest import CORPORA


def _sleeps(conn: Connection) -> None:
    time.sleep(60)


def _dies(conn: Connection) -> None:
    os._exit(3)


def _allocates(conn: Connection, memory: int) -> None:
    limit_memory(memory)
    try:
        block = bytearray(512 * 1024 * 1024)
        conn.send(("ok", len(block)))
    except MemoryError:
        conn.send(("error", "memory"))


def _answers(conn: Connection, value: int) -> None:
    conn.send(("ok", value * 2))


def test_a_child_that_answers_gives_its_answer() -> None:
    assert run_in_child(_answers, (21,), timeout=30) == ("ok", 42)


def test_a_hanging_child_is_killed_at_the_time_limit() -> None:
    started = time.monotonic()
    with pytest.raises(ChildTimeout):
        run_in_child(_sleeps, (), timeout=0.5)
    assert time.monotonic() - started < 10


def test_a_child_that_dies_is_reported_with_its_exit_code() -> None:
    with pytest.raises(ChildCrashed) as crash:
        run_in_child(_dies, (), timeout=30)
    assert crash.value.exitcode == 3


def test_a_load_over_the_time_limit_names_the_file() -> None:
    path = CORPORA / "proposals" / "helix_viral_proposal.pdf"
    with pytest.raises(LoadTimeout) as error:
        load_isolated(path, timeout=0.0)
    assert "helix_viral_proposal.pdf" in str(error.value)


def test_a_child_over_its_memory_limit_cannot_allocate() -> None:
    assert run_in_child(_allocates, (64 * 1024 * 1024,), timeout=30) == ("error", "memory")


def test_a_load_within_the_limits_returns_the_document() -> None:
    path = CORPORA / "proposals" / "helix_viral_proposal.pdf"
    assert load_isolated(path).pages
