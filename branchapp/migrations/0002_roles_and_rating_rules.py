"""Create the four roles as groups and the rating rule sets in force since 2019."""

import datetime
from decimal import Decimal

from django.db import migrations

RECORD_MODELS = [
    "meeting", "meetingkindtag", "meetingperson", "attendance", "document", "agendaitem",
    "opinion", "minutesaddendum", "election", "electedperson", "report", "reportblock", "photo",
    "category", "target", "memberrating", "organisationrating", "ratingtally", "award",
    "memberevent",
]
VIEW_ONLY_FOR_SECRETARIAT = ["member", "position", "organisation", "organisationname",
                             "inspectioncase", "ratingruleset"]
RESTRICTED = ["disciplineaction"]

ROLES = {
    "admin": "Quản trị",
    "secretariat": "Văn phòng",
    "cell_secretary": "Bí thư chi bộ",
    "viewer": "Xem",
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("branchapp")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions, models):
        codenames = [f"{a}_{m}" for a in actions for m in models]
        return Permission.objects.filter(content_type__app_label="branchapp", codename__in=codenames)

    admin, _ = Group.objects.get_or_create(name=ROLES["admin"])
    admin.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["branchapp", "auth"])
    )
    record_perms = list(perms(["add", "change", "delete", "view"], RECORD_MODELS))
    record_perms += list(perms(["view"], VIEW_ONLY_FOR_SECRETARIAT))
    record_perms += list(
        Permission.objects.filter(content_type__app_label="branchapp", codename="publish_report")
    )
    for key in ("secretariat", "cell_secretary"):
        group, _ = Group.objects.get_or_create(name=ROLES[key])
        group.permissions.set(record_perms)
    viewer, _ = Group.objects.get_or_create(name=ROLES["viewer"])
    viewer.permissions.set(
        perms(["view"], RECORD_MODELS + VIEW_ONLY_FOR_SECRETARIAT)
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES.values()).delete()


RULE_SETS = [
    {
        "name": "Quy định 132-QĐ/TW (2018), Hướng dẫn 21-HD/BTCTW (2019)",
        "valid_from": datetime.date(2019, 1, 1),
        "valid_to": datetime.date(2022, 12, 31),
        "uses_points": False,
        "excellent_cap_percent_of_good": Decimal("20"),
        "conditions": "Số đảng viên xếp loại HTXSNV không vượt quá 20% số đảng viên xếp loại "
        "HTTNV, tính trong từng tổ chức cơ sở đảng.",
        "source": "21-HD/BTCTW (18/10/2019)",
    },
    {
        "name": "Quy định 124-QĐ/TW (4/10/2023), Hướng dẫn 25-HD/BTCTW",
        "valid_from": datetime.date(2023, 1, 1),
        "valid_to": datetime.date(2025, 8, 29),
        "uses_points": False,
        "excellent_cap_percent_of_good": Decimal("20"),
        "conditions": "Tỷ lệ HTXSNV không vượt quá 20% số được xếp loại HTTNV (cần đối chiếu "
        "văn bản gốc).",
        "source": "124-QĐ/TW (4/10/2023)",
    },
    {
        "name": "Quy định 366-QĐ/TW (30/8/2025): thang điểm 100",
        "valid_from": datetime.date(2025, 8, 30),
        "valid_to": None,
        "uses_points": True,
        "excellent_min_points": Decimal("90"),
        "good_min_points": Decimal("70"),
        "completed_min_points": Decimal("50"),
        "collective_excellent_min_exceeded_share": Decimal("30"),
        "conditions": "HTXSNV từ 90 điểm; HTTNV từ 70 đến dưới 90; HTNV từ 50 đến dưới 70; "
        "dưới 50 điểm: không hoàn thành nhiệm vụ. Tập thể HTXSNV: ít nhất 30% chỉ tiêu vượt.",
        "source": "366-QĐ/TW (30/8/2025)",
    },
]


def create_rule_sets(apps, schema_editor):
    RatingRuleSet = apps.get_model("branchapp", "RatingRuleSet")
    for data in RULE_SETS:
        RatingRuleSet.objects.get_or_create(name=data["name"], defaults=data)


def remove_rule_sets(apps, schema_editor):
    apps.get_model("branchapp", "RatingRuleSet").objects.filter(
        name__in=[d["name"] for d in RULE_SETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("branchapp", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(create_rule_sets, remove_rule_sets),
    ]
