"""`ask`: answer a question from the workspace, every sentence citing the clauses it rests on.

Extractive mode (no model configured): the answer is null and the citations are the focused,
ranked passages. LLM mode: the model sees the same passages (every sentence holding a flagged
hidden or injected span blanked), datamarked inside a random fence, and writes sentences
that end with passage ids; a sentence its citations do not support is dropped (`grounding.py`).
A failed model call leaves the answer null and the result partial: nothing is made up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rfp_assist.llm.config import LLMCallError
from rfp_assist.llm.grounding import Dropped, GroundedAnswer, Sentence, ground, passage_ids
from rfp_assist.llm.prompts import get_prompt
from rfp_assist.llm.retrieve import Focus, retrieve
from rfp_assist.llm.runner import ModelRunner
from rfp_assist.llm.spotlight import MARK, blank_flagged_sentences, new_fence, visible_text
from rfp_assist.retrieval.search import Searcher, SearchHit
from rfp_assist.retrieval.store import Workspace

Mode = Literal["extractive", "llm"]


@dataclass(frozen=True)
class Answer:
    """A question, its cited passages and, in LLM mode, the grounded answer."""

    query: str
    mode: Mode
    citations: tuple[SearchHit, ...]
    focus: Focus = field(default_factory=Focus)
    sentences: tuple[Sentence, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    partial: bool = False
    errors: tuple[str, ...] = ()
    prompt: str | None = None
    ids: tuple[str, ...] = field(default=())
    references: tuple[str | None, ...] = ()

    @property
    def text(self) -> str | None:
        """The kept sentences with their citations (None in extractive mode or on failure)."""
        if self.mode == "extractive" or (self.partial and not self.sentences):
            return None
        return GroundedAnswer(self.sentences, self.dropped).text

    def payload(self, usage: dict[str, int] | None = None) -> dict[str, Any]:
        """The answer as `ask --format json` (interface.md), with focus, sentences and usage."""
        citations = []
        ids = self.ids or passage_ids(len(self.citations))
        refs = self.references or tuple(h.number for h in self.citations)
        for cid, hit, ref in zip(ids, self.citations, refs, strict=True):
            citations.append({"id": cid, **hit.citation(), "reference": ref})
        out: dict[str, Any] = {
            "query": self.query,
            "mode": self.mode,
            "answer": self.text,
            "citations": citations,
            "focus": {"topic": self.focus.topic, "kind": self.focus.kind,
                      "parties": list(self.focus.parties), "reason": self.focus.reason},
            "partial": self.partial,
            "errors": list(self.errors),
        }  # fmt: skip
        if self.mode == "llm":
            out["sentences"] = [{"text": s.text, "citations": list(s.citations)}
                                for s in self.sentences]  # fmt: skip
            out["dropped"] = [{"text": d.text, "reason": d.reason} for d in self.dropped]
            out["prompt"] = self.prompt
        if usage is not None:
            out["usage"] = usage
        return out


def model_texts(workspace: Workspace, hits: Sequence[SearchHit]) -> list[str]:
    """Each hit's clause text as a model may read it: sentences holding a stored flag blanked."""
    sql = (
        'SELECT document, start, "end" FROM flags'
        " WHERE document IN (SELECT value FROM json_each(?))"
    )
    spans: dict[str, list[tuple[int, int]]] = {}
    with workspace.snapshot() as db:
        for document, start, end in db.execute(sql, (json.dumps([h.document for h in hits]),)):
            spans.setdefault(document, []).append((start, end))
    return [blank_flagged_sentences(h.text, h.start, spans.get(h.document, [])) for h in hits]


def clause_references(workspace: Workspace, clause_ids: Sequence[str]) -> dict[str, str | None]:
    """Each clause's number as people cite it: a sub-item "(c)" under "6.1" is "6.1(c)"."""
    rows: dict[str, tuple[str | None, str | None]] = {}
    wanted = set(clause_ids)
    sql = "SELECT id, number, parent FROM clauses WHERE id IN (SELECT value FROM json_each(?))"
    with workspace.snapshot() as db:
        while wanted:
            found = db.execute(sql, (json.dumps(sorted(wanted)),)).fetchall()
            rows.update({r[0]: (r[1], r[2]) for r in found})
            wanted = {r[2] for r in found if r[2] and r[2] not in rows}

    def reference(clause: str, depth: int = 0) -> str | None:
        number, parent = rows.get(clause, (None, None))
        if number and number.startswith("(") and parent and depth < 10:
            above = reference(parent, depth + 1)
            return f"{above}{number}" if above else number
        return number

    return {c: reference(c) for c in clause_ids}


def _label(hit: SearchHit) -> str:
    """Our own description of a passage (no document text but the party and clause number)."""
    party = visible_text(hit.party or hit.path.rsplit("/", 1)[-1])
    party = "".join(c for c in party if c not in "<>[]{}\n")[:60]
    number = "".join(c for c in (hit.number or "-") if c not in "<>[]{}\n")[:20]
    return f"party={party!r} clause={number!r} page={hit.page}"


def passages_block(
    ids: Sequence[str], hits: Sequence[SearchHit], texts: Sequence[str]
) -> tuple[str, str]:
    """(fence token, the passages fenced and datamarked) for a prompt."""
    fence = new_fence(list(texts))
    blocks = [fence.wrap(f"{cid} {_label(hit)}", text)
              for cid, hit, text in zip(ids, hits, texts, strict=True)]  # fmt: skip
    return fence.token, "\n\n".join(blocks)


def answer_with_model(
    runner: ModelRunner, question: str, hits: Sequence[SearchHit], texts: Sequence[str]
) -> tuple[GroundedAnswer | None, str | None]:
    """The model's answer over the passages, grounded (None and the error when the call failed)."""
    ids = passage_ids(len(hits))
    token, block = passages_block(ids, hits, texts)
    prompt = get_prompt("ask")
    values = {"question": question, "passages": block, "fence": token, "mark": MARK}
    try:
        reply = runner.text(prompt, values)
    except LLMCallError as exc:
        return None, str(exc)
    # Support is judged against the passage text plus our own labels (party, heading).
    support = {cid: f"{hit.party or ''} {hit.heading or ''}\n{text}"
               for cid, hit, text in zip(ids, hits, texts, strict=True)}  # fmt: skip
    return ground(reply, support), None


def ask(searcher: Searcher, question: str, k: int = 5, runner: ModelRunner | None = None) -> Answer:
    """Answer `question` from the workspace: extractive without `runner`, grounded LLM with it."""
    focus, hits = retrieve(searcher, question, k)
    ids = tuple(passage_ids(len(hits)))
    found = clause_references(searcher.workspace, [h.clause for h in hits])
    refs = tuple(found.get(h.clause) for h in hits)
    if runner is None:
        return Answer(question, "extractive", tuple(hits), focus, ids=ids, references=refs)
    texts = model_texts(searcher.workspace, hits)
    prompt = get_prompt("ask").id
    if not hits:
        return Answer(question, "llm", (), focus, partial=True, prompt=prompt,
                      errors=("no passages in the workspace answer the question",))  # fmt: skip
    grounded, error = answer_with_model(runner, question, hits, texts)
    if grounded is None:
        return Answer(question, "llm", tuple(hits), focus, partial=True,
                      errors=(error or "model call failed",), prompt=prompt, ids=ids,
                      references=refs)  # fmt: skip
    return Answer(question, "llm", tuple(hits), focus, grounded.sentences, grounded.dropped,
                  prompt=prompt, ids=ids, references=refs)  # fmt: skip


def answer_table(answer: Answer, width: int = 100) -> str:
    """The answer for a terminal: the grounded sentences (LLM mode), then the cited passages."""
    from rfp_assist.report.clauses import printable

    lines = []
    if answer.focus.topic or answer.focus.kind or answer.focus.parties:
        focus = answer.focus
        parts = [f"topic={focus.topic}" if focus.topic else "",
                 f"kind={focus.kind}" if focus.kind else "",
                 f"parties={', '.join(focus.parties)}" if focus.parties else ""]  # fmt: skip
        lines.append("focus: " + " ".join(p for p in parts if p))
    if answer.text:
        lines += ["answer: " + printable(answer.text), ""]
    lines.append(f"{'id':<4} {'score':>5}  {'party':<28} {'clause':<14} {'page':>4}  text")
    ids = answer.ids or tuple(passage_ids(len(answer.citations)))
    refs = answer.references or tuple(h.number for h in answer.citations)
    for cid, hit, ref in zip(ids, answer.citations, refs, strict=True):
        party = printable(hit.party or hit.path.replace("\\", "/").rsplit("/", 1)[-1])[:28]
        text = printable(hit.text)
        room = max(width - 60, 20)
        text = text if len(text) <= room else text[: room - 1] + "…"
        clause = printable(ref or hit.heading or "·")[:14]
        lines.append(f"{cid:<4} {hit.score:>5.2f}  {party:<28} {clause:<14} {hit.page:>4}  {text}")
    return "\n".join(lines)
