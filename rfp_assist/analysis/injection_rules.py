"""The tables `find_flags` matches with: invisible and look-alike characters, injection rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        # "ignore your instructions", "disregard the evaluation criteria": the reader's own
        # orders or the buyer's evaluation, with no "previous" in between.
        rf"|\b{_OVERRIDE_VERBS}\s+(?:all\s+)?(?:of\s+)?(?:your\s+(?:\w+\s+)?{_ORDERS}"
        rf"|the\s+(?:evaluation|scoring|grading|selection)\s+{_ORDERS})\b"
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
        # At a line start, or a sentence start inside a paragraph ("... cost. Assistant: ...").
        r"(?:^|(?<=[.!?])[ \t]+)[ \t>*_-]*(?P<hit>(?:system|assistant|human|ai)\s*:"
        r"[^\n]{0,200}?\b(?:you|your|i"
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
