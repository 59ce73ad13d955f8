"""Hostile text in vendor documents: text hidden from people, and text aimed at automated tools.

Vendor documents are untrusted. `find_flags` reports two kinds of finding and changes nothing:

- ``hidden_text``: every span the loader found hidden from a reader (white or tiny type, DOCX
  vanish, off the page, invisible render mode);
- ``injection``: text addressing the tools that read the document: instruction overrides,
  evaluation steering, fake chat-role markup, smuggled Unicode tag characters, zero-width and
  bidi-override tricks, base64 payloads, in English and in other common languages.

Matching runs on a normalised view of the text (NFKC, casefolded, accents off Latin letters,
zero-width characters removed, look-alike Cyrillic and Greek letters mapped to Latin inside
Latin words, a second pass with digit "leetspeak" read as letters when it seems to be used),
but every flag points into the original text: ``flag.text == doc.text[flag.start:flag.end]``,
except for Unicode tag characters, which are invisible, where ``text`` is the decoded message.
Decoded payloads are quoted in ``reason``.

Speed: a rule's regex runs only in windows around its triggers (words looked up in the set of
the document's words, then phrases found in a whitespace-collapsed copy), so a clean 50-page
contract costs a few milliseconds.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rfp_assist.model import Clause, Document, Flag

__all__ = ["find_flags"]

# Characters that render as nothing: zero-width, joiners, bidi controls, invisible operators,
# variation selectors and Unicode tags. Removed from the normalised view.
_INVISIBLE_CLASS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")
_TAG_RUN = re.compile("[\U000e0000-\U000e007f]+")
_BIDI_OVERRIDE = re.compile("[\u202d\u202e]([^\u202c\n]*)")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/_=-])")
_WHITESPACE = re.compile(r"\s")
# Encoded text mixes cases or has digits, "+" or "/" between letters.
_BASE64_MIXED = re.compile(r"[a-z][A-Z]|[A-Z][a-z].*[A-Z]|[A-Za-z][0-9+/]|[0-9+/][A-Za-z]")
_LEET = str.maketrans("013457@$", "oieastas")
_LEET_SENTINELS = ("ignor", "instruct", "previous", "disregard", "prompt")

# Cyrillic, Greek and Armenian letters that look like Latin ones (after casefolding).
_CONFUSABLE = str.maketrans(
    "аеёорсухѕіїјһԁԛԝкαοιϲκνρτυχεγօսհոɡı",
    "aeeopcyxsiijhdqwkaoickvptuxeyouhngi",
)
_CONFUSABLE_CHARS = frozenset("аеёорсухѕіїјһԁԛԝкαοιϲκνρτυχεγօսհոɡı")

# Words whose splitting by zero-width characters is itself worth a flag.
_SENSITIVE_WORDS = frozenset(
    ("ignore", "disregard", "forget", "instruction", "instructions", "prompt", "system",
     "assistant", "rate", "score", "rank", "recommend", "approved", "preapproved", "best",
     "highest", "override", "evaluator", "reviewer")
)  # fmt: skip

# Words that make a decoded base64 payload look like instructions.
_INSTRUCTION_WORDS = re.compile(
    r"\b(?:ignore|disregard|instructions?|prompt|system|assistant|rate|score|rank|recommend"
    r"|approved?|best|highest|vendor|evaluat\w*|override|you\s+are|must)\b"
)


@dataclass(frozen=True)
class _Rule:
    """A regex on the normalised text, run only near one of its triggers."""

    reason: str
    pattern: re.Pattern[str]
    phrases: tuple[tuple[str, ...], ...]  # word triggers, as their words
    strings: tuple[str, ...]  # other triggers (markup, non-Latin scripts), found as substrings
    imperative: bool = False  # the match must open a sentence or follow "please", "you must"
    not_after_modal: bool = False  # "Vendor shall not disregard …" is contract language


_PLAIN_WORDS = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")


def _rule(
    reason: str, pattern: str, triggers: str, *, imperative: bool = False, modal: bool = True
) -> _Rule:
    """A rule from its reason, its regex and its literal triggers separated by " || ".

    Every match must contain one trigger. Triggers made of plain words ("rate us") are matched
    on whole words whatever the punctuation and spacing between them; others ("<|", "無視")
    are matched as substrings of the whitespace-collapsed text.
    """
    parts = triggers.split(" || ")
    phrases = tuple(tuple(t.replace("-", " ").split()) for t in parts if _PLAIN_WORDS.fullmatch(t))
    strings = tuple(t for t in parts if not _PLAIN_WORDS.fullmatch(t))
    compiled = re.compile(pattern, re.MULTILINE)
    return _Rule(reason, compiled, phrases, strings, imperative, not modal)


_OVERRIDE_VERBS = r"(?:ignore|disregard|forget|overlook|override|bypass|discard)"
_EARLIER = (
    r"(?:previous|previously\s+given|prior|preceding|above|earlier|former|foregoing|original"
    r"|initial|existing|system|all\s+other|other)"
)
_ORDERS = (
    r"(?:instructions?|prompts?|directions?|directives?|guidelines?|rules|commands?|context"
    r"|guidance|messages?|criteria|rubrics?|constraints|scoring\s+rules)"
)
_AI = r"(?:ai|a\.i\.|llm|llms|gpt|chatgpt|language\s+models?|chatbots?)"
_AI_ROLE = (
    r"(?:reviewers?|evaluat\w+|systems?|tools?|readers?|assistants?|graders?|screeners?"
    r"|screening|review|agents?|scorers?|parsers?|models?|analy[sz]\w+)"
)
_SUBJECT = (
    r"(?:us|our\s+(?:proposal|bid|company|offer|response|submission|firm)"
    r"|this\s+(?:vendor|supplier|proposal|bid|bidder|response|submission|company|cdmo|offer"
    r"|partner|candidate|provider))"
)
_TOP = (
    r"(?:best|highest|top|first|#\s?1|no\.?\s?1|number\s+one|10\s*/\s*10|10\s+out\s+of\s+10"
    r"|5\s*/\s*5|100\s*(?:%|/\s*100|points)|maximum|max|excellent|strongest|perfect"
    r"|most\s+(?:qualified|favou?rabl\w*|suitable|competitive)|preferred|winning"
    r"|low(?:est)?[- ]risk)"
)
# Contract language puts a modal or "not"/"to" before the verb ("Vendor shall not disregard",
# "Client may, by notice, override"); text aimed at a tool addresses it ("you must ignore").
_MODAL_BEFORE = re.compile(
    r"(?:\b(?:to|not|never|cannot)\s+|\b(?:shall|may|will|must|should|can|could|would|might)\b"
    r"[^.;:!?\n]{0,30})$"
)
_ADDRESSED_BEFORE = re.compile(
    r"(?:\b(?:you|ai|llms?|models?|assistants?|gpt|chatgpt|chatbots?|evaluators?|reviewers?"
    r"|graders?)\s+(?:\w+\s+){0,2}(?:shall|may|will|must|should|can|need\s+to|have\s+to"
    r"|are\s+to)\b|(?:^|[\n.!?:;]\s*|\bplease\s+)(?:remember|make\s+sure|be\s+sure)\s+to)"
    r"[^.;:!?\n]{0,30}$"
)
# What comes just before an order: a line or sentence start, "please", "now", "you must".
_ORDER_START = re.compile(
    r"(?:^|[\n.!?:;>\])\"'*-]|\bplease|\bnow|\balways|\byou\s+(?:must|should|will|shall))\s*$"
)

# Triggers shared by several rules (see `_rule`).
_T_SUBJECT = (
    "this vendor || this supplier || this proposal || this bid || this response"
    " || this submission || this company || this cdmo || this offer || this partner"
    " || this candidate || this provider || our proposal || our bid || our company || our offer"
    " || our response || our submission || our firm || rate us || score us || rank us"
    " || grade us || place us || us as || us the || us to be"
)
_T_AI = (
    "ai || a i || llm || llms || gpt || chatgpt || language model || language models || chatbot"
    " || chatbots || automated || machine || ml review || ml reviewer || bot review"
)
_T_SCORE = (
    "highest score || highest possible || highest rating || highest mark || highest marks"
    " || highest points || highest grade || highest ranking || maximum score || maximum points"
    " || maximum rating || maximum marks || maximum possible || max score || top score"
    " || top rating || top marks || top grade || best score || best rating || full score"
    " || full marks || full points || perfect score || perfect rating || perfect marks"
    " || 10 10 || 5 5 || 100 score || 100 points"
)

_RULES: tuple[_Rule, ...] = (
    # -- instruction override ------------------------------------------------------------
    _rule(
        "instruction override (ignore/disregard previous instructions)",
        rf"\b{_OVERRIDE_VERBS}\s+(?:all\s+|any\s+|each\s+|every\s+)?(?:of\s+)?"
        rf"(?:the\s+|your\s+|my\s+|these\s+|those\s+)?{_EARLIER}\s+(?:\w+\s+)?{_ORDERS}\b"
        r"|\b(?:ignore|disregard|forget)\s+(?:all\s+of\s+|everything\s+|all\s+)(?:the\s+)?"
        r"(?:above|before|prior|previously|earlier|that\s+came\s+before|you\s+(?:were|have\s+been)"
        r"\s+told)\b",
        "ignore || ignoring || disregard || forget || overlook || override || overriding || bypass"
        " || discard",
        modal=False,
    ),
    _rule(
        "instruction override (new instructions)",
        r"\b(?:new|updated|real|actual|true|hidden|secret|override)\s+(?:system\s+)?"
        r"(?:instructions?|prompt|directives?)\s*:",
        "instruction || instructions || prompt || directive || directives",
    ),
    _rule(
        "instruction override (system prompt)",
        r"\b(?:your|the\s+(?:hidden|real|original|actual)|(?:reveal|print|show|repeat|ignore"
        r"|override|disregard)\s+(?:your|the)|new|updated)\s+(?:system|developer)\s+prompt\b"
        r"|\b(?:system|developer)\s+prompt\s*:",
        "system prompt || developer prompt",
    ),
    _rule(
        "role override (you are now)",
        r"\byou\s+are\s+now\s+(?:an?\s+|the\s+|in\s+|my\s+|acting\s+as\s+"
        r"|operating\s+(?:as|in)\s+)?"
        rf"(?:[\w-]+\s+){{0,3}}?(?:{_AI}|assistant|bot|evaluator|reviewer|grader|judge|scorer"
        r"|dan|jailbroken|unrestricted|unfiltered|developer\s+mode|\w+\s+mode)\b",
        "you are now",
    ),
    _rule(
        "role override (from now on)",
        rf"\bfrom\s+now\s+on,?\s+(?:you|the\s+{_AI}|the\s+assistant)\s+(?:are|will|must|shall"
        r"|should)\s+(?:\w+\s+){0,2}?(?:rate|score|rank|respond|answer|act|ignore|recommend"
        r"|only|always|never|be)\b",
        "from now on",
    ),
    _rule(
        "role override (act as an AI persona)",
        r"\b(?:act|behave|respond|operate|function)\s+as\s+(?:if\s+you\s+(?:are|were)\s+)?"
        rf"(?:an?\s+|the\s+|my\s+|our\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_AI}|assistant|bot"
        r"|scoring\s+(?:engine|model|system))\b",
        "act as || behave as || respond as || operate as || function as",
    ),
    _rule(
        "role override (act as the evaluator)",
        r"\b(?:act|behave)\s+as\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:evaluator|grader|judge"
        r"|scorer|reviewer)\b",
        "act as || behave as",
        imperative=True,
    ),
    _rule(
        "role override (pretend to be)",
        r"\b(?:pretend|imagine)\s+(?:that\s+)?you\s+(?:are|were)\b|\brole[- ]?play\s+as\b",
        "pretend || imagine || roleplay || role-play || role play",
    ),
    _rule(
        "concealment (do not tell the reader)",
        r"\bdo\s+not\s+(?:mention|reveal|disclose|tell|report|flag|repeat)\s+(?:this|these|the\s+"
        r"above)\s+(?:instructions?|prompt|message|note)\b|\b(?:do\s+not|don't|never)\s+(?:tell"
        r"|inform|alert|warn|notify)\s+the\s+(?:user|human|reader)\b",
        "this instruction || these instruction || above instruction || this prompt"
        " || this message || this note || the user || the human || the reader",
    ),
    # -- evaluation steering ------------------------------------------------------------
    _rule(
        "evaluation steering (rate/score/rank us best)",
        rf"\b(?:rate|score|rank|grade|place)\s+{_SUBJECT}\s+(?:as\s+(?:the\s+|an?\s+)?|the\s+"
        rf"|at\s+(?:the\s+)?|with\s+(?:the\s+|an?\s+)?)?{_TOP}\b"
        rf"|\b(?:consider|treat|evaluate|assess|classify|regard|deem|mark)\s+{_SUBJECT}\s+"
        rf"(?:as|to\s+be)\s+(?:the\s+|an?\s+)?{_TOP}\b",
        _T_SUBJECT,
    ),
    _rule(
        "evaluation steering (rate a named vendor best)",
        r"\b(?:rate|score|rank|grade)\s+(?:[\w&.,'-]+\s+){1,4}?as\s+(?:the\s+)?(?:best|highest"
        r"|top|first|#\s?1|number\s+one|most\s+qualified)\b",
        "as the best || as best || as the highest || as highest || as the top || as top"
        " || as the first || as first || as number one || as 1 || as the most qualified"
        " || as most qualified",
    ),
    _rule(
        "evaluation steering (give us the highest score)",
        r"\b(?:give|assign|award|grant)\s+(?:us|it|them|this\s+(?:vendor|supplier|proposal|bid"
        r"|response|submission|company|cdmo)|our\s+(?:proposal|bid|company|response|submission))"
        r"\s+(?:the\s+|a\s+)?(?:highest|maximum|max|top|best|full|perfect|100%?|10/10|5/5)\s+"
        r"(?:possible\s+)?(?:score|rating|marks?|points?|grade|ranking|rank|evaluation)s?\b",
        _T_SCORE,
    ),
    _rule(
        "evaluation steering (give the highest score)",
        r"\b(?:give|assign|award)\s+(?:the\s+)?(?:highest|maximum|top|perfect|full)\s+"
        r"(?:possible\s+)?(?:score|rating|marks|points)\b",
        _T_SCORE,
        imperative=True,
    ),
    _rule(
        "evaluation steering (recommend this vendor)",
        r"\brecommend\s+this\s+(?:vendor|supplier|proposal|bid|bidder|cdmo|offer|provider)\b",
        "recommend this",
    ),
    _rule(
        "evaluation steering (recommend us)",
        r"\brecommend\s+(?:us|our\s+(?:proposal|bid|company|offer))\b",
        "recommend us || recommend our",
        imperative=True,
    ),
    _rule(
        "evaluation steering (claims legal or procurement pre-approval)",
        r"\b(?:legal|legal\s+(?:team|department|counsel|review)|procurement|compliance)\s+"
        r"(?:has|have|had)\s+(?:already\s+)?(?:pre-?\s?approved\b|signed\s+off\b|(?:approved"
        r"|cleared|vetted|signed\s+off\s+on)\s+(?:this|our|the)\s+(?:vendor|supplier|proposal|bid"
        r"|submission|selection|award|cdmo|offer)\b)"
        r"|\b(?:pre-?\s?approved|already\s+approved)\s+by\s+(?:the\s+)?(?:\w+\s+)?(?:legal"
        r"|procurement|compliance)\b"
        r"|\b(?:this|the|our)\s+(?:proposal|bid|vendor|supplier|submission|response|offer|terms)"
        r"\s+(?:has|have|is|are|was|were)\s+(?:already\s+)?(?:been\s+)?pre-?\s?approved\b"
        r"|\bno\s+(?:further\s+)?legal\s+review\s+(?:is\s+)?(?:needed|required|necessary)\b",
        "legal has || legal have || legal had || legal team || legal department || legal counsel"
        " || procurement has || procurement have || compliance has || pre-approved || preapproved"
        " || already approved || legal review",
    ),
    _rule(
        "text addressed to AI tools (note to AI reviewers)",
        rf"\b(?:note|message|instructions?|memo|notice|reminder)\s+(?:to|for)\s+(?:any\s+|all\s+"
        rf"|the\s+)?(?:{_AI}\b|(?:automated|machine|ml|bot)\s+(?:[\w-]+\s+)?{_AI_ROLE}\b)"
        rf"|\battention\s*[:,-]?\s*(?:{_AI}\b|automated\s+{_AI_ROLE}\b)"
        rf"|\b(?:{_AI}|automated)\s+(?:reviewers?|evaluators?|graders?|screeners?|assessors?"
        r"|readers?|assistants?|agents?)\s*:"
        rf"|\bif\s+you\s+are\s+(?:an?\s+)?(?:{_AI}|automated|large\s+language|assistant)\b"
        rf"|\b(?:to|for)\s+(?:any|all|the)\s+(?:{_AI}\s+(?:reading|processing|reviewing"
        r"|evaluating|analy[sz]ing|summari[sz]ing)|automated\s+(?:reviewers?|evaluators?"
        r"|graders?))\b",
        _T_AI,
    ),
    _rule(
        "text addressed to AI tools (AI reviewers must …)",
        rf"\b(?:{_AI}(?:\s+{_AI_ROLE})?|automated\s+(?:reviewers?|evaluators?|graders?|scorers?"
        r"|screeners?|assistants?))\s+(?:must|should|shall|will|are\s+(?:instructed|required"
        r"|asked)\s+to)\s+(?:\w+\s+){0,2}?(?:(?:ignore|disregard)\b|(?:rate|score|rank"
        rf"|recommend|approve|award|select|favou?r)\s+(?:[\w&.-]+\s+){{0,3}}?(?:{_SUBJECT}\b"
        rf"|as\s+(?:the\s+)?{_TOP}\b|{_TOP}\b))",
        _T_AI,
    ),
    # -- fake chat-role markup ------------------------------------------------------------
    _rule("fake chat markup (<|…|> token)", r"<\|\s*[a-z_]{2,30}\s*\|>", "<"),
    _rule(
        "fake chat markup ([INST] / <<SYS>>)",
        r"\[/?inst\]|<<\s*/?\s*sys\s*>>|\[/?system\]",
        "inst] || < || system]",
    ),
    _rule(
        "fake chat markup (role heading)",
        r"#{2,}\s*(?:system|instructions?|assistant|user|human|prompt)\s*(?::|$)",
        "##",
    ),
    _rule(
        "fake chat markup (role tag)",
        r"</s>|<\s*/?\s*(?:system|assistant|user|human|instructions?|prompt|sys|ai)\s*>",
        "<",
    ),
    _rule(
        "fake chat role (System:/Assistant: at line start)",
        r"^[ \t>*_-]*(?P<hit>(?:system|assistant|human|ai)\s*:[^\n]{0,200}?\b(?:you|your|i"
        r"|ignore|disregard|instructions?|model|rate|score|rank|recommend|respond|override"
        r"|mode)\b[^\n]{0,120})",
        "system: || assistant: || human: || ai:",
    ),
    # -- other languages (accents are removed from Latin letters before matching) -------------
    _rule(
        "instruction override (French)",
        r"\b(?:ignorez|ignore|ignorer|oubliez|oublie|oublier|negligez|ne\s+tenez\s+pas\s+compte"
        r"\s+des?)\s+(?:toutes\s+|tous\s+)?(?:les\s+|des\s+|vos\s+)?(?:instructions|consignes"
        r"|directives|indications|regles)\s+(?:precedentes|anterieures|ci-dessus|initiales"
        r"|donnees\s+precedemment)",
        "precedentes || anterieures || ci-dessus || initiales || precedemment",
    ),
    _rule(
        "evaluation steering (French)",
        r"\b(?:attribuez|donnez|accordez)[- ]nous\s+(?:la\s+)?(?:meilleure|plus\s+haute|note"
        r"\s+maximale)|\bclassez[- ]nous\s+(?:en\s+)?(?:premier|premiere|meilleur)",
        "attribuez || donnez || accordez || classez",
    ),
    _rule(
        "instruction override (German)",
        r"\b(?:ignorier\w*|vergiss|vergessen\s+sie|missachte\w*|ubergeh\w*)\s+(?:sie\s+)?"
        r"(?:bitte\s+)?(?:alle\s+|samtliche\s+|die\s+)?(?:vorherigen|vorigen|bisherigen|obigen"
        r"|fruheren|vorangegangenen|vorstehenden|ursprunglichen)\s+(?:anweisungen|instruktionen"
        r"|befehle|anordnungen|vorgaben|regeln)",
        "vorherigen || vorigen || bisherigen || obigen || fruheren || vorangegangenen"
        " || vorstehenden || ursprunglichen",
    ),
    _rule(
        "evaluation steering (German)",
        r"\bbewerte\w*\s+(?:sie\s+)?(?:uns|diesen\s+(?:anbieter|lieferanten))\s+(?:als\s+|mit"
        r"\s+)?(?:den\s+|der\s+|die\s+|am\s+)?(?:besten|beste[nr]?|hochste\w*)",
        "bewerte || bewerten || bewertet || bewertest",
    ),
    _rule(
        "instruction override (Spanish)",
        r"\b(?:ignora|ignore|ignoren|ignorar|olvida|olvide|olviden|olvidar|descarta|desestima"
        r"|haz\s+caso\s+omiso\s+de)\s+(?:todas\s+)?(?:las\s+)?(?:instrucciones|indicaciones"
        r"|directrices|ordenes|reglas)\s+(?:anteriores|previas|precedentes|de\s+arriba)",
        "anteriores || previas || precedentes || arriba",
    ),
    _rule(
        "evaluation steering (Spanish)",
        r"\b(?:califiquenos|calificanos|puntuenos|puntuanos|clasifiquenos)\s+(?:como\s+)?"
        r"(?:el\s+|la\s+)?(?:mejor|primer|maxim)|\bd[ae]nos\s+la\s+(?:mejor|maxima|mas\s+alta)\s+"
        r"(?:calificacion|puntuacion|nota)",
        "califiquenos || calificanos || puntuenos || puntuanos || clasifiquenos || danos || denos",
    ),
    _rule(
        "instruction override (Italian)",
        r"\b(?:ignora|ignorate|ignori|ignorare|dimentica|dimenticate|dimenticare|trascura"
        r"|non\s+considerare)\s+(?:tutte\s+)?(?:le\s+)?(?:istruzioni|indicazioni|direttive"
        r"|regole)\s+(?:precedenti|sopra|anteriori|fornite\s+in\s+precedenza)",
        "precedenti || anteriori || precedenza || sopra",
    ),
    _rule(
        "instruction override (Portuguese)",
        r"\b(?:ignore|ignora|ignorem|ignorar|esqueca|esquecam|esquecer|desconsidere"
        r"|desconsiderar)\s+(?:todas\s+)?(?:as\s+)?(?:instrucoes|orientacoes|diretrizes|regras"
        r"|ordens)\s+(?:anteriores|previas|acima|precedentes)",
        "anteriores || previas || acima || precedentes",
    ),
    _rule(
        "instruction override (Dutch)",
        r"\b(?:negeer|vergeet|negeren|vergeten)\s+(?:alle\s+)?(?:de\s+)?(?:vorige|eerdere"
        r"|voorgaande|bovenstaande)\s+(?:instructies|aanwijzingen|opdrachten|regels)",
        "vorige || eerdere || voorgaande || bovenstaande",
    ),
    _rule(
        "instruction override (Polish)",
        r"\b(?:zignoruj|ignoruj|zapomnij)\s+(?:wszystkie\s+)?(?:poprzednie|wczesniejsze"
        r"|powyzsze)\s+(?:instrukcje|polecenia)",
        "poprzednie || wczesniejsze || powyzsze",
    ),
    _rule(
        "instruction override (Turkish)",
        r"\b(?:onceki|yukaridaki)\s+(?:tum\s+)?(?:talimatlari|komutlari)\s+(?:yok\s+say|gormezden"
        r"\s+gel|unut)",
        "onceki || yukaridaki",
    ),
    _rule(
        "instruction override (Chinese)",
        r"(?:忽略|无视|無視|忽视|忽視|不要理会|不要理會|不理会|忘记|忘記|忘掉|跳过|跳過|放弃|放棄)"
        r"\s*(?:掉)?\s*(?:你|您)?\s*(?:之前|以前|先前|此前|上面|上述|前面|前述|原来|原來|原有|所有"
        r"|全部|一切)\s*(?:的)?\s*(?:所有|全部|一切)?\s*(?:的)?\s*(?:指令|指示|说明|說明|提示|命令"
        r"|规则|規則|要求|设定|設定)",
        "指令 || 指示 || 说明 || 說明 || 提示 || 命令 || 规则 || 規則 || 要求 || 设定 || 設定",
    ),
    _rule(
        "evaluation steering (Chinese)",
        r"(?:给|給)\s*(?:我们|我們|本公司|该供应商|該供應商)?\s*(?:打)?\s*(?:最高|满|滿)\s*"
        r"(?:分|评分|評分)|(?:评为|評為|列为|列為|排名)\s*(?:第一|最佳|最好)|你现在是|你現在是",
        "最高 || 满 || 滿 || 评为 || 評為 || 列为 || 列為 || 排名 || 你现在是 || 你現在是",
    ),
    _rule(
        "instruction override (Japanese)",
        r"(?:以前|前|上記|これまで|先|上|既存)\s*の\s*(?:すべて|全て)?\s*の?\s*(?:指示|命令|指令"
        r"|ルール|プロンプト)\s*(?:を|は)?\s*(?:すべて|全て)?\s*(?:無視|忘れ|破棄)"
        r"|(?:指示|命令)\s*を\s*無視",
        "無視 || 忘れ || 破棄",
    ),
    _rule(
        "evaluation steering (Japanese)",
        r"(?:最高|満点)\s*(?:の)?\s*(?:評価|点数|スコア|点)\s*を\s*(?:つけ|付け|与え)",
        "最高 || 満点",
    ),
    _rule(
        "instruction override (Russian)",
        r"(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не\s+обращай"
        r"(?:те)?\s+внимания\s+на|отмени|отмените|пропусти)\s+(?:все\s+)?(?:предыдущие|прежние"
        r"|вышеуказанные|предшествующие|старые|ранее\s+данные|вышеприведенные)\s+(?:инструкции"
        r"|указания|команды|правила|распоряжения)",
        "инструкц || указани || команд || правил || распоряжен",
    ),
    _rule(
        "evaluation steering (Russian)",
        r"(?:оцени|оцените|поставь|поставьте)\s+(?:нам|нас)\s+(?:как\s+)?(?:наивысш|максимальн"
        r"|лучш|высш)\w*",
        "оцени || постав",
    ),
    _rule(
        "instruction override (Korean)",
        r"(?:이전|앞의|위의)\s*(?:의\s*)?(?:모든\s*)?(?:지시|지침|명령)(?:사항)?(?:을|를|은|는)?\s*"
        r"(?:모두\s*)?무시",
        "무시",
    ),
    _rule(
        "instruction override (Arabic)",
        r"تجاهل\s+(?:جميع\s+|كل\s+)?(?:التعليمات|الأوامر)\s+(?:السابقة|أعلاه)",
        "تجاهل",
    ),
)


# -- the normalised view --------------------------------------------------------------------
_TYPOGRAPHY = {
    **dict.fromkeys("“”„‟″«»", '"'), **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"), **dict.fromkeys("•·●▪◦", "*"),
}  # fmt: skip


@cache
def _fold(char: str, latin_context: bool) -> str:
    """One original character as it reads in the normalised view ("" for invisible ones)."""
    if _INVISIBLE.fullmatch(char) or "\u0300" <= char <= "\u036f":
        return ""
    if char in _TYPOGRAPHY:
        return _TYPOGRAPHY[char]
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed[:1].isascii() and decomposed[:1].isalpha():
        # Accented Latin letters lose their accents: "précédentes" reads "precedentes".
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = unicodedata.normalize("NFKC", char).casefold()
    if "\u2000" <= char <= "\u2bff" and not folded.isascii():
        return " "  # other punctuation and symbols: keeps English text in one-byte strings
    return folded.translate(_CONFUSABLE) if latin_context else folded


def _latin_context(text: str, start: int, end: int) -> bool:
    """Is a non-ASCII run part of a Latin word (look-alike letters among Latin ones)?"""
    letters = [c for c in text[start:end] if c.isalpha()]
    if letters and all(c.casefold() in _CONFUSABLE_CHARS for c in letters):
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


@dataclass(frozen=True)
class _View:
    """The normalised text, with a map from its offsets back to the original's."""

    text: str
    seg_norm: tuple[int, ...]  # where each segment starts in the normalised text
    seg_orig: tuple[int, ...]  # where it starts in the original text
    seg_identity: tuple[bool, ...]  # True: characters map one to one
    seg_orig_len: tuple[int, ...]
    invisible_at: tuple[int, ...]  # original offsets of invisible characters
    non_latin: bool  # holds letters of scripts other than Latin

    def start(self, i: int) -> int:
        """Original offset of normalised offset `i` (a span start)."""
        k = bisect.bisect_right(self.seg_norm, i) - 1
        return self.seg_orig[k] + (i - self.seg_norm[k] if self.seg_identity[k] else 0)

    def end(self, j: int) -> int:
        """Original offset of normalised offset `j` (an exclusive span end)."""
        k = bisect.bisect_right(self.seg_norm, j - 1) - 1
        if self.seg_identity[k]:
            return self.seg_orig[k] + (j - self.seg_norm[k])
        return self.seg_orig[k] + self.seg_orig_len[k]


def _normalise(text: str) -> _View:
    if text.isascii():
        return _View(text.lower(), (0,), (0,), (True,), (len(text),), (), False)
    parts: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_identity: list[bool] = []
    seg_orig_len: list[int] = []
    n = 0  # length of the normalised text so far
    invisible_at: list[int] = []
    non_latin = False

    def add(piece: str, orig: int, orig_len: int) -> None:
        nonlocal n
        identity = len(piece) == orig_len
        last = len(seg_norm) - 1
        if (
            identity and last >= 0 and seg_identity[last]
            and seg_orig[last] + seg_orig_len[last] == orig
            and seg_norm[last] + seg_orig_len[last] == n
        ):  # fmt: skip
            seg_orig_len[last] += orig_len
        else:
            seg_norm.append(n)
            seg_orig.append(orig)
            seg_identity.append(identity)
            seg_orig_len.append(orig_len)
        parts.append(piece)
        n += len(piece)

    pos = 0
    for match in _NON_ASCII_RUN.finditer(text):
        a, b = match.span()
        if a > pos:
            add(text[pos:a].lower(), pos, a - pos)
        latin = _latin_context(text, a, b)
        non_latin = non_latin or (not latin and max(text[a:b]) >= "\u0370")
        for i in range(a, b):
            piece = _fold(text[i], latin)
            if not piece and _INVISIBLE.match(text[i]):
                invisible_at.append(i)
            add(piece, i, 1)
        pos = b
    if pos < len(text):
        add(text[pos:].lower(), pos, len(text) - pos)
    return _View(
        "".join(parts), tuple(seg_norm), tuple(seg_orig), tuple(seg_identity),
        tuple(seg_orig_len), tuple(invisible_at), non_latin,
    )  # fmt: skip


_WORDS_ONLY = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


@dataclass(frozen=True)
class _Collapsed:
    """A text's words (ASCII letters and digits), one space apart, for finding word triggers.

    `words` has a space at both ends. `starts` gives where each chunk of the text starts in
    `words` and `source` where it starts in the text (both have one extra entry at the end).
    """

    words: str
    vocabulary: frozenset[str]
    starts: tuple[int, ...]
    source: tuple[int, ...]
    long_tokens: tuple[int, ...]  # chunks holding a token of 24+ characters (base64?)

    def window(self, at: int, size: int) -> tuple[int, int]:
        """The stretch of the source around a phrase found at `at` in `words`."""
        last = len(self.source) - 2
        first = min(max(bisect.bisect_right(self.starts, at) - 1, 0), last)
        end = min(max(bisect.bisect_right(self.starts, at + size) - 1, first), last)
        return max(0, self.source[first] - 320), min(self.source[-1], self.source[end + 1] + 320)


def _collapse(text: str, chunk: int = 4096) -> _Collapsed:
    parts: list[str] = []
    starts, source, long_tokens = [1], [0], []
    pos, size = 0, len(text)
    while pos < size:
        cut = size if pos + chunk >= size else _next_space(text, pos + chunk)
        piece = text[pos:cut]
        if max(map(len, piece.split()), default=0) >= 24:
            long_tokens.append(len(parts))
        plain = piece.encode("ascii", "replace").decode("ascii").translate(_WORDS_ONLY)
        parts.append(" ".join(plain.split()))
        starts.append(starts[-1] + len(parts[-1]) + 1)
        pos = cut
        source.append(pos)
    words = " " + " ".join(parts) + " "
    return _Collapsed(words, frozenset(words.split()), tuple(starts), tuple(source),
                      tuple(long_tokens))  # fmt: skip


def _next_space(text: str, at: int) -> int:
    found = _WHITESPACE.search(text, at)
    return found.start() if found else len(text)


# -- scanning -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    reason: str
    text: str | None = None  # set when the flag's text is not the original span (decoded)


def _merge_windows(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _contract_language(before: str) -> bool:
    """Does the text before a verb make it the contract's own statement, not an order?"""
    return bool(_MODAL_BEFORE.search(before)) and not _ADDRESSED_BEFORE.search(before)


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _scan(
    text: str, collapsed: _Collapsed | None = None, non_latin: bool | None = None
) -> list[tuple[int, int, str]]:
    """Rule matches on normalised text, as (start, end, reason), each rule near its triggers."""
    collapsed = collapsed or _collapse(text)
    if non_latin is None:
        non_latin = max(text, default=" ") >= "\u0370"
    windows: dict[tuple[str, ...] | str, list[tuple[int, int]]] = {}
    found: dict[tuple[int, int, str], None] = {}
    for rule in _RULES:
        spans: list[tuple[int, int]] = []
        for phrase in rule.phrases:
            if phrase not in windows:
                hits = []
                if all(word in collapsed.vocabulary for word in phrase):
                    needle = f" {' '.join(phrase)} "
                    found_at = _find_all(collapsed.words, needle)
                    hits = [collapsed.window(at, len(needle)) for at in found_at]
                windows[phrase] = hits
            spans += windows[phrase]
        for string in rule.strings:
            if string not in windows:
                hits = []
                if string.isascii() or non_latin:
                    found_at = _find_all(text, string)
                    hits = [(max(0, at - 320), at + len(string) + 320) for at in found_at]
                windows[string] = hits
            spans += windows[string]
        for a, b in _merge_windows(spans):
            for match in rule.pattern.finditer(text, a, b):
                span = match.span("hit") if "hit" in rule.pattern.groupindex else match.span()
                if span[0] == -1 or span[1] <= span[0]:
                    continue
                before = text[max(0, span[0] - 40) : span[0]]
                if rule.imperative and not _ORDER_START.search(before):
                    continue
                if rule.not_after_modal and _contract_language(before):
                    continue
                found[(span[0], span[1], rule.reason)] = None
    return list(found)


def _leet_suspected(collapsed: _Collapsed) -> bool:
    """Do digits stand for letters in words that matter ("1gn0re pr3v10us 1nstruct10ns")?"""
    leet = collapsed.words.translate(_LEET)
    return any(leet.count(w) > collapsed.words.count(w) for w in _LEET_SENTINELS)


def _has_lookalikes(text: str) -> bool:
    """Latin words with Cyrillic, Greek or Armenian look-alike letters mixed in."""
    mixed = any(c.casefold() in _CONFUSABLE_CHARS for c in text)
    return mixed and any(c.isascii() and c.isalpha() for c in text)


def _pattern_hits(doc_text: str, view: _View, collapsed: _Collapsed) -> list[_Hit]:
    matches = [(a, b, r, "") for a, b, r in _scan(view.text, collapsed, view.non_latin)]
    if _leet_suspected(collapsed):
        words = collapsed.words.translate(_LEET)
        leet = _Collapsed(words, frozenset(words.split()), collapsed.starts, collapsed.source, ())
        plain = {(a, b) for a, b, _, _ in matches}
        for a, b, reason in _scan(view.text.translate(_LEET), leet, view.non_latin):
            if (a, b) not in plain and re.search(
                r"[a-z][013457@$]|[013457@$][a-z]", view.text[a:b]
            ):
                matches.append((a, b, reason, "; digits written for letters"))
    hits = []
    for a, b, reason, note in matches:
        start, end = view.start(a), view.end(b)
        original = doc_text[start:end]
        if view.invisible_at and _INVISIBLE.search(original):
            note += "; hidden with zero-width characters"
        if not original.isascii() and _has_lookalikes(original):
            note += "; disguised with look-alike letters"
        hits.append(_Hit(start, end, reason + note))
    return hits


def _decoded_tags(run: str) -> str:
    return "".join(chr(ord(c) - 0xE0000) for c in run if 0x20 <= ord(c) - 0xE0000 < 0x7F)


def _what_it_says(decoded: str) -> str:
    """The rules a decoded payload matches, for the reason line ("" when none)."""
    reasons = sorted({reason for _, _, reason in _scan(_normalise(decoded).text)})
    return f" ({'; '.join(reasons)})" if reasons else ""


def _runs(offsets: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive offsets grouped into (start, end) runs."""
    runs: list[tuple[int, int]] = []
    for at in offsets:
        if runs and runs[-1][1] == at:
            runs[-1] = (runs[-1][0], at + 1)
        else:
            runs.append((at, at + 1))
    return runs


def _split_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The word around invisible characters at start..end, if they sit between letters."""
    if not (start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()):
        return None
    left, right = start - 1, end
    while left > 0 and start - left < 40 and text[left - 1].isalpha():
        left -= 1
    while (
        right < len(text)
        and right - end < 60
        and (text[right].isalpha() or _INVISIBLE.match(text[right]))
    ):
        right += 1
    return left, right


def _smuggling_hits(text: str, invisible_at: Sequence[int]) -> list[_Hit]:
    """Unicode tags, invisible-character runs, zero-width-split words and bidi overrides."""
    hits = []
    word_end = -1
    for start, end in _runs(invisible_at):
        for match in _TAG_RUN.finditer(text, start, end):
            if match.start() and text[match.start() - 1] == "\U0001f3f4":
                continue  # a subdivision flag emoji (England, Scotland, Wales) uses tag characters
            decoded = _decoded_tags(match.group())
            reason = f"Unicode tag characters hide the text '{decoded}'{_what_it_says(decoded)}"
            hits.append(_Hit(match.start(), match.end(), reason, decoded))
        run = text[start:end]
        if _TAG_RUN.fullmatch(run) or set(run) == {"\u00ad"}:
            continue  # tags are reported above; soft hyphens are hyphenation hints
        if end - start >= 3:
            reason = f"run of {end - start} invisible characters (zero-width or bidi controls)"
            hits.append(_Hit(start, end, reason))
        word = _split_word(text, start, end) if start >= word_end else None
        if word is not None:
            word_end = word[1]
            letters = _INVISIBLE.sub("", text[word[0] : word[1]]).lower()
            if letters in _SENSITIVE_WORDS or len(_INVISIBLE.split(text[word[0] : word[1]])) >= 3:
                reason = f"zero-width characters split the word '{letters}'"
                hits.append(_Hit(word[0], word[1], reason))
        for at in range(start, end):
            if text[at] in "\u202d\u202e":
                bidi = _BIDI_OVERRIDE.match(text, at)
                if bidi is not None:
                    shown = bidi.group(1)[::-1]
                    reason = f"bidi override reverses the displayed text to '{shown[:80]}'"
                    hits.append(_Hit(at, bidi.end(), reason + _what_it_says(shown)))
    return hits


def _base64_hits(text: str, start: int, end: int) -> list[_Hit]:
    hits = []
    for match in _BASE64.finditer(text, start, end):
        blob = match.group()
        if not _BASE64_MIXED.search(blob):
            continue  # one long word or a rule of underscores, not an encoding
        try:
            alt = b"-_" if "-" in blob or "_" in blob else None
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), altchars=alt, validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        printable = sum(c.isprintable() or c.isspace() for c in decoded)
        if len(decoded) < 12 or printable < 0.95 * len(decoded):
            continue
        if not _INSTRUCTION_WORDS.search(_normalise(decoded).text):
            continue
        shown = decoded if len(decoded) <= 200 else decoded[:197] + "..."
        reason = f"base64 text decodes to '{shown}'{_what_it_says(decoded)}"
        hits.append(_Hit(match.start(), match.end(), reason))
    return hits


def _merge(hits: list[_Hit]) -> list[_Hit]:
    """Overlapping pattern hits become one flag that lists every reason."""
    merged: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        last = merged[-1] if merged else None
        if last and hit.text is None and last.text is None and hit.start < last.end:
            reasons = last.reason if hit.reason in last.reason else f"{last.reason}; {hit.reason}"
            merged[-1] = _Hit(last.start, max(last.end, hit.end), reasons)
        else:
            merged.append(hit)
    return merged


def _clause_at(clauses: Sequence[Clause], offset: int) -> str | None:
    """The innermost clause holding `offset`."""
    best: Clause | None = None
    for clause in clauses:
        if clause.start <= offset < clause.end and (best is None or clause.start >= best.start):
            best = clause
    return best.id if best else None


def find_flags(doc: Document, clauses: Sequence[Clause]) -> list[Flag]:
    """Hidden text and text aimed at automated tools, with the clause and page it stands in."""
    text = doc.text
    flags = [
        Flag("hidden_text", span.reason, span.start, span.end, span.page,
             text[span.start : span.end], _clause_at(clauses, span.start))
        for span in doc.hidden
    ]  # fmt: skip
    view = _normalise(text)
    collapsed = _collapse(view.text)
    hits = _pattern_hits(text, view, collapsed)
    if view.invisible_at:
        hits += _smuggling_hits(text, view.invisible_at)
    for k in collapsed.long_tokens:
        a, b = collapsed.source[k], collapsed.source[k + 1]
        hits += _base64_hits(text, view.start(a), view.end(b))
    for hit in _merge(hits):
        reason = hit.reason
        hidden = next((s for s in doc.hidden if s.start < hit.end and hit.start < s.end), None)
        if hidden is not None:
            reason += f"; in hidden text ({hidden.reason})"
        shown = hit.text if hit.text is not None else text[hit.start : hit.end]
        flags.append(
            Flag("injection", reason, hit.start, hit.end, doc.page_at(hit.start), shown,
                 _clause_at(clauses, hit.start))
        )  # fmt: skip
    flags.sort(key=lambda f: (f.start, f.kind))
    return flags
