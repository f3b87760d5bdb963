// Sliding-window kernels of convolution and pooling: im2col, col2im (gathering, so no atomics),
// max pooling forward, and its backward (atomic adds, as windows may overlap).
#pragma once
#include "common.cuh"

// A 2-D window, as jtorch.backend.Window2d, with the planes' sizes.
struct Window {
  int kh, kw, sh, sw, ph, pw, dh, dw;
  long long n, c, h, w, oh, ow;
};

// in: [N, C, H, W] with strides inStride; out: contiguous [N, C*kh*kw, oh*ow].
extern "C" __global__ void jt_im2col(Window g, const char* in, long long s0, long long s1,
                                     long long s2, long long s3, char* out, int itemSize) {
  long long total = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
  JT_GRID_STRIDE(i, total) {
    long long ox = i % g.ow;
    long long t = i / g.ow;
    long long oy = t % g.oh;
    t /= g.oh;
    long long kj = t % g.kw;
    t /= g.kw;
    long long ki = t % g.kh;
    t /= g.kh;
    long long c = t % g.c;
    long long n = t / g.c;
    long long y = oy * g.sh - g.ph + ki * g.dh;
    long long x = ox * g.sw - g.pw + kj * g.dw;
    if (y >= 0 && y < g.h && x >= 0 && x < g.w) {
      jt_move(out, i, in, n * s0 + c * s1 + y * s2 + x * s3, itemSize);
    } else {
      jt_zero(out, i, itemSize);
    }
  }
}

// cols: [N, C*kh*kw, oh*ow] with strides (c0, c1, c2); out: contiguous [N, C, H, W], overwritten
// with the sum of every column entry that reads each pixel.
extern "C" __global__ void jt_col2im(Window g, const char* cols, long long c0, long long c1,
                                     long long c2, char* out, int dtype) {
  long long total = g.n * g.c * g.h * g.w;
  bool floating = jt_is_float(dtype);
  JT_GRID_STRIDE(i, total) {
    long long x = i % g.w;
    long long t = i / g.w;
    long long y = t % g.h;
    t /= g.h;
    long long c = t % g.c;
    long long n = t / g.c;
    double ad = 0;
    long long al = 0;
    for (int ki = 0; ki < g.kh; ki++) {
      long long ty = y + g.ph - (long long)ki * g.dh;
      if (ty < 0 || ty % g.sh != 0) continue;
      long long oy = ty / g.sh;
      if (oy >= g.oh) continue;
      for (int kj = 0; kj < g.kw; kj++) {
        long long tx = x + g.pw - (long long)kj * g.dw;
        if (tx < 0 || tx % g.sw != 0) continue;
        long long ox = tx / g.sw;
        if (ox >= g.ow) continue;
        long long row = (c * g.kh + ki) * g.kw + kj;
        long long p = n * c0 + row * c1 + (oy * g.ow + ox) * c2;
        if (floating) ad += jt_load_d(cols, dtype, p);
        else al += jt_load_l(cols, dtype, p);
      }
    }
    if (floating) jt_store_d(out, dtype, i, ad);
    else jt_store_l(out, dtype, i, al);
  }
}

// in [N, C, H, W] (strides s*), out and indices [N, C, oh, ow] contiguous; indices hold
// h * W + w of the winner in its plane; padding never wins; NaN wins (first NaN).
extern "C" __global__ void jt_max_pool2d(Window g, const char* in, long long s0, long long s1,
                                         long long s2, long long s3, int dtype, char* out,
                                         long long* indices) {
  long long total = g.n * g.c * g.oh * g.ow;
  JT_GRID_STRIDE(i, total) {
    long long ox = i % g.ow;
    long long t = i / g.ow;
    long long oy = t % g.oh;
    t /= g.oh;
    long long c = t % g.c;
    long long n = t / g.c;
    long long base = n * s0 + c * s1;
    double best = 0;
    long long bestIdx = -1;
    for (int ki = 0; ki < g.kh; ki++) {
      long long y = oy * g.sh - g.ph + (long long)ki * g.dh;
      if (y < 0 || y >= g.h) continue;
      for (int kj = 0; kj < g.kw; kj++) {
        long long x = ox * g.sw - g.pw + (long long)kj * g.dw;
        if (x < 0 || x >= g.w) continue;
        double v = jt_load_d(in, dtype, base + y * s2 + x * s3);
        if (bestIdx < 0 || (!isnan(best) && (v > best || isnan(v)))) {
          best = v;
          bestIdx = y * g.w + x;
        }
      }
    }
    jt_store_d(out, dtype, i, best);
    indices[i] = bestIdx < 0 ? 0 : bestIdx;
  }
}

// grad and indices [N, C, oh, ow] contiguous; gradInput [N, C, H, W] contiguous and zeroed.
// Floating dtypes only (float32 and float64 atomics).
extern "C" __global__ void jt_max_pool2d_backward(long long planes, long long planeOut,
                                                  long long planeIn, const char* grad,
                                                  const long long* indices, char* gradInput,
                                                  int dtype) {
  JT_GRID_STRIDE(i, planes * planeOut) {
    long long plane = i / planeOut;
    long long target = plane * planeIn + indices[i];
    if (dtype == JT_F64) atomicAdd((double*)gradInput + target, ((const double*)grad)[i]);
    else atomicAdd((float*)gradInput + target, ((const float*)grad)[i]);
  }
}
