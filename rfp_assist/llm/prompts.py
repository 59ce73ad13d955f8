"""Prompt templates as files: `rfp_assist/prompts/*.yaml`, checked when they are loaded.

Each file has a name, a version, a system part, a user part and the variables it declares;
unknown keys are refused (pydantic, `extra="forbid"`). Placeholders are `{name}` (LangChain's
f-string templates; `{{` and `}}` are literal braces) and must be exactly the declared
variables. Rendering with a variable missing raises PromptError naming the prompt and the
variable. The folder sits inside the package so that the wheel ships it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rfp_assist.llm.config import LLMError

PROMPTS_PACKAGE = "rfp_assist.prompts"


class PromptError(LLMError):
    """Raised when a prompt file is invalid or rendered without one of its variables."""


def placeholders(template: str) -> set[str]:
    """The `{name}` placeholders of an f-string template (ValueError on anything fancier)."""
    names = set()
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise ValueError(f"placeholder {{{field}}} must be a plain name")
        names.add(field)
    return names


class Prompt(BaseModel):
    """One prompt file, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    description: str = ""
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)
    variables: tuple[str, ...]

    @model_validator(mode="after")
    def _declared(self) -> Prompt:
        used = placeholders(self.system) | placeholders(self.user)
        declared = set(self.variables)
        if used - declared:
            raise ValueError(f"uses undeclared variables: {', '.join(sorted(used - declared))}")
        if declared - used:
            raise ValueError(f"declares unused variables: {', '.join(sorted(declared - used))}")
        return self

    @property
    def id(self) -> str:
        """`name@version`, recorded with every result the prompt produced."""
        return f"{self.name}@{self.version}"

    def template(self) -> ChatPromptTemplate:
        """The prompt as a LangChain chat template (system + human messages)."""
        return ChatPromptTemplate.from_messages([("system", self.system), ("human", self.user)])

    def check_values(self, values: Mapping[str, Any]) -> None:
        """PromptError naming the first missing or undeclared variable in `values`."""
        for var in self.variables:
            if var not in values:
                raise PromptError(f"prompt {self.id}: missing variable {var!r}")
        extra = set(values) - set(self.variables)
        if extra:
            raise PromptError(f"prompt {self.id}: unknown variables {', '.join(sorted(extra))}")


def parse_prompt(text: str, source: str) -> Prompt:
    """A Prompt from YAML text; PromptError naming `source` and the problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PromptError(f"{source}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise PromptError(f"{source}: expected a mapping of name, version, system, user, variables")
    try:
        return Prompt.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "prompt"
        raise PromptError(f"{source}: {where}: {first['msg']}") from exc


@cache
def load_prompts() -> Mapping[str, Prompt]:
    """Every prompt shipped in the package, by name (checked; PromptError on the first bad one)."""
    prompts: dict[str, Prompt] = {}
    for entry in sorted(resources.files(PROMPTS_PACKAGE).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        prompt = parse_prompt(entry.read_text(encoding="utf-8"), f"prompts/{entry.name}")
        if prompt.name != entry.name.removesuffix(".yaml"):
            raise PromptError(f"prompts/{entry.name}: name {prompt.name!r} differs from file name")
        prompts[prompt.name] = prompt
    return prompts


def get_prompt(name: str) -> Prompt:
    """The shipped prompt called `name`."""
    try:
        return load_prompts()[name]
    except KeyError:
        raise PromptError(f"no prompt named {name!r} in prompts/") from None
