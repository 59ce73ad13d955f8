"""Diff against the corpora gold, and highlighted originals checked against the clauses.

    python bench/diff_annotate_eval.py [--cuad N]

Diff: MSA v1 -> v2 as two files, and v2 alone before/after its tracked changes; for each mode
the gold changes (corpora/gold/diff_msa_v1_v2.json) found with the right kind, numbers,
direction and typed-term change, and the changes reported that gold does not list.
Annotate: every corpora PDF and DOCX annotated; for a PDF, the text under each highlight's
rectangles (read back by pdfium) compared with the clause's text on that page; for a DOCX, the
text inside each comment's range compared with the clause. `--cuad N` adds the first N real
CUAD PDFs from ../shared/eval/cuad/pdf (their own link annotations are left aside). JSON on stdout.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from rfp_assist.analysis.diff import DraftDiff, diff_readings  # noqa: E402
from rfp_assist.analysis.tracked import before_revisions  # noqa: E402
from rfp_assist.loaders import load  # noqa: E402
from rfp_assist.pipeline import analyse  # noqa: E402
from rfp_assist.report.annotate_common import AUTHOR, annotate_file, highlights  # noqa: E402
from rfp_assist.understand import Reader, Reading  # noqa: E402

CORPORA = ROOT / "corpora"
GOLD = json.loads((CORPORA / "gold" / "diff_msa_v1_v2.json").read_text(encoding="utf-8"))


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _matches(change: Any, gold: dict[str, Any]) -> bool:
    new = change.new.clause.number if change.new else None
    old_heading = change.old.clause.heading if change.old else None
    if change.kind != gold["kind"] or new != gold["new_number"]:
        return False
    if new is None and old_heading != gold["heading"]:
        return False
    if change.direction != gold["direction"]:
        return False
    term = gold["term_change"]
    return term is None or any(
        (t.topic, t.key, t.old, t.new) == (term["topic"], term["key"], term["old"], term["new"])
        for t in change.term_changes
    )


def score_diff(result: DraftDiff) -> dict[str, Any]:
    """Gold changes found right, and changes reported beyond gold."""
    reported = [c for c in result.changes if c.kind != "unchanged"]
    found = [g for g in GOLD["changes"] if any(_matches(c, g) for c in reported)]
    missed = [f"{g['kind']} {g['old_number']}->{g['new_number']}" for g in GOLD["changes"]
              if g not in found]  # fmt: skip
    return {"gold": len(GOLD["changes"]), "found_right": len(found), "missed": missed,
            "extra": len(reported) - len(found)}  # fmt: skip


def check_pdf(reading: Reading, out: Path) -> tuple[int, int]:
    """(highlights whose rectangles hold exactly the clause's words, highlights)."""
    doc = reading.analysis.document
    marks = {m.clause_id: m for m in highlights(reading)}
    pdf, glyphs, good, total = PdfReader(out, strict=True), pdfium.PdfDocument(out), 0, 0
    for index, page in enumerate(pdf.pages):
        textpage = glyphs[index].get_textpage()
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/T") != AUTHOR:
                continue  # the source's own annotations (links, notes)
            mark = marks[str(annotation["/NM"]).rsplit("-p", 1)[0]]
            quads = [float(v) for v in annotation["/QuadPoints"]]
            under = "".join(
                textpage.get_text_bounded(quads[i], quads[i + 5], quads[i + 2], quads[i + 1])
                for i in range(0, len(quads), 8)
            )
            want = "".join(
                doc.text[max(line.start, mark.start) : min(line.end, mark.end)]
                for block in doc.blocks
                for line in block.lines
                if line.page == index + 1 and line.start < mark.end and line.end > mark.start
            )
            total += 1
            good += _letters(under) == _letters(want)
    return good, total


def check_docx(reading: Reading, out: Path) -> tuple[int, int]:
    """(comments whose range holds exactly the clause's words, highlighted clauses)."""
    doc = reading.analysis.document
    annotated = docx.Document(str(out))
    ours = [c for c in annotated.comments if c.author == AUTHOR]
    marks = highlights(reading)
    good = 0
    for mark, comment in zip(marks, ours, strict=False):
        inside, parts = False, []
        for element in annotated.element.body.iter():
            cid = element.get(qn("w:id"))
            if element.tag == qn("w:commentRangeStart") and cid == str(comment.comment_id):
                inside = True
            elif element.tag == qn("w:commentRangeEnd") and cid == str(comment.comment_id):
                break
            elif inside and element.tag == qn("w:t"):
                parts.append(element.text or "")
        want = "".join(
            doc.text[b.start : b.end].removeprefix(b.number or "")
            for b in doc.blocks
            if mark.start <= b.start < mark.end
        )
        good += _letters("".join(parts)) == _letters(want)
    return good, len(marks)


def main() -> None:
    """Print the diff scores for both modes and the annotation checks as JSON."""
    reader = Reader()
    v2 = load(CORPORA / "msa" / "msa_v2.docx")
    new = reader.read(analyse(v2))
    report: dict[str, Any] = {"diff": {}, "annotate": {}}
    for mode, old_doc in (("files", load(CORPORA / "msa" / "msa_v1.docx")),
                          ("tracked_changes", before_revisions(v2))):  # fmt: skip
        report["diff"][mode] = score_diff(
            diff_readings(reader.playbook, reader.read(analyse(old_doc)), new)
        )
    sources = sorted([*CORPORA.glob("proposals/*"), *CORPORA.glob("msa/*"), *CORPORA.glob("rfp/*")])
    if "--cuad" in sys.argv:
        count = int(sys.argv[sys.argv.index("--cuad") + 1])
        sources += sorted((ROOT.parent / "shared" / "eval" / "cuad" / "pdf").glob("*.pdf"))[:count]
    with tempfile.TemporaryDirectory() as folder:
        for source in sources:
            reading = reader.read(analyse(load(source)))
            out = Path(folder) / source.name
            annotate_file(reading, source, out)
            check = check_pdf if source.suffix == ".pdf" else check_docx
            good, total = check(reading, out)
            report["annotate"][source.name] = {"exact": good, "highlights": total}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
