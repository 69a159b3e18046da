"""A user's JSON Schema files: read within bounds, with one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: A user's schema file (and each file its refs name) larger than this is not read.
MAX_SCHEMA_BYTES = 1_000_000


class SchemaFileError(Exception):
    """A user's schema that cannot be used; the message is one line, safe to print."""


def read_json(path: Path, shown: str) -> Any:
    """The JSON in the file at ``path`` (called ``shown`` in messages), within bounds."""
    return parse_json(read_bytes(path, shown), shown)


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of the schema file at ``path``, refused over :data:`MAX_SCHEMA_BYTES`."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SCHEMA_BYTES + 1)
    except OSError as error:
        raise SchemaFileError(f"cannot read {shown}: {error.strerror or error}") from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise SchemaFileError(f"{shown} is larger than {MAX_SCHEMA_BYTES:,} bytes; not read")
    return data


def parse_json(data: bytes, shown: str) -> Any:
    """The JSON of a schema file's bytes; one-line errors."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SchemaFileError(f"{shown} is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise SchemaFileError(f"{shown} is not JSON: {error}") from None
    except RecursionError:
        raise SchemaFileError(f"{shown} is not JSON arena-lint reads: nested too deeply") from None
    except ValueError as error:
        # Python's bound on the digits of an integer (4300) is a ValueError.
        raise SchemaFileError(f"{shown} is not JSON arena-lint reads: {first(error)}") from None


def shorten(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first(error: BaseException) -> str:
    """The first clause of an exception's message."""
    return shorten(str(error).split(";")[0])
