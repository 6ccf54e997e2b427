"""Tasks through the inference service and a pane's TaskRunner, on the real tiny llama.cpp model:
text batched per key and in order with progress and events, every step on the inference thread,
Stop reaching a multi-step task between and inside its steps, a queued task abandoned."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams
from desk_assistant.tasks.runtime import Progress, TaskContext, generate
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.task_runner import TaskRunner


@dataclass
class Steps:
    """A multi-step task: one answer per step, each streamed under its own key, progress and an event
    between steps. Records the threads it ran on."""

    steps: int = 3
    max_tokens: int = 40
    threads: set[int] = field(default_factory=set)
    abandoned: bool = False

    def run(self, ctx: TaskContext) -> list[str]:
        answers = []
        for step in range(1, self.steps + 1):
            if ctx.cancelled:
                break
            self.threads.add(threading.get_ident())
            ctx.progress("map", step, self.steps)
            sampling = SamplingParams(max_tokens=self.max_tokens, seed=step)
            result = generate(ctx, [ChatMessage("user", f"step {step}")], sampling, key=("part", step))
            answers.append(result.text)
            ctx.event(("done", step, result.text))
        return answers

    def abandon(self) -> str:
        self.abandoned = True
        return "abandoned"


@pytest.fixture
def service(qtbot, tiny_model: Path):
    from desk_assistant.inference.llama_engine import LlamaCppEngine

    service = InferenceService(lambda: LlamaCppEngine(state_budget_bytes=0))
    with qtbot.waitSignal(service.modelLoaded, timeout=90000):
        service.load_model(str(tiny_model), LoadOptions(context_size=2048, gpu_layers=0))
    yield service
    service.shutdown()


def finished(seen: list[tuple[str, object]]) -> bool:
    return any(name in ("finished", "failed") for name, _ in seen)


def record(runner: TaskRunner) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    runner.text.connect(lambda text, key: seen.append(("text", (key, text))))
    runner.progress.connect(lambda p: seen.append(("progress", p)))
    runner.event.connect(lambda e: seen.append(("event", e)))
    runner.finished.connect(lambda r: seen.append(("finished", r)))
    runner.failed.connect(lambda m: seen.append(("failed", m)))
    return seen


def test_a_task_streams_per_key_in_order_with_its_progress_and_events(qtbot, service) -> None:
    runner = TaskRunner(service)
    seen = record(runner)
    task = Steps()
    assert runner.run(task)
    assert not runner.run(Steps())  # one task of its own at a time
    qtbot.waitUntil(lambda: finished(seen), timeout=90000)
    answers = seen[-1][1]
    assert seen[-1][0] == "finished" and len(answers) == 3
    # all the text of a step arrives under its key, between that step's progress and its event
    for step in (1, 2, 3):
        start = seen.index(("progress", Progress("map", step, 3)))
        end = seen.index(("event", ("done", step, answers[step - 1])))
        pieces = [payload for name, payload in seen[start + 1 : end] if name == "text"]
        assert pieces and all(key == ("part", step) for key, _ in pieces)
        assert "".join(text for _, text in pieces) == answers[step - 1]
    assert len(task.threads) == 1 and threading.get_ident() not in task.threads
    assert not runner.is_running()


def test_stop_reaches_a_multi_step_task_and_its_result_still_arrives(qtbot, service) -> None:
    runner = TaskRunner(service)
    seen = record(runner)
    task = Steps(steps=50, max_tokens=1900)  # long steps: Stop lands inside the second one
    runner.progress.connect(lambda p: runner.stop() if p.done == 2 else None)
    runner.run(task)
    qtbot.waitUntil(lambda: finished(seen), timeout=90000)
    answers = seen[-1][1]
    assert len(answers) == 2  # the second step was cut short, no third one started
    assert not any(name == "progress" and payload.done > 2 for name, payload in seen)
    assert not runner.is_running()


def test_a_queued_task_stopped_before_it_ran_is_abandoned(qtbot, service) -> None:
    busy = TaskRunner(service)
    queued = TaskRunner(service)
    seen = record(queued)
    long_task, waiting = Steps(steps=2, max_tokens=300), Steps()
    busy.run(long_task)
    queued.run(waiting)
    queued.stop()
    assert seen == [("finished", "abandoned")] and waiting.abandoned and not waiting.threads
    busy_seen = record(busy)
    qtbot.waitUntil(lambda: finished(busy_seen), timeout=90000)


def test_replace_drops_the_old_tasks_news(qtbot, service) -> None:
    runner = TaskRunner(service)
    seen = record(runner)
    first, second = Steps(steps=20, max_tokens=200), Steps(steps=1, max_tokens=5)
    runner.run(first)
    qtbot.waitUntil(lambda: bool(first.threads), timeout=10000)
    runner.run(second, replace=True)
    qtbot.waitUntil(lambda: finished(seen), timeout=90000)
    qtbot.wait(200)  # the first task's end, if it were passed on, would have arrived by now
    results = [payload for name, payload in seen if name == "finished"]
    assert len(results) == 1 and len(results[0]) == 1  # the second task's result only
    assert second.threads
