// Shared definitions of jtorch's CUDA kernels: operand layouts passed by value, dtype codes and
// loads/stores that convert through double (floating dtypes) or long long (integers and bool),
// rounding as the CPU backend (jtorch.backend.cpu.Elements) does.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>

#define JT_MAX_DIMS 8

// Dtype codes; the Java side (jtorch.cuda.DTypes) uses the same numbers.
enum {
  JT_F32 = 0, JT_F64 = 1, JT_F16 = 2, JT_BF16 = 3, JT_I8 = 4,
  JT_U8 = 5, JT_I16 = 6, JT_I32 = 7, JT_I64 = 8, JT_BOOL = 9
};

// The iteration space of an elementwise kernel: sizes of up to 8 dimensions, row-major.
struct Shape {
  long long numel;
  int ndim;
  int pad;
  long long size[JT_MAX_DIMS];
};

// One operand: its first element's address, dtype and strides (in elements) over the Shape.
struct Operand {
  char* ptr;
  int dtype;
  int pad;
  long long stride[JT_MAX_DIMS];
};

#define JT_GRID_STRIDE(i, n) \
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

__device__ __forceinline__ bool jt_is_float(int t) { return t <= JT_BF16; }

// Element offset of linear index i (row-major over s) in an operand with the given strides.
__device__ __forceinline__ long long jt_offset(const Shape& s, const long long* stride, long long i) {
  if (s.ndim == 1) return i * stride[0];
  long long off = 0;
  for (int d = s.ndim - 1; d >= 0; --d) {
    long long sz = s.size[d];
    long long c = i % sz;
    i /= sz;
    off += c * stride[d];
  }
  return off;
}

// Each load and store handles every dtype itself (no calls between them), so that all inline.
__device__ __forceinline__ double jt_load_d(const char* p, int t, long long i) {
  switch (t) {
    case JT_F32: return ((const float*)p)[i];
    case JT_F64: return ((const double*)p)[i];
    case JT_F16: return __half2float(((const __half*)p)[i]);
    case JT_BF16: return __bfloat162float(((const __nv_bfloat16*)p)[i]);
    case JT_I8: return ((const signed char*)p)[i];
    case JT_I16: return ((const short*)p)[i];
    case JT_I32: return ((const int*)p)[i];
    case JT_I64: return (double)((const long long*)p)[i];
    default: return ((const unsigned char*)p)[i];  // JT_U8, JT_BOOL
  }
}

// Floating values truncate toward zero; NaN gives 0 and out-of-range values saturate, as Java's
// (long) cast (PTX cvt.rzi.s64 does both).
__device__ __forceinline__ long long jt_load_l(const char* p, int t, long long i) {
  switch (t) {
    case JT_F32: return (long long)((const float*)p)[i];
    case JT_F64: return (long long)((const double*)p)[i];
    case JT_F16: return (long long)__half2float(((const __half*)p)[i]);
    case JT_BF16: return (long long)__bfloat162float(((const __nv_bfloat16*)p)[i]);
    case JT_I8: return ((const signed char*)p)[i];
    case JT_I16: return ((const short*)p)[i];
    case JT_I32: return ((const int*)p)[i];
    case JT_I64: return ((const long long*)p)[i];
    default: return ((const unsigned char*)p)[i];  // JT_U8, JT_BOOL
  }
}

// Integers store the truncated value, narrowed as Java's casts narrow (two's complement).
__device__ __forceinline__ void jt_store_d(char* p, int t, long long i, double v) {
  switch (t) {
    case JT_F32: ((float*)p)[i] = (float)v; break;
    case JT_F64: ((double*)p)[i] = v; break;
    case JT_F16: ((__half*)p)[i] = __float2half_rn((float)v); break;
    case JT_BF16: ((__nv_bfloat16*)p)[i] = __float2bfloat16_rn((float)v); break;
    case JT_BOOL: ((unsigned char*)p)[i] = v != 0 ? 1 : 0; break;
    case JT_I8: ((signed char*)p)[i] = (signed char)(long long)v; break;
    case JT_U8: ((unsigned char*)p)[i] = (unsigned char)(long long)v; break;
    case JT_I16: ((short*)p)[i] = (short)(long long)v; break;
    case JT_I32: ((int*)p)[i] = (int)(long long)v; break;
    default: ((long long*)p)[i] = (long long)v;  // JT_I64
  }
}

__device__ __forceinline__ void jt_store_l(char* p, int t, long long i, long long v) {
  switch (t) {
    case JT_F32: ((float*)p)[i] = (float)(double)v; break;
    case JT_F64: ((double*)p)[i] = (double)v; break;
    case JT_F16: ((__half*)p)[i] = __float2half_rn((float)(double)v); break;
    case JT_BF16: ((__nv_bfloat16*)p)[i] = __float2bfloat16_rn((float)(double)v); break;
    case JT_BOOL: ((unsigned char*)p)[i] = v != 0 ? 1 : 0; break;
    case JT_I8: ((signed char*)p)[i] = (signed char)v; break;
    case JT_U8: ((unsigned char*)p)[i] = (unsigned char)v; break;
    case JT_I16: ((short*)p)[i] = (short)v; break;
    case JT_I32: ((int*)p)[i] = (int)v; break;
    default: ((long long*)p)[i] = v;  // JT_I64
  }
}

// Copies one element of a dtype of `size` bytes without conversion.
__device__ __forceinline__ void jt_move(char* dst, long long di, const char* src, long long si,
                                        int size) {
  switch (size) {
    case 8: ((long long*)dst)[di] = ((const long long*)src)[si]; break;
    case 4: ((int*)dst)[di] = ((const int*)src)[si]; break;
    case 2: ((short*)dst)[di] = ((const short*)src)[si]; break;
    default: dst[di] = src[si];
  }
}

__device__ __forceinline__ void jt_zero(char* dst, long long di, int size) {
  switch (size) {
    case 8: ((long long*)dst)[di] = 0; break;
    case 4: ((int*)dst)[di] = 0; break;
    case 2: ((short*)dst)[di] = 0; break;
    default: dst[di] = 0;
  }
}
