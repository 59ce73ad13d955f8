"""Model configuration: argument, environment, config file; provider packages are optional."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp_assist.llm.config import LLMConfig, LLMConfigError, parse_model, resolve_config
from rfp_assist.llm.factory import chat_model, provider_settings
from rfp_assist.llm.session import open_session


def test_nothing_configured_means_extractive_mode(tmp_path: Path) -> None:
    assert resolve_config(None, env={}, config_file=tmp_path / "llm.toml") is None


def test_the_argument_wins_over_the_environment() -> None:
    config = resolve_config("anthropic:claude-x", env={"RFP_ASSIST_LLM": "openai:gpt-4o-mini"})
    assert config is not None
    assert config.name == "anthropic:claude-x"


def test_the_environment_names_the_model_and_base_url() -> None:
    env = {
        "RFP_ASSIST_LLM": "openai:qwen2.5-7b",
        "RFP_ASSIST_LLM_BASE_URL": "http://localhost:8000/v1",
    }
    assert resolve_config(env=env) == LLMConfig("openai", "qwen2.5-7b", "http://localhost:8000/v1")


def test_the_config_file_is_read_last(tmp_path: Path) -> None:
    path = tmp_path / "llm.toml"
    path.write_text('[llm]\nmodel = "ollama:llama3.1"\ntimeout = 120\nmax_attempts = 5\n')
    config = resolve_config(env={}, config_file=path)
    assert config == LLMConfig("ollama", "llama3.1", None, 120.0, 5)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[llm]\nmodel = "ollama:x"\napi_key = "sk-123"\n', "unknown keys: api_key"),
        ("[llm\n", "not valid TOML"),
        ('[llm]\nmodel = "ollama:x"\nmax_attempts = 99\n', "max_attempts must be"),
        ("[llm]\nmodel = 3\n", "model must be text"),
    ],
)
def test_bad_config_files_get_a_named_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "llm.toml"
    path.write_text(text)
    with pytest.raises(LLMConfigError, match=problem):
        resolve_config(env={}, config_file=path)


@pytest.mark.parametrize(
    ("spec", "problem"),
    [("gpt-4o", "expected provider:model"), ("openai:", "expected provider:model"),
     ("bedrock:claude", "unknown provider 'bedrock'")],
)  # fmt: skip
def test_bad_model_names_get_a_named_error(spec: str, problem: str) -> None:
    with pytest.raises(LLMConfigError, match=problem):
        parse_model(spec)


@pytest.mark.parametrize(
    ("spec", "extra"),
    [("openai:gpt-4o-mini", "openai"), ("azure_openai:dep", "openai"),
     ("anthropic:claude-x", "anthropic"), ("ollama:llama3.1", "ollama")],
)  # fmt: skip
def test_a_missing_provider_package_names_the_extra(spec: str, extra: str) -> None:
    # The provider packages are optional extras and are not installed for the tests.
    with pytest.raises(LLMConfigError, match=rf"pip install 'rfp-assist\[{extra}\]'"):
        chat_model(parse_model(spec))


def test_provider_retries_are_off_because_ours_are_bounded() -> None:
    settings = provider_settings(parse_model("openai:m", base_url="http://h/v1", timeout=9))
    assert settings == {
        "temperature": 0.0,
        "timeout": 9.0,
        "max_retries": 0,
        "base_url": "http://h/v1",
    }


def test_a_session_without_a_model_is_extractive_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RFP_ASSIST_LLM", raising=False)
    session = open_session(tmp_path)
    assert session.runner is None
    assert session.describe().startswith("extractive (no LLM configured")
    assert session.usage()["calls"] == 0
