"""One command's use of a model: its configuration, chat model, cache, runner and counters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from rfp_assist.llm.cache import CACHE_FILE, SQLiteChatCache
from rfp_assist.llm.config import CONFIG_NAME, MODEL_ENV, LLMConfig, resolve_config
from rfp_assist.llm.factory import chat_model
from rfp_assist.llm.prompts import load_prompts
from rfp_assist.llm.runner import ModelRunner, Usage


@dataclass(frozen=True)
class Session:
    """The model a command uses (none: extractive mode), with its cache and usage counters."""

    config: LLMConfig | None
    runner: ModelRunner | None
    cache: SQLiteChatCache | None

    def describe(self) -> str:
        """Which mode is on, for people: `llm (openai:gpt-4o-mini)` or `extractive (…)`."""
        if self.config is None:
            return f"extractive (no LLM configured; set {MODEL_ENV} or pass --llm)"
        return f"llm ({self.config.name})"

    def usage(self) -> dict[str, int]:
        """Calls, cache hits, retries, failures and tokens of this command so far."""
        usage = self.runner.usage if self.runner else Usage()
        return usage.as_dict(self.cache.hits if self.cache else 0)

    def close(self) -> None:
        """Close the cache."""
        if self.cache is not None:
            self.cache.close()


def session_for(model: BaseChatModel, config: LLMConfig, cache: SQLiteChatCache | None) -> Session:
    """A session around an already built chat model (tests build fake ones)."""
    runner = ModelRunner(model, max_attempts=config.max_attempts)
    return Session(config, runner, cache)


def open_session(workspace: Path, model: str | None = None, *, use_env: bool = True) -> Session:
    """The session for a command run on `workspace`: `model`, else env, else `llm.toml`."""
    if not use_env and model is None:
        return Session(None, None, None)
    config = resolve_config(model, config_file=workspace / CONFIG_NAME)
    if config is None:
        return Session(None, None, None)
    load_prompts()  # every prompt file checked before the first call (PromptError names it)
    cache = SQLiteChatCache(workspace / CACHE_FILE)
    return session_for(chat_model(config, cache), config, cache)
