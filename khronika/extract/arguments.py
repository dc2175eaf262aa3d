"""What a trigger's syntax says: who acted, on whom, whether it happened, and which subtype.

Reads the dependency parse around one trigger token. ``arguments_of`` finds agents and patients
(active and passive voice, reduced relatives, conjoined and controlled verbs, nouns with "by"
and "of"); ``satisfies`` checks a lexicon rule's named constraint; ``status_of`` tells an event
that happened from one that is threatened or planned, and ``is_negated`` one that did not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from khronika.extract.actors import NOUN_KINDS, quantity_head
from khronika.nlp.components import sentence_of
from khronika.nlp.lexicon import Lexicon, TriggerRule

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Verbs that take an event noun as object and lend it their subject ("police held a raid").
LIGHT_VERBS = frozenset(
    "hold stage organise organize launch conduct open carry impose declare announce introduce "
    "join call lead start begin file issue take".split()
)
# Governing words that make an event threatened, planned or promised rather than done.
ANNOUNCING = frozenset(
    "want plan intend threaten promise expect prepare vow seek schedule aim propose "
    "consider could may might will would shall face threat likely attempt".split()
)
MODALS = frozenset("will would could may might shall".split())
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether"})
FORCES = frozenset(
    "troops troop soldiers soldier units unit forces force police contingent contingents "
    "military army policemen officers peacekeepers omon".split()
)
CROWD = frozenset(
    "people protesters demonstrators activists supporters crowd thousands hundreds dozens "
    "residents workers students citizens women villagers participants opposition".split()
)
PERSON_LIKE_ENTS = frozenset({"PERSON", "ORG", "NORP"})
FIREARMS = frozenset(
    "firearm firearms gun guns gunfire shoot shot shots shooting rifle rifles ammunition "
    "bullet bullets sniper snipers".split()
)


@dataclass(frozen=True)
class Arguments:
    agents: tuple[Token, ...]
    patients: tuple[Token, ...]
    passive: bool


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(c for c in token.conjuncts if c.i > token.i)
    return out


def _children(token: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobj_of(token: Token, preps: set[str], dep: str = "prep") -> list[Token]:
    found: list[Token] = []
    for prep in token.children:
        if prep.dep_ in (dep, "agent") and prep.lower_ in preps:
            found.extend(c for c in prep.children if c.dep_ == "pobj")
    return found


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    # "protesters detained by police", "were set free": a past participle modifying a noun.
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")


def _inherited_subject(verb: Token) -> list[Token]:
    """Subjects of a verb that has none of its own: 'police stepped in and detained X'."""
    head = verb.head
    if verb.dep_ in ("conj", "xcomp", "advcl") and head is not verb:
        subjects = _children(head, SUBJECT_DEPS)
        if not subjects and verb.dep_ == "xcomp":
            subjects = _children(head, PASSIVE_SUBJECT_DEPS)  # "X were compelled to protest"
        if subjects:
            return subjects
        if head.dep_ in ("conj", "xcomp") and head.head is not head:
            return _children(head.head, SUBJECT_DEPS)
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ in ("acl",) and verb.tag_ == "VBG":
        return [verb.head]
    return []


def _verb_arguments(verb: Token) -> Arguments:
    passive = is_passive(verb)
    subjects = _children(verb, SUBJECT_DEPS)
    if any(s.tag_ in ("WDT", "WP") for s in subjects):
        subjects = [verb.head]
    if passive:
        agents = _pobj_of(verb, {"by"}, dep="agent")
        patients = _children(verb, PASSIVE_SUBJECT_DEPS)
        if not patients and verb.dep_ in ("acl", "amod"):
            patients = [verb.head]
        if not patients and verb.dep_ == "conj":
            patients = _children(verb.head, PASSIVE_SUBJECT_DEPS)
    else:
        agents = subjects or _inherited_subject(verb)
        patients = _children(verb, {"dobj", "dative", "oprd"})
        if not patients:
            patients = _pobj_of(verb, {"against", "on", "upon"})
    return Arguments(
        agents=tuple(_with_conjuncts([quantity_head(a) for a in agents])),
        patients=tuple(_with_conjuncts([quantity_head(p) for p in patients])),
        passive=passive,
    )


def _noun_arguments(noun: Token) -> Arguments:
    agents = _pobj_of(noun, {"by"}) + _children(noun, {"poss"})
    agents += [c for c in noun.lefts if c.dep_ == "compound" and _is_actor_token(c)]
    patients = _pobj_of(noun, {"of", "against", "on"})
    head = noun.head
    if noun.dep_ in ("dobj", "pobj") and head.lemma_.lower() in LIGHT_VERBS:
        verb = head if noun.dep_ == "dobj" else head.head
        agents += _children(verb, SUBJECT_DEPS) or _inherited_subject(verb)
    if noun.dep_ in ("nsubj", "nsubjpass") and not agents:
        patients += _children(head, {"dobj"})
    if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB":
        # "workers broke away in protest": whoever did the act protested
        verb = head.head
        agents += _children(verb, SUBJECT_DEPS) or _inherited_subject(verb)
    return Arguments(
        agents=tuple(_with_conjuncts([quantity_head(a) for a in agents])),
        patients=tuple(_with_conjuncts([quantity_head(p) for p in patients])),
        passive=False,
    )


def arguments_of(head: Token) -> Arguments:
    if head.pos_ in ("VERB", "AUX") or (head.pos_ == "ADJ" and head.tag_ == "VBN"):
        return _verb_arguments(head)
    if head.pos_ == "ADJ":
        # "X was also hurt": the adjective's subject is the one hurt.
        subjects = _children(head.head, SUBJECT_DEPS) if head.dep_ == "acomp" else []
        return Arguments(agents=(), patients=tuple(subjects), passive=True)
    return _noun_arguments(head)


def _is_actor_token(token: Token) -> bool:
    return token.ent_type_ in PERSON_LIKE_ENTS or token.lemma_.lower() in NOUN_KINDS


def _lemmas(tokens: tuple[Token, ...] | list[Token]) -> set[str]:
    words: set[str] = set()
    for token in tokens:
        for t in token.subtree:
            words.add(t.lemma_.lower())
            words.add(t.lower_)
    return words


def _argument_words(head: Token) -> set[str]:
    args = arguments_of(head)
    words = _lemmas(args.agents) | _lemmas(args.patients)
    for child in head.children:
        if child.dep_ in ("prep", "xcomp", "prt", "compound", "amod", "dobj", "attr"):
            words |= _lemmas([child])
    return words


# --- named constraints of the lexicon ("needs") ----------------------------------------------


def _crowd_subject(head: Token) -> bool:
    args = arguments_of(head)
    words = _lemmas(args.agents)
    return bool(words & CROWD) or any(t.like_num for a in args.agents for t in a.subtree)


def _workers_subject(head: Token) -> bool:
    return bool(
        _lemmas(arguments_of(head).agents)
        & {"worker", "workers", "miner", "employee", "teacher", "doctor"}
    )


def _police_agent(head: Token) -> bool:
    words = _lemmas(list(arguments_of(head).agents))
    return is_passive(head) and bool(words & {"police", "officer", "authority", "omon"})


def _person_target(head: Token) -> bool:
    args = arguments_of(head)
    targets = args.patients if args.patients else ()
    return any(_is_actor_token(t) or t.pos_ == "PRON" for t in targets)


def _not_custody_state(head: Token) -> bool:
    """'died in pre-trial detention', 'remain in detention': a state, not an arrest."""
    prep = head.head if head.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in ("in", "from", "into", "under"):
        return False
    return not any(c.lower_ in ("pre", "pretrial", "pre-trial") for c in head.lefts)


def _not_month(head: Token) -> bool:
    return head.text != "March" and head.ent_type_ != "DATE"


def _building_object(head: Token) -> bool:
    words = _lemmas(arguments_of(head).patients)
    return bool(
        words
        & {
            "building",
            "office",
            "parliament",
            "headquarters",
            "akimat",
            "administration",
            "station",
            "palace",
            "hall",
        }
    )


def _violent_or_custody_death(head: Token) -> bool:
    if any(t.like_num for t in head.subtree):
        return True  # "the death of 13 officers": counted deaths are violent deaths here
    words = {t.lemma_.lower() for t in sentence_of(head)}
    return bool(
        words
        & {
            "custody",
            "detention",
            "jail",
            "prison",
            "police",
            "beat",
            "beating",
            "torture",
            "shoot",
            "shot",
            "violence",
            "clash",
            "wound",
            "crackdown",
            "kill",
            "protest",
            "unrest",
            "riot",
            "toll",
        }
    )


def _legal_charge(head: Token) -> bool:
    """'charged with X', 'charged under Article N': the legal sense, not a price or a battery."""
    return any(c.lower_ in ("with", "under", "over", "for") for c in head.children) or is_passive(
        head
    )


def _charge_noun_event(head: Token) -> bool:
    """A charge noun that says a step was taken ('brought charges against', 'faces charges')."""
    governor = head.head
    if head.dep_ == "dobj" and governor.lemma_.lower() in (
        "bring",
        "file",
        "press",
        "level",
        "face",
        "drop",
    ):
        return True
    return bool(_pobj_of(head, {"against"}))


def _tried_in_court(head: Token) -> bool:
    """'was tried' or 'tried in absentia', never 'tried to pressure' (an attempt)."""
    if any(c.dep_ == "xcomp" for c in head.children):
        return False
    return is_passive(head) or any(c.lower_ in ("court", "absentia") for c in head.subtree)


def _not_modifier(head: Token) -> bool:
    """'the banned movement', 'riot police' describe a state or a kind; they are no new event."""
    return head.dep_ not in ("amod", "compound")


def _prison_term_object(head: Token) -> bool:
    words = _lemmas(list(_children(head, {"dobj"})))
    return bool(
        words
        & {
            "year",
            "years",
            "month",
            "months",
            "imprisonment",
            "sentence",
            "prison",
            "jail",
            "term",
            "day",
            "days",
        }
    )


def _blockable_object(head: Token) -> bool:
    words = _argument_words(head)
    return bool(
        words
        & {
            "website",
            "websites",
            "site",
            "sites",
            "web",
            "internet",
            "road",
            "roads",
            "street",
            "streets",
            "access",
            "page",
            "pages",
            "telegram",
            "square",
            "bridge",
        }
    )


def _communications_object(head: Token) -> bool:
    words = {t.lemma_.lower() for t in sentence_of(head)}
    return bool(
        words
        & {
            "internet",
            "telephone",
            "phone",
            "mobile",
            "communication",
            "communications",
            "network",
            "telegram",
            "whatsapp",
        }
    )


def _public_space_object(head: Token) -> bool:
    words = _lemmas(arguments_of(head).patients)
    return bool(
        words
        & {
            "square",
            "street",
            "streets",
            "road",
            "roads",
            "park",
            "centre",
            "center",
            "border",
            "bridge",
        }
    )


def _not_xcomp_event(head: Token) -> bool:
    """'threatened to arrest X' is an announced arrest, not a separate threat."""
    return not any(c.dep_ in ("xcomp", "acl") for c in head.children)


def _search_of_premises(head: Token) -> bool:
    words = _argument_words(head) | {t.lemma_.lower() for t in sentence_of(head)}
    return bool(
        words
        & {
            "home",
            "homes",
            "apartment",
            "apartments",
            "office",
            "offices",
            "premises",
            "house",
            "houses",
        }
    )


def _forces_argument(head: Token) -> bool:
    return bool(_argument_words(head) & FORCES)


def _speaker_not_crowd(head: Token) -> bool:
    """An appeal is a statement by someone; 'rallies calling for X' carry demands instead."""
    if head.dep_ == "acl" and head.head.lemma_.lower() in (
        "rally",
        "protest",
        "demonstration",
        "march",
        "picket",
        "crowd",
    ):
        return False
    if any(c.dep_ == "dobj" and c.lemma_.lower() in _COURT_DECISIONS for c in head.children):
        return False  # "appeal the verdict" is a defendant's legal step, not a public appeal
    agents = arguments_of(head).agents
    kinds = {NOUN_KINDS.get(a.lemma_.lower()) for a in agents}
    return not (kinds & {"protesters", "workers"})


_COURT_DECISIONS = frozenset(
    "verdict decision ruling sentence judgment judgement conviction".split()
)


def _official_speaker(head: Token) -> bool:
    """A reporting verb whose speaker is an authority: its claim is a statement/official_claim."""
    agents = arguments_of(head).agents
    if not agents or not any(c.dep_ in ("ccomp", "dobj", "prep") for c in head.children):
        return False
    if _reports_own_act(head):
        return False  # "the authorities say they want to charge X": the charge is the news
    return any(_is_official(a) for a in agents)


def _reports_own_act(head: Token) -> bool:
    """A reporting verb whose clause holds another event trigger reports that event."""
    triggered = {t.head for t in head.doc._.triggers}
    clause = [c for c in head.children if c.dep_ == "ccomp"]
    return any(
        t.i in triggered and t.i != head.i and t.pos_ == "VERB" for c in clause for t in c.subtree
    )


def _official_labels_someone(head: Token) -> bool:
    """'He called the protesters terrorists': a label pinned on someone by an authority."""
    labelled = any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in head.children)
    quoted = bool(_children(head, {"dobj"})) and any(t.text in '“"' for t in head.subtree)
    agents = arguments_of(head).agents
    return (labelled or quoted) and any(_is_official(a) or a.pos_ == "PRON" for a in agents)


def _official_source_no_count(head: Token) -> bool:
    if head.lower_ != "according":
        return False
    sources = [c for t in head.children for c in t.children if c.dep_ == "pobj"] + [
        c for c in head.children if c.dep_ == "pobj"
    ]
    has_count = any(
        t.like_num or t.lemma_.lower() in ("dozen", "hundred", "thousand")
        for t in sentence_of(head)
    )
    return any(_is_official(s) for s in sources) and not has_count


def _is_official(token: Token) -> bool:
    words = {t.lower_ for t in token.subtree}
    kind = NOUN_KINDS.get(token.lemma_.lower())
    if kind in ("government", "police", "official", "court", "security_service"):
        return True
    if words & {
        "ministry",
        "police",
        "prosecutor",
        "prosecutors",
        "president",
        "government",
        "authorities",
        "kremlin",
        "akimat",
        "committee",
        "governor",
        "minister",
    }:
        return True
    return token.ent_type_ == "GPE" and token.dep_ in SUBJECT_DEPS


def _government_object(head: Token) -> bool:
    words = _lemmas(list(_children(head, {"dobj"})))
    return bool(
        words
        & {
            "government",
            "cabinet",
            "minister",
            "governor",
            "head",
            "chief",
            "mayor",
            "akim",
            "official",
            "officials",
        }
    )


def _official_subject(head: Token) -> bool:
    return any(_is_official(a) for a in arguments_of(head).agents)


def _reversal_complement(head: Token) -> bool:
    words = _lemmas(list(_children(head, {"xcomp", "ccomp", "dobj"})))
    return bool(
        words
        & {
            "return",
            "lower",
            "cut",
            "reduce",
            "reverse",
            "cancel",
            "price",
            "prices",
            "release",
            "withdraw",
            "scrap",
        }
    )


def _in_response(head: Token) -> bool:
    return any(t.lemma_.lower() in ("response", "pressure", "because") for t in head.subtree)


def _plural_count(head: Token) -> bool:
    return head.tag_ == "NNS" and any(t.like_num for t in head.lefts)


_VEHICLES = frozenset("van vans bus buses car cars vehicle vehicles truck paddy wagon".split())


def _into_police_vehicle(head: Token) -> bool:
    """'put into a police van', 'bundled into buses': people moved into custody."""
    return any(
        obj.lemma_.lower() in _VEHICLES or obj.lower_ in _VEHICLES
        for prep in _children(head, {"prep"})
        if prep.lower_ in ("into", "in", "onto")
        for obj in _children(prep, {"pobj"})
    )


_MEDIA_WORDS = frozenset(
    "programming broadcasting broadcast broadcasts publication publishing website websites "
    "outlet outlets newspaper channel station site".split()
)


def _media_object(head: Token) -> bool:
    """'ordered the outlet to halt news programming', 'suspended the website'."""
    return bool(_object_words(head) & _MEDIA_WORDS)


_ASSEMBLING = frozenset(
    "organise organize hold stage gather rally march protest demonstrate".split()
)


def _assembly_complement(head: Token) -> bool:
    """'prevented from organising their own event', 'prevented them holding a rally'."""
    return any(t.lemma_.lower() in _ASSEMBLING for c in head.children for t in (c, *c.children))


def _travel_complement(head: Token) -> bool:
    """'stop them travelling to X', 'stopped from leaving the country'."""
    near = [t for c in head.children for t in (c, *c.children)]
    return any(
        t.lemma_.lower() in ("travel", "travelling")
        or (t.lemma_.lower() == "leave" and any(o.lower_ == "country" for o in t.children))
        for t in near
    )


NEEDS: dict[str, Callable[[Token], bool]] = {
    "into_police_vehicle": _into_police_vehicle,
    "media_object": _media_object,
    "assembly_complement": _assembly_complement,
    "travel_complement": _travel_complement,
    "crowd_subject": _crowd_subject,
    "workers_subject": _workers_subject,
    "police_agent": _police_agent,
    "person_target": _person_target,
    "not_custody_state": _not_custody_state,
    "not_month": _not_month,
    "building_object": _building_object,
    "violent_or_custody_death": _violent_or_custody_death,
    "legal_charge": _legal_charge,
    "charge_noun_event": _charge_noun_event,
    "tried_in_court": _tried_in_court,
    "not_modifier": _not_modifier,
    "prison_term_object": _prison_term_object,
    "blockable_object": _blockable_object,
    "communications_object": _communications_object,
    "public_space_object": _public_space_object,
    "not_xcomp_event": _not_xcomp_event,
    "search_of_premises": _search_of_premises,
    "forces_argument": _forces_argument,
    "speaker_not_crowd": _speaker_not_crowd,
    "official_speaker": _official_speaker,
    "official_labels_someone": _official_labels_someone,
    "official_source_no_count": _official_source_no_count,
    "government_object": _government_object,
    "official_subject": _official_subject,
    "reversal_complement": _reversal_complement,
    "in_response": _in_response,
    "plural_count": _plural_count,
}


def satisfies(rule: TriggerRule, head: Token) -> bool:
    if rule.needs is None:
        return True
    check = NEEDS.get(rule.needs)
    return check(head) if check else True


def _object_words(head: Token) -> set[str]:
    """Words of what the act was done to: objects, compounds, 'ban on X', 'blocking of X'."""
    args = arguments_of(head)
    words = _lemmas(args.patients)
    for child in head.children:
        if child.dep_ in ("compound", "prt", "dobj", "nsubjpass") or (
            child.dep_ == "prep" and child.lower_ in ("on", "of", "against", "to")
        ):
            words |= _lemmas([child])
    if not args.patients and head.pos_ == "NOUN":
        words |= _lemmas(args.agents)
    return words


def subtype_of(rule: TriggerRule, head: Token, lexicon: Lexicon) -> str | None:
    """The rule's subtype, or one chosen by the words of the trigger's arguments."""
    if rule.subtypes is None:
        return rule.subtype
    words = (
        _object_words(head)
        if rule.subtypes in ("ban_object", "block_object")
        else _argument_words(head)
    )
    if rule.subtypes == "death_cause":
        words |= {t.lemma_.lower() for t in sentence_of(head)}
    for option in lexicon.subtype_rules.get(rule.subtypes, ()):
        if words & option.words:
            return option.subtype
        if option.or_entity and any(
            t.ent_type_ in option.or_entity for t in arguments_of(head).patients
        ):
            return option.subtype
    return rule.subtype


def mentions_firearms(head: Token) -> bool:
    """Firearms in the trigger's sentence or the next one (the rule for calling fighting a clash)."""
    sent = sentence_of(head)
    words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    doc = head.doc
    if sent.end < len(doc):
        words |= {t.lemma_.lower() for t in sentence_of(doc[sent.end])}
    return bool(words & FIREARMS)


def _governors(token: Token, limit: int = 4) -> list[Token]:
    chain = []
    current = token
    for _ in range(limit):
        if current.head is current or current.dep_ not in (
            "xcomp",
            "ccomp",
            "pcomp",
            "pobj",
            "prep",
            "dobj",
            "acl",
            "conj",
            "advcl",
            "relcl",
        ):
            break
        current = current.head
        chain.append(current)
    return chain


def status_of(head: Token) -> str:
    """'announced' when the trigger is wanted, planned, threatened or promised; else 'occurred'."""
    if head.lemma_.lower() in ("threat", "promise", "vow", "pledge"):
        return "announced"
    if head.pos_ in ("NOUN", "PROPN"):
        # "plans for a rally", "called for a protest": only a noun's own governor plans it
        governor = head.head.head if head.dep_ == "pobj" else head.head
        calls_for = (
            governor.lemma_.lower() == "call" and head.dep_ == "pobj" and head.head.lower_ == "for"
        )
        planned = calls_for or governor.lemma_.lower() in ANNOUNCING | {
            "organise",
            "organize",
            "plan",
        }
        modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in governor.children)
        return "announced" if planned or modal else "occurred"
    for token in [head, *_governors(head)]:
        if token.lemma_.lower() in ANNOUNCING and token is not head:
            return "announced"
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children):
            return "announced"
    if head.lemma_.lower() in ("threat", "promise", "vow", "pledge"):
        return "announced"
    return "occurred"


def is_negated(head: Token) -> bool:
    """'did not detain', 'no arrests', 'if police disperse': the event is not reported as real."""
    for token in [head, *_governors(head, limit=3)]:
        for child in token.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ == "det" and child.lower_ in ("no", "any") and token.pos_ == "NOUN":
                return True
            if child.dep_ == "mark" and child.lower_ in HYPOTHETICAL_MARKS:
                return True
    return False


def in_quotes_or_slogan(head: Token) -> bool:
    """A chanted slogan ('Free the arrested!') or a quoted phrase names no event of its own."""
    sent = sentence_of(head)
    if sent.text.rstrip().endswith("!"):
        return True
    opened: int | None = None
    for token in sent:
        if token.i >= head.i:
            break
        if token.text in ("“", "«"):
            opened = token.i
        elif token.text in ("”", "»"):
            opened = None
    if opened is None:
        return False
    closing = next((t.i for t in sent if t.i > head.i and t.text in ("”", "»")), sent.end)
    quoted = head.doc[opened + 1 : closing]
    # Quoted speech has a verb; a quoted term ("a “red security level”") names a real measure.
    return any(t.pos_ in ("VERB", "AUX") for t in quoted)
