"""Helix Viral Manufacturing, Inc. -- buyer-friendly proposal (PDF).

Numbering 1. / 1.1 / 1.1.1, title page, table of contents, one two-column page
(Section 2), pricing table, cancellation table, signature block.
"""
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch

from model import Bullets, Clause, Columns, Doc, PageBreak, Signature, Table, TOC, Title, money

PARTY = "Helix Viral Manufacturing, Inc."


def C1(num, heading, paras=(), **kw):
    return Clause(num, heading, list(paras), label=f"{num}.", level=1, **kw)


def C2(num, heading, paras=(), **kw):
    return Clause(num, heading, list(paras), label=num, level=2, **kw)


def C3(num, heading, paras=(), **kw):
    return Clause(num, heading, list(paras), label=num, level=3, mode="runin", **kw)


def document() -> Doc:
    b = [Title([
        (PARTY, "party"),
        ("Proposal for the GMP Manufacture of NWG-101 (AAV9)", "title"),
        ("Response to Northwind Gene Therapies, Inc. RFP NW-RFP-2025-003", "subtitle"),
        ("Proposal No. HVM-P-25-0412", "meta"),
        ("Date: 10 April 2025", "meta"),
        ("Offer valid until: 30 September 2025", "meta"),
        ("Helix Viral Manufacturing, Inc., 85 Hartwell Avenue, Lexington, MA 02421, USA", "meta"),
        ("Contact: Dr. Samuel Okafor, Vice President, Business Development "
         "(s.okafor@helixviral.example, +1 781 555 0142)", "meta"),
        ("This proposal contains confidential and proprietary information of Helix Viral "
         "Manufacturing, Inc. and is provided to Northwind Gene Therapies, Inc. solely to evaluate "
         "the services described herein.", "note"),
    ]), TOC("Contents"), PageBreak()]

    b += [
        C1("1", "Executive Summary", [
            "Helix Viral Manufacturing, Inc. (\"Helix\") is pleased to submit this proposal to Northwind "
            "Gene Therapies, Inc. (\"Northwind\") for the technology transfer, engineering run, GMP "
            "manufacture, fill/finish, release and stability testing of NWG-101. Helix has manufactured "
            "AAV9 at the 200 L scale Northwind requires since 2019, performs every release "
            "assay for NWG-101 in its own QC laboratories, and operates a second qualified AAV site in "
            "Research Triangle Park, North Carolina, that protects Northwind's clinical supply."],
            topics=["modality_experience", "scale", "analytics", "business_continuity"]),
        C2("1.1", "Why Helix", [
            "Northwind asked for a partner that can move quickly without trading away quality or "
            "commercial protection. Our offer is built around three commitments:",
            Bullets([
                "Speed: technology transfer in fourteen (14) weeks and a released first GMP batch "
                "within eight (8) months of MSA execution.",
                "Accountability: Helix re-manufactures or credits any batch that fails because of Helix, "
                "pays service credits for late delivery and accepts a liability cap above Northwind's "
                "minimum.",
                "Continuity: a named program team, a joint steering committee and a second site "
                "qualified for NWG-101 before the first pivotal batch."])],
            topics=["partnership", "timeline", "tech_transfer", "batch_failure", "late_delivery",
                    "liability_cap", "business_continuity"],
            terms={"timeline": {"tech_transfer_weeks": 14, "first_batch_months": 8}}),
        C2("1.2", "Compliance with Northwind's Requirements", [
            "The table below summarises how this proposal responds to each requirement in Section 5 of "
            "the RFP. Details are in the sections referenced.",
            Table([
                ["Req.", "Requirement", "Helix response", "Section"],
                ["R1", "AAV9 manufacturing experience", "Met", "2.2"],
                ["R2", "200 L or larger bioreactor", "Met", "2.4"],
                ["R3", "In-house potency, titer and capsid ratio", "Met", "2.5"],
                ["R4", "Technology transfer within 16 weeks", "Met", "3.1"],
                ["R5", "First GMP batch within 9 months", "Met", "4"],
                ["R6", "Batch failure allocation", "Met", "8.1"],
                ["R7", "Late delivery remedies", "Met", "8.2"],
                ["R8", "Liability cap of at least 12 months of fees", "Met", "8.4"],
                ["R9", "Capacity reservation terms", "Met", "7.3"],
                ["R10", "Cancellation schedule", "Met", "7.4"],
                ["R11", "Regulatory inspection record", "Met", "2.6"],
                ["R12", "Business continuity", "Met", "2.7"],
            ], widths=[0.5, 3.2, 1.6, 0.9])]),
        Columns(True),
        C1("2", "Helix at a Glance", [
            "A short profile of the organisation, site and record that would serve NWG-101."]),
        C2("2.1", "Company", [
            "Helix was founded in 2014 as a spin-out of a Boston academic vector core and is privately "
            "held. We employ 410 people, of whom 162 work in Quality Control and Quality Assurance. Viral "
            "vectors are our only business: we do not manufacture monoclonal antibodies or small "
            "molecules, and our leadership team has run AAV programs from first-in-human to BLA."]),
        C2("2.2", "AAV Manufacturing Experience", [
            "Helix has released forty-one (41) GMP batches of AAV drug substance since 2016, across "
            "serotypes AAV2, AAV5, AAV8, AAV9 and AAVrh10. Seventeen (17) of those batches were AAV9 "
            "produced by HEK293 triple transfection, eleven (11) of them in the last thirty-six months. "
            "In total we have more than nine (9) years of GMP AAV production experience."],
            topics=["modality_experience"],
            terms={"modality_experience": {"gmp_batches": 41, "years": 9,
                                           "serotypes": ["AAV2", "AAV5", "AAV8", "AAV9", "AAVrh10"]}},
            answers={"R1": "answered"}, meets={"R1": True}),
        C2("2.3", "Facilities", [
            "Our Lexington site has six (6) GMP manufacturing suites (Grade B background with Grade A "
            "biosafety cabinets and closed processing), two (2) of which can be dedicated to a single "
            "client program for the duration of a campaign. A dedicated suite would be offered to "
            "Northwind from the pivotal stage."],
            topics=["facilities"], terms={"facilities": {"gmp_suites": 6, "dedicated_suites": 2}}),
        C2("2.4", "Scale", [
            "Upstream trains at 50 L, 200 L and 500 L working volume (single-use stirred-tank "
            "bioreactors qualified for HEK293 suspension culture and transient transfection). NWG-101 "
            "would be run at 200 L in Suite L3, with a 500 L option in Suite L5."],
            topics=["scale"], answers={"R2": "answered"}, meets={"R2": True}),
        C2("2.5", "Analytical Capabilities", [
            "All NWG-101 release assays are performed in-house: vector genome titer by ddPCR, "
            "infectious titer (TCID50), a cell-based potency assay measuring transgene expression, "
            "full/empty capsid ratio by analytical ultracentrifugation (AUC) with a CE-SDS orthogonal "
            "method, host-cell DNA and protein, sterility and endotoxin. Only adventitious-agent testing "
            "of the master cell bank is sent to a qualified external laboratory."],
            topics=["analytics"], answers={"R3": "answered"}, meets={"R3": True}),
        C2("2.6", "Regulatory Record", [
            "The Lexington site has been inspected three (3) times by the FDA since 2019, including a "
            "pre-license inspection in 2023 that closed with no Form 483 observations, and holds an EU "
            "GMP certificate following an inspection on behalf of the EMA in 2022. Helix has supported "
            "two (2) approved AAV products and eleven (11) IND filings."],
            topics=["regulatory_record"], answers={"R11": "answered"}, meets={"R11": True}),
        C2("2.7", "Business Continuity", [
            "Helix operates a second site in Research Triangle Park, North Carolina, with a 200 L AAV "
            "suite on the same equipment platform and quality system. Helix will qualify that suite as "
            "the back-up site for NWG-101 before the first pivotal batch, at no charge to Northwind. "
            "Our business continuity plan is tested annually and is available for review during audit."],
            topics=["business_continuity"], answers={"R12": "answered"}, meets={"R12": True}),
        Columns(False),
        C1("3", "Technical Approach", [
            "Helix will transfer Northwind's process as developed, without re-optimisation, unless "
            "Northwind asks otherwise, to protect comparability with the material used in its "
            "toxicology studies."]),
        C2("3.1", "Technology Transfer", [
            "Technology transfer will be completed within fourteen (14) weeks of the kick-off meeting "
            "and is organised in the three work packages below, each closed by a joint review with "
            "Northwind's technical operations team."],
            topics=["tech_transfer", "timeline"], terms={"timeline": {"tech_transfer_weeks": 14}},
            answers={"R4": "answered"}, meets={"R4": True}),
        C3("3.1.1", "Gap Analysis", [
            "Within the first three weeks Helix will review Northwind's process description, batch "
            "records and development reports, map each unit operation to Helix equipment and raw "
            "materials, and issue a gap and risk assessment for Northwind's approval."],
            topics=["tech_transfer"]),
        C3("3.1.2", "Analytical Method Transfer", [
            "Release methods will be transferred by comparative testing against Northwind's reference "
            "standard. Methods already in Helix's platform (sterility, endotoxin, ddPCR titer) will be "
            "verified rather than transferred, which shortens the schedule by about four weeks."],
            topics=["tech_transfer", "analytics"]),
        C3("3.1.3", "Process Fit and Batch Records", [
            "Helix will author master batch records, bills of materials and sampling plans, and run a "
            "small-scale (2 L) confirmation before the engineering run."],
            topics=["tech_transfer"]),
        C2("3.2", "Engineering Run", [
            "One 200 L engineering run under GMP-like conditions will confirm yield and quality "
            "attributes and supply toxicology and reference material. The engineering run is scheduled "
            "in week 16 and its data package is issued within four weeks of harvest."]),
        C2("3.3", "GMP Manufacturing and Fill/Finish", [
            "GMP batches are manufactured in Suite L3, filled in Helix's isolator fill line into 2 mL "
            "vials (up to 2,000 vials per batch) and released by Helix QA with a Certificate of Analysis "
            "and certificate of GMP compliance. Northwind's Qualified Person or designee may review "
            "executed batch records before disposition."],
            topics=["quality_agreement"]),
        C1("4", "Program Timeline", [
            "The schedule below assumes MSA execution on 31 July 2025 and kick-off on 1 September 2025. "
            "The first GMP batch will be released within eight (8) months of MSA execution, ahead of "
            "Northwind's nine-month requirement.",
            Table([
                ["Milestone", "Week from kick-off", "Target date"],
                ["Kick-off and gap analysis", "0 \u2013 3", "September 2025"],
                ["Analytical method transfer complete", "10", "November 2025"],
                ["Technology transfer complete", "14", "December 2025"],
                ["Engineering run", "16 \u2013 20", "January 2026"],
                ["GMP batch 1 released", "34", "March 2026"],
                ["GMP batch 2 released", "44", "June 2026"],
            ], widths=[3.0, 1.5, 1.7])],
            topics=["timeline"], terms={"timeline": {"tech_transfer_weeks": 14, "first_batch_months": 8}},
            answers={"R5": "answered"}, meets={"R5": True}),
        C1("5", "Quality and Regulatory", []),
        C2("5.1", "Quality Agreement", [
            "Helix will negotiate and sign a Quality Agreement with Northwind within sixty (60) days "
            "of MSA execution and in any case before the engineering run. The Quality Agreement will "
            "define release responsibilities, deviation and change control handling, and the timelines "
            "for investigation reports (thirty (30) days for major deviations)."],
            topics=["quality_agreement"]),
        C2("5.2", "Batch Release", [
            "Each batch is released by Helix QA against the agreed specifications. Helix will deliver "
            "the executed batch record, Certificate of Analysis and deviation summary within ten (10) "
            "business days of the last release result."],
            topics=["quality_agreement"]),
        C2("5.3", "Audits", [
            "Northwind may conduct one routine quality audit per year at no charge on thirty (30) days' "
            "prior written notice, and for-cause audits at any time on reasonable notice following a "
            "critical deviation, recall or regulatory finding."],
            topics=["audit_rights"], terms={"audit_rights": {"per_years": 1, "notice_days": 30}}),
        C2("5.4", "Regulatory Inspections", [
            "Helix will notify Northwind within twenty-four (24) hours of any regulatory inspection that "
            "concerns NWG-101 or the suites in which it is made, allow a Northwind representative to "
            "attend the product-specific parts, and share relevant observations and responses."],
            topics=["regulatory_inspections"]),
        C2("5.5", "Subcontracting", [
            "Helix will not subcontract any manufacturing, fill/finish or release testing of NWG-101 "
            "without Northwind's prior written consent. Approved subcontractors are listed in the "
            "Quality Agreement and remain Helix's responsibility."],
            topics=["subcontracting"]),
        C1("6", "Program Governance", []),
        C2("6.1", "Program Management", [
            "A dedicated program manager, Ms. Laura Chen, will be Northwind's single point of contact, "
            "supported by a technical lead and a QA lead who remain assigned from kick-off through the "
            "first three GMP batches. Weekly project meetings and a shared action log keep both teams "
            "aligned."],
            topics=["partnership"]),
        C2("6.2", "Joint Steering Committee", [
            "A joint steering committee of senior representatives of both companies meets quarterly to "
            "review performance against agreed KPIs (right-first-time rate, on-time release, deviation "
            "closure) and to resolve escalations within ten (10) business days."],
            topics=["partnership"]),
        C2("6.3", "Change Control", [
            "Changes to scope, schedule or price are made only by a written change order signed by both "
            "parties. Process changes affecting NWG-101 follow the change control procedure in the "
            "Quality Agreement and require Northwind's approval."],
            topics=["change_control"]),
        C1("7", "Commercial Proposal", []),
        C2("7.1", "Pricing", [
            "All prices below are fixed, quoted in U.S. dollars (USD), and apply to Work Orders placed "
            "before 31 December 2026. Batch prices include standard raw materials and consumables "
            "(excluding Northwind-supplied plasmids and cell bank), in-process testing and twelve (12) "
            "months of storage of retained samples.",
            Table([
                ["Item", "Scope", "Price (USD)"],
                ["Technology transfer fee", "Gap analysis, method transfer and verification, batch "
                 "records, 2 L confirmation run", "385,000"],
                ["Engineering run (200 L)", "Non-GMP run at scale, data package, toxicology material",
                 "620,000"],
                ["GMP batch, drug substance (200 L)", "Manufacture, in-process testing, QA release of "
                 "drug substance", "1,150,000"],
                ["Per-batch release testing", "Drug substance and drug product release panel, CoA",
                 "95,000"],
                ["Fill/finish", "Aseptic fill of up to 2,000 vials, visual inspection, labelling",
                 "140,000"],
                ["Stability program", "Per batch, 24 months, ICH conditions", "60,000"],
            ], widths=[1.9, 3.2, 1.1])],
            topics=["pricing"],
            terms={"pricing": {"tech_transfer_fee": money(385000, "USD"),
                               "engineering_run_price": money(620000, "USD"),
                               "batch_price": money(1150000, "USD")}}),
        C3("7.1.1", "Optional 500 L Scale", [
            "If Northwind's pivotal demand requires it, Helix can manufacture NWG-101 at 500 L in Suite "
            "L5 for USD 1.45M per GMP batch, subject to a scale-up engineering run at the price of a "
            "200 L engineering run."],
            topics=["pricing", "scale"], terms={"pricing": {"batch_price": money(1450000, "USD")}}),
        C3("7.1.2", "Pass-Through Materials", [
            "Materials that are specific to NWG-101 and not included in the batch price (for example "
            "custom resins or reference standards) are re-invoiced at Helix's documented cost plus a "
            "handling fee of eight percent (8%)."],
            topics=["pass_through"], terms={"pass_through": {"markup_pct": 8}}),
        C3("7.1.3", "Price Adjustment", [
            "Prices may be adjusted once per calendar year from 1 January 2027. Any increase shall not "
            "exceed the lesser of the annual change in the U.S. Consumer Price Index (CPI-U) and three "
            "percent (3%)."],
            topics=["price_adjustment"]),
        C2("7.2", "Payment Terms", [
            "Helix invoices thirty percent (30%) of the batch price at batch start and the balance on QA "
            "release. The technology transfer fee is invoiced in two equal instalments at kick-off and "
            "completion. All invoices are payable net sixty (60) days from receipt of a correct invoice."],
            topics=["payment_terms"], terms={"payment_terms": {"net_days": 60}}),
        C2("7.3", "Capacity Reservation and Forecasting", [
            "To hold a manufacturing slot, Helix invoices a reservation fee of fifteen percent (15%) of "
            "the batch price when the slot is confirmed. The reservation fee is credited in full against "
            "the batch invoice and is refundable if the slot is cancelled without a fee under Section 7.4 "
            "or if Helix cannot provide the slot.",
            "Northwind will provide an eighteen (18) month rolling forecast each quarter. Only the first "
            "two quarters of each forecast are binding; the remainder is for planning purposes."],
            topics=["capacity_reservation", "forecasting"],
            terms={"capacity_reservation": {"pct": 15, "refundable": True}},
            answers={"R9": "answered"}, meets={"R9": True}),
        C2("7.4", "Cancellation and Rescheduling", [
            "Northwind may cancel a confirmed GMP batch by written notice. The cancellation fee, as a "
            "percentage of the batch price, depends on the notice given before the scheduled batch start:",
            Table([
                ["Notice before scheduled start", "Cancellation fee"],
                ["181 days or more", "0%"],
                ["120 to 180 days", "20%"],
                ["60 to 119 days", "50%"],
                ["Fewer than 60 days", "75%"],
            ], widths=[3.0, 2.0]),
            "Each batch may be rescheduled once, to a slot within six (6) months of the original date, "
            "without a fee. Materials already purchased for a cancelled batch that cannot be returned or "
            "used elsewhere are re-invoiced at cost."],
            topics=["cancellation"],
            terms={"cancellation": {"schedule": [
                {"min_days": 181, "max_days": None, "fee_pct": 0},
                {"min_days": 120, "max_days": 180, "fee_pct": 20},
                {"min_days": 60, "max_days": 119, "fee_pct": 50},
                {"min_days": 0, "max_days": 59, "fee_pct": 75}]}},
            answers={"R10": "answered"}, meets={"R10": True}),
        C2("7.5", "Minimum Commitment", [
            "Helix does not require a minimum annual purchase commitment or any take-or-pay arrangement."],
            topics=["minimum_commitment"]),
        C2("7.6", "Most Favoured Customer", [
            "For the term of the MSA, the prices charged to Northwind for GMP batches will be no less "
            "favourable than those charged by Helix to any other client for comparable services at "
            "comparable scale and volume."],
            topics=["most_favoured_customer"]),
        C1("8", "Risk Allocation", []),
        C2("8.1", "Batch Failure", [
            "If a batch fails to meet its specifications or was not manufactured in accordance with cGMP "
            "and the Quality Agreement, Helix will, at Northwind's election, re-manufacture the batch in "
            "the next available slot at no charge or credit one hundred percent (100%) of the batch "
            "price, unless the joint root-cause investigation shows that the failure resulted solely "
            "from defective Northwind-supplied materials. Investigations are completed within thirty (30) "
            "days."],
            topics=["batch_failure"],
            terms={"batch_failure": {"allocation": "vendor", "credit_pct": 100}},
            answers={"R6": "answered"}, meets={"R6": True}),
        C2("8.2", "Late Delivery", [
            "If Helix delivers a released batch more than fourteen (14) days after the confirmed delivery "
            "date for reasons not attributable to Northwind, Helix will credit two percent (2%) of the "
            "batch price for each week or part week of delay, up to a maximum of twenty percent (20%) of "
            "the batch price. Service credits are in addition to Northwind's other remedies, including "
            "termination of the affected Work Order if the delay exceeds eight (8) weeks."],
            topics=["late_delivery", "termination"],
            terms={"late_delivery": {"offered": True, "pct_per_week": 2, "cap_pct": 20,
                                     "grace_days": 14, "sole_remedy": False}},
            answers={"R7": "answered"}, meets={"R7": True}),
        C2("8.3", "Northwind-Supplied Materials", [
            "Helix is liable for loss of or damage to plasmids, cell banks and other Northwind-supplied "
            "materials while in its custody, up to their documented replacement cost and capped at "
            "USD 750,000 per batch."],
            topics=["raw_material_liability"]),
        C2("8.4", "Limitation of Liability", [
            "Each party's aggregate liability under the MSA shall not exceed two times (2x) the total "
            "fees paid or payable under the MSA in the twelve (12) months preceding the event giving rise "
            "to the claim. The cap does not apply to breach of confidentiality, indemnification "
            "obligations, or a party's gross negligence or wilful misconduct. Neither party is liable "
            "for indirect or consequential losses except to the extent they arise from those excluded "
            "matters."],
            topics=["liability_cap"],
            terms={"liability_cap": {"fee_multiple": 2, "months_of_fees": 12, "uncapped_carve_outs": [
                "confidentiality", "indemnification", "gross_negligence", "willful_misconduct"]}},
            answers={"R8": "answered"}, meets={"R8": True}),
        C2("8.5", "Indemnification", [
            "Helix will defend and indemnify Northwind against third-party claims arising from Helix's "
            "negligence, breach of cGMP or of the MSA, or infringement by Helix's platform technology. "
            "Northwind will indemnify Helix against third-party claims arising from the clinical use of "
            "NWG-101, except to the extent caused by Helix."],
            topics=["indemnification"]),
        C2("8.6", "Insurance", [
            "Helix maintains product liability and clinical trial liability insurance with limits of not "
            "less than USD 10,000,000 per occurrence and in the aggregate, with carriers rated A- or "
            "better, and will name Northwind as an additional insured on request."],
            topics=["insurance"], terms={"insurance": {"amount": money(10000000, "USD")}}),
        C2("8.7", "Warranty", [
            "Helix warrants that each batch, when released, was manufactured in accordance with cGMP, "
            "the Quality Agreement and the master batch record and meets its specifications, and that "
            "it will remain within specification through the approved shelf life when stored as "
            "labelled."],
            topics=["warranty"]),
        C1("9", "Contract Terms", []),
        C2("9.1", "Intellectual Property", [
            "Northwind owns NWG-101, its process and all improvements that are specific to NWG-101 or "
            "derived from Northwind's confidential information, whoever makes them. Helix retains its "
            "platform technology and improvements of general application, and grants Northwind a "
            "royalty-free licence to use them to make NWG-101 at any site."],
            topics=["ip_ownership"], terms={"ip_ownership": {"improvements_owner": "client"}}),
        C2("9.2", "Confidentiality", [
            "Each party will keep the other's confidential information confidential during the term and "
            "for seven (7) years thereafter, and trade secrets for as long as they remain trade secrets."],
            topics=["confidentiality"]),
        C2("9.3", "Exclusivity", [
            "Helix does not request exclusivity. Northwind remains free to qualify a second source for "
            "NWG-101, and Helix will support that qualification under Section 9.7."],
            topics=["exclusivity"]),
        C2("9.4", "Term and Termination", [
            "The MSA would have an initial term of five (5) years, renewable by mutual agreement. "
            "Northwind may terminate the MSA or any Work Order for convenience on ninety (90) days' "
            "written notice, paying for work performed and the cancellation fees under Section 7.4. "
            "Either party may terminate for a material breach that is not cured within sixty (60) days "
            "of notice."],
            topics=["term", "termination"],
            terms={"termination": {"convenience_notice_days": 90, "cure_days": 60}}),
        C2("9.5", "Force Majeure", [
            "A party affected by a force majeure event will notify the other within five (5) business "
            "days and use all reasonable efforts to resume performance. Helix will supply NWG-101 from "
            "its Research Triangle Park site during any force majeure event affecting Lexington that "
            "lasts longer than thirty (30) days."],
            topics=["force_majeure", "business_continuity"]),
        C2("9.6", "Governing Law and Disputes", [
            "The MSA would be governed by the laws of the State of New York. Disputes not resolved by the "
            "joint steering committee and then by the parties' chief executives within thirty (30) days "
            "would be finally resolved by JAMS arbitration in New York, New York."],
            topics=["governing_law"]),
        C2("9.7", "Technology Transfer Out", [
            "On expiry or termination for any reason, Helix will provide the documents, data and "
            "technical support needed to transfer the NWG-101 process to Northwind or a successor "
            "manufacturer, including up to one hundred sixty (160) hours of support at no charge and "
            "further support at cost."],
            topics=["tech_transfer"]),
        C1("10", "Acceptance", [
            "This proposal is a firm offer valid until 30 September 2025. Helix confirms that it has "
            "read the RFP, has no conflict of interest in supplying Northwind, and is prepared to "
            "contract on Northwind's MSA template subject to good-faith negotiation."]),
        Signature([
            "For and on behalf of Helix Viral Manufacturing, Inc.",
            "Signature: ______________________________",
            "Name: Dr. Elena Marsh",
            "Title: Chief Executive Officer",
            "Date: 10 April 2025",
        ]),
    ]
    meta = {"title": "Helix Viral Manufacturing - Proposal HVM-P-25-0412 for NWG-101",
            "author": "Helix Viral Manufacturing, Inc.", "subject": "Response to RFP NW-RFP-2025-003",
            "keywords": "AAV9, GMP, proposal"}
    return Doc("proposals/helix_viral_proposal.pdf", "proposal", PARTY, meta, b)


SPEC = {
    "pagesize": LETTER, "margin": 0.85 * inch, "font": "Helvetica", "bold": "Helvetica-Bold",
    "italic": "Helvetica-Oblique", "size": 9.5, "leading": 12.8, "justify": True, "accent": "#1F4E79",
    "header": "Helix Viral Manufacturing \u2014 Confidential",
    "header_right": "Proposal HVM-P-25-0412",
    "footer_left": "Response to Northwind RFP NW-RFP-2025-003",
    "levels": {
        1: {"size": 14, "before": 14, "after": 6, "color": "#1F4E79", "toc": 0},
        2: {"size": 10.5, "before": 7, "after": 2, "color": "#1F4E79"},
        3: {"mode": "runin", "indent": 18, "before": 2},
    },
}
