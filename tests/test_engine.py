"""The shared runtime engine on a real GGUF: template rendering, stopping, measurements, prefix reuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from roletune.errors import UserError
from roletune.runtime.engine import Engine


@pytest.fixture(scope="module")
def engine(tiny_gguf: Path):
    with Engine(tiny_gguf, n_ctx=512, threads=2) as e:
        yield e


def test_render_uses_the_models_own_template(engine: Engine):
    prompt = engine.render([{"role": "system", "content": "S"}, {"role": "user", "content": "U"}])
    assert "S" in prompt and "U" in prompt
    assert prompt.startswith(engine.render_prefix("S")), "a role's system prompt is a prefix of its prompts"


def test_generation_is_measured_and_greedy_is_deterministic(engine: Engine):
    messages = [{"role": "user", "content": "Say something."}]
    a = engine.chat(messages, max_tokens=12)
    b = engine.chat(messages, max_tokens=12)
    assert a.text == b.text
    assert 1 <= a.completion_tokens <= 12 and a.prompt_tokens > 3
    assert 0 < a.ttft_s <= a.latency_s
    assert a.finish_reason in ("stop", "length")
    if a.finish_reason == "length":
        assert a.completion_tokens == 12


def test_streamed_pieces_reassemble(engine: Engine):
    pieces = []
    result = engine.chat([{"role": "user", "content": "Count."}], max_tokens=10, on_text=pieces.append)
    assert "".join(pieces) == result.text


def test_prompt_longer_than_context_is_refused(engine: Engine):
    with pytest.raises(UserError, match="does not fit the context"):
        engine.generate(list(range(5, 600)), max_tokens=4)


def test_missing_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="no GGUF"):
        Engine(tmp_path / "nope.gguf")


def _child_peak() -> int:
    from roletune.proc_memory import peak_rss

    return peak_rss()


def test_a_spawned_childs_peak_rss_is_its_own():
    """The evaluation reports each candidate's child process peak; a big parent must not leak into it."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ballast = bytearray(600 * 2**20)  # the parent touches 600 MiB
    ballast[:: 4096] = b"x" * len(ballast[:: 4096])
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        child = pool.submit(_child_peak).result()
    assert child < 400 * 2**20, f"child reported {child / 2**20:.0f} MiB"
    del ballast
