"""The coordinator's tool: dispatch a step to another agent and get its result (sandbox-side source).

The other agents are stand-ins: each call is numbered and recorded in `.delegations.json` of the
workspace (so a replay can check what was dispatched, in which order), and the result is the
agent's canned reply from `team.json` when the example ships one for that role, else a receipt.
"""

import json
import os

LOG = ".delegations.json"
AGENTS = ("coder", "tester", "researcher", "coordinator")  # the default roles (roles.py)


def delegate(role, task):
    """Give `task` to the `role` agent; returns the step number and the agent's result."""
    steps = []
    if os.path.exists(LOG):
        with open(LOG, encoding="utf-8") as fh:
            steps = json.load(fh)
    steps.append({"role": role, "task": task})
    with open(LOG, "w", encoding="utf-8") as fh:
        json.dump(steps, fh)
    replies = {}
    if os.path.exists("team.json"):
        with open("team.json", encoding="utf-8") as fh:
            replies = json.load(fh)
    result = replies.get(role, "done")
    return f"step {len(steps)} ({role}): {result}"


TOOLS = {
    "delegate": {"type": "object", "additionalProperties": False, "required": ["role", "task"],
                 "properties": {"role": {"type": "string", "enum": list(AGENTS)},
                                "task": {"type": "string", "minLength": 1}}},
}
