package jtorch.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import jtorch.backend.BinaryOp;
import jtorch.backend.UnaryOp;

/**
 * Vector API float32 loops at the machine's preferred width (AVX-512: 16 lanes, AVX2: 8). Loaded by
 * reflection only when {@code jdk.incubator.vector} is present; tails use the scalar path.
 */
final class VectorFloatOps implements FloatOps {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final ScalarFloatOps TAIL = new ScalarFloatOps();

  // The Vector API compiles to SIMD only when the operator is a constant at the call site, so
  // every op gets its own loop below; ops without one use the scalar loop.

  @Override
  public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case ADD -> {
        for (; i < bound; i += step) {
          va(a, ao + i).add(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case SUB -> {
        for (; i < bound; i += step) {
          va(a, ao + i).sub(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case MUL -> {
        for (; i < bound; i += step) {
          va(a, ao + i).mul(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case DIV -> {
        for (; i < bound; i += step) {
          va(a, ao + i).div(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      default -> {}
    }
    TAIL.binary(op, a, ao + i, b, bo + i, o, oo + i, n - i);
  }

  @Override
  public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] o, int oo, int n) {
    FloatVector y = FloatVector.broadcast(S, s);
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case ADD -> {
        for (; i < bound; i += step) {
          va(a, ao + i).add(y).intoArray(o, oo + i);
        }
      }
      case SUB -> {
        for (; i < bound; i += step) {
          va(a, ao + i).sub(y).intoArray(o, oo + i);
        }
      }
      case MUL -> {
        for (; i < bound; i += step) {
          va(a, ao + i).mul(y).intoArray(o, oo + i);
        }
      }
      case DIV -> {
        for (; i < bound; i += step) {
          va(a, ao + i).div(y).intoArray(o, oo + i);
        }
      }
      default -> {}
    }
    TAIL.binaryScalar(op, a, ao + i, s, o, oo + i, n - i);
  }

  @Override
  public void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] o, int oo, int n) {
    FloatVector x = FloatVector.broadcast(S, s);
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case ADD -> {
        for (; i < bound; i += step) {
          x.add(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case SUB -> {
        for (; i < bound; i += step) {
          x.sub(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case MUL -> {
        for (; i < bound; i += step) {
          x.mul(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case DIV -> {
        for (; i < bound; i += step) {
          x.div(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      default -> {}
    }
    TAIL.scalarBinary(op, s, b, bo + i, o, oo + i, n - i);
  }

  @Override
  public void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n) {
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case NEG -> {
        for (; i < bound; i += step) {
          va(a, ao + i).neg().intoArray(o, oo + i);
        }
      }
      case ABS -> {
        for (; i < bound; i += step) {
          va(a, ao + i).abs().intoArray(o, oo + i);
        }
      }
      case RELU -> {
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += step) {
          va(a, ao + i).max(zero).intoArray(o, oo + i);
        }
      }
      case SQRT -> {
        for (; i < bound; i += step) {
          va(a, ao + i).sqrt().intoArray(o, oo + i);
        }
      }
      case EXP -> {
        for (; i < bound; i += step) {
          va(a, ao + i).lanewise(VectorOperators.EXP).intoArray(o, oo + i);
        }
      }
      case LOG -> {
        for (; i < bound; i += step) {
          va(a, ao + i).lanewise(VectorOperators.LOG).intoArray(o, oo + i);
        }
      }
      case TANH -> {
        for (; i < bound; i += step) {
          va(a, ao + i).lanewise(VectorOperators.TANH).intoArray(o, oo + i);
        }
      }
      case SIGMOID -> {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += step) {
          FloatVector e = va(a, ao + i).neg().lanewise(VectorOperators.EXP);
          one.div(one.add(e)).intoArray(o, oo + i);
        }
      }
      default -> {}
    }
    TAIL.unary(op, a, ao + i, o, oo + i, n - i);
  }

  private static FloatVector va(float[] a, int i) {
    return FloatVector.fromArray(S, a, i);
  }

  @Override
  public double sum(float[] a, int ao, int n) {
    // Float lanes summed in blocks, each block total added in double: fast and accurate.
    int block = S.length() * 64;
    double total = 0;
    int i = 0;
    while (n - i >= block) {
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < block; j += S.length()) {
        acc = acc.add(FloatVector.fromArray(S, a, ao + i + j));
      }
      total += acc.reduceLanes(VectorOperators.ADD);
      i += block;
    }
    return total + TAIL.sum(a, ao + i, n - i);
  }

  /** Per-thread buffer for a packed strip of B. */
  private static final ThreadLocal<float[][]> PACK = ThreadLocal.withInitial(() -> new float[1][0]);

  /**
   * Register-blocked kernel. Each strip of two vectors' width of B is first copied into a
   * contiguous buffer (so the k loop streams it instead of striding over rows of B, which thrashes
   * cache sets for large n); then four rows of C times that strip stay in eight accumulators over
   * the whole k loop, so each loaded vector of B feeds four FMAs. Row and column tails use narrower
   * loops.
   */
  @Override
  public void gemm(
      float[] a,
      int ao,
      float[] b,
      int bo,
      float[] c,
      int co,
      int k,
      int n,
      int r0,
      int r1,
      int j0,
      int j1) {
    int v = S.length();
    int w = 2 * v;
    float[][] holder = PACK.get();
    if (holder[0].length < k * w) {
      holder[0] = new float[k * w];
    }
    float[] pk = holder[0];
    int j = j0;
    for (; j + w <= j1; j += w) {
      for (int p = 0; p < k; p++) {
        System.arraycopy(b, bo + p * n + j, pk, p * w, w);
      }
      int i = r0;
      for (; i + 4 <= r1; i += 4) {
        kernel4(a, ao + i * k, k, pk, c, co + i * n + j, n);
      }
      for (; i < r1; i++) {
        kernel1(a, ao + i * k, k, pk, c, co + i * n + j);
      }
    }
    if (j < j1) {
      partialStrip(a, ao, b, bo, c, co, k, n, r0, r1, j, j1, pk);
    }
  }

  /**
   * The last strip, narrower than two vectors: packed with zero columns up to full width, computed
   * by the same kernels into a small buffer, and only the real columns copied out.
   */
  private static void partialStrip(
      float[] a,
      int ao,
      float[] b,
      int bo,
      float[] c,
      int co,
      int k,
      int n,
      int r0,
      int r1,
      int j,
      int j1,
      float[] pk) {
    int w = 2 * S.length();
    int len = j1 - j;
    for (int p = 0; p < k; p++) {
      System.arraycopy(b, bo + p * n + j, pk, p * w, len);
      java.util.Arrays.fill(pk, p * w + len, (p + 1) * w, 0f);
    }
    float[] tmp = new float[4 * w];
    int i = r0;
    for (; i + 4 <= r1; i += 4) {
      kernel4(a, ao + i * k, k, pk, tmp, 0, w);
      for (int r = 0; r < 4; r++) {
        System.arraycopy(tmp, r * w, c, co + (i + r) * n + j, len);
      }
    }
    for (; i < r1; i++) {
      kernel1(a, ao + i * k, k, pk, tmp, 0);
      System.arraycopy(tmp, 0, c, co + i * n + j, len);
    }
  }

  private static void kernel4(float[] a, int a0, int k, float[] pk, float[] c, int ci, int n) {
    int v = S.length();
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    for (int p = 0, bp = 0; p < k; p++, bp += 2 * v) {
      FloatVector b0 = FloatVector.fromArray(S, pk, bp);
      FloatVector b1 = FloatVector.fromArray(S, pk, bp + v);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + v);
    c10.intoArray(c, ci + n);
    c11.intoArray(c, ci + n + v);
    c20.intoArray(c, ci + 2 * n);
    c21.intoArray(c, ci + 2 * n + v);
    c30.intoArray(c, ci + 3 * n);
    c31.intoArray(c, ci + 3 * n + v);
  }

  private static void kernel1(float[] a, int a0, int k, float[] pk, float[] c, int ci) {
    int v = S.length();
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    for (int p = 0, bp = 0; p < k; p++, bp += 2 * v) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      c0 = FloatVector.fromArray(S, pk, bp).fma(x, c0);
      c1 = FloatVector.fromArray(S, pk, bp + v).fma(x, c1);
    }
    c0.intoArray(c, ci);
    c1.intoArray(c, ci + v);
  }

  @Override
  public String name() {
    return "vector(" + S.length() + "x float32)";
  }
}
