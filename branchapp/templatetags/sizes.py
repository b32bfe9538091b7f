"""Upload limits in templates, from the settings (branchapp/sizes.py): the hint next to a file
field says the size the check applies.

    {% load sizes %}{% upload_limit "photo" as size %}{% photo_megapixels as megapixels %}
"""

from django import template

from .. import sizes

register = template.Library()


@register.simple_tag
def upload_limit(name: str) -> str:
    """The upload limit `name` ("photo", "member_import") as users read it: "15 MB"."""
    return sizes.limit_size(name)


@register.simple_tag
def photo_megapixels() -> str:
    return sizes.photo_megapixels()
