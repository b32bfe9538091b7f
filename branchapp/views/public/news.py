"""The public news site: home, news list and search, articles, organisations, targets."""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_safe

from ... import article_html
from ... import page_dependencies as tags
from ...forms.public_filters import NewsFilterForm
from ...http.signin import step_pending
from ...models import MeetingKind, Organisation
from ...selectors import addresses, news, organisations
from ...selectors import home as home_page
from ...selectors.related import article_neighbours


@require_safe
def home(request):
    tags.depends_on(tags.LISTS)
    return render(request, "news/home.html", home_page.home_context())


@require_safe
def report_list(request):
    form = NewsFilterForm(request.GET or None, years=news.report_years())
    filters = form.filters()
    query = filters.pop("q")
    tags.depends_on(*news.list_dependencies(query, **filters))
    suggestions = None
    reports = news.filter_reports(news.public_reports(), **filters)
    # The count depends on the valid filters and the query only (not on the page number).
    count_key = repr(
        ("list", query, sorted((k, str(getattr(v, "pk", v))) for k, v in filters.items()))
    )
    if query:
        results = news.search_page(reports, query, request.GET.get("page"), count_key)
        page, total, words, corrected = (
            results.page,
            results.total,
            results.words,
            results.corrected,
        )
        news.attach_excerpts(page.object_list, words)
        if not total:
            suggestions = news.search_suggestions(words, filtered=any(filters.values()))
    else:
        page = news.page_of(reports, request.GET.get("page"), count_key)
        total, words, corrected = page.paginator.count, [], False
    return render(
        request,
        "news/report_list.html",
        {
            "form": form,
            "page_obj": page,
            "total": total,
            "reports": page.object_list,
            "query": query,
            "words": words,
            "corrected": corrected,
            "filters": filters,
            "filtered": bool(query) or any(filters.values()),
            "suggestions": suggestions,
            "sections": news.sections(),
            "kind_label": dict(MeetingKind.choices).get(filters["kind"]),
        },
    )


@require_safe
def article(request, slug):
    report = news.article_queryset().filter(slug=slug).first()
    if report is None:
        # An address the report had before (the month's dash dropped, no organisation):
        # moved for good, to the current address of the same article.
        moved = addresses.moved_article(slug)
        if moved is None:
            raise Http404
        return HttpResponsePermanentRedirect(moved.get_absolute_url())
    preview = not report.is_public
    # An unpublished report does not exist for the public: same 404 as a wrong address. Nor
    # for an account that has not passed its sign-in steps (second factor, new password).
    if preview and (not news.can_preview(request.user, report) or step_pending(request.user)):
        raise Http404
    # Its own article, its organisation's news ("more from the same organisation"), and the
    # cards of the other articles it links to (the most-read list records its own).
    tags.depends_on(tags.report(report.pk), tags.organisation_news(report.meeting.organisation_id))
    context = article_html.page_context(report)
    neighbours = article_neighbours(report)
    tags.depends_on_cards(neighbours.cards())
    context.update(
        preview=preview,
        previous=neighbours.previous,
        following=neighbours.following,
        related=neighbours.same_organisation,
        related_articles=neighbours.related,
        section_articles=neighbours.section,
        meeting_kinds=neighbours.kinds,
        jsonld=news.article_jsonld(
            report, context["lead_photo"], request.build_absolute_uri, settings.SITE_NAME
        ),
    )
    response = render(request, "news/report_detail.html", context)
    if preview:
        add_never_cache_headers(response)
    return response


@require_safe
def organisation(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    tags.depends_on(tags.organisation(organisation.pk), tags.organisation_news(organisation.pk))
    reports = news.filter_reports(news.public_reports(), organisation=organisation)
    page = news.page_of(reports, request.GET.get("page"), f"organisation:{organisation.pk}")
    return render(
        request,
        "news/organisation_detail.html",
        {
            "organisation": organisation,
            "profile": organisations.organisation_profile(organisation),
            "page_obj": page,
            "reports": page.object_list,
        },
    )


@require_safe
def organisation_targets(request, slug, year):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    tags.depends_on(tags.organisation(organisation.pk))
    table = news.organisation_targets(organisation, year)
    if not table.count:
        raise Http404
    return render(
        request,
        "news/organisation_targets.html",
        {
            "organisation": organisation,
            "table": table,
            "year": year,
            "target_years": news.organisation_target_years(organisation),
        },
    )


@require_safe
def switch_language(request):
    """Change the interface language from a GET form or link, then go back.

    Django's own view takes a POST with a CSRF token; a token in the header would make every
    public page personal (and a cached copy carries someone else's token). Only the
    language preference cookie is set, so a GET is harmless.
    """
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    add_never_cache_headers(response)
    return response


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
