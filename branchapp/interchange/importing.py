"""Import of an interchange file: validate everything first, then write in one transaction."""

import json
import zipfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .format import ZIP_JSON_NAME, ImageSource, ImportResult, InterchangeError
from .validation import Validator
from .writing import WriteError, Writer


def import_file(path: Path) -> ImportResult:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".zip"):
        raise InterchangeError([("", _("the file name must end in .json or .zip"))])
    try:
        if suffix == ".zip":
            try:
                archive = zipfile.ZipFile(path)
            except zipfile.BadZipFile:
                raise InterchangeError([("", _("not a valid zip file"))]) from None
            with archive:
                try:
                    raw = archive.read(ZIP_JSON_NAME)
                except KeyError:
                    raise InterchangeError(
                        [
                            (
                                "",
                                _("the zip file has no %(name)s at its root")
                                % {"name": ZIP_JSON_NAME},
                            )
                        ]
                    ) from None
                return import_data(decode(raw), ImageSource(archive=archive))
        raw = path.read_bytes()
    except OSError as exc:
        raise InterchangeError(
            [("", _("the file cannot be read: %(error)s") % {"error": exc.strerror or exc})]
        ) from None
    return import_data(decode(raw), ImageSource(folder=path.parent))


def decode(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InterchangeError([("", _("the file is not UTF-8 text"))]) from None
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [
                (
                    "",
                    _("not valid JSON: %(error)s (line %(line)s, column %(column)s)")
                    % {"error": exc.msg, "line": exc.lineno, "column": exc.colno},
                )
            ]
        ) from None


def import_data(data, images: ImageSource) -> ImportResult:
    clean = Validator(images).run(data)
    writer = Writer(images)
    try:
        with transaction.atomic():
            writer.write(clean)
    except WriteError as exc:
        writer.discard_new_files()
        raise InterchangeError([(exc.path, exc.message)]) from None
    except BaseException:
        writer.discard_new_files()
        raise
    return writer.result
