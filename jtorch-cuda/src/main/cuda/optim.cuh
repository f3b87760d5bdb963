// Fused optimizer steps on contiguous operands. Every operation is an explicitly rounded
// intrinsic (no fused multiply-add), in the order of jtorch.backend.cpu.FusedAdadelta, so the
// GPU gives the CPU's bits.
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
