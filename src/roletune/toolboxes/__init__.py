"""The tools an agent role may call, as real code: one toolbox per role (coder, tester, researcher,
coordinator), each a small standard-library module run inside the sandbox when a tool is called.

A toolbox's source is `common.py` followed by the role's file; the role's file ends with `TOOLS`, the
JSON Schema of each tool's arguments. `load(name)` returns the source to send to the sandbox and the
tools in OpenAI's form (the description is the function's docstring), which is what examples declare
in `tools` and what a model is offered. The host never imports these files as modules: executing the
text in a fresh namespace defines functions and tables only, so it is done here to read the specs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COMMON = "common"
# toolbox name → its file here; a row per role whose agents call tools
TOOLBOXES: dict[str, str] = {
    "coder": "coder.py",  # read a file before editing it, write it, run the tests
    "tester": "tester.py",  # get a function's source, write tests, run them
    "researcher": "researcher.py",  # search the workspace's docs/ store, read a document
    "coordinator": "coordinator.py",  # delegate(role, task) to the other agents
}


@dataclass(frozen=True)
class Toolbox:
    name: str
    source: str  # what the sandbox executes before a call
    specs: tuple[dict[str, Any], ...]  # OpenAI tool declarations

    @property
    def names(self) -> list[str]:
        return [s["function"]["name"] for s in self.specs]

    def parameters(self, tool: str) -> dict[str, Any]:
        return next(s["function"]["parameters"] for s in self.specs if s["function"]["name"] == tool)


class UnknownToolbox(KeyError):
    pass


@cache
def load(name: str) -> Toolbox:
    if name not in TOOLBOXES:
        raise UnknownToolbox(f"unknown toolbox {name!r}; toolboxes: {', '.join(TOOLBOXES)}")
    source = (HERE / f"{COMMON}.py").read_text(encoding="utf-8") + "\n" + (HERE / TOOLBOXES[name]).read_text(
        encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": f"toolbox_{name}"}
    exec(compile(source, f"<toolbox {name}>", "exec"), namespace)  # defines functions and tables only
    specs = tuple({"type": "function", "function": {
        "name": tool, "description": " ".join((namespace[tool].__doc__ or "").split()),
        "parameters": parameters}} for tool, parameters in namespace["TOOLS"].items())
    return Toolbox(name=name, source=source, specs=specs)
