"""The user guide (docs/huong-dan-su-dung.md) shown inside the workspace."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from .access import workspace_view

GUIDE = Path(settings.BASE_DIR) / "docs" / "huong-dan-su-dung.md"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
_SCREENSHOT_SRC = re.compile(r'src="screenshots/(workspace-[\w-]+\.png)"')
_HEADING = re.compile(r"<(/?)h([1-5])>")


@lru_cache(maxsize=1)
def render_guide(markdown: str) -> str:
    """The guide as HTML: CommonMark with raw HTML disabled (escaped), images lazy-loaded.

    Headings move one level down, under the page's own <h1>; screenshot paths point at the
    workspace view that serves them.
    """
    html = MarkdownIt("commonmark", {"html": False}).render(markdown)
    html = _SCREENSHOT_SRC.sub(
        lambda m: f'src="{reverse("workspace:guide_image", args=[m.group(1)])}" loading="lazy"',
        html,
    )
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", html)


@workspace_view()
def guide(request):
    text = GUIDE.read_text(encoding="utf-8") if GUIDE.exists() else ""
    # The guide is the project's own document, rendered with raw HTML escaped.
    return render(request, "workspace/guide.html", {"guide_html": mark_safe(render_guide(text))})


@workspace_view()
def guide_image(request, name):
    if not re.fullmatch(r"workspace-[\w-]+\.png", name):
        raise Http404
    path = SCREENSHOTS / name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
