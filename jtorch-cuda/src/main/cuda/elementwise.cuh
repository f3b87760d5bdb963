// Elementwise kernels: fill, copy with dtype conversion, unary, binary and where, over strided
// operands of up to 8 dimensions (broadcast dimensions have stride 0). Op codes follow the Java
// enums jtorch.backend.UnaryOp and BinaryOp (their ordinals).
#pragma once
#include "common.cuh"

enum { U_NEG, U_ABS, U_SIGN, U_EXP, U_LOG, U_SQRT, U_RELU, U_SIGMOID, U_TANH, U_LOGICAL_NOT };
enum {
  B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
  B_LOGICAL_AND, B_LOGICAL_OR, B_RELU_BACKWARD
};

extern "C" __global__ void jt_fill(Shape s, Operand out, double dv, long long lv, int integral) {
  bool as_double = jt_is_float(out.dtype) || !integral;
  JT_GRID_STRIDE(i, s.numel) {
    long long o = jt_offset(s, out.stride, i);
    if (as_double) jt_store_d(out.ptr, out.dtype, o, dv);
    else jt_store_l(out.ptr, out.dtype, o, lv);
  }
}

extern "C" __global__ void jt_copy(Shape s, Operand dst, Operand src) {
  bool via_long = !jt_is_float(dst.dtype) && !jt_is_float(src.dtype);
  JT_GRID_STRIDE(i, s.numel) {
    long long o = jt_offset(s, dst.stride, i);
    long long p = jt_offset(s, src.stride, i);
    if (via_long) {
      jt_store_l(dst.ptr, dst.dtype, o, jt_load_l(src.ptr, src.dtype, p));
    } else if (dst.dtype == JT_BOOL) {
      jt_store_l(dst.ptr, dst.dtype, o, jt_load_d(src.ptr, src.dtype, p) != 0 ? 1 : 0);
    } else {
      jt_store_d(dst.ptr, dst.dtype, o, jt_load_d(src.ptr, src.dtype, p));
    }
  }
}

__device__ __forceinline__ double jt_unary_d(int op, double x) {
  switch (op) {
    case U_NEG: return -x;
    case U_ABS: return fabs(x);
    case U_SIGN: return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
    case U_EXP: return exp(x);
    case U_LOG: return log(x);
    case U_SQRT: return sqrt(x);
    case U_RELU: return isnan(x) ? x : fmax(x, 0.0);
    case U_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case U_TANH: return tanh(x);
    default: return x == 0 ? 1.0 : 0.0;  // U_LOGICAL_NOT
  }
}

__device__ __forceinline__ long long jt_unary_l(int op, long long x) {
  switch (op) {
    case U_NEG: return -x;
    case U_ABS: return x < 0 ? -x : x;
    case U_SIGN: return (x > 0) - (x < 0);
    case U_RELU: return x > 0 ? x : 0;
    default: return x == 0 ? 1 : 0;  // U_LOGICAL_NOT (the Java side rejects the others)
  }
}

extern "C" __global__ void jt_unary(Shape s, Operand out, Operand in, int op) {
  bool floating = jt_is_float(in.dtype);
  JT_GRID_STRIDE(i, s.numel) {
    long long o = jt_offset(s, out.stride, i);
    long long p = jt_offset(s, in.stride, i);
    if (floating) jt_store_d(out.ptr, out.dtype, o, jt_unary_d(op, jt_load_d(in.ptr, in.dtype, p)));
    else jt_store_l(out.ptr, out.dtype, o, jt_unary_l(op, jt_load_l(in.ptr, in.dtype, p)));
  }
}

__device__ __forceinline__ double jt_binary_d(int op, double x, double y, int t) {
  switch (op) {
    case B_ADD: return x + y;
    case B_SUB: return x - y;
    case B_MUL: return x * y;
    case B_DIV: return x / y;
    case B_POW: return t == JT_F64 ? pow(x, y) : (double)(float)pow(x, y);
    case B_MAXIMUM: return isnan(x) || isnan(y) ? nan("") : fmax(x, y);
    case B_MINIMUM: return isnan(x) || isnan(y) ? nan("") : fmin(x, y);
    case B_EQ: return x == y;
    case B_NE: return x != y;
    case B_LT: return x < y;
    case B_LE: return x <= y;
    case B_GT: return x > y;
    case B_GE: return x >= y;
    case B_LOGICAL_AND: return x != 0 && y != 0;
    case B_LOGICAL_OR: return x != 0 || y != 0;
    default: return y <= 0 ? 0.0 : x;  // B_RELU_BACKWARD
  }
}

__device__ __forceinline__ long long jt_pow_l(long long base, long long e) {
  if (e < 0) return base == 1 ? 1 : (base == -1 ? ((e & 1) == 0 ? 1 : -1) : 0);
  long long r = 1;
  while (e > 0) {
    if (e & 1) r *= base;
    base *= base;
    e >>= 1;
  }
  return r;
}

__device__ __forceinline__ long long jt_binary_l(int op, long long x, long long y) {
  switch (op) {
    case B_ADD: return x + y;
    case B_SUB: return x - y;
    case B_MUL: return x * y;
    case B_DIV: return y == 0 ? 0 : x / y;  // Java would throw; the core never divides integers
    case B_POW: return jt_pow_l(x, y);
    case B_MAXIMUM: return x > y ? x : y;
    case B_MINIMUM: return x < y ? x : y;
    case B_EQ: return x == y;
    case B_NE: return x != y;
    case B_LT: return x < y;
    case B_LE: return x <= y;
    case B_GT: return x > y;
    case B_GE: return x >= y;
    case B_LOGICAL_AND: return x != 0 && y != 0;
    case B_LOGICAL_OR: return x != 0 || y != 0;
    default: return y <= 0 ? 0 : x;  // B_RELU_BACKWARD
  }
}

extern "C" __global__ void jt_binary(Shape s, Operand out, Operand a, Operand b, int op) {
  bool floating = jt_is_float(a.dtype);
  JT_GRID_STRIDE(i, s.numel) {
    long long o = jt_offset(s, out.stride, i);
    long long p = jt_offset(s, a.stride, i);
    long long q = jt_offset(s, b.stride, i);
    if (floating) {
      double x = jt_load_d(a.ptr, a.dtype, p);
      double y = jt_load_d(b.ptr, b.dtype, q);
      jt_store_d(out.ptr, out.dtype, o, jt_binary_d(op, x, y, a.dtype));
    } else {
      long long x = jt_load_l(a.ptr, a.dtype, p);
      long long y = jt_load_l(b.ptr, b.dtype, q);
      jt_store_l(out.ptr, out.dtype, o, jt_binary_l(op, x, y));
    }
  }
}

// float32 operands, all contiguous: the common case of training, without index arithmetic.
extern "C" __global__ void jt_binary_f32_contiguous(long long n, float* out, const float* a,
                                                     const float* b, int op) {
  JT_GRID_STRIDE(i, n) { out[i] = (float)jt_binary_d(op, a[i], b[i], JT_F32); }
}

extern "C" __global__ void jt_where(Shape s, Operand out, Operand cond, Operand a, Operand b) {
  bool floating = jt_is_float(out.dtype);
  JT_GRID_STRIDE(i, s.numel) {
    long long o = jt_offset(s, out.stride, i);
    bool take = cond.ptr[jt_offset(s, cond.stride, i)] != 0;
    const Operand& src = take ? a : b;
    long long p = jt_offset(s, src.stride, i);
    if (floating) jt_store_d(out.ptr, out.dtype, o, jt_load_d(src.ptr, src.dtype, p));
    else jt_store_l(out.ptr, out.dtype, o, jt_load_l(src.ptr, src.dtype, p));
  }
}
