"""Calls through real LangChain runnables with scripted fake models: retries, JSON, cache."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage
from pydantic import BaseModel, ConfigDict

from rfp_assist.llm.cache import SQLiteChatCache
from rfp_assist.llm.config import LLMCallError
from rfp_assist.llm.prompts import get_prompt
from rfp_assist.llm.runner import ModelRunner, is_transient, parse_json
from rfp_assist.llm.spotlight import MARK
from tests.llm.conftest import RateLimitError, runner_for, scripted

ASK = get_prompt("ask")
VALUES = {"question": "Who pays?", "passages": "none", "fence": "F", "mark": MARK}


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    wording: str


def test_a_reply_passes_through_and_is_counted() -> None:
    usage = {"input_tokens": 120, "output_tokens": 7, "total_tokens": 127}
    runner, sleeps = runner_for(scripted(AIMessage("Helix pays. [C1]", usage_metadata=usage)))
    assert runner.text(ASK, VALUES) == "Helix pays. [C1]"
    assert runner.usage.as_dict() == {"calls": 1, "cache_hits": 0, "retries": 0, "failures": 0,
                                      "input_tokens": 120, "output_tokens": 7}  # fmt: skip
    assert sleeps == []


def test_timeouts_and_rate_limits_are_retried_with_backoff() -> None:
    model = scripted(TimeoutError("read timed out"), RateLimitError("slow down"), "fine")
    runner, sleeps = runner_for(model, attempts=3)
    assert runner.text(ASK, VALUES) == "fine"
    assert sleeps == [1.0, 2.0]
    assert (runner.usage.calls, runner.usage.retries) == (1, 2)


def test_retries_are_bounded_and_the_failure_is_an_error() -> None:
    model = scripted(TimeoutError("1"), TimeoutError("2"), TimeoutError("3"), "never reached")
    runner, sleeps = runner_for(model, attempts=3)
    with pytest.raises(LLMCallError, match=r"ask@1: failed after 3 attempts \(TimeoutError: 3\)"):
        runner.text(ASK, VALUES)
    assert len(sleeps) == 2
    assert model.script == ["never reached"]
    assert runner.usage.failures == 1


def test_an_error_that_retrying_cannot_fix_fails_at_once() -> None:
    model = scripted(PermissionError("invalid API key"), "never reached")
    runner, _ = runner_for(model)
    with pytest.raises(LLMCallError, match="PermissionError: invalid API key"):
        runner.text(ASK, VALUES)
    assert model.script == ["never reached"]


def test_invalid_json_is_retried_with_a_note_saying_what_was_wrong() -> None:
    model = scripted("Sure! Here you go: {wording: x", '```json\n{"wording": "ok"}\n```')
    runner, _ = runner_for(model)
    assert runner.structured(ASK, VALUES, Reply) == Reply(wording="ok")
    assert "was not valid" in str(model.seen[1][-1].content)
    assert runner.usage.retries == 1


def test_fields_outside_the_schema_are_invalid_too() -> None:
    bad = json.dumps({"wording": "ok", "risk": "low", "score": 10})
    runner, _ = runner_for(scripted(bad, bad, bad))
    with pytest.raises(LLMCallError, match="invalid reply"):
        runner.structured(ASK, VALUES, Reply)


@pytest.mark.parametrize(
    ("exc", "transient"),
    [(TimeoutError(), True), (ConnectionError(), True), (RateLimitError(), True),
     (type("APITimeoutError", (Exception,), {})(), True),
     (type("InternalServerError", (Exception,), {})(), True),
     (ValueError("bad request"), False), (PermissionError(), False)],
)  # fmt: skip
def test_which_errors_are_retried(exc: BaseException, transient: bool) -> None:
    assert is_transient(exc) is transient


def test_parse_json_names_the_problem() -> None:
    with pytest.raises(ValueError, match="Expecting"):
        parse_json("{not json", Reply)


def test_the_sqlite_cache_answers_a_repeated_call(tmp_path: Path) -> None:
    cache = SQLiteChatCache(tmp_path / "llm_cache.sqlite")
    model = scripted("first answer [C1]", "second answer [C1]", cache=cache)
    runner = ModelRunner(model)
    assert runner.text(ASK, VALUES) == "first answer [C1]"
    assert runner.text(ASK, VALUES) == "first answer [C1]"
    assert (cache.hits, cache.misses) == (1, 1)
    assert model.script == ["second answer [C1]"]  # the model was called once
    assert runner.text(ASK, {**VALUES, "question": "Who else?"}) == "second answer [C1]"


def test_the_cache_survives_a_restart_and_holds_only_json(tmp_path: Path) -> None:
    path = tmp_path / "llm_cache.sqlite"
    usage = {"input_tokens": 5, "output_tokens": 2, "total_tokens": 7}
    first = SQLiteChatCache(path)
    ModelRunner(scripted(AIMessage("cached [C1]", usage_metadata=usage), cache=first)).text(
        ASK, VALUES
    )
    first.close()
    again = SQLiteChatCache(path)
    model = scripted("not used", cache=again)
    assert ModelRunner(model).text(ASK, VALUES) == "cached [C1]"
    assert model.script == ["not used"]
    rows = sqlite3.connect(path).execute("SELECT generations FROM llm_cache").fetchall()
    assert json.loads(rows[0][0])[0]["usage"] == usage


def test_a_damaged_cache_row_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "llm_cache.sqlite"
    cache = SQLiteChatCache(path)
    ModelRunner(scripted("one", cache=cache)).text(ASK, VALUES)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE llm_cache SET generations = 'not json'")
    assert ModelRunner(scripted("two", cache=cache)).text(ASK, VALUES) == "two"
