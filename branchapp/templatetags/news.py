"""Template tags of the public news pages: responsive photos, badges, highlights, JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import dateformat
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import pgettext_lazy

from ..models import Assessment
from ..models.reports import RENDITION_WIDTHS
from ..selectors import search
from ..selectors import targets as target_words

register = template.Library()

# The column the article body occupies: full width on phones, at most about 760 px otherwise.
ARTICLE_SIZES = "(min-width: 1200px) 760px, (min-width: 992px) 62vw, 100vw"

BADGE_LABELS = {
    Assessment.EXCEEDED: pgettext_lazy("assessment badge", "Exceeded"),
    Assessment.ACHIEVED: pgettext_lazy("assessment badge", "Achieved"),
    Assessment.NOT_ACHIEVED: pgettext_lazy("assessment badge", "Not achieved"),
    Assessment.PENDING: pgettext_lazy("assessment badge", "Not yet assessed"),
}

# What json_script escapes, so that data cannot close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def rendition_set(photo) -> dict:
    """URLs of a photo's renditions with the widths they really have (no upscaling)."""
    width = photo.width or max(RENDITION_WIDTHS)
    height = photo.height or round(width * 2 / 3)
    chosen, seen = [], set()
    for size in RENDITION_WIDTHS:
        actual = min(size, width)
        if actual not in seen:
            seen.add(actual)
            chosen.append((size, actual))
    urls = photo.rendition_urls()
    webp = ", ".join(f"{urls['webp'][s]} {w}w" for s, w in chosen)
    jpeg = ", ".join(f"{urls['jpeg'][s]} {w}w" for s, w in chosen)
    # The fallback src is the 960 rendition (or the largest one below it).
    fallback_size, fallback_width = chosen[min(1, len(chosen) - 1)]
    return {
        "webp_srcset": webp,
        "jpeg_srcset": jpeg,
        "src": urls["jpeg"][fallback_size],
        "width": fallback_width,
        "height": round(height * fallback_width / width),
    }


@register.simple_tag
def picture(photo, eager=False, sizes=ARTICLE_SIZES, alt=None, css_class=""):
    """A <picture> with WebP and JPEG srcsets; lazy unless `eager`.

    Built here rather than from an included template: it is rendered for every card of a list.
    """
    data = rendition_set(photo)
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{} decoding="async">'
        "</picture>",
        format_html(' class="{}"', css_class) if css_class else "",
        data["webp_srcset"],
        sizes,
        data["src"],
        data["jpeg_srcset"],
        sizes,
        photo.caption if alt is None else alt,
        data["width"],
        data["height"],
        mark_safe(' fetchpriority="high"' if eager else ' loading="lazy"'),
    )


CARD_PHOTO_SIZES = "(min-width: 768px) 240px, 100vw"


@register.simple_tag
def report_card(report, heading="h3", eager=False, words=None):
    """One report in a list (home, news list, search, organisation page).

    `report` comes from `selectors.news.public_reports` (organisation selected, lead photo
    prefetched); `words` marks the search words in the headline and shows the matching excerpt.
    Built in Python rather than from an included template: lists render it 20 times a page.
    """
    heading = heading if heading in ("h2", "h3") else "h3"
    url = report.get_absolute_url()
    photo = report.lead_photos[0] if report.lead_photos else None
    organisation = report.meeting.organisation
    if words:
        headline = highlight(report.headline, words)
        lead = format_html('<p class="news-card-lead">{}</p>', highlight(report.excerpt, words))
    else:
        headline = report.headline
        lead = (
            format_html(
                '<p class="news-card-lead">{}</p>',
                Truncator(report.lead).words(45, truncate=" …"),
            )
            if report.lead
            else ""
        )
    published = template_localtime(report.published_at)
    return format_html(
        '<article class="news-card{}">{}<div class="news-card-body">'
        '<{} class="news-card-title"><a href="{}">{}</a></{}>'
        '<p class="news-meta"><time datetime="{}">{}</time> <span aria-hidden="true">·</span> '
        '<a href="{}">{}</a></p>{}</div></article>',
        " has-photo" if photo else "",
        format_html(
            '<a class="news-card-photo" href="{}" tabindex="-1" aria-hidden="true">{}</a>',
            url,
            picture(photo, eager=eager, sizes=CARD_PHOTO_SIZES, alt=""),
        )
        if photo
        else "",
        heading,
        url,
        headline,
        heading,
        dateformat.format(published, "c") if published else "",
        date_format(published, "SHORT_DATETIME_FORMAT") if published else "",
        organisation.get_absolute_url(),
        report.meeting.organisation_name or organisation.name,
        lead,
    )


@register.filter
def assessment_label(value):
    return BADGE_LABELS.get(value, BADGE_LABELS[Assessment.PENDING])


@register.simple_tag
def assessment_badge(value):
    css = value if value in BADGE_LABELS else Assessment.PENDING
    return format_html(
        '<span class="badge assessment assessment-{}">{}</span>', css, assessment_label(value)
    )


@register.filter
def planned(target):
    return target_words.planned_label(target)


@register.filter
def result(target):
    return target_words.result_label(target)


@register.filter
def highlight(text, words):
    """Escape `text` and mark the words of the search query in it (accents ignored)."""
    return search.highlight(text, words or [])


@register.simple_tag
def ld_json(data):
    """A <script type="application/ld+json"> element: data, not code, escaped like json_script."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute(context, url):
    """`url` made absolute for the current request (canonical links, Open Graph)."""
    request = context.get("request")
    if request is None or not url:
        return url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters replaced (None or "" removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def elided_pages(page_obj):
    """Page numbers around the current page, with ellipses (Paginator.ELLIPSIS)."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
