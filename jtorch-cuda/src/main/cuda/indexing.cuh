// gather and scatter_add along one dimension. The index tensor's shape is the iteration shape;
// `in`/`out` carry their own strides over it, and `dimStride`/`dimSize` describe the indexed
// dimension of the tensor that is read (gather) or written (scatter_add). An index outside
// [-dimSize, dimSize) sets *error to 1 + the linear position of one such index and is skipped;
// the Java side reads *error back and throws.
#pragma once
#include "common.cuh"

extern "C" __global__ void jt_gather(Shape s, Operand out, Operand in, Operand index, int dim,
                                     long long dimStride, long long dimSize,
                                     unsigned long long* error) {
  int size = in.dtype == JT_F64 || in.dtype == JT_I64 ? 8
             : in.dtype == JT_F32 || in.dtype == JT_I32 ? 4
             : in.dtype == JT_F16 || in.dtype == JT_BF16 || in.dtype == JT_I16 ? 2 : 1;
  JT_GRID_STRIDE(i, s.numel) {
    long long k = jt_load_l(index.ptr, index.dtype, jt_offset(s, index.stride, i));
    if (k < 0) k += dimSize;  // negative indices count from the end, as on the CPU
    if (k < 0 || k >= dimSize) {
      atomicCAS(error, 0ULL, (unsigned long long)i + 1);
      continue;
    }
    // in.stride holds 0 at dim, so its offset is that of coordinate 0 there.
    long long p = jt_offset(s, in.stride, i) + k * dimStride;
    jt_move(out.ptr, jt_offset(s, out.stride, i), in.ptr, p, size);
  }
}

extern "C" __global__ void jt_scatter_add(Shape s, Operand out, Operand src, Operand index,
                                          int dim, long long dimStride, long long dimSize,
                                          unsigned long long* error) {
  JT_GRID_STRIDE(i, s.numel) {
    long long k = jt_load_l(index.ptr, index.dtype, jt_offset(s, index.stride, i));
    if (k < 0) k += dimSize;  // negative indices count from the end, as on the CPU
    if (k < 0 || k >= dimSize) {
      atomicCAS(error, 0ULL, (unsigned long long)i + 1);
      continue;
    }
    long long o = jt_offset(s, out.stride, i) + k * dimStride;
    long long p = jt_offset(s, src.stride, i);
    switch (out.dtype) {
      case JT_F32: atomicAdd((float*)out.ptr + o, ((const float*)src.ptr)[p]); break;
      case JT_F64: atomicAdd((double*)out.ptr + o, ((const double*)src.ptr)[p]); break;
      case JT_I32: atomicAdd((int*)out.ptr + o, ((const int*)src.ptr)[p]); break;
      default:  // JT_I64: two's complement addition is the same unsigned
        atomicAdd((unsigned long long*)out.ptr + o,
                  (unsigned long long)((const long long*)src.ptr)[p]);
    }
  }
}
