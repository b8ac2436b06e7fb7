"""HF → GGUF f16 conversion of SmolLM2-135M: roletune's converter vs llama.cpp's convert_hf_to_gguf.py.

Each converter runs in its own fresh interpreter, started by this script, under the same wrapper:
the wrapper notes the interpreter's anonymous memory (RssAnon) before anything is imported, then
runs the converter while a thread samples /proc/self/status every 5 ms. We print, side by side:

  time            from the wrapper's start to the GGUF on disk (imports included, interpreter start-up not)
  peak RSS        VmHWM: everything resident, pages mapped from the input file included
  peak RssAnon    above the interpreter's baseline: the memory a conversion really needs, as
                  file-backed pages can be dropped by the kernel at any time

llama.cpp's script is taken from the llama-cpp-python sdist of the installed version (it vendors
llama.cpp), fetched with `pip download` into ~/.cache/roletune/bench — never into the repository.
Without network access or pip, only roletune's figures are printed.

    python benchmarks/bench_convert.py            # about 40 s on 2 cores
    python benchmarks/bench_convert.py --runs 1   # a quicker smoke run
Targets: time ratio ≤ 1.0×; our peak RssAnon ≤ largest tensor + 300 MB over the baseline.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import math
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import CACHE, print_ratio, smollm2_dir  # noqa: E402

# Run as `python -c WRAPPER <result.json> <script> <args…>`: measure the script, write the figures.
WRAPPER = r"""
import json, os, runpy, sys, threading, time
def status():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("RssAnon", "VmHWM", "VmRSS"):
            out[key] = int(value.split()[0]) * 1024
    return out
result_path, script, *args = sys.argv[1:]
base = status()["RssAnon"]
peak = [base]
done = threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], status()["RssAnon"])
        time.sleep(0.005)
thread = threading.Thread(target=sample, daemon=True)
thread.start()
t0 = time.perf_counter()
sys.argv = [script, *args]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))  # as `python script` would
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit as exc:
    if exc.code not in (0, None):
        raise
seconds = time.perf_counter() - t0
done.set(); thread.join()
peak[0] = max(peak[0], status()["RssAnon"])
json.dump({"seconds": seconds, "baseline_anon": base, "peak_anon": peak[0], "peak_rss": status()["VmHWM"]},
          open(result_path, "w"))
"""

OURS = """
import sys
from pathlib import Path
sys.path.insert(0, {src!r})
from roletune.export.convert import convert_to_gguf
convert_to_gguf(Path(sys.argv[1]), Path(sys.argv[2]), "f16")
"""


def llama_cpp_converter() -> Path | None:
    """convert_hf_to_gguf.py of the installed llama-cpp-python's vendored llama.cpp, or None (reason printed)."""
    try:
        version = importlib.metadata.version("llama_cpp_python")
    except importlib.metadata.PackageNotFoundError:
        print("skip llama.cpp: llama-cpp-python is not installed")
        return None
    home = CACHE / f"llama.cpp-{version}"
    script = home / "convert_hf_to_gguf.py"
    if script.is_file():
        return script
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
               f"llama-cpp-python=={version}", "-d", tmp]
        if subprocess.run(cmd, capture_output=True).returncode != 0:
            print(f"skip llama.cpp: could not `pip download` the llama-cpp-python {version} sdist (offline?)")
            return None
        sdist = next(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
        prefix = f"{sdist.name[: -len('.tar.gz')]}/vendor/llama.cpp/"
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(prefix) and (
                m.name == prefix + "convert_hf_to_gguf.py"
                or m.name.startswith((prefix + "conversion/", prefix + "gguf-py/")))]
            for m in members:
                m.name = m.name[len(prefix):]
            tar.extractall(home, members=members, filter="data")
    return script if script.is_file() else None


def measure(args: list[str]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        proc = subprocess.run([sys.executable, "-c", WRAPPER, result.name, *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{args[0]} failed:\n{proc.stderr[-2000:]}")
        return json.loads(Path(result.name).read_text())


def largest_tensor_bytes(model_dir: Path) -> int:
    from roletune.export.convert import read_safetensors_index

    return max(4 * math.prod(t.shape) for t in read_safetensors_index(model_dir).values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a HF model directory (default: the embedded SmolLM2)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each converter; the fastest counts")
    args = parser.parse_args()
    model_dir = args.model or smollm2_dir()
    largest = largest_tensor_bytes(model_dir)
    out = CACHE / "convert"
    out.mkdir(parents=True, exist_ok=True)
    ours_script = out / "roletune_convert.py"
    ours_script.write_text(OURS.format(src=str(ROOT / "src")))
    runs = args.runs
    ours = min((measure([str(ours_script), str(model_dir), str(out / "ours-F16.gguf")]) for _ in range(runs)),
               key=lambda r: r["seconds"])
    print(f"model: {model_dir} (largest tensor {largest / 1e6:.0f} MB as f32); best of {runs} runs each")
    ours_anon = ours["peak_anon"] - ours["baseline_anon"]
    print(f"roletune:  {ours['seconds']:.2f} s, peak RSS {ours['peak_rss'] / 1e6:.0f} MB, "
          f"peak RssAnon +{ours_anon / 1e6:.0f} MB over the interpreter's {ours['baseline_anon'] / 1e6:.0f} MB")
    ok = ours_anon <= largest + 300e6
    print(f"RssAnon target (≤ largest tensor + 300 MB = {(largest + 300e6) / 1e6:.0f} MB): {'met' if ok else 'MISSED'}")

    script = llama_cpp_converter()
    if script is None:
        return
    if importlib.util.find_spec("sentencepiece") is None:
        # Its LlamaModel imports sentencepiece before looking for tokenizer.model.
        print("skip llama.cpp: its converter needs the `sentencepiece` package (pip install sentencepiece)")
        return
    command = [str(script), str(model_dir), "--outtype", "f16", "--outfile", str(out / "llama.cpp-F16.gguf")]
    theirs = min((measure(command) for _ in range(runs)), key=lambda r: r["seconds"])
    theirs_anon = theirs["peak_anon"] - theirs["baseline_anon"]
    print(f"llama.cpp: {theirs['seconds']:.2f} s, peak RSS {theirs['peak_rss'] / 1e6:.0f} MB, "
          f"peak RssAnon +{theirs_anon / 1e6:.0f} MB ({script})")
    print_ratio("conversion time", ours["seconds"], theirs["seconds"], target="≤ 1.0×", unit=" s")
    print_ratio("peak RSS", ours["peak_rss"] / 1e6, theirs["peak_rss"] / 1e6, target="≤ 1.0×", unit=" MB")
    print_ratio("peak RssAnon over baseline", ours_anon / 1e6, theirs_anon / 1e6, target="≤ 1.0×", unit=" MB")
    same = _same_tensors(out / "ours-F16.gguf", out / "llama.cpp-F16.gguf")
    print(f"tensors identical to llama.cpp's output: {same}")


def _same_tensors(a: Path, b: Path) -> str:
    import numpy as np
    from gguf import GGUFReader

    ta = {t.name: t for t in GGUFReader(str(a)).tensors}
    tb = {t.name: t for t in GGUFReader(str(b)).tensors}
    if set(ta) != set(tb):
        return f"no (names differ: {sorted(set(ta) ^ set(tb))[:5]})"
    differ = [n for n in ta if ta[n].tensor_type != tb[n].tensor_type
              or not np.array_equal(np.asarray(ta[n].data).view(np.uint8), np.asarray(tb[n].data).view(np.uint8))]
    return "yes, all {} bit for bit".format(len(ta)) if not differ else f"no ({len(differ)} differ: {differ[:5]})"


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")
