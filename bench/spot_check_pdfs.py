"""Spot check of five CUAD PDFs: do the numbered sections a reader sees come out as clauses?

    python bench/spot_check_pdfs.py

For each named PDF, the section numbers that open a line in CUAD's own text extraction of the
same contract (decimal numbers, ARTICLE / Section labels) stand for what a reader sees; the
script reports how many of them our PDF pipeline returns as clauses with the same number, and
which are missing. (Page images were also compared by eye for page 3 of the Inmode agreement:
6.2-6.6 with (i), (ii), (iii), (v) all found.) JSON on stdout.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rfp_assist.loaders import load  # noqa: E402
from rfp_assist.pipeline import analyse  # noqa: E402

CUAD = ROOT.parent / "shared" / "eval" / "cuad"
NAMES = (
    "CCAINDUSTRIESINC_04_14_2014-EX-10.1-OUTSOURCING AGREEMENT",
    "InmodeLtd_20190729_F-1A_EX-10.9_11743243_EX-10.9_Manufacturing Agreement",
    "LohaCompanyltd_20191209_F-1_EX-10.16_11917878_EX-10.16_Supply Agreement",
    "PhotronicsInc_20171219_10-QA_EX-10.28_10982650_EX-10.28_Outsourcing Agreement",
    "WestPharmaceuticalServicesInc_20200116_8-K_EX-10.1_11947529_EX-10.1_Supply Agreement",
)
OPENING = re.compile(
    r"\s*((?:ARTICLE|Article|SECTION|Section)\s+[\dIVX]+|\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+[A-Z(\"“]"
)


def main() -> int:
    """Compare and print JSON."""
    report, seen_total, found_total = {}, 0, 0
    for name in NAMES:
        analysis = analyse(load(CUAD / "pdf" / f"{name}.pdf"))
        ours = {c.number.upper() for c in analysis.clauses if c.number}
        text = (CUAD / "contracts" / f"{name}.txt").read_text(encoding="utf-8")
        seen = [m.group(1).upper() for m in map(OPENING.match, text.splitlines()) if m]
        found = [s for s in seen if s in ours]
        seen_total += len(seen)
        found_total += len(found)
        report[name] = {
            "pages": len(analysis.document.pages),
            "numbered_sections": len(seen),
            "found": len(found),
            "missing": [s for s in seen if s not in ours],
        }
    print(json.dumps({"found": f"{found_total}/{seen_total}", "pdfs": report}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
