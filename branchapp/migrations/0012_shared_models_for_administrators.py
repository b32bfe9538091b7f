"""Data shared by every organisation is managed by administrators only.

Migration 0002 gave the “Văn phòng” and “Bí thư chi bộ” roles add, change and delete on
categories, which every organisation's articles use: a cell secretary could rename or delete
another committee's section. This takes from every role but “Quản trị” the add, change and
delete permissions of the models that belong to no organisation (viewing stays, so a category
can still be picked for a report). The admin refuses those changes to non-administrators anyway
(`branchapp/admin/base.py`), whatever their groups hold.
"""

from django.db import migrations

SHARED_MODELS = ["category", "ratingruleset", "searchword"]
WRITE_ACTIONS = ["add", "change", "delete"]
NON_ADMIN_ROLES = ["Văn phòng", "Bí thư chi bộ", "Xem"]
# What migration 0002 had given, put back when going backwards.
GIVEN_BY_0002 = {"Văn phòng": ["category"], "Bí thư chi bộ": ["category"]}


def _permissions(apps, models):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="branchapp",
        codename__in=[f"{action}_{model}" for action in WRITE_ACTIONS for model in models],
    )


def take_from_non_admin_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    shared = list(_permissions(apps, SHARED_MODELS))
    for group in Group.objects.filter(name__in=NON_ADMIN_ROLES):
        group.permissions.remove(*shared)


def give_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GIVEN_BY_0002):
        group.permissions.add(*_permissions(apps, GIVEN_BY_0002[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("branchapp", "0011_upload_names"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(take_from_non_admin_roles, give_back)]
