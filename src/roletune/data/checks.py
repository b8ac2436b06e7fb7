"""The check models: what each example's `check` may say (docs/data-format.md), as pydantic types.

The data format owns them, so reading and validating examples needs nothing of the runner; the
runner, which judges an answer by its check, is roletune.evaluate.checks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

# -- the check models -----------------------------------------------------------------------------------


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return pattern


def _python(source: str) -> str:
    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"not valid Python: {exc.msg} (line {exc.lineno})") from None
    return source


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"{name!r} is not a Python identifier")
    return name


Regex = Annotated[str, AfterValidator(_regex)]
PythonSource = Annotated[str, AfterValidator(_python)]
Identifier = Annotated[str, AfterValidator(_identifier)]


class CheckModel(BaseModel):
    """The base of every check model (and of its parts): unknown keys are an error, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PythonTestsCheck(CheckModel):
    """coder: the answer's code, with `tests` appended (and `setup` before it), runs clean."""

    kind: Literal["python_tests"]
    entry_point: Identifier
    tests: PythonSource = Field(min_length=1)
    setup: PythonSource = ""


class TestSuiteCheck(CheckModel):
    """tester: the answer's tests pass against `reference` and fail against every mutant."""

    __test__ = False  # not a pytest test class

    kind: Literal["test_suite"]
    entry_point: Identifier
    reference: PythonSource
    mutants: list[PythonSource] = Field(min_length=3)

    @model_validator(mode="after")
    def _variants(self) -> TestSuiteCheck:
        seen = {ast.dump(ast.parse(self.reference)): "the reference"}
        for i, code in enumerate([self.reference, *self.mutants]):
            where = "reference" if i == 0 else f"mutants[{i - 1}]"
            if self.entry_point not in top_level_names(ast.parse(code)):
                raise ValueError(f"{where} does not define {self.entry_point}")
            if i:
                same = seen.setdefault(ast.dump(ast.parse(code)), where)
                if same != where:
                    raise ValueError(f"{where} is the same code as {same}: no test can tell them apart")
        return self


class RequiredStep(CheckModel):
    role: str = Field(min_length=1)
    pattern: Regex  # case-insensitive, searched in the step's task


class JsonPlanCheck(CheckModel):
    """coordinator: a plan of the declared shape with every required step."""

    kind: Literal["json_plan"]
    required_steps: list[RequiredStep] = Field(default_factory=list)
    max_steps: int = Field(ge=1)

    @model_validator(mode="after")
    def _room(self) -> JsonPlanCheck:
        if len(self.required_steps) > self.max_steps:
            raise ValueError(f"{len(self.required_steps)} required steps do not fit in max_steps={self.max_steps}")
        return self


class RubricCheck(CheckModel):
    """researcher: each required point (alternatives, case-insensitive regexes) matched, none forbidden."""

    kind: Literal["rubric"]
    required: list[Annotated[list[Regex], Field(min_length=1)]] = Field(min_length=1)
    forbidden: list[Regex] = Field(default_factory=list)
    min_words: int = Field(0, ge=0)
    max_words: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _bounds(self) -> RubricCheck:
        if self.max_words is not None and self.max_words < self.min_words:
            raise ValueError(f"max_words={self.max_words} < min_words={self.min_words}")
        return self


# The checks of an answer (one per role's contract); a tool_use check wraps one of them.
AnswerCheck = Annotated[Union[PythonTestsCheck, TestSuiteCheck, JsonPlanCheck, RubricCheck],
                        Field(discriminator="kind")]


def _workspace_path(path: str) -> str:
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"{path!r} is not a relative path inside the workspace (no leading /, no . or ..)")
    return path


WorkspacePath = Annotated[str, AfterValidator(_workspace_path)]


class ToolUseCheck(CheckModel):
    """An agent episode: the model calls the example's tools (run for real from `toolbox`, on a
    workspace starting as `files`) for at most `max_turns` assistant turns, then answers; the final
    answer is judged by the inner `check`, the role's own kind."""

    kind: Literal["tool_use"]
    toolbox: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # a toolbox of roletune.toolboxes
    files: dict[WorkspacePath, str] = Field(default_factory=dict)
    max_turns: int = Field(8, ge=1, le=32)
    check: AnswerCheck


Check = Annotated[Union[PythonTestsCheck, TestSuiteCheck, JsonPlanCheck, RubricCheck, ToolUseCheck],
                  Field(discriminator="kind")]
_CHECK = TypeAdapter(Check)


def answer_check(check: Check) -> AnswerCheck:
    """The check that judges the final answer: the check itself, or the one a tool_use check wraps."""
    return check.check if isinstance(check, ToolUseCheck) else check


def parse_check(data: Mapping[str, Any]) -> Check:
    """A check from its JSON form (raises pydantic.ValidationError)."""
    return _CHECK.validate_python(data)


def top_level_names(tree: ast.Module, *, imports: bool = True) -> set[str]:
    """Names a module binds at top level (also inside top-level if/try/with blocks)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and imports:
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            inner = [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", []),
                     *(s for h in getattr(node, "handlers", []) for s in h.body)]
            names |= top_level_names(ast.Module(inner, []), imports=imports)
    return names
