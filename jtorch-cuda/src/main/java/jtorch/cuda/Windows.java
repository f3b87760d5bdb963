package jtorch.cuda;

import jtorch.DType;
import jtorch.backend.Strided;
import jtorch.backend.Window2d;

/**
 * Sliding-window kernels on the GPU: im2col and col2im (with which the core composes convolution
 * forward and backward over cuBLAS), and max pooling forward and backward.
 *
 * <pre>{@code
 * Windows.im2col(in, w, cols);   // in [N, C, H, W] -> cols [N, C*kh*kw, oh*ow]
 * }</pre>
 */
final class Windows {
  private Windows() {}

  private static int[] ints(Window2d w) {
    return new int[] {
      w.kernelH(),
      w.kernelW(),
      w.strideH(),
      w.strideW(),
      w.padH(),
      w.padW(),
      w.dilationH(),
      w.dilationW()
    };
  }

  static void im2col(CudaBackend backend, Strided in, Window2d w, Strided out) {
    long[] s = in.shape();
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    Strided dst =
        out.isContiguous()
            ? out
            : Operands.empty(backend, out.shape(), out.dtype(), out.storage().device());
    if (dst.numel() > 0) {
      CudaDevice d = Operands.device(in);
      long[] st = in.stride();
      try (KernelArgs a = new KernelArgs()) {
        a.window(ints(w), s[0], s[1], s[2], s[3], oh, ow)
            .ptr(Operands.address(in))
            .i64(st[0])
            .i64(st[1])
            .i64(st[2])
            .i64(st[3])
            .ptr(Operands.address(dst))
            .i32(in.dtype().itemSize());
        d.launch(Kernel.IM2COL, dst.numel(), a);
      }
    }
    if (dst != out) {
      Elementwise.copy(dst, out);
    }
  }

  static void col2im(CudaBackend backend, Strided cols, Window2d w, Strided out) {
    long[] s = out.shape();
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    Strided dst =
        out.isContiguous() ? out : Operands.empty(backend, s, out.dtype(), out.storage().device());
    if (dst.numel() > 0) {
      CudaDevice d = Operands.device(out);
      long[] st = cols.stride();
      try (KernelArgs a = new KernelArgs()) {
        a.window(ints(w), s[0], s[1], s[2], s[3], oh, ow)
            .ptr(Operands.address(cols))
            .i64(st[0])
            .i64(st[1])
            .i64(st[2])
            .ptr(Operands.address(dst))
            .i32(DTypes.code(out.dtype()));
        d.launch(Kernel.COL2IM, dst.numel(), a);
      }
    }
    if (dst != out) {
      Elementwise.copy(dst, out);
    }
  }

  static void maxPool2d(CudaBackend backend, Strided in, Window2d w, Strided out, Strided indices) {
    long[] s = in.shape();
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    var dev = out.storage().device();
    Strided o = out.isContiguous() ? out : Operands.empty(backend, out.shape(), out.dtype(), dev);
    Strided x =
        indices.isContiguous()
            ? indices
            : Operands.empty(backend, indices.shape(), DType.INT64, dev);
    if (o.numel() > 0) {
      CudaDevice d = Operands.device(in);
      long[] st = in.stride();
      try (KernelArgs a = new KernelArgs()) {
        a.window(ints(w), s[0], s[1], s[2], s[3], oh, ow)
            .ptr(Operands.address(in))
            .i64(st[0])
            .i64(st[1])
            .i64(st[2])
            .i64(st[3])
            .i32(DTypes.code(in.dtype()))
            .ptr(Operands.address(o))
            .ptr(Operands.address(x));
        d.launch(Kernel.MAX_POOL2D, o.numel(), a);
      }
    }
    if (o != out) {
      Elementwise.copy(o, out);
    }
    if (x != indices) {
      Elementwise.copy(x, indices);
    }
  }

  static void maxPool2dBackward(
      CudaBackend backend, Strided grad, Strided indices, Strided gradInput) {
    DType t = gradInput.dtype();
    Operands.requireDType(
        t == DType.FLOAT32 || t == DType.FLOAT64, "maxPool2d backward", t, "float32, float64");
    Strided g = Operands.contiguous(backend, grad);
    Strided x = Operands.contiguous(backend, indices);
    Strided gi =
        gradInput.isContiguous()
            ? gradInput
            : Operands.empty(backend, gradInput.shape(), t, gradInput.storage().device());
    long[] os = grad.shape();
    long[] is = gradInput.shape();
    long planes = os[0] * os[1];
    long planeOut = os[2] * os[3];
    if (planes * planeOut > 0) {
      CudaDevice d = Operands.device(gradInput);
      try (KernelArgs a = new KernelArgs()) {
        a.i64(planes)
            .i64(planeOut)
            .i64(is[2] * is[3])
            .ptr(Operands.address(g))
            .ptr(Operands.address(x))
            .ptr(Operands.address(gi))
            .i32(DTypes.code(t));
        d.launch(Kernel.MAX_POOL2D_BACKWARD, planes * planeOut, a);
      }
    }
    if (gi != gradInput) {
      Elementwise.copy(gi, gradInput);
    }
  }
}
