"""Playbook: schema errors named to the spot, each op, each risk level, money, missing values."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from rfp_assist.analysis.playbook import (
    Playbook,
    assess,
    assess_clause,
    load_playbook,
    load_taxonomy,
    parse_playbook,
)
from rfp_assist.errors import PlaybookError, RfpAssistError
from tests.conftest import CORPORA

PLAYBOOK = """\
name: Northwind CDMO playbook
version: 1
topics:
  late_delivery:
    preferred:
      label: "Credits of at least 1.5% per week, capped at 15% or more"
      when:
        - {term: pct_per_week, op: ">=", value: 1.5}
        - {term: cap_pct, op: ">=", value: 15}
    fallbacks:
      - label: "Credits of at least 1% per week, cap at least 10%"
        when: [{term: pct_per_week, op: ">=", value: 1}, {term: cap_pct, op: ">=", value: 10}]
    unacceptable:
      - label: "No late-delivery remedy"
        when: [{term: offered, op: "==", value: false}]
      - label: "Reasonable efforts only"
        when: [{phrase_any: ["reasonable efforts", "commercially reasonable efforts"]}, {term: pct_per_week, op: absent}]
  liability_cap:
    preferred:
      label: "Cap of at least USD 5 million"
      when: [{term: amount, op: ">=", value: {amount: 5000000, currency: USD}}]
    unacceptable:
      - label: "Cap below USD 1 million"
        when: [{term: amount, op: "<", value: {amount: 1000000, currency: USD}}]
  payment_terms:
    preferred:
      label: "Net 60 or longer"
      when: [{term: net_days, op: ">=", value: 60}]
    fallbacks:
      - label: "Net 45"
        when: [{term: net_days, op: ">=", value: 45}]
    unacceptable:
      - label: "Shorter than net 30"
        when: [{term: net_days, op: "<", value: 30}]
  subcontracting:
    preferred:
      label: "Prior written consent for subcontractors"
      when: [{phrase_any: ["prior written consent"]}, {phrase_none: ["without consent"]}]
"""

TERMS_FULL = {"offered": True, "pct_per_week": 1.5, "cap_pct": 15}


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return parse_playbook(PLAYBOOK, "playbook.yaml")


def one_condition(condition: str, topic: str = "late_delivery") -> Playbook:
    """A playbook whose only position is a preferred one with a single condition."""
    text = f"name: t\nversion: 1\ntopics:\n  {topic}:\n    preferred:\n      label: P\n      when: [{condition}]\n"
    return parse_playbook(text, "t.yaml")


# -- each op: met -> low, failed -> medium (short of preferred), open -> unknown -------------------
@pytest.mark.parametrize(
    ("condition", "terms", "risk"),
    [
        ('{term: cap_pct, op: ">=", value: 15}', {"cap_pct": 15}, "low"),
        ('{term: cap_pct, op: ">=", value: 15}', {"cap_pct": 14.9}, "medium"),
        ('{term: cap_pct, op: ">", value: 15}', {"cap_pct": 15}, "medium"),
        ('{term: cap_pct, op: ">", value: 15}', {"cap_pct": 20}, "low"),
        ('{term: grace_days, op: "<=", value: 7}', {"grace_days": 7}, "low"),
        ('{term: grace_days, op: "<=", value: 7}', {"grace_days": 8}, "medium"),
        ('{term: grace_days, op: "<", value: 7}', {"grace_days": 7}, "medium"),
        ('{term: grace_days, op: "<", value: 7}', {"grace_days": 3}, "low"),
        ('{term: cap_pct, op: "==", value: 15}', {"cap_pct": 15.0}, "low"),
        ('{term: cap_pct, op: "==", value: 15}', {"cap_pct": 10}, "medium"),
        ('{term: cap_pct, op: "!=", value: 0}', {"cap_pct": 10}, "low"),
        ('{term: cap_pct, op: "!=", value: 0}', {"cap_pct": 0}, "medium"),
        ("{term: cap_pct, op: in, value: [10, 15, 20]}", {"cap_pct": 15}, "low"),
        ("{term: cap_pct, op: in, value: [10, 15, 20]}", {"cap_pct": 12}, "medium"),
        ("{term: cap_pct, op: present}", {"cap_pct": 12}, "low"),
        ("{term: cap_pct, op: present}", {}, "medium"),
        ("{term: sole_remedy, op: absent}", {}, "low"),
        ("{term: sole_remedy, op: absent}", {"sole_remedy": True}, "medium"),
        ("{term: sole_remedy, op: absent}", {"sole_remedy": None}, "low"),  # null = not stated
        ('{term: sole_remedy, op: "==", value: false}', {"sole_remedy": False}, "low"),
        ('{term: sole_remedy, op: "==", value: false}', {"sole_remedy": True}, "medium"),
        ('{term: sole_remedy, op: "!=", value: true}', {"sole_remedy": False}, "low"),
        # every comparison on a missing term is open: unknown, never low
        ('{term: cap_pct, op: ">=", value: 15}', {}, "unknown"),
        ('{term: cap_pct, op: "<", value: 15}', {"cap_pct": None}, "unknown"),
        ('{term: sole_remedy, op: "==", value: false}', {}, "unknown"),
        ("{term: cap_pct, op: in, value: [10, 15]}", {}, "unknown"),
        # a value of the wrong type in the terms is not evaluable either
        ('{term: cap_pct, op: ">=", value: 15}', {"cap_pct": "fifteen"}, "unknown"),
    ],
)
def test_each_op(condition: str, terms: dict[str, object], risk: str) -> None:
    assert assess(one_condition(condition), "late_delivery", terms, "").risk == risk


@pytest.mark.parametrize(
    ("topic", "condition", "terms", "risk"),
    [
        (
            "ip_ownership",
            '{term: improvements_owner, op: "==", value: client}',
            {"improvements_owner": "Client"},
            "low",
        ),
        (
            "ip_ownership",
            "{term: improvements_owner, op: in, value: [client, shared]}",
            {"improvements_owner": "vendor"},
            "medium",
        ),
        (
            "modality_experience",
            "{term: serotypes, op: in, value: [AAV9]}",
            {"serotypes": ["AAV2", "aav9"]},
            "low",
        ),
        (
            "modality_experience",
            "{term: serotypes, op: in, value: [AAV9]}",
            {"serotypes": ["AAV2"]},
            "medium",
        ),
        (
            "modality_experience",
            '{term: serotypes, op: ">=", value: 3}',
            {"serotypes": ["AAV2", "AAV8", "AAV9"]},
            "low",
        ),
        (
            "modality_experience",
            '{term: serotypes, op: ">=", value: 3}',
            {"serotypes": ["AAV2"]},
            "medium",
        ),
        ("minimum_commitment", '{term: period, op: "==", value: year}', {"period": "Year"}, "low"),
        (
            "cancellation",
            "{term: schedule, op: present}",
            {"schedule": [{"min_days": 0, "max_days": 30, "fee_pct": 100}]},
            "low",
        ),
    ],
)
def test_choice_text_and_list_terms(
    topic: str, condition: str, terms: dict[str, object], risk: str
) -> None:
    assert assess(one_condition(condition, topic), topic, terms, "").risk == risk


@pytest.mark.parametrize(
    ("actual", "risk", "reason"),
    [
        (
            {"amount": 5_000_000, "currency": "USD"},
            "low",
            "liability cap USD 5,000,000 ≥ USD 5,000,000 (preferred)",
        ),
        (
            {"amount": 2_500_000, "currency": "usd"},
            "medium",
            "liability cap USD 2,500,000 < playbook minimum USD 5,000,000 (preferred)",
        ),
        (
            {"amount": 500_000, "currency": "USD"},
            "high",
            "liability cap USD 500,000 < USD 1,000,000 (unacceptable)",
        ),
        (
            {"amount": 9_000_000, "currency": "EUR"},
            "unknown",
            "liability cap EUR 9,000,000 not comparable with playbook USD 5,000,000 (preferred): other currency",
        ),
        (1_000_000, "unknown", "liability cap 1,000,000 cannot be compared as money (preferred)"),
    ],
)
def test_money_compares_amounts_only_in_the_same_currency(
    playbook: Playbook, actual: object, risk: str, reason: str
) -> None:
    result = assess(playbook, "liability_cap", {"amount": actual}, "")
    assert result.risk == risk
    assert reason in result.reasons


def test_preferred_is_low_with_reasons_carrying_the_numbers(playbook: Playbook) -> None:
    result = assess(playbook, "late_delivery", TERMS_FULL, "")
    assert result.risk == "low"
    assert result.position == "preferred"
    assert result.reasons == (
        "matches preferred: Credits of at least 1.5% per week, capped at 15% or more",
        "credit per week 1.5% ≥ 1.5% (preferred)",
        "cap 15% ≥ 15% (preferred)",
    )


def test_fallback_is_medium_and_says_why_not_preferred(playbook: Playbook) -> None:
    result = assess(
        playbook, "late_delivery", {"offered": True, "pct_per_week": 1.5, "cap_pct": 10}, ""
    )
    assert result.risk == "medium"
    assert result.position == "fallback"
    assert (
        result.reasons[0] == "matches fallback: Credits of at least 1% per week, cap at least 10%"
    )
    assert "cap 10% < playbook minimum 15% (preferred)" in result.reasons


@pytest.mark.parametrize(
    ("terms", "text", "position", "first_reason"),
    [
        (
            {"offered": False},
            "",
            "unacceptable 1",
            "matches unacceptable 1: No late-delivery remedy",
        ),
        (
            {},
            "The Vendor shall use Commercially\n Reasonable  Efforts to meet the Delivery Date.",
            "unacceptable 2",
            "matches unacceptable 2: Reasonable efforts only",
        ),
        # an unacceptable position wins over a met preferred one
        (
            {**TERMS_FULL, "offered": False},
            "",
            "unacceptable 1",
            "matches unacceptable 1: No late-delivery remedy",
        ),
    ],
)
def test_unacceptable_is_high(
    playbook: Playbook, terms: dict[str, object], text: str, position: str, first_reason: str
) -> None:
    result = assess(playbook, "late_delivery", terms, text)
    assert (result.risk, result.position, result.reasons[0]) == ("high", position, first_reason)


def test_phrase_reason_quotes_the_phrase(playbook: Playbook) -> None:
    text = "Vendor will use commercially reasonable efforts."
    assert (
        "text says 'reasonable efforts' (unacceptable 2)"
        in assess(playbook, "late_delivery", {}, text).reasons
    )


def test_stated_terms_between_positions_are_medium(playbook: Playbook) -> None:
    result = assess(
        playbook, "late_delivery", {"offered": True, "pct_per_week": 0.5, "cap_pct": 5}, ""
    )
    assert result.risk == "medium"
    assert result.position is None
    assert result.reasons[0] == "between playbook positions: review"
    assert "cap 5% < playbook minimum 10% (fallback)" in result.reasons


def test_missing_values_are_unknown_and_named(playbook: Playbook) -> None:
    result = assess(playbook, "late_delivery", {"offered": True, "pct_per_week": 1.5}, "")
    assert result.risk == "unknown"
    assert "cap not stated; playbook preferred needs cap ≥ 15%" in result.reasons


def test_missing_values_never_give_low(playbook: Playbook) -> None:
    keys = list(TERMS_FULL)
    for size in range(len(keys)):
        for kept in itertools.combinations(keys, size):
            terms = {k: TERMS_FULL[k] for k in kept}
            risk = assess(playbook, "late_delivery", terms, "").risk
            if not {"pct_per_week", "cap_pct"} <= set(kept):
                assert risk != "low", terms


def test_open_unacceptable_position_is_reported_not_rated(playbook: Playbook) -> None:
    result = assess(playbook, "late_delivery", {"pct_per_week": 2, "cap_pct": 20}, "")
    assert result.risk == "low"
    assert (
        "not ruled out (unacceptable 1): No late-delivery remedy: late-delivery remedy not stated"
        in result.reasons
    )


def test_topic_without_playbook_entry_is_unknown(playbook: Playbook) -> None:
    result = assess(playbook, "warranty", {}, "Vendor warrants conformity with cGMP.")
    assert result == type(result)("unknown", ("no playbook position for warranty",), None)


@pytest.mark.parametrize(
    ("text", "risk"),
    [
        ("Vendor shall not subcontract without the prior written consent of Client.", "low"),
        (
            "Vendor may subcontract without consent. Prior written consent is needed for sites.",
            "medium",
        ),
        ("Vendor may use subcontractors.", "medium"),
    ],
)
def test_phrase_any_and_phrase_none(playbook: Playbook, text: str, risk: str) -> None:
    assert assess(playbook, "subcontracting", {}, text).risk == risk


def test_payment_terms_levels(playbook: Playbook) -> None:
    risks = [
        assess(playbook, "payment_terms", {"net_days": d}, "").risk for d in (90, 60, 45, 30, 15)
    ]
    assert risks == ["low", "low", "medium", "medium", "high"]
    reasons = assess(playbook, "payment_terms", {"net_days": 15}, "").reasons
    assert "payment term 15 days < 30 days (unacceptable)" in reasons


# -- combining topics --------------------------------------------------------------------------------
def test_clause_worst_risk_wins_and_reasons_are_prefixed(playbook: Playbook) -> None:
    result = assess_clause(
        playbook,
        ["late_delivery", "payment_terms", "warranty"],
        {"late_delivery": TERMS_FULL, "payment_terms": {"net_days": 45}},
        "",
    )
    assert result.risk == "medium"
    assert result.position == "Payment terms: fallback"
    assert "Late delivery: cap 15% ≥ 15% (preferred)" in result.reasons
    assert "Warranty: no playbook position for warranty" in result.reasons


@pytest.mark.parametrize(
    ("risks_terms", "expected"),
    [
        ({"late_delivery": {"offered": False}, "payment_terms": {"net_days": 60}}, "high"),
        ({"late_delivery": TERMS_FULL, "payment_terms": {}}, "low"),  # unknown loses to low
        ({"late_delivery": {}, "payment_terms": {}}, "unknown"),
    ],
)
def test_clause_unknown_only_when_all_unknown(
    playbook: Playbook, risks_terms: dict[str, dict[str, object]], expected: str
) -> None:
    assert assess_clause(playbook, list(risks_terms), risks_terms, "").risk == expected


def test_clause_without_topics_is_unknown(playbook: Playbook) -> None:
    assert assess_clause(playbook, [], {}, "text").risk == "unknown"


# -- malformed playbooks: one line naming the file and the exact spot -------------------------------
GOOD_HEAD = """\
name: P
version: 1
topics:
  late_delivery:
    preferred:
      label: Good
      when:
        - {term: pct_per_week, op: ">=", value: 1.5}
    fallbacks:
      - label: Acceptable
        when: [{term: pct_per_week, op: ">=", value: 1}, CONDITION]
"""
WHEN1 = "topics.late_delivery.fallbacks[0].when[1]"


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            '{term: cap, op: ">=", value: 10}',
            f"{WHEN1}: unknown term 'cap' for topic late_delivery (did you mean 'cap_pct'? expected one of: "
            "offered, pct_per_week, pct_per_batch, cap_pct, grace_days, sole_remedy) (line 11)",
        ),
        (
            '{term: cap_pct, op: "=>", value: 10}',
            f"{WHEN1}.op: unknown op '=>' (expected one of: <, <=, >, >=, ==, !=, in, present, absent) (line 11)",
        ),
        (
            '{term: cap_pct, op: ">=", value: "15%"}',
            f"{WHEN1}.value: value for cap_pct must be a number, got '15%' (line 11)",
        ),
        (
            "{term: cap_pct, op: in, value: 10}",
            f"{WHEN1}.value: op 'in' needs a non-empty list of values, got 10 (line 11)",
        ),
        (
            '{term: offered, op: "==", value: "no"}',
            f"{WHEN1}.value: value for offered must be true or false, got 'no' (line 11)",
        ),
        (
            '{term: offered, op: ">", value: true}',
            f"{WHEN1}.op: op '>' does not apply to offered (a yes/no term); use one of: ==, !=, present, absent (line 11)",
        ),
        ('{term: cap_pct, op: ">="}', f"{WHEN1}: op '>=' needs a value (line 11)"),
        ("{term: cap_pct, op: absent, value: 3}", f"{WHEN1}: op 'absent' takes no value (line 11)"),
        (
            "{term: cap_pct}",
            f"{WHEN1}: term 'cap_pct' needs an op (one of: <, <=, >, >=, ==, !=, in, present, absent) (line 11)",
        ),
        ("{phrase_any: []}", f"{WHEN1}: phrase_any needs a list of non-empty phrases (line 11)"),
        (
            "{phrase_none: [late], op: present}",
            f"{WHEN1}: 'op' goes with 'term', not with phrase_none (line 11)",
        ),
        (
            "{phrase_any: [late], term: cap_pct}",
            f"{WHEN1}: a condition has exactly one of term, phrase_any, phrase_none (got term and phrase_any) (line 11)",
        ),
        (
            '{term: cap_pct, op: ">=", value: 10, unit: pct}',
            f"{WHEN1}: unknown field 'unit' (expected one of: term, op, value, phrase_any, phrase_none) (line 11)",
        ),
    ],
)
def test_malformed_condition(tmp_path: Path, condition: str, message: str) -> None:
    path = tmp_path / "playbook.yaml"
    path.write_text(GOOD_HEAD.replace("CONDITION", condition), encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    assert str(caught.value) == f"{path}: {message}"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: P\nversion: 1\ntopics:\n  late_delivry:\n    preferred: {label: x, when: [{phrase_any: [late]}]}\n",
            "topics.late_delivry: unknown topic 'late_delivry' (did you mean 'late_delivery'? expected one of: pricing,",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n    preferred:\n      label: x\n      when: []\n",
            "topics.late_delivery.preferred.when: empty: a position needs at least one condition (line 7)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n    preferred:\n      label: x\n      when:\n",
            "topics.late_delivery.preferred.when: empty: a position needs at least one condition (line 7)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery: {}\n",
            "topics.late_delivery: no positions: give preferred, fallbacks or unacceptable (line 4)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n    prefered: {label: x, when: [{phrase_any: [a]}]}\n",
            "topics.late_delivery: unknown field 'prefered' (did you mean 'preferred'? expected one of: preferred, fallbacks, unacceptable) (line 4)",
        ),
        (
            "name: P\ntopics:\n  late_delivery:\n    preferred: {label: x, when: [{phrase_any: [a]}]}\n",
            "missing field 'version'",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  warranty:\n    preferred: {label: x, when: [{term: years, op: '>=', value: 1}]}\n",
            "topics.warranty.preferred.when[0]: unknown term 'years': topic warranty has no typed terms; use phrase_any or phrase_none (line 5)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  liability_cap:\n    preferred: {label: x, when: [{term: amount, op: '>=', value: 5000000}]}\n",
            "topics.liability_cap.preferred.when[0].value: value for amount must be money like {amount: 5000000, currency: USD}, got 5000000 (line 5)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  ip_ownership:\n    preferred: {label: x, when: [{term: improvements_owner, op: in, value: [client, sponsor]}]}\n",
            "topics.ip_ownership.preferred.when[0].value: value for improvements_owner must be one of: client, vendor, shared, got 'sponsor' (line 5)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  cancellation:\n    preferred: {label: x, when: [{term: schedule, op: '<', value: 3}]}\n",
            "topics.cancellation.preferred.when[0].op: op '<' does not apply to schedule (a fee schedule); use one of: present, absent (line 5)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n    preferred: {label: 5, when: [{phrase_any: [a]}]}\n",
            "topics.late_delivery.preferred.label: expected text, got 5 (line 5)",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n    fallbacks: {label: x, when: [{phrase_any: [a]}]}\n",
            "topics.late_delivery.fallbacks: expected a list, got a mapping (line 5)",
        ),
        ("name: P\nversion: 1\nowner: Legal\ntopics: {}\n", "topics: empty: no topics (line 4)"),
        ("- just\n- a list\n", "a playbook is a mapping with name, version and topics"),
        ("", "a playbook is a mapping with name, version and topics"),
    ],
)
def test_malformed_playbook(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "playbook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n    preferred: {label: x, when: [{phrase_any: [a]}]\n",
            "line 6, column 1: invalid YAML: expected ',' or '}', but got '<stream end>'",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n  x: y: z\n",
            "line 5, column 7: invalid YAML: mapping values are not allowed here",
        ),
        (
            "name: P\n\tversion: 1\n",
            "line 2, column 1: invalid YAML: found character '\\t' that cannot start any token",
        ),
        (
            "name: P\nversion: 1\ntopics:\n  late_delivery:\n    preferred: {label: x, when: [{phrase_any: [a]}]}\n"
            "  late_delivery:\n    preferred: {label: y, when: [{phrase_any: [b]}]}\n",
            "line 6, column 3: duplicate key 'late_delivery'",
        ),
    ],
)
def test_yaml_errors_give_line_and_column(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "playbook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match="cannot read the playbook"):
        load_playbook(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"name: \xff\xfe\x00")
    with pytest.raises(PlaybookError, match="not UTF-8"):
        load_playbook(binary)


def test_playbook_error_is_a_package_error() -> None:
    error = PlaybookError("corpora/playbook.yaml", "topics.x", "unknown topic 'x'")
    assert isinstance(error, RfpAssistError)
    assert str(error) == "corpora/playbook.yaml: topics.x: unknown topic 'x'"


def test_python_tags_are_not_constructed(tmp_path: Path) -> None:
    path = tmp_path / "playbook.yaml"
    path.write_text(
        "name: !!python/object/apply:os.system ['true']\nversion: 1\n", encoding="utf-8"
    )
    with pytest.raises(PlaybookError, match="invalid YAML"):
        load_playbook(path)


# -- shipped data --------------------------------------------------------------------------------
INTERFACE_TERMS = {
    "pricing": {"batch_price", "tech_transfer_fee", "engineering_run_price"},
    "pass_through": {"markup_pct"},
    "payment_terms": {"net_days"},
    "capacity_reservation": {"pct", "refundable"},
    "minimum_commitment": {"quantity", "period", "shortfall_pct"},
    "cancellation": {"schedule"},
    "late_delivery": {
        "offered",
        "pct_per_week",
        "pct_per_batch",
        "cap_pct",
        "grace_days",
        "sole_remedy",
    },
    "batch_failure": {"allocation", "shared_pct", "credit_pct"},
    "liability_cap": {"amount", "fee_multiple", "months_of_fees", "uncapped_carve_outs"},
    "insurance": {"amount"},
    "ip_ownership": {"improvements_owner"},
    "audit_rights": {"per_years", "notice_days"},
    "termination": {"convenience_notice_days", "cure_days"},
    "timeline": {"tech_transfer_weeks", "first_batch_months"},
    "facilities": {"gmp_suites", "dedicated_suites"},
    "modality_experience": {"gmp_batches", "years", "serotypes"},
}


def test_taxonomy_has_every_topic_and_the_interface_term_keys() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy) == 37
    assert {t.group for t in taxonomy.values()} == {"commercial", "legal", "capability"}
    for topic_id, topic in taxonomy.items():
        assert set(topic.terms) == INTERFACE_TERMS.get(topic_id, set()), topic_id
        assert topic.label, topic_id
        assert len(topic.description) > 80, topic_id


def test_shipped_playbook_loads() -> None:
    playbook = load_playbook(CORPORA / "playbook.yaml")
    assert len(playbook.topics) >= 15
    for topic in playbook.topics:
        # Nothing stated is never "fine".
        assert assess(playbook, topic, {}, "").risk != "low", topic
