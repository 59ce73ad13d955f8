"""Aldermoor Biologics Limited -- vendor-friendly proposal (DOCX, Word automatic numbering).

Numbers come from numbering.xml (lvlText "%1." and "%1.%2"); the paragraph text does not
contain them. British drafting, GBP prices in a DOCX table, a definitions list, and a leftover
internal note in white text inside clause 5.1.
"""
from model import Clause, Doc, Signature, Table, Title, money

PARTY = "Aldermoor Biologics Limited"


def H(num, heading, paras=(), **kw):
    return Clause(num, heading, list(paras), label=f"{num}.", level=1, **kw)


def S(num, heading, paras=(), **kw):
    return Clause(num, heading, list(paras), label=num, level=2, mode="runin", **kw)


DEFINITIONS = [
    "\u201cAgreement\u201d means the contract for the Services to be entered into between Aldermoor and "
    "the Client on the basis of this Proposal and Aldermoor's standard terms and conditions of business;",
    "\u201cBatch\u201d means a quantity of Product manufactured in a single production run in a Slot;",
    "\u201cClient\u201d means Northwind Gene Therapies, Inc.;",
    "\u201cClient Materials\u201d means the plasmids, cell banks, reference standards and other materials "
    "supplied by or on behalf of the Client;",
    "\u201ccGMP\u201d means current good manufacturing practice as defined in EudraLex Volume 4 and 21 CFR "
    "Parts 210 and 211, as applicable at the time of manufacture;",
    "\u201cContract Year\u201d means each period of twelve (12) months starting on the date of the "
    "Agreement;",
    "\u201cProduct\u201d means NWG-101, an AAV9 vector, in drug substance or drug product form;",
    "\u201cSlot\u201d means a period of manufacturing time in an Aldermoor GMP suite reserved for the "
    "Client;",
    "\u201cSpecification\u201d means the specification for the Product set out in the quality agreement; and",
    "\u201cWorking Day\u201d means a day other than a Saturday, Sunday or public holiday in England.",
]


def document() -> Doc:
    b = [Title([
        (PARTY, "party"),
        ("Proposal: Viral Vector Manufacturing Services for NWG-101", "title"),
        ("Prepared for Northwind Gene Therapies, Inc. in response to RFP NW-RFP-2025-003", "subtitle"),
        ("Reference ABL-Q-2025-118 | Version 1.0 | 9 April 2025", "meta"),
        ("Aldermoor Biologics Limited, registered in England and Wales (company no. 08123456), "
         "Building 4, Harwell Science and Innovation Campus, Didcot, Oxfordshire OX11 0QX, "
         "United Kingdom", "meta"),
    ])]
    b += [
        H("1", "Definitions and Interpretation"),
        S("1.1", "Definitions", ["In this Proposal the following expressions have the following "
                                 "meanings:"] + DEFINITIONS),
        S("1.2", "Interpretation", [
            "Headings are for convenience only. References to clauses are to clauses of this Proposal. "
            "Words such as \u201cincluding\u201d do not limit the words that precede them. This Proposal is "
            "subject to contract and is not an offer capable of acceptance."]),
        H("2", "About Aldermoor"),
        S("2.1", "Company Overview", [
            "Aldermoor was founded in 2011 and employs approximately 260 people at its campus in Harwell, "
            "Oxfordshire. Aldermoor provides process development, GMP manufacture and testing of viral "
            "vectors for clinical trials in the United Kingdom, the European Union and the United States."],
            topics=["partnership"]),
        S("2.2", "Viral Vector Experience", [
            "Aldermoor has released sixty-two (62) GMP batches of viral vector since 2012, comprising AAV "
            "serotypes AAV2, AAV5, AAV8 and AAV9 and third-generation lentiviral vectors, and has more "
            "than twelve (12) years of GMP viral vector manufacturing experience. Six (6) GMP batches of "
            "AAV9 were released in the last three years, all produced by HEK293 transient transfection."],
            topics=["modality_experience"],
            terms={"modality_experience": {"gmp_batches": 62, "years": 12,
                                           "serotypes": ["AAV2", "AAV5", "AAV8", "AAV9"]}},
            answers={"R1": "answered"}, meets={"R1": True}),
        S("2.3", "Facilities", [
            "The Harwell campus has nine (9) GMP suites of EU Grade B/C classification. Suites are operated "
            "on a campaign basis across Aldermoor's client portfolio; none of them is dedicated to a single "
            "client."],
            topics=["facilities"], terms={"facilities": {"gmp_suites": 9, "dedicated_suites": 0}}),
        S("2.4", "Manufacturing Scale", [
            "Upstream production is available at 50 L, 250 L and 1,000 L in single-use stirred-tank "
            "bioreactors. Aldermoor proposes to manufacture the Product at 250 L, which at the Client's "
            "stated yields supplies approximately twenty-two (22) to twenty-seven (27) patients per Batch."],
            topics=["scale"], answers={"R2": "answered"}, meets={"R2": True}),
        S("2.5", "Analytical Services", [
            "Vector genome titre (ddPCR), endotoxin, bioburden, sterility and purity by SDS-PAGE are "
            "performed in Aldermoor's QC laboratory. The cell-based potency assay and the full/empty "
            "capsid ratio (by analytical ultracentrifugation) are performed by Aldermoor's analytical "
            "partner, Quantis Analytics Ltd of Cambridge, under Aldermoor's quality oversight."],
            topics=["analytics", "subcontracting"], answers={"R3": "partly"}, meets={"R3": False}),
        S("2.6", "Regulatory History", [
            "The Harwell site was inspected by the MHRA in 2021 and in 2023. The 2023 inspection raised no "
            "critical and two (2) major findings, both closed in the corrective action plan accepted by "
            "the MHRA. The site holds a UK manufacturer's authorisation (MIA(IMP)). Aldermoor has not yet "
            "been inspected by the FDA."],
            topics=["regulatory_record"], answers={"R11": "answered"}, meets={"R11": True}),
        H("3", "Technical Proposal"),
        S("3.1", "Technology Transfer", [
            "Aldermoor will complete technology transfer within twenty (20) weeks of receipt of the Client's "
            "full technical package. Aldermoor's experience is that a shorter schedule increases the risk "
            "of failure in the engineering run and it does not recommend one."],
            topics=["tech_transfer", "timeline"], terms={"timeline": {"tech_transfer_weeks": 20}},
            answers={"R4": "answered"}, meets={"R4": False}),
        S("3.2", "Engineering Run", [
            "One engineering run will be performed at 250 L using GMP raw materials. The engineering run "
            "report will be issued within six (6) weeks of completion."]),
        S("3.3", "GMP Campaign", [
            "Subject to Slot availability at the date of the Agreement, the first GMP Batch will be released "
            "eleven (11) months from signature of the Agreement. Subsequent Batches can be scheduled at "
            "intervals of not less than ten (10) weeks."],
            topics=["timeline"], terms={"timeline": {"first_batch_months": 11}},
            answers={"R5": "answered"}, meets={"R5": False}),
        S("3.4", "Business Continuity", [
            "Aldermoor operates from a single campus at Harwell. It maintains a business continuity plan, "
            "which is available on request, and insurance against business interruption. Aldermoor does "
            "not offer a back-up manufacturing site for the Product."],
            topics=["business_continuity"], answers={"R12": "partly"}, meets={"R12": False}),
        S("3.5", "Account Management", [
            "An account manager and a project manager will be assigned to the Client. Aldermoor holds a "
            "quarterly business review with each client and issues a monthly project status report."],
            topics=["partnership"]),
        H("4", "Quality"),
        S("4.1", "Quality Agreement", [
            "The parties will agree a quality agreement within ninety (90) days of the date of the "
            "Agreement. Manufacture of GMP Batches will not start until the quality agreement is signed."],
            topics=["quality_agreement"]),
        S("4.2", "Audits", [
            "The Client may carry out one quality audit every two (2) years on not less than sixty (60) "
            "days' written notice, limited to two auditors for two days. Additional audits, including "
            "for-cause audits, are charged at \u00a33,500 per auditor per day."],
            topics=["audit_rights"], terms={"audit_rights": {"per_years": 2, "notice_days": 60}}),
        S("4.3", "Regulatory Inspections", [
            "Aldermoor will, where reasonably practicable, inform the Client within five (5) Working Days of "
            "any regulatory inspection that relates specifically to the Product."],
            topics=["regulatory_inspections"]),
        S("4.4", "Subcontracting", [
            "Aldermoor may subcontract any part of the Services, including analytical testing and storage, "
            "to qualified subcontractors without the Client's consent. Aldermoor remains responsible for "
            "the performance of its subcontractors."],
            topics=["subcontracting"]),
        H("5", "Commercial Terms"),
        S("5.1", "Prices", [
            "Prices are in pounds sterling (GBP), exclude VAT and are set out below.",
            Table([
                ["Service", "Description", "Price"],
                ["Technology transfer", "Process and analytical transfer, batch documentation",
                 "\u00a3420,000"],
                ["Engineering run (250 L)", "Engineering Batch with report", "\u00a3540,000"],
                ["GMP Batch (250 L)", "Manufacture and QA release of drug substance", "\u00a3980,000"],
                ["Release testing", "Per Batch, including subcontracted potency and capsid assays",
                 "\u00a385,000"],
                ["Fill/finish", "Per Batch, up to 1,500 vials", "\u00a3120,000"],
            ], widths=[1.7, 3.3, 1.2]),
            "Prices are valid for Slots starting before 31 March 2027. [[white:INTERNAL NOTE \u2013 floor "
            "price \u00a3910k per Batch; margin target 41%; remove before issue.]]"],
            topics=["pricing"],
            terms={"pricing": {"tech_transfer_fee": money(420000, "GBP"),
                               "engineering_run_price": money(540000, "GBP"),
                               "batch_price": money(980000, "GBP")}},
            extra={"flag_kind": "hidden_text",
                   "flag_where": "appended in white to the last paragraph of clause 5.1"}),
        S("5.2", "Raw Materials and Pass-Through Costs", [
            "Raw materials, consumables and third-party services that are specific to the Product are "
            "charged at cost plus a procurement and handling charge of fifteen per cent (15%)."],
            topics=["pass_through"], terms={"pass_through": {"markup_pct": 15}}),
        S("5.3", "Price Review", [
            "Aldermoor reviews its prices each year on 1 January in line with its standard rate card. "
            "Revised prices apply to all Slots starting after the review date, including Slots already "
            "reserved."],
            topics=["price_adjustment"]),
        S("5.4", "Payment", [
            "Invoices are payable within thirty (30) days of the date of invoice. Aldermoor may charge "
            "interest on late payments at four per cent (4%) above the Bank of England base rate and may "
            "suspend the Services while any invoice is overdue."],
            topics=["payment_terms"], terms={"payment_terms": {"net_days": 30}}),
        S("5.5", "Slot Reservation Fee", [
            "A Slot is reserved on payment of a Slot reservation fee equal to fifty per cent (50%) of the "
            "Batch price. The reservation fee is non-refundable but is credited against the final invoice "
            "for the Batch."],
            topics=["capacity_reservation"],
            terms={"capacity_reservation": {"pct": 50, "refundable": False}},
            answers={"R9": "answered"}, meets={"R9": True}),
        S("5.6", "Minimum Commitment", [
            "The Client shall order a minimum of three (3) Batches in each Contract Year. For each Batch "
            "by which the Client's orders fall short of the minimum, the Client shall pay a shortfall "
            "charge of sixty per cent (60%) of the Batch price."],
            topics=["minimum_commitment"],
            terms={"minimum_commitment": {"quantity": 3, "period": "year", "shortfall_pct": 60}}),
        S("5.7", "Forecasts", [
            "The Client shall provide a twenty-four (24) month rolling forecast each quarter. The first "
            "twelve (12) months of each forecast are binding and constitute firm orders."],
            topics=["forecasting"]),
        S("5.8", "Cancellation and Rescheduling", [
            "The Client may cancel or reschedule a reserved Slot by written notice. Rescheduling is treated "
            "as a cancellation. Cancellation charges, as a percentage of the Batch price, are: more than "
            "270 days before the Slot start date, twenty-five per cent (25%); 181 to 270 days, fifty per "
            "cent (50%); 90 to 180 days, seventy-five per cent (75%); and fewer than 90 days, one hundred "
            "per cent (100%). The Slot reservation fee is not refunded on cancellation."],
            topics=["cancellation", "capacity_reservation"],
            terms={"cancellation": {"schedule": [
                {"min_days": 271, "max_days": None, "fee_pct": 25},
                {"min_days": 181, "max_days": 270, "fee_pct": 50},
                {"min_days": 90, "max_days": 180, "fee_pct": 75},
                {"min_days": 0, "max_days": 89, "fee_pct": 100}]}},
            answers={"R10": "answered"}, meets={"R10": True}),
        H("6", "Risk and Liability"),
        S("6.1", "Batch Outcome", [
            "All Batches commenced are invoiced in full whether or not they meet the Specification. "
            "Aldermoor will investigate any failure and share its investigation report with the Client. At "
            "the Client's request and cost, Aldermoor will manufacture a replacement Batch in the next "
            "available Slot."],
            topics=["batch_failure"], terms={"batch_failure": {"allocation": "client"}},
            answers={"R6": "answered"}, meets={"R6": False}),
        S("6.2", "Delivery Dates", [
            "Delivery dates are estimates only. Aldermoor will use reasonable endeavours to meet them but "
            "shall have no liability for any delay, and time shall not be of the essence."],
            topics=["late_delivery"], terms={"late_delivery": {"offered": False}},
            answers={"R7": "answered"}, meets={"R7": False}),
        S("6.3", "Client Materials", [
            "Client Materials are held at the Client's risk. Aldermoor's liability for loss of or damage to "
            "Client Materials is limited to \u00a350,000 in aggregate."],
            topics=["raw_material_liability"]),
        S("6.4", "Limitation of Liability", [
            "Aldermoor's total aggregate liability arising out of or in connection with the Agreement, "
            "whether in contract, tort (including negligence) or otherwise, shall not exceed the fees paid "
            "by the Client in the six (6) months preceding the event giving rise to the claim. Aldermoor "
            "shall not be liable for loss of profit, loss of Client Materials (save under clause 6.3) or "
            "any indirect or consequential loss. Nothing in the Agreement limits liability for death or "
            "personal injury caused by negligence or for fraud."],
            topics=["liability_cap"],
            terms={"liability_cap": {"months_of_fees": 6,
                                     "uncapped_carve_outs": ["death_personal_injury", "fraud"]}},
            answers={"R8": "answered"}, meets={"R8": False}),
        S("6.5", "Indemnities", [
            "The Client shall indemnify Aldermoor against all claims, losses and costs arising from the "
            "Product, its clinical use or the Client Materials. Aldermoor shall indemnify the Client only "
            "against third-party claims resulting from Aldermoor's gross negligence or wilful default."],
            topics=["indemnification"]),
        S("6.6", "Insurance", [
            "Aldermoor maintains public and products liability insurance of \u00a35m for any one occurrence."],
            topics=["insurance"], terms={"insurance": {"amount": money(5000000, "GBP")}}),
        S("6.7", "Warranty", [
            "Aldermoor warrants that each Batch will be manufactured in accordance with cGMP at the time of "
            "manufacture. Claims must be notified within thirty (30) days of delivery. All other warranties, "
            "conditions and terms, whether express or implied by statute or common law, are excluded to "
            "the fullest extent permitted by law."],
            topics=["warranty"]),
        H("7", "General Terms"),
        S("7.1", "Intellectual Property", [
            "All know-how, improvements and inventions relating to manufacturing processes, whether or not "
            "specific to the Product, shall vest in Aldermoor. Aldermoor grants the Client a non-exclusive "
            "licence to use such improvements solely to have the Product manufactured by Aldermoor."],
            topics=["ip_ownership"], terms={"ip_ownership": {"improvements_owner": "vendor"}}),
        S("7.2", "Confidentiality", [
            "Each party shall keep the other's confidential information confidential for five (5) years "
            "from disclosure."],
            topics=["confidentiality"]),
        S("7.3", "Exclusivity", [
            "During the term of the Agreement the Client shall not engage any other manufacturer to "
            "manufacture drug substance of the Product without Aldermoor's prior written consent."],
            topics=["exclusivity"]),
        S("7.4", "Term and Termination", [
            "The Agreement will have an initial term of three (3) years and will renew automatically for "
            "successive periods of one (1) year unless either party gives six (6) months' notice of "
            "non-renewal. The Client may terminate for convenience on one hundred and eighty (180) days' "
            "written notice, subject to payment of the cancellation charges under clause 5.8 and any "
            "shortfall charge under clause 5.6. Either party may terminate for material breach that is "
            "not remedied within thirty (30) days of notice."],
            topics=["term", "termination"],
            terms={"termination": {"convenience_notice_days": 180, "cure_days": 30}}),
        S("7.5", "Force Majeure", [
            "Aldermoor shall not be liable for any failure or delay caused by events beyond its reasonable "
            "control, including shortages of raw materials or consumables, failure of suppliers or "
            "subcontractors, labour disputes, epidemic, utility failure and changes in law or regulatory "
            "requirements."],
            topics=["force_majeure"]),
        S("7.6", "Variations", [
            "Aldermoor may vary the Services, its process and its prices on thirty (30) days' notice where "
            "required by changes in its costs, in law or in its operational requirements."],
            topics=["change_control", "price_adjustment"]),
        S("7.7", "Governing Law", [
            "The Agreement and any dispute arising from it shall be governed by the law of England and "
            "Wales, and the courts of England shall have exclusive jurisdiction."],
            topics=["governing_law"]),
        H("8", "Acceptance", [
            "This Proposal is valid for sixty (60) days. It is subject to contract and to Aldermoor's "
            "standard terms and conditions of business, which shall prevail over any terms proposed by "
            "the Client."]),
        Signature([
            "Signed for and on behalf of Aldermoor Biologics Limited",
            "......................................................",
            "Dr. Fiona Aldridge-Kerr",
            "Commercial Director",
            "9 April 2025",
        ]),
    ]
    meta = {"title": "Aldermoor Biologics - Proposal ABL-Q-2025-118",
            "author": "Fiona Aldridge-Kerr", "subject": "NWG-101 viral vector manufacturing",
            "created": "2025-04-08T15:30:00", "modified": "2025-04-09T08:10:00"}
    return Doc("proposals/aldermoor_biologics_proposal.docx", "proposal", PARTY, meta, b,
               auto_numbered=True)


SPEC = {
    "font": "Arial", "size": 10.5, "h1": 13, "heading_color": "2E5E4E",
    "header": "Aldermoor Biologics Limited | Proposal ABL-Q-2025-118 | Commercial in Confidence",
    "footer_left": "Subject to contract",
    # (numFmt, lvlText, hanging indent in twips, bold number)
    "auto_levels": [("decimal", "%1.", 432, True), ("decimal", "%1.%2", 720, True),
                    ("lowerLetter", "(%3)", 1080, False)],
    "levels": {1: {"style": "Heading 1"}, 2: {"runin_style": "Normal", "body_indent": 0.5}},
}
