package jtorch.cuda;

import java.util.Locale;
import jtorch.backend.ReduceOp;
import jtorch.backend.Strided;

/**
 * Reductions along one dimension on the GPU: one block of 256 threads per output element
 * (jt_reduce), so long lines (a loss over a batch, a bias gradient) are summed in parallel.
 *
 * <pre>{@code
 * Reductions.reduce(ReduceOp.SUM, in, 1, values, null);
 * }</pre>
 */
final class Reductions {
  /** At most this many blocks; each loops over further outputs. */
  private static final long MAX_BLOCKS = 65_535;

  private Reductions() {}

  static void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices) {
    long outputs = values.numel();
    if (outputs == 0) {
      return;
    }
    long len = in.shape()[dim];
    if (len == 0 && op != ReduceOp.SUM) {
      throw new IllegalArgumentException(
          op.name().toLowerCase(Locale.ROOT)
              + ": cannot reduce over a zero-size dimension "
              + dim
              + " (the operation has no identity)");
    }
    CudaDevice d = Operands.device(values);
    long[] outShape = in.shape().clone();
    outShape[dim] = 1;
    long[] idxStride = indices == null ? new long[outShape.length] : indices.stride();
    Layout l = Layout.of(outShape, values.stride(), in.stride(), idxStride);
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(values), DTypes.code(values.dtype()), l, 0)
          .operand(Operands.address(in), DTypes.code(in.dtype()), l, 1)
          .operand(indices == null ? 0 : Operands.address(indices), 8, l, 2)
          .i64(len)
          .i64(in.stride()[dim])
          .i32(op.ordinal());
      d.launchBlocks(Kernel.REDUCE, Math.min(outputs, MAX_BLOCKS), Kernel.REDUCE_THREADS, a);
    }
  }
}
