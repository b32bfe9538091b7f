"""Template tags of the workspace: its menu (`{% workspace_menu %}` in base_workspace.html)."""

from django import template

from ..views.workspace.navigation import menu

register = template.Library()


@register.inclusion_tag("workspace/includes/menu.html", takes_context=True)
def workspace_menu(context):
    """The year-end menu: one GET form (organisation, year, a button per screen the account's
    permissions open) to `workspace:go`. One query, the organisations; none without screens."""
    return {"menu": menu(context["request"].user)}
