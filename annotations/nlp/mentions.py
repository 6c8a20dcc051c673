"""Read who a phrase names: a person with role and organization, an institution, or a pronoun.

Name detection works without a trained model: runs of capitalised tokens, filtered
against vocabularies of capitalised words that are not names. When AXIS_SPACY_MODEL
names an installed trained pipeline, its PERSON and ORG entities that the rules missed are
added as candidates; the model never removes a rule candidate.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from annotations.nlp import vocab
from annotations.nlp.segment import ABBREVIATIONS, PREFIX_ABBREVIATIONS

# Family titles a popular paper puts before a name ("Grandad Reginald Pike"): like an
# honorific they are no part of the name, and kinship is not a job.
KINSHIP_TITLES = frozenset("grandad granddad grandpa grandma granny gran nan nanna mum mom dad".split())

# Honorifics: dropped from the name and never a role.
HONORIFICS = frozenset(vocab.honorifics()) | KINSHIP_TITLES
# ("The Very Rev. Anthony Marchetti": a cleric's style is an honorific, like Sir.)

# Abbreviated ranks of police, armed forces and offices ("Det. Insp. Rachel Oduya",
# "Lt. Col. Max Bell"): each written with its full stop is one title word in front of a name.
RANK_ABBREVIATIONS = frozenset(
    """det. insp. supt. ch. sgt. cpl. pvt. pte. lt. col. capt. maj. brig. adm. cmdr. cdr.
    const. atty. amb. pres. sen. rep. gov.""".split()
)

# Head words of a job or office; in front of a name they make the role, not the name.
ROLE_HEADS = frozenset(
    # Jobs that describe people at work ("his agent", "the planning convener", "a care worker").
    """agent convener convenor planner legislator curator librarian pilot miner driver
    coordinator administrator steward warden ranger chef priest vicar referee umpire jockey
    trainer controller registrar rector ombudsman broker dealer fundraiser midwife
    veterinarian counsellor counselor worker volunteer
    director president chairman chairwoman chairperson chair chief executive ceo cfo coo
    cto founder co-founder cofounder head leader manager minister secretary spokesman
    spokeswoman spokesperson economist analyst strategist lecturer historian researcher
    scientist fellow expert adviser advisor consultant official officer ambassador envoy
    senator sen. governor gov. mayor representative rep. lawmaker congressman congresswoman
    councillor councilor councilman councilwoman member commissioner judge justice lawyer
    attorney prosecutor colonel col. commander admiral captain capt. lieutenant lt. sergeant
    sgt. editor reporter correspondent author writer journalist physician surgeon nurse
    engineer architect teacher principal dean provost chancellor superintendent inspector
    detective sheriff premier king queen prince princess pope bishop archbishop rabbi imam
    pastor reverend coach boss owner partner investor trader banker farmer activist organizer
    organiser campaigner trustee treasurer auditor diplomat negotiator td mp mep msp mla
    president-elect governor-elect solicitor barrister counsel magistrate coroner clerk
    paramedic firefighter constable guard forward striker midfielder defender goalkeeper
    goalie winger pitcher catcher quarterback linebacker""".split()
) | RANK_ABBREVIATIONS

# Words that qualify an office inside a title ("Assistant City Attorney", "Housing Secretary").
ROLE_MODIFIERS = frozenset(
    """chief deputy vice assistant associate senior junior executive managing acting interim
    shadow general principal foreign home housing health education finance treasury defence
    defense interior justice transport energy environment trade culture city county state
    district attorney prime incident opposition party team lead medical council board
    technology operating financial communications policy program programme research
    national regional""".split()
)

# Lower-case words that never qualify a job title in front of a name.
ROLE_STOPWORDS = frozenset(
    """the a an and or but of in on at to for by with from as that this these those his her
    their its our my your according including such like than then
    while when after before during about over under into behind beside near past
    against without within through around across toward towards among via beyond despite
    alongside amid""".split()
) | frozenset(vocab.speech_verbs("stopword"))

# Words in front of a title that belong to neither role nor organization ("Local TD").
ROLE_DESCRIPTORS = frozenset("local former veteran longtime then now newly new outgoing incoming".split())

# Capitalised words that are part of an office, not its employer: "Crown prosecutor", "Fire
# Chief", "Health Minister", "U.S. District Judge".
OFFICE_QUALIFIERS = frozenset(
    """crown fire health finance transport defence defense education justice foreign home interior
    environment energy housing trade agriculture tourism culture treasury district federal u.s. us u.k.
    uk eu""".split()
)

# Political parties, which stay in an office as written ("Labour councillor", "the Scottish
# Green councillor for Millhaugh"): a party is an affiliation, not an employer.
PARTIES = frozenset((
    "conservative", "labour", "labor", "liberal", "liberal democrat", "lib dem", "green", "greens",
    "scottish green", "reform uk", "snp", "plaid cymru", "dup", "sdlp", "sinn féin", "fianna fáil",
    "fine gael", "social democrat", "republican", "democratic", "democrat", "ndp", "new democrat",
    "bloc québécois", "one nation", "bjp", "congress", "aap", "cdu", "csu", "spd", "fdp", "afd", "anc",
    "eff", "likud", "fidesz", "pis",
))

# Offices that "General" closes: Attorney General, Solicitor General, Surgeon General ...
GENERAL_OFFICES = frozenset(
    "attorney solicitor surgeon inspector auditor director secretary postmaster adjutant accountant comptroller "
    "governor consul procurator advocate registrar".split()
)

# Endings that mark an occupation ("Hydrologist", "Economist", "Statistician", "Councilmember").
ROLE_SUFFIXES = ("ologist", "onomist", "ician", "grapher", "ist", "member")

# Words that make a capitalised run an organization rather than a person.
ORG_WORDS = frozenset(
    """university college school institute institution center centre council ministry
    department agency bank corporation co company
    foundation fund association society committee commission party office service
    services board court times post news journal herald tribune press network authority
    administration government parliament congress senate assembly army navy force forces
    police constabulary hospital clinic museum library union federation alliance league club church
    program programme project initiative trust partners capital industries labs
    laboratory observatory endowment forum organization organisation systems technologies
    media studio studios airlines airways motors energy pharmaceuticals research minerals
    lithium semiconductor bureau directorate commission tribunal academy archive archives
    securities survey
    athletic rovers rangers united wanderers albion hotspur platinum mining resources cables
    foods biologics therapeutics pharma software networks telecom logistics shipping insurance
    construction renovations automotive aerospace chemicals textiles brewery breweries friends
    musée museo museu université universidad universidade universität ministère ministerio
    ministério banco banque federação federación fédération instituto institut""".split()
) | frozenset(vocab.company_suffixes())

# Lower-case nouns that describe an organization before its name ("the Amsterdam firm Brandt Keller").
ORG_DESCRIPTORS = frozenset(
    """bakery company firm start-up startup charity restaurant newspaper shop store chain
    group brand club school consultancy agency lab laboratory manufacturer maker supplier
    insurer lender bank broker developer publisher retailer""".split()
)

# Nouns that, as the subject of a speech verb, make an institution the speaker.
INSTITUTION_NOUNS = frozenset(
    """ministry company firm government agency department bank court council commission
    committee authority authorities office administration police army military embassy
    university institute group organization organisation union board regulator parliament
    kremlin pentagon foundation fund party campaign newspaper network watchdog coalition
    cabinet presidency secretariat legislature senate congress district school hospital
    service bureau trust association federation club league force constabulary""".split()
)

# Nouns for the people who speak for an institution ("a spokesperson for the Department").
SPOKESPERSON_NOUNS = ("spokesperson", "spokesman", "spokeswoman", "representative", "official", "statement")

# Places: "Senator X of Texas" names a constituency, not an organization.
PLACES = frozenset(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida
    georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada hampshire
    jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode tennessee
    texas utah vermont virginia washington wisconsin wyoming america china russia iran
    israel ukraine korea japan india pakistan britain england scotland wales ireland france
    germany italy spain europe asia africa canada australia brazil vietnam denmark sweden
    norway london paris tokyo beijing moscow tehran kyiv brussels dublin berlin""".split()
)

# Capitalised words that are never part of a person's name.
NON_NAME_WORDS = frozenset(
    """the a an this that these those it its he she they we i you his her their our my your
    there here then but and or so yet for if when while although though because since as
    after before until unless once now still also however meanwhile moreover instead indeed
    yes no not some many most much few several each every all both either neither such other
    another in on at by with without from to of over under into during despite between among
    across through against about what who which where why how whether only even just
    outside inside according today tomorrow yesterday
    western eastern northern southern european american asian african arab islamic soviet
    russian chinese iranian korean japanese british french german israeli ukrainian indian
    united states kingdom nations union north south east west god covid internet web
    republicans democrats republican democrat""".split()
) | frozenset(vocab.months()) | frozenset(vocab.weekday_names())

# Words that make a capitalised run a place, event or thing rather than a person.
NON_PERSON_WORDS = frozenset(
    """street road lane avenue square bridge river valley mountain mount lake sea ocean
    bay island islands county city town village district station airport building tower
    estate war act bill law day cup league marathon championship championships games prize
    award fire storm hurricane delta basin coast gulf highway route stop mall market""".split()
)

# Plural nouns for unnamed groups, capitalised only because they open a sentence ("Locals say").
GROUP_NOUNS = frozenset(
    """locals residents neighbours neighbors critics analysts experts officials observers
    insiders sources witnesses supporters opponents fans parents shoppers commuters passengers
    voters villagers tenants investors traders economists scientists researchers doctors
    teachers students workers staff campaigners activists protesters protestors members
    people others some many most developers employees landlords farmers drivers owners
    families businesses companies firms manufacturers retailers growers producers""".split()
)

# Particles that may sit inside a name ("Ursula von der Leyen", "Anneke de Vries").
NAME_PARTICLES = frozenset("de da di del della van von der den bin ibn al el la le du dos das ter ten zu y".split())

# Lower-case words that may sit inside an organization's name.
ORG_CONNECTORS = frozenset("of for and on the & de du des na an y da das do dos del della di el al la le der".split())

PRONOUNS = frozenset(("he", "she", "it"))

# Verbs that open the predicate after a subject ("Her son, Erik Lund, said the cause was ..."):
# what follows them describes what the person did, not who the person is.
PREDICATE_STARTS = frozenset(
    [*vocab.speech_verbs("predicate")]
    + "is was are were has had have will would could can did does died dies".split()
    # Common irregular past forms: "Ilona Bartos, 67, paid $40,000" goes on with what she did.
    + """paid sold bought won lost spent made took gave got went came saw ran kept held met
    brought built found thought became began fell felt drove flew grew knew sat spoke stole
    swore threw wore""".split()
)

# Nouns that say who a person is without naming a job: a class year or where they live
# ("a 6-foot-4 junior from São Paulo", "a Calderbrook resident").
NOT_JOB_NOUNS = frozenset("freshman sophomore junior senior redshirt native resident residents local name figure face".split())

# Words that open an appositive without adding to the role.
ROLE_LEADERS = ("a ", "an ", "the ", "its ", "who is ", "now ", "then ")

# Family relations: "his daughter" says who someone is to another person, not a job.
KINSHIP_NOUNS = frozenset(
    """son daughter wife husband mother father brother sister grandson granddaughter
    grandmother grandfather niece nephew cousin aunt uncle widow widower fiance fiancé fiancee
    fiancée stepson stepdaughter stepfather stepmother child children parents""".split()
)

# Nouns for people, not bodies, that may own a job ("the man's lawyer", "the player's agent").
PERSON_OWNER_NOUNS = frozenset("man woman boy girl person people player family victim client patient pupil student".split())

# Company suffixes that make a run the legal name of a firm.
COMPANY_SUFFIXES = vocab.company_suffixes()

_SPACY_MODEL_ENV = "AXIS_SPACY_MODEL"

# Every Latin capital letter: names like "Çelik" or "Łukasz" start with one outside A-Z.
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())


def caps(pattern: str) -> str:
    """Return a pattern whose [A-Z] classes also accept accented capitals."""
    return pattern.replace("[A-Z]", f"[{UPPER}]")



@dataclass(frozen=True)
class Mention:
    """Who a phrase names, with the span of the name in the text."""

    start: int
    end: int
    name: str
    role: str | None = None
    organization: str | None = None
    kind: str = "person"  # "person", "surname", "pronoun" or "institution"
    # An organization given only by reference, resolved against the article later: "its" for
    # the one named just before ("Its founder, X"), or a noun ("the council's cabinet member").
    org_ref: str | None = None


class ModelError(RuntimeError):
    """AXIS_SPACY_MODEL names no trained pipeline that finds entities."""


@lru_cache(maxsize=1)
def nlp():
    """Return the process-wide spaCy pipeline (blank English unless AXIS_SPACY_MODEL is set)."""
    import spacy

    model = os.environ.get(_SPACY_MODEL_ENV)
    if not model:
        return _keep_title_abbreviations(spacy.blank("en"))
    # A bad value fails here rather than falling back to the rules alone without a word.
    try:
        pipe = spacy.load(model, disable=["parser", "lemmatizer", "textcat"])
    except (OSError, ValueError) as exc:
        raise ModelError(f"{_SPACY_MODEL_ENV}={model!r} is not an installed spaCy pipeline ({exc.__class__.__name__})") from None
    if not any(name in ("ner", "entity_ruler") or pipe.get_pipe_meta(name).factory in ("ner", "entity_ruler")
               for name in pipe.pipe_names):
        raise ModelError(f"{_SPACY_MODEL_ENV}={model!r} has no entity recognizer (ner or entity_ruler)")
    return _keep_title_abbreviations(pipe)


def _keep_title_abbreviations(pipe):
    """Return a pipeline whose tokenizer keeps "Det." or "Insp." whole, as it keeps "Dr."."""
    from spacy.symbols import ORTH

    # Split as "Det" + ".", a rank would break the capitalised run of "Det. Insp. Rachel Oduya".
    for abbr in PREFIX_ABBREVIATIONS | {a.rstrip(".") for a in RANK_ABBREVIATIONS}:
        form = abbr[:1].upper() + abbr[1:] + "."
        pipe.tokenizer.add_special_case(form, [{ORTH: form}])
    return pipe


@lru_cache(maxsize=1)
def _doc_maker():
    """Return what turns a string into a Doc: the whole trained pipeline, or the tokenizer alone."""
    # Asked once: `pipe_names` builds a fresh list on every read.
    pipe = nlp()
    return pipe if pipe.pipe_names else pipe.tokenizer


@lru_cache(maxsize=4096)
def tokens(text: str):
    """Return the tokens of `text`, with entities when a trained pipeline is loaded."""
    return _doc_maker()(text)


def _is_cap(t: str) -> bool:
    """Return whether a token text can be part of a proper name."""
    # The first letter is nearly always the alphabetic character; "Ⅳ" is upper case but no letter.
    return t[:1].isupper() and (t[0].isalpha() or any(c.isalpha() for c in t)) and t.casefold() not in NON_NAME_WORDS


def is_role_head(word: str) -> bool:
    """Return whether a word names a job."""
    low = word.casefold()
    if low in ROLE_HEADS:
        return True
    return len(low) > 5 and low.isalpha() and low.endswith(ROLE_SUFFIXES)


def _is_roleish(word: str) -> bool:
    """Return whether a word can be part of a title in front of a name."""
    return is_role_head(word) or word.casefold() in ROLE_MODIFIERS


def runs(doc, texts: list[str]) -> list[tuple[int, int]]:
    """Return token ranges of capitalised runs, joining hyphens and name particles."""
    # `texts` holds each token's text: reading doc[i].text builds a Token object every time.
    out: list[tuple[int, int]] = []
    i, n = 0, len(texts)
    while i < n:
        t = texts[i]
        starts = _is_cap(t) or t.casefold() in HONORIFICS and t[:1].isupper()
        if not starts and t in NAME_PARTICLES and i + 1 < n and _is_cap(texts[i + 1]) and texts[i + 1].casefold() not in HONORIFICS:
            starts = True
        if not starts:
            i += 1
            continue
        j = i + 1
        while j < n:
            tok = texts[j]
            if _is_cap(tok):
                j += 1
            elif tok in "-‐" and not doc[j - 1].whitespace_ and j + 1 < n and _is_cap(texts[j + 1]):
                j += 2
            elif tok in NAME_PARTICLES and j + 1 < n and _is_cap(texts[j + 1]):
                j += 2
            elif tok in ("of", "for", "&") and j + 1 < n and _is_cap(texts[j + 1]) and is_org(texts[i:j]):
                j += 2  # "Oregon Department of Forestry"
            else:
                break
        out.append((i, j))
        i = j
    return out


def is_org(words: list[str]) -> bool:
    """Return whether capitalised words name an organization."""
    for w in words:
        low = w.casefold()
        if low in ORG_WORDS:
            return True
        if len(w) >= 2 and w.isupper() and w.isalpha() and low not in ROLE_HEADS:
            return True
    return False


@dataclass(frozen=True)
class _Candidate:
    """A person-name candidate: tokens k..j of the doc, with a role/org written in front."""

    k: int
    j: int
    role: str | None
    org: str | None


def _candidates(doc) -> list[_Candidate]:
    """Return person-name candidates with the title written in front of each."""
    texts = [t.text for t in doc]
    out = _rule_candidates(doc, texts)
    # A trained model adds the PERSON spans the rules missed; it never removes a rule candidate.
    extra = [
        _Candidate(e.start, e.end, *_front(texts, e.start, e.start))
        for e in getattr(doc, "ents", ())
        if e.label_ == "PERSON" and not any(c.k < e.end and e.start < c.j for c in out)
    ]
    return sorted(out + extra, key=lambda c: c.k) if extra else out


def _rule_candidates(doc, texts: list[str]) -> list[_Candidate]:
    """Return the person-name candidates the capitalised runs give."""
    out = []
    for i, j in runs(doc, texts):
        words = texts[i:j]
        # The name is what follows the last title word of the run ("Halden Chief Executive Laura Kessler").
        k = i
        for x in range(i, j - 1):
            low = texts[x].casefold()
            if is_role_head(texts[x]) or low in HONORIFICS or low in ROLE_DESCRIPTORS:
                k = x + 1
        if k >= j:
            continue
        name_words = texts[k:j]
        if is_org(words[k - i :]) or all(w.casefold() in PLACES for w in name_words):
            continue
        if any(w.casefold() in NON_PERSON_WORDS for w in name_words) or _after_descriptor(texts, i) or _is_group(name_words):
            continue
        role, org = _front(texts, i, k)
        out.append(_Candidate(k, j, role, org))
    return out


def _is_group(words: list[str]) -> bool:
    """Return whether a one-word "name" is a plural noun for unnamed people ("Locals", "Analysts")."""
    if len(words) != 1:
        return False
    low = words[0].casefold()
    return low in GROUP_NOUNS or low.endswith("s") and is_role_head(low[:-1])


def _after_descriptor(texts: list[str], i: int) -> bool:
    """Return whether a noun like "bakery" or "campaign group," in front makes run i a business name."""
    if i > 1 and texts[i - 1] == ",":
        i -= 1
    return i > 0 and texts[i - 1] in ORG_DESCRIPTORS


def _front(texts: list[str], run_start: int, k: int) -> tuple[str | None, str | None]:
    """Return (role, organization) written in front of the name at token k."""
    # Title words inside the capitalised run, then lower-case title words before it.
    i = k
    while i > run_start and texts[i - 1].casefold() in HONORIFICS:
        i -= 1
    j = i
    while j > 0 and (_is_roleish(texts[j - 1])) and texts[j - 1].casefold() not in HONORIFICS:
        j -= 1
    role_words = texts[j:i]
    while role_words and not is_role_head(role_words[-1]):
        role_words.pop()
        i -= 1
    if not role_words:
        return None, None
    # Lower-case qualifiers of the job ("sports lawyer", "Opposition health spokesman").
    extra = 0
    while j > 0 and extra < 3 and _is_qualifier(texts, j - 1):
        j -= 1
        extra += 1
    while j > 0 and texts[j - 1].casefold() in ROLE_MODIFIERS:
        j -= 1
    role_words = texts[j:i]
    o = j
    while o > 0 and (_is_cap(texts[o - 1]) or texts[o - 1].casefold() in ("&",)) and not _is_roleish(texts[o - 1]):
        o -= 1
    org_words = [t for t in texts[o:j] if t.casefold() not in ROLE_DESCRIPTORS]
    if o > 0 and texts[o - 1] in ("’s", "'s"):
        org_words = []
    org = " ".join(org_words) or None
    if org and org.casefold() in PLACES:
        org = None
    if org and (len(org_words) == 1 and (org.casefold() in INSTITUTION_NOUNS or org.casefold() in OFFICE_QUALIFIERS)
                or org.casefold() in PARTIES):
        # "Police Chief Raymond Kessler", "Club captain Jordan Ashby": a bare noun for a kind
        # of body qualifies the office, as "City" does in "City Attorney"; it names no employer.
        return org + " " + " ".join(role_words), None
    return " ".join(role_words), org


def _is_qualifier(texts: list[str], x: int) -> bool:
    """Return whether the lower-case word at token x can qualify a job title after it."""
    word = texts[x]
    if not (word.isalpha() and word.islower()) or word in ROLE_STOPWORDS:
        return False
    # "defeating former police chief X", "have sacked head coach X": a verb in -ing or -ed
    # governs the title; "a visiting professor" or "a retired judge" uses it as an adjective,
    # which an article in front shows.
    if word.endswith(("ing", "ed")) and word not in ROLE_MODIFIERS:
        return x > 0 and texts[x - 1].casefold() in ("a", "an", "the")
    return True


def parse_appositive(text: str) -> tuple[str | None, str | None]:
    """Return (role, organization) from a phrase like "a historian at Johns Hopkins University"."""
    s = text.strip().strip(",;:—–- ").strip()
    if not _ABBREVIATED_END_RE.search(s):
        s = s.rstrip(".")
    pieces = [p.strip() for p in _COMMA_SPLIT_RE.split(s)]
    # An age ("Lan, 54, ...") says nothing about the job; a following description might.
    aged = bool(pieces) and _AGE_RE.fullmatch(pieces[0]) is not None
    if aged:
        pieces = pieces[1:]
    s = pieces[0] if pieces else ""
    # "Bryce Tolland, 44, pleaded guilty": after an age, a past form with no article is what he did.
    if aged and _AFTER_AGE_VERB_RE.match(s):
        return None, None
    s = _APPOSITIVE_END_RE.split(" " + s, maxsplit=1)[0].strip()
    # "..., a retired nurse. She added": the description ends with its sentence.
    s = _SENTENCE_END_RE.split(s, maxsplit=1)[0]
    # "from Caerleon" says where a person lives; "standing at ..." what they were doing.
    if not s or s.isdigit() or s.split()[0].rstrip(":,;") in PREDICATE_STARTS or _PAST_VERB_RE.match(s):
        return None, None
    if _NOT_ROLE_START_RE.match(s):
        return None, _described_org(s)
    low = s.casefold()
    for lead in ROLE_LEADERS:
        if low.startswith(lead):
            s = s[len(lead):]
            break
    words = s.split()
    if not words or len(words) > 12:
        return None, None
    m = _OWNER_ROLE_RE.match(s)
    if m:
        return _clean_role(m.group("role")), clean_org(m.group("org"))
    # "Minister of State for Housing", "Secretary of State for Health": one title, no employer.
    if _OF_STATE_RE.match(s):
        return _clean_role(s), None
    # "the state’s adjutant general": a common-noun possessor is not an organization.
    s = _COMMON_POSSESSOR_RE.sub("", s)
    m = _AT_ORG_RE.search(s)
    if m is None:
        m = _OF_ORG_RE.search(s)
        # "MP for North Wealdshire" is an office; "president of Local 718" names the employer.
        if m and not m.group("org").startswith("the ") and not is_org(m.group("org").split()):
            if not m.group().lstrip().startswith("of") or all(w.casefold() in PLACES for w in m.group("org").split()):
                m = None
    if m:
        return _clean_role(s[: m.start()]), clean_org(m.group("org"))
    # "Acme spokeswoman": capitalised organization words ahead of a lower-case role.
    m = _ORG_ROLE_RE.match(s)
    if m and not any(is_role_head(w) for w in m.group("org").split()):
        if _not_a_job(m.group("role")):
            return None, None  # "a Calderbrook resident" lives there, and works for no one
        if m.group("org").strip().casefold() in PARTIES:
            return _clean_role(s), None
        return _clean_role(m.group("role")), clean_org(m.group("org"))
    if words[0][:1].islower() or any(_is_roleish(w.strip(",.")) for w in words):
        return (None, None) if _not_a_job(s) else (_clean_role(s), None)
    # "an Ohio Democrat": an affiliation, neither a job nor an employer.
    return None, None


def _not_a_job(phrase: str) -> bool:
    """Return whether a description names a class year or a home rather than a job."""
    # "a 6-foot-4 junior from São Paulo": the home town goes, and "junior" is no job; "the
    # most sought-after name in this year's transfer portal" is described by its first noun.
    head = _HOME_TOWN_RE.sub("", phrase)
    head = _HEAD_PREPOSITION_RE.split(head, maxsplit=1)[0].split()
    return bool(head) and head[-1].casefold() in NOT_JOB_NOUNS


def _described_org(phrase: str) -> str | None:
    """Return the employer in "of charity Wheels For All" or "of the Tidewater Institute"."""
    m = _OF_REST_RE.match(phrase)
    if not m:
        return None
    rest = m.group("rest")
    # A descriptive noun says the name is an organization ("of charity X", "of the bakery X");
    # without one, "of Brindle Lane" is more likely a home address than an employer.
    d = _DESCRIPTOR_HEAD_RE.match(rest)
    if d:
        return clean_org(rest[d.end():])
    org = clean_org(rest) if rest[:1].isupper() else None
    return org if org and is_org(org.split()) else None


def _clean_role(role: str) -> str | None:
    """Return a role without leading articles or trailing punctuation."""
    role = role.strip().strip(",;:.—–- ")
    role = _ARTICLE_RE.sub("", role)
    if not role or len(role.split()) > 8 or role.split()[-1].casefold() in KINSHIP_NOUNS:
        return None
    return role


def clean_org(org: str) -> str | None:
    """Return an organization name cut where the capitalised name ends."""
    org = org.strip()
    org = _THE_RE.sub("", org)
    # "the Amsterdam firm Brandt Keller": the name follows the descriptive noun.
    m = _ORG_DESCRIPTOR_RE.match(org)
    if m:
        org = org[m.end():]
    # "Vietnam’s Ministry of ...": the possessor is not part of the name.
    m = _POSSESSOR_NAME_RE.match(org)
    if m:
        org = org[m.end():]
    kept: list[str] = []
    for w in org.split():
        bare = w.rstrip(",;:")
        # "the Bern court": a lower-case organization noun can close a capitalised name.
        if kept and bare.rstrip(".").casefold() in ORG_WORDS and kept[-1][:1].isupper() and not bare[:1].isupper():
            kept.append(bare)
            break
        if bare[:1].isupper() or bare[:1].isdigit() or bare.casefold() in ORG_CONNECTORS:
            kept.append(bare)
            if w != bare:
                break
        else:
            break
    while kept and kept[-1].casefold() in ORG_CONNECTORS:
        kept.pop()
    out = " ".join(kept)
    if out.endswith(".") and not out.casefold().endswith(("inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "bros.")) and not _INITIAL_END_RE.search(out):
        out = out[:-1]
    if out.endswith(("’s", "'s")):
        out = out[:-2]
    return out or None


def parse_speaker(text: str, start: int, end: int, side: str) -> Mention | None:
    """Return who text[start:end] names as the speaker, `side` being where it sits from the verb."""
    if side == "before":
        # "Mrs. Ada Lindgren, 81, who said": the relative pronoun stands for the name.
        m = _WHO_END_RE.search(text[start:end])
        if m:
            phrase = text[start : start + m.start()] + ","
            doc = tokens(phrase)
            return _before(doc, phrase, start, _candidates(doc)) if len(doc) else None
    phrase = text[start:end]
    if not phrase.strip():
        return None
    doc = tokens(phrase)
    if not len(doc):
        return None
    cands = _candidates(doc)
    if side == "after":
        return _after(doc, phrase, start, cands)
    return _before(doc, phrase, start, cands)


def _after(doc, phrase: str, base: int, cands: list[_Candidate]) -> Mention | None:
    """Return the speaker named right after a speech verb."""
    first = doc[0]
    if first.text.casefold() in PRONOUNS:
        return Mention(base + first.idx, base + first.idx + len(first), first.text.casefold(), kind="pronoun")
    # "Tolland's lawyer, Daniel Okafor, ...": a possessor is not the speaker; the name after
    # the job it owns is, and the comma before that name belongs to the job.
    owned = False
    while len(cands) > 1 and cands[0].j < len(doc) and doc[cands[0].j].text in ("’s", "'s"):
        cands, owned = cands[1:], True
    if cands:
        c = cands[0]
        lead = doc[: c.k]
        lowers_ok = any(is_role_head(t.text) for t in lead)
        if len(lead) <= 6 and all(_is_roleish(t.text) or _is_cap(t.text) or t.text.casefold() in HONORIFICS or t.text.casefold() in ("the", "a", "an", "’s", "'s") or t.text.casefold() in ROLE_DESCRIPTORS or lowers_ok and t.text.isalpha() and t.text.islower() or owned and t.text == "," for t in lead):
            found = _person(doc, phrase, base, c)
            return _with_front_role(doc, phrase, c, found) if owned else found
    return _institution(doc, phrase, base, at_end=False)


def _before(doc, phrase: str, base: int, cands: list[_Candidate]) -> Mention | None:
    """Return the speaker named as the subject right before a speech verb."""
    last = doc[len(doc) - 1]
    if last.text.casefold() in PRONOUNS:
        return Mention(base + last.idx, base + last.idx + len(last), last.text.casefold(), kind="pronoun")
    spokes = _spokesperson(phrase, base)
    if spokes is not None:
        return spokes
    for i, c in enumerate(cands):
        tail = phrase[doc[c.j - 1].idx + len(doc[c.j - 1]) :]
        if attachable(tail):
            # "The Minister for Housing, Dana Ruiz, said": a word of the title whose appositive is
            # a full name is not the speaker; the name is.
            after = cands[i + 1] if i + 1 < len(cands) else None
            if after is not None and c.j - c.k == 1 and after.j - after.k > 1 and tail.strip(" ,") == doc[after.k : after.j].text:
                continue
            return _with_front_role(doc, phrase, c, _person(doc, phrase, base, c))
    # "The company, founded in 2021 by two researchers, says" / "The Office of Rail and Road,
    # the industry regulator, warned": the subject opens the phrase, an appositive follows.
    m = _SUBJECT_APPOSITIVE_RE.match(phrase)
    if m:
        np = m.group("np")
        words = np.split()
        # "The state weather bureau, PAGASA, said": the common noun describes the name after it.
        app = m.group("app").strip()
        if np.islower() and words[-1] in INSTITUTION_NOUNS and _PROPER_NAME_RE.fullmatch(app):
            start = base + m.start("app") + m.group("app").index(app)
            return Mention(start, start + len(app), app, kind="institution")
        if words[-1].casefold() in INSTITUTION_NOUNS or is_org([w for w in words if _is_cap(w)]) and _is_cap(words[-1]):
            start = base + m.start("np")
            return Mention(start, start + len(np), np, kind="institution")
    return _institution(doc, phrase, base, at_end=True)


def _with_front_role(doc, phrase: str, c: _Candidate, found: Mention) -> Mention:
    """Return a person mention with the job an appositive in front of the name gives."""
    if found.role is not None:
        return found
    # "her lawyer, Tobias Brenner, said" / "Network Rail's chief executive, Andrew Haines,"
    m = _FRONT_APPOSITIVE_RE.search(phrase, max(0, doc[c.k].idx - 80), doc[c.k].idx)
    # "the ministry's deputy secretary for workforce": the job's head need not come last.
    if m and any(is_role_head(w) for w in m.group("role").split()):
        org, ref = _possessor(m, found.organization)
        return Mention(found.start, found.end, found.name, m.group("role"), org, found.kind, ref)
    # "The chief executive of Acme Foods, Dana Ruiz, said": a title with its body, then the name.
    m = _FRONT_TITLE_RE.search(phrase, max(0, doc[c.k].idx - 80), doc[c.k].idx)
    if m and is_role_head(m.group("title").split()[0]):
        role, org = parse_appositive(m.group("title"))
        if role:
            return Mention(found.start, found.end, found.name, role, org or found.organization, found.kind, None)
    return found


def _possessor(m: re.Match, org: str | None) -> tuple[str | None, str | None]:
    """Return (organization, reference) of the owner in front of a job ("Acme's", "its", "the council's")."""
    if m.group("ref"):
        return None, "its"
    if m.group("noun"):
        noun = m.group("noun")
        return None, owner_ref(noun)
    if m.group("org"):
        # "Mr Ortiz's lawyer": a person's lawyer works for the person, not an organization.
        if m.group("org").split()[0].casefold() in HONORIFICS:
            return None, None
        return clean_org(m.group("org")), None
    return org, None


def owner_ref(noun: str) -> str | None:
    """Return the reference a common-noun owner of a job leaves to resolve ("the county's attorney")."""
    # Kinship and people own no organization ("her mother's lawyer"); any other noun may be
    # the last word of a body the article names ("the coordinator's" → Andes Grid Coordinator).
    if noun in KINSHIP_NOUNS or noun in PERSON_OWNER_NOUNS:
        return None
    return noun


def attachable(tail: str) -> bool:
    """Return whether the words between a name and its verb only describe the name."""
    t = tail.strip()
    if not t:
        return True
    if t[0] == ",":
        inner = t.strip(", ")
        if not inner:
            return True  # "her lawyer, Tobias Brenner, said"
        return t.endswith(",") and len(inner.split()) <= 18 and not _CLAUSE_IN_APPOSITIVE_RE.search(inner)
    if _PREPOSITION_RE.match(t):
        return len(t.split()) <= 10 and "," not in t.rstrip(",")
    return bool(_ADVERB_RE.fullmatch(t))


def _person(doc, phrase: str, base: int, c: _Candidate) -> Mention:
    """Return a person mention with role and organization from around the name."""
    role, org = c.role, c.org
    # "Attorney General Evan Prewitt": "General" ends the office, it does not start the name.
    if c.j - c.k > 2 and doc[c.k].text == "General" and role and role.split()[-1].casefold() in GENERAL_OFFICES:
        c = _Candidate(c.k + 1, c.j, role + " General", org)
        role = c.role
    name = doc[c.k : c.j].text
    start = base + doc[c.k].idx
    tail = phrase[doc[c.j - 1].idx + len(doc[c.j - 1]) :]
    r2, o2, ref = _tail_role(tail)
    # A job described after the name outranks an office title in front of it.
    if r2:
        role, org = r2, o2 or (org if not c.role else None)
    else:
        org = org or o2
    kind = "person" if len(doc[c.k : c.j]) > 1 and not all(doc[x].text in NAME_PARTICLES or doc[x].text in "-‐" for x in range(c.k, c.j - 1)) else "surname"
    if kind == "person" and len(name.split()) == 1:
        kind = "surname"  # hyphenated single names ("Kierkegaard-Ølund")
    return Mention(start, start + len(name), name, role, org, kind, None if org else ref)


def _tail_role(tail: str) -> tuple[str | None, str | None, str | None]:
    """Return role, organization and organization reference written after a name."""
    t = tail.lstrip()
    if t.startswith(","):
        role, org = parse_appositive(t[1:])
        m = _POSSESSOR_RE.match(t[1:])
        ref = None
        if m and not org:
            noun = m.group("noun").casefold()
            ref = "its" if noun == "its" else owner_ref(noun)
        # "community liaison officer at the authority": the body the article named, looked up later.
        at = _AT_THE_BODY_RE.search(role) if role and not org and ref is None else None
        if at and at.group("noun") in INSTITUTION_NOUNS:
            role, ref = role[: at.start()], at.group("noun")
        return role, org, ref
    m = _PREPOSITION_ORG_RE.match(t)
    if m:
        org = clean_org(m.group(1).split(",")[0])
        if org and all(w.casefold() in PLACES for w in org.split()):
            return None, None, None
        return None, org, None
    return None, None, None


def _spokesperson(phrase: str, base: int) -> Mention | None:
    """Return the institution behind "a spokesperson for the Department of Education"."""
    # Each pattern needs one of the nouns; most subjects hold none, so skip the searches.
    if not any(noun in phrase for noun in SPOKESPERSON_NOUNS):
        return None
    m = _SPOKES_FOR_RE.search(phrase)
    if not m:
        # "A Welsh Government spokesperson said"
        m = _ORG_SPOKES_RE.search(phrase)
    if not m:
        # "A police spokesperson said": the body of that kind the article names, resolved later.
        m = _NOUN_SPOKES_RE.search(phrase)
        if m:
            start = base + m.start("noun")
            return Mention(start, base + len(phrase.rstrip(" ,")), "the " + m.group("noun"), kind="institution")
    if not m:
        return None
    org = clean_org(m.group("org"))
    if not org:
        return None
    start = base + m.start("org")
    # The mention runs to the end of the phrase: the spokesperson is the grammatical subject.
    return Mention(start, base + len(phrase.rstrip(" ,")), org, kind="institution")


def _institution(doc, phrase: str, base: int, at_end: bool) -> Mention | None:
    """Return an institution named by an organization run or a noun like "the ministry"."""
    n = len(doc)
    stop = ("and", "while", "but", "as", "that", "because", "although", "though", "said", "says", "in", "on", "at", "with", "by")
    if at_end:
        j = n
        while j > 0 and doc[j - 1].text in ",":
            j -= 1
        i = j
        while i > 0 and (doc[i - 1].text[:1].isalpha() or doc[i - 1].text in ("’s", "'s", "&", "-")) and (doc[i - 1].text.casefold() not in stop or _inside_name(doc, i - 1)):
            if doc[i - 1].text.casefold() in ("the", "a", "an"):
                break
            i -= 1
            if i < j - 8:
                return None
        if i > 0 and doc[i - 1].text.casefold() in ("a", "an"):
            return None
        span = doc[i:j]
    else:
        i = 1 if n and doc[0].text.casefold() == "the" else 0
        j = i
        while j < n and (doc[j].text[:1].isalpha() or doc[j].text in ("&", "-", "’s", "'s")) and (
            _is_cap(doc[j].text) or doc[j].text.casefold() in INSTITUTION_NOUNS or doc[j].text.casefold() in ORG_CONNECTORS or doc[j].text in ("’s", "'s")
        ):
            j += 1
        span = doc[i:j]
    while len(span) and span[-1].text.casefold() in ORG_CONNECTORS:
        span = span[: len(span) - 1]
    if not len(span):
        return None
    words = [t.text for t in span]
    head = words[-1].casefold()
    caps = [w for w in words if _is_cap(w)]
    # "the spokesperson said": the body behind the spokesperson the article quoted before.
    anaphoric = head in SPOKESPERSON_NOUNS[:3] and len(words) == 1 and i > 0 and doc[i - 1].text.casefold() == "the"
    if head in INSTITUTION_NOUNS or is_org(caps) and _is_cap(words[-1]) or anaphoric:
        text = span.text
        start = base + span[0].idx
        return Mention(start, start + len(text), text, kind="institution")
    if caps and len(caps) == len([w for w in words if w not in ("’s", "'s")]) and not all(w.casefold() in PLACES for w in caps) and not _is_group(words):
        text = span.text
        start = base + span[0].idx
        return Mention(start, start + len(text), text, kind="surname" if len(words) == 1 else "person")
    return None


def _inside_name(doc, x: int) -> bool:
    """Return whether a lower-case connector at token x joins two capitalised words of one name."""
    # "Castlebridge Fire and Rescue Service", "Bureau of Land Management".
    return 0 < x < len(doc) - 1 and doc[x].text in ("and", "of", "for") and _is_cap(doc[x - 1].text) and _is_cap(doc[x + 1].text)


@lru_cache(maxsize=256)
def people_in(text: str, start: int, end: int) -> tuple[Mention, ...]:
    """Return every person named in text[start:end], with what the text says about them."""
    phrase = text[start:end]
    doc = tokens(phrase)
    return tuple(_with_front_role(doc, phrase, c, _person(doc, phrase, start, c)) for c in _candidates(doc))


@lru_cache(maxsize=256)
def org_runs(text: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """Return (start, end, name) of organization names in text[start:end].

    With a trained model (AXIS_SPACY_MODEL), its ORG spans that no rule run covers are
    added; this runs the model over text[start:end].
    """
    found = tuple(org for m in _ORG_RUN_RE.finditer(text, start, end) for org in _orgs_in_run(text, m))
    if _doc_maker() is not nlp():
        return found
    extra = tuple(
        (start + e.start_char, start + e.end_char, e.text)
        for e in tokens(text[start:end]).ents
        if e.label_ == "ORG" and not any(s < start + e.end_char and start + e.start_char < t for s, t, _ in found)
    )
    return tuple(sorted(found + extra)) if extra else found


def org_runs_at(text: str, start: int, end: int, pos: int) -> tuple[tuple[int, int, str], ...]:
    """Return the part of org_runs(text, start, end) that comes from the capitalised run holding `pos`."""
    # Each name lies inside the run it comes from, so a caller asking what starts at `pos`
    # needs only that run read, not every run of the paragraph.
    for m in _ORG_RUN_RE.finditer(text, start, end):
        if m.start() > pos:
            break
        if pos < m.end():
            return _orgs_in_run(text, m)
    return ()


def _orgs_in_run(text: str, m: re.Match) -> tuple[tuple[int, int, str], ...]:
    """Return (start, end, name) of the organizations one capitalised run names."""
    name = _sentence_part(m.group().strip())
    name = _LEADING_ARTICLE_RE.sub("", name)
    name = _LEADING_POSSESSOR_RE.sub("", name)
    name = _TRAILING_POSSESSIVE_RE.sub("", name)
    name = _TRAILING_DATE_RE.sub("", name)
    # "... of the Snow Institute." ends a sentence; "Acme Inc." keeps its abbreviation.
    if name.endswith(".") and not name.casefold().endswith(COMPANY_SUFFIXES) and not _INITIAL_END_RE.search(name):
        name = name[:-1]
    base = m.start() + m.group().index(name)
    # "Prof. Ana Diaz of the Reef Institute", "Shares of Acme Foods Inc.": a head that is
    # no organization leaves the organization after "of".
    cut = _OF_SPLIT_RE.search(name)
    if cut and not is_org(name[: cut.start()].split()):
        base += cut.end()
        name = name[cut.end() :]
    # "the Transit Authority and Transit Workers Union": two bodies, not one.
    parts = _AND_SPLIT_RE.split(name)
    if len(parts) > 2 and not all(is_org(p.split()) for p in parts):
        # "the Federal Competition and Consumer Protection Commission and the Central Bank": a
        # name may hold "and" itself, so try each cut into two bodies, the last first.
        for cut in reversed(list(_AND_SPLIT_RE.finditer(name))):
            left, right = name[: cut.start()], _THE_RE.sub("", name[cut.end() :])
            if is_org(left.split()) and is_org(right.split()):
                parts = [left, right]
                break
    if len(parts) > 1 and all(is_org(p.split()) for p in parts):
        out = []
        offset = 0
        for p in parts:
            i = name.index(p, offset)
            out.append((base + i, base + i + len(p), p))
            offset = i + len(p)
        return tuple(out)
    if is_org(name.split()) or name.casefold().endswith(COMPANY_SUFFIXES) or _described(text, base, name):
        return ((base, base + len(name), name),)
    return ()


def _sentence_part(run: str) -> str:
    """Return a capitalised run cut where a sentence ends inside it ("Snow Institute. The")."""
    for m in _FULL_STOP_RE.finditer(run):
        word = m.group(1)
        low = word.casefold()
        if len(word) > 1 and low not in HONORIFICS and low not in PREFIX_ABBREVIATIONS and low not in ABBREVIATIONS:
            return run[: m.end(1)]
    return run


def _described(text: str, start: int, name: str) -> bool:
    """Return whether a descriptive noun in front calls a name an organization ("a campaign group, Save Our Crossing")."""
    before = text[max(0, start - 30) : start].split()
    if not before or before[-1].rstrip(",") not in ORG_DESCRIPTORS:
        return False
    return not any(is_role_head(w) or w.casefold() in HONORIFICS for w in name.split())


# "Rosalind Achterberg, disputed that account": a past-tense verb after the comma opens the
# predicate, so no appositive follows the name ("retired" and the like describe a person).
_PAST_VERB_RE = re.compile(r"(?!(?:retired|qualified|licensed|registered|elected|appointed|acting)\b)[a-z]+ed\s+(?:(?:that|the|a|an|to|his|her|their|its|this|it|on|with|for|against|about|into)\b|[A-Z$£€\d])")
_AFTER_AGE_VERB_RE = re.compile(r"(?!(?:retired|qualified|licensed|registered|elected|appointed|unemployed|self-employed|married|divorced|widowed)\b)[a-z]+ed\b")
_HOME_TOWN_RE = re.compile(r"\s+from\s+.*$")
_HEAD_PREPOSITION_RE = re.compile(r"\s(?:in|of|at|for|on|with)\s")
_DATE_WORDS = vocab.alternation(w.capitalize() for w in vocab.weekday_names() + vocab.month_names())
# The same words, lower-case, for a lookup.
CALENDAR_WORDS = frozenset(_DATE_WORDS.casefold().split("|"))


# "Kwena's head of corporate affairs", and the plural "the Ironbarks' coach".
_OWNER_ROLE_RE = re.compile(caps(r"(?P<org>[A-Z][^’']*?)(?:’s|'s|(?<=s)’|(?<=s)')\s+(?P<role>[a-z].*)$"))
_AT_ORG_RE = re.compile(caps(r"\s(?:at|with)\s+(?P<org>(?:the\s+)?[A-Z].*)$"))
_OF_ORG_RE = re.compile(caps(r"\s(?:of|for|from)\s+(?P<org>the\s+[A-Z].*|[A-Z].*)$"))
_ORG_ROLE_RE = re.compile(caps(r"(?P<org>(?:[A-Z][\w.&’'\-]*\s)+)(?P<role>[a-z].*)$"))
_POSSESSOR_NAME_RE = re.compile(caps(r"[A-Z][\w\-]*(?:’s|'s)\s+(?=[A-Z])"))
_INITIAL_END_RE = re.compile(caps(r"\b[A-Z]\.$"))
_LEADING_POSSESSOR_RE = re.compile(caps(r"^[A-Z][\w\-]*(?:’s|'s)\s+"))
_FULL_STOP_RE = re.compile(r"(\S+)\.\s+")
_ABBREVIATED_END_RE = re.compile(r"\b(?:" + vocab.alternation(w.capitalize() for w in vocab.abbreviated_name_ends()) + r")\.$")
_COMMA_SPLIT_RE = re.compile(r",\s")
_OF_STATE_RE = re.compile(r"(?:[Mm]inisters?|[Ss]ecretar(?:y|ies)) of State\b")
_AT_THE_BODY_RE = re.compile(r"\s+(?:at|with|for|of)\s+the\s+(?P<noun>[a-z]+)$")
_SENTENCE_END_RE = re.compile(r"(?<=[a-z\d])\.\s+(?=[A-Z])")
_AGE_RE = re.compile(r"\d{1,3}")
_APPOSITIVE_END_RE = re.compile(r"\s(?:who|whose|which|where|and\s+(?:is|was|has|had))\s|\s[—–]\s?|\(|;")
_NOT_ROLE_START_RE = re.compile(r"\w+ing\b|(?:from|of|in)\s")
_COMMON_POSSESSOR_RE = re.compile(r"^[a-z]\w*(?:’s|'s)\s+")
_ARTICLE_RE = re.compile(r"^(?:a|an|the)\s+", re.I)
_THE_RE = re.compile(r"^the\s+", re.I)
_WHO_END_RE = re.compile(r",?\s*\bwho\s*$")
_PREPOSITION_RE = re.compile(r"(?:of|at|from|with)\s")
_ADVERB_RE = re.compile(r"(?:also|too|later|then|once|again|previously|recently|\w+ly)")
_PREPOSITION_ORG_RE = re.compile(r"(?:of|at|from|with)\s+(.*)", re.S)
_LEADING_ARTICLE_RE = re.compile(r"^(?:The|A|An)\s+")
_TRAILING_POSSESSIVE_RE = re.compile(r"(?:’s|'s)$")
_AND_SPLIT_RE = re.compile(r"\s+and\s+")
_CAPW = caps(r"[A-Z][\w’'\-&]*\.?")
_ORG_RUN_RE = re.compile(rf"{_CAPW}(?:\s+(?:(?:of|for|and|on|the|&|de|du|na)\s+)*{_CAPW})*")
_TRAILING_DATE_RE = re.compile(r"\s+(?:on|in|at|of|for|and|the)\s+(?:" + _DATE_WORDS + r")\b.*$")
_OF_SPLIT_RE = re.compile(caps(r"\s(?:of|for)\s+(?:the\s+)?(?=[A-Z])"))
_ORG_DESCRIPTOR_RE = re.compile(caps(r"(?:[A-Z][\w’'\-.&]*\s+)*(?:" + "|".join(sorted(ORG_DESCRIPTORS)) + r")\s+(?=[A-Z])"))
_DESCRIPTOR_HEAD_RE = re.compile(caps(r"(?:[a-z\-]+\s+)?(?:" + "|".join(sorted(ORG_DESCRIPTORS)) + r")\s+(?=[A-Z])"))
_SPOKES_FOR_RE = re.compile(caps(r"\b(?:" + "|".join(SPOKESPERSON_NOUNS) + r")\s+(?:for|of|at|from)\s+(?:the\s+)?(?P<org>[A-Z][^,]*?)\s*,?\s*$"))
_NOUN_SPOKES_RE = re.compile(r"(?:^|\s)(?:[Aa]n?|[Tt]he)\s+(?P<noun>" + "|".join(sorted(INSTITUTION_NOUNS)) + r")\s+(?:" + "|".join(SPOKESPERSON_NOUNS[:3]) + r")\s*,?\s*$")
_ORG_SPOKES_RE = re.compile(caps(r"(?:^|\s)(?:(?:[Aa]n?|[Tt]he)\s+)?(?P<org>(?:[A-Z][\w’'\-&.]*\s+(?:(?:of|for|and|on|the|&)\s+)*)+)(?:" + "|".join(SPOKESPERSON_NOUNS[:4]) + r")\s*,?\s*$"))


def clear_caches() -> None:
    """Forget tokenizations and name lists kept while one article is analysed."""
    tokens.cache_clear()
    people_in.cache_clear()
    org_runs.cache_clear()
# "Corvane's chief medical officer, Dr. Alasdair Reid": an honorific may stand before the name.
_FRONT_HONORIFIC = r"(?:(?:" + vocab.alternation(w.capitalize() for w in vocab.front_honorifics()) + r")\.?\s+)?"
_FRONT_APPOSITIVE_RE = re.compile(caps(
    r"(?:\b(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Aa]n?)|\b(?P<ref>[Ii]ts|whose)|\b[Tt]he\s+(?P<noun>[a-z]+)(?:’s|'s)"
    r"|(?P<org>(?:[A-Z][\w\-&.]*\s+)*[A-Z][\w\-&.]*)(?:’s|'s))"
    r"\s+(?P<role>(?:[a-z][\w\-]*\s+){0,4}[a-z][\w\-]*)\s*,\s*" + _FRONT_HONORIFIC + "$"
))
_FRONT_TITLE_RE = re.compile(r"(?:^|(?<=\s))[Tt]he\s+(?P<title>[A-Za-z][\w\-]*(?:\s+[\w\-’'&.]+){0,8}?)\s*,\s*" + _FRONT_HONORIFIC + "$")
# "the company's chief financial officer", "its founder": the owner of a job given by reference.
_POSSESSOR_RE = re.compile(r"\s*(?:(?:the|a|an)\s+)?(?P<noun>[Ii]ts|[a-z]+(?=’s|'s))(?:’s|'s)?\s+[a-z]")
_PROPER_NAME_RE = re.compile(r"(?:[A-Z][\w’'\-&.]*)(?:\s+(?:of|for|and|the|[A-Z][\w’'\-&.]*)){0,6}")
_SUBJECT_APPOSITIVE_RE = re.compile(r"\s*(?:[Tt]he\s+)?(?P<np>[\w’'\-&. ]{2,60}?)\s*,(?P<app>[^,]*),\s*$")
_OF_REST_RE = re.compile(r"(?:of|from|with)\s+(?:the\s+)?(?P<rest>.+)$")
_CLAUSE_IN_APPOSITIVE_RE = re.compile(r"\b(?:" + vocab.alternation(vocab.speech_verbs("appositive")) + r"|and\s+(?:his|her|their)|but)\b|[.!?]\s")
