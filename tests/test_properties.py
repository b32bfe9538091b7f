"""Property tests: malformed imports and form input get a clear answer, never a crash or a half write."""

import copy
import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import branchapp.forms
from branchapp.interchange.format import ImageSource, InterchangeError
from branchapp.interchange.importing import decode, import_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "docs/examples/sample-article.json").read_text())
IMAGES = ImageSource(folder=ROOT / "docs/examples")

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=300),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4)
    ),
    max_leaves=12,
)


def paths(value, prefix=()):
    """Every place in a JSON document where a value can be replaced or removed."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


SAMPLE_PATHS = [p for p in paths(SAMPLE) if p]


def mutate(document, path, replacement, remove):
    document = copy.deepcopy(document)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if remove and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return document


def database_rows() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("branchapp").get_models()
    }


@HYPOTHESIS
@given(
    path=st.sampled_from(SAMPLE_PATHS),
    replacement=json_values,
    remove=st.booleans(),
)
def test_a_damaged_import_file_is_imported_whole_or_refused_with_messages(
    path, replacement, remove
):
    document = mutate(SAMPLE, path, replacement, remove)
    before = database_rows()
    try:
        import_data(document, IMAGES)
    except InterchangeError as error:
        assert error.errors, "a refused file must say why"
        assert all(isinstance(message, str) and message for _, message in error.errors)
        assert database_rows() == before, "a refused file must write nothing"
    else:
        after = database_rows()
        assert after["branchapp.Meeting"] >= before["branchapp.Meeting"]


@HYPOTHESIS
@given(raw=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_decode_or_are_refused(raw):
    try:
        decode(raw)
    except InterchangeError as error:
        assert error.errors


def form_classes():
    """Every form of the app that can be built from submitted data alone."""
    found = []
    for module_info in pkgutil.iter_modules(branchapp.forms.__path__):
        module = importlib.import_module(f"branchapp.forms.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


submitted = st.dictionaries(
    st.sampled_from(
        [
            "q",
            "page",
            "year",
            "organisation",
            "title",
            "date",
            "name",
            "text",
            "headline",
            "lead",
            "caption",
            "status",
            "kind",
            "value",
            "order",
        ]
    ),
    st.text(max_size=200) | st.integers(-(10**20), 10**20).map(str),
    max_size=8,
)


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda cls: cls.__name__)
def test_forms_validate_arbitrary_input_without_crashing(form_class):
    try:
        empty = form_class(data={})
    except TypeError:
        pytest.skip(f"{form_class.__name__} needs arguments besides its data")
    if any(
        isinstance(field, forms.ModelChoiceField) and field.queryset is None
        for field in empty.fields.values()
    ):
        pytest.skip(f"{form_class.__name__} gets its choices from the view")

    @HYPOTHESIS
    @given(data=submitted)
    def check(data):
        # Field names of the form itself, filled with arbitrary text, plus unknown ones.
        form = form_class(data=data)
        extra = {name: data.get("text", "x" * 5000) for name in form.fields}
        for payload in (data, {**data, **extra}):
            form = form_class(data=payload)
            form.is_valid()
            assert isinstance(form.errors, dict)

    check()
