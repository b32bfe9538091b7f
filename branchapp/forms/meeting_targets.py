"""What the meeting page checks of a target it adopts: the year or the congress term it is for."""

from django.utils.translation import gettext_lazy as _

from ..selectors.targets import normalise_term, term_years


def clean_target_period(form, data: dict) -> dict:
    """A typed target is for a year ("2025") or a term ("2020-2025", written so however it was
    typed: "2020 – 2025" becomes "2020-2025")."""
    if not form.has_changed() or data.get("DELETE"):
        return data
    term = (data.get("term") or "").strip()
    if term:
        if term_years(term) is None:
            form.add_error("term", _("Write the term as its first and last year, e.g. 2020-2025."))
            return data
        data["term"] = form.instance.term = normalise_term(term)
    elif not data.get("year"):
        form.add_error(
            "year", _("Give the year (e.g. 2025) or the term (e.g. 2020-2025) the target is for.")
        )
    return data
