from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff or administrator account, scoped to the organisations it works for."""

    organisations = models.ManyToManyField(
        "branchapp.Organisation",
        verbose_name=_("organisations"),
        blank=True,
        related_name="staff_users",
        help_text=_("The account sees and changes only these organisations and their cells."),
    )

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")
