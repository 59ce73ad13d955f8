"""Which chat model to use: explicit argument, else `$RFP_ASSIST_LLM`, else a config file.

A model is named `provider:model` as LangChain's `init_chat_model` takes it (`openai:gpt-4o-mini`,
`azure_openai:my-deployment`, `anthropic:claude-sonnet-4-5`, `ollama:llama3.1`). Any
OpenAI-compatible server (vLLM, LM Studio) is `openai:<model>` with a base URL. Keys are never
read from files: provider packages take them from their own environment variables.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rfp_assist.errors import RfpAssistError

MODEL_ENV = "RFP_ASSIST_LLM"
BASE_URL_ENV = "RFP_ASSIST_LLM_BASE_URL"
CONFIG_NAME = "llm.toml"
#: Providers and the optional extra that installs their LangChain package.
PROVIDERS: Mapping[str, str] = {
    "openai": "openai",
    "azure_openai": "openai",
    "anthropic": "anthropic",
    "ollama": "ollama",
}
_CONFIG_KEYS = frozenset({"model", "base_url", "timeout", "max_attempts", "temperature"})


class LLMError(RfpAssistError):
    """Base of the errors of the LLM layer."""


class LLMConfigError(LLMError):
    """Raised when the configured model cannot be used (bad name, provider not installed)."""


class LLMCallError(LLMError):
    """Raised when a model call still fails after the bounded retries."""


@dataclass(frozen=True)
class LLMConfig:
    """A chat model to use: `provider:model`, optional base URL, timeout and retry bound."""

    provider: str
    model: str
    base_url: str | None = None
    timeout: float = 60.0
    max_attempts: int = 3
    temperature: float = 0.0

    @property
    def name(self) -> str:
        """The model as `provider:model`."""
        return f"{self.provider}:{self.model}"


def parse_model(spec: str, **settings: object) -> LLMConfig:
    """An LLMConfig from `provider:model`; LLMConfigError naming the problem otherwise."""
    provider, sep, model = spec.strip().partition(":")
    if not sep or not provider or not model.strip():
        raise LLMConfigError(
            f"LLM model {spec!r}: expected provider:model, "
            "e.g. openai:gpt-4o-mini or ollama:llama3.1"
        )
    if provider not in PROVIDERS:
        known = ", ".join(sorted(PROVIDERS))
        raise LLMConfigError(f"LLM model {spec!r}: unknown provider {provider!r} (known: {known})")
    base_url = settings.get("base_url")
    timeout = settings.get("timeout", 60.0)
    attempts = settings.get("max_attempts", 3)
    temperature = settings.get("temperature", 0.0)
    if not isinstance(timeout, int | float) or not isinstance(temperature, int | float):
        raise LLMConfigError(f"LLM model {spec!r}: timeout and temperature must be numbers")
    if not isinstance(attempts, int) or not 1 <= attempts <= 10:
        raise LLMConfigError(f"LLM model {spec!r}: max_attempts must be a whole number 1-10")
    if base_url is not None and not isinstance(base_url, str):
        raise LLMConfigError(f"LLM model {spec!r}: base_url must be text")
    return LLMConfig(provider, model.strip(), base_url or None, float(timeout), attempts,
                     float(temperature))  # fmt: skip


def read_config_file(path: Path) -> dict[str, object]:
    """The `[llm]` table of a TOML config file (empty when the file does not exist)."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LLMConfigError(f"{path}: not valid TOML ({exc})") from exc
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise LLMConfigError(f"{path}: [llm] must be a table")
    unknown = set(table) - _CONFIG_KEYS
    if unknown:
        raise LLMConfigError(f"{path}: [llm] has unknown keys: {', '.join(sorted(unknown))}")
    return dict(table)


def resolve_config(
    model: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> LLMConfig | None:
    """The model to use, or None for extractive mode (nothing configured anywhere)."""
    env = os.environ if env is None else env
    settings = read_config_file(config_file) if config_file else {}
    spec = model or env.get(MODEL_ENV) or settings.pop("model", None)
    settings.pop("model", None)
    if not spec:
        return None
    if not isinstance(spec, str):
        raise LLMConfigError(f"{config_file}: [llm] model must be text like openai:gpt-4o-mini")
    if env.get(BASE_URL_ENV):
        settings["base_url"] = env[BASE_URL_ENV]
    return parse_model(spec, **settings)
