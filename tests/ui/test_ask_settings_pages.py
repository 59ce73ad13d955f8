"""Ask (cited passages, extractive without an LLM) and Settings (playbook validation, status)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rfp_assist.llm.config import MODEL_ENV
from tests.conftest import CORPORA
from tests.ui.conftest import VIEWS, no_exception


@pytest.fixture(autouse=True)
def _no_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)


def test_ask_returns_cited_passages(app_in: Callable[[Path], AppTest], corpus_workspace: Path):
    at = app_in(corpus_workspace).run()
    at.switch_page(f"{VIEWS}/ask.py").run()
    assert any("extractive" in c.value for c in at.caption)
    at.text_input(key="ask_q").set_value("Which CDMO pays for a failed batch?").run()
    at.button(key="ask_go").click().run()
    no_exception(at)
    heads = [e.label for e in at.expander]
    assert heads
    assert all("page" in h and "clause" in h for h in heads)
    assert any("Kestrel" in h for h in heads)


def test_search_with_topic_filter(app_in: Callable[[Path], AppTest], corpus_workspace: Path):
    at = app_in(corpus_workspace).run()
    at.switch_page(f"{VIEWS}/ask.py").run()
    at.radio(key="ask_how").set_value("Search with filters").run()
    at.text_input(key="ask_q").set_value("penalty for a late batch").run()
    at.selectbox(key="ask_topic").set_value("late_delivery").run()
    at.button(key="ask_go").click().run()
    no_exception(at)
    heads = [e.label for e in at.expander]
    assert heads
    assert all("Late Delivery" in h or "late" in h.lower() for h in heads[:1])


def test_settings_rejects_a_bad_playbook_and_saves_a_good_one(
    app_in: Callable[[Path], AppTest], helix_copy: Path
):
    at = app_in(helix_copy).run()
    at.switch_page(f"{VIEWS}/settings.py").run()
    no_exception(at)
    assert any("extractive" in i.value for i in at.info)
    at.text_area(key="pb_text").set_value("name: x\nversion: 1\ntopics:\n  not_a_topic: {}\n")
    at.button(key="pb_save").click().run()
    assert at.error
    assert "playbook" in at.error[0].value
    assert not (helix_copy / "playbook.yaml").exists()
    good = (CORPORA / "playbook.yaml").read_text(encoding="utf-8")
    at.text_area(key="pb_text").set_value(good.replace("\nname: ", "\nname: Edited ", 1))
    at.button(key="pb_save").click().run()
    no_exception(at)
    assert not at.error
    saved = (helix_copy / "playbook.yaml").read_text(encoding="utf-8")
    assert "\nname: Edited Northwind" in saved
