// roletune's CPU training kernels (fp32): each does in one pass over memory what eager torch does in several.
//
// Built once per machine by roletune/train/kernels/build.py (torch.utils.cpp_extension, -O3
// -march=native). Vectors are GCC's vector extensions, W floats wide (16 with AVX-512, 8
// otherwise), so one source compiles to the machine's widest registers. Every sum runs in a fixed
// order for a given thread count, so a rerun gives the same bits.
//
// 1. LoRA dropout and its rank-r product, for x (N, in), A (r, in), the keep mask K (N, in) and
//    grad_h (N, r):
//      forward:  h = (K ∘ x) · Aᵀ                         (N, r)
//      backward: grad_A = grad_hᵀ · (K ∘ x)               (r, in)
//                lp     = K ∘ (grad_h · A)                 (N, in), the LoRA part of the input gradient
//    The mask is never stored. It is a function of (row, column) and two 32-bit keys:
//      keep(n, i) = mix(col(i) ^ row(n)) >= threshold,  col(i) = mix(i ^ key0), row(n) = mix(n ^ key1)
//    with mix = lowbias32 (a bijective avalanche hash of 32 bits) and threshold = round(p · 2³²),
//    so each element is dropped with probability p. Backward recomputes it; roletune's tests
//    check it bit for bit against a numpy reference (tests/test_kernels.py). The rank is worked
//    through in chunks of at most 16 rows of A, whose accumulators stay in registers. Rows are
//    split between threads, and read in order with a software prefetch a few KB ahead (it halved
//    the forward's time on data out of cache); backward adds up each thread's grad_A in order.
// 2. SwiGLU, y = silu(g) · u, and its gradients (dg, du) from (dy, g, u): eager torch makes three
//    passes forward and three backward, and keeps silu(g) as well.
// 3. RMSNorm as Llama and Qwen define it, y = w · (x · rsqrt(mean(x²) + eps)), keeping x and one
//    rstd per row; backward dx = rstd · (w·dy − x̂ · mean(w·dy · x̂)) with x̂ = x · rstd (w frozen).

#include <torch/extension.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

#if defined(__AVX512F__)
constexpr int W = 16;
#else
constexpr int W = 8;
#endif
typedef float vf __attribute__((vector_size(W * 4)));
typedef uint32_t vu __attribute__((vector_size(W * 4)));
typedef int32_t vi __attribute__((vector_size(W * 4)));

inline uint32_t mix(uint32_t v) {
  v ^= v >> 16; v *= 0x7feb352dU; v ^= v >> 15; v *= 0x846ca68bU; v ^= v >> 16;
  return v;
}
inline vu mix(vu v) {
  v ^= v >> 16; v *= 0x7feb352dU; v ^= v >> 15; v *= 0x846ca68bU; v ^= v >> 16;
  return v;
}
template <typename V, typename T> inline V load(const T* p) { V v; std::memcpy(&v, p, sizeof v); return v; }
template <typename V, typename T> inline void store(T* p, V v) { std::memcpy(p, &v, sizeof v); }
inline float hsum(vf v) { float s = 0; for (int l = 0; l < W; ++l) s += v[l]; return s; }

constexpr int64_t PREFETCH_FLOATS = 1024;  // 4 KB ahead of the read

struct Keys {
  std::vector<uint32_t> col, row;  // col(i) for i < in, row(n) for n < N
  uint32_t threshold;
  Keys(int64_t n, int64_t in, int64_t key0, int64_t key1, int64_t threshold)
      : col(in), row(n), threshold((uint32_t)threshold) {
    for (int64_t i = 0; i < in; ++i) col[i] = mix((uint32_t)i ^ (uint32_t)key0);
    for (int64_t r = 0; r < n; ++r) row[r] = mix((uint32_t)r ^ (uint32_t)key1);
  }
  bool keep(int64_t n, int64_t i) const { return mix(col[i] ^ row[n]) >= threshold; }
  vu keep(int64_t n, int64_t i, vu) const {  // lanes i … i+W-1: all ones where kept
    return (vu)(mix(load<vu>(&col[i]) ^ row[n]) >= threshold);
  }
};

void check(const torch::Tensor& t, int64_t dim, const char* name) {
  TORCH_CHECK(t.device().is_cpu() && t.scalar_type() == torch::kFloat32 && t.dim() == dim && t.is_contiguous(),
              name, " must be a contiguous CPU float32 tensor of ", dim, " dimensions");
}

// h[n, k0:k0+C] for the rows [begin, end): one pass over each row per chunk of the rank.
template <int C>
void forward_chunk(const float* x, const float* a, float* h, int64_t in, int64_t r, int64_t k0, const Keys& keys,
                   int64_t begin, int64_t end) {
  const vf zero = {};
  for (int64_t n = begin; n < end; ++n) {
    const float* xn = x + n * in;
    vf acc[C] = {};
    int64_t i = 0;
    for (; i + W <= in; i += W) {
      __builtin_prefetch(xn + PREFETCH_FLOATS + i);  // a few rows ahead: more reads in flight than the
      vf xd = keys.keep(n, i, vu{}) ? load<vf>(xn + i) : zero;  // hardware prefetcher keeps
      for (int k = 0; k < C; ++k) acc[k] += xd * load<vf>(a + (k0 + k) * in + i);
    }
    float out[C];
    for (int k = 0; k < C; ++k) out[k] = hsum(acc[k]);
    for (; i < in; ++i)
      if (keys.keep(n, i))
        for (int k = 0; k < C; ++k) out[k] += xn[i] * a[(k0 + k) * in + i];
    for (int k = 0; k < C; ++k) h[n * r + k0 + k] = out[k];
  }
}

// Backward works through the rows in chunks small enough to stay in L2 (x is read once, in order).
// Per row: the keep mask, the dropped row into a tile, and lp's row = keep ? Σ_k grad_h[n,k]·A[k] : 0.
// Per chunk: the thread's partial grad_A += grad_h[chunk]ᵀ · tile, rank chunk by rank chunk, with
// the accumulators of W columns in registers.
void backward_row(const float* xn, const float* ghn, const float* a, float* lpn, float* tile_row, float* sum_row,
                  uint32_t* keep_row, int64_t n, int64_t in, int64_t r, const Keys& keys) {
  const vf zero = {};
  int64_t i = 0;
  for (; i + W <= in; i += W) {
    __builtin_prefetch(xn + PREFETCH_FLOATS + i);
    const vu kept = keys.keep(n, i, vu{});
    store(keep_row + i, kept);
    store(tile_row + i, kept ? load<vf>(xn + i) : zero);
    store(sum_row + i, zero);
  }
  for (; i < in; ++i) {
    keep_row[i] = keys.keep(n, i) ? 0xFFFFFFFFU : 0U;
    tile_row[i] = keep_row[i] ? xn[i] : 0.f;
    sum_row[i] = 0.f;
  }
  int64_t k = 0;
  for (; k + 4 <= r; k += 4) {  // four rows of A per pass over the (L1-resident) row sum
    const float g0 = ghn[k], g1 = ghn[k + 1], g2 = ghn[k + 2], g3 = ghn[k + 3];
    const float *a0 = a + k * in, *a1 = a0 + in, *a2 = a1 + in, *a3 = a2 + in;
    for (i = 0; i + W <= in; i += W)
      store(sum_row + i, load<vf>(sum_row + i) + g0 * load<vf>(a0 + i) + g1 * load<vf>(a1 + i) +
                             g2 * load<vf>(a2 + i) + g3 * load<vf>(a3 + i));
    for (; i < in; ++i) sum_row[i] += g0 * a0[i] + g1 * a1[i] + g2 * a2[i] + g3 * a3[i];
  }
  for (; k < r; ++k) {
    const float g = ghn[k];
    const float* ak = a + k * in;
    for (i = 0; i + W <= in; i += W) store(sum_row + i, load<vf>(sum_row + i) + g * load<vf>(ak + i));
    for (; i < in; ++i) sum_row[i] += g * ak[i];
  }
  for (i = 0; i + W <= in; i += W) store(lpn + i, load<vu>(keep_row + i) ? load<vf>(sum_row + i) : zero);
  for (; i < in; ++i) lpn[i] = keep_row[i] ? sum_row[i] : 0.f;
}

template <int C>
void backward_tile(const float* tile, const float* gh, float* ga, int64_t rows, int64_t in, int64_t r, int64_t k0) {
  int64_t i = 0;
  for (; i + W <= in; i += W) {
    vf acc[C];
    for (int k = 0; k < C; ++k) acc[k] = load<vf>(ga + (k0 + k) * in + i);
    for (int64_t n = 0; n < rows; ++n) {
      const vf xd = load<vf>(tile + n * in + i);
      const float* g = gh + n * r + k0;
      for (int k = 0; k < C; ++k) acc[k] += g[k] * xd;
    }
    for (int k = 0; k < C; ++k) store(ga + (k0 + k) * in + i, acc[k]);
  }
  for (; i < in; ++i)
    for (int64_t n = 0; n < rows; ++n)
      for (int k = 0; k < C; ++k) ga[(k0 + k) * in + i] += gh[n * r + k0 + k] * tile[n * in + i];
}

// Calls f.template operator()<C>(k0) for chunks of the rank: 16 rows at a time, then the rest.
template <typename F>
void over_rank_chunks(int64_t r, F&& f) {
  int64_t k0 = 0;
  for (; k0 + 16 <= r; k0 += 16) f.template operator()<16>(k0);
  if (r - k0 >= 8) { f.template operator()<8>(k0); k0 += 8; }
  if (r - k0 >= 4) { f.template operator()<4>(k0); k0 += 4; }
  if (r - k0 >= 2) { f.template operator()<2>(k0); k0 += 2; }
  if (r - k0 >= 1) { f.template operator()<1>(k0); k0 += 1; }
}

torch::Tensor forward(torch::Tensor x, torch::Tensor a, int64_t key0, int64_t key1, int64_t threshold) {
  check(x, 2, "x"); check(a, 2, "A");
  const int64_t n_rows = x.size(0), in = x.size(1), r = a.size(0);
  TORCH_CHECK(a.size(1) == in, "A has ", a.size(1), " columns, x has ", in);
  auto h = torch::empty({n_rows, r}, x.options());
  const Keys keys(n_rows, in, key0, key1, threshold);
  const float *xp = x.data_ptr<float>(), *ap = a.data_ptr<float>();
  float* hp = h.data_ptr<float>();
  at::parallel_for(0, n_rows, 16, [&](int64_t begin, int64_t end) {
    over_rank_chunks(r, [&]<int C>(int64_t k0) { forward_chunk<C>(xp, ap, hp, in, r, k0, keys, begin, end); });
  });
  return h;
}

std::vector<torch::Tensor> backward(torch::Tensor x, torch::Tensor grad_h, torch::Tensor a, int64_t key0, int64_t key1,
                                    int64_t threshold) {
  check(x, 2, "x"); check(grad_h, 2, "grad_h"); check(a, 2, "A");
  const int64_t n_rows = x.size(0), in = x.size(1), r = a.size(0);
  TORCH_CHECK(a.size(1) == in && grad_h.size(0) == n_rows && grad_h.size(1) == r, "shapes do not match");
  const int64_t threads = at::get_num_threads();
  auto partials = torch::zeros({threads, r, in}, x.options());  // one grad_A per thread, summed in order
  auto lp = torch::empty({n_rows, in}, x.options());
  const Keys keys(n_rows, in, key0, key1, threshold);
  const float *xp = x.data_ptr<float>(), *gp = grad_h.data_ptr<float>(), *ap = a.data_ptr<float>();
  float *pp = partials.data_ptr<float>(), *lpp = lp.data_ptr<float>();
  const int64_t chunk = std::clamp<int64_t>(32768 / std::max<int64_t>(in, 1), 4, 64);  // a tile of ≤ 128 KB
  const int64_t n_chunks = (n_rows + chunk - 1) / chunk;
  at::parallel_for(0, n_chunks, 1, [&](int64_t begin, int64_t end) {
    float* ga = pp + at::get_thread_num() * r * in;
    std::vector<float> tile(chunk * in), sum_row(in);
    std::vector<uint32_t> keep_row(in);
    for (int64_t c = begin; c < end; ++c) {
      const int64_t n0 = c * chunk, rows = std::min(chunk, n_rows - n0);
      for (int64_t n = n0; n < n0 + rows; ++n)
        backward_row(xp + n * in, gp + n * r, ap, lpp + n * in, tile.data() + (n - n0) * in, sum_row.data(),
                     keep_row.data(), n, in, r, keys);
      over_rank_chunks(r, [&]<int C>(int64_t k0) { backward_tile<C>(tile.data(), gp + n0 * r, ga, rows, in, r, k0); });
    }
  });
  return {threads == 1 ? partials[0] : partials.sum(0), lp};
}

// The keep mask itself, for tests and for callers that need it spelled out.
torch::Tensor keep_mask(int64_t n_rows, int64_t in, int64_t key0, int64_t key1, int64_t threshold) {
  auto mask = torch::empty({n_rows, in}, torch::kBool);
  const Keys keys(n_rows, in, key0, key1, threshold);
  bool* mp = mask.data_ptr<bool>();
  at::parallel_for(0, n_rows, 16, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n)
      for (int64_t i = 0; i < in; ++i) mp[n * in + i] = keys.keep(n, i);
  });
  return mask;
}


// e^x for x in [-87, 88] (clamped outside: silu and sigmoid only need that), to about 1 ulp:
// x = n·ln2 + r with |r| ≤ ln2/2, e^r by Cephes' degree-7 polynomial, 2^n built in the exponent bits.
inline vf exp_v(vf x) {
  const vf hi = vf{} + 88.0f, lo = vf{} - 87.0f;
  x = x > hi ? hi : x;
  x = x < lo ? lo : x;
  const vf n = (x * 1.44269504088896341f + 12582912.f) - 12582912.f;  // round(x / ln2)
  const vf r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  vf poly = vf{} + 1.9875691500e-4f;
  poly = poly * r + 1.3981999507e-3f;
  poly = poly * r + 8.3334519073e-3f;
  poly = poly * r + 4.1665795894e-2f;
  poly = poly * r + 1.6666665459e-1f;
  poly = poly * r + 5.0000001201e-1f;
  const vf er = poly * r * r + r + 1.f;
  const vi bits = (__builtin_convertvector(n, vi) + 127) << 23;
  return er * (vf)bits;
}
inline vf sigmoid_v(vf x) { return 1.f / (1.f + exp_v(-x)); }
inline float sigmoid(float x) {  // one lane of sigmoid_v, for tails
  vf v = vf{} + x;
  return sigmoid_v(v)[0];
}

void check_same(const torch::Tensor& a, const torch::Tensor& b, const char* names) {
  TORCH_CHECK(a.device().is_cpu() && b.device().is_cpu() && a.scalar_type() == torch::kFloat32 &&
              b.scalar_type() == torch::kFloat32 && a.is_contiguous() && b.is_contiguous() && a.sizes() == b.sizes(),
              names, " must be contiguous CPU float32 tensors of one shape");
}

constexpr int64_t ELEMENTWISE_GRAIN = 16384;

torch::Tensor silu_mul_forward(torch::Tensor gate, torch::Tensor up) {
  check_same(gate, up, "gate and up");
  auto out = torch::empty_like(gate);
  const float *g = gate.data_ptr<float>(), *u = up.data_ptr<float>();
  float* y = out.data_ptr<float>();
  at::parallel_for(0, gate.numel(), ELEMENTWISE_GRAIN, [&](int64_t begin, int64_t end) {
    int64_t i = begin;
    for (; i + W <= end; i += W) {
      const vf gv = load<vf>(g + i);
      store(y + i, gv * sigmoid_v(gv) * load<vf>(u + i));
    }
    for (; i < end; ++i) y[i] = g[i] * sigmoid(g[i]) * u[i];
  });
  return out;
}

std::vector<torch::Tensor> silu_mul_backward(torch::Tensor grad, torch::Tensor gate, torch::Tensor up) {
  check_same(gate, up, "gate and up");
  check_same(grad, gate, "grad and gate");
  auto grad_gate = torch::empty_like(gate), grad_up = torch::empty_like(up);
  const float *dy = grad.data_ptr<float>(), *g = gate.data_ptr<float>(), *u = up.data_ptr<float>();
  float *dg = grad_gate.data_ptr<float>(), *du = grad_up.data_ptr<float>();
  at::parallel_for(0, gate.numel(), ELEMENTWISE_GRAIN, [&](int64_t begin, int64_t end) {
    int64_t i = begin;
    for (; i + W <= end; i += W) {  // d silu(g)/dg = σ(g)·(1 + g·(1 − σ(g)))
      const vf gv = load<vf>(g + i), dyv = load<vf>(dy + i), sig = sigmoid_v(gv);
      store(du + i, dyv * (gv * sig));
      store(dg + i, dyv * load<vf>(u + i) * (sig * (1.f + gv * (1.f - sig))));
    }
    for (; i < end; ++i) {
      const float sig = sigmoid(g[i]);
      du[i] = dy[i] * (g[i] * sig);
      dg[i] = dy[i] * u[i] * (sig * (1.f + g[i] * (1.f - sig)));
    }
  });
  return {grad_gate, grad_up};
}

// Σ a·b over one row of d floats, in W lanes then across them.
inline float row_dot(const float* a, const float* b, int64_t d) {
  vf acc0 = {}, acc1 = {};
  int64_t i = 0;
  for (; i + 2 * W <= d; i += 2 * W) {
    acc0 += load<vf>(a + i) * load<vf>(b + i);
    acc1 += load<vf>(a + i + W) * load<vf>(b + i + W);
  }
  for (; i + W <= d; i += W) acc0 += load<vf>(a + i) * load<vf>(b + i);
  float sum = hsum(acc0 + acc1);
  for (; i < d; ++i) sum += a[i] * b[i];
  return sum;
}

std::vector<torch::Tensor> rms_norm_forward(torch::Tensor x, torch::Tensor weight, double eps) {
  check(x, 2, "x"); check(weight, 1, "weight");
  const int64_t n_rows = x.size(0), d = x.size(1);
  TORCH_CHECK(weight.size(0) == d, "weight has ", weight.size(0), " elements, rows have ", d);
  auto out = torch::empty_like(x);
  auto rstd = torch::empty({n_rows}, x.options());
  const float *xp = x.data_ptr<float>(), *w = weight.data_ptr<float>();
  float *y = out.data_ptr<float>(), *rp = rstd.data_ptr<float>();
  at::parallel_for(0, n_rows, std::max<int64_t>(1, 4096 / d), [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      const float* xn = xp + n * d;
      float* yn = y + n * d;
      const float r = 1.f / std::sqrt(row_dot(xn, xn, d) / (float)d + (float)eps);
      rp[n] = r;
      int64_t i = 0;
      for (; i + W <= d; i += W) store(yn + i, load<vf>(w + i) * (load<vf>(xn + i) * r));
      for (; i < d; ++i) yn[i] = w[i] * (xn[i] * r);
    }
  });
  return {out, rstd};
}

torch::Tensor rms_norm_backward(torch::Tensor grad, torch::Tensor x, torch::Tensor weight, torch::Tensor rstd) {
  check(x, 2, "x"); check(weight, 1, "weight"); check(rstd, 1, "rstd");
  check_same(grad, x, "grad and x");
  const int64_t n_rows = x.size(0), d = x.size(1);
  auto grad_x = torch::empty_like(x);
  const float *dy = grad.data_ptr<float>(), *xp = x.data_ptr<float>(), *w = weight.data_ptr<float>(),
              *rp = rstd.data_ptr<float>();
  float* dx = grad_x.data_ptr<float>();
  at::parallel_for(0, n_rows, std::max<int64_t>(1, 4096 / d), [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      const float *dyn = dy + n * d, *xn = xp + n * d;
      float* dxn = dx + n * d;
      const float r = rp[n];
      // mean(w·dy · x̂) = r · Σ (w·dy)·x / d
      vf acc = {};
      int64_t i = 0;
      for (; i + W <= d; i += W) acc += load<vf>(w + i) * load<vf>(dyn + i) * load<vf>(xn + i);
      float dot = hsum(acc);
      for (; i < d; ++i) dot += w[i] * dyn[i] * xn[i];
      const float c = dot * r * r / (float)d;  // the projection's coefficient on x (x̂·mean = x·r·c/r)
      for (i = 0; i + W <= d; i += W)
        store(dxn + i, (load<vf>(w + i) * load<vf>(dyn + i) - load<vf>(xn + i) * c) * r);
      for (; i < d; ++i) dxn[i] = (w[i] * dyn[i] - xn[i] * c) * r;
    }
  });
  return grad_x;
}

}  // namespace

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("forward", &forward, "h = (keep ∘ x) · Aᵀ");
  m.def("backward", &backward, "(grad_A, keep ∘ (grad_h · A))");
  m.def("keep_mask", &keep_mask, "the keep mask of (N, in) for the keys");
  m.def("silu_mul_forward", &silu_mul_forward, "silu(gate) · up");
  m.def("silu_mul_backward", &silu_mul_backward, "(d gate, d up) of silu(gate) · up");
  m.def("rms_norm_forward", &rms_norm_forward, "(w · x · rstd, rstd) per row");
  m.def("rms_norm_backward", &rms_norm_backward, "d x of RMSNorm with w frozen");
  m.attr("lanes") = W;
}
