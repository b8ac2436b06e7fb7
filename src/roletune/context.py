"""What a stage function gets (RunContext). Below every stage, so a stage that needs to build one (the
training workers under torchrun) imports it without importing the pipeline that runs the stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from roletune.config import Config


@dataclass
class RunContext:
    """What a stage function gets: the config, the run directory and a console to report on."""

    config: Config
    root: Path
    console: Console = field(default_factory=lambda: Console(stderr=True))
    # Set by run_pipeline when the stage must start afresh rather than resume what an earlier
    # attempt left (--force names it, or an earlier stage ran again in this run).
    replace: bool = False

    def path(self, rel: str) -> Path:
        return self.root / rel
