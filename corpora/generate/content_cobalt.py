"""Cobalt Ridge Biomanufacturing, Inc. -- mixed proposal (PDF, Letter).

No numbers at all: unnumbered ALL-CAPS section headings and bold run-in sub-headings
("Batch Failure. ..."). Strong capability and timeline, mixed commercial terms.
"""
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch

from model import Clause, Doc, Signature, Title, money

PARTY = "Cobalt Ridge Biomanufacturing, Inc."


def H(heading, paras=(), **kw):
    return Clause(None, heading, list(paras), level=1, upper=True, **kw)


def R(heading, paras=(), **kw):
    return Clause(None, heading, list(paras), level=2, mode="runin", **kw)


def document() -> Doc:
    b = [Title([
        (PARTY, "party"),
        ("NWG-101 Manufacturing Proposal", "title"),
        ("Prepared for Northwind Gene Therapies, Inc. | RFP NW-RFP-2025-003", "subtitle"),
        ("Proposal CRB-25-117 | April 11, 2025", "meta"),
        ("Cobalt Ridge Biomanufacturing, Inc., 7400 Ballenger Creek Pike, Frederick, MD 21703", "meta"),
    ])]
    b += [
        H("Executive Summary", [
            "Cobalt Ridge Biomanufacturing, Inc. (\"Cobalt Ridge\") proposes to manufacture NWG-101 at 250 L "
            "scale at our Frederick, Maryland campus, with technology transfer in "
            "twelve weeks and a first GMP batch seven months after contract signature. Our proposal "
            "combines one of the fastest schedules in the industry with a fully in-house analytical "
            "package and an alternate manufacturing site in Ireland."],
          topics=["scale", "timeline", "tech_transfer", "analytics", "business_continuity"],
          terms={"timeline": {"tech_transfer_weeks": 12, "first_batch_months": 7}}),
        H("Company Overview", [
            "Cobalt Ridge is a gene therapy CDMO with 520 employees at two sites. We have worked exclusively "
            "on viral vectors since 2016."]),
        R("Experience", [
            "Cobalt Ridge has released twenty-six (26) GMP batches of AAV in serotypes AAV1, AAV6, AAV8, "
            "AAV9 and AAVrh74 over eight (8) years of GMP manufacturing, including eight (8) AAV9 batches "
            "in the last thirty-six months."],
            topics=["modality_experience"],
            terms={"modality_experience": {"gmp_batches": 26, "years": 8,
                                           "serotypes": ["AAV1", "AAV6", "AAV8", "AAV9", "AAVrh74"]}},
            answers={"R1": "answered"}, meets={"R1": True}),
        R("Facilities", [
            "The Frederick campus has five (5) GMP suites with Grade B cleanrooms; one (1) of them would be "
            "dedicated to NWG-101 for the duration of the clinical program."],
            topics=["facilities"], terms={"facilities": {"gmp_suites": 5, "dedicated_suites": 1}}),
        R("Scale", [
            "We operate 250 L and 500 L single-use bioreactors qualified for HEK293 suspension processes. "
            "NWG-101 would be manufactured at 250 L, with 500 L available for later phases."],
            topics=["scale"], answers={"R2": "answered"}, meets={"R2": True}),
        R("Analytics", [
            "All release and characterization assays are performed in-house, including ddPCR titer, "
            "infectivity, cell-based potency, full/empty ratio by AUC and mass photometry, sterility and "
            "mycoplasma by rapid methods."],
            topics=["analytics"], answers={"R3": "answered"}, meets={"R3": True}),
        R("Regulatory Record", [
            "The Frederick site was inspected by the FDA in 2020 and in 2024. The 2024 inspection resulted "
            "in four (4) Form 483 observations; our responses were submitted within fifteen business days "
            "and one observation remains open pending FDA close-out."],
            topics=["regulatory_record"], answers={"R11": "answered"}, meets={"R11": True}),
        H("Technical Approach and Timeline", [
            "Cobalt Ridge uses a phase-gated transfer model with a joint team from Northwind and Cobalt "
            "Ridge at every gate."]),
        R("Technology Transfer", [
            "Technology transfer will be completed in twelve (12) weeks, using our platform analytical "
            "methods where Northwind agrees and transferring the remaining methods in parallel."],
            topics=["tech_transfer", "timeline"], terms={"timeline": {"tech_transfer_weeks": 12}},
            answers={"R4": "answered"}, meets={"R4": True}),
        R("First GMP Batch", [
            "The first GMP batch will be released seven (7) months after contract signature."],
            topics=["timeline"], terms={"timeline": {"first_batch_months": 7}},
            answers={"R5": "answered"}, meets={"R5": True}),
        R("Business Continuity", [
            "In addition to a back-up suite on the Frederick campus, Cobalt Ridge's affiliate operates an "
            "alternate site in Cork, Ireland, on the same equipment platform. The NWG-101 process would be "
            "registered at both sites before the pivotal study."],
            topics=["business_continuity"], answers={"R12": "answered"}, meets={"R12": True}),
        H("Quality Systems", [
            "Cobalt Ridge's quality management system covers both sites under a single set of procedures."]),
        R("Quality Agreement", [
            "The quality agreement will be executed within forty-five (45) days of the MSA and before the "
            "engineering run."],
            topics=["quality_agreement"]),
        R("Audits", [
            "Northwind may perform one audit per year on twenty (20) days' notice, plus for-cause audits."],
            topics=["audit_rights"], terms={"audit_rights": {"per_years": 1, "notice_days": 20}}),
        R("Regulatory Inspections", [
            "We notify clients within forty-eight (48) hours of any inspection relating to their product."],
            topics=["regulatory_inspections"]),
        R("Subcontracting", [
            "Cobalt Ridge may subcontract non-GMP activities, such as logistics and archiving, without "
            "consent. GMP manufacturing and testing will not be subcontracted without Northwind's prior "
            "written consent."],
            topics=["subcontracting"]),
        H("Commercial Terms", [
            "All amounts are in U.S. dollars and exclude applicable taxes."]),
        R("Pricing", [
            "GMP batch (250 L): USD 1.32 million. Engineering run: USD 700,000. Technology transfer: "
            "USD 450,000. Release testing is included in the batch price."],
            topics=["pricing"],
            terms={"pricing": {"batch_price": money(1320000, "USD"),
                               "engineering_run_price": money(700000, "USD"),
                               "tech_transfer_fee": money(450000, "USD")}}),
        R("Pass-Through Costs", [
            "Product-specific materials are re-invoiced at cost plus twelve percent (12%)."],
            topics=["pass_through"], terms={"pass_through": {"markup_pct": 12}}),
        R("Price Adjustment", [
            "Prices may increase once a year; any increase shall not exceed five percent (5%)."],
            topics=["price_adjustment"]),
        R("Payment Terms", [
            "Payment is due forty-five (45) days net from the invoice date."],
            topics=["payment_terms"], terms={"payment_terms": {"net_days": 45}}),
        R("Slot Reservation", [
            "Slots are reserved with a deposit of thirty percent (30%) of the batch price. The deposit is "
            "credited to the batch invoice but is not refundable."],
            topics=["capacity_reservation"],
            terms={"capacity_reservation": {"pct": 30, "refundable": False}},
            answers={"R9": "answered"}, meets={"R9": True}),
        R("Cancellation", [
            "Cancellation fees, as a percentage of the batch price, are twenty percent (20%) for notice of "
            "more than 120 days before the slot, fifty percent (50%) for notice of 60 to 120 days, and one "
            "hundred percent (100%) for notice of less than 60 days."],
            topics=["cancellation"],
            terms={"cancellation": {"schedule": [
                {"min_days": 121, "max_days": None, "fee_pct": 20},
                {"min_days": 60, "max_days": 120, "fee_pct": 50},
                {"min_days": 0, "max_days": 59, "fee_pct": 100}]}},
            answers={"R10": "answered"}, meets={"R10": True}),
        R("Volume Commitment", [
            "There is no minimum volume during clinical supply. For commercial supply, Northwind would "
            "commit to a minimum of four (4) batches per year, with a shortfall fee of twenty-five percent "
            "(25%) of the batch price for each batch below the minimum."],
            topics=["minimum_commitment"],
            terms={"minimum_commitment": {"quantity": 4, "period": "year", "shortfall_pct": 25}}),
        H("Risk Allocation"),
        R("Batch Failure", [
            "If a batch fails to meet specification and the failure is attributable to Cobalt Ridge's "
            "negligence or failure to follow cGMP or the batch record, Cobalt Ridge will re-manufacture the "
            "batch at its own cost. Otherwise the batch is invoiced in full."],
            topics=["batch_failure"], terms={"batch_failure": {"allocation": "vendor_if_at_fault"}},
            answers={"R6": "answered"}, meets={"R6": True}),
        R("Late Delivery", [
            "If a batch is released more than thirty (30) days after the agreed date, Cobalt Ridge will "
            "credit half a percent (0.5%) of the batch price per week of further delay, capped at five "
            "percent (5%) of the batch price. This credit is Northwind's sole and exclusive remedy for late "
            "delivery."],
            topics=["late_delivery"],
            terms={"late_delivery": {"offered": True, "pct_per_week": 0.5, "cap_pct": 5,
                                     "grace_days": 30, "sole_remedy": True}},
            answers={"R7": "answered"}, meets={"R7": True}),
        R("Client Materials", [
            "Cobalt Ridge is liable for client-supplied materials lost or damaged through its negligence, "
            "up to USD 250,000 per batch."],
            topics=["raw_material_liability"]),
        R("Limitation of Liability", [
            "Cobalt Ridge's aggregate liability shall not exceed one times (1x) the fees paid under the "
            "applicable work order, except in the case of fraud or willful misconduct."],
            topics=["liability_cap"],
            terms={"liability_cap": {"fee_multiple": 1,
                                     "uncapped_carve_outs": ["fraud", "willful_misconduct"]}},
            answers={"R8": "answered"}, meets={"R8": False}),
        R("Indemnification", [
            "Each party indemnifies the other for third-party claims arising from its negligence or breach."],
            topics=["indemnification"]),
        R("Insurance", [
            "Cobalt Ridge carries product liability insurance of USD 5,000,000 per occurrence."],
            topics=["insurance"], terms={"insurance": {"amount": money(5000000, "USD")}}),
        H("Contract Terms"),
        R("Intellectual Property", [
            "Improvements specific to NWG-101 belong to Northwind; improvements to Cobalt Ridge's platform "
            "processes belong to Cobalt Ridge."],
            topics=["ip_ownership"], terms={"ip_ownership": {"improvements_owner": "client"}}),
        R("Confidentiality", [
            "Confidential information is protected for five (5) years after termination."],
            topics=["confidentiality"]),
        R("Term and Termination", [
            "The initial term is three (3) years. Northwind may terminate for convenience on one hundred "
            "twenty (120) days' notice; either party may terminate for uncured material breach after thirty "
            "(30) days' notice."],
            topics=["term", "termination"],
            terms={"termination": {"convenience_notice_days": 120, "cure_days": 30}}),
        R("Force Majeure", [
            "Neither party is liable for delays caused by events beyond its reasonable control. Cobalt Ridge "
            "will use its alternate site to mitigate any force majeure event lasting more than sixty (60) "
            "days."],
            topics=["force_majeure", "business_continuity"]),
        R("Governing Law", [
            "The agreement would be governed by Delaware law, with exclusive jurisdiction of the state and "
            "federal courts located in Delaware."],
            topics=["governing_law"]),
        R("Change Orders", [
            "Scope changes are documented in change orders signed by both parties before work proceeds."],
            topics=["change_control"]),
        H("Partnership", [
            "Northwind would have a dedicated program director, monthly operational reviews and a quarterly "
            "executive steering meeting. We measure ourselves on right-first-time batches and on-time "
            "release, and we share those metrics with every client."],
            topics=["partnership"]),
        Signature([
            "Submitted on behalf of Cobalt Ridge Biomanufacturing, Inc.",
            "By: ______________________",
            "Name: Andrea Vasquez",
            "Title: Chief Commercial Officer",
            "Date: April 11, 2025",
        ]),
    ]
    meta = {"title": "Cobalt Ridge - NWG-101 Manufacturing Proposal CRB-25-117",
            "author": "Cobalt Ridge Biomanufacturing, Inc.", "subject": "Proposal"}
    return Doc("proposals/cobalt_ridge_proposal.pdf", "proposal", PARTY, meta, b)


SPEC = {
    "pagesize": LETTER, "margin": 1.0 * inch, "font": "Helvetica", "bold": "Helvetica-Bold",
    "italic": "Helvetica-Oblique", "size": 10.5, "leading": 14.5, "justify": False,
    "accent": "#0B5563", "para_space": 6,
    "header": "Cobalt Ridge Biomanufacturing \u2014 Confidential",
    "header_right": "CRB-25-117",
    "levels": {
        1: {"size": 12.5, "before": 16, "after": 6, "color": "#0B5563"},
        2: {"mode": "runin", "before": 3},
    },
}
