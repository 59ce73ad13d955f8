"""Tokens of the two views of a tracked-changes document, and how units of them are joined.

A token is text in both views ("="), only in the current (accepted) view ("+", inserted),
only in the original view ("-", deleted), or a zero-length marker (comment anchor, page
break). Joining units puts a separator in a view only where both neighbours are in it, so
either view's text comes out exactly and every difference is a recorded change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rfp_assist.model import BlockKind

Meta = tuple[str | None, str | None]  # author and date of a tracked change
Status = Literal["=", "+", "-"]


@dataclass(slots=True)
class Tok:
    """A piece of a unit: text in one or both views, or a zero-length marker."""

    text: str
    status: Status = "="
    meta: Meta | None = None
    kind: Literal["text", "label", "sep", "mark"] = "text"
    bold: bool = False
    size: int | None = None
    hidden: tuple[str, ...] = ()
    mark: tuple[str, str] | None = None  # ("comment_start" | "comment_end" | ..., id)
    old_text: str | None = None  # a label as the original view numbers it


@dataclass(slots=True)
class Unit:
    """A paragraph, table cell or table row: its tokens and which views it exists in."""

    tokens: list[Tok]
    in_new: bool
    in_old: bool
    ins_meta: Meta | None = None
    del_meta: Meta | None = None
    kind: BlockKind = "paragraph"
    level: int | None = None
    number: str | None = None
    style: str | None = None


def settle(unit: Unit) -> Unit:
    """Re-mark tokens by the unit's existence: text of a unit missing from a view is a change."""
    out: list[Tok] = []
    for tok in unit.tokens:
        if tok.kind == "mark":
            out.append(tok)
            continue
        if not unit.in_new and tok.old_text is not None:
            tok.text = tok.old_text  # a label of a paragraph only the original view has
        tok.old_text = None
        new = tok.status != "-" and unit.in_new
        old = tok.status != "+" and unit.in_old
        if not tok.text or not (new or old):
            continue
        status: Status = "=" if new and old else "+" if new else "-"
        if status != tok.status:
            tok.status, tok.meta = status, unit.ins_meta if new else unit.del_meta
        out.append(tok)
    unit.tokens = out
    return unit


def separator(sep: str, new: bool, old: bool, meta: Meta | None) -> Tok | None:
    """A separator token present in the views where both neighbours are."""
    if not (new or old):
        return None
    status: Status = "=" if new and old else "+" if new else "-"
    return Tok(sep, status, None if status == "=" else meta, kind="sep")


def _group_meta(parts: list[Unit]) -> tuple[Meta | None, Meta | None]:
    ins = next((p.ins_meta for p in parts if p.ins_meta), None)
    dele = next((p.del_meta for p in parts if p.del_meta), None)
    return ins, dele


def separators(parts: list[Unit], sep: str, *, keep_empty: bool) -> list[Tok | None]:
    """The separator after each part: between all parts (cells) or between present ones.

    A separator is in a view when the parts on both sides of it are, so joining the parts
    of either view gives that view's text exactly.
    """
    in_new = any(p.in_new for p in parts)
    in_old = any(p.in_old for p in parts)
    ins, dele = _group_meta(parts)
    out: list[Tok | None] = [None] * len(parts)
    later_new = later_old = False
    for i in range(len(parts) - 2, -1, -1):
        part, after = parts[i], parts[i + 1]
        later_new, later_old = later_new or after.in_new, later_old or after.in_old
        if keep_empty:
            new, old, changed = in_new, in_old, None
        else:
            new, old = part.in_new and later_new, part.in_old and later_old
            # The separator belongs to the neighbour that is missing from one view.
            changed = next((p for p in (part, after) if p.in_new != p.in_old), None)
        if new:
            meta = changed.ins_meta if changed and changed.ins_meta else ins
        else:
            meta = changed.del_meta if changed and changed.del_meta else dele
        out[i] = separator(sep, new, old, meta)
    return out


def join(parts: list[Unit], sep: str, *, keep_empty: bool) -> Unit:
    """Join units into one with `separators` between them."""
    tokens: list[Tok] = []
    for part, after in zip(parts, separators(parts, sep, keep_empty=keep_empty), strict=True):
        tokens.extend(part.tokens)
        if after is not None:
            tokens.append(after)
    in_new = any(p.in_new for p in parts)
    in_old = any(p.in_old for p in parts)
    return Unit(tokens, in_new, in_old, *_group_meta(parts))
