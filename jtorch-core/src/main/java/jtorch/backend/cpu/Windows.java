package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.backend.BinaryOp;
import jtorch.backend.Strided;
import jtorch.backend.Window2d;

/**
 * Sliding-window kernels over [N, C, H, W] inputs: im2col, col2im and max pooling. Work is split
 * over threads by (n, c) planes, so no two threads write the same element. float32 arrays are read
 * and written directly; other dtypes go through {@link Elements}.
 */
final class Windows {
  private static final FloatOps F = FloatOpsProvider.OPS;

  private Windows() {}

  /** Reads element {@code i} as a double, from a float array when there is one. */
  private static double read(float[] f, MemorySegment s, DType t, long i) {
    return f != null ? f[(int) i] : Elements.getDouble(s, t, i);
  }

  private static float[] floats(Strided s) {
    return s.dtype() == DType.FLOAT32 && s.storage().array() instanceof float[] f ? f : null;
  }

  static void im2col(Strided in, Window2d w, Strided out) {
    long[] sh = in.shape();
    long[] st = in.stride();
    long c = sh[1];
    long h = sh[2];
    long wd = sh[3];
    long oh = w.outH(h);
    long ow = w.outW(wd);
    long l = oh * ow;
    int kk = w.kernelH() * w.kernelW();
    float[] fi = floats(in);
    float[] fo = floats(out);
    MemorySegment mi = in.storage().segment();
    MemorySegment mo = out.storage().segment();
    DType ti = in.dtype();
    DType to = out.dtype();
    Parallel.forRange(
        sh[0] * c,
        kk * l,
        (s, e) -> {
          for (long nc = s; nc < e; nc++) {
            long n = nc / c;
            long ch = nc % c;
            long base = in.offset() + n * st[0] + ch * st[1];
            long row0 = out.offset() + (n * c + ch) * kk * l;
            if (fi != null && fo != null) {
              im2colFloat(fi, (int) base, st, h, wd, w, fo, (int) row0, oh, ow);
              continue;
            }
            for (int ki = 0; ki < w.kernelH(); ki++) {
              for (int kj = 0; kj < w.kernelW(); kj++) {
                long row = row0 + (ki * w.kernelW() + kj) * l;
                for (long oy = 0; oy < oh; oy++) {
                  long iy = oy * w.strideH() - w.padH() + (long) ki * w.dilationH();
                  long o = row + oy * ow;
                  boolean rowOk = iy >= 0 && iy < h;
                  for (long ox = 0; ox < ow; ox++) {
                    long ix = ox * w.strideW() - w.padW() + (long) kj * w.dilationW();
                    double v = 0;
                    if (rowOk && ix >= 0 && ix < wd) {
                      v = read(fi, mi, ti, base + iy * st[2] + ix * st[3]);
                    }
                    if (fo != null) {
                      fo[(int) (o + ox)] = (float) v;
                    } else {
                      Elements.setDouble(mo, to, o + ox, v);
                    }
                  }
                }
              }
            }
          }
        });
  }

  static void col2im(Strided cols, Window2d w, Strided out) {
    long[] sh = out.shape();
    long c = sh[1];
    long h = sh[2];
    long wd = sh[3];
    long oh = w.outH(h);
    long ow = w.outW(wd);
    long l = oh * ow;
    int kk = w.kernelH() * w.kernelW();
    long[] cs = cols.stride();
    float[] fc = floats(cols);
    float[] fo = floats(out);
    MemorySegment mc = cols.storage().segment();
    MemorySegment mo = out.storage().segment();
    DType tc = cols.dtype();
    DType to = out.dtype();
    Parallel.forRange(
        sh[0] * c,
        kk * l,
        (s, e) -> {
          for (long nc = s; nc < e; nc++) {
            long n = nc / c;
            long ch = nc % c;
            long plane = out.offset() + (n * c + ch) * h * wd;
            if (fc != null && fo != null) {
              long row0 = cols.offset() + n * cs[0] + ch * kk * cs[1];
              col2imFloat(fc, row0, cs, w, fo, (int) plane, h, wd, oh, ow);
              continue;
            }
            for (int ki = 0; ki < w.kernelH(); ki++) {
              for (int kj = 0; kj < w.kernelW(); kj++) {
                long row = cols.offset() + n * cs[0] + (ch * kk + ki * w.kernelW() + kj) * cs[1];
                for (long oy = 0; oy < oh; oy++) {
                  long iy = oy * w.strideH() - w.padH() + (long) ki * w.dilationH();
                  if (iy < 0 || iy >= h) {
                    continue;
                  }
                  for (long ox = 0; ox < ow; ox++) {
                    long ix = ox * w.strideW() - w.padW() + (long) kj * w.dilationW();
                    if (ix < 0 || ix >= wd) {
                      continue;
                    }
                    double v = read(fc, mc, tc, row + (oy * ow + ox) * cs[2]);
                    long o = plane + iy * wd + ix;
                    if (fo != null) {
                      fo[(int) o] += (float) v;
                    } else {
                      Elements.setDouble(mo, to, o, Elements.getDouble(mo, to, o) + v);
                    }
                  }
                }
              }
            }
          }
        });
  }

  /**
   * The float32 im2col of one plane. Each output row is the part of one input row that the window
   * column sees: the columns that fall into the padding are found once per row and zero-filled, and
   * with unit strides the rest is one array copy.
   */
  static void im2colFloat(
      float[] fi,
      int base,
      long[] st,
      long h,
      long wd,
      Window2d w,
      float[] fo,
      int row0,
      long oh,
      long ow) {
    int sy = (int) st[2];
    int sx = (int) st[3];
    int sw = w.strideW();
    int width = (int) ow;
    int o = row0;
    for (int ki = 0; ki < w.kernelH(); ki++) {
      for (int kj = 0; kj < w.kernelW(); kj++) {
        int x0 = kj * w.dilationW() - w.padW();
        int lo = validFrom(x0, sw, width);
        int hi = validTo(x0, sw, width, (int) wd, lo);
        for (int oy = 0; oy < oh; oy++, o += width) {
          int iy = oy * w.strideH() - w.padH() + ki * w.dilationH();
          if (iy < 0 || iy >= h) {
            java.util.Arrays.fill(fo, o, o + width, 0f);
            continue;
          }
          java.util.Arrays.fill(fo, o, o + lo, 0f);
          java.util.Arrays.fill(fo, o + hi, o + width, 0f);
          int src = base + iy * sy + x0 * sx;
          if (sw == 1 && sx == 1) {
            System.arraycopy(fi, src + lo, fo, o + lo, hi - lo);
          } else {
            for (int ox = lo; ox < hi; ox++) {
              fo[o + ox] = fi[src + ox * sw * sx];
            }
          }
        }
      }
    }
  }

  /** The first output column whose input column {@code x0 + ox * sw} is not left of the input. */
  private static int validFrom(int x0, int sw, int ow) {
    return x0 >= 0 ? 0 : Math.min(ow, (-x0 + sw - 1) / sw);
  }

  /** One past the last output column whose input column lies inside an input {@code wd} wide. */
  private static int validTo(int x0, int sw, int ow, int wd, int lo) {
    return x0 >= wd ? lo : Math.max(lo, Math.min(ow, (wd - 1 - x0) / sw + 1));
  }

  /** The float32 col2im of one plane, over the valid columns of each row only (see im2col). */
  static void col2imFloat(
      float[] fc,
      long row0,
      long[] cs,
      Window2d w,
      float[] fo,
      int plane,
      long h,
      long wd,
      long oh,
      long ow) {
    int step = (int) cs[2];
    int sw = w.strideW();
    int width = (int) ow;
    for (int ki = 0; ki < w.kernelH(); ki++) {
      for (int kj = 0; kj < w.kernelW(); kj++) {
        int row = (int) (row0 + (ki * w.kernelW() + kj) * cs[1]);
        int x0 = kj * w.dilationW() - w.padW();
        int lo = validFrom(x0, sw, width);
        int hi = validTo(x0, sw, width, (int) wd, lo);
        for (int oy = 0; oy < oh; oy++) {
          int iy = oy * w.strideH() - w.padH() + ki * w.dilationH();
          if (iy < 0 || iy >= h) {
            continue;
          }
          int dst = plane + iy * (int) wd + x0;
          int src = row + oy * width * step;
          if (sw == 1 && step == 1) {
            F.binary(BinaryOp.ADD, fo, dst + lo, fc, src + lo, fo, dst + lo, hi - lo);
          } else {
            for (int ox = lo; ox < hi; ox++) {
              fo[dst + ox * sw] += fc[src + ox * step];
            }
          }
        }
      }
    }
  }

  static void maxPool2d(Strided in, Window2d w, Strided out, Strided indices) {
    long[] sh = in.shape();
    long[] st = in.stride();
    long c = sh[1];
    long h = sh[2];
    long wd = sh[3];
    long oh = w.outH(h);
    long ow = w.outW(wd);
    float[] fi = floats(in);
    float[] fo = floats(out);
    MemorySegment mi = in.storage().segment();
    MemorySegment mo = out.storage().segment();
    MemorySegment mx = indices.storage().segment();
    DType ti = in.dtype();
    DType to = out.dtype();
    long[] fx = indices.storage().array() instanceof long[] l ? l : null;
    int[][] windows = fi != null && fo != null && fx != null ? windowsInside(in, w) : null;
    boolean twoByTwo =
        windows != null
            && w.equals(new Window2d(2, 2, 2, 2, 0, 0, 1, 1))
            && st[3] == 1
            && st[2] == wd;
    Parallel.forRange(
        sh[0] * c,
        oh * ow * w.kernelH() * w.kernelW(),
        (s, e) -> {
          for (long nc = s; nc < e; nc++) {
            long base = in.offset() + (nc / c) * st[0] + (nc % c) * st[1];
            long o = out.offset() + nc * oh * ow;
            long x = indices.offset() + nc * oh * ow;
            if (twoByTwo) {
              F.maxPool2x2(
                  fi, (int) base, (int) wd, (int) wd, (int) oh, (int) ow, fo, (int) o, fx, (int) x);
              continue;
            }
            if (windows != null) {
              F.maxPool(
                  fi,
                  (int) base,
                  windows[0],
                  windows[1],
                  fo,
                  (int) o,
                  fx,
                  (int) x,
                  0,
                  (int) (oh * ow));
              continue;
            }
            if (fi != null && fo != null && fx != null) {
              maxPoolFloat(fi, (int) base, st, (int) h, (int) wd, w, fo, (int) o, fx, (int) x);
              continue;
            }
            for (long oy = 0; oy < oh; oy++) {
              long hs = oy * w.strideH() - w.padH();
              long he = Math.min(hs + (long) (w.kernelH() - 1) * w.dilationH() + 1, h);
              while (hs < 0) {
                hs += w.dilationH();
              }
              for (long ox = 0; ox < ow; ox++) {
                long ws = ox * w.strideW() - w.padW();
                long we = Math.min(ws + (long) (w.kernelW() - 1) * w.dilationW() + 1, wd);
                while (ws < 0) {
                  ws += w.dilationW();
                }
                long best = hs * wd + ws;
                double bv = Double.NEGATIVE_INFINITY;
                for (long iy = hs; iy < he; iy += w.dilationH()) {
                  for (long ix = ws; ix < we; ix += w.dilationW()) {
                    double v = read(fi, mi, ti, base + iy * st[2] + ix * st[3]);
                    if (v > bv || Double.isNaN(v)) {
                      bv = v;
                      best = iy * wd + ix;
                    }
                  }
                }
                long p = oy * ow + ox;
                if (fo != null) {
                  fo[(int) (o + p)] = (float) bv;
                } else {
                  Elements.setDouble(mo, to, o + p, bv);
                }
                Elements.setLong(mx, DType.INT64, x + p, best);
              }
            }
          }
        });
  }

  /**
   * For unpadded windows over row-major planes: the plane position of each window's first element
   * and the offsets of its taps from there, in the generic loop's order ({@link FloatOps#maxPool});
   * null for other layouts.
   */
  private static int[][] windowsInside(Strided in, Window2d w) {
    long[] sh = in.shape();
    long[] st = in.stride();
    if (w.padH() != 0 || w.padW() != 0 || st[3] != 1 || st[2] != sh[3]) {
      return null;
    }
    int wd = (int) sh[3];
    int oh = (int) w.outH(sh[2]);
    int ow = (int) w.outW(sh[3]);
    int[] pos = new int[oh * ow];
    for (int oy = 0, p = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++, p++) {
        pos[p] = oy * w.strideH() * wd + ox * w.strideW();
      }
    }
    int[] taps = new int[w.kernelH() * w.kernelW()];
    for (int ki = 0, t = 0; ki < w.kernelH(); ki++) {
      for (int kj = 0; kj < w.kernelW(); kj++, t++) {
        taps[t] = ki * w.dilationH() * wd + kj * w.dilationW();
      }
    }
    return new int[][] {pos, taps};
  }

  /**
   * The float32 max pooling of one plane, as the generic loop (NaN wins, the last NaN of a window
   * included; padding never does) without its per-element dtype dispatch and double arithmetic.
   * Planes padded or not row-major; the others take {@link FloatOps#maxPool}.
   */
  private static void maxPoolFloat(
      float[] fi,
      int base,
      long[] st,
      int h,
      int wd,
      Window2d w,
      float[] fo,
      int o,
      long[] fx,
      int x) {
    int sy = (int) st[2];
    int sx = (int) st[3];
    int dh = w.dilationH();
    int dw = w.dilationW();
    int oh = (int) w.outH(h);
    int ow = (int) w.outW(wd);
    for (int oy = 0, p = 0; oy < oh; oy++) {
      int hs = oy * w.strideH() - w.padH();
      int he = Math.min(hs + (w.kernelH() - 1) * dh + 1, h);
      while (hs < 0) {
        hs += dh;
      }
      for (int ox = 0; ox < ow; ox++, p++) {
        int ws = ox * w.strideW() - w.padW();
        int we = Math.min(ws + (w.kernelW() - 1) * dw + 1, wd);
        while (ws < 0) {
          ws += dw;
        }
        int best = hs * wd + ws;
        float bv = Float.NEGATIVE_INFINITY;
        for (int iy = hs; iy < he; iy += dh) {
          for (int ix = ws, src = base + iy * sy + ws * sx; ix < we; ix += dw, src += dw * sx) {
            float v = fi[src];
            // conditional moves, not a branch: which element wins is a coin flip on real data
            boolean wins = v > bv || v != v;
            best = wins ? iy * wd + ix : best;
            bv = wins ? v : bv;
          }
        }
        fo[o + p] = bv;
        fx[x + p] = best;
      }
    }
  }

  static void maxPool2dBackward(Strided grad, Strided indices, Strided gradInput) {
    long[] gs = grad.shape();
    long[] gst = grad.stride();
    long c = gs[1];
    long plane = gs[2] * gs[3];
    long inPlane = gradInput.shape()[2] * gradInput.shape()[3];
    float[] fg = floats(grad);
    float[] fo = floats(gradInput);
    MemorySegment mg = grad.storage().segment();
    MemorySegment mo = gradInput.storage().segment();
    MemorySegment mx = indices.storage().segment();
    long[] fx = indices.storage().array() instanceof long[] l ? l : null;
    DType tg = grad.dtype();
    DType to = gradInput.dtype();
    Parallel.forRange(
        gs[0] * c,
        plane,
        (s, e) -> {
          for (long nc = s; nc < e; nc++) {
            long g0 = grad.offset() + (nc / c) * gst[0] + (nc % c) * gst[1];
            long x0 = indices.offset() + nc * plane;
            long o0 = gradInput.offset() + nc * inPlane;
            if (fg != null && fo != null && fx != null) {
              int i = (int) x0;
              for (int oy = 0; oy < gs[2]; oy++) {
                int gy = (int) (g0 + oy * gst[2]);
                for (int ox = 0; ox < gs[3]; ox++, i++) {
                  fo[(int) (o0 + fx[i])] += fg[gy + ox * (int) gst[3]];
                }
              }
              continue;
            }
            for (long oy = 0; oy < gs[2]; oy++) {
              for (long ox = 0; ox < gs[3]; ox++) {
                double v = read(fg, mg, tg, g0 + oy * gst[2] + ox * gst[3]);
                long o = o0 + Elements.getLong(mx, DType.INT64, x0 + oy * gs[3] + ox);
                if (fo != null) {
                  fo[(int) o] += (float) v;
                } else {
                  Elements.setDouble(mo, to, o, Elements.getDouble(mo, to, o) + v);
                }
              }
            }
          }
        });
  }
}
