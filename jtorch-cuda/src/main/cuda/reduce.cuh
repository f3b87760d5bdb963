// Reductions along one dimension: one block per output element, each thread walks a strided
// part of the line, then the block combines in shared memory. Sums accumulate in double
// (floating) or long long (integers); max and min propagate NaN and report the first position
// of the extreme value, as the CPU backend does.
#pragma once
#include "common.cuh"

#define JT_REDUCE_THREADS 256
enum { R_SUM, R_MAX, R_MIN };

// Is (v2, r2) a better extreme than (v1, r1)? NaN beats numbers; ties go to the first position.
__device__ __forceinline__ bool jt_better_d(bool max, double v1, long long r1, double v2,
                                            long long r2) {
  bool n1 = isnan(v1), n2 = isnan(v2);
  if (n1 || n2) return n2 && (!n1 || r2 < r1);
  if (v1 == v2) return r2 < r1;
  return max ? v2 > v1 : v2 < v1;
}

__device__ __forceinline__ bool jt_better_l(bool max, long long v1, long long r1, long long v2,
                                            long long r2) {
  if (v1 == v2) return r2 < r1;
  return max ? v2 > v1 : v2 < v1;
}

// outShape: the shape of `values` (size 1 at the reduced dimension). start: the input with its
// strides over outShape, so that its offset is the first element of each line. Each line has
// `len` elements `step` apart. indices.ptr may be null.
extern "C" __global__ void jt_reduce(Shape outShape, Operand values, Operand start,
                                     Operand indices, long long len, long long step, int op) {
  __shared__ double sd[JT_REDUCE_THREADS];
  __shared__ long long sl[JT_REDUCE_THREADS];
  __shared__ long long sr[JT_REDUCE_THREADS];
  bool floating = jt_is_float(start.dtype);
  bool max = op == R_MAX;
  int tid = threadIdx.x;
  for (long long e = blockIdx.x; e < outShape.numel; e += gridDim.x) {
    long long base = jt_offset(outShape, start.stride, e);
    double ad = 0;
    long long al = 0;
    long long ar = -1;  // position of this thread's extreme; -1 while it has seen nothing
    for (long long r = tid; r < len; r += blockDim.x) {
      long long p = base + r * step;
      if (op == R_SUM) {
        if (floating) ad += jt_load_d(start.ptr, start.dtype, p);
        else al += jt_load_l(start.ptr, start.dtype, p);
      } else if (floating) {
        double v = jt_load_d(start.ptr, start.dtype, p);
        if (ar < 0 || jt_better_d(max, ad, ar, v, r)) { ad = v; ar = r; }
      } else {
        long long v = jt_load_l(start.ptr, start.dtype, p);
        if (ar < 0 || jt_better_l(max, al, ar, v, r)) { al = v; ar = r; }
      }
    }
    sd[tid] = ad;
    sl[tid] = al;
    sr[tid] = ar;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half >>= 1) {
      if (tid < half) {
        int o = tid + half;
        if (op == R_SUM) {
          sd[tid] += sd[o];
          sl[tid] += sl[o];
        } else if (sr[o] >= 0) {
          bool take = sr[tid] < 0 || (floating ? jt_better_d(max, sd[tid], sr[tid], sd[o], sr[o])
                                               : jt_better_l(max, sl[tid], sr[tid], sl[o], sr[o]));
          if (take) { sd[tid] = sd[o]; sl[tid] = sl[o]; sr[tid] = sr[o]; }
        }
      }
      __syncthreads();
    }
    if (tid == 0) {
      long long o = jt_offset(outShape, values.stride, e);
      if (floating) jt_store_d(values.ptr, values.dtype, o, sd[0]);
      else jt_store_l(values.ptr, values.dtype, o, sl[0]);
      if (indices.ptr != 0 && op != R_SUM) {
        ((long long*)indices.ptr)[jt_offset(outShape, indices.stride, e)] = sr[0] < 0 ? 0 : sr[0];
      }
    }
    __syncthreads();
  }
}
