"""Hostile text in vendor documents: text hidden from people, and text aimed at automated tools.

Vendor documents are untrusted. `find_flags` reports two kinds of finding and changes nothing:

- ``hidden_text``: every span the loader found hidden from a reader (white or tiny type, DOCX
  vanish, off the page, invisible render mode);
- ``injection``: text addressing the tools that read the document: instruction overrides,
  evaluation steering, fake chat-role markup, smuggled Unicode tag characters, zero-width and
  bidi-override tricks, base64 payloads, in English and in other common languages.

Matching runs on a normalised view of the text (NFKC, casefolded, accents off Latin letters,
zero-width characters removed, look-alike Cyrillic and Greek letters mapped to Latin inside
Latin words, a second pass with digit "leetspeak" read as letters when it seems to be used),
but every flag points into the original text: ``flag.text == doc.text[flag.start:flag.end]``,
except for Unicode tag characters, which are invisible, where ``text`` is the decoded message.
Decoded payloads are quoted in ``reason``.

Speed: a rule's regex runs only in windows around its triggers (words looked up in the set of
the document's words, then phrases found in a whitespace-collapsed copy), so a clean 50-page
contract costs a few milliseconds.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rfp_assist.analysis.injection_rules import (
    _ADDRESSED_BEFORE,
    _BASE64,
    _BASE64_MIXED,
    _BIDI_OVERRIDE,
    _CONFUSABLE,
    _CONFUSABLE_CHARS,
    _INSTRUCTION_WORDS,
    _INVISIBLE,
    _LEET,
    _LEET_SENTINELS,
    _MODAL_BEFORE,
    _NON_ASCII_RUN,
    _ORDER_START,
    _RULES,
    _SENSITIVE_WORDS,
    _TAG_RUN,
    _WHITESPACE,
)
from rfp_assist.model import Clause, Document, Flag

__all__ = ["find_flags"]


# -- the normalised view --------------------------------------------------------------------
_TYPOGRAPHY = {
    **dict.fromkeys("“”„‟″«»", '"'), **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"), **dict.fromkeys("•·●▪◦", "*"),
}  # fmt: skip


@cache
def _fold(char: str, latin_context: bool) -> str:
    """One original character as it reads in the normalised view ("" for invisible ones)."""
    if _INVISIBLE.fullmatch(char) or "\u0300" <= char <= "\u036f":
        return ""
    if char in _TYPOGRAPHY:
        return _TYPOGRAPHY[char]
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed[:1].isascii() and decomposed[:1].isalpha():
        # Accented Latin letters lose their accents: "précédentes" reads "precedentes".
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = unicodedata.normalize("NFKC", char).casefold()
    if "\u2000" <= char <= "\u2bff" and not folded.isascii():
        return " "  # other punctuation and symbols: keeps English text in one-byte strings
    return folded.translate(_CONFUSABLE) if latin_context else folded


def _latin_context(text: str, start: int, end: int) -> bool:
    """Is a non-ASCII run part of a Latin word (look-alike letters among Latin ones)?"""
    letters = [c for c in text[start:end] if c.isalpha()]
    if letters and all(c.casefold() in _CONFUSABLE_CHARS for c in letters):
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


@dataclass(frozen=True)
class _View:
    """The normalised text, with a map from its offsets back to the original's."""

    text: str
    seg_norm: tuple[int, ...]  # where each segment starts in the normalised text
    seg_orig: tuple[int, ...]  # where it starts in the original text
    seg_identity: tuple[bool, ...]  # True: characters map one to one
    seg_orig_len: tuple[int, ...]
    invisible_at: tuple[int, ...]  # original offsets of invisible characters
    non_latin: bool  # holds letters of scripts other than Latin

    def start(self, i: int) -> int:
        """Original offset of normalised offset `i` (a span start)."""
        k = bisect.bisect_right(self.seg_norm, i) - 1
        return self.seg_orig[k] + (i - self.seg_norm[k] if self.seg_identity[k] else 0)

    def end(self, j: int) -> int:
        """Original offset of normalised offset `j` (an exclusive span end)."""
        k = bisect.bisect_right(self.seg_norm, j - 1) - 1
        if self.seg_identity[k]:
            return self.seg_orig[k] + (j - self.seg_norm[k])
        return self.seg_orig[k] + self.seg_orig_len[k]


def _normalise(text: str) -> _View:
    if text.isascii():
        return _View(text.lower(), (0,), (0,), (True,), (len(text),), (), False)
    parts: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_identity: list[bool] = []
    seg_orig_len: list[int] = []
    n = 0  # length of the normalised text so far
    invisible_at: list[int] = []
    non_latin = False

    def add(piece: str, orig: int, orig_len: int) -> None:
        nonlocal n
        identity = len(piece) == orig_len
        last = len(seg_norm) - 1
        if (
            identity and last >= 0 and seg_identity[last]
            and seg_orig[last] + seg_orig_len[last] == orig
            and seg_norm[last] + seg_orig_len[last] == n
        ):  # fmt: skip
            seg_orig_len[last] += orig_len
        else:
            seg_norm.append(n)
            seg_orig.append(orig)
            seg_identity.append(identity)
            seg_orig_len.append(orig_len)
        parts.append(piece)
        n += len(piece)

    pos = 0
    for match in _NON_ASCII_RUN.finditer(text):
        a, b = match.span()
        if a > pos:
            add(text[pos:a].lower(), pos, a - pos)
        latin = _latin_context(text, a, b)
        non_latin = non_latin or (not latin and max(text[a:b]) >= "\u0370")
        for i in range(a, b):
            piece = _fold(text[i], latin)
            if not piece and _INVISIBLE.match(text[i]):
                invisible_at.append(i)
            add(piece, i, 1)
        pos = b
    if pos < len(text):
        add(text[pos:].lower(), pos, len(text) - pos)
    return _View(
        "".join(parts), tuple(seg_norm), tuple(seg_orig), tuple(seg_identity),
        tuple(seg_orig_len), tuple(invisible_at), non_latin,
    )  # fmt: skip


_WORDS_ONLY = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


@dataclass(frozen=True)
class _Collapsed:
    """A text's words (ASCII letters and digits), one space apart, for finding word triggers.

    `words` has a space at both ends. `starts` gives where each chunk of the text starts in
    `words` and `source` where it starts in the text (both have one extra entry at the end).
    """

    words: str
    vocabulary: frozenset[str]
    starts: tuple[int, ...]
    source: tuple[int, ...]
    long_tokens: tuple[int, ...]  # chunks holding a token of 24+ characters (base64?)

    def window(self, at: int, size: int) -> tuple[int, int]:
        """The stretch of the source around a phrase found at `at` in `words`."""
        last = len(self.source) - 2
        first = min(max(bisect.bisect_right(self.starts, at) - 1, 0), last)
        end = min(max(bisect.bisect_right(self.starts, at + size) - 1, first), last)
        return max(0, self.source[first] - 320), min(self.source[-1], self.source[end + 1] + 320)


def _collapse(text: str, chunk: int = 4096) -> _Collapsed:
    parts: list[str] = []
    starts, source, long_tokens = [1], [0], []
    pos, size = 0, len(text)
    while pos < size:
        cut = size if pos + chunk >= size else _next_space(text, pos + chunk)
        piece = text[pos:cut]
        if max(map(len, piece.split()), default=0) >= 24:
            long_tokens.append(len(parts))
        plain = piece.encode("ascii", "replace").decode("ascii").translate(_WORDS_ONLY)
        parts.append(" ".join(plain.split()))
        starts.append(starts[-1] + len(parts[-1]) + 1)
        pos = cut
        source.append(pos)
    words = " " + " ".join(parts) + " "
    return _Collapsed(words, frozenset(words.split()), tuple(starts), tuple(source),
                      tuple(long_tokens))  # fmt: skip


def _next_space(text: str, at: int) -> int:
    found = _WHITESPACE.search(text, at)
    return found.start() if found else len(text)


# -- scanning -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    reason: str
    text: str | None = None  # set when the flag's text is not the original span (decoded)


def _merge_windows(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _contract_language(before: str) -> bool:
    """Does the text before a verb make it the contract's own statement, not an order?"""
    return bool(_MODAL_BEFORE.search(before)) and not _ADDRESSED_BEFORE.search(before)


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _scan(
    text: str, collapsed: _Collapsed | None = None, non_latin: bool | None = None
) -> list[tuple[int, int, str]]:
    """Rule matches on normalised text, as (start, end, reason), each rule near its triggers."""
    collapsed = collapsed or _collapse(text)
    if non_latin is None:
        non_latin = max(text, default=" ") >= "\u0370"
    windows: dict[tuple[str, ...] | str, list[tuple[int, int]]] = {}
    found: dict[tuple[int, int, str], None] = {}
    for rule in _RULES:
        spans: list[tuple[int, int]] = []
        for phrase in rule.phrases:
            if phrase not in windows:
                hits = []
                if all(word in collapsed.vocabulary for word in phrase):
                    needle = f" {' '.join(phrase)} "
                    found_at = _find_all(collapsed.words, needle)
                    hits = [collapsed.window(at, len(needle)) for at in found_at]
                windows[phrase] = hits
            spans += windows[phrase]
        for string in rule.strings:
            if string not in windows:
                hits = []
                if string.isascii() or non_latin:
                    found_at = _find_all(text, string)
                    hits = [(max(0, at - 320), at + len(string) + 320) for at in found_at]
                windows[string] = hits
            spans += windows[string]
        for a, b in _merge_windows(spans):
            for match in rule.pattern.finditer(text, a, b):
                span = match.span("hit") if "hit" in rule.pattern.groupindex else match.span()
                if span[0] == -1 or span[1] <= span[0]:
                    continue
                before = text[max(0, span[0] - 40) : span[0]]
                if rule.imperative and not _ORDER_START.search(before):
                    continue
                if rule.not_after_modal and _contract_language(before):
                    continue
                found[(span[0], span[1], rule.reason)] = None
    return list(found)


def _leet_suspected(collapsed: _Collapsed) -> bool:
    """Do digits stand for letters in words that matter ("1gn0re pr3v10us 1nstruct10ns")?"""
    leet = collapsed.words.translate(_LEET)
    return any(leet.count(w) > collapsed.words.count(w) for w in _LEET_SENTINELS)


def _has_lookalikes(text: str) -> bool:
    """Latin words with Cyrillic, Greek or Armenian look-alike letters mixed in."""
    mixed = any(c.casefold() in _CONFUSABLE_CHARS for c in text)
    return mixed and any(c.isascii() and c.isalpha() for c in text)


def _pattern_hits(doc_text: str, view: _View, collapsed: _Collapsed) -> list[_Hit]:
    matches = [(a, b, r, "") for a, b, r in _scan(view.text, collapsed, view.non_latin)]
    if _leet_suspected(collapsed):
        words = collapsed.words.translate(_LEET)
        leet = _Collapsed(words, frozenset(words.split()), collapsed.starts, collapsed.source, ())
        plain = {(a, b) for a, b, _, _ in matches}
        for a, b, reason in _scan(view.text.translate(_LEET), leet, view.non_latin):
            if (a, b) not in plain and re.search(
                r"[a-z][013457@$]|[013457@$][a-z]", view.text[a:b]
            ):
                matches.append((a, b, reason, "; digits written for letters"))
    hits = []
    for a, b, reason, note in matches:
        start, end = view.start(a), view.end(b)
        original = doc_text[start:end]
        if view.invisible_at and _INVISIBLE.search(original):
            note += "; hidden with zero-width characters"
        if not original.isascii() and _has_lookalikes(original):
            note += "; disguised with look-alike letters"
        hits.append(_Hit(start, end, reason + note))
    return hits


def _decoded_tags(run: str) -> str:
    return "".join(chr(ord(c) - 0xE0000) for c in run if 0x20 <= ord(c) - 0xE0000 < 0x7F)


def _what_it_says(decoded: str) -> str:
    """The rules a decoded payload matches, for the reason line ("" when none)."""
    reasons = sorted({reason for _, _, reason in _scan(_normalise(decoded).text)})
    return f" ({'; '.join(reasons)})" if reasons else ""


def _runs(offsets: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive offsets grouped into (start, end) runs."""
    runs: list[tuple[int, int]] = []
    for at in offsets:
        if runs and runs[-1][1] == at:
            runs[-1] = (runs[-1][0], at + 1)
        else:
            runs.append((at, at + 1))
    return runs


def _split_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The word around invisible characters at start..end, if they sit between letters."""
    if not (start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()):
        return None
    left, right = start - 1, end
    while left > 0 and start - left < 40 and text[left - 1].isalpha():
        left -= 1
    while (
        right < len(text)
        and right - end < 60
        and (text[right].isalpha() or _INVISIBLE.match(text[right]))
    ):
        right += 1
    return left, right


def _smuggling_hits(text: str, invisible_at: Sequence[int]) -> list[_Hit]:
    """Unicode tags, invisible-character runs, zero-width-split words and bidi overrides."""
    hits = []
    word_end = -1
    for start, end in _runs(invisible_at):
        for match in _TAG_RUN.finditer(text, start, end):
            if match.start() and text[match.start() - 1] == "\U0001f3f4":
                continue  # a subdivision flag emoji (England, Scotland, Wales) uses tag characters
            decoded = _decoded_tags(match.group())
            reason = f"Unicode tag characters hide the text '{decoded}'{_what_it_says(decoded)}"
            hits.append(_Hit(match.start(), match.end(), reason, decoded))
        run = text[start:end]
        if _TAG_RUN.fullmatch(run) or set(run) == {"\u00ad"}:
            continue  # tags are reported above; soft hyphens are hyphenation hints
        if end - start >= 3:
            reason = f"run of {end - start} invisible characters (zero-width or bidi controls)"
            hits.append(_Hit(start, end, reason))
        word = _split_word(text, start, end) if start >= word_end else None
        if word is not None:
            word_end = word[1]
            letters = _INVISIBLE.sub("", text[word[0] : word[1]]).lower()
            if letters in _SENSITIVE_WORDS or len(_INVISIBLE.split(text[word[0] : word[1]])) >= 3:
                reason = f"zero-width characters split the word '{letters}'"
                hits.append(_Hit(word[0], word[1], reason))
        for at in range(start, end):
            if text[at] in "\u202d\u202e":
                bidi = _BIDI_OVERRIDE.match(text, at)
                if bidi is not None:
                    shown = bidi.group(1)[::-1]
                    reason = f"bidi override reverses the displayed text to '{shown[:80]}'"
                    hits.append(_Hit(at, bidi.end(), reason + _what_it_says(shown)))
    return hits


def _base64_hits(text: str, start: int, end: int) -> list[_Hit]:
    hits = []
    for match in _BASE64.finditer(text, start, end):
        blob = match.group()
        if not _BASE64_MIXED.search(blob):
            continue  # one long word or a rule of underscores, not an encoding
        try:
            alt = b"-_" if "-" in blob or "_" in blob else None
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), altchars=alt, validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        printable = sum(c.isprintable() or c.isspace() for c in decoded)
        if len(decoded) < 12 or printable < 0.95 * len(decoded):
            continue
        if not _INSTRUCTION_WORDS.search(_normalise(decoded).text):
            continue
        shown = decoded if len(decoded) <= 200 else decoded[:197] + "..."
        reason = f"base64 text decodes to '{shown}'{_what_it_says(decoded)}"
        hits.append(_Hit(match.start(), match.end(), reason))
    return hits


def _merge(hits: list[_Hit]) -> list[_Hit]:
    """Overlapping pattern hits become one flag that lists every reason."""
    merged: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        last = merged[-1] if merged else None
        if last and hit.text is None and last.text is None and hit.start < last.end:
            reasons = last.reason if hit.reason in last.reason else f"{last.reason}; {hit.reason}"
            merged[-1] = _Hit(last.start, max(last.end, hit.end), reasons)
        else:
            merged.append(hit)
    return merged


def _clause_at(clauses: Sequence[Clause], offset: int) -> str | None:
    """The innermost clause holding `offset`."""
    best: Clause | None = None
    for clause in clauses:
        if clause.start <= offset < clause.end and (best is None or clause.start >= best.start):
            best = clause
    return best.id if best else None


def find_flags(doc: Document, clauses: Sequence[Clause]) -> list[Flag]:
    """Hidden text and text aimed at automated tools, with the clause and page it stands in."""
    text = doc.text
    flags = [
        Flag("hidden_text", span.reason, span.start, span.end, span.page,
             text[span.start : span.end], _clause_at(clauses, span.start))
        for span in doc.hidden
    ]  # fmt: skip
    view = _normalise(text)
    collapsed = _collapse(view.text)
    hits = _pattern_hits(text, view, collapsed)
    if view.invisible_at:
        hits += _smuggling_hits(text, view.invisible_at)
    for k in collapsed.long_tokens:
        a, b = collapsed.source[k], collapsed.source[k + 1]
        hits += _base64_hits(text, view.start(a), view.end(b))
    for hit in _merge(hits):
        reason = hit.reason
        hidden = next((s for s in doc.hidden if s.start < hit.end and hit.start < s.end), None)
        if hidden is not None:
            reason += f"; in hidden text ({hidden.reason})"
        shown = hit.text if hit.text is not None else text[hit.start : hit.end]
        flags.append(
            Flag("injection", reason, hit.start, hit.end, doc.page_at(hit.start), shown,
                 _clause_at(clauses, hit.start))
        )  # fmt: skip
    flags.sort(key=lambda f: (f.start, f.kind))
    return flags
