"""Task progress on stderr for the CLI commands (summarize, translate): pass ``ProgressReporter`` as
``run_task(..., on_progress=reporter)``.

On a terminal it is a tqdm bar per stage ("Summarizing parts  3/12 [00:41<01:22]"), redrawn in place.
When stderr is not a terminal (a pipe, a log file, a test) a bar would leave carriage-return debris,
so each step is one plain line instead ("Summarizing part 3 of 12…"): a log then shows what
happened, in order. ``enabled=False`` (``--no-progress``) prints nothing.

A stage whose text goes to stdout (``stream_stages``, e.g. the final summary) closes the bar first,
so the bar and the streamed text never share a terminal line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from desk_assistant.tasks.runtime import Progress

# Words for the stage codes tasks report (tasks.runtime.Progress); {done} and {total} are filled in.
STAGE_TEXT: dict[str, str] = {
    "count": "Counting tokens",
    "map": "Summarizing part {done} of {total}",
    "reduce": "Combining summaries {done} of {total}",
    "final": "Writing the summary",
    "translate": "Translating part {done} of {total}",
    "section": "Writing section {done} of {total}",
}
BAR_TEXT: dict[str, str] = {  # the bar shows the numbers itself
    "map": "Summarizing parts",
    "reduce": "Combining summaries",
    "translate": "Translating",
    "section": "Writing sections",
}


class ProgressReporter:
    def __init__(
        self,
        *,
        stream: TextIO | None = None,
        enabled: bool = True,
        bar: bool | None = None,
        stream_stages: Iterable[str] = ("final",),
        texts: Mapping[str, str] | None = None,
    ) -> None:
        """``bar`` None: a bar when ``stream`` (stderr by default) is a terminal, else plain lines."""
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.use_bar = _is_terminal(self.stream) if bar is None else bar
        self.stream_stages = frozenset(stream_stages)
        self.texts = {**STAGE_TEXT, **(texts or {})}
        self.steps: list[Progress] = []  # everything reported, in order
        self._bar: Any = None  # tqdm.tqdm
        self._stage: str | None = None

    def __call__(self, progress: Progress) -> None:
        self.steps.append(progress)
        if not self.enabled:
            return
        if not self.use_bar or progress.stage in self.stream_stages or progress.total <= 1:
            self.close()
            self._line(progress)
            return
        if self._bar is None or progress.stage != self._stage:
            self.close()
            from tqdm import tqdm

            label = BAR_TEXT.get(progress.stage, self.describe(progress))
            self._bar = tqdm(total=progress.total, desc=label, file=self.stream, leave=False, unit="part")
            self._stage = progress.stage
        bar = self._bar
        if bar.total != progress.total:
            bar.total = progress.total
        # ``done`` is the step starting now: the bar counts the steps before it as finished
        bar.n = max(0, progress.done - 1)
        bar.refresh()

    def describe(self, progress: Progress) -> str:
        template = self.texts.get(progress.stage, "{stage} {done} of {total}")
        return template.format(stage=progress.stage, done=progress.done, total=progress.total)

    def _line(self, progress: Progress) -> None:
        if self._stage == progress.stage and progress.total <= 1:
            return  # a one-step stage said once is enough
        self._stage = progress.stage
        print(f"{self.describe(progress)}…", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
            self._stage = None

    def __enter__(self) -> ProgressReporter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False
