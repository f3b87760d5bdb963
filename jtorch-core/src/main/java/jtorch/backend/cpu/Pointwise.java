package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jtorch.DType;
import jtorch.backend.BinaryOp;
import jtorch.backend.Scalar;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;

/**
 * Elementwise CPU kernels. float32 operands on Java arrays take the {@link FloatOps} loops; every
 * other dtype and layout runs the generic loop, which reads through {@link Elements}, computes in
 * double (floating dtypes) or long (integers and bool) and rounds on write.
 */
final class Pointwise {
  private static final FloatOps F = FloatOpsProvider.OPS;

  private Pointwise() {}

  static void fill(Strided out, Scalar v) {
    DType t = out.dtype();
    MemorySegment s = out.storage().segment();
    Loop loop = Loop.of(out);
    long st = loop.innerStride(0);
    boolean asDouble = t.isFloatingPoint() || !v.integral();
    loop.run((offs, n) -> {
      if (out.storage().array() instanceof float[] arr && st == 1) {
        Arrays.fill(arr, (int) offs[0], (int) (offs[0] + n), (float) v.value());
        return;
      }
      for (long i = 0, o = offs[0]; i < n; i++, o += st) {
        if (asDouble) {
          Elements.setDouble(s, t, o, v.value());
        } else {
          Elements.setLong(s, t, o, v.longValue());
        }
      }
    });
  }

  static void copy(Strided src, Strided dst) {
    Loop loop = Loop.of(dst, src);
    if (src.dtype() == DType.FLOAT32
        && dst.dtype() == DType.FLOAT32
        && src.storage().array() instanceof float[] fs
        && dst.storage().array() instanceof float[] fd
        && loop.dims() == 2
        && loop.stride(0, 1) == 1
        && loop.stride(1, 0) == 1) {
      ArrayCopy.transpose(fs, fd, loop);
      return;
    }
    long sd = loop.innerStride(0);
    long ss = loop.innerStride(1);
    DType td = dst.dtype();
    DType ts = src.dtype();
    MemorySegment md = dst.storage().segment();
    MemorySegment ms = src.storage().segment();
    Object ad = dst.storage().array();
    Object as = src.storage().array();
    boolean viaLong = !td.isFloatingPoint() && !ts.isFloatingPoint();
    loop.run((offs, n) -> {
      if (td == ts
          && sd == 1
          && ss == 1
          && Elements.arrayHolds(ad, td)
          && Elements.arrayHolds(as, ts)) {
        System.arraycopy(as, (int) offs[1], ad, (int) offs[0], (int) n);
        return;
      }
      if (ArrayCopy.row(as, ts, offs[1], ss, ad, td, offs[0], sd, n)) {
        return;
      }
      for (long i = 0, o = offs[0], p = offs[1]; i < n; i++, o += sd, p += ss) {
        if (viaLong) {
          Elements.setLong(md, td, o, Elements.getLong(ms, ts, p));
        } else if (td == DType.BOOL) {
          Elements.setLong(md, td, o, Elements.getDouble(ms, ts, p) != 0 ? 1 : 0);
        } else {
          Elements.setDouble(md, td, o, Elements.getDouble(ms, ts, p));
        }
      }
    });
  }

  static void unary(UnaryOp op, Strided in, Strided out) {
    Loop loop = Loop.of(out, in);
    long so = loop.innerStride(0);
    long si = loop.innerStride(1);
    DType ti = in.dtype();
    DType to = out.dtype();
    MemorySegment mi = in.storage().segment();
    MemorySegment mo = out.storage().segment();
    if (ti == DType.FLOAT32
        && to == DType.FLOAT32
        && in.storage().array() instanceof float[] fi
        && out.storage().array() instanceof float[] fo
        && FloatOps.supports(op)) {
      loop.run((offs, n) -> {
        int o = (int) offs[0];
        int p = (int) offs[1];
        if (so == 1 && si == 1) {
          F.unary(op, fi, p, fo, o, (int) n);
        } else {
          for (int i = 0; i < n; i++) {
            fo[o + i * (int) so] = ScalarFloatOps.apply(op, fi[p + i * (int) si]);
          }
        }
      });
      return;
    }
    boolean floating = ti.isFloatingPoint();
    loop.run((offs, n) -> {
      for (long i = 0, o = offs[0], p = offs[1]; i < n; i++, o += so, p += si) {
        if (floating) {
          Elements.setDouble(mo, to, o, applyDouble(op, Elements.getDouble(mi, ti, p)));
        } else {
          Elements.setLong(mo, to, o, applyLong(op, Elements.getLong(mi, ti, p)));
        }
      }
    });
  }

  static void binary(BinaryOp op, Strided a, Strided b, Strided out) {
    Loop loop = Loop.of(out, a, b);
    long so = loop.innerStride(0);
    long sa = loop.innerStride(1);
    long sb = loop.innerStride(2);
    if (a.dtype() == DType.FLOAT32
        && out.dtype() == DType.FLOAT32
        && a.storage().array() instanceof float[] fa
        && b.storage().array() instanceof float[] fb
        && out.storage().array() instanceof float[] fo
        && FloatOps.supports(op)) {
      loop.run((offs, n) -> floatRow(op, fa, fb, fo, offs, n, so, sa, sb));
      return;
    }
    if (a.dtype() == DType.FLOAT32
        && out.dtype() == DType.BOOL
        && op.ordinal() >= BinaryOp.EQ.ordinal()
        && op.ordinal() <= BinaryOp.GE.ordinal()
        && a.storage().array() instanceof float[] fa
        && b.storage().array() instanceof float[] fb
        && out.storage().array() instanceof byte[] bo) {
      loop.run((offs, n) -> compareRow(op, fa, fb, bo, offs, n, so, sa, sb));
      return;
    }
    DType t = a.dtype();
    DType to = out.dtype();
    MemorySegment ma = a.storage().segment();
    MemorySegment mb = b.storage().segment();
    MemorySegment mo = out.storage().segment();
    boolean floating = t.isFloatingPoint();
    loop.run((offs, n) -> {
      for (long i = 0, o = offs[0], p = offs[1], q = offs[2];
          i < n;
          i++, o += so, p += sa, q += sb) {
        if (floating) {
          double x = Elements.getDouble(ma, t, p);
          double y = Elements.getDouble(mb, t, q);
          Elements.setDouble(mo, to, o, applyDouble(op, x, y, t));
        } else {
          long x = Elements.getLong(ma, t, p);
          long y = Elements.getLong(mb, t, q);
          Elements.setLong(mo, to, o, applyLong(op, x, y));
        }
      }
    });
  }

  private static void floatRow(
      BinaryOp op,
      float[] a,
      float[] b,
      float[] o,
      long[] offs,
      long n,
      long so,
      long sa,
      long sb) {
    int oo = (int) offs[0];
    int ao = (int) offs[1];
    int bo = (int) offs[2];
    int len = (int) n;
    if (so == 1 && sa == 1 && sb == 1) {
      F.binary(op, a, ao, b, bo, o, oo, len);
    } else if (so == 1 && sa == 1 && sb == 0) {
      F.binaryScalar(op, a, ao, b[bo], o, oo, len);
    } else if (so == 1 && sa == 0 && sb == 1) {
      F.scalarBinary(op, a[ao], b, bo, o, oo, len);
    } else {
      for (int i = 0; i < len; i++) {
        o[oo + i * (int) so] = ScalarFloatOps.apply(op, a[ao + i * (int) sa], b[bo + i * (int) sb]);
      }
    }
  }

  /**
   * A float comparison row into bool bytes: one loop per op, so the op is not dispatched per
   * element (dropout compares every element of its random tensor).
   */
  private static void compareRow(
      BinaryOp op, float[] a, float[] b, byte[] o, long[] offs, long n, long so, long sa, long sb) {
    int oo = (int) offs[0];
    int ao = (int) offs[1];
    int bo = (int) offs[2];
    int os = (int) so;
    int as = (int) sa;
    int bs = (int) sb;
    int len = (int) n;
    if (op == BinaryOp.GE && os == 1 && as == 1 && bs == 0) { // x.ge(p): dropout's keep mask
      float y = b[bo];
      for (int i = 0; i < len; i++) {
        o[oo + i] = (byte) (a[ao + i] >= y ? 1 : 0);
      }
      return;
    }
    switch (op) {
      case EQ -> {
        for (int i = 0; i < len; i++) {
          o[oo + i * os] = (byte) (a[ao + i * as] == b[bo + i * bs] ? 1 : 0);
        }
      }
      case NE -> {
        for (int i = 0; i < len; i++) {
          o[oo + i * os] = (byte) (a[ao + i * as] != b[bo + i * bs] ? 1 : 0);
        }
      }
      case LT -> {
        for (int i = 0; i < len; i++) {
          o[oo + i * os] = (byte) (a[ao + i * as] < b[bo + i * bs] ? 1 : 0);
        }
      }
      case LE -> {
        for (int i = 0; i < len; i++) {
          o[oo + i * os] = (byte) (a[ao + i * as] <= b[bo + i * bs] ? 1 : 0);
        }
      }
      case GT -> {
        for (int i = 0; i < len; i++) {
          o[oo + i * os] = (byte) (a[ao + i * as] > b[bo + i * bs] ? 1 : 0);
        }
      }
      default -> {
        for (int i = 0; i < len; i++) {
          o[oo + i * os] = (byte) (a[ao + i * as] >= b[bo + i * bs] ? 1 : 0);
        }
      }
    }
  }

  static void where(Strided cond, Strided a, Strided b, Strided out) {
    Loop loop = Loop.of(out, cond, a, b);
    long so = loop.innerStride(0);
    long sc = loop.innerStride(1);
    long sa = loop.innerStride(2);
    long sb = loop.innerStride(3);
    DType t = out.dtype();
    if (t == DType.FLOAT32
        && cond.storage().array() instanceof byte[] fc
        && a.storage().array() instanceof float[] fa
        && b.storage().array() instanceof float[] fb
        && out.storage().array() instanceof float[] fo) {
      loop.run((offs, n) -> {
        int o = (int) offs[0];
        int c = (int) offs[1];
        int p = (int) offs[2];
        int q = (int) offs[3];
        for (int i = 0; i < n; i++) {
          fo[o + i * (int) so] =
              fc[c + i * (int) sc] != 0 ? fa[p + i * (int) sa] : fb[q + i * (int) sb];
        }
      });
      return;
    }
    MemorySegment mc = cond.storage().segment();
    MemorySegment ma = a.storage().segment();
    MemorySegment mb = b.storage().segment();
    MemorySegment mo = out.storage().segment();
    loop.run((offs, n) -> {
      for (long i = 0, o = offs[0], c = offs[1], p = offs[2], q = offs[3];
          i < n;
          i++, o += so, c += sc, p += sa, q += sb) {
        boolean take = mc.get(ValueLayout.JAVA_BYTE, c) != 0;
        if (t.isFloatingPoint()) {
          Elements.setDouble(
              mo, t, o, take ? Elements.getDouble(ma, t, p) : Elements.getDouble(mb, t, q));
        } else {
          Elements.setLong(
              mo, t, o, take ? Elements.getLong(ma, t, p) : Elements.getLong(mb, t, q));
        }
      }
    });
  }

  static double applyDouble(UnaryOp op, double x) {
    return switch (op) {
      case NEG -> -x;
      case ABS -> Math.abs(x);
      case SIGN -> x > 0 ? 1 : x < 0 ? -1 : 0; // NaN gives 0, as PyTorch
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SQRT -> Math.sqrt(x);
      case RELU -> Double.isNaN(x) ? x : Math.max(x, 0);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case TANH -> Math.tanh(x);
      case LOGICAL_NOT -> x == 0 ? 1 : 0;
    };
  }

  static long applyLong(UnaryOp op, long x) {
    return switch (op) {
      case NEG -> -x;
      case ABS -> Math.abs(x);
      case SIGN -> Long.signum(x);
      case RELU -> Math.max(x, 0);
      case LOGICAL_NOT -> x == 0 ? 1 : 0;
      default -> throw new IllegalArgumentException(op + " on integers");
    };
  }

  static double applyDouble(BinaryOp op, double x, double y, DType t) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      case POW -> t == DType.FLOAT64 ? Math.pow(x, y) : (float) Math.pow(x, y);
      case MAXIMUM -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
      case MINIMUM -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
      case EQ -> x == y ? 1 : 0;
      case NE -> x != y ? 1 : 0;
      case LT -> x < y ? 1 : 0;
      case LE -> x <= y ? 1 : 0;
      case GT -> x > y ? 1 : 0;
      case GE -> x >= y ? 1 : 0;
      case LOGICAL_AND -> x != 0 && y != 0 ? 1 : 0;
      case LOGICAL_OR -> x != 0 || y != 0 ? 1 : 0;
      case RELU_BACKWARD -> y <= 0 ? 0 : x;
    };
  }

  static long applyLong(BinaryOp op, long x, long y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      case POW -> powLong(x, y);
      case MAXIMUM -> Math.max(x, y);
      case MINIMUM -> Math.min(x, y);
      case EQ -> x == y ? 1 : 0;
      case NE -> x != y ? 1 : 0;
      case LT -> x < y ? 1 : 0;
      case LE -> x <= y ? 1 : 0;
      case GT -> x > y ? 1 : 0;
      case GE -> x >= y ? 1 : 0;
      case LOGICAL_AND -> x != 0 && y != 0 ? 1 : 0;
      case LOGICAL_OR -> x != 0 || y != 0 ? 1 : 0;
      case RELU_BACKWARD -> y <= 0 ? 0 : x;
    };
  }

  private static long powLong(long base, long exp) {
    if (exp < 0) {
      return base == 1 ? 1 : base == -1 ? ((exp & 1) == 0 ? 1 : -1) : 0;
    }
    long r = 1;
    while (exp > 0) {
      if ((exp & 1) != 0) {
        r *= base;
      }
      base *= base;
      exp >>= 1;
    }
    return r;
  }
}
