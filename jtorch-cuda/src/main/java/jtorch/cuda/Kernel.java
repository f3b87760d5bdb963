package jtorch.cuda;

import java.util.List;
import java.util.stream.Stream;

/**
 * The kernels of kernels.ptx that the backend launches, with their entry names and parameter sizes:
 * {@link CudaDevice#launch} checks each launch's arguments against them, and KernelPtxTest checks
 * them against the PTX that nvcc wrote.
 *
 * <pre>{@code
 * Kernel.FILL.entry();   // "jt_fill"
 * }</pre>
 */
enum Kernel {
  FILL("jt_fill", "S O d l i"),
  COPY("jt_copy", "S O O"),
  UNARY("jt_unary", "S O O i"),
  BINARY("jt_binary", "S O O O i"),
  BINARY_F32_CONTIGUOUS("jt_binary_f32_contiguous", "l p p p i"),
  WHERE("jt_where", "S O O O O"),
  /** One block of {@link #REDUCE_THREADS} per output element. */
  REDUCE("jt_reduce", "S O O O l l i"),
  IM2COL("jt_im2col", "W p l l l l p i"),
  COL2IM("jt_col2im", "W p l l l p i"),
  MAX_POOL2D("jt_max_pool2d", "W p l l l l i p p"),
  MAX_POOL2D_BACKWARD("jt_max_pool2d_backward", "l l l p p p i"),
  GATHER("jt_gather", "S O O O i l l p"),
  SCATTER_ADD("jt_scatter_add", "S O O O i l l p"),
  MATMUL_NAIVE("jt_matmul_naive", "l l l l M M M i"),
  BERNOULLI("jt_bernoulli", "S O l l"),
  ADADELTA_F32("jt_adadelta_f32", "l p p p p f f f f f i i"),
  ADADELTA_F64("jt_adadelta_f64", "l p p p p d d d d d i i"),
  SGD_F32("jt_sgd_f32", "l p p p f f f f i i i i i"),
  SGD_F64("jt_sgd_f64", "l p p p d d d d i i i i i");

  /** Threads per block of jt_reduce (JT_REDUCE_THREADS in reduce.cuh). */
  static final int REDUCE_THREADS = 256;

  private final String entry;
  private final List<Integer> paramBytes;

  /**
   * @param entry the PTX entry name
   * @param signature the parameters, one letter each: S Shape, O Operand, W Window (80 bytes), M
   *     Matrix3 (32), p pointer, l long long, d double (8), i int, f float (4)
   */
  Kernel(String entry, String signature) {
    this.entry = entry;
    this.paramBytes =
        Stream.of(signature.split(" "))
            .map(c ->
                switch (c) {
                  case "S", "O", "W" -> 80;
                  case "M" -> 32;
                  case "p", "l", "d" -> 8;
                  case "i", "f" -> 4;
                  default -> throw new IllegalArgumentException("signature letter " + c);
                })
            .toList();
  }

  /** The size in bytes of each parameter, in order, as the PTX declares them. */
  List<Integer> paramBytes() {
    return paramBytes;
  }

  /** The name of the PTX entry. */
  String entry() {
    return entry;
  }
}
