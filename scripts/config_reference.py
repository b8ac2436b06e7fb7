"""Generate docs/config.md, the reference of every config key, from the pydantic models of config.py.

    python scripts/config_reference.py --write   # rewrite docs/config.md (make docs)
    python scripts/config_reference.py --check   # exit 1 if docs/config.md is out of date (a test runs this)

Types, defaults, bounds and descriptions are read from the models' fields, so the page says what
the loader accepts.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

from doc_sync import sync  # scripts/, beside this file
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from roletune.config import Config, RoleSpec, _jsonable

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "config.md"

HEADER = """# Config keys

Generated from the pydantic models in `src/roletune/config.py` by `scripts/config_reference.py`
(`make docs`); a test fails when it is out of date. A run is one YAML file of these sections; every
key has the default shown, so a config holds only what differs (`roletune init` writes one that way).
Override any key on any command with `--set key.path=value`; `roletune config show CONFIG` prints the
resolved config and `roletune config keys` this table in the terminal. An unknown or misspelled key is
an error naming the file:line it came from and the closest valid key (exit 2).

Relative paths (`data.*`, a `model.base` directory) resolve against the config file's folder.
"""

BOUNDS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}


def type_name(annotation: Any) -> str:
    """`int | None` → `int or null`; `Literal['a', 'b']` → `a | b`; `list[str]` → `list of str`."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join("null" if a is type(None) else type_name(a) for a in args)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is dict:
        return f"map of {type_name(args[0])} to {type_name(args[1])}"
    if annotation is Path:
        return "path"
    return getattr(annotation, "__name__", str(annotation))


def bounds(field: FieldInfo) -> str:
    found = [f"{symbol} {getattr(m, name)}" for m in field.metadata for name, symbol in BOUNDS.items()
             if getattr(m, name, None) is not None]
    return ", ".join(found)


def _default(value: Any) -> str:
    return f"`{json.dumps(_jsonable(value))}`"


def _row(key: str, field: FieldInfo, default: Any) -> str:
    kind = type_name(field.annotation)
    limit = bounds(field)
    cells = [f"`{key}`", kind + (f" ({limit})" if limit else ""), default,
             (field.description or "").replace("|", "\\|")]
    return "| " + " | ".join(cells) + " |"


def section(title: str, model: type[BaseModel], prefix: str, values: BaseModel | None, doc: str = "") -> list[str]:
    lines = [f"## `{title}`", ""] + ([doc, ""] if doc else [])
    lines += ["| key | type | default | meaning |", "|---|---|---|---|"]
    nested = []
    for name, field in model.model_fields.items():
        if field.exclude is True:
            continue
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            nested.append((name, ann))
            continue
        shown = _default(getattr(values, name)) if values is not None else (
            "required" if field.is_required() else _default(field.get_default(call_default_factory=True)))
        lines.append(_row(f"{prefix}{name}", field, shown))
    lines.append("")
    for name, ann in nested:
        lines += section(f"{prefix}{name}", ann, f"{prefix}{name}.", getattr(values, name))
    return lines


def roles_section(defaults: Config) -> list[str]:
    rows = ", ".join(f"`{name}` (check `{spec.check}`)" for name, spec in defaults.roles.items())
    doc = (f"One row per agent role, by name. Default rows: {rows}; their system prompts are in "
           "`src/roletune/roles.py`. A row in your config is laid over the default row of that name; "
           "`roles.NAME: null` removes a role; a new name adds one (`system_prompt` and `check` required).")
    return section("roles.NAME", RoleSpec, "roles.NAME.", None, doc)


def document() -> str:
    defaults = Config()
    lines = [HEADER]
    for name, field in Config.model_fields.items():
        if field.exclude is True:
            continue
        if name == "roles":
            lines += roles_section(defaults)
        else:
            lines += section(name, field.annotation, f"{name}.", getattr(defaults, name))
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    return sync({DOC: document()}, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
