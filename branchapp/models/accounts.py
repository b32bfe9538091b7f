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
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "Set when the password was generated or set by an administrator: the account "
            "must choose its own password before it can use the workspace or the admin."
        ),
    )

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    def set_password(self, raw_password):
        """A password set through this method is the account's own choice (the password
        change and reset pages); whoever sets one for someone else sets the flag after it
        (the admin's account forms, `setup_demo`)."""
        super().set_password(raw_password)
        self.must_change_password = False
