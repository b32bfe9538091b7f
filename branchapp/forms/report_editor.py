"""Forms of the report editor: the article's fields, its blocks, photos and publication.

`ReportEditor` builds and validates them together and hands their cleaned data to
`services.reports.report_save` as plain data.
"""

import datetime

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import staging
from ..models import (
    BlockType,
    Photo,
    Report,
    ReportBlock,
)
from ..selectors.facts import available_fact_parts
from ..selectors.reports import report_version
from ..services.reports import (
    AT_START,
    BlockData,
    BlockMove,
    NewPhoto,
    PhotoEdit,
    ReportFields,
)
from ..validators import validate_photo
from .common import KnownRowsMixin, parse_id
from .dates import DATETIME_ERROR, DATETIME_INPUT_FORMATS, DayFirstDateTimeInput
from .report_facts import FactsForm
from .report_review import VersionField

STAGED_GONE = _(
    "The photo kept from your last try is no longer available (kept for one day); choose it again."
)
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
# The version of a form posted without one: opened before any save.
NO_VERSION = datetime.datetime.min.replace(tzinfo=datetime.UTC)


class ReportForm(forms.ModelForm):
    # The report's version when the editor was opened (see services.reports.report_save).
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Report
        fields = [
            "headline",
            "lead",
            "category",
            "author_name",
            "author_organisation",
            "source_credit",
        ]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3})}

    def clean_version(self) -> datetime.datetime | None:
        try:
            parsed = parse_datetime(self.cleaned_data.get("version") or "")
        except ValueError:
            return None
        if parsed and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed


class BlockForm(forms.ModelForm):
    items_text = forms.CharField(
        label=_("List items (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = ReportBlock
        fields = ["type", "text", "photo", "targets_year"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "type": forms.HiddenInput}

    # The block's place in the reading order as shown; the editor's script renumbers it when it
    # moves blocks without a reload, and one save writes the new order.
    position = forms.IntegerField(
        widget=forms.HiddenInput(attrs={"class": "js-block-position"}),
        required=False,
        min_value=1,
    )

    def __init__(self, *args, photos=None, position=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].initial = position
        self.fields["photo"].queryset = photos if photos is not None else Photo.objects.none()
        self.fields["items_text"].initial = "\n".join(self.instance.items or [])

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if data.get("DELETE"):
            return data
        text = (data.get("text") or "").strip()
        if kind in (BlockType.PARAGRAPH, BlockType.HEADING) and not text:
            self.add_error("text", _("A paragraph or heading needs its text."))
        if kind == BlockType.PHOTO and not data.get("photo"):
            self.add_error("photo", _("Choose the photo of this block."))
        if kind == BlockType.TARGETS and not data.get("targets_year"):
            self.add_error("targets_year", _("Give the year of the targets table."))
        lines = (data.get("items_text") or "").splitlines()
        items = [line.strip() for line in lines if line.strip()]
        if kind == BlockType.LIST and not items:
            self.add_error("items_text", _("Write at least one list item."))
        data["items"] = items if kind == BlockType.LIST else []
        return data


class BlockBaseFormSet(KnownRowsMixin, BaseInlineFormSet):
    def __init__(self, *args, photos=None, **kwargs):
        self.photos = photos
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "photos": self.photos, "position": index + 1}


BlockFormSet = inlineformset_factory(
    Report, ReportBlock, form=BlockForm, formset=BlockBaseFormSet, extra=0, can_delete=True
)


class PhotoEditForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["caption", "credit"]


class PhotoEditBaseFormSet(KnownRowsMixin, BaseInlineFormSet):
    pass


PhotoEditFormSet = inlineformset_factory(
    Report, Photo, form=PhotoEditForm, formset=PhotoEditBaseFormSet, extra=0, can_delete=False
)


def block_label(number: int, block) -> str:
    """A block as the placement choice names it: "3. Paragraph: The first words…"."""
    if block.type == BlockType.LIST:
        text = (block.items or [""])[0]
    elif block.type == BlockType.PHOTO:
        text = block.photo.caption if block.photo else ""
    elif block.type == BlockType.TARGETS:
        text = str(block.targets_year or "")
    else:
        text = block.text
    label = f"{number}. {block.get_type_display().capitalize()}"
    text = Truncator(" ".join(text.split())).chars(48)
    return f"{label}: {text}" if text else label


def place_after_field(blocks) -> forms.TypedChoiceField:
    """Where a new photo's block goes: after a chosen block, first, or (default) at the end."""
    choices = [("", _("At the end")), (str(AT_START), _("At the start"))]
    choices += [(str(b.pk), block_label(n, b)) for n, b in enumerate(blocks, start=1)]
    return forms.TypedChoiceField(
        label=_("Place after block"),
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "js-place-after"}),
    )


class NewPhotoForm(forms.ModelForm):
    # A photo chosen in an earlier try that was refused for another field (see staging.py).
    staged = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit"]
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES})}

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].required = False
        self.fields["place_after"] = place_after_field(blocks)

    @property
    def kept_name(self) -> str | None:
        """The name of the photo kept from the last try, while no other file is chosen."""
        return staging.display_name(self["staged"].value())

    def clean(self):
        data = super().clean()
        token = data.get("staged")
        if token and not data.get("image"):
            kept = staging.staged_file(token)
            if kept is None:
                self.add_error("image", STAGED_GONE)
            else:
                data["image"] = kept
        if (data.get("caption") or data.get("credit")) and not data.get("image"):
            self.add_error("image", _("Choose the photo for this caption."))
        return data

    def _post_clean(self):
        # Without a file the row is empty: skip the model validation of the required image.
        if self.cleaned_data.get("image"):
            super()._post_clean()


NewPhotoFormSet = forms.modelformset_factory(
    Photo, form=NewPhotoForm, extra=3, max_num=10, can_delete=False
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_TYPES}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        errors, cleaned = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
                validate_photo(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class BulkPhotoForm(forms.Form):
    photos = MultiplePhotoField(label=_("Several photos at once"), required=False)
    caption = forms.CharField(label=_("Caption for these photos"), max_length=500, required=False)
    credit = forms.CharField(label=_("Credit"), max_length=150, required=False)
    # Photos chosen in an earlier, refused try: their tokens, space-separated (staging.py).
    staged = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place_after"] = place_after_field(blocks)

    @property
    def kept_names(self) -> list[str]:
        names = (staging.display_name(t) for t in (self["staged"].value() or "").split())
        return [name for name in names if name]

    def clean(self):
        data = super().clean()
        # The kept photos, as (token, file): "photos" holds only the files chosen this time.
        data["kept"] = []
        for token in (data.get("staged") or "").split():
            photo = staging.staged_file(token)
            if photo is None:
                self.add_error("photos", STAGED_GONE)
            else:
                data["kept"].append((token, photo))
        return data


class PublishForm(forms.Form):
    ACTIONS = [
        ("now", _("Publish now")),
        ("schedule", _("Schedule")),
        ("unpublish", _("Unpublish")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    # The report's version on the page read before publishing (see report_publish).
    version = VersionField()
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        # Typed day-first on the 24-hour clock: a browser's own box follows its language.
        input_formats=DATETIME_INPUT_FORMATS,
        widget=DayFirstDateTimeInput(),
        error_messages={"invalid": DATETIME_ERROR},
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "schedule":
            when = data.get("publish_at")
            if not when:
                self.add_error("publish_at", _("Choose when to publish."))
            elif when <= datetime.datetime.now(tz=when.tzinfo):
                self.add_error("publish_at", _("Choose a time in the future."))
        return data


def parse_move(value: str | None) -> BlockMove | None:
    """The block move of a "↑"/"↓" button ("up:12"), or None; BadRequest (400) if malformed."""
    if not value:
        return None
    direction, _sep, block_id = value.partition(":")
    if direction not in ("up", "down") or not block_id:
        raise BadRequest("Not a block move.")
    return BlockMove(direction=direction, block_id=parse_id(block_id))


class ReportEditor:
    """Every form of the report editor, built, validated and turned into plain data together."""

    def __init__(self, *, report, data=None, files=None):
        photos = report.photos.all()
        self.data = data
        self.form = ReportForm(data, instance=report, prefix="report")
        if data is None:
            self.form.fields["version"].initial = report_version(report)
        ordered = report.blocks.select_related("photo").order_by("order", "id")
        self.blocks = BlockFormSet(
            data, instance=report, prefix="blocks", photos=photos, queryset=ordered
        )
        self.photo_edits = PhotoEditFormSet(data, instance=report, prefix="photos")
        blocks = list(ordered)
        self.new_photos = NewPhotoFormSet(
            data,
            files,
            prefix="new_photos",
            queryset=Photo.objects.none(),
            form_kwargs={"blocks": blocks},
        )
        self.bulk = BulkPhotoForm(data, files, prefix="bulk", blocks=blocks)
        self.facts = FactsForm(data, report=report, facts=available_fact_parts(report))

    def __iter__(self):
        yield from (
            self.form,
            self.blocks,
            self.photo_edits,
            self.new_photos,
            self.bulk,
            self.facts,
        )

    def context(self) -> dict:
        """The forms by the names the template uses."""
        return {
            "form": self.form,
            "blocks": self.blocks,
            "block_forms": self.block_forms_in_order(),
            "photo_edits": self.photo_edits,
            "new_photos": self.new_photos,
            "bulk": self.bulk,
            "facts_form": self.facts,
        }

    def block_forms_in_order(self) -> list:
        """The block forms in the order shown: shown again after a refused save, in the order
        their positions were posted in (the blocks moved on the page before that save)."""

        def position(pair):
            index, form = pair
            try:
                return (int(form["position"].value()), index)
            except (TypeError, ValueError):
                return (index + 1, index)

        return [form for _i, form in sorted(enumerate(self.blocks.forms), key=position)]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self])  # validate every part, not just the first

    # What the valid forms hold, as report_save takes it.

    @property
    def version(self) -> datetime.datetime:
        # A form posted without the version it was opened at counts as opened before any save.
        return self.form.cleaned_data.get("version") or NO_VERSION

    def reopen(self, version: str) -> None:
        """After a conflict: the forms shown again are at `version`, so that saving them again
        (knowingly) keeps this user's text."""
        _put(self.form, "version", version)

    def fields(self) -> ReportFields:
        data = self.form.cleaned_data
        return ReportFields(
            headline=data["headline"],
            lead=data["lead"],
            category_id=data["category"].pk if data["category"] else None,
            author_name=data["author_name"],
            author_organisation=data["author_organisation"],
            source_credit=data["source_credit"],
            hidden_facts=self.facts.hidden_facts(),
        )

    def block_rows(self) -> list[BlockData]:
        rows = []
        for form in self.blocks.forms:
            data = form.cleaned_data
            if not data:  # an added row left empty
                continue
            rows.append(
                BlockData(
                    id=form.instance.pk,
                    type=data.get("type") or form.instance.type,
                    text=data.get("text") or "",
                    items=tuple(data.get("items") or ()),
                    photo_id=data["photo"].pk if data.get("photo") else None,
                    targets_year=data.get("targets_year"),
                    delete=bool(data.get("DELETE")),
                    position=data.get("position"),
                )
            )
        return rows

    def photo_edit_rows(self) -> list[PhotoEdit]:
        return [
            PhotoEdit(
                id=form.instance.pk,
                caption=form.cleaned_data.get("caption", ""),
                credit=form.cleaned_data.get("credit", ""),
            )
            for form in self.photo_edits.initial_forms
        ]

    def new_photo_rows(self) -> list[NewPhoto]:
        rows = [
            NewPhoto(
                file=form.cleaned_data["image"],
                caption=form.cleaned_data.get("caption", ""),
                credit=form.cleaned_data.get("credit", ""),
                kept_token=form.cleaned_data.get("staged") or "",
                after_block_id=form.cleaned_data.get("place_after"),
            )
            for form in self.new_photos.forms
            if form.cleaned_data.get("image")
        ]
        bulk = self.bulk.cleaned_data
        caption, credit = bulk.get("caption", ""), bulk.get("credit", "")
        after = bulk.get("place_after")
        rows += [
            NewPhoto(file=upload, caption=caption, credit=credit, after_block_id=after)
            for upload in bulk.get("photos") or []
        ]
        rows += [
            NewPhoto(
                file=kept, caption=caption, credit=credit, kept_token=token, after_block_id=after
            )
            for token, kept in bulk.get("kept", [])
        ]
        return rows

    def move(self) -> BlockMove | None:
        return parse_move(self.data.get("move")) if self.data is not None else None

    def keep_chosen_photos(self) -> int:
        """After a refused save, keep the chosen photos that passed their checks for the next try.

        A browser cannot put a chosen file back into the form; the kept photos' tokens go into
        the forms shown again instead (see branchapp/staging.py). Returns how many were kept.
        """
        staging.sweep()  # drop what earlier refused tries left behind
        kept = 0
        for form in self.new_photos.forms:
            upload = form.files.get(form.add_prefix("image"))
            if upload and "image" not in form.errors:
                _put(form, "staged", staging.stage(upload))
                kept += 1
        bulk = self.bulk
        uploads = bulk.files.getlist(bulk.add_prefix("photos")) if bulk.files else []
        tokens = staging.stage_valid(uploads)
        if tokens:
            earlier = bulk.data.get(bulk.add_prefix("staged"), "")
            _put(bulk, "staged", " ".join(filter(None, [earlier, *tokens])))
        return kept + len(tokens)


def _put(form, field: str, value: str) -> None:
    """Set a bound form's submitted value (what it renders when shown again)."""
    data = form.data.copy()
    data[form.add_prefix(field)] = value
    form.data = data
