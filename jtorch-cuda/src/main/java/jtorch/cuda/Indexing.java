package jtorch.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.backend.Strided;

/**
 * gather and scatter_add along one dimension on the GPU. The kernels flag an index out of range
 * instead of touching memory outside the tensor; the flag is read back after the launch (which
 * waits for the GPU) and becomes the CPU backend's IndexOutOfBoundsException.
 *
 * <pre>{@code
 * Indexing.gather(backend, in, 1, index, out);   // out[i][j] = in[i][index[i][j]]
 * }</pre>
 */
final class Indexing {
  private Indexing() {}

  static void gather(CudaBackend backend, Strided in, int dim, Strided index, Strided out) {
    run(backend, Kernel.GATHER, out, in, dim, index, out, index);
  }

  static void scatterAdd(CudaBackend backend, Strided out, int dim, Strided index, Strided src) {
    DType t = out.dtype();
    Operands.requireDType(
        t == DType.FLOAT32 || t == DType.FLOAT64 || t == DType.INT32 || t == DType.INT64,
        "scatterAdd",
        t,
        "float32, float64, int32, int64");
    run(backend, Kernel.SCATTER_ADD, out, out, dim, index, src, index);
  }

  /**
   * Launches gather (first = out, second = in) or scatter_add (first = out, second = src); {@code
   * indexed} is the tensor whose dimension {@code dim} the index selects in.
   */
  private static void run(
      CudaBackend backend,
      Kernel k,
      Strided first,
      Strided indexed,
      int dim,
      Strided index,
      Strided second,
      Strided shapeOf) {
    long n = shapeOf.numel();
    if (n == 0) {
      return;
    }
    CudaDevice d = Operands.device(first);
    long[] indexedStrides = indexed.stride().clone();
    long dimStride = indexedStrides[dim];
    long dimSize = indexed.shape()[dim];
    indexedStrides[dim] = 0;
    boolean gather = k == Kernel.GATHER;
    // gather: (out, in, index); scatter_add: (out, src, index) with out's stride at dim zeroed.
    long[] firstStrides = gather ? first.stride() : indexedStrides;
    long[] secondStrides = gather ? indexedStrides : second.stride();
    Strided secondOperand = gather ? indexed : second;
    Layout l = Layout.of(shapeOf.shape(), firstStrides, secondStrides, index.stride());
    Strided flag = Operands.empty(backend, new long[] {1}, DType.INT64, first.storage().device());
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(first), DTypes.code(first.dtype()), l, 0)
          .operand(Operands.address(secondOperand), DTypes.code(secondOperand.dtype()), l, 1)
          .operand(Operands.address(index), DTypes.code(index.dtype()), l, 2)
          .i32(dim)
          .i64(dimStride)
          .i64(dimSize)
          .ptr(Operands.address(flag));
      d.launch(k, n, a);
    }
    long bad;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment host = arena.allocate(JAVA_LONG);
      d.driver().copyDtoH(host, Operands.address(flag), 8, d.stream());
      d.synchronize();
      bad = host.get(JAVA_LONG, 0);
    }
    if (bad != 0) {
      throw new IndexOutOfBoundsException(
          (gather ? "gather" : "scatterAdd")
              + ": an index (at flat position "
              + (bad - 1)
              + " of the index tensor) is out of bounds for dimension "
              + dim
              + " with size "
              + dimSize);
    }
  }
}
