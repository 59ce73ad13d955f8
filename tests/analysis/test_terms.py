"""Typed terms from clause text: real-looking clauses in US, UK and European drafting, proposal
prose and table rows, each with the terms it states; spans; and clauses that state nothing."""

from __future__ import annotations

import pytest

from rfp_assist.analysis.terms import extract_terms, terms_by_topic
from rfp_assist.model import TermValue


def usd(amount: int) -> dict[str, object]:
    return {"amount": amount, "currency": "USD"}


def eur(amount: int) -> dict[str, object]:
    return {"amount": amount, "currency": "EUR"}


def gbp(amount: int) -> dict[str, object]:
    return {"amount": amount, "currency": "GBP"}


def terms_of(topic: str, text: str) -> dict[str, TermValue]:
    return terms_by_topic(extract_terms(text, [topic])).get(topic, {})


CASES: list[tuple[str, str, dict[str, object]]] = [
    # ------------------------------------------------------------------ pricing
    ("pricing", "The price per GMP batch is EUR 1,200,000.", {"batch_price": eur(1200000)}),
    (
        "pricing",
        "Helix can manufacture at 500 L for USD 1.45M per GMP batch, subject to a scale-up "
        "engineering run at the price of a 200 L engineering run.",
        {"batch_price": usd(1450000)},
    ),
    (
        "pricing",
        "The GMP batch price at 200 L is EUR 1,200,000 per batch, including release testing. The "
        "engineering run is priced at EUR 690,000 and technology transfer at EUR 0.35 million.",
        {
            "batch_price": eur(1200000),
            "engineering_run_price": eur(690000),
            "tech_transfer_fee": eur(350000),
        },
    ),
    (
        "pricing",
        "We offer a technology transfer fee of $385,000, an engineering run at $620,000 and GMP "
        "batches at $1.15 million each.",
        {
            "tech_transfer_fee": usd(385000),
            "engineering_run_price": usd(620000),
            "batch_price": usd(1150000),
        },
    ),
    (
        "pricing",
        "7.1 Pricing\nAll prices are quoted in U.S. dollars (USD).\nItem | Scope | Price (USD)\n"
        "Technology transfer fee | Gap analysis, method transfer | 385,000\n"
        "Engineering run (200 L) | Non-GMP run at scale | 620,000\n"
        "GMP batch, drug substance (200 L) | Manufacture, in-process testing | 1,150,000\n"
        "Per-batch release testing | Release panel, CoA | 95,000\n",
        {
            "tech_transfer_fee": usd(385000),
            "engineering_run_price": usd(620000),
            "batch_price": usd(1150000),
        },
    ),
    (
        "pricing",
        "Fees\nItem | Price\nGMP Batch (clinical) | £1,050,000\nFill/finish | £140,000\n",
        {"batch_price": gbp(1050000)},
    ),
    (
        "pricing",
        "The Batch Price shall be EUR 1.2 mn per Batch; release testing is charged at EUR 95,000.",
        {"batch_price": eur(1200000)},
    ),
    (
        "pricing",
        "Estimated pricing: GMP batch approximately $780K; tech transfer approximately $300K.",
        {"batch_price": usd(780000), "tech_transfer_fee": usd(300000)},
    ),
    # ------------------------------------------------------------------ pass-through
    (
        "pass_through",
        "Materials specific to the Product are re-invoiced at Helix's documented cost plus a "
        "handling fee of eight percent (8%).",
        {"markup_pct": 8},
    ),
    (
        "pass_through",
        "Subcontracted tests are re-invoiced at cost plus ten percent (10%).",
        {"markup_pct": 10},
    ),
    (
        "pass_through",
        "Raw materials shall be passed through to the Client with a mark-up of 15 %.",
        {"markup_pct": 15},
    ),
    (
        "pass_through",
        "Client-specific consumables are re-invoiced at actual cost without any mark-up.",
        {"markup_pct": 0},
    ),
    # ------------------------------------------------------------------ payment terms
    ("payment_terms", "All invoices are payable net 60.", {"net_days": 60}),
    (
        "payment_terms",
        "All invoices are payable net sixty (60) days from receipt of a correct invoice.",
        {"net_days": 60},
    ),
    (
        "payment_terms",
        "Client shall pay each undisputed invoice within forty-five (45) days of the invoice date. "
        "Disputes must be notified within ten (10) days of receipt.",
        {"net_days": 45},
    ),
    (
        "payment_terms",
        "Payment is due 30 days from date of invoice. Late payments bear interest at 1% per month.",
        {"net_days": 30},
    ),
    (
        "payment_terms",
        "Helix invoices thirty percent (30%) of the batch price at batch start. Invoices are "
        "payable within fifteen (15) days of receipt.",
        {"net_days": 15},
    ),
    # ------------------------------------------------------------------ capacity reservation
    (
        "capacity_reservation",
        "To hold a manufacturing slot, Helix invoices a reservation fee of fifteen percent (15%) "
        "of the batch price. The reservation fee is credited in full against the batch invoice.",
        {"pct": 15, "refundable": True},
    ),
    (
        "capacity_reservation",
        "A non-refundable Slot Reservation Fee of fifty per cent (50%) of the Batch price is "
        "payable on signature of the Work Order.",
        {"pct": 50, "refundable": False},
    ),
    (
        "capacity_reservation",
        "We require a deposit of 20% of the batch price when the slot is confirmed.",
        {"pct": 20},
    ),
    (
        "capacity_reservation",
        "The deposit of 25% is refundable if Contractor cannot provide the slot.",
        {"pct": 25, "refundable": True},
    ),
    # ------------------------------------------------------------------ minimum commitment
    (
        "minimum_commitment",
        "The Client shall order a minimum of four (4) GMP Batches in each Contract Year. For each "
        "Batch below the minimum, the Client shall pay a shortfall fee of forty per cent (40%) of "
        "the Batch price.",
        {"quantity": 4, "period": "year", "shortfall_pct": 40},
    ),
    (
        "minimum_commitment",
        "Sponsor commits to purchase at least two batches per calendar quarter.",
        {"quantity": 2, "period": "quarter"},
    ),
    (
        "minimum_commitment",
        "Customer agrees to a take-or-pay commitment of at least 6 batches during the Term.",
        {"quantity": 6, "period": "term"},
    ),
    (
        "minimum_commitment",
        "The minimum annual commitment is three (3) batches.",
        {"quantity": 3, "period": "year"},
    ),
    # ------------------------------------------------------------------ cancellation
    (
        "cancellation",
        "Cancellation more than 180 days before the scheduled start: 0%; 90–180 days: 50%; fewer "
        "than 90 days: 100% of the Batch price.",
        {
            "schedule": [
                {"min_days": 181, "max_days": None, "fee_pct": 0},
                {"min_days": 90, "max_days": 180, "fee_pct": 50},
                {"min_days": 0, "max_days": 89, "fee_pct": 100},
            ]
        },
    ),
    (
        "cancellation",
        "Northwind may cancel a confirmed GMP batch by written notice. The fee depends on the "
        "notice given:\nNotice before scheduled start | Cancellation fee\n181 days or more | 0%\n"
        "120 to 180 days | 20%\n60 to 119 days | 50%\nFewer than 60 days | 75%\n"
        "Each batch may be rescheduled once, to a slot within six (6) months of the original date, "
        "without a fee.",
        {
            "schedule": [
                {"min_days": 181, "max_days": None, "fee_pct": 0},
                {"min_days": 120, "max_days": 180, "fee_pct": 20},
                {"min_days": 60, "max_days": 119, "fee_pct": 50},
                {"min_days": 0, "max_days": 59, "fee_pct": 75},
            ]
        },
    ),
    (
        "cancellation",
        "Cancellation less than ninety (90) days prior to the scheduled start date shall incur a "
        "fee of one hundred percent (100%) of the Batch Price.",
        {"schedule": [{"min_days": 0, "max_days": 89, "fee_pct": 100}]},
    ),
    (
        "cancellation",
        "If Sponsor cancels a Batch (i) more than one hundred eighty (180) days prior to the "
        "Scheduled Date, no fee shall be payable; (ii) between ninety (90) and one hundred eighty "
        "(180) days prior, Sponsor shall pay fifty percent (50%) of the Batch Price; and (iii) "
        "less than ninety (90) days prior, one hundred percent (100%).",
        {
            "schedule": [
                {"min_days": 181, "max_days": None, "fee_pct": 0},
                {"min_days": 90, "max_days": 180, "fee_pct": 50},
                {"min_days": 0, "max_days": 89, "fee_pct": 100},
            ]
        },
    ),
    (
        "cancellation",
        "Cancellation charges, as a percentage of the Batch price, are: more than 270 days before "
        "the Slot start date, twenty-five per cent (25%); 181 to 270 days, fifty per cent (50%); "
        "and fewer than 181 days, one hundred per cent (100%).",
        {
            "schedule": [
                {"min_days": 271, "max_days": None, "fee_pct": 25},
                {"min_days": 181, "max_days": 270, "fee_pct": 50},
                {"min_days": 0, "max_days": 180, "fee_pct": 100},
            ]
        },
    ),
    (
        "cancellation",
        "Any cancellation within 12 weeks of the scheduled start is charged at the full Batch "
        "price.",
        {"schedule": [{"min_days": 0, "max_days": 84, "fee_pct": 100}]},
    ),
    # ------------------------------------------------------------------ late delivery
    (
        "late_delivery",
        "If Helix delivers a released batch more than fourteen (14) days after the confirmed "
        "delivery date, Helix will credit two percent (2%) of the batch price for each week or "
        "part week of delay, up to a maximum of twenty percent (20%) of the batch price. Service "
        "credits are in addition to Northwind's other remedies.",
        {"offered": True, "pct_per_week": 2, "cap_pct": 20, "grace_days": 14, "sole_remedy": False},
    ),
    (
        "late_delivery",
        "After a grace period of fourteen (14) calendar days, Kestrel grants a credit of one "
        "percent (1%) of the batch price for each full week of delay, up to a maximum of ten "
        "percent (10%) of the batch price. Such credits are the Client's sole and exclusive remedy "
        "for late delivery.",
        {"offered": True, "pct_per_week": 1, "cap_pct": 10, "grace_days": 14, "sole_remedy": True},
    ),
    (
        "late_delivery",
        "Liquidated damages of one and a half percent (1.5%) of the Batch Price shall accrue per "
        "week of delay; total liquidated damages shall not exceed 15% of the Batch Price.",
        {"offered": True, "pct_per_week": 1.5, "cap_pct": 15},
    ),
    (
        "late_delivery",
        "Contractor shall pay 0.5% of the Batch Price per day of delay, capped at 10%.",
        {"offered": True, "pct_per_week": 3.5, "cap_pct": 10},
    ),
    (
        "late_delivery",
        "For any Batch delivered late, Supplier shall grant a one-time credit of ten percent (10%) "
        "of the Batch price.",
        {"offered": True, "pct_per_batch": 10},
    ),
    (
        "late_delivery",
        "Aldermoor will use reasonable endeavours to meet the delivery dates. Aldermoor shall not "
        "be liable for any delay in delivery.",
        {"offered": False},
    ),
    (
        "late_delivery",
        "Delivery dates are estimates only and Contractor will use commercially reasonable "
        "efforts to meet them.",
        {"offered": False},
    ),
    (
        "late_delivery",
        "No liquidated damages or service credits shall apply to late delivery.",
        {"offered": False},
    ),
    (  # a force-majeure excuse is not a refusal of late-delivery remedies
        "late_delivery",
        "Aldermoor shall not be liable for any failure or delay caused by events beyond its "
        "reasonable control, including shortages of raw materials.",
        {},
    ),
    (  # ... a plain refusal still is
        "late_delivery",
        "Aldermoor shall not be liable for any delay in delivery.",
        {"offered": False},
    ),
    # ------------------------------------------------------------------ batch failure
    (
        "batch_failure",
        "If a batch fails to meet its specifications, Helix will, at Northwind's election, "
        "re-manufacture the batch at no charge or credit one hundred percent (100%) of the batch "
        "price, unless the failure resulted solely from defective Northwind-supplied materials.",
        {"allocation": "vendor", "credit_pct": 100},
    ),
    (
        "batch_failure",
        "If the failure is attributable to Kestrel's breach of cGMP, Kestrel shall manufacture a "
        "replacement batch at its own cost.",
        {"allocation": "vendor_if_at_fault"},
    ),
    (
        "batch_failure",
        "If the root cause cannot be determined, the costs of the failed batch shall be shared "
        "equally (50/50) between the Parties.",
        {"allocation": "shared", "shared_pct": 50},
    ),
    (
        "batch_failure",
        "The Parties shall share equally (fifty percent (50%) each) the Batch price of a "
        "Non-Conforming Batch, irrespective of whether the non-conformity is attributable to "
        "Helix.",
        {"allocation": "shared", "shared_pct": 50},
    ),
    (
        "batch_failure",
        "The Client shall bear the cost of any Batch that fails to meet Specifications, and the "
        "Batch price remains payable regardless of the outcome.",
        {"allocation": "client"},
    ),
    (
        "batch_failure",
        "Where a batch fails, the Client bears 30% of the replacement cost and the Contractor the "
        "remainder.",
        {"allocation": "shared", "shared_pct": 70},
    ),
    (
        "batch_failure",
        "Where a Batch fails as a result of Contractor's negligence, Contractor shall refund "
        "fifty percent (50%) of the Batch Price.",
        {"allocation": "vendor_if_at_fault", "credit_pct": 50},
    ),
    (
        "batch_failure",
        "We will repeat any failed batch at our own cost.",
        {"allocation": "vendor"},
    ),
    # ------------------------------------------------------------------ liability cap
    (
        "liability_cap",
        "Each party's aggregate liability shall not exceed two times (2x) the total fees paid or "
        "payable in the twelve (12) months preceding the event giving rise to the claim. The cap "
        "does not apply to breach of confidentiality, indemnification obligations, or a party's "
        "gross negligence or wilful misconduct.",
        {
            "fee_multiple": 2,
            "months_of_fees": 12,
            "uncapped_carve_outs": [
                "confidentiality",
                "indemnification",
                "gross_negligence",
                "willful_misconduct",
            ],
        },
    ),
    (
        "liability_cap",
        "Kestrel's total liability under the MSA shall not exceed EUR 2,000,000 (two million "
        "euros) in the aggregate. This limitation does not apply to damage caused intentionally "
        "or by gross negligence, or to injury to life, body or health.",
        {
            "amount": eur(2000000),
            "uncapped_carve_outs": [
                "willful_misconduct",
                "gross_negligence",
                "death_personal_injury",
            ],
        },
    ),
    (
        "liability_cap",
        "Aldermoor's total aggregate liability shall not exceed the fees paid by the Client in the "
        "six (6) months preceding the claim. Nothing in the Agreement limits liability for death "
        "or personal injury caused by negligence or for fraud.",
        {"months_of_fees": 6, "uncapped_carve_outs": ["death_personal_injury", "fraud"]},
    ),
    (
        "liability_cap",
        "IN NO EVENT SHALL CONTRACTOR'S LIABILITY EXCEED 1.5X THE FEES PAID UNDER THE APPLICABLE "
        "WORK ORDER, EXCEPT FOR FRAUD OR INFRINGEMENT OF INTELLECTUAL PROPERTY RIGHTS.",
        {"fee_multiple": 1.5, "uncapped_carve_outs": ["fraud", "ip_infringement"]},
    ),
    (
        "liability_cap",
        "Supplier's liability is limited to one hundred fifty percent (150%) of the fees paid in "
        "the preceding year, excluding breaches of data protection obligations.",
        {"fee_multiple": 1.5, "months_of_fees": 12, "uncapped_carve_outs": ["data_protection"]},
    ),
    (
        "liability_cap",
        "Our liability is capped at the greater of $5,000,000 and the fees paid in the last "
        "twelve (12) months.",
        {"amount": usd(5000000), "months_of_fees": 12},
    ),
    (  # a sub-cap on one kind of loss is not the agreement's cap
        "liability_cap",
        "Client Materials are held at the Client's risk. Aldermoor's liability for loss of or "
        "damage to Client Materials is limited to £50,000 in aggregate.",
        {},
    ),
    (  # "any loss or damage" with no object is the general cap
        "liability_cap",
        "Supplier's liability for any loss or damage arising under this Agreement shall not "
        "exceed USD 1,000,000.",
        {"amount": usd(1000000)},
    ),
    # ------------------------------------------------------------------ insurance
    (
        "insurance",
        "Helix maintains product liability insurance with limits of not less than USD 10,000,000 "
        "per occurrence and in the aggregate.",
        {"amount": usd(10000000)},
    ),
    (
        "insurance",
        "Contractor shall maintain insurance of at least EUR 5 million per occurrence and EUR 10 "
        "million in the annual aggregate, with a deductible not exceeding EUR 100,000.",
        {"amount": eur(10000000)},
    ),
    ("insurance", "Aldermoor carries product liability cover of £5m.", {"amount": gbp(5000000)}),
    # ------------------------------------------------------------------ IP ownership
    (
        "ip_ownership",
        "Northwind owns NWG-101, its process and all improvements that are specific to NWG-101, "
        "whoever makes them. Helix retains its platform technology and improvements of general "
        "application, and grants Northwind a royalty-free licence to use them.",
        {"improvements_owner": "client"},
    ),
    (
        "ip_ownership",
        "All Improvements, whether or not specific to the Product, shall vest in the Contractor, "
        "which grants the Client a non-exclusive licence.",
        {"improvements_owner": "vendor"},
    ),
    (
        "ip_ownership",
        "Improvements made jointly by the Parties shall be jointly owned.",
        {"improvements_owner": "shared"},
    ),
    (
        "ip_ownership",
        "Contractor shall own improvements of general application, while Product-specific "
        "Improvements shall be owned by Sponsor.",
        {"improvements_owner": "client"},
    ),
    (
        "ip_ownership",
        "Any improvements to the Contractor's manufacturing platform shall be the sole property of "
        "Contractor.",
        {"improvements_owner": "vendor"},
    ),
    # ------------------------------------------------------------------ audit rights
    (
        "audit_rights",
        "Northwind may conduct one routine quality audit per year at no charge on thirty (30) "
        "days' prior written notice, and for-cause audits at any time on reasonable notice.",
        {"per_years": 1, "notice_days": 30},
    ),
    (
        "audit_rights",
        "Client may audit the Facility once every two (2) years upon 60 days' notice.",
        {"per_years": 2, "notice_days": 60},
    ),
    (
        "audit_rights",
        "The Sponsor is entitled to audit the Contractor twice per calendar year, with at least "
        "two (2) weeks' advance notice.",
        {"per_years": 0.5, "notice_days": 14},
    ),
    (
        "audit_rights",
        "Customer may perform one audit in any twelve (12) month period.",
        {"per_years": 1},
    ),
    ("audit_rights", "Quality audits may be carried out annually.", {"per_years": 1}),
    # ------------------------------------------------------------------ termination
    (
        "termination",
        "Northwind may terminate the MSA for convenience on ninety (90) days' written notice. "
        "Either party may terminate for a material breach that is not cured within sixty (60) "
        "days of notice.",
        {"convenience_notice_days": 90, "cure_days": 60},
    ),
    (
        "termination",
        "Either Party may terminate this Agreement for convenience upon one hundred eighty (180) "
        "days' notice, or for material breach not remedied within thirty (30) days.",
        {"convenience_notice_days": 180, "cure_days": 30},
    ),
    (
        "termination",
        "The Client may terminate without cause by giving not less than six (6) months' notice.",
        {"convenience_notice_days": 182.6},
    ),
    (
        "termination",
        "A party may terminate if the other commits a material breach that remains uncured "
        "forty-five (45) days after written notice.",
        {"cure_days": 45},
    ),
    # ------------------------------------------------------------------ timeline
    (
        "timeline",
        "Technology transfer will be completed within fourteen (14) weeks of the kick-off meeting.",
        {"tech_transfer_weeks": 14},
    ),
    (
        "timeline",
        "Speed: technology transfer in fourteen (14) weeks and a released first GMP batch within "
        "eight (8) months of MSA execution.",
        {"tech_transfer_weeks": 14, "first_batch_months": 8},
    ),
    (
        "timeline",
        "The first GMP batch will be released within eight (8) months of MSA execution, ahead of "
        "Northwind's nine-month requirement.",
        {"first_batch_months": 8},
    ),
    (
        "timeline",
        "We expect the first GMP batch 39 weeks after contract signature.",
        {"first_batch_months": 9},
    ),
    (
        "timeline",
        "The first clinical batch is expected within 6 months of completion of the technology "
        "transfer, which takes 20 weeks.",
        {"first_batch_months": 6, "tech_transfer_weeks": 20},
    ),
    (
        "timeline",
        "Milestone | Week from kick-off | Target date\nTechnology transfer complete | 14 | "
        "December 2025\nGMP batch 1 released | 39 | March 2026",
        {"tech_transfer_weeks": 14, "first_batch_months": 9},
    ),
    (
        "timeline",
        # A PDF table without cell separators (Helix 4.): the Week column comes first.
        "Milestone Week from kick-off Target date\nKick-off and gap analysis 0 – 3 September 2025\n"
        "Technology transfer complete 14 December 2025\nEngineering run 16 – 20 January 2026",
        {"tech_transfer_weeks": 14},
    ),
    # ------------------------------------------------------------------ facilities
    (
        "facilities",
        "Our Lexington site has six (6) GMP manufacturing suites (Grade B background), two (2) of "
        "which can be dedicated to a single client program.",
        {"gmp_suites": 6, "dedicated_suites": 2},
    ),
    (
        "facilities",
        "The Harwell campus has nine (9) GMP suites of EU Grade B/C classification; none of them "
        "is dedicated to a single client.",
        {"gmp_suites": 9, "dedicated_suites": 0},
    ),
    (
        "facilities",
        "We operate 12 cGMP cleanroom suites, including 3 dedicated suites for late-phase "
        "programs.",
        {"gmp_suites": 12, "dedicated_suites": 3},
    ),
    ("facilities", "Site | GMP suites | 4\n", {"gmp_suites": 4}),
    # ------------------------------------------------------------------ modality experience
    (
        "modality_experience",
        "Helix has released forty-one (41) GMP batches of AAV drug substance since 2016, across "
        "serotypes AAV2, AAV5, AAV8, AAV9 and AAVrh10. In total we have more than nine (9) years "
        "of GMP AAV production experience.",
        {"gmp_batches": 41, "years": 9, "serotypes": ["AAV2", "AAV5", "AAV8", "AAV9", "AAVrh10"]},
    ),
    (
        "modality_experience",
        "Since 2021 Bluestem has released seven (7) GMP batches of AAV in serotypes AAV2 and "
        "AAV8, and has four (4) years of GMP operations. Bluestem has also completed AAV9 process "
        "development for two clients.",
        {"gmp_batches": 7, "years": 4, "serotypes": ["AAV2", "AAV8"]},
    ),
    (
        "modality_experience",
        "We have manufactured over 120 GMP batches for clients working with AAV serotypes 1, 6 "
        "and 9 and with AAV-DJ.",
        {"gmp_batches": 120, "serotypes": ["AAV1", "AAV6", "AAV9", "AAV-DJ"]},
    ),
    (
        "modality_experience",
        "Our team has worked with AAV-rh.74 and AAV 5 for more than 10 years.",
        {"years": 10, "serotypes": ["AAVrh74", "AAV5"]},
    ),
    # ------------------------------------------------------------------ more drafting styles
    (
        "payment_terms",
        "Invoices shall be issued within 10 days after release and are payable within 30 days of "
        "receipt.",
        {"net_days": 30},
    ),
    (
        "late_delivery",
        "Contractor shall pay up to 2% of the Batch Price per week of delay.",
        {"offered": True, "pct_per_week": 2},
    ),
    ("late_delivery", "Contractor will not pay liquidated damages for delay.", {"offered": False}),
    (
        "late_delivery",
        "Delays of up to 10 business days are excused. Thereafter Supplier credits 1% of the "
        "batch fee per week, to a maximum of 10%.",
        {"offered": True, "pct_per_week": 1, "cap_pct": 10, "grace_days": 10},
    ),
    (
        "audit_rights",
        "Client may audit Supplier's facilities no more than once in any twelve (12) month "
        "period, on not less than thirty (30) days' notice.",
        {"per_years": 1, "notice_days": 30},
    ),
    (
        "minimum_commitment",
        "Client shall purchase a minimum of 2 batches per year during the first two years.",
        {"quantity": 2, "period": "year"},
    ),
    (
        "capacity_reservation",
        "Slot reservation requires a deposit equal to 30% of the estimated batch price, which "
        "shall be credited against the final invoice.",
        {"pct": 30, "refundable": True},
    ),
    (
        "batch_failure",
        "Contractor shall, at its option, re-manufacture the batch or refund the batch price, "
        "provided that the failure was caused by Contractor.",
        {"allocation": "vendor_if_at_fault"},
    ),
    (
        "ip_ownership",
        "All right, title and interest in Improvements shall be assigned to Client.",
        {"improvements_owner": "client"},
    ),
    (
        "ip_ownership",
        "Contractor hereby assigns to Sponsor all Improvements relating to the Product.",
        {"improvements_owner": "client"},
    ),
    (
        "ip_ownership",
        "You will own all product-specific improvements.",
        {"improvements_owner": "client"},
    ),
    (
        "pricing",
        "Batch price: EUR 1.2m per batch\nRelease testing: EUR 90k per batch",
        {"batch_price": eur(1200000)},
    ),
    (
        "pricing",
        "Pricing (EUR)\nGMP batch 1,200,000\nEngineering run 650,000",
        {"batch_price": eur(1200000), "engineering_run_price": eur(650000)},
    ),
    (
        "pricing",  # a PDF table whose wrapped cells spill into the next line
        "Item Scope Price (USD)\nTechnology transfer fee Gap analysis, method transfer and "
        "verification, batch 385,000\nrecords, 2 L confirmation run Engineering run (200 L) "
        "Non-GMP run at scale, data package 620,000 GMP batch, drug substance (200 Manufacture, "
        "in-process testing, QA release of drug 1,150,000\nL) substance\nPer-batch release "
        "testing Drug substance and drug product release panel, CoA 95,000",
        {
            "tech_transfer_fee": usd(385000),
            "engineering_run_price": usd(620000),
            "batch_price": usd(1150000),
        },
    ),
    (
        "insurance",
        "Insurance: General liability USD 2M per occurrence; product liability USD 5M aggregate.",
        {"amount": usd(5000000)},
    ),
    (
        "cancellation",
        "Cancellation: >180 days: 10%; 90-180 days: 50%; <90 days: 100%.",
        {
            "schedule": [
                {"min_days": 181, "max_days": None, "fee_pct": 10},
                {"min_days": 90, "max_days": 180, "fee_pct": 50},
                {"min_days": 0, "max_days": 89, "fee_pct": 100},
            ]
        },
    ),
    (
        "cancellation",
        "If Client cancels with at least 6 months notice, no fee applies; with less than 6 "
        "months notice, Client pays 50% of the Batch Price.",
        {
            "schedule": [
                {"min_days": 182.6, "max_days": None, "fee_pct": 0},
                {"min_days": 0, "max_days": 182.6, "fee_pct": 50},
            ]
        },
    ),
    (
        "modality_experience",
        "Since 2012 we have completed more than 200 batches, including 85 GMP lots of AAV and "
        "lentiviral vectors.",
        {"gmp_batches": 85},
    ),
    (
        "termination",
        "The Sponsor may terminate any Work Order at any time for convenience by giving sixty (60) "
        "days prior written notice to the Contractor.",
        {"convenience_notice_days": 60},
    ),
]


@pytest.mark.parametrize(("topic", "text", "expected"), CASES)
def test_terms(topic: str, text: str, expected: dict[str, object]) -> None:
    assert terms_of(topic, text) == expected


@pytest.mark.parametrize(("topic", "text", "expected"), CASES)
def test_spans_hold_what_the_value_was_read_from(
    topic: str, text: str, expected: dict[str, object]
) -> None:
    for term in extract_terms(text, [topic], offset=100):
        source = ("x" * 100 + text)[term.start : term.end]
        assert source, term
        assert source.strip() == source, term


SPANS: list[tuple[str, str, str, str]] = [
    (
        "late_delivery",
        "Contractor shall pay one and a half percent (1.5%) of the Batch Price per week of delay.",
        "pct_per_week",
        "one and a half percent (1.5%)",
    ),
    (
        "payment_terms",
        "Invoices are payable net sixty (60) days from receipt.",
        "net_days",
        "net sixty (60) days",
    ),
    ("pricing", "The GMP batch price is USD 1.45M.", "batch_price", "USD 1.45M"),
    (
        "liability_cap",
        "Liability shall not exceed two times (2x) the fees paid in the twelve (12) months "
        "preceding the claim.",
        "fee_multiple",
        "two times (2x)",
    ),
    (
        "liability_cap",
        "Liability shall not exceed two times (2x) the fees paid in the twelve (12) months "
        "preceding the claim.",
        "months_of_fees",
        "twelve (12) months",
    ),
    (
        "capacity_reservation",
        "The reservation fee of 15% is non-refundable.",
        "refundable",
        "non-refundable",
    ),
    (
        "late_delivery",
        "Such credits are the Client's sole and exclusive remedy for delay of 2% per week.",
        "sole_remedy",
        "sole and exclusive remedy",
    ),
    (
        "batch_failure",
        "If the failure is attributable to Contractor, Contractor shall re-manufacture the Batch.",
        "allocation",
        "attributable to Contractor",
    ),
    (
        "facilities",
        "The site has six (6) GMP suites.",
        "gmp_suites",
        "six (6)",
    ),
    (
        "cancellation",
        "Cancellation fees: more than 90 days before the start date: 0%; less than 90 days: 100%.",
        "schedule",
        "more than 90 days before the start date: 0%; less than 90 days: 100%",
    ),
]


@pytest.mark.parametrize(("topic", "text", "key", "source"), SPANS)
def test_exact_spans(topic: str, text: str, key: str, source: str) -> None:
    offset = 5000
    document = " " * offset + text
    found = {t.key: t for t in extract_terms(text, [topic], offset=offset)}
    term = found[key]
    assert document[term.start : term.end] == source


NOTHING: list[tuple[str, str]] = [
    ("late_delivery", "Late delivery will be discussed in good faith between the parties."),
    ("late_delivery", "6.2 Late Delivery"),
    (
        "late_delivery",
        "R7. The proposal shall offer remedies for late delivery, such as service credits "
        "expressed as a percentage of the batch price per week of delay.",
    ),
    (
        "capacity_reservation",
        "R9. The proposal shall state any slot reservation fee and whether it is refundable.",
    ),
    (
        "minimum_commitment",
        "Helix does not require a minimum annual purchase commitment or any take-or-pay "
        "arrangement.",
    ),
    ("payment_terms", "Client shall notify disputed invoices within ten (10) days of receipt."),
    ("payment_terms", "Helix invoices thirty percent (30%) of the batch price at batch start."),
    ("termination", "This Agreement commences on 1 March 2026 and continues for five (5) years."),
    ("cancellation", "Each batch may be rescheduled once, within six (6) months, without a fee."),
    ("pricing", "Batch prices include twelve (12) months of storage of retained samples."),
    ("pricing", "Prices may be adjusted once per year by at most 3%."),
    ("pricing", "Release testing is charged at USD 95,000 per batch."),
    ("insurance", "Bluestem maintains insurance customary for its industry."),
    (
        "liability_cap",
        "Bluestem's liability is limited to the amount of fees paid for the specific services "
        "giving rise to the claim.",
    ),
    ("ip_ownership", "Each party keeps its background intellectual property."),
    (
        "audit_rights",
        "Audits are governed by Section 12.3 and the Quality Agreement dated 1 March 2026.",
    ),
    ("timeline", "The schedule assumes MSA execution on 31 July 2025."),
    ("timeline", "Timeline in weeks\nTechnology transfer will take 3 phases over the program."),
    ("timeline", "Milestone Target date\nTechnology transfer complete 14 December 2025"),
    ("facilities", "A 200 L suite is under construction."),
    (
        "modality_experience",
        "NWG-101 is a recombinant adeno-associated virus serotype 9 (AAV9) vector.",
    ),
    (
        "modality_experience",
        "The program is led by Dr. Rachel Oduya, our Chief Technical Officer, who has fifteen "
        "years of experience in viral vector process development.",
    ),
    ("batch_failure", "Investigations are completed within thirty (30) days."),
    ("governing_law", "This Agreement is governed by the laws of New York; net 60 applies."),
]


@pytest.mark.parametrize(("topic", "text"), NOTHING)
def test_nothing_stated(topic: str, text: str) -> None:
    assert extract_terms(text, [topic]) == []


def test_only_the_topics_given() -> None:
    text = "Invoices are payable net 30. Client may terminate for convenience on 90 days' notice."
    assert terms_by_topic(extract_terms(text, ["termination"])) == {
        "termination": {"convenience_notice_days": 90}
    }
    assert terms_by_topic(extract_terms(text, ["payment_terms", "termination"])) == {
        "payment_terms": {"net_days": 30},
        "termination": {"convenience_notice_days": 90},
    }


def test_company_names_by_caller() -> None:
    text = "If the failure is caused by Acme's negligence, Acme will repeat the batch."
    found = extract_terms(text, ["batch_failure"], parties={"Acme Bio, Inc.": "vendor"})
    assert terms_by_topic(found) == {"batch_failure": {"allocation": "vendor_if_at_fault"}}
