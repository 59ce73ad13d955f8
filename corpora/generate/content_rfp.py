"""RFP issued by the sponsor, Northwind Gene Therapies, Inc. (DOCX, typed numbers)."""
from model import Bullets, Clause as C, Doc, Signature, Table, Title

SPONSOR = "Northwind Gene Therapies, Inc."
RFP_NO = "NW-RFP-2025-003"

# id, criterion, short title, full requirement text (as printed after the heading)
REQUIREMENTS = [
    ("R1", "capability", "AAV9 manufacturing experience",
     "The Supplier shall have released at least five (5) GMP batches of AAV9 (drug substance or drug "
     "product) in the thirty-six (36) months preceding the proposal due date, and shall state the total "
     "number of GMP AAV batches released and the serotypes manufactured.",
     ["modality_experience"], {"modality_experience": {"gmp_batches": 5, "serotypes": ["AAV9"]}}),
    ("R2", "capability", "Upstream scale",
     "The Supplier shall operate, at the site proposed for NWG-101, a single-use bioreactor of 200 L "
     "working volume or larger that is qualified for HEK293 suspension culture and transient triple "
     "transfection.",
     ["scale"], {}),
    ("R3", "quality", "In-house analytics",
     "Potency (infectivity and transgene expression), vector genome titer (ddPCR or qPCR) and full/empty "
     "capsid ratio (AUC, CDMS or equivalent) shall be performed in-house at a GMP-compliant QC laboratory. "
     "Any release assay the Supplier intends to subcontract shall be identified together with the "
     "proposed subcontractor.",
     ["analytics", "subcontracting"], {}),
    ("R4", "timeline", "Technology transfer duration",
     "Technology transfer of the NWG-101 upstream, downstream and analytical processes shall be completed "
     "within sixteen (16) weeks of the kick-off meeting.",
     ["tech_transfer", "timeline"], {"timeline": {"tech_transfer_weeks": 16}}),
    ("R5", "timeline", "First GMP batch",
     "The first GMP batch of NWG-101 drug substance shall be manufactured and released by the Supplier's "
     "Quality Assurance within nine (9) months of execution of the MSA.",
     ["timeline"], {"timeline": {"first_batch_months": 9}}),
    ("R6", "commercial", "Batch failure allocation",
     "The proposal shall state who bears the cost of a batch that fails to meet specification, how root "
     "cause is determined, and what credit or re-manufacture the Supplier offers where the failure is "
     "attributable to the Supplier.",
     ["batch_failure"], {}),
    ("R7", "commercial", "Late delivery",
     "The proposal shall offer remedies for delivery after the agreed delivery date, such as service "
     "credits or liquidated damages expressed as a percentage of the batch price per week of delay, "
     "with any grace period and cap.",
     ["late_delivery"], {}),
    ("R8", "commercial", "Limitation of liability",
     "The Supplier's aggregate liability cap shall be no lower than the fees paid or payable in the "
     "twelve (12) months preceding the claim, with uncapped liability for breach of confidentiality, "
     "indemnification obligations, gross negligence and wilful misconduct.",
     ["liability_cap"], {"liability_cap": {"months_of_fees": 12, "uncapped_carve_outs": [
         "confidentiality", "indemnification", "gross_negligence", "willful_misconduct"]}}),
    ("R9", "commercial", "Capacity reservation",
     "The proposal shall state any slot reservation fee or deposit, as a percentage of the batch price, "
     "whether it is creditable against the batch invoice and whether and when it is refundable.",
     ["capacity_reservation"], {}),
    ("R10", "commercial", "Cancellation and rescheduling",
     "The proposal shall include the complete schedule of cancellation and rescheduling fees by notice "
     "period, expressed as a percentage of the batch price.",
     ["cancellation"], {}),
    ("R11", "quality", "Regulatory inspection record",
     "The Supplier shall disclose all regulatory inspections of the proposed site in the last five (5) "
     "years (FDA, EMA or national competent authorities), including the number of Form 483 observations "
     "or equivalent findings and their status.",
     ["regulatory_record", "regulatory_inspections"], {}),
    ("R12", "capability", "Business continuity",
     "The Supplier shall describe its business continuity arrangements for NWG-101, including any second "
     "qualified site or back-up suite able to manufacture the product if the primary suite is unavailable.",
     ["business_continuity"], {}),
]

WEIGHTS = {"capability": 30, "timeline": 20, "quality": 20, "commercial": 20, "culture": 10}


def document() -> Doc:
    b = []
    b.append(Title([
        (SPONSOR, "party"),
        ("Request for Proposal", "title"),
        ("GMP Manufacturing of NWG-101 (AAV9) Drug Substance and Drug Product", "subtitle"),
        (f"RFP reference: {RFP_NO}", "meta"),
        ("Issue date: 3 March 2025", "meta"),
        ("Proposals due: 11 April 2025, 17:00 Pacific Time", "meta"),
        ("CONFIDENTIAL \u2014 provided under the Confidential Disclosure Agreement between the "
         "recipient and Northwind Gene Therapies, Inc.", "meta"),
    ]))
    b += [
        C("1", "Introduction", [], label="1.", level=1),
        C("1.1", "About Northwind", [
            "Northwind Gene Therapies, Inc. (\u201cNorthwind\u201d) is a clinical-stage biotechnology company "
            "headquartered in South San Francisco, California, developing one-time AAV gene therapies for "
            "rare neuromuscular diseases. Northwind has no commercial-scale GMP manufacturing facility of "
            "its own and relies on qualified contract development and manufacturing organisations "
            "(\u201cCDMOs\u201d) for clinical and, in time, commercial supply.",
            "Northwind operates a 50 L process development laboratory in Menlo Park, California, where the "
            "current NWG-101 process was developed. Northwind's technical operations team of fourteen "
            "people will support the selected Supplier throughout technology transfer and manufacture."],
          label="1.1", level=2, topics=["partnership"]),
        C("1.2", "Purpose of this RFP", [
            "This Request for Proposal (\u201cRFP\u201d) invites qualified CDMOs (each a \u201cSupplier\u201d) to "
            "propose the technology transfer, engineering run, GMP manufacture, release testing and "
            "stability testing of NWG-101 drug substance and drug product for Northwind's planned Phase 1/2 "
            "study and subsequent pivotal study. Northwind intends to select one primary Supplier and to "
            "enter into a Master Services Agreement (\u201cMSA\u201d), a Quality Agreement and one or more Work "
            "Orders with that Supplier."],
          label="1.2", level=2),
        C("2", "Program Background", [], label="2.", level=1),
        C("2.1", "NWG-101", [
            "NWG-101 is a recombinant adeno-associated virus serotype 9 (AAV9) vector carrying a "
            "codon-optimised human transgene under a muscle-specific promoter. The vector is produced by "
            "transient triple transfection of suspension-adapted HEK293 cells, purified by affinity capture "
            "followed by anion-exchange polishing for full-capsid enrichment, and formulated at a target "
            "concentration of 2.0E13 vg/mL.",
            "The expected clinical dose is high (up to 1E14 vg/kg). A 200 L batch at the current process "
            "yield is expected to supply approximately eighteen (18) to twenty-two (22) patients; smaller "
            "scales would require a disproportionate number of batches."],
          label="2.1", level=2, topics=["modality_experience", "scale"]),
        C("2.2", "Materials Supplied by Northwind", [
            "Northwind will supply GMP-grade plasmids (transgene, rep/cap and helper) manufactured by its "
            "plasmid supplier, and the HEK293 master cell bank. These client-supplied materials have long "
            "lead times and a replacement value of approximately USD 600,000 per batch-equivalent. "
            "Suppliers shall state their liability for loss of or damage to client-supplied materials."],
          label="2.2", level=2, topics=["raw_material_liability"]),
        C("3", "Scope of Work", [], label="3.", level=1),
        C("3.1", "Technology Transfer", [
            "Transfer of the upstream, downstream and analytical methods from Northwind's development "
            "laboratory, including gap analysis, facility fit, raw material qualification, analytical "
            "method transfer or qualification, and preparation of GMP batch records."],
          label="3.1", level=2, topics=["tech_transfer"]),
        C("3.2", "Engineering Run", [
            "One non-GMP engineering run at the intended GMP scale to confirm process performance and "
            "generate reference and toxicology material."],
          label="3.2", level=2),
        C("3.3", "GMP Manufacturing", [
            "Three (3) GMP batches of NWG-101 drug substance within the first eighteen (18) months after "
            "MSA execution, and up to four (4) GMP batches per year thereafter subject to clinical "
            "progress. Northwind does not intend to accept minimum purchase or take-or-pay commitments."],
          label="3.3", level=2, topics=["minimum_commitment"]),
        C("3.4", "Fill/Finish and Release Testing", [
            "Aseptic fill of drug product into 2 mL vials, release testing against the specifications in "
            "the Quality Agreement, and issue of a Certificate of Analysis and a certificate of GMP "
            "compliance for each batch."],
          label="3.4", level=2, topics=["quality_agreement", "analytics"]),
        C("3.5", "Stability", [
            "Real-time and accelerated stability studies for drug substance and drug product under ICH "
            "conditions for at least twenty-four (24) months."],
          label="3.5", level=2),
        C("4", "Timeline", [
            "The indicative RFP and program timeline is set out below. Northwind may change these dates "
            "by notice to all Suppliers.",
            Table([
                ["Milestone", "Target date"],
                ["RFP issued", "3 March 2025"],
                ["Written questions due", "17 March 2025"],
                ["Answers circulated to all Suppliers", "24 March 2025"],
                ["Proposals due", "11 April 2025"],
                ["Shortlist and site visits", "May \u2013 June 2025"],
                ["Award decision", "30 June 2025"],
                ["MSA and Quality Agreement executed", "31 July 2025"],
                ["Technology transfer kick-off", "1 September 2025"],
                ["First GMP batch released", "no later than 30 April 2026"],
            ], widths=[3.5, 2.5])],
          label="4.", level=1, topics=["timeline"]),
        C("5", "Requirements", [
            "Each proposal shall respond to every requirement below by its number (R1 to R12). A "
            "requirement that is not addressed will be scored as not met. Suppliers may propose "
            "alternatives, but shall state clearly where a proposal departs from a requirement."],
          label="5.", level=1),
    ]
    for rid, crit, title, text, topics, terms in REQUIREMENTS:
        b.append(C(rid, title, [text], label=f"{rid}.", level=2, mode="runin", topics=topics,
                   terms=terms))
    b += [
        C("6", "Commercial Framework", [], label="6.", level=1),
        C("6.1", "Pricing Format", [
            "Prices shall be quoted as fixed prices, in USD, EUR or GBP, for each of the following "
            "items, and shall state what is included (for example raw materials, release testing, "
            "storage and shipping):",
            Bullets(["technology transfer fee;", "engineering run price;",
                     "GMP batch price at the proposed scale;", "per-batch release testing; and",
                     "pass-through costs and any handling fee or markup applied to them."]),
            "Prices described only as estimates or as subject to change will be scored accordingly."],
          label="6.1", level=2, topics=["pricing", "pass_through"]),
        C("6.2", "Contract Structure and Standard Positions", [
            "The selected Supplier will be asked to contract on Northwind's MSA template. Northwind's "
            "standard positions are: payment of undisputed invoices within sixty (60) days of receipt; "
            "annual price adjustments capped at the change in the U.S. Consumer Price Index; no "
            "subcontracting of manufacturing or release testing without Northwind's prior written "
            "consent; Northwind ownership of all product-specific process improvements; and New York "
            "governing law. Suppliers shall list any position they cannot accept."],
          label="6.2", level=2,
          topics=["payment_terms", "price_adjustment", "subcontracting", "ip_ownership", "governing_law"],
          terms={"payment_terms": {"net_days": 60}, "ip_ownership": {"improvements_owner": "client"}}),
        C("7", "Evaluation Criteria", [], label="7.", level=1),
        C("7.1", "Weighting", [
            "Proposals will be evaluated against five criteria: capability (30%), timeline (20%), "
            "quality (20%), commercial (20%) and culture (10%). The requirements assessed under each "
            "criterion are shown in the table below.",
            Table([
                ["Criterion", "Weight", "Requirements assessed"],
                ["Capability", "30%", "R1 AAV9 experience; R2 upstream scale; R12 business continuity"],
                ["Timeline", "20%", "R4 technology transfer duration; R5 first GMP batch"],
                ["Quality", "20%", "R3 in-house analytics; R11 regulatory inspection record"],
                ["Commercial", "20%", "R6 batch failure; R7 late delivery; R8 limitation of liability; "
                 "R9 capacity reservation; R10 cancellation; prices under Section 6"],
                ["Culture", "10%", "No numbered requirement: governance, program management, "
                 "responsiveness during the RFP and the site visit"],
            ], widths=[1.3, 0.8, 4.2])],
          label="7.1", level=2),
        C("7.2", "Scoring", [
            "Each criterion is scored from 0 (not addressed) to 5 (exceeds the requirement) by a panel "
            "from Technical Operations, Quality, Procurement and Legal, and the weighted scores are added. "
            "A requirement that a proposal does not address scores 0 for that requirement. Commercial "
            "terms are scored against Northwind's negotiation playbook."],
          label="7.2", level=2),
        C("7.3", "Culture and Partnership", [
            "Culture is assessed from the proposal's description of governance and program management, "
            "the seniority and continuity of the proposed team, the quality of answers during the RFP, and "
            "the site visit. Northwind values transparent escalation and a single accountable program "
            "manager."],
          label="7.3", level=2, topics=["partnership"]),
        C("8", "Proposal Instructions", [], label="8.", level=1),
        C("8.1", "Format and Submission", [
            "Proposals shall be submitted as a single PDF or Word document of no more than twenty-five (25) "
            "pages, excluding appendices, by email to external.manufacturing@northwindgtx.example by the "
            "due date. The proposal shall identify the Supplier's full legal name and be signed by an "
            "authorised officer."],
          label="8.1", level=2),
        C("8.2", "Questions", [
            "Questions shall be submitted in writing by 17 March 2025. Answers will be shared with all "
            "Suppliers without identifying the Supplier that asked."],
          label="8.2", level=2),
        C("8.3", "Confidentiality", [
            "This RFP and all information provided by Northwind are confidential information under the "
            "Confidential Disclosure Agreement between Northwind and the Supplier and shall be used solely "
            "to prepare a proposal."],
          label="8.3", level=2, topics=["confidentiality"]),
        C("8.4", "No Commitment", [
            "This RFP is not an offer. Northwind may amend or withdraw this RFP, negotiate with one or more "
            "Suppliers, or make no award, and shall not be liable for any cost incurred by a Supplier in "
            "responding."],
          label="8.4", level=2),
    ]
    b.append(Signature([
        "Issued on behalf of Northwind Gene Therapies, Inc. by:",
        "Priya Raman",
        "Director, External Manufacturing",
        "Northwind Gene Therapies, Inc., 400 Oyster Point Boulevard, South San Francisco, CA 94080",
        "external.manufacturing@northwindgtx.example",
    ]))
    meta = {"title": "Request for Proposal NW-RFP-2025-003 \u2014 GMP Manufacturing of NWG-101",
            "author": "Priya Raman", "subject": "AAV9 GMP manufacturing RFP",
            "created": "2025-03-03T09:00:00", "modified": "2025-03-03T09:00:00",
            "company": SPONSOR}
    return Doc("rfp/rfp_aav_manufacturing.docx", "rfp", SPONSOR, meta, b)


SPEC = {"font": "Calibri", "size": 11, "h1": 14, "h2": 12, "heading_color": "1F3A5F",
        "header": "Northwind Gene Therapies, Inc. \u2014 RFP NW-RFP-2025-003 \u2014 Confidential",
        "footer_left": "NW-RFP-2025-003",
        "levels": {1: {"style": "Heading 1"}, 2: {"style": "Heading 2"}}}
