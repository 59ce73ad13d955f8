"""Parsers of values: one row per way contracts write a number, an amount, a rate or a period."""

from __future__ import annotations

import pytest

from rfp_assist.analysis.values import (
    Quantity,
    convert,
    digits_value,
    mentioned_currency,
    parse_number,
    read_values,
    words_value,
)


def only(found: tuple[Quantity, ...]) -> Quantity:
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("1,200,000", 1200000),
        ("1.200.000", 1200000),
        ("1.200.000,50", 1200000.5),
        ("1.200,50", 1200.5),
        ("1 200 000", 1200000),
        ("1\u00a0200\u00a0000", 1200000),
        ("250'000", 250000),
        ("250’000", 250000),
        ("1.5", 1.5),
        ("1,5", 1.5),
        ("1.200", 1.2),  # a single dot group is ambiguous: read as a decimal
        ("1,200.75", 1200.75),
    ],
)
def test_digits(text: str, value: float) -> None:
    assert digits_value(text) == value
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("twelve batches", 12, "twelve"),
        ("forty-five days", 45, "forty-five"),
        ("Forty Five days", 45, "Forty Five"),
        ("one hundred and twenty batches", 120, "one hundred and twenty"),
        ("one hundred sixty hours", 160, "one hundred sixty"),
        ("two thousand five hundred vials", 2500, "two thousand five hundred"),
        ("three million doses", 3000000, "three million"),
        ("one and a half years", 1.5, "one and a half"),
        ("forty-five (45) days", 45, "forty-five (45)"),
        ("thirty (30) days", 30, "thirty (30)"),
        ("THIRTY (30) DAYS", 30, "THIRTY (30)"),
        ("30 (thirty) days", 30, "30 (thirty)"),
        ("sixty (60 ) days", 60, "sixty (60 )"),
        ("the costs are split in half", 0.5, "half"),
    ],
)
def test_number_words_and_doubled_forms(text: str, value: float, span: str) -> None:
    q = read_values(text).numbers[0]
    assert (q.value, text[q.start : q.end]) == (value, span)


@pytest.mark.parametrize(
    ("run", "found"),
    [
        ("one hundred and twenty", [(120, 0, 22)]),
        ("one million two hundred thousand", [(1200000, 0, 32)]),
        ("ten thousand and five", [(10005, 0, 21)]),
        ("one two", [(1, 0, 3), (2, 4, 7)]),
        ("two and three", [(2, 0, 3), (3, 8, 13)]),
        ("nineteen ninety", [(19, 0, 8), (90, 9, 15)]),
        ("million", []),
        ("between one and two", [(1, 8, 11), (2, 16, 19)]),
    ],
)
def test_words_value(run: str, found: list[tuple[float, int, int]]) -> None:
    assert words_value(run) == found


def test_digits_win_in_the_doubled_form() -> None:
    q = only(read_values("forty (45) days").numbers)
    assert q.value == 45


def test_between_one_and_two_are_two_numbers() -> None:
    values = [q.value for q in read_values("between one and two weeks").numbers]
    assert values == [1, 2]


@pytest.mark.parametrize(
    ("text", "amount", "currency", "span"),
    [
        ("a fee of EUR 1,200,000 per batch", 1200000, "EUR", "EUR 1,200,000"),
        ("€1.2m per batch", 1200000, "EUR", "€1.2m"),
        ("USD 1.45M per GMP batch", 1450000, "USD", "USD 1.45M"),
        ("US$ 950,000 for the run", 950000, "USD", "US$ 950,000"),
        ("US$950,000", 950000, "USD", "US$950,000"),
        ("$2.3 million", 2300000, "USD", "$2.3 million"),
        ("£5m in aggregate", 5000000, "GBP", "£5m"),
        ("GBP 500k", 500000, "GBP", "GBP 500k"),
        ("CHF 250'000", 250000, "CHF", "CHF 250'000"),
        ("1,450,000 USD", 1450000, "USD", "1,450,000 USD"),
        ("1.45 million US dollars", 1450000, "USD", "1.45 million US dollars"),
        ("EUR 1.2 mn", 1200000, "EUR", "EUR 1.2 mn"),
        ("EUR1,200,000", 1200000, "EUR", "EUR1,200,000"),
        ("1.200.000 EUR", 1200000, "EUR", "1.200.000 EUR"),
        ("1 200 000 EUR", 1200000, "EUR", "1 200 000 EUR"),
        ("$780K (estimate)", 780000, "USD", "$780K"),
        ("AU$10 million per occurrence", 10000000, "AUD", "AU$10 million"),
        ("C$ 2,500,000", 2500000, "CAD", "C$ 2,500,000"),
        ("USD 0.35 million", 350000, "USD", "USD 0.35 million"),
        ("five million euros", 5000000, "EUR", "five million euros"),
        ("£250,000.50", 250000.5, "GBP", "£250,000.50"),
        ("up to EUR 2,000,000", 2000000, "EUR", "EUR 2,000,000"),
        ("EUR 1.1–1.3 million per batch", 1100000, "EUR", "EUR 1.1–1.3 million"),
        (
            "ten million US dollars (USD 10,000,000)",
            10000000,
            "USD",
            "ten million US dollars (USD 10,000,000)",
        ),
        (
            "EUR 2,000,000 (two million euros)",
            2000000,
            "EUR",
            "EUR 2,000,000 (two million euros)",
        ),
    ],
)
def test_money(text: str, amount: float, currency: str, span: str) -> None:
    q = only(read_values(text).money)
    assert (q.value, q.unit, text[q.start : q.end]) == (amount, currency, span)
    assert isinstance(q.value, int) == (amount == int(amount))


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("15%", 15, "15%"),
        ("15 %", 15, "15 %"),
        ("fifteen percent (15%)", 15, "fifteen percent (15%)"),
        ("fifteen (15%) percent of the price", 15, "fifteen (15%) percent"),
        ("15 per cent", 15, "15 per cent"),
        ("twenty-five per cent (25%)", 25, "twenty-five per cent (25%)"),
        ("1.5 percent", 1.5, "1.5 percent"),
        ("one and a half percent (1.5%)", 1.5, "one and a half percent (1.5%)"),
        ("ONE HUNDRED PERCENT (100%)", 100, "ONE HUNDRED PERCENT (100%)"),
        ("0.5%/week", 0.5, "0.5%"),
        ("1,5 % per week", 1.5, "1,5 %"),
        ("10% (ten percent)", 10, "10% (ten percent)"),
    ],
)
def test_percents(text: str, value: float, span: str) -> None:
    q = only(read_values(text).percents)
    assert (q.value, text[q.start : q.end]) == (value, span)


@pytest.mark.parametrize(
    ("text", "value", "unit", "span"),
    [
        ("net 60", 60, "day", "net 60"),
        ("Net 30 days", 30, "day", "Net 30 days"),
        ("payable net sixty (60) days", 60, "day", "net sixty (60) days"),
        ("sixty (60) days from date of invoice", 60, "day", "sixty (60) days"),
        ("within 45 days of receipt", 45, "day", "45 days"),
        ("two (2) weeks", 2, "week", "two (2) weeks"),
        ("nine (9) months", 9, "month", "nine (9) months"),
        ("one (1) year", 1, "year", "one (1) year"),
        ("thirty (30) days' prior written notice", 30, "day", "thirty (30) days'"),
        ("ten (10) business days", 10, "day", "ten (10) business days"),
        ("a nine-month requirement", 9, "month", "nine-month"),
        ("a 90-day window", 90, "day", "90-day"),
        ("24 hours", 24, "hour", "24 hours"),
        ("5 yrs", 5, "year", "5 yrs"),
    ],
)
def test_durations(text: str, value: float, unit: str, span: str) -> None:
    q = only(read_values(text).durations)
    assert (q.value, q.unit, text[q.start : q.end]) == (value, unit, span)


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("2x the fees", 2, "2x"),
        ("1.5x the annual fees", 1.5, "1.5x"),
        ("two times (2x) the fees", 2, "two times (2x)"),
        ("three (3) times the fees", 3, "three (3) times"),
        ("twice the fees paid", 2, "twice"),
        ("one and a half times the fees", 1.5, "one and a half times"),
    ],
)
def test_multiples(text: str, value: float, span: str) -> None:
    q = only(read_values(text).multiples)
    assert (q.value, text[q.start : q.end]) == (value, span)


@pytest.mark.parametrize(
    "text",
    [
        "6.2 Late Delivery",  # clause numbering
        "12. Termination",
        "7 Commercial Proposal",
        "as set out in Section 12.3",
        "under Sections 7.4 and 9.2",
        "pursuant to Clause 14(b)",
        "see Schedule 2",
        "on 1 March 2026",
        "by March 1, 2026",
        "in September 2025",
        "dated 2025-04-10",
        "signed 10/04/2025",
        "since 2016",
        "product NWG-101",
        "serotype AAV9 in HEK293 cells",
        "requirement R12",
        "compliant with 21 CFR Part 211 and ISO 9001",
    ],
)
def test_not_values(text: str) -> None:
    assert read_values(text).numbers == ()


def test_numbering_only_at_line_start() -> None:
    text = "6.2 Late Delivery\nCredits of 2.5% apply."
    assert [q.value for q in read_values(text).numbers] == [2.5]


def test_a_year_with_a_unit_is_a_quantity() -> None:
    assert [q.value for q in read_values("2000 vials per batch").numbers] == [2000]


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [
        (39, "week", "month", 9),
        (14, "week", "week", 14),
        (2, "week", "day", 14),
        (1, "year", "month", 12),
        (18, "month", "year", 1.5),
        (26, "week", "month", 6),
        (10, "week", "month", 2.3),
        (6, "month", "day", 182.6),
    ],
)
def test_convert(value: float, unit: str, to: str, expected: float) -> None:
    assert convert(value, unit, to) == expected


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("All prices are quoted in U.S. dollars (USD).", "USD"),
        ("Item | Scope | Price (EUR)", "EUR"),
        ("Prices in pounds sterling", "GBP"),
        ("Prices exclude VAT.", None),
    ],
)
def test_mentioned_currency(text: str, currency: str | None) -> None:
    assert mentioned_currency(text) == currency


def test_parse_number_rejects_more_than_a_number() -> None:
    assert parse_number("forty-five (45)") == 45
    assert parse_number("45 days") is None
    assert parse_number("days") is None
