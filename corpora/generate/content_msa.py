"""Master Services Agreement between Northwind (client) and Helix (CDMO): draft v1 and v2.

v1 is Northwind's clean draft. v2 is the next round with real tracked changes (w:ins, w:del,
w:moveFrom / w:moveTo) by two authors, two Word comments, and renumbering:
  * new Section 2.2 (Subcontracting) inserted -> old 2.2-2.5 become 2.3-2.6
  * Section 6.3 (Most Favoured Customer) deleted -> old 6.4-6.6 become 6.3-6.5
  * Section 5.5 (Record Retention) moved unchanged to Article 7 as Section 7.3
Section numbers are typed text; renumbering is not itself tracked (as when Word updates
numbering), so v2 with every revision rejected reads exactly as v1 apart from those numbers.

Each section is written once, as segments: plain str = unchanged, ("-", text, who) = deleted in
v2, ("+", text, who) = inserted in v2. v1 = unchanged + deleted; v2 = unchanged + inserted.
"""
from __future__ import annotations

import datetime as dt

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.text.run import Run

from model import Clause, Doc, Signature, Title
from render_docx import new_document, save_stable

CLIENT = "Northwind Gene Therapies, Inc."
VENDOR = "Helix Viral Manufacturing, Inc."

AUTHORS = {
    "H": ("Dana Whitfield", "DW", "2025-06-16T14:22:00Z"),   # Helix, Associate General Counsel
    "N": ("Marcus Oyelaran", "MO", "2025-06-19T09:05:00Z"),  # Northwind, Senior Corporate Counsel
}


def D(text, who):
    return ("-", text, who)


def I(text, who):
    return ("+", text, who)


class Art:
    def __init__(self, num, heading):
        self.num, self.heading = num, heading


class Sec:
    def __init__(self, old, new, heading, paras, status="same", topics=(), terms=None, terms_v2=None,
                 diff=None, comment=None):
        self.old, self.new, self.heading = old, new, heading
        # paras: list of paragraphs; each paragraph is a str or a list of segments
        self.paras = [p if isinstance(p, list) else [p] for p in paras]
        self.status = status            # same | added | removed | moved_from | moved_to
        self.topics = list(topics)
        self.terms = terms or {}
        self.terms_v2 = terms_v2 if terms_v2 is not None else self.terms
        self.diff = diff                # dict for the gold diff when this section changed
        self.comment = comment          # (who, text) anchored on the section heading in v2

    def text(self, version, para):
        out = []
        for s in para:
            if isinstance(s, str):
                out.append(s)
            elif (s[0] == "-" and version == 1) or (s[0] == "+" and version == 2):
                out.append(s[1])
        return "".join(out)

    def changed(self):
        return any(not isinstance(s, str) for p in self.paras for s in p)


DEFS = [
    "\u201cAffiliate\u201d means any entity that controls, is controlled by or is under common control with a "
    "Party, where control means ownership of more than fifty percent (50%) of the voting securities.",
    "\u201cApplicable Laws\u201d means all laws, regulations and guidance of any governmental or regulatory "
    "authority that apply to a Party's activities under this Agreement.",
    "\u201cBatch\u201d means all Product manufactured in a single run in accordance with the Master Batch "
    "Record.",
    "\u201ccGMP\u201d means current good manufacturing practices under 21 C.F.R. Parts 210, 211, 600 and "
    "610 and EudraLex Volume 4, as applicable.",
    "\u201cClient Materials\u201d means the plasmids, cell banks, reference standards and other materials "
    "supplied by or on behalf of Client.",
    "\u201cCertificate of Analysis\u201d means a document signed by Helix's quality assurance unit that sets "
    "out the test results for a Batch against the Specifications.",
    "\u201cConfidential Information\u201d means all non-public information disclosed by a Party in "
    "connection with this Agreement.",
    "\u201cEngineering Run\u201d means a non-GMP run of the manufacturing process at the intended scale.",
    "\u201cFees\u201d means all amounts payable by Client to Helix under this Agreement and all Work Orders.",
    "\u201cMaster Batch Record\u201d means the master production record for Product approved by both Parties.",
    "\u201cNon-Conforming Batch\u201d means a Batch that does not meet the Specifications or was not "
    "manufactured in accordance with cGMP, the Quality Agreement and the Master Batch Record.",
    "\u201cProduct\u201d means NWG-101 drug substance and drug product.",
    "\u201cQuality Agreement\u201d means the quality agreement between the Parties referred to in Section 5.1.",
    "\u201cSpecifications\u201d means the specifications for Product set out in the Quality Agreement.",
    "\u201cWork Order\u201d means a written work order for Services signed by both Parties under this "
    "Agreement.",
]

CARVE_OUTS = ["indemnification", "confidentiality", "gross_negligence", "fraud", "willful_misconduct"]

ITEMS = [
    Art(1, "Definitions"),
    Sec("1.1", "1.1", "Definitions",
        ["Capitalized terms used in this Agreement have the meanings set out below or where they are "
         "first defined:"] + DEFS),
    Sec("1.2", "1.2", "Interpretation", [
        "Headings are for convenience only. \u201cIncluding\u201d means including without limitation. "
        "References to days are to calendar days unless business days are specified. In the event of a "
        "conflict, this Agreement prevails over a Work Order unless the Work Order expressly states that it "
        "amends a specific Section of this Agreement, and the Quality Agreement prevails on quality "
        "matters."]),
    Art(2, "Services"),
    Sec("2.1", "2.1", "Scope of Services", [[
        "Helix shall perform the technology transfer, development, manufacturing, testing, storage and "
        "related services ", I("described in each Work Order ", "H"),
        "(the \u201cServices\u201d) in accordance with this Agreement, ",
        D("the applicable Work Order, ", "H"),
        "the Quality Agreement and all applicable laws."]],
        diff={"kind": "modified", "direction": "neutral", "topics": [],
              "summary": "wording only: Services now \u2018described in each Work Order\u2019; duplicate "
                         "reference to the Work Order removed"}),
    Sec(None, "2.2", "Subcontracting", [[I(
        "Helix shall not subcontract any manufacturing, fill/finish, release testing or stability testing "
        "of Product, or any other Services involving Client Materials, without Client's prior written "
        "consent. Helix shall remain responsible for the acts and omissions of its permitted "
        "subcontractors as if they were its own, and shall impose on them obligations no less protective "
        "of Client than those in this Agreement and the Quality Agreement.", "N")]],
        status="added", topics=["subcontracting"],
        diff={"kind": "added", "direction": "favourable", "topics": ["subcontracting"],
              "summary": "new clause: no subcontracting of manufacturing or testing without Client's "
                         "prior written consent; Helix liable for subcontractors"},
        comment=("H", "Helix can accept consent for GMP activities. Please confirm that suppliers of "
                      "QC reagents and courier services are not subcontractors for this purpose.")),
    Sec("2.2", "2.3", "Work Orders", [
        "Each project shall be described in a Work Order signed by both Parties that sets out the scope, "
        "deliverables, schedule, Batch size and Fees. Helix shall not begin work under a Work Order until "
        "it has been signed by both Parties."]),
    Sec("2.3", "2.4", "Change Orders", [
        "Either Party may request changes to the scope, schedule or Fees of a Work Order. No change shall "
        "be effective unless set out in a written change order signed by both Parties. Helix shall not "
        "implement any change to the manufacturing process, equipment, raw materials or facilities that "
        "may affect Product without Client's prior written approval under the change control procedure of "
        "the Quality Agreement."],
        topics=["change_control"]),
    Sec("2.4", "2.5", "Technology Transfer", [
        "Helix shall complete the transfer of Client's manufacturing process and analytical methods within "
        "fourteen (14) weeks of the kick-off meeting, in accordance with the technology transfer plan "
        "attached to the first Work Order and for the technology transfer fee stated in Section 6.1."],
        topics=["tech_transfer", "timeline"], terms={"timeline": {"tech_transfer_weeks": 14}}),
    Sec("2.5", "2.6", "Project Management; Joint Steering Committee", [
        "Each Party shall appoint a project manager as its primary contact for the Services. Within thirty "
        "(30) days after the Effective Date the Parties shall form a joint steering committee of three (3) "
        "senior representatives of each Party, which shall meet at least quarterly to review the progress "
        "of the Services, key performance indicators and any issues escalated by the project managers. "
        "The joint steering committee has no authority to amend this Agreement."],
        topics=["partnership"]),
    Art(3, "Forecasts, Capacity and Cancellation"),
    Sec("3.1", "3.1", "Forecasts", [
        "Client shall provide Helix each calendar quarter with an eighteen (18) month rolling forecast of "
        "its requirements for Batches. The first two (2) quarters of each forecast are binding; the "
        "remainder is non-binding and for planning purposes only."],
        topics=["forecasting"]),
    Sec("3.2", "3.2", "Capacity Reservation", [
        "Helix shall reserve manufacturing slots for the Batches in each Work Order and may invoice a "
        "reservation fee of fifteen percent (15%) of the Batch price when a slot is confirmed. The "
        "reservation fee shall be credited in full against the invoice for the Batch and shall be refunded "
        "if the slot is cancelled without a fee under Section 3.3 or if Helix fails to provide the slot."],
        topics=["capacity_reservation"], terms={"capacity_reservation": {"pct": 15, "refundable": True}}),
    Sec("3.3", "3.3", "Cancellation and Rescheduling", [
        "Client may cancel or reschedule any Batch by written notice to Helix. Cancellation fees, as a "
        "percentage of the Batch price, are: (a) notice one hundred eighty-one (181) days or more before "
        "the scheduled start, zero percent (0%); (b) one hundred twenty (120) to one hundred eighty (180) "
        "days, twenty percent (20%); (c) sixty (60) to one hundred nineteen (119) days, fifty percent "
        "(50%); and (d) fewer than sixty (60) days, seventy-five percent (75%). Client may reschedule each "
        "Batch once, to a slot within six (6) months of the original date, without fee."],
        topics=["cancellation"],
        terms={"cancellation": {"schedule": [
            {"min_days": 181, "max_days": None, "fee_pct": 0},
            {"min_days": 120, "max_days": 180, "fee_pct": 20},
            {"min_days": 60, "max_days": 119, "fee_pct": 50},
            {"min_days": 0, "max_days": 59, "fee_pct": 75}]}}),
    Art(4, "Manufacture and Delivery"),
    Sec("4.1", "4.1", "Manufacture", [
        "Helix shall manufacture each Batch in accordance with cGMP, the Master Batch Record, the "
        "Specifications, the Quality Agreement and applicable laws at its facility at 85 Hartwell Avenue, "
        "Lexington, Massachusetts, or at another facility approved in writing by Client."],
        topics=["quality_agreement"]),
    Sec("4.2", "4.2", "Client Materials", [
        "Client shall supply the Client Materials specified in each Work Order. Helix shall store and "
        "handle Client Materials in accordance with Client's instructions and the Quality Agreement, use "
        "them solely to perform the Services, and bear the risk of loss of or damage to Client Materials "
        "while in its possession, up to their replacement cost and subject to a maximum of seven hundred "
        "fifty thousand U.S. dollars (USD 750,000) per Batch."],
        topics=["raw_material_liability"]),
    Sec("4.3", "4.3", "Delivery and Late Delivery", [[
        "Helix shall deliver each released Batch FCA Helix's facility (Incoterms 2020) on the delivery date "
        "stated in the Work Order. If Helix delivers a Batch more than fourteen (14) days after that date "
        "for reasons not attributable to Client, Helix shall credit Client two percent (2%) of the Batch "
        "price for each week or part of a week of delay, up to a maximum of ",
        D("ten percent (10%)", "N"), I("fifteen percent (15%)", "N"),
        " of the Batch price. Such credits are without prejudice to Client's right to terminate the "
        "affected Work Order under Section 13.2."]],
        topics=["late_delivery"],
        terms={"late_delivery": {"offered": True, "pct_per_week": 2, "cap_pct": 10, "grace_days": 14,
                                 "sole_remedy": False}},
        terms_v2={"late_delivery": {"offered": True, "pct_per_week": 2, "cap_pct": 15, "grace_days": 14,
                                    "sole_remedy": False}},
        diff={"kind": "modified", "direction": "favourable", "topics": ["late_delivery"],
              "summary": "late delivery credit cap raised from 10% to 15% of the Batch price",
              "term_change": {"topic": "late_delivery", "key": "cap_pct", "old": 10, "new": 15}}),
    Sec("4.4", "4.4", "Batch Failure", [[
        "If a Batch is a Non-Conforming Batch, ",
        D("Helix shall, at Client's election, either manufacture a replacement Batch at no charge in the "
          "next available slot or credit one hundred percent (100%) of the Batch price, and shall replace "
          "at its cost any Client Materials consumed, ", "H"),
        I("the Parties shall share equally (fifty percent (50%) each) the Batch price of the "
          "Non-Conforming Batch and the cost of any replacement Batch and of any Client Materials consumed, "
          "irrespective of whether the non-conformity is attributable to Helix, ", "H"),
        "unless the joint root-cause investigation shows that the non-conformity was caused solely by "
        "defective Client Materials", I(", in which case Client shall bear those costs in full", "H"),
        ". The Parties shall complete the root-cause investigation within thirty (30) days."]],
        topics=["batch_failure"],
        terms={"batch_failure": {"allocation": "vendor", "credit_pct": 100}},
        terms_v2={"batch_failure": {"allocation": "shared", "shared_pct": 50}},
        diff={"kind": "modified", "direction": "unfavourable", "topics": ["batch_failure"],
              "summary": "failed batches: from Helix re-manufacturing or crediting 100% to costs shared "
                         "50/50 irrespective of fault",
              "term_change": {"topic": "batch_failure", "key": "allocation", "old": "vendor",
                              "new": "shared"}},
        comment=("H", "Helix cannot carry the full cost of failures it did not cause. A 50/50 share "
                      "reflects the process risk of a newly transferred process.")),
    Sec("4.5", "4.5", "Title and Risk of Loss", [
        "Title to Product passes to Client on release of the Batch by Helix's quality assurance unit. Risk "
        "of loss of Product passes to Client on delivery in accordance with Section 4.3. Helix shall store "
        "released Product free of charge for up to sixty (60) days after release and thereafter at the "
        "storage fees set out in the Work Order."]),
    Art(5, "Quality"),
    Sec("5.1", "5.1", "Quality Agreement", [
        "Within sixty (60) days after the Effective Date, and in any case before the engineering run, the "
        "Parties shall enter into the Quality Agreement, which governs their respective quality "
        "responsibilities for the Services."],
        topics=["quality_agreement"]),
    Sec("5.2", "5.2", "Batch Release", [
        "Helix's quality assurance unit shall release each Batch and provide Client with the executed batch "
        "record, Certificate of Analysis, certificate of cGMP compliance and deviation summary within ten "
        "(10) business days after the last release result. Client is responsible for final disposition of "
        "Product for clinical use."],
        topics=["quality_agreement"]),
    Sec("5.3", "5.3", "Deviations and Investigations", [
        "Helix shall notify Client of any critical deviation within one (1) business day and of any major "
        "deviation within three (3) business days, and shall complete the investigation of each deviation "
        "within thirty (30) days unless the Parties agree otherwise."],
        topics=["quality_agreement"]),
    Sec("5.4", "5.4", "Complaints and Recalls", [
        "Each Party shall promptly inform the other of any complaint, adverse event report or information "
        "that may indicate a quality defect in Product. Client shall decide, in its sole discretion, whether "
        "to recall Product. Helix shall bear the reasonable costs of a recall to the extent it results from "
        "Helix's breach of this Agreement or the Quality Agreement."],
        topics=["quality_agreement"]),
    Sec("5.5", None, "Record Retention", [
        "Helix shall retain all batch records, raw data, retained samples and other documents relating to "
        "the Services for the longer of five (5) years after the expiry date of the relevant Batch and the "
        "period required by applicable law, and shall not destroy them without first offering them to "
        "Client."],
        status="moved_from", topics=["quality_agreement"],
        diff={"kind": "moved", "direction": "neutral", "topics": ["quality_agreement"],
              "summary": "Record Retention moved unchanged from Article 5 (Quality) to Article 7 "
                         "(Audits and Inspections)"}),
    Art(6, "Price and Payment"),
    Sec("6.1", "6.1", "Prices", [
        "The Fees are set out in each Work Order. As of the Effective Date, the technology transfer fee is "
        "USD 385,000, the price of an engineering run is USD 620,000 and the price of a 200 L GMP Batch of "
        "drug substance is USD 1,150,000."],
        topics=["pricing"],
        terms={"pricing": {"tech_transfer_fee": {"amount": 385000, "currency": "USD"},
                           "engineering_run_price": {"amount": 620000, "currency": "USD"},
                           "batch_price": {"amount": 1150000, "currency": "USD"}}}),
    Sec("6.2", "6.2", "Pass-Through Costs", [
        "Product-specific materials and third-party services not included in the Batch price shall be "
        "invoiced at Helix's documented cost plus a handling fee of eight percent (8%). Any single item "
        "exceeding USD 25,000 requires Client's prior written approval."],
        topics=["pass_through"], terms={"pass_through": {"markup_pct": 8}}),
    Sec("6.3", None, "Most Favoured Customer", [[D(
        "Helix represents that the prices charged to Client for Batches are and shall remain no less "
        "favourable than the prices charged by Helix to any other customer for comparable services at "
        "comparable scale and volume. If Helix offers more favourable prices to another customer, it shall "
        "offer the same prices to Client from the same date.", "H")]],
        status="removed", topics=["most_favoured_customer"],
        diff={"kind": "removed", "direction": "unfavourable", "topics": ["most_favoured_customer"],
              "summary": "most-favoured-customer pricing clause deleted"}),
    Sec("6.4", "6.3", "Price Adjustment", [
        "Helix may adjust the Fees once per calendar year, starting on 1 January 2027, on at least ninety "
        "(90) days' written notice. No adjustment shall exceed the lesser of the percentage change in the "
        "U.S. Consumer Price Index for All Urban Consumers (CPI-U) over the preceding twelve (12) months "
        "and three percent (3%)."],
        topics=["price_adjustment"]),
    Sec("6.5", "6.4", "Invoicing and Payment", [[
        "Helix shall invoice thirty percent (30%) of the Batch price at the start of manufacture and the "
        "balance on release of the Batch. Client shall pay each undisputed invoice within ",
        D("forty-five (45)", "N"), I("sixty (60)", "N"),
        " days of receipt. Client may withhold amounts disputed in good faith, provided that it notifies "
        "Helix of the dispute within fifteen (15) days of receipt of the invoice."]],
        topics=["payment_terms"],
        terms={"payment_terms": {"net_days": 45}}, terms_v2={"payment_terms": {"net_days": 60}},
        diff={"kind": "modified", "direction": "favourable", "topics": ["payment_terms"],
              "summary": "payment terms extended from net 45 to net 60 days",
              "term_change": {"topic": "payment_terms", "key": "net_days", "old": 45, "new": 60}}),
    Sec("6.6", "6.5", "Taxes", [
        "All Fees exclude sales, use, value-added and similar taxes, which Client shall pay where applicable "
        "on receipt of a valid tax invoice. Each Party is responsible for taxes on its own income. If Client "
        "is required by law to withhold tax from any payment, it shall withhold and remit the tax and "
        "provide Helix with official receipts."]),
    Art(7, "Audits and Inspections"),
    Sec("7.1", "7.1", "Audit Rights", [[
        "Client or its designee may audit the facilities, systems and records used for the Services once "
        "per calendar year on ", D("thirty (30)", "N"), I("ten (10)", "N"),
        " days' prior written notice, and at any time for cause. Helix shall respond in writing to audit "
        "observations within thirty (30) days."]],
        topics=["audit_rights"],
        terms={"audit_rights": {"per_years": 1, "notice_days": 30}},
        terms_v2={"audit_rights": {"per_years": 1, "notice_days": 10}},
        diff={"kind": "modified", "direction": "favourable", "topics": ["audit_rights"],
              "summary": "audit notice shortened from 30 to 10 days",
              "term_change": {"topic": "audit_rights", "key": "notice_days", "old": 30, "new": 10}}),
    Sec("7.2", "7.2", "Regulatory Inspections", [
        "Helix shall notify Client within twenty-four (24) hours of any regulatory inspection or inquiry "
        "relating to Product or to the facilities used for the Services, permit Client to attend the "
        "product-specific parts of any inspection, and provide Client with copies of all related "
        "correspondence and observations."],
        topics=["regulatory_inspections"]),
    Sec(None, "7.3", "Record Retention", [
        "Helix shall retain all batch records, raw data, retained samples and other documents relating to "
        "the Services for the longer of five (5) years after the expiry date of the relevant Batch and the "
        "period required by applicable law, and shall not destroy them without first offering them to "
        "Client."],
        status="moved_to", topics=["quality_agreement"]),
    Art(8, "Intellectual Property"),
    Sec("8.1", "8.1", "Background IP", [
        "Each Party retains all rights in the intellectual property it owned before the Effective Date or "
        "develops independently of this Agreement (\u201cBackground IP\u201d). Client grants Helix a "
        "non-exclusive, royalty-free licence to use Client's Background IP and the Client Materials solely "
        "to perform the Services."],
        topics=["ip_ownership"]),
    Sec("8.2", "8.2", "Improvements", [
        "All inventions, improvements and know-how that relate specifically to Product or its manufacturing "
        "process, or that are derived from Client's Confidential Information, whether made by Helix, Client "
        "or both (\u201cProduct Improvements\u201d), shall be owned by Client, and Helix hereby assigns them "
        "to Client. Improvements to Helix's platform technology of general application that do not use "
        "Client's Confidential Information shall be owned by Helix, and Helix grants Client a perpetual, "
        "royalty-free, non-exclusive licence to use them to make Product at any site."],
        topics=["ip_ownership"], terms={"ip_ownership": {"improvements_owner": "client"}}),
    Art(9, "Confidentiality"),
    Sec("9.1", "9.1", "Confidentiality Obligations", [
        "Each Party shall hold the other Party's Confidential Information in confidence, use it only to "
        "perform or receive the Services, and disclose it only to those of its employees and advisers who "
        "need to know it and are bound by obligations no less protective than these. These obligations "
        "survive for seven (7) years after termination and, for trade secrets, for as long as they remain "
        "trade secrets. Confidential Information does not include information that is public, already "
        "known to the recipient, independently developed or lawfully received from a third party."],
        topics=["confidentiality"]),
    Sec("9.2", "9.2", "Compelled Disclosure", [
        "A Party that is required by law, regulation or court order to disclose Confidential Information of "
        "the other Party shall, to the extent legally permitted, give prompt notice to the other Party, "
        "disclose only the information that is legally required, and cooperate with any effort to obtain "
        "protective treatment."],
        topics=["confidentiality"]),
    Sec("9.3", "9.3", "Return of Information", [
        "On termination, or earlier on request, the receiving Party shall return or destroy the disclosing "
        "Party's Confidential Information, except for one archival copy kept by its legal department and "
        "copies in automatic electronic back-ups, which remain subject to this Article 9."],
        topics=["confidentiality"]),
    Art(10, "Warranties"),
    Sec("10.1", "10.1", "Helix Warranties", [[
        "Helix warrants that (a) each Batch, at the time of release, was manufactured in accordance with "
        "cGMP, the Quality Agreement and the Master Batch Record and conforms to the Specifications; (b) it "
        "holds and will maintain all licences and permits required to perform the Services; and (c) it has "
        "not been debarred", I(" under 21 U.S.C. \u00a7 335a", "H"),
        " and will not use any debarred person in performing the Services."]],
        topics=["warranty"],
        diff={"kind": "modified", "direction": "neutral", "topics": ["warranty"],
              "summary": "wording only: statutory reference added to the debarment warranty"}),
    Sec("10.2", "10.2", "Client Warranties", [
        "Client warrants that (a) it has the right to supply the Client Materials and to permit Helix to use "
        "them to perform the Services, and (b) to its knowledge the use of Client's Background IP as "
        "instructed by Client does not infringe the rights of any third party."],
        topics=["warranty"]),
    Sec("10.3", "10.3", "Disclaimer", [
        "EXCEPT AS EXPRESSLY SET OUT IN THIS AGREEMENT, NEITHER PARTY MAKES ANY OTHER WARRANTY, EXPRESS OR "
        "IMPLIED, INCLUDING ANY WARRANTY OF MERCHANTABILITY OR FITNESS FOR A PARTICULAR PURPOSE."],
        topics=["warranty"]),
    Art(11, "Indemnification and Insurance"),
    Sec("11.1", "11.1", "Indemnification by Helix", [
        "Helix shall defend, indemnify and hold harmless Client and its affiliates from and against all "
        "third-party claims, and resulting losses, to the extent arising from (a) Helix's negligence or "
        "willful misconduct, (b) Helix's breach of this Agreement or the Quality Agreement, including any "
        "failure to manufacture in accordance with cGMP, or (c) infringement of third-party rights by "
        "Helix's platform technology."],
        topics=["indemnification"]),
    Sec("11.2", "11.2", "Indemnification by Client", [
        "Client shall defend, indemnify and hold harmless Helix and its affiliates from and against all "
        "third-party claims, and resulting losses, to the extent arising from (a) the clinical use or "
        "commercialization of Product, except to the extent Helix is obliged to indemnify under Section "
        "11.1, (b) Client's negligence or willful misconduct, or (c) infringement of third-party rights by "
        "Client's Background IP or the Client Materials."],
        topics=["indemnification"]),
    Sec("11.3", "11.3", "Indemnification Procedure", [
        "The indemnified Party shall notify the indemnifying Party promptly of any claim, allow it to "
        "control the defence and settlement of the claim, and provide reasonable cooperation at the "
        "indemnifying Party's expense. The indemnifying Party shall not settle any claim in a way that "
        "admits fault of the indemnified Party without its prior written consent."],
        topics=["indemnification"]),
    Sec("11.4", "11.4", "Insurance", [
        "Each Party shall maintain, during the term and for three (3) years thereafter, commercial general "
        "liability and product liability insurance with limits of not less than ten million U.S. dollars "
        "(USD 10,000,000) per occurrence and in the aggregate, and shall provide certificates of insurance "
        "on request."],
        topics=["insurance"], terms={"insurance": {"amount": {"amount": 10000000, "currency": "USD"}}}),
    Art(12, "Limitation of Liability"),
    Sec("12.1", "12.1", "Exclusion of Consequential Damages", [
        "Except for liability under Section 12.3, neither Party shall be liable to the other for any "
        "indirect, incidental, special, consequential or punitive damages, or for loss of profits or "
        "revenue, arising out of or relating to this Agreement."],
        topics=["liability_cap"]),
    Sec("12.2", "12.2", "Cap on Liability", [[
        "Except for liability under Section 12.3, each Party's total aggregate liability arising out of or "
        "relating to this Agreement shall not exceed the Fees paid or payable by Client under this "
        "Agreement in the ", D("twelve (12)", "H"), I("six (6)", "H"),
        " months preceding the event giving rise to the claim."]],
        topics=["liability_cap"],
        terms={"liability_cap": {"months_of_fees": 12}}, terms_v2={"liability_cap": {"months_of_fees": 6}},
        diff={"kind": "modified", "direction": "unfavourable", "topics": ["liability_cap"],
              "summary": "liability cap reduced from 12 to 6 months of fees",
              "term_change": {"topic": "liability_cap", "key": "months_of_fees", "old": 12, "new": 6}},
        comment=("N", "Not acceptable. RFP requirement R8 and our playbook require a cap of at least "
                      "twelve (12) months of Fees. Please reinstate.")),
    Sec("12.3", "12.3", "Exceptions", [
        "The limitations in Sections 12.1 and 12.2 do not apply to (a) a Party's indemnification "
        "obligations under Article 11, (b) a breach of Article 9, (c) a Party's gross negligence, fraud or "
        "willful misconduct, or (d) Helix's liability for Client Materials under Section 4.2, which is "
        "subject only to the maximum stated there."],
        topics=["liability_cap", "raw_material_liability"],
        terms={"liability_cap": {"uncapped_carve_outs": CARVE_OUTS}}),
    Art(13, "Term and Termination"),
    Sec("13.1", "13.1", "Term", [
        "This Agreement begins on the Effective Date and continues for five (5) years unless terminated "
        "earlier, and may be renewed by written agreement of the Parties. Work Orders in progress at expiry "
        "continue to be governed by this Agreement until completed."],
        topics=["term"]),
    Sec("13.2", "13.2", "Termination", [
        "Client may terminate this Agreement or any Work Order for convenience on ninety (90) days' written "
        "notice, subject to payment for Services performed and the cancellation fees under Section 3.3. "
        "Either Party may terminate this Agreement or any affected Work Order for material breach by the "
        "other Party that is not cured within sixty (60) days after written notice. Client may also "
        "terminate a Work Order if a Batch is delivered more than eight (8) weeks late."],
        topics=["termination", "late_delivery"],
        terms={"termination": {"convenience_notice_days": 90, "cure_days": 60}}),
    Sec("13.3", "13.3", "Effects of Termination; Transfer Assistance", [
        "On expiry or termination, Helix shall return or destroy Client's Confidential Information and "
        "Client Materials as Client directs, deliver all Product and work in progress paid for by Client, "
        "and provide the documents, data and up to one hundred sixty (160) hours of technical support "
        "reasonably required to transfer the manufacturing process to Client or its designee, at no "
        "additional charge."],
        topics=["termination", "tech_transfer"]),
    Sec("13.4", "13.4", "Survival", [
        "Articles 8, 9, 11 and 12, Sections 5.2, 13.3 and 14.3, and any other provision that by its nature "
        "is intended to survive, survive the expiry or termination of this Agreement."]),
    Art(14, "General"),
    Sec("14.1", "14.1", "Force Majeure", [
        "Neither Party is liable for failure or delay caused by events beyond its reasonable control, "
        "provided that it notifies the other Party within five (5) business days and uses diligent efforts "
        "to resume performance. Shortages of raw materials that Helix could have procured from alternative "
        "suppliers, and labor disputes involving Helix's own personnel, are not force majeure events. If a "
        "force majeure event lasts more than ninety (90) days, the other Party may terminate the affected "
        "Work Order."],
        topics=["force_majeure"]),
    Sec("14.2", "14.2", "Business Continuity", [
        "Helix shall maintain, and test at least annually, a business continuity plan, and shall qualify "
        "its Research Triangle Park, North Carolina facility as a back-up site for Product before the first "
        "Batch intended for a pivotal study. Helix shall supply Product from the back-up site if the "
        "Lexington facility is unable to manufacture Product for more than thirty (30) days."],
        topics=["business_continuity"]),
    Sec("14.3", "14.3", "Governing Law and Dispute Resolution", [[
        "This Agreement is governed by the laws of the State of New York, without ",
        D("regard to its conflict of laws principles", "N"),
        I("giving effect to any choice or conflict of law provision or rule", "N"),
        ". Any dispute that is not resolved by the Parties' senior executives within thirty (30) days "
        "shall be finally resolved by binding arbitration administered by JAMS in New York, New York, "
        "before a single arbitrator."]],
        topics=["governing_law"],
        diff={"kind": "modified", "direction": "neutral", "topics": ["governing_law"],
              "summary": "wording only: conflict-of-laws exclusion reworded; New York law and JAMS "
                         "arbitration unchanged"}),
    Sec("14.4", "14.4", "Non-Solicitation", [
        "During the term and for twelve (12) months thereafter, neither Party shall solicit for employment "
        "any employee of the other Party who was directly involved in the Services, except through general "
        "advertisements not targeted at such employees."]),
    Sec("14.5", "14.5", "Assignment", [
        "Neither Party may assign this Agreement without the other Party's prior written consent, except to "
        "an affiliate or to a successor to all or substantially all of the business to which this Agreement "
        "relates that agrees in writing to be bound by this Agreement."]),
    Sec("14.6", "14.6", "Notices", [
        "Notices under this Agreement shall be in writing and delivered by hand, by internationally "
        "recognised courier or by email with confirmation copy by courier, to the addresses set out in the "
        "preamble, marked for the attention of the General Counsel, or to such other address as a Party "
        "notifies. Notices are effective on receipt."]),
    Sec("14.7", "14.7", "Independent Contractors", [
        "The Parties are independent contractors. Nothing in this Agreement creates a partnership, joint "
        "venture or agency relationship, and neither Party may bind the other."]),
    Sec("14.8", "14.8", "Counterparts", [
        "This Agreement may be executed in counterparts, including by electronic signature, each of which is "
        "an original and all of which together are one instrument."]),
    Sec("14.9", "14.9", "Entire Agreement; Amendment", [
        "This Agreement, together with the Quality Agreement and all Work Orders, is the entire agreement of "
        "the Parties on its subject matter and supersedes all prior proposals and understandings, including "
        "Helix's proposal HVM-P-25-0412. It may be amended only in a writing signed by both Parties."]),
]

TITLE = [("MASTER SERVICES AGREEMENT", "title"),
         (f"between {CLIENT} and {VENDOR}", "subtitle")]
PREAMBLE = (
    "This Master Services Agreement (the \u201cAgreement\u201d) is entered into as of [\u25cf] 2025 (the "
    "\u201cEffective Date\u201d) by and between Northwind Gene Therapies, Inc., a Delaware corporation having "
    "its principal place of business at 400 Oyster Point Boulevard, South San Francisco, California 94080 "
    "(\u201cClient\u201d), and Helix Viral Manufacturing, Inc., a Delaware corporation having its principal "
    "place of business at 85 Hartwell Avenue, Lexington, Massachusetts 02421 (\u201cHelix\u201d). Client and "
    "Helix are each a \u201cParty\u201d and together the \u201cParties\u201d.")
RECITALS = [
    "WHEREAS, Client is developing NWG-101, an adeno-associated virus serotype 9 gene therapy product;",
    "WHEREAS, Helix is in the business of developing and manufacturing viral vector products in accordance "
    "with cGMP and submitted proposal HVM-P-25-0412 in response to Client's request for proposal "
    "NW-RFP-2025-003; and",
    "WHEREAS, Client wishes to engage Helix to transfer, manufacture and test Product, and Helix wishes to "
    "provide those services, on the terms of this Agreement.",
    "NOW, THEREFORE, in consideration of the mutual covenants set out below, the Parties agree as follows:",
]
SIGNATURE = [
    "IN WITNESS WHEREOF, the Parties have executed this Agreement by their duly authorized "
    "representatives as of the Effective Date.",
    "NORTHWIND GENE THERAPIES, INC.",
    "By: ______________________________   Name: Dr. Hannah Lindqvist   Title: Chief Executive Officer",
    "HELIX VIRAL MANUFACTURING, INC.",
    "By: ______________________________   Name: Dr. Elena Marsh   Title: Chief Executive Officer",
]


def _in(version, s: Sec):
    if version == 1:
        return s.status in ("same", "removed", "moved_from")
    return True  # v2 shows everything, with revision marks


def _current(version, s: Sec):
    """Does the section exist in this version's current (accepted) text?"""
    if version == 1:
        return s.status in ("same", "removed", "moved_from")
    return s.status in ("same", "added", "moved_to")


def model_doc(version) -> Doc:
    """The model (for gold labels) of the current text of draft v1 or v2."""
    blocks = [Title(TITLE)]
    blocks.append(Clause(None, "RECITALS", list(RECITALS), level=1, upper=True))
    for it in ITEMS:
        if isinstance(it, Art):
            blocks.append(Clause(str(it.num), it.heading, [], label=f"ARTICLE {it.num}", level=1,
                                 upper=True, extra={"sep": " \u2014 "}))
            continue
        if not _current(version, it):
            continue
        num = it.old if version == 1 else it.new
        paras = [it.text(version, p) for p in it.paras]
        blocks.append(Clause(num, it.heading, paras, label=num, level=2, mode="runin",
                             topics=it.topics, terms=it.terms if version == 1 else it.terms_v2))
    blocks.append(Signature(SIGNATURE))
    meta = {}
    return Doc(f"msa/msa_v{version}.docx", "msa", VENDOR, meta, blocks)


# ------------------------------------------------------------------ rendering with revisions
class Rev:
    def __init__(self):
        self.n = 100

    def next(self):
        self.n += 1
        return str(self.n)


def _attrs(el, rev, who, with_id=True):
    name, _, date = AUTHORS[who]
    if with_id:
        el.set(qn("w:id"), rev.next())
    el.set(qn("w:author"), name)
    el.set(qn("w:date"), date)
    return el


def _run(text, bold=False, deleted=False):
    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        r.append(rpr)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _wrap(kind, runs, rev, who):
    el = _attrs(OxmlElement(f"w:{kind}"), rev, who)
    for r in runs:
        el.append(r)
    return el


def _mark_paragraph(p, kind, rev, who):
    """Track the paragraph mark itself (inserted / deleted / moved paragraph)."""
    pPr = p._p.get_or_add_pPr()
    rpr = pPr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        pPr.append(rpr)
    rpr.append(_attrs(OxmlElement(f"w:{kind}"), rev, who))


def render(version, path):
    header = ("Master Services Agreement \u2014 Northwind / Helix \u2014 "
              + ("Northwind draft v1 (2 June 2025)" if version == 1 else
                 "Draft v2 (Helix comments 16 June 2025; Northwind responses 19 June 2025)"))
    spec = {"font": "Times New Roman", "size": 11, "h1": 11.5, "heading_font": "Times New Roman",
            "heading_color": "000000", "header": header,
            "footer_left": "Privileged & Confidential \u2014 Subject to Contract", "space_after": 8}
    meta = {"title": "Master Services Agreement - Northwind Gene Therapies / Helix Viral Manufacturing",
            "author": "Marcus Oyelaran", "subject": f"MSA draft v{version}",
            "last_modified_by": "Marcus Oyelaran" if version == 1 else "Marcus Oyelaran",
            "created": "2025-06-02T10:00:00",
            "modified": "2025-06-02T10:00:00" if version == 1 else "2025-06-19T09:30:00",
            "revision": 1 if version == 1 else 7}
    d = new_document(spec, meta)
    d.styles["Normal"].paragraph_format.line_spacing = 1.15
    rev = Rev()
    if version == 2:
        settings = d.settings.element
        tr = OxmlElement("w:trackRevisions")
        dts = settings.find(qn("w:defaultTabStop"))
        if dts is not None:
            dts.addprevious(tr)
        else:
            settings.append(tr)

    for text, kind in TITLE:
        p = d.add_paragraph(style="Title" if kind == "title" else "Subtitle")
        p.add_run(text)
        p.alignment = 1
    d.add_paragraph(PREAMBLE)
    h = d.add_paragraph(style="Heading 1")
    h.add_run("RECITALS")
    for r in RECITALS:
        d.add_paragraph(r)

    move_ids = {}
    for it in ITEMS:
        if isinstance(it, Art):
            h = d.add_paragraph(style="Heading 1")
            h.add_run(f"ARTICLE {it.num} \u2014 {it.heading.upper()}")
            continue
        if not _in(version, it):
            continue
        num = it.old if version == 1 or it.status in ("moved_from", "removed") else it.new
        move_name = "move_" + it.heading.lower().replace(" ", "_")
        whole = {"added": "ins", "removed": "del", "moved_from": "moveFrom", "moved_to": "moveTo"}.get(
            it.status) if version == 2 else None
        who = "H"  # author of whole-section revisions; additions/removals use their segment's author
        if it.status in ("added", "removed"):
            who = it.paras[0][0][2]
        if whole in ("moveFrom", "moveTo"):
            ids = move_ids.setdefault(move_name, {"moveFrom": rev.next(), "moveTo": rev.next()})
        anchor = None     # run the v2 comment is anchored on
        last_p = None
        for pi, para in enumerate(it.paras):
            p = d.add_paragraph()
            if pi > 0:
                p.paragraph_format.left_indent = Inches(0.5)
            pieces = []   # (text, kind, who, bold)
            if pi == 0:
                pieces.append((f"{num} {it.heading}. ", "=", None, True))
            for seg in para:
                if isinstance(seg, str):
                    pieces.append((seg, "=", None, False))
                else:
                    pieces.append((seg[1], seg[0], seg[2], False))
            if version == 1:
                for text, kind, _, bold in pieces:
                    if kind in ("=", "-"):
                        r = p.add_run(text)
                        r.bold = bold or None
            elif whole:
                if whole in ("moveFrom", "moveTo") and pi == 0:
                    rs = _attrs(OxmlElement(f"w:{whole}RangeStart"), rev, who, with_id=False)
                    rs.set(qn("w:id"), ids[whole])
                    rs.set(qn("w:name"), move_name)
                    p._p.append(rs)
                runs = [_run(t, bold, deleted=(whole == "del")) for t, _, _, bold in pieces]
                p._p.append(_wrap(whole, runs, rev, who))
                _mark_paragraph(p, whole, rev, who)
                if pi == 0:
                    anchor = Run(runs[0], p)
            else:
                for text, kind, w, bold in pieces:
                    if kind == "=":
                        r = p.add_run(text)
                        r.bold = bold or None
                        if bold:
                            anchor = r
                    elif kind == "+":
                        p._p.append(_wrap("ins", [_run(text, bold)], rev, w))
                    else:
                        p._p.append(_wrap("del", [_run(text, bold, deleted=True)], rev, w))
            last_p = p
        if version == 2 and whole in ("moveFrom", "moveTo"):
            re_ = OxmlElement(f"w:{whole}RangeEnd")
            re_.set(qn("w:id"), ids[whole])
            last_p._p.append(re_)
        if version == 2 and it.comment and anchor is not None:
            cw, ctext = it.comment
            name, initials, date = AUTHORS[cw]
            c = d.add_comment(anchor, text=ctext, author=name, initials=initials)
            c._comment_elm.date = dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
    d.add_paragraph()
    for i, line in enumerate(SIGNATURE):
        p = d.add_paragraph()
        r = p.add_run(line)
        if line.isupper():
            r.bold = True
            p.paragraph_format.space_before = Pt(12)
    save_stable(d, path)



def build(v1_path, v2_path):
    render(1, v1_path)
    render(2, v2_path)
    return model_doc(1), model_doc(2)


def diff_gold():
    changes = []
    renumbered = []
    unchanged_sections = 0
    for it in ITEMS:
        if isinstance(it, Art):
            continue
        if it.diff:
            e = {"kind": it.diff["kind"], "old_number": it.old, "new_number": it.new,
                 "heading": it.heading, "topics": it.diff["topics"], "direction": it.diff["direction"],
                 "summary": it.diff["summary"], "term_change": it.diff.get("term_change")}
            if it.status == "moved_from":
                dest = next(x for x in ITEMS if isinstance(x, Sec) and x.status == "moved_to"
                            and x.heading == it.heading)
                e["new_number"] = dest.new
            who = {s[2] for p in it.paras for s in p if not isinstance(s, str)}
            e["authors"] = sorted(AUTHORS[w][0] for w in who) if who else [AUTHORS["H"][0]]
            changes.append(e)
        elif it.status == "same":
            unchanged_sections += 1
            if it.old != it.new:
                renumbered.append({"old_number": it.old, "new_number": it.new, "heading": it.heading})
    articles = sum(1 for it in ITEMS if isinstance(it, Art))
    return {
        "old": "msa/msa_v1.docx", "new": "msa/msa_v2.docx",
        "units": "sections (n.m); article headings and the recitals are unchanged and not listed",
        "changes": changes,
        "unchanged_count": unchanged_sections,
        "unchanged_articles": articles,
        "renumbered_unchanged": renumbered,
        "authors": [AUTHORS["H"][0], AUTHORS["N"][0]],
        "comments": [{"author": AUTHORS[it.comment[0]][0], "section_v2": it.new, "text": it.comment[1]}
                     for it in ITEMS if isinstance(it, Sec) and it.comment],
        "notes": "Section numbers are typed text; renumbering in v2 is not tracked. Rejecting every "
                 "revision in v2 gives v1's text except for the numbers of the renumbered sections ("
                 + ", ".join(f"v1 {r['old_number']} -> v2 {r['new_number']}" for r in renumbered)
                 + ", and v1 6.5 -> v2 6.4 which is also modified).",
    }
