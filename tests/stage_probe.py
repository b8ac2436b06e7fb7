"""Record what each pipeline stage touches while it runs: the config keys it reads and the files it opens.

Used by tests/test_stage_contracts.py to hold the stage table (roletune.pipeline.STAGES) to what the
stages do: a key read but not in the stage's `reads` (or `how`) would not rerun it when changed; a file
opened but not among the manifest's inputs would not be hashed, so a change to it would go unnoticed.

Config keys: every Section (roletune.config) instance of the run's config is indexed by its dotted
prefix, and Section.__getattribute__ records `prefix + field` when a field's value is read (a nested
section is navigation, not a read; a dict field such as `roles` is read whole). model_dump records every
leaf under the dumped section. Methods are covered too (`thinking_for` reads `roles` and `model.thinking`
through the same attribute lookups), which a proxy object would miss.

Files: an audit hook (sys.addaudithook, event "open": builtins.open, io.open, os.open) sees every open
made from Python; "subprocess.Popen" gives the arguments of programs a stage starts (llama-server's -m
FILE); llama-cpp-python's C side opens files that Python never sees, so `Llama(model_path=…)` and the
llama_cpp functions that take a file name are wrapped to record it. Not seen: files that a Rust or C
library opens by itself (safetensors' mmap of model.safetensors) — transformers reads config.json of the
same folder from Python first, so the folder is seen all the same.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from roletune.config import Config, Section

# llama_cpp functions that take file names (input, output) as positional bytes arguments.
LLAMA_CPP_FILE_FUNCTIONS = ("llama_model_quantize", "llama_model_load_from_file", "llama_load_model_from_file",
                            "llama_adapter_lora_init")


def _leaves(value: Any, prefix: str) -> Iterator[str]:
    """Dotted keys of every leaf under a section (a dict such as `roles` counts as one leaf)."""
    if isinstance(value, Section):
        for name in type(value).model_fields:
            if name != "source":
                yield from _leaves(object.__getattribute__(value, name), f"{prefix}{name}.")
    else:
        yield prefix.rstrip(".")


class StageScoped:
    """What a recorder records is filed under the stage running now (`during`)."""

    stage: str | None = None

    @contextlib.contextmanager
    def during(self, stage: str) -> Iterator[None]:
        self.stage = stage
        try:
            yield
        finally:
            self.stage = None


class KeyRecorder(StageScoped):
    """Dotted config keys read per stage, while `installed()` and `during(stage)` are active."""

    def __init__(self, config: Config) -> None:
        self.prefixes: dict[int, str] = {}
        self._index(config, "")
        self.by_stage: dict[str, set[str]] = defaultdict(set)
        self.stage: str | None = None

    def _index(self, section: Section, prefix: str) -> None:
        self.prefixes[id(section)] = prefix
        for name in type(section).model_fields:
            value = object.__getattribute__(section, name)
            if isinstance(value, Section):
                self._index(value, f"{prefix}{name}.")
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, Section):
                        self._index(item, f"{prefix}{name}.{key}.")

    def _record(self, section: Section, name: str, value: Any) -> None:
        prefix = self.prefixes.get(id(section))
        if self.stage is None or prefix is None or name == "source" or name not in type(section).model_fields:
            return
        if not isinstance(value, Section):
            self.by_stage[self.stage].add(prefix + name)

    @contextlib.contextmanager
    def installed(self) -> Iterator[KeyRecorder]:
        original_get = Section.__getattribute__
        original_dump = Section.model_dump
        recorder = self

        def __getattribute__(obj: Section, name: str) -> Any:
            value = original_get(obj, name)
            if not name.startswith("_"):
                recorder._record(obj, name, value)
            return value

        @functools.wraps(original_dump)
        def model_dump(obj: Section, *args: Any, **kwargs: Any) -> Any:
            prefix = recorder.prefixes.get(id(obj))
            if recorder.stage is not None and prefix is not None:
                recorder.by_stage[recorder.stage].update(_leaves(obj, prefix))
            return original_dump(obj, *args, **kwargs)

        Section.__getattribute__ = __getattribute__  # type: ignore[method-assign]
        Section.model_dump = model_dump  # type: ignore[method-assign]
        try:
            yield self
        finally:
            Section.__getattribute__ = original_get  # type: ignore[method-assign]
            Section.model_dump = original_dump  # type: ignore[method-assign]



# -- files ----------------------------------------------------------------------------------------

_ACTIVE: FileRecorder | None = None  # the audit hook cannot be removed: it reports to whichever is active
_HOOKED = False
_local = threading.local()  # guards the hook against opens made while it records


def _as_path(value: Any, *, relative: bool = False) -> str | None:
    """An absolute path from what was passed (str, bytes, PathLike); relative ones only where a path is certain."""
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    elif isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not (relative or value.startswith("/")):
        return None
    return os.path.abspath(value)


def _writes(mode: Any, flags: Any) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))


def _hook(event: str, args: tuple[Any, ...]) -> None:
    recorder = _ACTIVE
    if recorder is None or recorder.stage is None or getattr(_local, "busy", False):
        return
    _local.busy = True
    try:
        if event == "open":
            path = _as_path(args[0], relative=True)
            if path:
                recorder.add(path, "write" if _writes(args[1], args[2] if len(args) > 2 else None) else "read")
        elif event == "subprocess.Popen":
            for arg in args[1] if isinstance(args[1], (list, tuple)) else [args[1]]:
                path = _as_path(arg)
                if path:
                    recorder.add(path, "argument")
    finally:
        _local.busy = False


class FileRecorder(StageScoped):
    """Files under `roots` that each stage opened (read / write / argument of a program or of llama.cpp)."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = [str(r.resolve()) for r in roots]
        self.by_stage: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.stage: str | None = None

    def add(self, path: str, how: str) -> None:
        # A directory opened (to fsync it after a rename, to list it) is not a file read.
        if self.stage is not None and any(path == r or path.startswith(r + os.sep) for r in self.roots) \
                and not os.path.isdir(path):
            self.by_stage[self.stage][path].add(how)

    @contextlib.contextmanager
    def installed(self) -> Iterator[FileRecorder]:
        global _ACTIVE, _HOOKED
        if not _HOOKED:
            sys.addaudithook(_hook)
            _HOOKED = True
        import llama_cpp

        saved: dict[tuple[Any, str], Any] = {}
        recorder = self

        def wrap(owner: Any, name: str, paths: Any) -> None:
            original = getattr(owner, name)
            saved[(owner, name)] = original

            @functools.wraps(original)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                for value in paths(args, kwargs):
                    path = _as_path(value)
                    if path:
                        recorder.add(path, "argument")
                return original(*args, **kwargs)

            setattr(owner, name, wrapper)

        wrap(llama_cpp.Llama, "__init__", lambda a, k: [k.get("model_path"), *a[1:2]])
        for name in LLAMA_CPP_FILE_FUNCTIONS:
            if hasattr(llama_cpp, name):
                wrap(llama_cpp, name, lambda a, k: list(a))
        _ACTIVE = self
        try:
            yield self
        finally:
            _ACTIVE = None
            for (owner, name), original in saved.items():
                setattr(owner, name, original)



def covered(key: str, declared: tuple[str, ...] | list[str]) -> bool:
    """A dotted key is covered by a declared key equal to it or above it (`export` covers `export.imatrix`)."""
    return any(key == d or key.startswith(d + ".") for d in declared)
