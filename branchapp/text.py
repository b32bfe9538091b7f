"""Vietnamese text helpers: normalisation, accent folding, slugs and name sorting."""

import functools
import re
import unicodedata

import icu
from django.utils.text import slugify

# "đ" has no Unicode decomposition, so NFKD-based folding would drop it.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def normalise(value: str | None) -> str:
    """Trim and NFC-normalise text as the interchange format requires."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


@functools.cache
def combining_marks() -> dict[int, None]:
    """Every combining mark (they lie between U+0300 and U+1E94A in Unicode 15), for
    str.translate to delete in one pass: search highlights fold long texts on every results
    page. Built on first use (20 ms), not when a process starts."""
    return dict.fromkeys(cp for cp in range(0x300, 0x1F000) if unicodedata.combining(chr(cp)))


def fold(value: str | None) -> str:
    """Lower-case and strip Vietnamese diacritics: "ĐẢNG BỘ" -> "dang bo"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    return unicodedata.normalize("NFC", decomposed.translate(combining_marks())).lower()


def vn_slugify(value: str, max_length: int = 200) -> str:
    """Readable ASCII slug: "Đảng bộ Đồng Tháp" -> "dang-bo-dong-thap".

    Punctuation separates words ("tháng 10/2025" -> "thang-10-2025"), never joins them."""
    slug = slugify(_PUNCTUATION.sub(" ", fold(value)))
    return slug[:max_length].strip("-")


_PUNCTUATION = re.compile(r"[^\w\s-]")


# Stored sort keys are cut to this length (Member.sort_name); a 150-character name needs
# about 600 hex digits.
SORT_KEY_LENGTH = 1000


@functools.cache
def _vietnamese_collator() -> icu.Collator:
    """ICU's Vietnamese collation (CLDR): "Ánh" beside "Anh", "Đ" after "D", Ă, Â, Ê, Ô, Ơ,
    Ư as letters of their own. One instance per process; ICU collators are not thread-safe
    for writes but `getSortKey` only reads."""
    return icu.Collator.createInstance(icu.Locale("vi"))


def collation_key(value: str | None) -> bytes:
    """ICU's Vietnamese sort key of `value`: bytes that compare as Vietnamese order."""
    return _vietnamese_collator().getSortKey(normalise(value))


def vn_sorted(items, key=lambda item: item):
    """`items` in Vietnamese alphabetical order of `key(item)` (a text)."""
    return sorted(items, key=lambda item: collation_key(key(item)))


def name_sort_key(full_name: str) -> str:
    """Vietnamese list order of people: by given name (the last word), then by the family and
    middle names, each compared with ICU's Vietnamese collation.

    Returned as hexadecimal text (Member.sort_name is stored and ordered in SQL). An ICU sort
    key is bytes ending in one 0x00 and holding no other, so the given name's key followed by
    the rest's key compares given names first; hexadecimal digits keep the order of the bytes
    under SQLite's binary comparison and under any PostgreSQL collation (the text holds only
    0-9 and a-f, which every collation orders as ASCII does).
    """
    words = normalise(full_name).split()
    if not words:
        return ""
    given, rest = words[-1], " ".join(words[:-1])
    key = collation_key(given) + collation_key(rest)
    return key.hex()[:SORT_KEY_LENGTH]


def unique_slug(model, value: str, *, instance_pk=None, field: str = "slug", max_length=200) -> str:
    """A slug for `value` that no other row of `model` uses."""
    base = vn_slugify(value, max_length=max_length - 8) or "muc"
    qs = model._default_manager.all()
    if instance_pk is not None:
        qs = qs.exclude(pk=instance_pk)
    return first_free_slug(base, lambda candidate: qs.filter(**{field: candidate}).exists())


def first_free_slug(base: str, taken) -> str:
    """`base`, else `base-2`, `base-3`… : the first that `taken(candidate)` says is free."""
    candidate, n = base, 2
    while taken(candidate):
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def article_slug_base(
    headline: str, organisation_name: str = "", short_name: str = "", max_length=192
) -> str:
    """The address of an article: its headline, then the organisation's name when the
    headline names it neither by its name nor by its short name
    ("…-thang-10-2025-chi-bo-phong-dao-tao").

    The name is kept whole and the headline shortened when the two are too long."""
    title = vn_slugify(headline, max_length=max_length)
    name = vn_slugify(organisation_name, max_length=max_length // 2)
    short = vn_slugify(short_name, max_length=max_length // 2)
    named = any(n and f"-{n}-" in f"-{title}-" for n in (name, short))
    if not name or named:
        return title or name or "bai-viet"
    title = title[: max_length - len(name) - 1].strip("-")
    return f"{title}-{name}" if title else name
