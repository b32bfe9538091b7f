"""Bound forms turned into what a browser posts after loading the page."""

import datetime


def post_data(forms, **overrides) -> dict:
    """The values of `forms` (forms and formsets' management forms) as posted, with `overrides`."""
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            elif value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.strftime("%d/%m/%Y")
            else:
                data[bound.html_name] = str(value)
    data.update(overrides)
    return data
