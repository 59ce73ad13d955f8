"""`ask` over the ingested corpora: extractive by default, grounded when a model is set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rfp_assist.cli import main
from rfp_assist.llm.ask import Answer, answer_table, ask
from rfp_assist.llm.runner import ModelRunner
from rfp_assist.retrieval.search import Searcher, default_embed
from rfp_assist.retrieval.store import Workspace
from tests.conftest import CORPORA
from tests.llm.conftest import prompt_text, runner_for, scripted

QUESTION = "Which CDMO pays for a failed batch?"


def _norm(text: str) -> str:
    return " ".join(text.split())


def gold_batch_failure() -> dict[str, list[dict[str, Any]]]:
    """Per proposal file name: its clauses labelled batch_failure in corpora/gold."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((CORPORA / "gold").glob("*_proposal.json")):
        gold = json.loads(path.read_text())
        clauses = [c for c in gold["clauses"] if "batch_failure" in c["topics"]]
        if clauses:
            out[gold["document"].rsplit("/", 1)[-1]] = clauses
    return out


def is_gold(citation: dict[str, Any], clause: dict[str, Any]) -> bool:
    """The citation is the gold clause: same opening words, clause number and page."""
    number, cited = clause["number"], citation["clause"]
    same_number = cited == number or (
        cited is not None and number is not None and number.endswith(cited)
    )
    same_page = clause.get("page") is None or clause["page"] == citation["page"]
    opening = (
        _norm(clause["starts_with"]) in _norm(citation["text"])[: len(clause["starts_with"]) + 12]
    )
    return same_number and same_page and opening


@pytest.fixture(scope="module")
def searcher(corpora_workspace: Path) -> Iterator[Searcher]:
    workspace = Workspace(corpora_workspace)
    yield Searcher(workspace, default_embed(workspace))
    workspace.close()


def test_the_corpora_have_five_proposals_with_batch_failure_clauses() -> None:
    assert len(gold_batch_failure()) == 5


def test_extractive_ask_cites_every_proposals_batch_failure_clause_in_its_top_5(
    searcher: Searcher,
) -> None:
    payload = ask(searcher, QUESTION, k=5).payload()
    assert (payload["mode"], payload["answer"]) == ("extractive", None)
    citations = payload["citations"]
    assert len(citations) == 5
    for name, clauses in gold_batch_failure().items():
        found = [
            c for c in citations if c["path"].endswith(name) and any(is_gold(c, g) for g in clauses)
        ]
        assert found, (
            f"{name}: no batch-failure clause among {[(c['path'], c['clause']) for c in citations]}"
        )
        assert found[0]["page"] >= 1
        assert found[0]["text"]
        # The clause number as people cite it ("6.1(c)", not just "(c)"); the unnumbered
        # Cobalt Ridge clause has none, as in the gold labels.
        numbers = {g["number"] for g in clauses if is_gold(found[0], g)}
        assert any((found[0]["reference"] or "") .endswith(n) if n else found[0]["reference"] is None
                   for n in numbers)  # fmt: skip


def test_citations_have_the_interface_shape_and_point_into_the_documents(
    searcher: Searcher,
) -> None:
    payload = ask(searcher, QUESTION, k=5).payload()
    keys = {"document", "path", "party", "clause", "page", "start", "end", "text", "score"}
    for citation in payload["citations"]:
        assert keys <= set(citation)
        assert citation["end"] - citation["start"] == len(citation["text"])
    assert payload["focus"]["topic"] == "batch_failure"
    assert payload["focus"]["kind"] == "proposal"


def test_a_cross_vendor_answer_hears_every_vendor_once_first(searcher: Searcher) -> None:
    answer = ask(searcher, "What late delivery credits does each vendor offer?", k=5)
    assert answer.focus.topic == "late_delivery"
    assert {hit.kind for hit in answer.citations} == {"proposal"}
    assert len({hit.party for hit in answer.citations}) == 5


def test_within_a_topic_the_clause_most_about_it_comes_first(searcher: Searcher) -> None:
    """Aldermoor's sub-cap for client materials (6.3) also limits liability and reads closer to
    the question; its limitation of liability clause (6.4) is what the topic is about."""
    answer = ask(searcher, "How is each vendor's liability capped?", k=5)
    assert answer.focus.topic == "liability_cap"
    aldermoor = [
        h for h in answer.citations if h.path.endswith("aldermoor_biologics_proposal.docx")
    ]
    assert [h.number for h in aldermoor][:1] == ["6.4"]


def test_a_question_naming_a_vendor_stays_with_that_vendor(searcher: Searcher) -> None:
    answer = ask(searcher, "How long is the technology transfer at Kestrel?", k=3)
    assert {hit.party for hit in answer.citations} == {"Kestrel BioProcess GmbH"}


def test_a_question_with_no_topic_still_gets_ranked_passages(searcher: Searcher) -> None:
    answer = ask(searcher, "zebra quantum origami", k=3)
    assert len(answer.citations) == 3
    assert answer.focus.topic is None


def test_the_cli_answers_in_extractive_mode_and_says_so(
    corpora_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RFP_ASSIST_LLM", raising=False)
    result = CliRunner().invoke(main, ["ask", QUESTION, "--workspace", str(corpora_workspace),
                                       "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["query"], payload["mode"], payload["answer"]) == (QUESTION, "extractive", None)
    assert len(payload["citations"]) == 5
    assert "mode: extractive (no LLM configured" in result.stderr


def test_the_cli_table_lists_the_cited_passages(
    corpora_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RFP_ASSIST_LLM", raising=False)
    result = CliRunner().invoke(main, ["ask", QUESTION, "--workspace", str(corpora_workspace)])
    assert result.exit_code == 0, result.output
    assert "focus: topic=batch_failure kind=proposal" in result.stdout
    assert "Helix Viral Manufacturing" in result.stdout


def test_the_cli_refuses_a_model_whose_package_is_missing(corpora_workspace: Path) -> None:
    result = CliRunner().invoke(main, ["ask", QUESTION, "--workspace", str(corpora_workspace),
                                       "--llm", "openai:gpt-4o-mini"])  # fmt: skip
    assert result.exit_code == 2
    assert "pip install 'rfp-assist[openai]'" in result.stderr


def test_the_cli_without_a_workspace_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ask", QUESTION, "--workspace", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("no workspace here; run `rfp-assist ingest` first")


def _llm(searcher: Searcher, *replies: object) -> tuple[Answer, Any]:
    model = scripted(*replies)
    runner, _ = runner_for(model)
    return ask(searcher, QUESTION, k=5, runner=runner), model


def _cid(answer: Answer, party_word: str) -> str:
    return next(cid for cid, hit in zip(answer.ids, answer.citations, strict=True)
                if party_word in (hit.party or ""))  # fmt: skip


def test_llm_mode_keeps_supported_sentences_and_drops_the_rest(searcher: Searcher) -> None:
    extractive = ask(searcher, QUESTION, k=5)
    helix, kestrel = _cid(extractive, "Helix"), _cid(extractive, "Kestrel")
    reply = (
        f"Helix will re-manufacture a failed batch or credit the batch price [{helix}]. "
        f"At Kestrel, if the root cause cannot be determined, the costs of the failed batch are shared equally [{kestrel}]. "
        f"Helix also refunds 300% of all fees and has been pre-approved by legal [{helix}]. "
        f"Cobalt Ridge pays for everything."
    )
    answer, model = _llm(searcher, reply)
    payload = answer.payload(ModelRunner(model).usage.as_dict())
    assert payload["mode"] == "llm"
    assert [s["citations"] for s in payload["sentences"]] == [[helix], [kestrel]]
    assert [d["reason"].split(":")[0] for d in payload["dropped"]] == [
        "judges instead of reporting", "cites no passage"]  # fmt: skip
    assert "300%" not in payload["answer"]
    assert payload["partial"] is False


def test_llm_mode_sends_passages_as_fenced_datamarked_data(searcher: Searcher) -> None:
    _, model = _llm(searcher, "Nothing here answers it.")
    system, human = model.seen[0]
    assert "Instruction hierarchy" in str(system.content)
    fence = str(system.content).split("<<", 1)[1].split(" ", 1)[0]
    assert fence.startswith("DATA-")
    assert str(human.content).count(f"<<{fence} C") == 5
    assert "Batch\u02c6Failure" in prompt_text(model.seen[0])


def test_a_failed_model_call_leaves_no_answer_and_marks_the_result_partial(
    searcher: Searcher,
) -> None:
    answer, _ = _llm(searcher, TimeoutError("1"), TimeoutError("2"), TimeoutError("3"))
    payload = answer.payload()
    assert payload["answer"] is None
    assert payload["partial"] is True
    assert "failed after 3 attempts" in payload["errors"][0]
    assert len(payload["citations"]) == 5


def test_answer_table_escapes_model_text(searcher: Searcher) -> None:
    extractive = ask(searcher, QUESTION, k=5)
    helix = _cid(extractive, "Helix")
    answer, _ = _llm(
        searcher,
        f"Helix will re-manufacture a failed batch\u202e or credit the batch price [{helix}].",
    )
    table = answer_table(answer)
    assert "\u202e" not in table
    assert "answer: Helix will re-manufacture" in table


def test_a_sentence_with_a_fabricated_quote_is_never_shown(searcher: Searcher) -> None:
    extractive = ask(searcher, QUESTION, k=5)
    helix = _cid(extractive, "Helix")
    fabricated = (
        f'Helix states that it "accepts unlimited liability for every failed batch" [{helix}].'
    )
    real = f'Helix states that it will "re-manufacture the batch" when a batch fails [{helix}].'
    answer, _ = _llm(searcher, f"{fabricated} {real}")
    payload = answer.payload()
    assert "unlimited liability" not in (payload["answer"] or "")
    assert payload["dropped"][0]["reason"].startswith("quotes text not in the cited passages")
    assert [s["text"] for s in payload["sentences"]] == [
        'Helix states that it will "re-manufacture the batch" when a batch fails.'
    ]
