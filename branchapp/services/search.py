"""Accent- and case-insensitive search of published reports, and highlighting of the matches.

`Report.search_document` holds the accent-folded text of headline, lead, body and captions, so
the query is folded the same way in Python and both paths compare folded text:

* PostgreSQL: full text on ``to_tsvector('simple', search_document)`` (GIN index
  ``report_search_fts``) with each word as a prefix, OR trigram word similarity to the folded
  headline (GIN index ``report_headline_trgm``) for typos; ranked by ``ts_rank`` plus the
  similarity plus a bonus for words found in the headline. Typos are looked for in headlines
  only: word similarity over whole documents rechecks nearly every report of a province for
  common words (seconds per query on 40,000 reports), over headlines it takes milliseconds.
* Elsewhere (SQLite): every query word must start a word of the document; ranked by the number
  of words found in the headline, then by date.
"""

import re
import unicodedata

from django.db import connections
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Length, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..text import fold

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
_WORD = re.compile(r"[^\W_]+")


def query_words(query: str | None) -> list[str]:
    """The folded words of a query, without duplicates, at most MAX_WORDS of them."""
    words = _WORD.findall(fold((query or "")[:MAX_QUERY_LENGTH]))
    return list(dict.fromkeys(words))[:MAX_WORDS]


def _headline_hits(words: list[str]):
    """How many query words occur in the headline.

    The document starts with the folded headline and folding keeps one character per
    character, so its first len(headline) characters are the folded headline.
    """
    folded_headline = Substr("search_document", 1, Length("headline"))
    hits = [
        Case(
            When(Q(_folded_headline__contains=word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
    ]
    total = hits[0]
    for hit in hits[1:]:
        total = total + hit
    return folded_headline, total


def search_reports(queryset: QuerySet, query: str | None) -> QuerySet:
    """`queryset` narrowed to the reports matching `query`, best first."""
    words = query_words(query)
    if not words:
        return queryset.none()
    folded_headline, hits = _headline_hits(words)
    queryset = queryset.annotate(_folded_headline=folded_headline).annotate(headline_hits=hits)
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return _search_fallback(queryset, words)


def _search_postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVectorField,
        TrigramWordSimilarity,
    )

    # Written exactly as the index expression so that the planner can use report_search_fts.
    vector = Func(
        F("search_document"),
        function="to_tsvector",
        template="%(function)s('simple', %(expressions)s)",
        output_field=SearchVectorField(),
    )
    # Words are [^\W_]+ only, so they need no quoting in tsquery syntax.
    tsquery = SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
    )
    phrase = " ".join(words)
    return (
        queryset.annotate(_vector=vector)
        .filter(Q(_vector=tsquery) | Q(_folded_headline__trigram_word_similar=phrase))
        .annotate(
            rank=SearchRank(F("_vector"), tsquery)
            + TrigramWordSimilarity(phrase, "_folded_headline")
            + Cast("headline_hits", FloatField()) * Value(0.5)
        )
        .order_by("-rank", "-published_at", "-id")
    )


def _search_fallback(queryset: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        queryset = queryset.filter(search_document__regex=rf"\b{re.escape(word)}")
    return queryset.order_by("-headline_hits", "-published_at", "-id")


def _match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans of `text` holding a word that starts with one of the folded `words`."""
    if not text or not words:
        return []
    folded_chars, origin = [], []
    for index, char in enumerate(text):
        for folded_char in fold(char):
            folded_chars.append(folded_char)
            origin.append(index)
    folded = "".join(folded_chars)
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})[^\W_]*")
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded)]


def highlight(text: str | None, words: list[str]) -> SafeString:
    """`text` escaped, with the words matching the query wrapped in <mark>."""
    text = unicodedata.normalize("NFC", text or "")
    pieces, position = [], 0
    for start, end in _match_spans(text, words):
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def words_matched(text: str | None, words: list[str]) -> int:
    """How many different query words `text` matches."""
    text = unicodedata.normalize("NFC", text or "")
    folded = fold(text)
    return sum(1 for word in words if re.search(rf"\b{re.escape(word)}", folded))


def excerpt(text: str | None, words: list[str], length: int = 220) -> str | None:
    """About `length` characters of `text` around its first match, or None without a match."""
    text = unicodedata.normalize("NFC", text or "")
    spans = _match_spans(text, words)
    if not spans:
        return None
    if len(text) <= length:
        return text

    # Centre on the match whose surroundings hold the most different query words.
    def window(span):
        start = max(0, span[0] - length // 3)
        return start, min(len(text), start + length)

    first = max(spans, key=lambda span: words_matched(text[slice(*window(span))], words))
    start, end = window(first)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first[0] else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first[1] else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")
