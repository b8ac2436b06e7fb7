"""The run config: typed sections grouped by concern, loaded from YAML with `--set` overrides.

The sections themselves (every key, its type, default and description) are in config_sections.py;
this module loads and compares them and re-exports them. Defaults are the seed recipe (the README
quotes them; docs/config.md lists every key, generated from those models); example configs and
`roletune init` change a key where a measurement says so, with the reason beside it. Unknown keys
are errors that name the key as written, where it came from (file:line or --set) and the closest
valid key.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

# The sections are part of this module's interface: `from roletune.config import DataConfig` stays right.
from roletune.config_sections import (
    Config,
    DataConfig,
    ExportConfig,
    GateConfig,
    RoleSpec,
    Section,
    _default_roles,
    _jsonable,
)
from roletune.errors import ConfigError

__all__ = ["Config", "DataConfig", "ExportConfig", "GateConfig", "RoleSpec", "Section", "config_differences",
           "describe_keys", "load_config", "parse_override"]

# -- loading ------------------------------------------------------------------------------------

KeyPath = tuple[str, ...]


def _yaml_key_lines(text: str) -> dict[KeyPath, int]:
    """Line number (1-based) of every mapping key in a YAML document, by key path."""
    lines: dict[KeyPath, int] = {}

    def walk(node: yaml.Node, prefix: KeyPath) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                path = prefix + (str(key_node.value),)
                lines[path] = key_node.start_mark.line + 1
                walk(value_node, path)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return lines


def parse_override(item: str) -> tuple[KeyPath, Any]:
    """`train.lr=1e-4` → (("train", "lr"), 0.0001); the value is parsed as a YAML scalar."""
    key, sep, raw = item.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise ConfigError(f"--set {item!r}: expected KEY.PATH=VALUE, e.g. --set train.lr=1e-4")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    # YAML 1.1 reads "1e-4" as a string (no dot before the exponent); users mean a number.
    if isinstance(value, str):
        try:
            value = float(value) if any(c in value.lower() for c in ".e") else int(value)
        except ValueError:
            pass
    return tuple(key.split(".")), value


def _set_path(tree: dict[str, Any], path: KeyPath, value: Any) -> None:
    node = tree
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[path[-1]] = value


def _fields_at(path: KeyPath) -> list[str]:
    """Valid key names at a key path (for suggestions)."""
    model: Any = Config
    for part in path:
        if isinstance(model, tuple):  # inside a dict of models (roles): any key, then the model
            model = model[1]
            continue
        fields = getattr(model, "model_fields", None)
        if fields is None or part not in fields:
            return []
        annotation = fields[part].annotation
        model = ("dict", annotation.__args__[1]) if getattr(annotation, "__origin__", None) is dict else annotation
    if isinstance(model, tuple):
        return []
    return list(getattr(model, "model_fields", {}))


def _all_keys(model: type[BaseModel] = Config, prefix: str = "") -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            keys += _all_keys(ann, f"{prefix}{name}.")
        else:
            keys.append(f"{prefix}{name}")
    return keys


def _suggest(path: KeyPath) -> str | None:
    leaf = path[-1]
    everywhere = _all_keys()
    # The right name in the wrong place (`lr` at the top level means `train.lr`).
    same_leaf = [k for k in everywhere if k.rsplit(".", 1)[-1] == leaf and tuple(k.split(".")) != path]
    if same_leaf:
        return same_leaf[0]
    match = difflib.get_close_matches(leaf, _fields_at(path[:-1]), n=1, cutoff=0.5)
    if match:
        return ".".join(path[:-1] + (match[0],))
    match = difflib.get_close_matches(".".join(path), everywhere, n=1, cutoff=0.6)
    return match[0] if match else None


def _format_errors(err: ValidationError, origins: dict[KeyPath, str]) -> str:
    lines = []
    for e in err.errors():
        path = tuple(str(p) for p in e["loc"])
        key = ".".join(path)
        origin = origins.get(path) or _nearest_origin(path, origins) or "defaults"
        if e["type"] == "extra_forbidden":
            suggestion = _suggest(path)
            hint = f"; did you mean `{suggestion}`?" if suggestion else ""
            lines.append(f"{origin}: unknown key `{key}`{hint}")
        else:
            value = e.get("input")
            shown = f" (got {value!r})" if value is not None and not isinstance(value, dict) else ""
            lines.append(f"{origin}: `{key}`: {e['msg']}{shown}")
    return "\n".join(lines)


def _nearest_origin(path: KeyPath, origins: dict[KeyPath, str]) -> str | None:
    for n in range(len(path) - 1, 0, -1):
        if path[:n] in origins:
            return origins[path[:n]]
    return None


def _merge_roles(user_roles: dict[str, Any]) -> dict[str, Any]:
    """Role rows from the config are laid over the default rows; `name: null` removes a role."""
    merged: dict[str, Any] = {name: spec.model_dump() for name, spec in _default_roles().items()}
    for name, row in user_roles.items():
        if row is None:
            merged.pop(name, None)
        elif isinstance(row, dict) and name in merged:
            merged[name] = {**merged[name], **row}
        else:
            merged[name] = row
    return merged


def load_config(path: Path | str | None = None, overrides: Sequence[str] = ()) -> Config:
    """Load a YAML config (or the defaults when `path` is None) and apply `--set` overrides."""
    tree: dict[str, Any] = {}
    origins: dict[KeyPath, str] = {}
    source = None
    if path is not None:
        source = Path(path).resolve()
        if not source.is_file():
            raise ConfigError(f"config file not found: {path}")
        text = source.read_text(encoding="utf-8")
        try:
            loaded = yaml.safe_load(text)
            lines = _yaml_key_lines(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: the top level must be a mapping of sections (data:, train:, …)")
        tree = loaded
        origins = {k: f"{path}:{line}" for k, line in lines.items()}
    for item in overrides:
        key_path, value = parse_override(item)
        _set_path(tree, key_path, value)
        origins[key_path] = f"--set {item}"
    if isinstance(tree.get("roles"), dict):
        tree["roles"] = _merge_roles(tree["roles"])
    try:
        config = Config.model_validate(tree)
    except ValidationError as exc:
        raise ConfigError(
            "invalid config:\n" + _format_errors(exc, origins),
            hint="`roletune config keys` lists every key with its default and meaning.",
        ) from None
    config.source = source
    return config


def describe_keys() -> list[tuple[str, str, str]]:
    """(dotted key, default, description) for every leaf key — the reference behind `config keys`."""
    rows = []
    defaults = Config()

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            if field.exclude:
                continue
            ann = field.annotation
            key = f"{prefix}{name}"
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                walk(ann, key + ".")
            else:
                value = defaults.get(key)
                shown = "(one row per role)" if key == "roles" else json.dumps(_jsonable(value))
                rows.append((key, shown, field.description or ""))

    walk(Config, "")
    return rows


# -- comparing two configs ------------------------------------------------------------------------


def _flatten(tree: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(tree, dict):
        out: dict[str, Any] = {}
        for key, value in tree.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: tree}


def config_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """`data.max_length: 1024 → 2048` for every leaf key that differs."""
    a, b = _flatten(old), _flatten(new)
    return [f"{key}: {_short(a.get(key))} → {_short(b.get(key))}"
            for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
