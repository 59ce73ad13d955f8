"""The chat model factory: LangChain's `init_chat_model` for the configured provider.

Provider packages are optional extras (`pip install 'rfp-assist[openai]'`, `[anthropic]`,
`[ollama]`); a missing one is a one-line error naming the extra. Retries are ours
(`runner.py`), so the provider's own are switched off where it has them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel

from rfp_assist.llm.cache import CACHE_FILE, SQLiteChatCache
from rfp_assist.llm.config import PROVIDERS, LLMConfig, LLMConfigError

#: The LangChain package each provider needs (checked first: init_chat_model would otherwise
#: fall back to langchain_community for some providers and fail obscurely).
PROVIDER_MODULES = {"openai": "langchain_openai", "azure_openai": "langchain_openai",
                    "anthropic": "langchain_anthropic", "ollama": "langchain_ollama"}  # fmt: skip


def provider_settings(config: LLMConfig) -> dict[str, Any]:
    """Keyword arguments for the provider's chat model class: temperature, timeout, URL."""
    settings: dict[str, Any] = {"temperature": config.temperature}
    if config.provider == "ollama":
        settings["client_kwargs"] = {"timeout": config.timeout}
    else:
        settings["timeout"] = config.timeout
        settings["max_retries"] = 0
    if config.base_url:
        settings["base_url"] = config.base_url
    return settings


def chat_model(config: LLMConfig, cache: BaseCache | None = None) -> BaseChatModel:
    """The chat model `config` names, answering through `cache` when one is given."""
    from langchain.chat_models import init_chat_model

    extra = PROVIDERS[config.provider]
    module = PROVIDER_MODULES[config.provider]
    if importlib.util.find_spec(module) is None:
        raise LLMConfigError(
            f"LLM {config.name}: {module} is not installed; run `pip install 'rfp-assist[{extra}]'`"
        )
    try:
        model = init_chat_model(
            config.model, model_provider=config.provider, cache=cache, **provider_settings(config)
        )
    except ImportError as exc:
        raise LLMConfigError(
            f"LLM {config.name}: the provider package is not installed; "
            f"run `pip install 'rfp-assist[{extra}]'` ({exc})"
        ) from exc
    except ValueError as exc:  # init_chat_model's own message names the problem
        raise LLMConfigError(f"LLM {config.name}: {exc}") from exc
    if not isinstance(model, BaseChatModel):
        raise LLMConfigError(f"LLM {config.name}: not a chat model")
    return model


def workspace_cache(workspace: Path) -> SQLiteChatCache:
    """The model-call cache kept in a workspace folder."""
    return SQLiteChatCache(workspace / CACHE_FILE)
