"""Import of an interchange file: validate everything first, then write in one transaction.

Before any of that, the file is held to the limits of format.py: a zip's directory (how many
files, how large uncompressed) is checked before anything is uncompressed, the JSON text's size
before it is read, and its nesting and number of values before it is parsed.
"""

import json
import re
import zipfile
from itertools import accumulate, repeat
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ..sizes import file_size
from .format import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    MAX_JSON_VALUES,
    ZIP_JSON_NAME,
    ImageSource,
    ImportResult,
    InterchangeError,
    archive_errors,
    count_text,
    read_entry,
)
from .validation import Validator
from .writing import WriteError, Writer

# A JSON string, quotes and escapes included; possessive, so that a long string costs no
# backtracking memory.
_JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.S)
# Outside strings a JSON text is ASCII: keep only its brackets.
_ONLY_BRACKETS = {code: None for code in range(128) if chr(code) not in "[]{}"}
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


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
                errors = archive_errors(archive)
                if errors:
                    raise InterchangeError(errors)
                try:
                    info = archive.getinfo(ZIP_JSON_NAME)
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
                try:
                    raw = read_entry(archive, info, MAX_JSON_BYTES)
                except ValueError as exc:
                    raise InterchangeError([("", str(exc))]) from None
                return import_data(decode(raw), ImageSource(archive=archive))
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise json_too_large()
        with path.open("rb") as handle:  # never more than the limit, even if the file grew
            raw = handle.read(size + 1)
        if len(raw) > MAX_JSON_BYTES:
            raise json_too_large()
    except OSError as exc:
        raise InterchangeError(
            [("", _("the file cannot be read: %(error)s") % {"error": exc.strerror or exc})]
        ) from None
    return import_data(decode(raw), ImageSource(folder=path.parent))


def json_too_large() -> InterchangeError:
    return InterchangeError(
        [
            (
                "",
                _("the JSON text is larger than the limit of %(limit)s")
                % {"limit": file_size(MAX_JSON_BYTES)},
            )
        ]
    )


def decode(raw: bytes):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError([("", _("the file is not UTF-8 text"))]) from None
    check_shape(text)
    try:
        return json.loads(text)
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


def check_shape(text: str) -> None:
    """Refuse a JSON text too deeply nested or with too many values, without parsing it.

    json.loads recurses once per level (a RecursionError near 1,000) and builds every value;
    this counts them first, on the brackets and commas outside the text's strings.
    """
    outside = _JSON_STRING.sub("", text)
    # Every value but the first of an array or object follows a comma; arrays and objects
    # are values too (counted by their opening or closing brackets, whichever are more).
    opening = outside.count("[") + outside.count("{")
    closing = outside.count("]") + outside.count("}")
    values = outside.count(",") + max(opening, closing) + 1
    if values > MAX_JSON_VALUES:
        raise InterchangeError(
            [
                (
                    "",
                    _("the JSON holds more values than the limit of %(limit)s")
                    % {"limit": count_text(MAX_JSON_VALUES)},
                )
            ]
        )
    brackets = outside.translate(_ONLY_BRACKETS)
    if max(accumulate(map(_STEP.get, brackets, repeat(0))), default=0) > MAX_JSON_DEPTH:
        raise InterchangeError(
            [
                (
                    "",
                    _("the JSON nests arrays and objects deeper than the limit of %(limit)s levels")
                    % {"limit": MAX_JSON_DEPTH},
                )
            ]
        )


def import_data(data, images: ImageSource) -> ImportResult:
    clean = Validator(images).run(data)
    writer = Writer(images)
    try:
        with transaction.atomic():
            writer.write(clean)
    except WriteError as exc:
        writer.discard_new_files()
        raise InterchangeError([*writer.errors, (exc.path, exc.message)]) from None
    except BaseException:
        writer.discard_new_files()
        raise
    return writer.result
