"""What a highlighted original says about each clause: which clauses, which colour, which note.

A clause is highlighted when clause understanding found a topic in it or flagged it; its colour
is its playbook risk and its note names the topics, the typed terms, the reasons and the flags.
`annotate_file` writes the copy in the format of the source (DOCX or PDF).
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from rfp_assist.analysis.playbook import _fmt
from rfp_assist.errors import RfpAssistError
from rfp_assist.loaders.isolate import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    ChildCrashed,
    ChildTimeout,
    limit_memory,
    run_in_child,
)
from rfp_assist.model import Document
from rfp_assist.taxonomy import TermSpec, load_taxonomy
from rfp_assist.understand import ClauseReading, Reading

#: Highlight colours by risk, as RGB in 0..1 (PDF) and Word's highlight palette names.
RISK_RGB: dict[str, tuple[float, float, float]] = {
    "high": (1.0, 0.55, 0.55),
    "medium": (1.0, 0.85, 0.3),
    "low": (0.55, 0.9, 0.55),
    "unknown": (0.75, 0.8, 0.95),
}
RISK_WORD_COLOUR: dict[str, str] = {
    "high": "PINK",
    "medium": "YELLOW",
    "low": "BRIGHT_GREEN",
    "unknown": "TURQUOISE",
}
AUTHOR = "rfp-assist"


class AnnotateError(RfpAssistError):
    """Raised when a file cannot be annotated (a format without pages or runs, a bad write)."""

    def __init__(self, path: str, detail: str) -> None:
        self.path, self.detail = path, detail
        super().__init__(f"{path}: {detail}")


@dataclass(frozen=True)
class Highlight:
    """One clause to highlight: its span in the document text, its risk and its note."""

    clause_id: str
    number: str | None
    start: int
    end: int
    risk: str
    note: str


def _term_line(topic: str, terms: dict[str, object]) -> str:
    spec = load_taxonomy().get(topic)
    parts = []
    for key, value in terms.items():
        term = spec.terms.get(key) if spec else None
        term = term or TermSpec(key, "text", key.replace("_", " "))
        parts.append(f"{term.label} {_fmt(term, value)}")
    return ", ".join(parts)


def clause_note(reading: ClauseReading) -> str:
    """The note for one clause: topics, terms, risk with reasons, and flags, one per line."""
    taxonomy = load_taxonomy()
    labels = [taxonomy[s.topic].label if s.topic in taxonomy else s.topic for s in reading.topics]
    where = reading.clause.number or reading.clause.heading or "clause"
    lines = [f"{where}: {', '.join(labels) or 'no topic'} (risk: {reading.risk})"]
    for topic, terms in reading.terms_by_topic().items():
        if terms:
            lines.append(f"Terms: {_term_line(topic, dict(terms))}")
    lines += [f"- {reason}" for reason in reading.reasons[:6]]
    lines += [f"Flag ({flag.kind}): {flag.reason}" for flag in reading.flags]
    return "\n".join(lines)


def highlights(reading: Reading) -> list[Highlight]:
    """The clauses worth a highlight (a topic or a flag), in document order."""
    return [
        Highlight(
            r.clause.id, r.clause.number, r.clause.start, r.clause.end, r.risk, clause_note(r)
        )
        for r in reading.clauses
        if (r.topics or r.flags) and r.clause.end > r.clause.start
    ]


def check_annotatable(document: Document, source: str | Path, out: str | Path) -> None:
    """Raise AnnotateError unless `document` is a PDF or DOCX and `out` is not the source."""
    if document.media_type not in ("pdf", "docx"):
        raise AnnotateError(str(source), "only PDF and DOCX files can be annotated; this is text")
    if Path(out).resolve() == Path(source).resolve():
        raise AnnotateError(str(source), "--out is the file itself; write the copy elsewhere")


def annotate_file(reading: Reading, source: str | Path, out: str | Path) -> int:
    """Write a highlighted copy of `source` (read as `reading`) to `out`; return the count."""
    media = reading.analysis.document.media_type
    marks = highlights(reading)
    if media == "docx":
        from rfp_assist.report.annotate_docx import annotate_docx

        return annotate_docx(reading.analysis.document, marks, source, out)
    if media == "pdf":
        from rfp_assist.report.annotate_pdf import annotate_pdf

        return annotate_pdf(reading.analysis.document, marks, source, out)
    raise AnnotateError(str(source), "only PDF and DOCX files can be annotated; this is text")


def _worker(conn: Connection, reading: Reading, source: str, out: str, memory: int) -> None:
    limit_memory(memory)
    try:
        conn.send(("ok", annotate_file(reading, source, out)))
    except RfpAssistError as exc:
        conn.send(("error", str(exc)))
    except Exception as exc:  # noqa: BLE001 - any writer failure is a property of the file
        conn.send(("error", f"{source}: cannot annotate ({type(exc).__name__}: {exc})"))
    finally:
        conn.close()


def annotate_isolated(
    reading: Reading,
    source: str,
    out: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int = DEFAULT_MEMORY,
) -> int:
    """`annotate_file` in a forked child with a time and memory limit (pypdf parses the file)."""
    try:
        status, payload = run_in_child(_worker, (reading, source, out, memory), timeout=timeout)
    except ChildTimeout:
        raise AnnotateError(source, f"writing the annotated copy took over {timeout:g} s") from None
    except ChildCrashed as crash:
        raise AnnotateError(source, f"the writer crashed (exit code {crash.exitcode})") from None
    if status == "error":
        raise AnnotateError(source, str(payload).removeprefix(f"{source}: "))
    return int(str(payload))
