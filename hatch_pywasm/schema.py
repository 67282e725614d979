"""Documentation of the hook's options, derived from the config model alone (:mod:`.config`):
the README's options table and the JSON Schema of the hook table, for editors and
validate-pyproject (``python -m hatch_pywasm schema``; shipped as ``pywasm.schema.json``)."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from typing import Any, Literal

from hatch_pywasm import entry_points
from hatch_pywasm.config import (
    BUILD_OPTIONS,
    COMPONENT_OPTIONS,
    HATCHLING_KEYS,
    TABLE_OPTIONS,
    WIT_WORD,
    Option,
    optional,
)

#: The schema's file, next to this module.
SCHEMA_FILE = "pywasm.schema.json"
#: The README's markers around the generated table.
TABLE_START = "<!-- options table: generated from hatch_pywasm/config.py, do not edit -->"
TABLE_END = "<!-- end of options table -->"


def _type_doc(opt: Option) -> str:
    kind = optional(opt.type)
    if typing.get_origin(kind) is Literal:
        return ", ".join(f'`"{c}"`' for c in typing.get_args(kind))
    if kind is bool:
        return "`true`, `false`"
    if kind is int:
        return f"integer ≥ {opt.meta.minimum}"
    if kind == tuple[str, ...]:
        return "list of module names"
    if opt.key == "components":
        return "array of tables"
    if opt.meta.pattern == entry_points.PATTERN:
        return "entry point `module:function`"
    return "kebab-case string" if opt.meta.pattern == WIT_WORD else "string"


def _default_doc(opt: Option) -> str:
    if opt.meta.default_doc:
        return opt.meta.default_doc
    if opt.default is dataclasses.MISSING or opt.default is None:
        return ""
    if isinstance(opt.default, bool):
        return f"`{str(opt.default).lower()}`"
    if opt.default == ():
        return "`[]`"
    return f'`"{opt.default}"`'


def options_table() -> str:
    """The README's options table (between its ``options`` markers)."""
    rows = ["| option | values | default | meaning |", "|---|---|---|---|"]
    for opt in (*TABLE_OPTIONS.values(), COMPONENT_OPTIONS["name"]):
        key = f"`{opt.key}`" if opt.key != "name" else "`name` (`[[components]]`)"
        doc = opt.meta.doc
        if opt.meta.env:
            doc += f" Environment variable `{opt.meta.env}` (wins over the table)."
        rows.append(f"| {key} | {_type_doc(opt)} | {_default_doc(opt)} | {doc} |")
    return "\n".join(rows) + "\n"


def _schema_of(opt: Option) -> dict[str, Any]:
    kind, meta = optional(opt.type), opt.meta
    schema: dict[str, Any] = {"description": meta.doc}
    if typing.get_origin(kind) is Literal:
        schema["enum"] = list(typing.get_args(kind))
    elif kind is bool:
        schema["type"] = "boolean"
    elif kind is int:
        schema.update(type="integer", minimum=meta.minimum)
    elif kind is str:
        schema.update(type="string", minLength=1)
        if meta.pattern:
            # JSON Schema's regexes are ECMA-262's: no (?P<name>...) groups
            schema["pattern"] = re.sub(r"\(\?P<\w+>", "(", meta.pattern)
    elif kind == tuple[str, ...]:
        items = {"type": "string", "pattern": meta.pattern}
        schema.update(type="array", items=items, uniqueItems=True)
        if meta.minimum:
            schema["minItems"] = meta.minimum
    if opt.default is not dataclasses.MISSING and opt.default is not None:
        schema["default"] = list(opt.default) if isinstance(opt.default, tuple) else opt.default
    return schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the hook table (``[tool.hatch.build.hooks.pywasm]``)."""
    component = {
        "type": "object",
        "properties": {k: _schema_of(o) for k, o in COMPONENT_OPTIONS.items()},
        "required": ["name", "modules"],
        "additionalProperties": False,
    }
    properties = {k: _schema_of(o) for k, o in TABLE_OPTIONS.items()}
    properties["components"] = {
        "description": BUILD_OPTIONS["components"].meta.doc,
        "type": "array",
        "items": component,
        "minItems": 1,
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "hatch-pywasm build hook ([tool.hatch.build.hooks.pywasm])",
        "type": "object",
        "properties": {**properties, **HATCHLING_KEYS},
        "additionalProperties": False,
        # one component named after the project, or [[components]] tables
        "oneOf": [{"required": ["modules"]}, {"required": ["components"]}],
        "allOf": [
            {
                "if": {"properties": {"js": {"const": True}}, "required": ["js"]},
                "then": {"required": ["out-dir"]},
            },
            {"if": {"required": ["components"]}, "then": {"not": {"required": ["command"]}}},
        ],
    }


def schema_text() -> str:
    """The schema as shipped: JSON, two-space indents, a final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
