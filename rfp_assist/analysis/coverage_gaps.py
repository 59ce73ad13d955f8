"""What a requirement asks for, in words, and where an answering passage concedes a gap in it.

A procurement analyst reads a capability requirement ("potency, titer and capsid ratio shall
be performed in-house"; "any second qualified site or back-up suite") as a list of asked
*items*, and marks an answer as only partly covering it when the passage, on one of those
items, says the supplier does not have it or has someone else do it. The rules are data:

- `IN_HOUSE`: the requirement asks for work done by the supplier itself; the items are the
  subject of that sentence ("Potency, … and full/empty capsid ratio shall be performed
  in-house") or, when the supplier is the subject, the object ("The Supplier shall perform
  X and Y in-house"). A passage sentence naming one of those items and handing it to another
  party (`DELEGATED`: a partner, a contract laboratory, a subcontractor) concedes a gap.
- `DENIED`: a passage sentence in which the supplier does not offer, operate, have … (a
  negated verb of having or doing) something named among the requirement's items ("does not
  operate a second manufacturing site") concedes a gap, unless what it lacks is adverse
  (`ADVERSE`: "has not had any open Form 483 observations" reports a good record).
- `missing_items`: a list the requirement names ("AAV9") that the passage's own list of the
  same typed term leaves out ("serotypes AAV2 and AAV8").

Words in parentheses are examples or methods ("(FDA, EMA or national competent
authorities)", "(ddPCR or qPCR)"), not asked items. Spans are document offsets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rfp_assist.analysis.values import NUMBER_WORDS
from rfp_assist.model import TermValue

#: The requirement asks for work the supplier does itself.
IN_HOUSE = re.compile(r"\bin[\s-]house\b|\bin\s+its\s+own\b|\bby\s+the\s+supplier\s+itself\b", re.I)
#: The passage hands the work to another party.
DELEGATED = re.compile(
    r"\b(?:sub-?contract\w*|outsourc\w*|partners?\b|third[\s-]part(?:y|ies)|external\s+(?:\w+\s+)?"
    r"(?:laborator(?:y|ies)|labs?|providers?|vendors?)|contract\s+(?:testing\s+|research\s+)?"
    r"(?:laborator(?:y|ies)|labs?|organi[sz]ations?)|CROs?\b)",
    re.I,
)
#: A negated verb of having or doing: the supplier does not have what follows.
DENIED = re.compile(
    r"\b(?:(?:does|do|did|will|can|could|would)\s+not|doesn[’']t|don[’']t|won[’']t|cannot"
    r"|can[’']t|(?:is|are)\s+(?:not\s+able|unable)\s+to|(?:has|have)\s+not)\s+"
    r"(?:(?:yet|currently|presently|at\s+present)\s+)*"
    r"(?P<verb>offer|operate|have|provide|maintain|hold|own|possess|perform|run|release|qualif)"
    r"\w*\b(?P<object>[^.;\n]*)",
    re.I,
)
#: Things a supplier is better off without: lacking them is a record, not a gap.
ADVERSE = re.compile(
    r"\b(?:observations?|findings?|deviations?|warning\s+letters?|recalls?|complaints?|"
    r"citations?|open|outstanding|unresolved|critical|major|failures?|incidents?|483s?)\b",
    re.I,
)
_MODAL = re.compile(r"\b(?:shall|must|will|should|is\s+required\s+to|are\s+required\s+to)\b", re.I)
_SUPPLIER = re.compile(r"\b(?:supplier|vendor|contractor|cdmo|manufacturer|proposer|we)\b", re.I)
_PARENS = re.compile(r"\([^()]*\)")
_SENTENCE = re.compile(r"[^.;\n]+(?:[.;]|$)", re.M)
_WORD = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]", re.I)
#: Words that name no asked item: roles, modal and reporting verbs, fillers.
GENERIC = frozenset(
    """a an and any all also as at be been by for from if in its it of on or the their this to
    with without within which that shall must will should may each every such other
    supplier suppliers vendor contractor cdmo proposal proposals client product products
    state states describe disclose identify identified include including provide provided
    performed perform able together proposed in-house house own itself""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Gap:
    """A stretch of the answer that concedes part of what the requirement asks for."""

    kind: str  # "delegated" | "denied" | "missing_items"
    items: tuple[str, ...]  # the asked items it concerns
    start: int
    end: int
    text: str


def stem(word: str) -> str:
    """A word reduced for matching across forms ("inspections", "inspected" → "inspe")."""
    w = word.lower().strip("-")
    return w[:5] if len(w) > 5 else w


def item_words(text: str) -> dict[str, str]:
    """stem → word of the content words of `text`, parentheses (examples, methods) left out."""
    out: dict[str, str] = {}
    for word in dict.fromkeys(_WORD.findall(_PARENS.sub(" ", text).lower())):
        # Number words are the asked quantity ("five (5) years"), not an asked item.
        if word not in GENERIC and not NUMBER_WORDS.issuperset(word.split("-")):
            out.setdefault(stem(word), word)
    return out


def in_house_items(requirement: str) -> dict[str, str]:
    """The items a requirement asks the supplier to do itself (empty when it asks none)."""
    out: dict[str, str] = {}
    for m in _SENTENCE.finditer(requirement):
        sentence = m.group()
        where = IN_HOUSE.search(sentence)
        modal = _MODAL.search(sentence)
        if where is None or modal is None:
            continue
        before = sentence[: modal.start()]
        if _SUPPLIER.search(before):  # "The Supplier shall perform X and Y in-house"
            verb_end = re.search(r"\s\w+", sentence[modal.end() :])
            start = modal.end() + (verb_end.end() if verb_end else 0)
            out.update(item_words(sentence[start : max(start, where.start())]))
        else:  # "X, Y and Z shall be performed in-house"
            out.update(item_words(before))
    return out


def _sentences(text: str, offset: int) -> Iterable[tuple[int, int, str]]:
    for m in _SENTENCE.finditer(text):
        if m.group().strip():
            yield offset + m.start(), offset + m.end(), m.group()


def _named(text: str, items: dict[str, str]) -> tuple[str, ...]:
    found = {stem(w.group()) for w in _WORD.finditer(_PARENS.sub(" ", text))}
    return tuple(word for key, word in items.items() if key in found)


def concessions(requirement: str, passages: Sequence[tuple[int, str]]) -> list[Gap]:
    """Sentences of `passages` ((document offset, text)) that concede an item `requirement` asks."""
    in_house = in_house_items(requirement)
    asked = item_words(requirement)
    gaps = []
    for offset, text in passages:
        for start, end, sentence in _sentences(text, offset):
            named = _named(sentence, in_house) if in_house else ()
            handed = DELEGATED.search(sentence)
            if named and handed:
                gaps.append(Gap("delegated", named, start, end, sentence.strip()))
                continue
            for m in DENIED.finditer(sentence):
                what = _named(m.group("object"), asked)
                if what and not ADVERSE.search(m.group("object")):
                    s, e = start + m.start(), start + m.end()
                    gaps.append(Gap("denied", what, s, e, m.group().strip()))
                    break
    return gaps


def missing_items(asked: TermValue | None, stated: TermValue) -> tuple[str, ...]:
    """Items of a list the requirement names that the answer's list of the same term leaves out."""
    if not isinstance(asked, list) or not isinstance(stated, list):
        return ()
    have = {str(x).lower() for x in stated}
    return tuple(str(x) for x in asked if str(x).lower() not in have)


def describe(gap: Gap) -> str:
    """One line saying what the gap concedes and where ("potency, capsid handed to others: …")."""
    items = ", ".join(gap.items)
    if gap.kind == "delegated":
        return f"{items} done by another party (\u201c{gap.text}\u201d)"
    if gap.kind == "denied":
        return f"{items} not offered (\u201c{gap.text}\u201d)"
    return f"{items} not among what it states (\u201c{gap.text}\u201d)"


@dataclass(frozen=True)
class Vocabulary:
    """A proposal's item words per clause and how rare each is across its clauses."""

    words: tuple[frozenset[str], ...]  # item-word stems of each clause, in clause order
    rarity: dict[str, float]  # inverse document frequency of each stem


def vocabulary(texts: Sequence[str]) -> Vocabulary:
    """The item words of each of `texts` (a proposal's clauses) and their rarity."""
    words = tuple(frozenset(item_words(t)) for t in texts)
    counts: dict[str, int] = {}
    for found in words:
        for key in found:
            counts[key] = counts.get(key, 0) + 1
    rarity = {key: math.log((len(texts) + 1) / (c + 0.5)) for key, c in counts.items()}
    return Vocabulary(words, rarity)


def shared_words(requirement: str, used: Iterable[str], rarity: dict[str, float]) -> float:
    """The share of the requirement's item words in `used` (stems), rarer words weighing more."""
    wanted = item_words(requirement).keys()
    total = sum(rarity.get(w, 0.0) for w in wanted)
    if not total:
        return 0.0
    return sum(rarity.get(w, 0.0) for w in wanted & set(used)) / total
