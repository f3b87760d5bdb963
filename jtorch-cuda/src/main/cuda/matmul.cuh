// A plain batched matrix product for the dtypes cuBLAS has no GEMM for (integers): one thread
// per output element, accumulating in long long (integers) or double (floating).
#pragma once
#include "common.cuh"

struct Matrix3 {
  char* ptr;
  long long s0, s1, s2;
};

extern "C" __global__ void jt_matmul_naive(long long batch, long long m, long long n, long long k,
                                           Matrix3 a, Matrix3 b, Matrix3 out, int dtype) {
  bool floating = jt_is_float(dtype);
  JT_GRID_STRIDE(i, batch * m * n) {
    long long col = i % n;
    long long row = (i / n) % m;
    long long bi = i / (n * m);
    double ad = 0;
    long long al = 0;
    for (long long r = 0; r < k; r++) {
      long long pa = bi * a.s0 + row * a.s1 + r * a.s2;
      long long pb = bi * b.s0 + r * b.s1 + col * b.s2;
      if (floating) ad += jt_load_d(a.ptr, dtype, pa) * jt_load_d(b.ptr, dtype, pb);
      else al += jt_load_l(a.ptr, dtype, pa) * jt_load_l(b.ptr, dtype, pb);
    }
    long long po = bi * out.s0 + row * out.s1 + col * out.s2;
    if (floating) jt_store_d(out.ptr, dtype, po, ad);
    else jt_store_l(out.ptr, dtype, po, al);
  }
}
