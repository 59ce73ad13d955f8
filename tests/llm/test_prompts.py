"""Prompt files: every shipped prompt loads, declares its variables and renders."""

from __future__ import annotations

import pytest

from rfp_assist.llm.prompts import PromptError, get_prompt, load_prompts, parse_prompt
from rfp_assist.llm.spotlight import MARK

PROMPTS = sorted(load_prompts())


def test_every_expected_prompt_ships() -> None:
    assert PROMPTS == ["ask", "extract_terms", "suggest_fallback", "summarise_topic"]


@pytest.mark.parametrize("name", PROMPTS)
def test_every_prompt_renders_with_its_declared_variables(name: str) -> None:
    prompt = get_prompt(name)
    values = {var: f"<value of {var}>" for var in prompt.variables}
    messages = prompt.template().invoke(values).to_messages()
    assert [m.type for m in messages] == ["system", "human"]
    text = "\n".join(str(m.content) for m in messages)
    for var in prompt.variables:
        assert f"<value of {var}>" in text


@pytest.mark.parametrize("name", PROMPTS)
def test_every_prompt_states_the_instruction_hierarchy(name: str) -> None:
    system = get_prompt(name).system
    assert "Instruction hierarchy" in system
    assert "{fence}" in system
    assert "{mark}" in system


@pytest.mark.parametrize("name", PROMPTS)
def test_a_missing_variable_is_a_named_error(name: str) -> None:
    prompt = get_prompt(name)
    values = {var: "x" for var in prompt.variables[1:]}
    with pytest.raises(
        PromptError, match=f"prompt {name}@1: missing variable '{prompt.variables[0]}'"
    ):
        prompt.check_values(values)


def test_document_braces_are_data_not_placeholders() -> None:
    prompt = get_prompt("ask")
    values = {"question": "q", "passages": "{question} {fence} {{x}}", "fence": "F", "mark": MARK}
    text = prompt.template().invoke(values).to_messages()[1].content
    assert "{question} {fence} {{x}}" in str(text)


GOOD = "name: p\nversion: 1\nsystem: s {a}\nuser: u {b}\nvariables: [a, b]\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD + "temperature: 1\n", "temperature: Extra inputs are not permitted"),
        (GOOD.replace("[a, b]", "[a]"), "uses undeclared variables: b"),
        (GOOD.replace("[a, b]", "[a, b, c]"), "declares unused variables: c"),
        (GOOD.replace("{a}", "{a.__class__}"), "must be a plain name"),
        (GOOD.replace("version: 1", "version: 0"), "version: Input should be greater than"),
        (GOOD.replace("system: s {a}\n", ""), "system: Field required"),
        ("- just a list\n", "expected a mapping"),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_prompt_files_get_a_named_error(text: str, problem: str) -> None:
    with pytest.raises(PromptError, match=r"prompts/p\.yaml") as info:
        parse_prompt(text, "prompts/p.yaml")
    assert problem in str(info.value)


def test_a_good_prompt_file_parses() -> None:
    prompt = parse_prompt(GOOD, "prompts/p.yaml")
    assert (prompt.id, prompt.variables) == ("p@1", ("a", "b"))
