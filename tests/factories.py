"""Factories for the domain model; each builds a valid row with the fewest fields."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from branchapp import models


def image_file(name="photo.jpg", size=(64, 48), color=(200, 30, 30), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Đảng bộ số {n}")
    kind = models.OrganisationKind.COMMITTEE


class CellFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    kind = models.OrganisationKind.BRANCH
    parent = factory.SubFactory(OrganisationFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Số{n}")
    organisation = factory.SubFactory(CellFactory)
    admission_date = datetime.date(2015, 5, 19)
    confirmation_date = datetime.date(2016, 5, 19)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Sinh hoạt chi bộ tháng {n % 12 + 1}")
    date = datetime.date(2021, 12, 31)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Report

    meeting = factory.SubFactory(MeetingFactory)
    headline = factory.LazyAttribute(lambda o: o.meeting.title)
    lead = "Tóm tắt buổi sinh hoạt."
    status = models.ReportStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Photo

    report = factory.SubFactory(ReportFactory)
    image = factory.LazyFunction(image_file)
    caption = factory.Sequence(lambda n: f"Ảnh số {n}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2021
    title = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    value_kind = models.ValueKind.PERCENT
    planned_min = 90
    actual_value = 100


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-123")
    is_staff = False  # admin access is asked for explicitly (is_staff=True)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, *organisations, **kwargs):
    """A staff account in the role group (e.g. "Văn phòng"), tied to `organisations`."""
    from django.contrib.auth.models import Group

    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    user.organisations.add(*organisations)
    return user


# The quorum and majority rules migration 0015 seeds (a transactional test's flush removes
# them: tests that need them call this first).
DEFAULT_MAJORITY_RULES = (
    ("meeting_quorum", 1, 2, True, "denominator"),
    ("congress_quorum", 2, 3, True, "full_members"),
    ("resolution", 1, 2, True, "denominator"),
    ("admission", 2, 3, False, "full_members"),
    ("confirmation", 2, 3, False, "full_members"),
    ("strike_off", 2, 3, False, "full_members"),
    ("election", 1, 2, True, "denominator"),
)


def default_majority_rules():
    for subject, numerator, denominator, strict, base in DEFAULT_MAJORITY_RULES:
        models.MajorityRule.objects.get_or_create(
            subject=subject,
            valid_from=datetime.date(2011, 1, 19),
            defaults={
                "numerator": numerator,
                "denominator": denominator,
                "strict": strict,
                "base": base,
            },
        )
