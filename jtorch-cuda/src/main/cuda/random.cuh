// Counter-based random numbers, as jtorch.backend.CounterRandom: element i of a draw seeded s
// is SplitMix64's output mix of s + (i + 1) * 0x9E3779B97F4A7C15, so the GPU produces exactly
// the CPU's values. i is the row-major position in the output's shape.
#pragma once
#include "common.cuh"

__device__ __forceinline__ unsigned long long jt_counter_bits(unsigned long long seed,
                                                              unsigned long long i) {
  unsigned long long z = seed + (i + 1ULL) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// out[i] = (bits(seed, i) >> 40) < bound ? 1 : 0, in out's dtype.
extern "C" __global__ void jt_bernoulli(Shape s, Operand out, long long seed, long long bound) {
  JT_GRID_STRIDE(i, s.numel) {
    long long v = (long long)(jt_counter_bits((unsigned long long)seed, (unsigned long long)i) >> 40);
    jt_store_l(out.ptr, out.dtype, jt_offset(s, out.stride, i), v < bound ? 1 : 0);
  }
}
