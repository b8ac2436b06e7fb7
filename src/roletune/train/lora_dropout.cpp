// LoRA's dropout and its rank-r product in one pass over the input, forward and backward (CPU, fp32).
//
// Built once per machine by roletune/train/cpu_kernels.py (torch.utils.cpp_extension, -O3
// -march=native). What it computes, for x (N, in), A (r, in), the keep mask K (N, in) and
// grad_h (N, r):
//
//   forward:  h = (K ∘ x) · Aᵀ                         (N, r)
//   backward: grad_A = grad_hᵀ · (K ∘ x)               (r, in)
//             lp     = K ∘ (grad_h · A)                 (N, in), the LoRA part of the input gradient
//
// The mask is never stored. It is a function of (row, column) and two 32-bit keys:
//   keep(n, i) = mix(col(i) ^ row(n)) >= threshold,  col(i) = mix(i ^ key0), row(n) = mix(n ^ key1)
// with mix = lowbias32 (a bijective avalanche hash of 32 bits) and threshold = round(p · 2³²),
// so each element is dropped with probability p. Backward recomputes it; roletune's tests
// check it bit for bit against a numpy reference (tests/test_kernels.py).
//
// Vectors are GCC's vector extensions, W floats wide (16 with AVX-512, 8 otherwise), so one
// source compiles to the machine's widest registers. The rank is worked through in chunks of at
// most 16 rows of A, whose accumulators stay in registers. Every sum runs in a fixed order
// (rows split between threads in forward, columns in backward), so results do not depend on
// the thread count.

#include <torch/extension.h>
#include <ATen/Parallel.h>

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
      vf xd = keys.keep(n, i, vu{}) ? load<vf>(xn + i) : zero;
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

// grad_A[k0:k0+C, i:i+W] and lp[:, i:i+W] for one block of W columns, over all rows. lp holds
// the partial sum of earlier chunks of the rank (first == false) and gets the masked total.
template <int C>
void backward_chunk(const float* x, const float* gh, const float* a, float* ga, float* lp, int64_t n_rows,
                    int64_t in, int64_t r, int64_t k0, bool first, const Keys& keys, int64_t i) {
  const vf zero = {};
  vf acc[C] = {};
  for (int64_t n = 0; n < n_rows; ++n) {
    vu kept = keys.keep(n, i, vu{});
    vf xd = kept ? load<vf>(x + n * in + i) : zero;
    const float* g = gh + n * r + k0;
    vf part = first ? zero : load<vf>(lp + n * in + i);
    for (int k = 0; k < C; ++k) {
      acc[k] += g[k] * xd;
      part += g[k] * load<vf>(a + (k0 + k) * in + i);
    }
    store(lp + n * in + i, kept ? part : zero);
  }
  for (int k = 0; k < C; ++k) store(ga + (k0 + k) * in + i, acc[k]);
}

// The same for the columns past the last full block, one at a time.
template <int C>
void backward_chunk_tail(const float* x, const float* gh, const float* a, float* ga, float* lp, int64_t n_rows,
                         int64_t in, int64_t r, int64_t k0, bool first, const Keys& keys, int64_t i) {
  float acc[C] = {};
  for (int64_t n = 0; n < n_rows; ++n) {
    bool kept = keys.keep(n, i);
    float xd = kept ? x[n * in + i] : 0.f;
    const float* g = gh + n * r + k0;
    float part = first ? 0.f : lp[n * in + i];
    for (int k = 0; k < C; ++k) {
      acc[k] += g[k] * xd;
      part += g[k] * a[(k0 + k) * in + i];
    }
    lp[n * in + i] = kept ? part : 0.f;
  }
  for (int k = 0; k < C; ++k) ga[(k0 + k) * in + i] = acc[k];
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
  auto grad_a = torch::empty({r, in}, x.options());
  auto lp = torch::empty({n_rows, in}, x.options());
  const Keys keys(n_rows, in, key0, key1, threshold);
  const float *xp = x.data_ptr<float>(), *gp = grad_h.data_ptr<float>(), *ap = a.data_ptr<float>();
  float *gap = grad_a.data_ptr<float>(), *lpp = lp.data_ptr<float>();
  const int64_t blocks = in / W, tail = in - blocks * W;
  at::parallel_for(0, blocks + tail, 1, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      over_rank_chunks(r, [&]<int C>(int64_t k0) {
        if (b < blocks) backward_chunk<C>(xp, gp, ap, gap, lpp, n_rows, in, r, k0, k0 == 0, keys, b * W);
        else backward_chunk_tail<C>(xp, gp, ap, gap, lpp, n_rows, in, r, k0, k0 == 0, keys, blocks * W + (b - blocks));
      });
    }
  });
  return {grad_a, lp};
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

}  // namespace

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("forward", &forward, "h = (keep ∘ x) · Aᵀ");
  m.def("backward", &backward, "(grad_A, keep ∘ (grad_h · A))");
  m.def("keep_mask", &keep_mask, "the keep mask of (N, in) for the keys");
  m.attr("lanes") = W;
}
