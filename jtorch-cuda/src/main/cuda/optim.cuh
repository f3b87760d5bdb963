// Fused optimizer steps on contiguous operands. Every operation is an explicitly rounded
// intrinsic (no fused multiply-add), in the order of jtorch.backend.cpu.FusedAdadelta and
// FusedSgd, so the GPU gives the CPU's bits.
#pragma once
#include "common.cuh"

extern "C" __global__ void jt_adadelta_f32(long long n, float* p, const float* g, float* sa,
                                           float* ad, float rho, float oneMinusRho, float eps,
                                           float wd, float negLr, int decay, int maximize) {
  JT_GRID_STRIDE(i, n) {
    float gr = maximize ? -g[i] : g[i];
    if (decay) gr = __fadd_rn(gr, __fmul_rn(p[i], wd));
    float t = __fmul_rn(__fmul_rn(gr, oneMinusRho), gr);
    float s = __fadd_rn(__fmul_rn(sa[i], rho), t);
    sa[i] = s;
    float delta =
        __fmul_rn(__fdiv_rn(__fsqrt_rn(__fadd_rn(ad[i], eps)), __fsqrt_rn(__fadd_rn(s, eps))), gr);
    ad[i] = __fadd_rn(__fmul_rn(ad[i], rho), __fmul_rn(__fmul_rn(delta, oneMinusRho), delta));
    p[i] = __fadd_rn(p[i], __fmul_rn(delta, negLr));
  }
}

extern "C" __global__ void jt_adadelta_f64(long long n, double* p, const double* g, double* sa,
                                           double* ad, double rho, double oneMinusRho,
                                           double eps, double wd, double negLr, int decay,
                                           int maximize) {
  JT_GRID_STRIDE(i, n) {
    double gr = maximize ? -g[i] : g[i];
    if (decay) gr = __dadd_rn(gr, __dmul_rn(p[i], wd));
    double t = __dmul_rn(__dmul_rn(gr, oneMinusRho), gr);
    double s = __dadd_rn(__dmul_rn(sa[i], rho), t);
    sa[i] = s;
    double delta =
        __dmul_rn(__ddiv_rn(__dsqrt_rn(__dadd_rn(ad[i], eps)), __dsqrt_rn(__dadd_rn(s, eps))), gr);
    ad[i] = __dadd_rn(__dmul_rn(ad[i], rho), __dmul_rn(__dmul_rn(delta, oneMinusRho), delta));
    p[i] = __dadd_rn(p[i], __dmul_rn(delta, negLr));
  }
}

// SGD: b is the momentum buffer (null, never read, when useMomentum is 0); on the first step it is
// written with the gradient, as PyTorch clones it.
extern "C" __global__ void jt_sgd_f32(long long n, float* p, const float* g, float* b, float wd,
                                      float momentum, float oneMinusDampening, float negLr,
                                      int decay, int useMomentum, int first, int nesterov,
                                      int maximize) {
  JT_GRID_STRIDE(i, n) {
    float d = maximize ? -g[i] : g[i];
    if (decay) d = __fadd_rn(d, __fmul_rn(p[i], wd));
    if (useMomentum) {
      float buf = first ? d
                        : __fadd_rn(__fmul_rn(b[i], momentum), __fmul_rn(d, oneMinusDampening));
      b[i] = buf;
      d = nesterov ? __fadd_rn(d, __fmul_rn(buf, momentum)) : buf;
    }
    p[i] = __fadd_rn(p[i], __fmul_rn(d, negLr));
  }
}

extern "C" __global__ void jt_sgd_f64(long long n, double* p, const double* g, double* b,
                                      double wd, double momentum, double oneMinusDampening,
                                      double negLr, int decay, int useMomentum, int first,
                                      int nesterov, int maximize) {
  JT_GRID_STRIDE(i, n) {
    double d = maximize ? -g[i] : g[i];
    if (decay) d = __dadd_rn(d, __dmul_rn(p[i], wd));
    if (useMomentum) {
      double buf = first ? d
                         : __dadd_rn(__dmul_rn(b[i], momentum), __dmul_rn(d, oneMinusDampening));
      b[i] = buf;
      d = nesterov ? __dadd_rn(d, __dmul_rn(buf, momentum)) : buf;
    }
    p[i] = __dadd_rn(p[i], __dmul_rn(d, negLr));
  }
}
