"""Tasks a meeting's conclusion assigns (what, who, by when), reviewed at the next meeting."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import normalise
from .meetings import Meeting


class MeetingTask(models.Model):
    """A task assigned by a meeting (part of its minutes), and what became of it.

    The assignment (what, who, by when) is the assigning meeting's record and is locked with
    its minutes. Whether it was done, and the result, are written by the meeting that reviewed
    it (`reviewed_at`), usually the organisation's next meeting.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("task"))
    member = models.ForeignKey(
        "branchapp.Member",
        verbose_name=_("assigned to (member)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.CharField(
        _("assigned to"),
        max_length=255,
        blank=True,
        help_text=_("A person, a group or a body, e.g. “Chi ủy”."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    result = models.TextField(_("result"), blank=True)
    reviewed_at = models.ForeignKey(
        Meeting,
        verbose_name=_("reviewed at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks_reviewed",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["order", "id"]

    def __str__(self):
        return self.description[:80]

    def save(self, *args, **kwargs):
        if self.member_id and not self.assignee:
            self.assignee = self.member.full_name
        self.assignee = normalise(self.assignee)
        super().save(*args, **kwargs)

    @property
    def assignee_label(self) -> str:
        return self.assignee or (self.member.full_name if self.member_id else "")
