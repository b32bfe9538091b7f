"""The user guide (docs/huong-dan-su-dung.md) shown inside the workspace."""

import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .access import workspace_view

GUIDE = Path(settings.BASE_DIR) / "docs" / "huong-dan-su-dung.md"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
_IMAGE = re.compile(r"!\[([^\]]*)\]\(screenshots/(workspace-[\w-]+\.png)\)")
_LINK = re.compile(r"\[([^\]]+)\]\((/[^)\s]*)\)")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def _inline(text: str) -> str:
    html = escape(text)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _LINK.sub(r'<a href="\2">\1</a>', html)


def render_guide(markdown: str) -> str:
    """The small part of Markdown the guide uses: headings, lists, screenshots, paragraphs."""
    out, paragraph, list_tag = [], [], None

    def flush():
        nonlocal list_tag
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for line in markdown.splitlines():
        stripped = line.strip()
        image = _IMAGE.fullmatch(stripped)
        heading = re.match(r"(#{1,4})\s+(.*)", stripped)
        item = re.match(r"(?:[-*]|\d+\.)\s+(.*)", stripped)
        if not stripped:
            flush()
        elif image:
            flush()
            src = reverse("workspace:guide_image", args=[image.group(2)])
            out.append(
                f'<figure class="guide-shot"><img src="{src}" alt="{escape(image.group(1))}" '
                f'loading="lazy"><figcaption>{escape(image.group(1))}</figcaption></figure>'
            )
        elif heading:
            flush()
            level = min(len(heading.group(1)) + 1, 5)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif item:
            if paragraph:
                out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
                paragraph.clear()
            tag = "ol" if stripped[0].isdigit() else "ul"
            if list_tag != tag:
                if list_tag:
                    out.append(f"</{list_tag}>")
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{_inline(item.group(1))}</li>")
        else:
            paragraph.append(stripped)
    flush()
    return "\n".join(out)


@workspace_view()
def guide(request):
    text = GUIDE.read_text(encoding="utf-8") if GUIDE.exists() else ""
    return render(request, "workspace/guide.html", {"guide_html": mark_safe(render_guide(text))})


@workspace_view()
def guide_image(request, name):
    if not re.fullmatch(r"workspace-[\w-]+\.png", name):
        raise Http404
    path = SCREENSHOTS / name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
