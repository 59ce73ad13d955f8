"""Bluestem Bioprocess LLC -- weak proposal (DOCX, typed numbers "Section A:" / "A.1").

Small site, 50 L scale, analytics mostly outsourced, slow timeline, vague risk terms. Silent on
late delivery (R7), capacity reservation (R9) and business continuity (R12); only partly answers
R1, R3, R6, R8 and R10.
"""
from model import Bullets, Clause, Doc, PageBreak, Signature, Title, money

PARTY = "Bluestem Bioprocess LLC"


def Sec(letter, heading, paras=(), **kw):
    return Clause(letter, heading, list(paras), label=f"Section {letter}", level=1,
                  extra={"sep": ": "}, **kw)


def Sub(num, heading, paras=(), **kw):
    return Clause(num, heading, list(paras), label=num, level=2, **kw)


def document() -> Doc:
    b = [Title([
        (PARTY, "party"),
        ("Proposal in Response to RFP NW-RFP-2025-003", "title"),
        ("AAV Manufacturing Services for NWG-101", "subtitle"),
        ("Submitted April 11, 2025", "meta"),
        ("Bluestem Bioprocess LLC, 2200 Discovery Parkway, Suite 140, Madison, WI 53719", "meta"),
        ("Contact: Mark Tollefson, President and Chief Executive Officer", "meta"),
    ]), PageBreak()]
    b += [
        Sec("A", "Executive Summary"),
        Sub("A.1", "Introduction", [
            "Bluestem Bioprocess LLC (\"Bluestem\") thanks Northwind Gene Therapies for the opportunity to "
            "respond to this RFP. Bluestem is a focused viral vector CDMO that gives emerging gene therapy "
            "companies senior-level attention, flexible scheduling and competitive pricing. We believe we "
            "can be a strong partner for NWG-101 as it enters the clinic."]),
        Sub("A.2", "Why Bluestem", [
            "Our clients choose Bluestem for three reasons:",
            Bullets(["direct access to our founders and senior scientists on every program;",
                     "agility: we adapt to process changes quickly and without bureaucracy; and",
                     "value: our batch prices are among the most competitive in North America."]),
            "We see our relationship with each client as a partnership and we are invested in "
            "Northwind's success."],
            topics=["partnership"]),
        Sub("A.3", "Our Team", [
            "Northwind's program would be led by Dr. Rachel Oduya, our Chief Technical Officer, who has "
            "fifteen years of experience in viral vector process development, supported by a dedicated "
            "project manager, a manufacturing lead and a quality assurance lead. The same team would stay "
            "with the program from kick-off through the first clinical batches, and Northwind would have "
            "direct access to our President for any escalation."],
            topics=["partnership"]),
        Sec("B", "Company Capabilities"),
        Sub("B.1", "Company Background", [
            "Bluestem was founded in 2018 by former process development scientists from a Midwest gene "
            "therapy company. The company has eighty-five (85) employees and completed its GMP facility "
            "in 2021."]),
        Sub("B.2", "Viral Vector Experience", [
            "Since 2021 Bluestem has released seven (7) GMP batches of AAV for clinical use, in serotypes "
            "AAV2 and AAV8, and has four (4) years of GMP operations. Bluestem has also completed AAV9 "
            "process development for two clients and is ready to manufacture AAV9 under GMP."],
            topics=["modality_experience"],
            terms={"modality_experience": {"gmp_batches": 7, "years": 4, "serotypes": ["AAV2", "AAV8"]}},
            answers={"R1": "partly"}, meets={"R1": False}),
        Sub("B.3", "Facilities and Equipment", [
            "Bluestem operates two (2) GMP suites with ISO 7 cleanrooms. Upstream manufacturing uses 50 L "
            "single-use bioreactors; a 200 L suite is under construction and is expected to be qualified in "
            "the third quarter of 2026. Until then NWG-101 would be manufactured at 50 L.",
            "Each suite has its own air handling, a biosafety cabinet train for cell expansion and a closed "
            "downstream train with tangential flow filtration and chromatography skids. Fill/finish of "
            "clinical vials is performed in a Grade A isolator in a shared aseptic processing area."],
            topics=["facilities", "scale"], terms={"facilities": {"gmp_suites": 2}},
            answers={"R2": "answered"}, meets={"R2": False}),
        Sub("B.4", "Analytical Testing", [
            "Vector genome titer (qPCR) and endotoxin testing are performed in Bluestem's QC laboratory. "
            "Potency, capsid ratio and sterility testing are performed by contract testing laboratories "
            "selected by Bluestem."],
            topics=["analytics", "subcontracting"], answers={"R3": "partly"}, meets={"R3": False}),
        Sub("B.5", "Regulatory History", [
            "Bluestem's facility was inspected by the FDA in 2022 in a routine surveillance inspection. No "
            "Form 483 was issued."],
            topics=["regulatory_record"], answers={"R11": "answered"}, meets={"R11": True}),
        Sub("B.6", "Client Experience", [
            "Bluestem has supported eleven (11) client programs since 2019, including four (4) AAV programs "
            "that have entered Phase 1 trials with Bluestem-manufactured material. References are available "
            "on request after a mutual confidentiality agreement is in place with the reference client."],
            topics=["modality_experience"]),
        Sec("C", "Project Plan"),
        Sub("C.1", "Technology Transfer", [
            "Bluestem estimates that technology transfer will take twenty-four (24) weeks, including "
            "scale-down studies to confirm the NWG-101 process in our 50 L equipment.",
            "The transfer starts with a document review and a workshop at Northwind's Menlo Park laboratory. "
            "Our scientists will then reproduce the process at bench scale, adapt it to our equipment, "
            "qualify the analytical methods we perform in-house and coordinate method transfer to the "
            "contract laboratories. Batch records are written in parallel and reviewed with Northwind "
            "before the engineering run."],
            topics=["tech_transfer", "timeline"], terms={"timeline": {"tech_transfer_weeks": 24}},
            answers={"R4": "answered"}, meets={"R4": False}),
        Sub("C.2", "Manufacturing Schedule", [
            "We expect to release the first GMP batch approximately thirteen (13) months after contract "
            "signature, depending on slot availability and on the engineering run outcome. Because of the "
            "50 L scale, Northwind's clinical demand would require about four GMP batches per year."],
            topics=["timeline"], terms={"timeline": {"first_batch_months": 13}},
            answers={"R5": "answered"}, meets={"R5": False}),
        Sub("C.3", "Project Management", [
            "A project manager will coordinate the program and hold bi-weekly calls with Northwind. Our "
            "Chief Technical Officer will personally oversee the technology transfer."],
            topics=["partnership"]),
        Sub("C.4", "Assumptions", [
            "This proposal is based on the following assumptions:",
            Bullets(["Northwind supplies GMP plasmids and the HEK293 master cell bank at no cost to "
                     "Bluestem;",
                     "the NWG-101 process can be run at 50 L without changes to critical process "
                     "parameters;",
                     "Northwind transfers its potency assay as a qualified method; and",
                     "Northwind's technical team is available for weekly meetings during technology "
                     "transfer."]),
            "Changes to these assumptions may affect the schedule and pricing."]),
        Sec("D", "Quality"),
        Sub("D.1", "Quality System", [
            "Bluestem operates a quality system designed to comply with 21 CFR Parts 210 and 211. A quality "
            "agreement will be agreed with Northwind before GMP manufacture begins."],
            topics=["quality_agreement"]),
        Sub("D.2", "Audits", [
            "Northwind may audit Bluestem's facility upon reasonable notice, not more than once per year."],
            topics=["audit_rights"], terms={"audit_rights": {"per_years": 1}}),
        Sub("D.3", "Deviations and CAPA", [
            "Deviations are classified as minor, major or critical and investigated under our CAPA "
            "procedure. Northwind will be informed of major and critical deviations affecting its batches "
            "and will receive the investigation summary with the batch documentation."],
            topics=["quality_agreement"]),
        Sub("D.4", "Batch Release", [
            "Bluestem QA reviews each executed batch record and the test results from our laboratory and "
            "the contract laboratories, and issues a Certificate of Analysis. Final disposition for "
            "clinical use is Northwind's responsibility."],
            topics=["quality_agreement"]),
        Sec("E", "Pricing and Commercial Terms"),
        Sub("E.1", "Pricing", [
            "Technology transfer: $250,000. Engineering run (50 L): $410K. GMP batch (50 L): $780K per "
            "batch. Release testing is billed at the contract laboratories' cost plus twelve percent (12%). "
            "All prices are budgetary estimates and will be confirmed in the work order."],
            topics=["pricing", "pass_through"],
            terms={"pricing": {"tech_transfer_fee": money(250000, "USD"),
                               "engineering_run_price": money(410000, "USD"),
                               "batch_price": money(780000, "USD")},
                   "pass_through": {"markup_pct": 12}}),
        Sub("E.2", "Payment Terms", [
            "Fifty percent (50%) of each work order is invoiced on signature and fifty percent (50%) on "
            "completion. Invoices are payable within fifteen (15) days of the invoice date."],
            topics=["payment_terms"], terms={"payment_terms": {"net_days": 15}}),
        Sub("E.3", "Cancellation", [
            "Once a production slot is confirmed, work orders are non-cancellable. If Northwind needs to "
            "withdraw from a slot, Bluestem will try to resell it and will credit Northwind with a fair "
            "share of any resulting revenue."],
            topics=["cancellation"], answers={"R10": "partly"}, meets={"R10": False}),
        Sub("E.4", "Batch Failure", [
            "If a batch fails, Bluestem will investigate and share the results with Northwind. The parties "
            "will discuss in good faith how the cost of any repeat batch is allocated."],
            topics=["batch_failure"], answers={"R6": "partly"}, meets={"R6": False}),
        Sub("E.5", "Shipping and Storage", [
            "Released material is stored at -80 \u00b0C free of charge for thirty days and then at our "
            "standard storage rates. Shipping is arranged by Bluestem at Northwind's cost and risk using "
            "qualified dry-ice or liquid-nitrogen shippers."]),
        Sec("F", "Legal"),
        Sub("F.1", "Liability", [
            "Bluestem's liability is limited to the amount of fees paid for the specific services giving "
            "rise to the claim."],
            topics=["liability_cap"], answers={"R8": "partly"}, meets={"R8": False}),
        Sub("F.2", "Insurance", [
            "Bluestem maintains insurance customary for its industry."],
            topics=["insurance"]),
        Sub("F.3", "Intellectual Property", [
            "Northwind owns its product, materials and data. Bluestem owns its pre-existing know-how and "
            "general manufacturing methods."],
            topics=["ip_ownership"]),
        Sub("F.4", "Confidentiality", [
            "Confidentiality is governed by the mutual confidentiality agreement signed by the parties in "
            "February 2025."],
            topics=["confidentiality"]),
        Sub("F.5", "Governing Law", [
            "Any agreement would be governed by the laws of the State of Wisconsin."],
            topics=["governing_law"]),
        Sec("G", "Next Steps"),
        Sub("G.1", "Site Visit", [
            "We would welcome Northwind's team in Madison for a site visit in May or June 2025 and can "
            "arrange meetings with our quality, manufacturing and analytical leads."]),
        Sub("G.2", "Validity", [
            "This proposal is valid for ninety (90) days from the date of submission."]),
        Signature([
            "Respectfully submitted,",
            "Bluestem Bioprocess LLC",
            "By: Mark Tollefson",
            "President and Chief Executive Officer",
            "mark.tollefson@bluestembio.example | (608) 555-0187",
        ]),
    ]
    meta = {"title": "Bluestem Bioprocess - RFP Response NW-RFP-2025-003", "author": "Mark Tollefson",
            "subject": "AAV manufacturing proposal", "created": "2025-04-10T20:45:00",
            "modified": "2025-04-11T07:55:00"}
    return Doc("proposals/bluestem_bioprocess_proposal.docx", "proposal", PARTY, meta, b)


SPEC = {
    "font": "Georgia", "size": 11, "h1": 14, "h2": 11.5, "heading_color": "3B5323",
    "header": "Bluestem Bioprocess LLC \u2014 Proposal to Northwind Gene Therapies",
    "footer_left": "Confidential",
    "levels": {1: {"style": "Heading 1"}, 2: {"style": "Heading 2"}},
}
