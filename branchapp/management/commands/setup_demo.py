"""First-run set-up for `make run`: sample data when the database is empty, demo accounts."""

import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from branchapp.models import Meeting, Organisation, User
from branchapp.sample import COMMITTEE_NAME, load_sample
from branchapp.scoping import SECRETARIAT_ROLE

DEMO_ADMIN = "quantri"
DEMO_SECRETARY = "thuky"


class Command(BaseCommand):
    help = "Load the sample into an empty database and create the demo accounts once."

    @transaction.atomic
    def handle(self, *args, **options):
        if not Meeting.objects.exists() and not Organisation.objects.exists():
            load_sample()
            self.stdout.write(self.style.SUCCESS(_("Sample data loaded.")))

        created = []
        if not User.objects.filter(username=DEMO_ADMIN).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                DEMO_ADMIN, "quantri@example.invalid", password, must_change_password=True
            )
            created.append((DEMO_ADMIN, password, _("administrator")))
        if not User.objects.filter(username=DEMO_SECRETARY).exists():
            password = secrets.token_urlsafe(12)
            secretary = User.objects.create_user(
                DEMO_SECRETARY,
                "thuky@example.invalid",
                password,
                is_staff=True,
                first_name="Thư ký",
                last_name="Văn phòng",
                must_change_password=True,
            )
            secretary.groups.add(Group.objects.get(name=SECRETARIAT_ROLE))
            committee = Organisation.objects.filter(name=COMMITTEE_NAME).first()
            if committee:
                secretary.organisations.add(committee)
            created.append((DEMO_SECRETARY, password, _("secretariat staff")))

        if created:
            self.stdout.write("")
            self.stdout.write(
                self.style.WARNING(_("Demo accounts (the passwords are shown only this once):"))
            )
            for username, password, role in created:
                self.stdout.write(f"  {role}: {username} / {password}")
            self.stdout.write(_("Each account chooses its own password at its first sign-in."))
            self.stdout.write("")
        else:
            self.stdout.write(
                _(
                    "Demo accounts already exist; to set a new password run "
                    "`.venv/bin/python manage.py changepassword <username>`."
                )
            )
