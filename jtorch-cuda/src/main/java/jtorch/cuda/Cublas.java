package jtorch.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * cuBLAS ({@code libcublas.so.13} or {@code .12}), the calls jtorch needs: a handle bound to a
 * stream and strided batched GEMM in float32 and float64. Bound on first call, as {@link Driver}.
 *
 * <pre>{@code
 * Cublas blas = new Cublas(LibrarySearch.system());
 * MemorySegment h = blas.create();
 * blas.setStream(h, stream);
 * }</pre>
 */
final class Cublas {
  static final int OP_N = 0;
  static final int OP_T = 1;

  static final String INSTALL =
      "Install the CUDA toolkit (https://developer.nvidia.com/cuda-downloads) or `pip install"
          + " nvidia-cublas-cu12`, or add the folder of libcublas.so to LD_LIBRARY_PATH.";

  private final NativeLibrary lib;
  private final NativeLibrary.Function create;
  private final NativeLibrary.Function setStream;
  private final NativeLibrary.Function sgemm;
  private final NativeLibrary.Function dgemm;

  Cublas(LibrarySearch search) {
    lib =
        new NativeLibrary(
            "cuBLAS",
            List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so"),
            "cublas",
            INSTALL,
            search,
            List.of("libcublasLt"));
    create = lib.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    setStream =
        lib.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    FunctionDescriptor gemm =
        FunctionDescriptor.of(
            JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG,
            JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT,
            JAVA_LONG, JAVA_INT);
    sgemm = lib.function("cublasSgemmStridedBatched", gemm);
    dgemm = lib.function("cublasDgemmStridedBatched", gemm);
  }

  NativeLibrary library() {
    return lib;
  }

  List<NativeLibrary.Function> functions() {
    return List.of(create, setStream, sgemm, dgemm);
  }

  MemorySegment create() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cublasCreate_v2", Driver.call(() -> (int) create.handle().invokeExact(v)));
      return v.get(ADDRESS, 0);
    }
  }

  void setStream(MemorySegment handle, MemorySegment stream) {
    check(
        "cublasSetStream_v2",
        Driver.call(() -> (int) setStream.handle().invokeExact(handle, stream)));
  }

  /**
   * Column-major {@code C = alpha op(A) op(B) + beta C} for {@code batch} matrices, as {@code
   * cublas<t>gemmStridedBatched}; {@code dtypeSize} 4 picks float32, 8 float64. Pointers are device
   * addresses.
   */
  void gemmStridedBatched(
      int dtypeSize,
      MemorySegment handle,
      int transA,
      int transB,
      int m,
      int n,
      int k,
      long a,
      int lda,
      long strideA,
      long b,
      int ldb,
      long strideB,
      long c,
      int ldc,
      long strideC,
      int batch) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment alpha;
      MemorySegment beta;
      NativeLibrary.Function f;
      if (dtypeSize == 4) {
        alpha = arena.allocateFrom(JAVA_FLOAT, 1f);
        beta = arena.allocateFrom(JAVA_FLOAT, 0f);
        f = sgemm;
      } else {
        alpha = arena.allocateFrom(JAVA_DOUBLE, 1d);
        beta = arena.allocateFrom(JAVA_DOUBLE, 0d);
        f = dgemm;
      }
      int status =
          Driver.call(() ->
              (int)
                  f.handle()
                      .invokeExact(
                          handle, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB,
                          beta, c, ldc, strideC, batch));
      check(f.name(), status);
    }
  }

  private static void check(String call, int status) {
    if (status != 0) {
      throw new CudaException(call, status, statusName(status), null);
    }
  }

  /** The name of a cublasStatus_t. */
  static String statusName(int status) {
    return switch (status) {
      case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
      case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
      case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
      case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
      case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
      case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
      case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
      case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
      case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
      default -> "CUBLAS_STATUS_" + status;
    };
  }
}
