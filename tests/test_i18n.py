"""The Vietnamese catalogue is complete, and Vietnamese input/output follows local habits."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not shutil.which("msgattrib"), reason="gettext tools are not installed")
def test_every_message_has_a_vietnamese_translation(tmp_path):
    """Extract the messages afresh and check that none is left untranslated."""
    for name in ("branchapp", "config", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PYTHONPATH": str(tmp_path),
        },
    )
    result = subprocess.run(
        [
            "msgattrib",
            "--untranslated",
            "--no-wrap",
            str(tmp_path / "locale/vi/LC_MESSAGES/django.po"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    untranslated = [
        line[7:-1]
        for line in result.stdout.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    ]
    assert untranslated == []


def test_dates_are_read_day_first():
    field = forms.DateField()
    with translation.override("vi"):
        assert field.clean("03/04/2025") == datetime.date(2025, 4, 3)
    with translation.override("en"):
        assert field.clean("03/04/2025") == datetime.date(2025, 4, 3)


def test_dates_are_shown_day_first():
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2021, 12, 31), "SHORT_DATE_FORMAT") == "31/12/2021"
