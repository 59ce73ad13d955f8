"""Rules for who carries risk: late delivery, batch failure, liability, insurance and IP.

Conventions beyond the key names:

- `batch_failure.shared_pct` is the share of a failed batch's cost borne by the **vendor**:
  "costs shared 50/50" → 50, "Client bears 30%" → 70, "Contractor bears 60%" → 60.
  `allocation` is "vendor_if_at_fault" when the vendor's obligation depends on its own fault
  ("attributable to Contractor"), "shared" for a split regardless of fault, "vendor" when the
  vendor re-makes or credits failed batches (an exception for client-supplied materials does
  not change that), "client" when the client pays for failed batches.
- `late_delivery.pct_per_week` converts daily and monthly rates (×7, ×7/30.4375).
- `liability_cap.fee_multiple` reads "2x", "two times (2x)", "twice" and "150% of the fees"
  (1.5); a cap of "the fees paid" with no multiple stays without one (not guessed as 1).
- `liability_cap.uncapped_carve_outs` lists `CARVE_OUTS` labels in order of appearance.
- A sub-cap on one kind of loss ("liability for loss of or damage to Client Materials is
  limited to £50,000") gives no `liability_cap` value: it is not the agreement's cap.
- `insurance.amount` is the largest amount stated (per occurrence or aggregate, whichever is
  larger), because that is the cover a claim can reach.
- `ip_ownership.improvements_owner` follows the rule for product-specific improvements when
  the clause has one; otherwise the rule for all improvements; otherwise the only rule there is.
"""

from __future__ import annotations

import re

from rfp_assist.analysis.term_rules import PARTY, Hit, Role, Scan, at, first
from rfp_assist.analysis.values import Quantity, convert, tidy

# ---------------------------------------------------------------------------- late delivery
_CAP_BEFORE = re.compile(
    r"(?:maximum|max\.|cap(?:ped)?|not\s+(?:to\s+)?exceed|exceed|limited\s+to|(?P<weak>up\s+to)"
    r"|no\s+more\s+than|aggregate|ceiling|in\s+total|total)\b[^%.;]{0,40}$",
    re.I,
)
_CAP_AFTER = re.compile(r"^[^%.;]{0,30}\b(?:in\s+(?:the\s+)?aggregate|cap|maximum)\b", re.I)
_RATE_AFTER = re.compile(
    r"^[^%.;]{0,60}?\b(?:per|for\s+each|each|for\s+every|every|a)\s+(?:full\s+or\s+part(?:ial)?\s+"
    r"|complete(?:d)?\s+|calendar\s+|full\s+|commenced\s+|started\s+|business\s+|working\s+)?"
    r"(?P<unit>week|day|month)\b",
    re.I,
)
_PRICE_AFTER = re.compile(
    r"^\s*of\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:price|fees?|charges|value)", re.I
)
_LATE_CUE = re.compile(r"\blate|delay|after\s+the\s+(?:confirmed|agreed|scheduled)", re.I)
_OFFER_CUE = re.compile(
    r"liquidated\s+damages|service\s+credits?|delay\s+credits?|penalt(?:y|ies)|(?:credit|discount)"
    r"\s+(?:of|equal)",
    re.I,
)
_NEGATION = re.compile(r"\b(?:no|not|without|neither|nor|never|excludes?|disclaims?)\b", re.I)
_REFUSAL = re.compile(
    r"(?:shall|will)\s+(?:not\s+be|have\s+no)\s+(?:\w+\s+){0,2}?(?:liab\w*|responsib\w*)\s+(?:for|to)"
    r"\s+(?:\w+\s+){0,4}?(?:delay|late)"
    r"|\bno\s+(?:liability|penalt\w+|liquidated\s+damages|service\s+credits?|compensation)\b"
    r"|(?:does|do|shall|will)\s+not\s+(?:offer|provide|accept|agree\s+to|pay|grant)\s+(?:any\s+)?"
    r"(?:\w+\s+){0,2}?(?:penalt|liquidated|service\s+credit|credit)"
    r"|(?:delivery|shipment)\s+dates?\s+(?:are|is|shall\s+be)\s+(?:\w+\s+)?(?:estimates?|targets?"
    r"|indicative|non-binding)",
    re.I,
)
#: A delay excused by events beyond a party's control is force majeure, not a refusal of
#: late-delivery remedies ("shall not be liable for any failure or delay caused by events beyond
#: its reasonable control").
_FORCE_MAJEURE = re.compile(
    r"beyond\s+(?:\w+\s+){0,3}?control|force\s+majeure|act\s+of\s+god", re.I
)
_EFFORTS = re.compile(r"(?:commercially\s+)?reasonable\s+(?:efforts|endeavou?rs)", re.I)
_GRACE_BEFORE = re.compile(
    r"(?P<grace>grace\s+period\s+of(?:\s+up\s+to)?)\s*$"
    r"|(?:more\s+than|later\s+than|in\s+excess\s+of|beyond|exceeds?|exceeding|over|first)\s*$",
    re.I,
)
_EXCUSED = re.compile(
    r"\bexcused\b|\btoleran(?:ce|t)\b|without\s+(?:any\s+)?(?:credit|penalty)", re.I
)
_GRACE_AFTER = re.compile(
    r"^\s*(?:grace|after|following|beyond|late|past|of\s+(?:any\s+)?delay|from\s+the)", re.I
)
_SOLE = re.compile(r"sole\s+and\s+exclusive\s+remed\w*|(?:sole|exclusive)\s+remed\w*", re.I)
_NOT_SOLE = re.compile(
    r"in\s+addition\s+to\s+(?:\w+['’]s\s+|any\s+|all\s+|the\s+|its\s+|their\s+)?(?:other\s+)?"
    r"(?:rights|remedies)|without\s+prejudice\s+to\s+(?:[\w'’]+\s+){0,4}?(?:rights?|remed(?:y|ies))"
    r"|not\s+(?:be\s+)?(?:the\s+|\w+['’]s\s+)?(?:sole|exclusive)\s+remed\w*|non-exclusive\s+remed\w*",
    re.I,
)


def late_delivery_terms(scan: Scan) -> list[Hit]:
    """offered, pct_per_week, pct_per_batch, cap_pct, grace_days, sole_remedy."""
    text, hits = scan.text, []
    for p in scan.values.percents:
        s, e = scan.sentence_at(p.start)
        after = text[p.end : e]
        rate = _RATE_AFTER.search(after)
        cap = _CAP_BEFORE.search(text[max(s, p.start - 80) : p.start])
        # "up to 2% per week" is a rate; "up to a maximum of 20%" is the cap.
        if (cap and not (cap.group("weak") and rate)) or _CAP_AFTER.search(after):
            hits.append(at("cap_pct", p.value, p))
            continue
        if rate:
            unit = rate.group("unit").lower()
            per_week = p.value * (7 if unit == "day" else 1 if unit == "week" else 7 / 30.4375)
            hits.append(at("pct_per_week", tidy(per_week), p))
        elif _PRICE_AFTER.search(after) and _LATE_CUE.search(text, s, e):
            hits.append(at("pct_per_batch", p.value, p))
    for d in scan.values.durations:
        s, e = scan.sentence_at(d.start)
        if re.search(r"terminat", text[s:e], re.I) or d.unit not in ("day", "week"):
            continue
        lead = _GRACE_BEFORE.search(text, max(s, d.start - 30), d.start)
        excused = _EXCUSED.search(text, s, e)
        if excused or (lead and (lead.group("grace") or _GRACE_AFTER.search(text[d.end : e]))):
            hits.append(at("grace_days", convert(d.value, d.unit, "day"), d))
    offered = _offered(scan, hits)
    if offered is not None:
        hits.insert(0, offered)
    sole = scan.stated(_SOLE)
    not_sole = scan.stated(_NOT_SOLE)
    if not_sole:
        hits.append(at("sole_remedy", False, not_sole))
    elif sole and not _NEGATION.search(text, max(0, sole.start() - 25), sole.start()):
        hits.append(at("sole_remedy", True, sole))
    return first(hits)


def _offered(scan: Scan, hits: list[Hit]) -> Hit | None:
    """True with a rate or an unnegated offer; False on a refusal (not a force-majeure excuse)
    or "reasonable efforts" only."""
    text = scan.text
    rates = [h for h in hits if h.key in ("pct_per_week", "pct_per_batch")]
    if rates:
        return Hit("offered", True, rates[0].start, rates[0].end)
    for m in _OFFER_CUE.finditer(text):
        s, _ = scan.sentence_at(m.start())
        if not _NEGATION.search(text, max(s, m.start() - 60), m.start()) and not scan.is_request(
            m.start()
        ):
            return at("offered", True, m)
    refusal = next(
        (
            m
            for m in _REFUSAL.finditer(text)
            if not scan.is_request(m.start())
            and not _FORCE_MAJEURE.search(scan.sentence_of(m.start()))
        ),
        None,
    )
    refusal = refusal or scan.stated(_EFFORTS)
    return at("offered", False, refusal) if refusal else None


# ---------------------------------------------------------------------------- batch failure
_REMAKE = (
    r"(?:re-?manufacture|remanufacture|replace|repeat|re-?perform|reprocess|re-?run|credit|refund)"
)
_BEARS = rf"(?:{_REMAKE}|bear|absorb|pay\s+(?:for|the)|be\s+responsible\s+for)"
_FAULTS = tuple(
    re.compile(p)
    for p in (
        r"\b(?:caused\s+by|attributable\s+(?:solely\s+)?to|due\s+(?:solely\s+)?to|result(?:s|ing|ed)?"
        r"\s+(?:solely\s+)?from|arising\s+(?:out\s+of|from)|by\s+reason\s+of|the\s+fault\s+of)\s+"
        rf"(?:\w+\s+){{0,4}}?{PARTY}(?!-)\b",
        rf"{PARTY}['’]s\s+(?:fault|negligence|breach|failure\s+to\s+comply|wil+ful)",
        rf"{PARTY}\s+(?:is|was)\s+(?:at\s+fault|responsible\s+for\s+(?:the\s+|such\s+)?failure)",
    )
)
# "irrespective of whether the failure is attributable to Contractor": fault does not matter.
_ANY_FAULT = re.compile(r"(?:irrespective|regardless)\s+of\s+whether|whether\s+or\s+not", re.I)
_CLIENT_MATERIALS = re.compile(r"-supplied|-provided|supplied\s+by|provided\s+by", re.I)
_PARTY_BEARS = re.compile(
    rf"{PARTY}\s+(?:will|shall|agrees\s+to|must)\s+(?:\w+\s+){{0,8}}?{_BEARS}\b"
)
_AT_COST_OF = re.compile(rf"\bat\s+{PARTY}['’]s\s+(?:sole\s+|own\s+)?(?:cost|expense|account)")
_FREE = re.compile(r"\bat\s+no\s+(?:additional\s+)?(?:cost|charge|expense)", re.I)
_PAYABLE_ANYWAY = re.compile(
    r"(?:payable|due|chargeable|invoiced)\s+(?:in\s+full\s+)?(?:regardless|irrespective|whether\s+or"
    r"\s+not|even\s+if)",
    re.I,
)
_NOT_LIABLE = re.compile(
    rf"{PARTY}\s+(?:shall|will)\s+(?:not\s+be|have\s+no)\s+(?:\w+\s+){{0,3}}?(?:liab|obligat|responsib)"
)
_SHARED = re.compile(
    r"\b(?:share|shared|split|borne|divided|allocated)\s+(?:\w+\s+){0,3}?(?:equally|evenly|50\s*/\s*50"
    r"|fifty-fifty)|\b(?:equally|evenly)\s+(?:shared|split|between)|each\s+party\s+(?:shall|will)"
    r"\s+bear\s+(?:fifty|50|half|one-half)|\b50\s*/\s*50\b",
    re.I,
)
_SPLIT = re.compile(rf"\b(?P<a>\d{{1,2}})\s*/\s*(?P<b>\d{{1,2}})\b[^.;]{{0,30}}?between\s+{PARTY}")
_SHARE_BEFORE = re.compile(
    rf"{PARTY}\s+(?:shall\s+|will\s+)?(?:bears?|pays?|absorbs?|(?:is|be)\s+responsible\s+for)\s+"
    r"(?:\w+\s+){0,3}?$"
)
_SHARE_AFTER = re.compile(rf"^[^.;]{{0,40}}?(?:borne|paid|absorbed)\s+by\s+{PARTY}")
_CREDIT_CUE = re.compile(r"credit|refund|reimburs|discount|waive", re.I)


def batch_failure_terms(scan: Scan) -> list[Hit]:
    """allocation, shared_pct (the vendor's share) and credit_pct for failed batches."""
    text = scan.text
    share = _vendor_share(scan)
    even = scan.stated(_SHARED)
    credits = [
        p
        for p in scan.values.percents
        if _CREDIT_CUE.search(text, max(0, p.start - 60), p.start)
        and _PRICE_AFTER.search(text[p.end :])
    ]
    hits: list[Hit] = []
    allocation = _allocation(scan, share, even, credits)
    if allocation is not None:
        hits.append(allocation)
    if share is not None:
        hits.append(share)
    elif even is not None:
        hits.append(at("shared_pct", 50, even))
    if credits:
        hits.append(at("credit_pct", credits[0].value, credits[0]))
    return hits


def _allocation(
    scan: Scan, share: Hit | None, even: re.Match[str] | None, credits: list[Quantity]
) -> Hit | None:
    """Who pays for a failed batch, by the order in the module docstring."""
    text = scan.text
    faults = [
        m
        for pattern in _FAULTS
        for m in pattern.finditer(text)
        if scan.role(m.group("p")) == "vendor"
        and not _ANY_FAULT.search(text, max(0, m.start() - 60), m.start())
        and not scan.is_request(m.start())
    ]
    if faults:
        return at("allocation", "vendor_if_at_fault", min(faults, key=lambda m: m.start()))
    if even is not None:
        return at("allocation", "shared", even)
    if share is not None:
        return Hit("allocation", "shared", share.start, share.end)
    vendor, client = _who_bears(scan)
    if (vendor or credits) and (not client or _CLIENT_MATERIALS.search(text)):
        return at("allocation", "vendor", vendor[0] if vendor else credits[0])
    if client:
        return at("allocation", "client", client[0])
    return None


def _who_bears(scan: Scan) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """Statements that the vendor, and that the client, pays for or re-makes a failed batch."""
    text = scan.text
    bears: list[tuple[Role, re.Match[str]]] = []
    for pattern in (_PARTY_BEARS, _AT_COST_OF):
        for m in pattern.finditer(text):
            role = scan.role(m.group("p"))
            if role and not scan.is_request(m.start()):
                bears.append((role, m))
    bears += [("vendor", m) for m in _FREE.finditer(text)]
    bears += [("client", m) for m in _PAYABLE_ANYWAY.finditer(text)]
    for m in _NOT_LIABLE.finditer(text):
        role = scan.role(m.group("p"))
        if role:
            bears.append(("client" if role == "vendor" else "vendor", m))
    bears.sort(key=lambda b: b[1].start())
    return [m for r, m in bears if r == "vendor"], [m for r, m in bears if r == "client"]


def _vendor_share(scan: Scan) -> Hit | None:
    """shared_pct when the clause splits the cost by party ("Client bears 30%" → 70)."""
    text = scan.text
    for m in _SPLIT.finditer(text):
        role = scan.role(m.group("p"))
        if role:
            a, b = int(m.group("a")), int(m.group("b"))
            return Hit("shared_pct", a if role == "vendor" else b, m.start(), m.end())
    for p in scan.values.percents:
        s, e = scan.sentence_at(p.start)
        who = _SHARE_BEFORE.search(text, s, p.start) or _SHARE_AFTER.search(text[p.end : e])
        role = scan.role(who.group("p")) if who else None
        if role and 0 < p.value < 100:
            value = p.value if role == "vendor" else 100 - p.value
            return Hit("shared_pct", tidy(value), p.start, p.end)
    return None


# --------------------------------------------------------------------------- liability cap
#: Carve-out labels and what they read; the order of appearance is kept.
CARVE_OUTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(p, re.I))
    for label, p in (
        ("gross_negligence", r"gross(?:ly)?\s+negligen\w*"),
        (
            "willful_misconduct",
            r"wil+ful(?:ly)?\s+(?:mis)?conduct|wil+ful\s+default|intentional\w*|deliberate\w*",
        ),
        ("fraud", r"fraud\w*"),
        ("confidentiality", r"confidential\w*"),
        ("indemnification", r"indemnif\w*|indemnit\w*"),
        ("ip_infringement", r"infring\w*|misappropriat\w*"),
        ("death_personal_injury", r"death|personal\s+injury|bodily\s+injury|injury\s+to\s+life"),
        ("data_protection", r"data\s+protection|personal\s+data|GDPR|HIPAA|privacy"),
    )
)
_CARVE_CUE = re.compile(
    r"except|exclud|shall\s+not\s+apply|does\s+not\s+apply|do\s+not\s+apply|not\s+apply|other\s+than"
    r"|exception|nothing\s+in|unlimited|uncapped|not\s+(?:be\s+)?limit"
    r"|(?:shall|will|does|do)\s+not\s+(?:\w+\s+)?(?:limit|restrict|exclude)",
    re.I,
)
_CAP_CUE = re.compile(r"liabilit|not\s+exceed|limited\s+to|\bcap\b|capped|aggregate", re.I)
_FEES_AFTER = re.compile(
    r"^\s*(?:the\s+)?(?:total\s+|aggregate\s+|amount\s+of\s+(?:the\s+)?)?(?:fees|amounts?|price"
    r"|charges|sums|compensation|consideration)",
    re.I,
)
_MONTHS_BEFORE = re.compile(
    r"(?:in|during|within|over|for)\s+the\s+(?:\w+\s+){0,2}$|(?:preceding|prior|previous|last)\s+$",
    re.I,
)
#: A cap on one kind of loss ("liability for loss of or damage to Client Materials is limited
#: to £50,000") is a sub-cap: its amount is not the agreement's liability cap.
_SUB_CAP = re.compile(
    r"liabilit(?:y|ies)\s+(?:\w+\s+){0,3}?(?:for|in\s+respect\s+of|with\s+respect\s+to)\s+"
    r"(?:any\s+|the\s+)?(?:loss\s+of|damage\s+to|destruction\s+of)\b",
    re.I,
)
_PRIOR_YEAR = re.compile(
    r"(?:preceding|prior|previous|last)\s+(?:contract\s+|calendar\s+)?year\b", re.I
)


def liability_cap_terms(scan: Scan) -> list[Hit]:
    """amount, fee_multiple, months_of_fees and uncapped_carve_outs of a limitation clause."""
    text, hits = scan.text, []
    capping = [(s, e) for s, e in scan.sentences if _CAP_CUE.search(text, s, e)]

    def capped(q: Quantity) -> bool:
        """In a sentence that limits liability, not about insurance, nor a sub-cap before it."""
        s, e = scan.sentence_at(q.start)
        return (
            (s, e) in capping and "insur" not in text[s:e] and not _SUB_CAP.search(text, s, q.start)
        )

    hits += [
        at("amount", {"amount": q.value, "currency": q.unit}, q)
        for q in scan.values.money
        if capped(q)
    ]
    for q in scan.values.multiples:
        if capped(q) and _FEES_AFTER.search(text[q.end : q.end + 60]):
            hits.append(at("fee_multiple", q.value, q))
    for p in scan.values.percents:
        if capped(p) and p.value >= 100 and _PRICE_AFTER.search(text[p.end :]):
            hits.append(at("fee_multiple", tidy(p.value / 100), p))
    for d in scan.values.durations:
        s, _ = scan.sentence_at(d.start)
        if (
            capped(d)
            and d.unit in ("month", "year")
            and _MONTHS_BEFORE.search(text, max(s, d.start - 30), d.start)
        ):
            hits.append(at("months_of_fees", convert(d.value, d.unit, "month"), d))
    prior = _PRIOR_YEAR.search(text)
    if (
        prior
        and not any(h.key == "months_of_fees" for h in hits)
        and _CAP_CUE.search(scan.sentence_of(prior.start()))
    ):
        hits.append(at("months_of_fees", 12, prior))
    hits += _carve_outs(scan)
    return first(hits)


def _carve_outs(scan: Scan) -> list[Hit]:
    text = scan.text
    found: list[tuple[int, int, str]] = []
    for s, e in scan.sentences:
        cue = _CARVE_CUE.search(text, s, e)
        if cue is None:
            continue
        for label, pattern in CARVE_OUTS:
            m = pattern.search(text, s, e)
            if m and label not in {f[2] for f in found}:
                found.append((m.start(), m.end(), label))
    if not found:
        return []
    found.sort()
    return [Hit("uncapped_carve_outs", [f[2] for f in found], found[0][0], found[-1][1])]


# ------------------------------------------------------------------------ insurance, IP
def insurance_terms(scan: Scan) -> list[Hit]:
    """amount: the largest amount of cover stated."""
    money = scan.values.money
    if not money:
        return []
    q = max(money, key=lambda q: q.value)
    return [at("amount", {"amount": q.value, "currency": q.unit}, q)]


_IMPROVEMENT = re.compile(
    r"improvement|enhancement|modification|derivative|invention|development|foreground|know-how",
    re.I,
)
_JOINT = re.compile(
    r"jointly\s+owned|joint(?:ly)?\s+own|owned\s+jointly|co-?owned|joint\s+ownership", re.I
)
_OWNED_BY = re.compile(
    rf"(?:owned\s+(?:solely\s+|exclusively\s+)?by|vest(?:s|ed)?\s+(?:solely\s+|exclusively\s+)?in"
    rf"|(?:sole\s+and\s+exclusive\s+|exclusive\s+|sole\s+)?property\s+of|belong(?:s)?\s+(?:solely\s+)?to"
    rf"|assign(?:s|ed)?\s+(?:(?!by\b)\w+\s+){{0,8}}?to)\s+{PARTY}"
)
_OWNS = re.compile(
    rf"{PARTY}\s+(?:shall\s+|will\s+)?(?:solely\s+|exclusively\s+)?(?:own|owns|retains?|is\s+the"
    rf"\s+(?:sole\s+)?owner|remains?\s+the\s+owner|ownership\s+of)\b"
)
_CONTRAST = re.compile(r";|\b(?:while|whereas|but)\b", re.I)
_PRODUCT_SCOPE = re.compile(
    r"specific(?:ally)?\s+to|relat\w*\s+(?:solely\s+|specifically\s+|exclusively\s+)?to\s+(?:the\s+)?"
    r"(?:Product|Client|Sponsor|Customer|Company)|product[\s-]specific|derived\s+from|Client\s+"
    r"(?:Process|Materials|IP|Technology)|Product\s+Improvements?|to\s+the\s+Product",
    re.I,
)
_GENERAL_SCOPE = re.compile(
    r"general\s+application|generally\s+applicable|platform|general\s+(?:manufacturing|know-how)"
    r"|not\s+specific|Background",
    re.I,
)


def ip_ownership_terms(scan: Scan) -> list[Hit]:
    """improvements_owner: who owns improvements, by the rules in the module docstring."""
    text = scan.text
    rules: dict[str, Hit] = {}
    for s, e in scan.sentences:
        if not _IMPROVEMENT.search(text, s, e) or scan.is_request(s):
            continue
        found = sorted(
            (m for pattern in (_JOINT, _OWNED_BY, _OWNS) for m in pattern.finditer(text, s, e)),
            key=lambda m: m.start(),
        )
        for k, m in enumerate(found):
            owner = "shared" if m.re is _JOINT else scan.role(m.group("p"))
            # "X owns <what>" names its object after it; "<what> is owned by X" before it; a
            # "while" or ";" ends one statement's object and starts the next one's.
            if m.re is _OWNS:
                hi = found[k + 1].start() if k + 1 < len(found) else e
                stop = _CONTRAST.search(text, m.end(), hi)
                lo, hi = m.start(), stop.start() if stop else hi
            else:
                lo = found[k - 1].end() if k else s
                lo = max([c.end() for c in _CONTRAST.finditer(text, lo, m.start())], default=lo)
                hi = m.end()
            scope = (
                "product"
                if _PRODUCT_SCOPE.search(text, lo, hi)
                else "general"
                if _GENERAL_SCOPE.search(text, lo, hi)
                else "all"
            )
            if owner is not None and scope not in rules:
                rules[scope] = at("improvements_owner", owner, m)
    return next(([rules[k]] for k in ("product", "all", "general") if k in rules), [])
