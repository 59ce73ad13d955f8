"""Calling a chat model: bounded retries with backoff, JSON checking and usage counters.

Timeouts, rate limits, connection failures and server errors are retried with exponential
backoff, and so is a reply that is not the JSON the caller's pydantic schema describes (the
retry tells the model what was wrong, which also gives it a new cache key). After
`max_attempts` the call raises LLMCallError: callers mark their result partial and never fill
in defaults. Calls, retries, failures and tokens are counted for the command being run.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage
from pydantic import BaseModel, ValidationError

from rfp_assist.llm.config import LLMCallError
from rfp_assist.llm.prompts import Prompt

T = TypeVar("T", bound=BaseModel)
_TRANSIENT_NAMES = ("timeout", "ratelimit", "connection", "serviceunavailable",
                    "internalserver", "overloaded", "apierror")  # fmt: skip
_TRANSIENT_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
_FENCED_JSON = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


class Usage:
    """Calls, retries, failures, cache hits and tokens of one command (thread-safe counters)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = self.retries = self.failures = 0
        self.input_tokens = self.output_tokens = 0

    def add_call(self, message: BaseMessage) -> None:
        """Count one answered call and the tokens its reply reports."""
        usage = getattr(message, "usage_metadata", None) or {}
        with self._lock:
            self.calls += 1
            self.input_tokens += int(usage.get("input_tokens", 0))
            self.output_tokens += int(usage.get("output_tokens", 0))

    def add(self, *, retries: int = 0, failures: int = 0) -> None:
        """Count retries and calls that failed for good."""
        with self._lock:
            self.retries += retries
            self.failures += failures

    def as_dict(self, cache_hits: int = 0) -> dict[str, int]:
        """The counters as JSON."""
        return {"calls": self.calls, "cache_hits": cache_hits, "retries": self.retries,
                "failures": self.failures, "input_tokens": self.input_tokens,
                "output_tokens": self.output_tokens}  # fmt: skip


def is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying: timeouts, rate limits, connection and server errors."""
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    status = getattr(exc, "status_code", None) or getattr(exc, "status", None)
    if isinstance(status, int) and status in _TRANSIENT_STATUS:
        return True
    name = type(exc).__name__.lower().replace("_", "")
    return any(word in name for word in _TRANSIENT_NAMES)


def reply_text(message: BaseMessage) -> str:
    """The text of a model reply (text blocks joined when the content is a list)."""
    content = message.content
    if isinstance(content, str):
        return content
    parts = [b if isinstance(b, str) else str(b.get("text", "")) for b in content]
    return "".join(parts)


def parse_json(text: str, schema: type[T]) -> T:
    """`text` (optionally in a ```json fence) validated against `schema`; ValueError if not."""
    fenced = _FENCED_JSON.search(text)
    body = (fenced.group(1) if fenced else text).strip()
    try:
        return schema.model_validate(json.loads(body))
    except (json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0:3]
        raise ValueError(" ".join(first)) from exc


class ModelRunner:
    """Runs prompts on one chat model with bounded retries; counts usage."""

    def __init__(
        self,
        model: BaseChatModel,
        *,
        max_attempts: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        usage: Usage | None = None,
    ) -> None:
        self.model = model
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.sleep = sleep
        self.usage = usage or Usage()

    def _call(self, prompt: Prompt, values: Mapping[str, Any], nudge: str | None) -> BaseMessage:
        messages = prompt.template().invoke(dict(values)).to_messages()
        if nudge:
            messages.append(HumanMessage(nudge))
        reply = self.model.invoke(messages)
        self.usage.add_call(reply)
        return reply

    def _attempts(self, prompt: Prompt, values: Mapping[str, Any],
                  check: Callable[[str], Any]) -> Any:  # fmt: skip
        prompt.check_values(values)
        nudge: str | None = None
        problem = "no attempt made"
        for attempt in range(1, self.max_attempts + 1):
            if attempt > 1:
                self.usage.add(retries=1)
                self.sleep(self.backoff * 2 ** (attempt - 2))
            try:
                reply = self._call(prompt, values, nudge)
            except Exception as exc:  # provider errors have no common base
                if not is_transient(exc):
                    self.usage.add(failures=1)
                    raise LLMCallError(f"prompt {prompt.id}: {type(exc).__name__}: {exc}") from exc
                problem = f"{type(exc).__name__}: {exc}"
                continue
            try:
                return check(reply_text(reply))
            except ValueError as exc:
                problem = f"invalid reply: {exc}"
                nudge = (f"Your previous reply was not valid ({exc}). Reply again with only the"
                         " JSON object the system message describes.")  # fmt: skip
        self.usage.add(failures=1)
        raise LLMCallError(
            f"prompt {prompt.id}: failed after {self.max_attempts} attempts ({problem})"
        )

    def text(self, prompt: Prompt, values: Mapping[str, Any]) -> str:
        """The model's text reply to `prompt` rendered with `values`."""
        result: str = self._attempts(prompt, values, lambda text: text)
        return result

    def structured(self, prompt: Prompt, values: Mapping[str, Any], schema: type[T]) -> T:
        """The model's reply parsed and validated as `schema` (retried when it is not)."""
        result: T = self._attempts(prompt, values, lambda text: parse_json(text, schema))
        return result
