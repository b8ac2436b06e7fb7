"""The agent roles: one row per role, the single source of system prompts and answer contracts.

Training, evaluation and serving all read this table, so a role is prompted the same way in every
stage. A config may add roles or override a row (`roles.<name>.system_prompt`, …); these rows are
the defaults. Answer contracts are documented in docs/data-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# The check kinds, spelled here once: config.RoleSpec.check is typed with CheckKind, data/validate.py
# reads CHECK_KINDS, and tests/test_checks.py holds the check models (data/checks.py) and the runner's
# judges (evaluate/checks.py) to exactly these names.
CheckKind = Literal["python_tests", "test_suite", "json_plan", "rubric"]
CHECK_KINDS: tuple[str, ...] = get_args(CheckKind)
# A check kind of no role of its own: an agent episode over tools whose final answer is judged by the
# role's kind (data/checks.ToolUseCheck wraps it). ALL_CHECK_KINDS are the `kind`s a check may have.
TOOL_USE = "tool_use"
ALL_CHECK_KINDS: tuple[str, ...] = (*CHECK_KINDS, TOOL_USE)


@dataclass(frozen=True)
class RoleRow:
    system_prompt: str
    check: CheckKind  # the check kind that judges this role's answers (docs/data-format.md)
    temperature: float  # sampling default when served; evaluation is greedy
    max_tokens: int  # generation budget per answer


ROLE_TABLE: dict[str, RoleRow] = {
    "coder": RoleRow(
        system_prompt=(
            "You are the coder agent. Write correct, idiomatic Python that solves the task. "
            "Answer with one ```python code block that defines the requested function, "
            "and no more than two sentences of explanation."
        ),
        check="python_tests",
        temperature=0.2,
        max_tokens=384,
    ),
    "tester": RoleRow(
        system_prompt=(
            "You are the tester agent. Write pytest-style tests that pin down the given "
            "function's contract, including edge cases. Answer with one ```python code block "
            "of test functions; do not redefine the function under test."
        ),
        check="test_suite",
        temperature=0.2,
        max_tokens=384,
    ),
    "researcher": RoleRow(
        system_prompt=(
            "You are the researcher agent. Answer the engineering question accurately and "
            "concisely in plain prose, naming the key facts, trade-offs and pitfalls."
        ),
        check="rubric",
        temperature=0.3,
        max_tokens=320,
    ),
    "coordinator": RoleRow(
        system_prompt=(
            "You are the coordinator agent. Break the request into a plan for the coder, "
            "tester and researcher agents. Answer with one JSON object: "
            '{"goal": str, "steps": [{"id": int, "role": str, "task": str, "depends_on": [int]}]}.'
        ),
        check="json_plan",
        temperature=0.1,
        max_tokens=320,
    ),
}
