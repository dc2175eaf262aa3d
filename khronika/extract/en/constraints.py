"""The English constraints a trigger lexicon may name in ``needs``, in one named registry.

Each check reads the parse around a trigger's head token and says whether the trigger means
what its rule says ("disperse" is a dispersal only with a crowd to disperse). Registered in
:data:`CONSTRAINTS` by name; the English extractor checks its lexicon against the registry
when it is built, so a rule naming a check that does not exist fails loudly.
"""

from __future__ import annotations

from spacy.tokens import Token

from khronika.extract.constraints import Constraints
from khronika.extract.en.actors import NOUN_KINDS
from khronika.extract.en.arguments import (
    CROWD,
    FORCES,
    argument_words,
    arguments_of,
    children,
    is_actor_token,
    is_passive,
    lemmas,
    object_words,
    pobj_of,
)
from khronika.extract.en.speech import is_notable_speaker, is_official
from khronika.nlp.components import sentence_of
from khronika.vocabulary import vocabulary, words

CONSTRAINTS = Constraints("en")
register = CONSTRAINTS.register

_ENGLISH = vocabulary("english")
_WORKERS = _ENGLISH.words("worker_words")
_POLICE_AGENTS = _ENGLISH.words("police_agent_words") | words("regions", "riot_police")
_BUILDINGS = _ENGLISH.words("building_words") | words("regions", "local_government")
_VIOLENT_DEATH_CONTEXT = _ENGLISH.words("violent_death_context")
_CHARGE_TAKING = _ENGLISH.words("charge_taking_verbs")
_PRISON_TERMS = _ENGLISH.words("prison_term_words")
_BLOCKABLE = _ENGLISH.words("blockable_words")
_COMMUNICATIONS = _ENGLISH.words("communications_words")
_PUBLIC_SPACES = _ENGLISH.words("public_space_words")
_PREMISES = _ENGLISH.words("premises_words")
_GATHERINGS = _ENGLISH.words("gathering_nouns")
_COURT_DECISIONS = _ENGLISH.words("court_decisions")
_GOVERNMENT_OBJECTS = _ENGLISH.words("government_object_words") | words(
    "regions", "local_officials"
)
_REVERSALS = _ENGLISH.words("reversal_words")
_VEHICLES = _ENGLISH.words("vehicles")
_MEDIA_WORDS = _ENGLISH.words("media_objects")
_ASSEMBLING = _ENGLISH.words("assembling_verbs")
_REFUSED_THINGS = _ENGLISH.words("refused_things")
_MEDICAL = _ENGLISH.words("medical_modifiers")
_MISHAPS = _ENGLISH.words("mishap_words")
_VIOLENCE = _ENGLISH.words("violence_words")
_UNREST = _ENGLISH.words("unrest_words")
_DEADLY = _ENGLISH.words("deadly_words")
_LABOUR = _ENGLISH.words("labour_words")
_GATHERING_MODIFIERS = _ENGLISH.words("gathering_modifiers")
_MILITARY = _ENGLISH.words("military_modifiers")
_CLASH_WORDS = _ENGLISH.words("clash_words")
_EXPRESSING = _ENGLISH.words("expressing_verbs")
_STATEMENT_VERBS = _ENGLISH.words("statement_verbs")
_CURTAILED = _ENGLISH.words("curtailed_things")
_DISSOLVABLE = _ENGLISH.words("dissolvable_bodies")
_CROWD_KINDS = frozenset({"protesters", "workers"})
_PUBLIC_KINDS = frozenset({"civilians", "protesters", "workers"})
# Verbs by which a named act is a protest's, not an authority's ("the rally was organised").
_NOT_OWN_ACTS = _ASSEMBLING | {"call", "join", "lead"}


# --- who acts ----------------------------------------------------------------------------------


@register("crowd_subject")
def crowd_subject(head: Token) -> bool:
    """A crowd or a counted group does it ('hundreds gathered')."""
    args = arguments_of(head)
    found = lemmas(args.agents)
    return bool(found & CROWD) or any(t.like_num for a in args.agents for t in a.subtree)


@register("workers_subject")
def workers_subject(head: Token) -> bool:
    """Workers do it ('miners struck')."""
    return bool(lemmas(arguments_of(head).agents) & _WORKERS)


@register("police_agent")
def police_agent(head: Token) -> bool:
    """Done by the police, in the passive ('were dispersed by police')."""
    found = lemmas(list(arguments_of(head).agents))
    return is_passive(head) and bool(found & _POLICE_AGENTS)


@register("person_target")
def person_target(head: Token) -> bool:
    """Done to a person or a group of people, not a thing."""
    args = arguments_of(head)
    targets = args.patients if args.patients else ()
    return any(is_actor_token(t) or t.pos_ == "PRON" for t in targets)


@register("forces_argument")
def forces_argument(head: Token) -> bool:
    """Troops, police or other forces among its arguments."""
    return bool(argument_words(head) & FORCES)


@register("speaker_not_crowd")
def speaker_not_crowd(head: Token) -> bool:
    """An appeal is a statement by someone; 'rallies calling for X' carry demands instead."""
    if head.dep_ == "acl" and head.head.lemma_.lower() in _GATHERINGS:
        return False
    if any(c.dep_ == "dobj" and c.lemma_.lower() in _COURT_DECISIONS for c in head.children):
        return False  # "appeal the verdict" is a defendant's legal step, not a public appeal
    agents = arguments_of(head).agents
    kinds = {NOUN_KINDS.get(a.lemma_.lower()) for a in agents}
    if not kinds & _CROWD_KINDS:
        return True
    # Protesters' own demands belong to their protest; calling on others to act is an appeal.
    return head.lemma_.lower() != "demand" and _addresses_people(head)


def _addresses_people(head: Token) -> bool:
    """'called on residents to join', 'urged people to come out': an appeal to others."""
    addressed = children(head, {"dobj"}) + pobj_of(head, {"on", "upon"})
    addressed += [c for prt in children(head, {"prt"}) for c in children(prt, {"pobj"})]
    return any(
        t.ent_type_ == "NORP" or NOUN_KINDS.get(t.lemma_.lower()) in _PUBLIC_KINDS
        for t in addressed
    )


@register("speaker_of_note")
def speaker_of_note(head: Token) -> bool:
    """Reported speech whose speaker is news (``speech.is_notable_speaker``) and that says
    something (a clause, an object, a quote it ends); an authority reporting its own act
    ('police said they detained 30') reports that act, not a statement.
    """
    agents = arguments_of(head).agents
    says = (
        head.pos_ != "VERB"
        or head.dep_ == "parataxis"
        or any(c.dep_ in ("ccomp", "dobj", "prep", "xcomp", "oprd") for c in head.children)
    )
    if not agents or not says or not any(is_notable_speaker(a) for a in agents):
        return False
    return not (any(is_official(a) for a in agents) and _reports_own_act(head))


@register("speaker_demands")
def speaker_demands(head: Token) -> bool:
    """'The union demanded his release' is an appeal; 'gathered to demand' and 'protesters
    demanding' are what a protest wants.
    """
    governor = head.head.lemma_.lower()
    if head.dep_ in ("acl", "advcl", "xcomp", "relcl") and governor in _ASSEMBLING | _GATHERINGS:
        return False
    agents = arguments_of(head).agents
    return speaker_not_crowd(head) and any(is_notable_speaker(a) for a in agents)


@register("denies_a_claim")
def denies_a_claim(head: Token) -> bool:
    """'The ministry denied the reports': a statement; 'denied him bail' is a refusal."""
    refused = lemmas(children(head, {"dobj", "dative"}))
    return not (refused & _REFUSED_THINGS) and speaker_of_note(head)


@register("expressed")
def expressed(head: Token) -> bool:
    """'expressed deep concern', 'voiced support': a feeling stated by a speaker of note."""
    verb = head.head
    if head.dep_ != "dobj" or verb.lemma_.lower() not in _EXPRESSING:
        return False
    agents = arguments_of(head).agents
    return any(is_notable_speaker(a) for a in agents)


@register("issued_statement")
def issued_statement(head: Token) -> bool:
    """'issued a statement', 'in a statement on Monday, X said', 'a statement from the ministry'."""
    if head.dep_ == "dobj" and head.head.lemma_.lower() in _STATEMENT_VERBS:
        return True
    if pobj_of(head, {"from", "by"}) or children(head, {"poss"}):
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "in"


@register("official_speaker")
def official_speaker(head: Token) -> bool:
    """A reporting verb whose speaker is an authority: its claim is a statement/official_claim."""
    agents = arguments_of(head).agents
    if not agents or not any(c.dep_ in ("ccomp", "dobj", "prep") for c in head.children):
        return False
    if _reports_own_act(head):
        return False  # "the authorities say they want to charge X": the charge is the news
    return any(is_official(a) for a in agents)


def _reports_own_act(head: Token) -> bool:
    """A reporting verb whose clause holds another event trigger reports that event."""
    triggered = {t.head for t in head.doc._.triggers}
    clause = [c for c in head.children if c.dep_ == "ccomp"]
    # a verb trigger, or an act named as done ("an investigation had been launched")
    return any(
        t.i in triggered
        and t.i != head.i
        and (
            t.pos_ == "VERB"
            or (t.dep_ in ("nsubjpass", "dobj") and t.head.lemma_.lower() not in _NOT_OWN_ACTS)
        )
        for c in clause
        for t in c.subtree
    )


@register("labels_someone")
def labels_someone(head: Token) -> bool:
    """'X called the charges “trumped-up”', 'described the rally as a riot': a label pinned on
    someone or something by a speaker of note.
    """
    labelled = any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in head.children) or bool(
        pobj_of(head, {"as"})
    )
    quoted = bool(children(head, {"dobj"})) and any(t.text in '“"' for t in head.subtree)
    agents = arguments_of(head).agents
    return (labelled or quoted) and any(is_notable_speaker(a) for a in agents)


@register("official_labels_someone")
def official_labels_someone(head: Token) -> bool:
    """'He called the protesters terrorists': a label pinned on someone by an authority."""
    labelled = any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in head.children)
    quoted = bool(children(head, {"dobj"})) and any(t.text in '“"' for t in head.subtree)
    agents = arguments_of(head).agents
    return (labelled or quoted) and any(is_official(a) or a.pos_ == "PRON" for a in agents)


@register("official_source_no_count")
def official_source_no_count(head: Token) -> bool:
    """'According to the ministry' with no figure: an official claim, not a count's source."""
    if head.lower_ != "according":
        return False
    sources = [c for t in head.children for c in t.children if c.dep_ == "pobj"] + [
        c for c in head.children if c.dep_ == "pobj"
    ]
    has_count = any(
        t.like_num or t.lemma_.lower() in ("dozen", "hundred", "thousand")
        for t in sentence_of(head)
    )
    return any(is_official(s) for s in sources) and not has_count


@register("official_subject")
def official_subject(head: Token) -> bool:
    """An authority does it."""
    return any(is_official(a) for a in arguments_of(head).agents)


# --- what it is done to ------------------------------------------------------------------------


@register("building_object")
def building_object(head: Token) -> bool:
    """A building is its object ('stormed the akimat')."""
    return bool(lemmas(arguments_of(head).patients) & _BUILDINGS)


@register("prison_term_object")
def prison_term_object(head: Token) -> bool:
    """A prison term is its object ('sentenced to five years')."""
    return bool(lemmas(list(children(head, {"dobj"}))) & _PRISON_TERMS)


@register("blockable_object")
def blockable_object(head: Token) -> bool:
    """A website, road, square or access is what is blocked."""
    return bool(argument_words(head) & _BLOCKABLE)


@register("communications_object")
def communications_object(head: Token) -> bool:
    """The internet, phones or a messenger are in the sentence ('cut off the internet')."""
    return bool({t.lemma_.lower() for t in sentence_of(head)} & _COMMUNICATIONS)


@register("public_space_object")
def public_space_object(head: Token) -> bool:
    """A square, street, road or border is its object ('closed the square')."""
    return bool(lemmas(arguments_of(head).patients) & _PUBLIC_SPACES)


@register("search_of_premises")
def search_of_premises(head: Token) -> bool:
    """Homes or offices are searched, not a person's name on the internet."""
    found = argument_words(head) | {t.lemma_.lower() for t in sentence_of(head)}
    if found & _PREMISES:
        return True
    # "were stopped and searched by police": people searched by the police
    return police_agent(head) and any(is_actor_token(p) for p in arguments_of(head).patients)


@register("government_object")
def government_object(head: Token) -> bool:
    """A government or official is its object ('dismissed the akim')."""
    return bool(lemmas(list(children(head, {"dobj"}))) & _GOVERNMENT_OBJECTS)


@register("reversal_complement")
def reversal_complement(head: Token) -> bool:
    """A decision is reversed: prices lowered, a release, a withdrawal."""
    return bool(lemmas(list(children(head, {"xcomp", "ccomp", "dobj"}))) & _REVERSALS)


@register("into_police_vehicle")
def into_police_vehicle(head: Token) -> bool:
    """'put into a police van', 'bundled into buses': people moved into custody."""
    return any(
        obj.lemma_.lower() in _VEHICLES or obj.lower_ in _VEHICLES
        for prep in children(head, {"prep"})
        if prep.lower_ in ("into", "in", "onto")
        for obj in children(prep, {"pobj"})
    )


@register("media_object")
def media_object(head: Token) -> bool:
    """'ordered the outlet to halt news programming', 'suspended the website'."""
    return bool(object_words(head) & _MEDIA_WORDS)


@register("assembly_complement")
def assembly_complement(head: Token) -> bool:
    """'prevented from organising their own event', 'prevented them holding a rally'."""
    return any(t.lemma_.lower() in _ASSEMBLING for c in head.children for t in (c, *c.children))


@register("travel_complement")
def travel_complement(head: Token) -> bool:
    """'stop them travelling to X', 'stopped from leaving the country'."""
    near = [t for c in head.children for t in (c, *c.children)]
    return any(
        t.lemma_.lower() in ("travel", "travelling")
        or (t.lemma_.lower() == "leave" and any(o.lower_ == "country" for o in t.children))
        for t in near
    )


# --- which sense of the word -------------------------------------------------------------------


@register("not_custody_state")
def not_custody_state(head: Token) -> bool:
    """'died in pre-trial detention', 'remain in detention': a state, not an arrest."""
    prep = head.head if head.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in ("in", "from", "into", "under"):
        return False
    if any(c.lemma_.lower() in _MEDICAL for c in head.lefts):
        return False  # "a cardiac arrest": the heart's, not the police's
    return not any(c.lower_ in ("pre", "pretrial", "pre-trial") for c in head.lefts)


@register("not_month")
def not_month(head: Token) -> bool:
    """'March' the month is no march."""
    return head.text != "March" and head.ent_type_ != "DATE"


@register("violent_or_custody_death")
def violent_or_custody_death(head: Token) -> bool:
    """A death in custody, in violence or counted; not a death of old age."""
    if any(t.like_num and not _is_age(t) for t in head.subtree):
        return True  # "the death of 13 officers": counted deaths are violent deaths here
    return bool({t.lemma_.lower() for t in sentence_of(head)} & _VIOLENT_DEATH_CONTEXT)


def _is_age(number: Token) -> bool:
    """'at 80', 'aged 63', 'at the age of 79': a person's age, not a toll."""
    governor = number.head.head if number.head.lower_ == "of" else number.head
    return governor.lemma_.lower() in ("age", "aged") or (
        number.dep_ == "pobj" and governor.lower_ == "at"
    )


@register("legal_charge")
def legal_charge(head: Token) -> bool:
    """'charged with X', 'charged under Article N': the legal sense, not a price or a battery."""
    if any(c.lower_ in ("with", "under", "over", "for") for c in head.children):
        return True
    # "was charged" of a person, not of a phone or a battery
    return is_passive(head) and any(
        is_actor_token(p) or p.pos_ == "PRON" for p in arguments_of(head).patients
    )


@register("charge_noun_event")
def charge_noun_event(head: Token) -> bool:
    """A charge noun that says a step was taken ('brought charges against', 'faces charges')."""
    governor = head.head
    if head.dep_ == "dobj" and governor.lemma_.lower() in _CHARGE_TAKING:
        return True
    return bool(pobj_of(head, {"against"}))


@register("tried_in_court")
def tried_in_court(head: Token) -> bool:
    """'was tried' or 'tried in absentia', never 'tried to pressure' (an attempt)."""
    if any(c.dep_ == "xcomp" for c in head.children):
        return False
    return is_passive(head) or any(c.lower_ in ("court", "absentia") for c in head.subtree)


@register("not_modifier")
def not_modifier(head: Token) -> bool:
    """'the banned movement', 'riot police' describe a state or a kind; they are no new event."""
    return head.dep_ not in ("amod", "compound")


@register("not_xcomp_event")
def not_xcomp_event(head: Token) -> bool:
    """'threatened to arrest X' is an announced arrest, not a separate threat."""
    return not any(c.dep_ in ("xcomp", "acl") for c in head.children)


@register("in_response")
def in_response(head: Token) -> bool:
    """A concession made in response to pressure."""
    return any(t.lemma_.lower() in ("response", "pressure", "because") for t in head.subtree)


@register("plural_count")
def plural_count(head: Token) -> bool:
    """A counted plural noun ('three arrests')."""
    return head.tag_ == "NNS" and any(t.like_num for t in head.lefts)


@register("intransitive")
def intransitive(head: Token) -> bool:
    """'Thousands demonstrated' is a protest; 'demonstrated its new phone' shows a thing."""
    return not children(head, {"dobj", "ccomp"})


@register("inflicted_injury")
def inflicted_injury(head: Token) -> bool:
    """An injury someone inflicted: by an actor, or among words of violence; not a storm's or a
    crash's, and not the wounded counted beside the dead (that count is the killing's).
    """
    found = {t.lemma_.lower() for t in sentence_of(head)}
    if found & (_MISHAPS | _DEADLY):
        return False
    if any(is_actor_token(a) for a in arguments_of(head).agents):
        return True
    return bool(found & _VIOLENCE)


@register("unrest_in_document")
def unrest_in_document(head: Token) -> bool:
    """A square or road closed where the text tells of protest or unrest, not after a crash or
    for snow: the closure of a public space as a restriction.
    """
    if not public_space_object(head):
        return False
    if {t.lemma_.lower() for t in sentence_of(head)} & _MISHAPS:
        return False
    return any(t.lemma_.lower() in _UNREST for t in head.doc)


@register("labour_strike")
def labour_strike(head: Token) -> bool:
    """A strike of workers ('the teachers' strike', 'went on strike over pay'), not an air
    strike or a footballer's shot.
    """
    if any(c.lemma_.lower() in _MILITARY for c in head.lefts):
        return False
    return bool({t.lemma_.lower() for t in sentence_of(head)} & (_LABOUR | _WORKERS))


@register("public_gathering")
def public_gathering(head: Token) -> bool:
    """'an unsanctioned gathering', 'a mass gathering': a gathering in protest, not a family's."""
    return any(c.lemma_.lower() in _GATHERING_MODIFIERS for c in head.lefts)


@register("aimed_at_people")
def aimed_at_people(head: Token) -> bool:
    """Tear gas or bullets fired at people ('fired tear gas at protesters'), not stored."""
    if _near_words(head) & _CLASH_WORDS:
        return False  # firearms in fighting make the clash, not an assault of their own
    verb = head.head if head.dep_ in ("dobj", "pobj", "conj") else head
    aimed = pobj_of(verb, {"at", "on", "against", "into"}) + pobj_of(head, {"at", "on", "against"})
    if any(is_actor_token(t) or t.lemma_.lower() in CROWD for t in aimed):
        return True
    return bool(lemmas(list(sentence_of(head))) & CROWD) and head.dep_ != "compound"


def _near_words(head: Token) -> set[str]:
    """Lemmas of the trigger's sentence and the one before it."""
    sent = sentence_of(head)
    found = {t.lemma_.lower() for t in sent}
    if sent.start > 0:
        found |= {t.lemma_.lower() for t in sentence_of(head.doc[sent.start - 1])}
    return found


@register("not_military")
def not_military(head: Token) -> bool:
    """A police raid, not an air raid."""
    return not any(c.lemma_.lower() in _MILITARY for c in head.lefts)


@register("shot_at_people")
def shot_at_people(head: Token) -> bool:
    """'Troops shot at a crowd', 'protesters were shot by police': people under fire; not a
    film shot on location.
    """
    if not person_target(head):
        return False
    if pobj_of(head, {"at"}) or any(is_actor_token(a) for a in arguments_of(head).agents):
        return True
    return bool({t.lemma_.lower() for t in sentence_of(head) if t.i != head.i} & _VIOLENCE)


@register("crowd_in_unrest")
def crowd_in_unrest(head: Token) -> bool:
    """'Hundreds gathered outside the court' where the text tells of protest or unrest; not
    residents gathering to discuss a wildfire.
    """
    if not crowd_subject(head):
        return False
    demanding = {t.lemma_.lower() for t in head.subtree} & {"demand", "protest", "chant"}
    return bool(demanding) or any(t.lemma_.lower() in _UNREST for t in head.doc if t.i != head.i)


# --- restrictions of rights ----------------------------------------------------------------------


@register("curtails_rights")
def curtails_rights(head: Token) -> bool:
    """'restrictions on civil and political rights', 'curbed the media': rights, media or
    assembly are what is restricted; not 'restrictions on grain exports'.
    """
    if head.dep_ == "acl":
        return False  # "measures restricting access": what the measures do, told where adopted
    if head.pos_ == "NOUN":
        parts = [
            t for c in head.children if c.dep_ in ("prep", "amod", "compound") for t in c.subtree
        ]
    else:
        parts = [
            t
            for c in head.children
            if c.dep_ in ("dobj", "nsubjpass", "prep", "xcomp")
            for t in c.subtree
        ]
    return bool(lemmas(parts) & _CURTAILED)


@register("from_doing")
def from_doing(head: Token) -> bool:
    """'barred him from leaving the country', 'barring outlets from reporting': kept from an act;
    not a bar of soap or a gold bar.
    """
    if any(c.dep_ == "prep" and c.lower_ == "from" for c in head.children):
        return True
    # the parser often hangs "from reporting" on the clause's verb: a "from" with a gerund
    # soon after the trigger, before any other verb, is the act barred
    for token in head.doc[head.i + 1 : min(sentence_of(head).end, head.i + 12)]:
        if token.pos_ in ("VERB", "AUX") and token.tag_ != "VBN":
            return False
        if token.lower_ == "from":
            return any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in token.children)
    return False


@register("organisation_object")
def organisation_object(head: Token) -> bool:
    """'dissolved the party', 'liquidated the rights group': an organisation is ended; not a
    tablet dissolved in water or a debt liquidated.
    """
    return bool(lemmas(arguments_of(head).patients) & _DISSOLVABLE)


# The checks of the news-brief words (triggers-en-v4) register themselves in CONSTRAINTS; they
# live in their own module, imported here so the registry is whole wherever it is read.
from khronika.extract.en import news_constraints as _news_constraints  # noqa: E402, F401
