"""Prototype for the next step of #5: LoRA dropout and the rank-r product in one C++ pass.

Not used by roletune. It measures whether a fused kernel beats the train stage's eager path
(kernels.drop_mask + torch.where + matmul, and their backward) on the shapes of a SmolLM2 step.
The mask is counter-based (splitmix64 of seed + element index, top 16 bits against p·2¹⁶), so
backward recomputes it and nothing is stored; x is read once per pass.

    pip install ninja && python experiments/fused_dropout_proto.py      # builds once (~20 s)

Measured here (2 threads, in cache, ms per call, current → fused):
    2400 × 576:  forward 2.55 → 1.29, backward 2.31 → 2.72
    2400 × 1536: forward 6.69 → 3.59, backward 7.07 → 7.50
Forward halves; this backward (a 16-wide dot product per element for the input gradient) is
slower than MKL's product plus a mask pass. Next: the input gradient as MKL's grad_h @ A with the
mask applied by one hash pass, 16-bit lanes from one 64-bit hash (4 elements a hash, as
drop_mask draws), then the module in _LoraLinearFn behind a build check with a clear message.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SOURCE = r'''
#include <torch/extension.h>
#include <ATen/Parallel.h>
static inline uint64_t mix(uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
template <int R>
static void fwd(const float* x, const float* at, float* h, int64_t N, int64_t in, uint64_t seed, uint64_t thr) {
  at::parallel_for(0, N, 8, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      float acc[R] = {0};
      const float* xr = x + n * in; uint64_t base = seed + (uint64_t)n * in;
      for (int64_t i = 0; i < in; ++i) {
        float v = ((mix(base + i) >> 48) >= thr) ? xr[i] : 0.f;
        const float* a = at + i * R;
        #pragma omp simd
        for (int k = 0; k < R; ++k) acc[k] += v * a[k];
      }
      for (int k = 0; k < R; ++k) h[n * R + k] = acc[k];
    }
  });
}
torch::Tensor masked_lowrank(torch::Tensor x, torch::Tensor at, int64_t seed, int64_t thr) {
  auto N = x.size(0), in = x.size(1); TORCH_CHECK(at.size(1) == 16);
  auto h = torch::empty({N, 16}, x.options());
  fwd<16>(x.data_ptr<float>(), at.data_ptr<float>(), h.data_ptr<float>(), N, in, (uint64_t)seed, (uint64_t)thr);
  return h;
}
// grad_at[i,:] = sum_n keep*x[n,i]*gh[n,:]; lp[n,i] = keep * dot(gh[n,:], at[i,:])
std::vector<torch::Tensor> masked_lowrank_backward(torch::Tensor x, torch::Tensor at, torch::Tensor gh, int64_t seed, int64_t thr) {
  const int R = 16; auto N = x.size(0), in = x.size(1);
  auto gat = torch::zeros({in, R}, x.options());
  auto lp = torch::empty({N, in}, x.options());
  const float* xp = x.data_ptr<float>(); const float* ap = at.data_ptr<float>(); const float* gp = gh.data_ptr<float>();
  float* gap = gat.data_ptr<float>(); float* lpp = lp.data_ptr<float>();
  at::parallel_for(0, in, 32, [&](int64_t ib, int64_t ie) {
    for (int64_t n = 0; n < N; ++n) {
      const float* g = gp + n * R; uint64_t base = (uint64_t)seed + (uint64_t)n * in;
      for (int64_t i = ib; i < ie; ++i) {
        bool keep = (mix(base + i) >> 48) >= (uint64_t)thr;
        float v = keep ? xp[n * in + i] : 0.f;
        float* ga = gap + i * R; const float* a = ap + i * R; float d = 0.f;
        #pragma omp simd reduction(+:d)
        for (int k = 0; k < R; ++k) { ga[k] += v * g[k]; d += g[k] * a[k]; }
        lpp[n * in + i] = keep ? d : 0.f;
      }
    }
  });
  return {gat, lp};
}
'''

M64 = 2**64


def mix(z: int) -> int:
    """splitmix64's finaliser, as the C++ code computes it."""
    z = (z + 0x9E3779B97F4A7C15) % M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % M64
    return z ^ (z >> 31)


def timed(f, n: int = 30) -> float:
    f()
    t = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t) / n * 1e3


def main() -> None:
    from torch.utils.cpp_extension import load_inline

    from roletune.train.kernels import drop_mask

    if shutil.which("ninja") is None:
        raise SystemExit("this prototype builds with torch's cpp_extension, which needs ninja: pip install ninja")
    torch.set_num_threads(2)
    t0 = time.time()
    mod = load_inline("lora_dropout_proto", cpp_sources=SOURCE, functions=["masked_lowrank", "masked_lowrank_backward"],
                      extra_cflags=["-O3", "-march=native", "-fopenmp"], extra_ldflags=["-fopenmp"])
    print(f"built in {time.time() - t0:.0f} s")
    p, seed, row = 0.1, 12345, 3
    thr = round(p * 65536)
    for n, width in [(2400, 576), (2400, 1536)]:
        x, a, grad_h = torch.randn(n, width), torch.randn(16, width), torch.randn(n, 16)
        a_t = a.t().contiguous()
        drop = drop_mask(x.shape, p, x.device)
        zero = x.new_zeros(())

        def eager_forward():
            return torch.where(drop_mask(x.shape, p, x.device), zero, x) @ a.t()

        def eager_backward():
            return grad_h.t() @ torch.where(drop, zero, x), (grad_h @ a).masked_fill_(drop, 0)

        print(f"{n} × {width}: eager forward {timed(eager_forward):.2f} ms, backward {timed(eager_backward):.2f} ms | "
              f"fused forward {timed(lambda: mod.masked_lowrank(x, a_t, seed, thr)):.2f} ms, backward "
              f"{timed(lambda: mod.masked_lowrank_backward(x, a_t, grad_h, seed, thr)):.2f} ms")
        keep = torch.tensor([(mix(seed + row * width + i) >> 48) >= thr for i in range(width)])
        h = mod.masked_lowrank(x, a_t, seed, thr)
        _, lora_part = mod.masked_lowrank_backward(x, a_t, grad_h, seed, thr)
        assert torch.allclose(h[row], (x[row] * keep) @ a.t(), atol=1e-4)
        assert torch.allclose(lora_part[row], (grad_h[row] @ a) * keep, atol=1e-4)
        print(f"  row {row} equals the reference with the same hash; kept {float(keep.float().mean()):.3f} (1 − p = {1 - p})")


if __name__ == "__main__":
    main()
