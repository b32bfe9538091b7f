"""The language documents are written in, and the labels they take from the models.

A document's labels are the models' choice labels and the app's gettext strings, rendered in
the document's language: Vietnamese, the language of the official documents, whatever the
language of the page that asked for the file. The renderers the views call take
`language=` to say otherwise; the helpers below them use the active language.
"""

import functools

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from ..models import MemberCategory

DOCUMENT_LANGUAGE = "vi"

# The model's label names the member ("đảng viên chính thức"); a document's count by category,
# under a "members" heading, names the category alone. The other two labels already do.
SHORT_CATEGORY = {
    MemberCategory.FULL: pgettext_lazy("member category, short", "full"),
    MemberCategory.PROBATIONARY: pgettext_lazy("member category, short", "probationary"),
}


def in_document_language(render):
    """Run `render` with translation switched to the document's language (keyword `language`)."""

    @functools.wraps(render)
    def rendered(*args, language=DOCUMENT_LANGUAGE, **kwargs):
        with translation.override(language):
            return render(*args, **kwargs)

    return rendered


def label(choice) -> str:
    """A choice's label as a line of a document begins with it, in the active language."""
    return capfirst(str(choice.label))


def category_word(category) -> str:
    """A member category as a count by category names it: "chính thức", "sinh hoạt tạm thời"."""
    return str(SHORT_CATEGORY.get(category, MemberCategory(category).label))
