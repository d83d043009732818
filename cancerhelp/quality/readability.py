"""Reading scores for topic pages, computed offline with textstat.

English: Flesch-Kincaid grade (lower is easier; target READABILITY_MAX_GRADE_EN).
Spanish: Fernández-Huerta reading ease (higher is easier; target READABILITY_MIN_EASE_ES),
the Spanish adaptation of Flesch reading ease.

textstat counts syllables with the bundled CMU dictionary (English) and Pyphen's bundled
hyphenation dictionaries: nothing is downloaded. Each language gets its own
`textstatistics` object so the module-level language setting is never shared.
A score of a whole page hides the one sentence to rewrite, so every sentence is scored too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from textstat.textstat import textstatistics
from wagtail import blocks
from wagtail.rich_text import RichText

_english = textstatistics()
_english.set_lang("en_US")
_spanish = textstatistics()
_spanish.set_lang("es")

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+")
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)
MIN_WORDS_FOR_HARDEST = 4


@dataclass
class SentenceScore:
    text: str
    score: float
    words: int

    @property
    def is_heading_like(self):
        """Short and unpunctuated (a heading or label): scored, but not named as hardest."""
        return self.words < 8 and self.text[-1] not in ".!?…:;"


@dataclass
class Readability:
    language: str
    measure: str
    score: float
    target: float
    higher_is_easier: bool
    sentences: list[SentenceScore] = field(default_factory=list)

    @property
    def within_target(self):
        return self.score >= self.target if self.higher_is_easier else self.score <= self.target

    @property
    def words(self):
        return sum(sentence.words for sentence in self.sentences)

    def hardest(self, count=3):
        """The sentences to rewrite first (long enough to matter), hardest first."""
        candidates = [s for s in self.sentences if s.words >= MIN_WORDS_FOR_HARDEST and not s.is_heading_like]
        candidates.sort(key=lambda s: s.score, reverse=not self.higher_is_easier)
        if self.higher_is_easier:
            candidates = [s for s in candidates if s.score < self.target] or candidates
        else:
            candidates = [s for s in candidates if s.score > self.target] or candidates
        return candidates[:count]


def html_to_text(markup):
    """Rich text to plain text, one line per paragraph or list item."""
    return unescape(TAG.sub("", BLOCK_END.sub("\n", markup)))


def value_texts(block, value):
    """The reader-visible prose in a block value (headings, paragraphs, bullets...)."""
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock) or isinstance(value, RichText):
        source = value.source if isinstance(value, RichText) else str(value)
        yield from (line for line in html_to_text(source).splitlines() if line.strip())
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from value_texts(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from value_texts(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from value_texts(child.block, child.value)
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock) and isinstance(value, str) and value.strip():
        yield value


def stream_texts(stream_value):
    for child in stream_value:
        yield from value_texts(child.block, child.value)


def split_sentences(chunks):
    """Sentences from text chunks; a chunk without end punctuation (a heading) is one sentence."""
    sentences = []
    for chunk in chunks:
        for line in chunk.splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            for sentence in SENTENCE_END.split(line):
                sentence = sentence.strip()
                if sentence:
                    sentences.append(sentence)
    return sentences


def _terminated(sentence):
    return sentence if sentence[-1] in ".!?…:;" else sentence + "."


def score_sentences(sentences, language):
    """Score the text as a whole and sentence by sentence."""
    language = "es" if language == "es" else "en"
    if language == "es":
        measure, scorer = _("Fernández-Huerta reading ease"), _spanish.fernandez_huerta
        target, higher_is_easier = settings.READABILITY_MIN_EASE_ES, True
        counter = _spanish
    else:
        measure, scorer = _("Flesch-Kincaid grade"), _english.flesch_kincaid_grade
        target, higher_is_easier = settings.READABILITY_MAX_GRADE_EN, False
        counter = _english
    terminated = [_terminated(sentence) for sentence in sentences]
    whole = " ".join(terminated)
    result = Readability(
        language=language,
        measure=measure,
        score=round(scorer(whole), 1) if whole else 0.0,
        target=target,
        higher_is_easier=higher_is_easier,
    )
    for original, text in zip(sentences, terminated, strict=True):
        result.sentences.append(
            SentenceScore(text=original, score=round(scorer(text), 1), words=counter.lexicon_count(text))
        )
    return result


def score_text(text, language):
    return score_sentences(split_sentences([text]), language)


def page_language(page):
    return page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE


def score_page(page):
    """Readability of a page's title, summary and body, in the page's language."""
    chunks = [page.title]
    if getattr(page, "summary", ""):
        chunks.append(page.summary)
    if getattr(page, "body", None) is not None:
        chunks.extend(stream_texts(page.body))
    return score_sentences(split_sentences(chunks), page_language(page))


def short_text_target(language):
    """The stricter target of an "In short" box: grade 6 (English), ease 80 (Spanish)."""
    if language == "es":
        return settings.READABILITY_IN_SHORT_MIN_EASE_ES
    return settings.READABILITY_IN_SHORT_MAX_GRADE_EN


def in_short_problem(points, language):
    """Why these "In short" points are too hard to read, or None when they pass.

    Each point is scored on its own and the box as a whole, against the stricter target.
    """
    points = [" ".join(str(point).split()) for point in points if str(point).strip()]
    if not points:
        return None
    result = score_sentences(split_sentences(points), language)
    target = short_text_target(language)
    scores = [result.score] + [sentence.score for sentence in result.sentences]
    if result.higher_is_easier:
        worst = min(scores)
        if worst >= target:
            return None
        return _(
            "Too hard to read: %(measure)s %(score)s, the box needs %(target)s or more. "
            "Use shorter words and sentences."
        ) % {
            "measure": result.measure,
            "score": worst,
            "target": target,
        }
    worst = max(scores)
    if worst <= target:
        return None
    return _(
        "Too hard to read: %(measure)s %(score)s, the box needs %(target)s or less. "
        "Use shorter words and sentences."
    ) % {
        "measure": result.measure,
        "score": worst,
        "target": target,
    }
