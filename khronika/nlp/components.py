"""khronika's own spaCy components: entity repairs and event-trigger matching.

Each factory declares what it reads and writes (``requires``/``assigns``), so
``nlp.analyze_pipes()`` explains the pipeline.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from khronika.nlp.lexicon import Lexicon, load_lexicon
from khronika.nlp.phrases import PhraseIndex
from khronika.vocabulary import vocabulary, words

# Upper-case tokens that are titles, units or interjections rather than organisations.
_NOT_ACRONYMS = words("english", "not_acronyms")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
_QUOTES_OPEN = frozenset("‘“\"'«")
_QUOTES_CLOSE = frozenset("’”\"'»")
# Nouns that, next to a quoted name, say the name is an organisation ("the 'X' movement").
_ORG_HEADS = words("english", "organisation_heads")


@dataclass(frozen=True)
class Trigger:
    """A matched trigger: token span, head token index, and the index of its lexicon rule."""

    start: int
    end: int
    head: int
    rule: int


if not Doc.has_extension("triggers"):
    Doc.set_extension("triggers", default=())
if not Doc.has_extension("lexicon_version"):
    Doc.set_extension("lexicon_version", default=None)
if not Doc.has_extension("sentence_starts"):
    Doc.set_extension("sentence_starts", default=None)


def sentence_of(token: Token) -> Span:
    """The token's sentence. ``Token.sent`` re-checks the whole Doc on every call (a cost that
    grew to a quarter of extraction time); the boundaries are listed once per Doc instead.
    """
    doc = token.doc
    starts = doc._.sentence_starts
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc._.sentence_starts = starts
    index = bisect_right(starts, token.i) - 1
    end = starts[index + 1] if index + 1 < len(starts) else len(doc)
    return doc[starts[index] : end]


def _is_caps_line(doc: Doc, i: int) -> bool:
    """True where the token sits among other all-caps words (a shouted headline, a signature)."""
    window = [t for t in doc[max(0, i - 2) : i + 3] if t.is_alpha and t.i != i]
    return bool(window) and all(t.is_upper for t in window)


def _acronym_spans(doc: Doc) -> list[Span]:
    spans = []
    for token in doc:
        if (
            _ACRONYM.match(token.text)
            and token.text not in _NOT_ACRONYMS
            and token.ent_type_ in ("", "ORG")
            and not _is_caps_line(doc, token.i)
        ):
            label = "GPE" if token.text in ("US", "UK", "USA") else "ORG"
            spans.append(Span(doc, token.i, token.i + 1, label=label))
    return spans


def _quoted_org_spans(doc: Doc) -> list[Span]:
    """'Kazakhstan 2012' movement, the channel “Free Voice”: a quoted name beside an org noun."""
    spans = []
    i = 0
    while i < len(doc):
        if doc[i].text in _QUOTES_OPEN:
            for j in range(i + 1, min(i + 8, len(doc))):
                if doc[j].text in _QUOTES_CLOSE:
                    inner = doc[i + 1 : j]
                    before = doc[i - 1].lemma_.lower() if i > 0 else ""
                    after = doc[j + 1].lemma_.lower() if j + 1 < len(doc) else ""
                    if (
                        len(inner) > 0
                        and inner[0].is_title
                        and (before in _ORG_HEADS or after in _ORG_HEADS)
                    ):
                        spans.append(Span(doc, i + 1, j, label="ORG"))
                    i = j
                    break
        i += 1
    return spans


@Language.component(
    "khronika_entities",
    requires=["doc.ents", "token.lemma"],
    assigns=["doc.ents"],
)
def repair_entities(doc: Doc) -> Doc:
    """Add organisations the statistical model misses: acronyms (KNB, CSTO) and quoted names."""
    extra = _acronym_spans(doc) + _quoted_org_spans(doc)
    titles = [e for e in doc.ents if e.text in _NOT_ACRONYMS]
    if titles:  # "MEP", "MP": a title after a name, not an organisation
        doc.ents = [e for e in doc.ents if e.text not in _NOT_ACRONYMS]
    if extra:
        kept = [e for e in doc.ents if not any(e.start < x.end and x.start < e.end for x in extra)]
        doc.ents = filter_spans(kept + extra)
    return doc


class TriggerMatcher:
    """Finds event triggers by lemma; keeps the longest match per head token.

    One-word rules (most of the lexicon) are a dictionary lookup per token; phrases are looked
    up by their first word (:mod:`khronika.nlp.phrases`).
    """

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.by_word: dict[str, list[int]] = {}
        # Word forms the statistical lemmatiser gets wrong ("staged" -> "stag"), set right before
        # any rule reads a lemma; English only.
        self.repairs: dict[str, str] = (
            dict(vocabulary("english").table("lemma_repairs")) if lexicon.language == "en" else {}
        )
        for index, rule in enumerate(lexicon.triggers):
            if len(rule.lemmas) == 1:
                self.by_word.setdefault(rule.lemmas[0], []).append(index)
        self.phrases = PhraseIndex(
            (index, [_forms(lemma) for lemma in rule.lemmas])
            for index, rule in enumerate(lexicon.triggers)
            if len(rule.lemmas) > 1
        )

    def _word_triggers(self, doc: Doc) -> dict[int, Trigger]:
        found: dict[int, Trigger] = {}
        for token in doc:
            # the lemma, or the word itself where a headline's capitals confuse the lemmatiser
            rules = self.by_word.get(token.lemma_.lower()) or self.by_word.get(token.lower_)
            for index in _by_fit(token, rules or [], self.lexicon):
                if _pos_fits(token.pos_, self.lexicon.triggers[index].pos):
                    found[token.i] = Trigger(
                        start=token.i, end=token.i + 1, head=token.i, rule=index
                    )
                    break
        return found

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.triggers``: the longest matching rule per head token."""
        for token in doc:
            repaired = self.repairs.get(token.lower_)
            if repaired is not None:
                token.lemma_ = repaired
        best = self._word_triggers(doc)
        for index, start, end in self.phrases.matches(doc):
            rule = self.lexicon.triggers[index]
            head = start + rule.head
            if not _pos_fits(doc[head].pos_, rule.pos):
                continue
            current = best.get(head)
            if current is None or (end - start) > (current.end - current.start):
                best[head] = Trigger(start=start, end=end, head=head, rule=index)
        doc._.triggers = tuple(sorted(best.values(), key=lambda t: t.head))
        doc._.sentence_starts = [sent.start for sent in doc.sents]
        doc._.lexicon_version = self.lexicon.version
        return doc


# Where a capitalised word (PROPN) sits as a noun does ("Since Cardiac Arrest"), a noun rule
# reads it before a verb rule.
_NOUN_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "compound", "appos", "attr"})


def _by_fit(token: Token, rules: list[int], lexicon: Lexicon) -> list[int]:
    """The rules in the order they should be tried: the token's own part of speech first."""
    if token.pos_ != "PROPN":
        return rules
    wanted = "NOUN" if token.dep_ in _NOUN_DEPS else "VERB"
    return sorted(rules, key=lambda i: wanted not in lexicon.triggers[i].pos)


def _forms(lemma: str) -> list[str]:
    return [lemma, lemma.capitalize()]


def _pos_fits(pos: str, wanted: tuple[str, ...]) -> bool:
    # Headlines capitalise verbs and nouns ("Court Bans Broadcaster"): the tagger calls them PROPN.
    return pos in wanted or (pos == "PROPN" and bool({"NOUN", "VERB"} & set(wanted)))


@Language.factory(
    "khronika_triggers",
    default_config={"language": "en", "version": "v4"},
    requires=["token.lemma"],
    assigns=["doc._.triggers"],
)
def make_trigger_matcher(nlp: Language, name: str, language: str, version: str) -> TriggerMatcher:
    """SpaCy factory of the trigger matcher for one lexicon language and version."""
    return TriggerMatcher(nlp, load_lexicon(language, version))


_TERMINAL = frozenset('.!?:;”"»')


@Language.component(
    "khronika_lines",
    assigns=["token.is_sent_start"],
)
def break_at_lines(doc: Doc) -> Doc:
    """Sentences end at blank lines and after the first line (a headline has no full stop).

    A single line break inside a paragraph is usually hard wrapping (letters, PDFs), so it only
    ends a sentence when the line before it ends with terminal punctuation.
    """
    first_line_done = False
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not previous.is_space or "\n" not in previous.text:
            continue
        before = doc[token.i - 2] if token.i >= 2 else None
        ends_sentence = before is not None and before.text[-1] in _TERMINAL
        if (
            previous.text.count("\n") >= 2
            or ends_sentence
            or (not first_line_done and _is_headline(before, token))
        ):
            token.is_sent_start = True
        first_line_done = True
    return doc


def _is_headline(last: Token | None, next_token: Token) -> bool:
    """A first line that ends on a content word and is followed by a capital: a title."""
    return last is not None and not last.is_stop and next_token.text[:1].isupper()
