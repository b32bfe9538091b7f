"""Forms of the report editor: the article's fields, its blocks, photos and publication."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .. import staging
from ..models import (
    BlockType,
    Photo,
    Report,
    ReportBlock,
)
from ..validators import validate_photo

STAGED_GONE = _(
    "The photo kept from your last try is no longer available (kept for one day); choose it "
    "again."
)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["headline", "lead", "category", "author_name", "author_organisation", "source_credit"]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3})}


class BlockForm(forms.ModelForm):
    items_text = forms.CharField(
        label=_("List items (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = ReportBlock
        fields = ["type", "text", "photo", "targets_year"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "type": forms.HiddenInput}

    def __init__(self, *args, photos=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].queryset = photos if photos is not None else Photo.objects.none()
        self.fields["items_text"].initial = "\n".join(self.instance.items or [])

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if data.get("DELETE"):
            return data
        if kind in (BlockType.PARAGRAPH, BlockType.HEADING) and not (data.get("text") or "").strip():
            self.add_error("text", _("A paragraph or heading needs its text."))
        if kind == BlockType.PHOTO and not data.get("photo"):
            self.add_error("photo", _("Choose the photo of this block."))
        if kind == BlockType.TARGETS and not data.get("targets_year"):
            self.add_error("targets_year", _("Give the year of the targets table."))
        items = [line.strip() for line in (data.get("items_text") or "").splitlines() if line.strip()]
        if kind == BlockType.LIST and not items:
            self.add_error("items_text", _("Write at least one list item."))
        self.instance.items = items if kind == BlockType.LIST else []
        return data


class BlockBaseFormSet(BaseInlineFormSet):
    def __init__(self, *args, photos=None, **kwargs):
        self.photos = photos
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "photos": self.photos}


BlockFormSet = inlineformset_factory(
    Report, ReportBlock, form=BlockForm, formset=BlockBaseFormSet, extra=0, can_delete=True
)


class PhotoEditForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["caption", "credit"]


PhotoEditFormSet = inlineformset_factory(
    Report, Photo, form=PhotoEditForm, extra=0, can_delete=False
)


class NewPhotoForm(forms.ModelForm):
    # A photo chosen in an earlier try that was refused for another field (see staging.py).
    staged = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit"]
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].required = False

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
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
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

    @property
    def kept_names(self) -> list[str]:
        names = (staging.display_name(t) for t in (self["staged"].value() or "").split())
        return [name for name in names if name]

    def clean(self):
        data = super().clean()
        kept = []
        for token in (data.get("staged") or "").split():
            photo = staging.staged_file(token)
            if photo is None:
                self.add_error("photos", STAGED_GONE)
            else:
                kept.append(photo)
        if "photos" in data:
            data["photos"] = [*data["photos"], *kept]
        return data


class PublishForm(forms.Form):
    ACTIONS = [("now", _("Publish now")), ("schedule", _("Schedule")), ("unpublish", _("Unpublish"))]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
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
