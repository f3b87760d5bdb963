package jtorch.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import jtorch.DType;

/**
 * The arguments of one kernel launch, in order, as {@code cuLaunchKernel} wants them: an array of
 * pointers to each value. Structs are laid out as in common.cuh ({@code Shape}, {@code Operand},
 * {@code Window}, {@code Matrix3}); the memory lives until {@link #close()}.
 *
 * <pre>{@code
 * try (KernelArgs a = new KernelArgs()) {
 *   a.shape(layout).operand(out, 0, layout).f64(1.5);
 *   device.launch(Kernel.FILL, layout.numel(), a);
 * }
 * }</pre>
 */
final class KernelArgs implements AutoCloseable {
  /** Bytes of a Shape or Operand struct: 8 + 4 + 4 + 8 * MAX_DIMS. */
  static final long SHAPE_BYTES = 16 + 8L * Layout.MAX_DIMS;

  private final Arena arena = Arena.ofConfined();
  private final List<MemorySegment> values = new ArrayList<>();

  KernelArgs i32(int v) {
    values.add(arena.allocateFrom(JAVA_INT, v));
    return this;
  }

  KernelArgs i64(long v) {
    values.add(arena.allocateFrom(JAVA_LONG, v));
    return this;
  }

  KernelArgs f32(float v) {
    values.add(arena.allocateFrom(JAVA_FLOAT, v));
    return this;
  }

  KernelArgs f64(double v) {
    values.add(arena.allocateFrom(JAVA_DOUBLE, v));
    return this;
  }

  /** {@code v} as the kernel's real type: float for float32 operands, double otherwise. */
  KernelArgs real(DType t, double v) {
    return t == DType.FLOAT32 ? f32((float) v) : f64(v);
  }

  /** A flag: 1 or 0. */
  KernelArgs flag(boolean b) {
    return i32(b ? 1 : 0);
  }

  /** A device pointer. */
  KernelArgs ptr(long address) {
    return i64(address);
  }

  /** {@code struct Shape { long long numel; int ndim; int pad; long long size[8]; }}. */
  KernelArgs shape(Layout l) {
    MemorySegment s = arena.allocate(SHAPE_BYTES, 8);
    s.set(JAVA_LONG, 0, l.numel());
    s.set(JAVA_INT, 8, l.dims());
    for (int d = 0; d < l.dims(); d++) {
      s.set(JAVA_LONG, 16 + 8L * d, l.size()[d]);
    }
    values.add(s);
    return this;
  }

  /**
   * {@code struct Operand { char* ptr; int dtype; int pad; long long stride[8]; }} with the strides
   * of operand {@code index} of {@code l}.
   */
  KernelArgs operand(long address, int dtype, Layout l, int index) {
    MemorySegment s = arena.allocate(SHAPE_BYTES, 8);
    s.set(JAVA_LONG, 0, address);
    s.set(JAVA_INT, 8, dtype);
    long[] st = l.strides()[index];
    for (int d = 0; d < st.length; d++) {
      s.set(JAVA_LONG, 16 + 8L * d, st[d]);
    }
    values.add(s);
    return this;
  }

  /**
   * {@code struct Window { int kh, kw, sh, sw, ph, pw, dh, dw; long long n, c, h, w, oh, ow; }}.
   */
  KernelArgs window(int[] window, long n, long c, long h, long w, long oh, long ow) {
    MemorySegment s = arena.allocate(80, 8);
    for (int i = 0; i < 8; i++) {
      s.set(JAVA_INT, 4L * i, window[i]);
    }
    long[] dims = {n, c, h, w, oh, ow};
    for (int i = 0; i < dims.length; i++) {
      s.set(JAVA_LONG, 32 + 8L * i, dims[i]);
    }
    values.add(s);
    return this;
  }

  /** {@code struct Matrix3 { char* ptr; long long s0, s1, s2; }}. */
  KernelArgs matrix(long address, long[] stride) {
    MemorySegment s = arena.allocate(32, 8);
    s.set(JAVA_LONG, 0, address);
    for (int i = 0; i < 3; i++) {
      s.set(JAVA_LONG, 8 + 8L * i, stride[i]);
    }
    values.add(s);
    return this;
  }

  /** The {@code void**} array for cuLaunchKernel. */
  MemorySegment params() {
    MemorySegment p = arena.allocate(ADDRESS, values.size());
    for (int i = 0; i < values.size(); i++) {
      p.setAtIndex(ADDRESS, i, values.get(i));
    }
    return p;
  }

  /** The size in bytes of each argument so far. */
  List<Integer> sizes() {
    return values.stream().map(v -> (int) v.byteSize()).toList();
  }

  @Override
  public void close() {
    arena.close();
  }
}
