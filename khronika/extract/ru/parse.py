"""Russian text to a spaCy ``Doc``: natasha's tokens, lemmas, morphology, syntax and names.

natasha (razdel segmentation, slovnet morphology, syntax and NER on navec embeddings, all
shipped inside its wheel) reads the text; the result is written into a spaCy ``Doc`` over the
ORIGINAL text (whitespace kept as tokens), so the language-neutral machinery of ``extract``
(context, trackers, counts, candidates) reads a Russian parse exactly as it reads an English one.
Universal Dependencies labels and parts of speech are the same in both models.

A line break ends a sentence (a headline has no full stop, and a line break in these texts ends
a paragraph), but the taggers read all the sentences of a text in one batch. The models load
once per process, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, get_words_and_spaces
from spacy.vocab import Vocab
from threadpoolctl import ThreadpoolController

# natasha's entity labels in the names the neutral machinery reads (spaCy's English ones).
_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}


@dataclass
class _Models:
    segmenter: Any
    morph: Any
    syntax: Any
    ner: Any
    vocab: Any


@lru_cache(maxsize=1)
def models() -> _Models:
    """The segmenter, taggers and lemma dictionary of natasha: loaded once, from its wheel."""
    from natasha import (  # deferred: 1-2 s, and only Russian documents need it
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    embedding = NewsEmbedding()
    return _Models(
        segmenter=Segmenter(),
        morph=NewsMorphTagger(embedding),
        syntax=NewsSyntaxParser(embedding),
        ner=NewsNERTagger(embedding),
        vocab=MorphVocab(),
    )


@lru_cache(maxsize=1)
def _spacy_vocab() -> Vocab:
    """The Russian vocabulary of spaCy.

    Its lexical attributes give ``lower_``, ``is_title`` and ``like_num`` (a bare ``Vocab()``
    leaves them empty).
    """
    vocab: Vocab = spacy.blank("ru").vocab
    return vocab


_Ent = tuple[int, int, str, str | None]


@dataclass
class _Token:
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    morph: str
    head: int  # index into the document's natasha tokens; itself for a root
    dep: str
    sent_start: bool


def _natasha_doc(text: str) -> Any:
    """The text as one natasha Doc: tokens and sentences cut line by line (a line break ends a
    sentence), so the taggers see every sentence of the text in one batch.
    """
    from natasha import Doc as NatashaDoc
    from natasha.doc import DocSent, DocSpan, DocToken

    m = models()
    ndoc = NatashaDoc(text)
    ndoc.tokens, ndoc.sents = [], []
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            lines.append((offset, line))
            ndoc.tokens += [
                DocToken(offset + t.start, offset + t.stop, t.text)
                for t in m.segmenter.tokenize(line)
            ]
            ndoc.sents += [
                DocSent(offset + t.start, offset + t.stop, t.text)
                for t in m.segmenter.sentenize(line)
            ]
        offset += len(line)
    ndoc.envelop_sent_tokens()
    ndoc.tag_morph(m.morph)
    ndoc.parse_syntax(m.syntax)
    # names line by line too (a name never runs across a line break), in batches
    ndoc.spans = [
        DocSpan(start + s.start, start + s.stop, s.type, text[start + s.start : start + s.stop])
        for (start, _), markup in zip(lines, m.ner.map([line for _, line in lines]), strict=True)
        for s in markup.spans
    ]
    ndoc.envelop_span_tokens()
    return ndoc


@lru_cache(maxsize=65536)
def _lemma(word: str, pos: str | None, feats: tuple[tuple[str, str], ...]) -> str:
    """The lemma natasha gives a word (cached across documents: most words of news recur)."""
    lemma: str | None = models().vocab.lemmatize(word, pos, dict(feats))
    return (lemma or word).lower()


def _read(text: str) -> tuple[list[_Token], list[_Ent]]:
    """The text through natasha: its tokens and named entities, with offsets into ``text``."""
    m = models()
    ndoc = _natasha_doc(text)
    tokens: list[_Token] = []
    for sent in ndoc.sents:
        base = len(tokens)
        ids = {t.id: base + i for i, t in enumerate(sent.tokens)}
        for i, tok in enumerate(sent.tokens):
            feats = tuple(sorted((tok.feats or {}).items()))
            head = ids.get(tok.head_id, base + i)
            tokens.append(
                _Token(
                    start=tok.start,
                    end=tok.stop,
                    text=tok.text,
                    lemma=_lemma(tok.text, tok.pos, feats),
                    pos=tok.pos or "X",
                    morph="|".join(f"{k}={v}" for k, v in feats),
                    head=head,
                    dep="ROOT" if head == base + i else (tok.rel or "dep"),
                    sent_start=i == 0,
                )
            )
    ents = []
    for span in ndoc.spans:
        span.normalize(m.vocab)  # names in the nominative: 'Марата Сейткали' -> 'Марат Сейткали'
        ents.append((span.start, span.stop, _LABELS.get(span.type, span.type), span.normal))
    return tokens, ents


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    return ThreadpoolController()


def parse(text: str) -> Doc:
    """The text as a spaCy Doc carrying natasha's annotation; ``doc.text == text``."""
    # slovnet's small matrix products run ~10x slower on OpenBLAS's thread pool than on one
    # thread when the cores are shared (measured: 225 against 2,100 words a second).
    with _threadpools().limit(limits=1, user_api="blas"):
        tokens, ents = _read(text)
    return _to_doc(text, tokens, ents)


def _to_doc(text: str, tokens: list[_Token], ents: list[_Ent]) -> Doc:
    words, spaces = get_words_and_spaces([t.text for t in tokens], text)
    # spaCy adds whitespace tokens where the text has more than one space: map our indices.
    position: list[int] = []
    i = 0
    for index, word in enumerate(words):
        if i < len(tokens) and word == tokens[i].text:
            position.append(index)
            i += 1
    lemmas, pos, morphs, heads, deps = [], [], [], [], []
    by_index = dict(zip(position, tokens, strict=True))
    for index, word in enumerate(words):
        tok = by_index.get(index)
        if tok is None:  # whitespace: hangs on the token before it, in that token's sentence
            lemmas.append(word)
            pos.append("SPACE")
            morphs.append("")
            heads.append(max(index - 1, 0))
            deps.append("dep")
            continue
        lemmas.append(tok.lemma)
        pos.append(tok.pos)
        morphs.append(tok.morph)
        heads.append(position[tok.head])
        deps.append(tok.dep)
    _break_cycles(heads)
    doc = Doc(
        _spacy_vocab(),
        words=words,
        spaces=spaces,
        lemmas=lemmas,
        pos=pos,
        morphs=morphs,
        heads=heads,
        deps=deps,
    )
    spans = [doc.char_span(s, e, label=label) for s, e, label, _ in ents]
    doc.ents = filter_spans([s for s in spans if isinstance(s, Span)])
    # natasha's nominative form of each name, by character span (read by ``actors``)
    doc.user_data["normal"] = {(s, e): normal for s, e, _, normal in ents if normal}
    return doc


def _break_cycles(heads: list[int]) -> None:
    """The parser now and then returns a loop ('a' under 'b' under 'a'): its first word becomes
    a root, since spaCy needs a tree.
    """
    for start in range(len(heads)):
        seen = {start}
        i = start
        while heads[i] != i:
            i = heads[i]
            if i in seen:
                heads[i] = i
                break
            seen.add(i)


def normal_form(doc: Doc, start: int, end: int) -> str | None:
    """The nominative form natasha gave the named entity at ``start:end``, if any."""
    normals: dict[tuple[int, int], str] = doc.user_data.get("normal", {})
    return normals.get((start, end))


def inflect_nominative(word: str) -> str:
    """A common noun in the nominative, number kept ('полицейских' -> 'полицейские')."""
    parses = models().vocab.parse(word)
    if not parses:
        return word
    best = parses[0]
    number = "Plur" if best.feats.get("Number") == "Plur" else "Sing"
    try:
        form = best.inflect({"Nom", number})
    except KeyError:
        return word
    return form.word if form else word
