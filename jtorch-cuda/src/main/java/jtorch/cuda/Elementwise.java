package jtorch.cuda;

import jtorch.DType;
import jtorch.backend.BinaryOp;
import jtorch.backend.Scalar;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;

/**
 * fill, copy, unary, binary and where on the GPU: one generic strided kernel each (the operands'
 * dimensions merged by {@link Layout}), computing in double for floating dtypes and in 64-bit
 * integers otherwise, as the CPU backend does; plus a float32 fast path for contiguous binary ops
 * and a plain memcpy for same-dtype contiguous copies.
 *
 * <pre>{@code
 * Elementwise.binary(BinaryOp.ADD, a, b, out);   // out = a + b, a and b may broadcast
 * }</pre>
 */
final class Elementwise {
  private Elementwise() {}

  static void fill(Strided out, Scalar v) {
    if (out.numel() == 0) {
      return;
    }
    CudaDevice d = Operands.device(out);
    Layout l = Layout.of(out.shape(), out.stride());
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(out), DTypes.code(out.dtype()), l, 0)
          .f64(v.value())
          .i64(v.longValue())
          .i32(v.integral() ? 1 : 0);
      d.launch(Kernel.FILL, l.numel(), a);
    }
  }

  static void copy(Strided src, Strided dst) {
    if (dst.numel() == 0) {
      return;
    }
    CudaDevice d = Operands.device(dst);
    if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
      d.driver()
          .copyDtoD(
              Operands.address(dst),
              Operands.address(src),
              dst.numel() * dst.dtype().itemSize(),
              d.stream());
      return;
    }
    Layout l = Layout.of(dst.shape(), dst.stride(), src.stride());
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(dst), DTypes.code(dst.dtype()), l, 0)
          .operand(Operands.address(src), DTypes.code(src.dtype()), l, 1);
      d.launch(Kernel.COPY, l.numel(), a);
    }
  }

  static void unary(UnaryOp op, Strided in, Strided out) {
    if (!in.dtype().isFloatingPoint() && op.promotesIntegers()) {
      throw new IllegalArgumentException(
          op + " on integers: convert the tensor to a floating dtype first");
    }
    if (out.numel() == 0) {
      return;
    }
    CudaDevice d = Operands.device(out);
    Layout l = Layout.of(out.shape(), out.stride(), in.stride());
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(out), DTypes.code(out.dtype()), l, 0)
          .operand(Operands.address(in), DTypes.code(in.dtype()), l, 1)
          .i32(op.ordinal());
      d.launch(Kernel.UNARY, l.numel(), a);
    }
  }

  static void binary(BinaryOp op, Strided x, Strided y, Strided out) {
    if (out.numel() == 0) {
      return;
    }
    CudaDevice d = Operands.device(out);
    Layout l = Layout.of(out.shape(), out.stride(), x.stride(), y.stride());
    if (out.dtype() == DType.FLOAT32
        && x.dtype() == DType.FLOAT32
        && y.dtype() == DType.FLOAT32
        && l.dims() == 1
        && l.strides()[0][0] == 1
        && l.strides()[1][0] == 1
        && l.strides()[2][0] == 1) {
      try (KernelArgs a = new KernelArgs()) {
        a.i64(l.numel())
            .ptr(Operands.address(out))
            .ptr(Operands.address(x))
            .ptr(Operands.address(y))
            .i32(op.ordinal());
        d.launch(Kernel.BINARY_F32_CONTIGUOUS, l.numel(), a);
      }
      return;
    }
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(out), DTypes.code(out.dtype()), l, 0)
          .operand(Operands.address(x), DTypes.code(x.dtype()), l, 1)
          .operand(Operands.address(y), DTypes.code(y.dtype()), l, 2)
          .i32(op.ordinal());
      d.launch(Kernel.BINARY, l.numel(), a);
    }
  }

  static void where(Strided cond, Strided x, Strided y, Strided out) {
    if (out.numel() == 0) {
      return;
    }
    CudaDevice d = Operands.device(out);
    Layout l = Layout.of(out.shape(), out.stride(), cond.stride(), x.stride(), y.stride());
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(out), DTypes.code(out.dtype()), l, 0)
          .operand(Operands.address(cond), DTypes.code(cond.dtype()), l, 1)
          .operand(Operands.address(x), DTypes.code(x.dtype()), l, 2)
          .operand(Operands.address(y), DTypes.code(y.dtype()), l, 3);
      d.launch(Kernel.WHERE, l.numel(), a);
    }
  }
}
