"""Fixtures for the LLM layer: scripted LangChain fake chat models and a corpora workspace.

The fake models are LangChain's own (`FakeMessagesListChatModel`), run through the real
runnables (ChatPromptTemplate, BaseChatModel.invoke, the cache); only the remote service is
replaced. `ScriptedChatModel` adds two things a test needs: an exception in the script is
raised in its turn (timeouts, rate limits), and every prompt the model received is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field

from rfp_assist.llm.runner import ModelRunner
from rfp_assist.retrieval.ingest import expand_paths, ingest_paths
from rfp_assist.retrieval.store import CACHE_NAME, Workspace
from rfp_assist.understand import Reader
from tests.conftest import CORPORA

#: What `rfp-assist ingest corpora/` reads: RFP, five proposals, two MSA drafts, the README.
CORPORA_FILES = expand_paths([CORPORA])


class RateLimitError(Exception):
    """Shaped like a provider's rate-limit error (HTTP 429)."""

    status_code = 429


class ScriptedChatModel(FakeMessagesListChatModel):
    """A fake chat model replaying a script of replies; exceptions in it are raised in turn."""

    script: list[Any] = Field(default_factory=list)
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    responses: list[BaseMessage] = Field(default_factory=lambda: [AIMessage("unused")])

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        if not self.script:
            raise AssertionError("the model was called more often than scripted")
        item = self.script.pop(0)
        if isinstance(item, BaseException):
            raise item
        message = item if isinstance(item, AIMessage) else AIMessage(content=str(item))
        self.responses = [message]
        self.i = 0
        return super()._generate(messages, stop, run_manager, **kwargs)


def scripted(*replies: Any, **kwargs: Any) -> ScriptedChatModel:
    """A scripted fake chat model."""
    return ScriptedChatModel(script=list(replies), **kwargs)


def runner_for(model: ScriptedChatModel, attempts: int = 3) -> tuple[ModelRunner, list[float]]:
    """A runner over `model` whose backoff sleeps are recorded instead of slept."""
    sleeps: list[float] = []
    return ModelRunner(model, max_attempts=attempts, sleep=sleeps.append), sleeps


def prompt_text(messages: Sequence[BaseMessage]) -> str:
    """Everything a model was sent, as one string."""
    return "\n".join(str(m.content) for m in messages)


@pytest.fixture(scope="session")
def llm_reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """One Reader (real embedding model, topic model, playbook) for the LLM tests."""
    return Reader(cache_path=tmp_path_factory.mktemp("llm_cache") / CACHE_NAME)


@pytest.fixture(scope="session")
def corpora_workspace(tmp_path_factory: pytest.TempPathFactory, llm_reader: Reader) -> Path:
    """A workspace with the corpora ingested as `rfp-assist ingest corpora/` does, built once."""
    folder = tmp_path_factory.mktemp("corpora") / "ws"
    with Workspace(folder) as workspace:
        results = ingest_paths(workspace, CORPORA_FILES, reader=lambda: llm_reader)
    assert all(r.status == "added" for r in results), results
    return folder
