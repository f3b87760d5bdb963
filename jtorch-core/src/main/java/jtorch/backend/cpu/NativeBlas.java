package jtorch.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * OpenBLAS's {@code cblas_sgemm}, called through the FFM API on the Java arrays themselves, for the
 * large float32 products where it beats the Vector API kernel (measured by {@code
 * jtorch.bench.BlasCompare}: 1.1-1.8x on square products from 128 on, 2 cores, AVX-512). Nothing is
 * bundled or downloaded: it is used when the system has {@code libopenblas.so.0} (Debian's {@code
 * libopenblas0-pthread}) and the JVM lets jtorch call native code ({@code
 * --enable-native-access=ALL-UNNAMED}, or {@code =jtorch.core} on the module path), and never with
 * {@code -Djtorch.blas=java}; {@code -Djtorch.blas=/path/to/libopenblas.so} names the library.
 * Otherwise, and for products with a side under {@link #MIN_SIDE}, the pure-Java kernel runs.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED ...   // CpuBackend.floatKernels() then names OpenBLAS
 * }</pre>
 */
final class NativeBlas {
  /** Products with every side at least this long go to OpenBLAS. */
  static final int MIN_SIDE = 128;

  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  /** The library, or empty when it is absent, disabled or not allowed. */
  static final Optional<NativeBlas> INSTANCE = load();

  private final String library;
  private final MethodHandle sgemm;

  private NativeBlas(String library, MethodHandle sgemm) {
    this.library = library;
    this.sgemm = sgemm;
  }

  /** The library's path or name. */
  String library() {
    return library;
  }

  @SuppressWarnings("restricted") // the point of this class; only reached with native access on
  private static Optional<NativeBlas> load() {
    String setting = System.getProperty("jtorch.blas", "auto");
    if (setting.equals("java") || !NativeBlas.class.getModule().isNativeAccessEnabled()) {
      return Optional.empty();
    }
    String name = setting.equals("auto") ? "libopenblas.so.0" : setting;
    try {
      SymbolLookup lib =
          name.contains("/")
              ? SymbolLookup.libraryLookup(Path.of(name), Arena.global())
              : SymbolLookup.libraryLookup(name, Arena.global());
      Linker linker = Linker.nativeLinker();
      MethodHandle threads =
          linker.downcallHandle(
              lib.find("openblas_set_num_threads").orElseThrow(),
              FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
      threads.invokeExact(Parallel.threads());
      MethodHandle sgemm =
          linker.downcallHandle(
              lib.find("cblas_sgemm").orElseThrow(),
              FunctionDescriptor.ofVoid(
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_FLOAT,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_FLOAT,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT),
              Linker.Option.critical(true));
      return Optional.of(new NativeBlas(name, sgemm));
    } catch (Throwable e) { // absent library or symbol: the Java kernel serves
      if (!setting.equals("auto")) {
        throw new IllegalStateException(
            "-Djtorch.blas=" + setting + ": cannot use it as OpenBLAS (" + e + ")", e);
      }
      return Optional.empty();
    }
  }

  /**
   * {@code C = A @ B} for row-major {@code C} [m, n] (row stride {@code ldc}), when each of {@code
   * A} [m, k] and {@code B} [k, n] has a unit stride along one of its dimensions; returns false,
   * computing nothing, otherwise or when the product is too small to gain.
   */
  boolean gemm(FloatMatrix a, FloatMatrix b, FloatMatrix c, int m, int n, int k) {
    if (m < MIN_SIDE || n < MIN_SIDE || k < MIN_SIDE || c.colStride() != 1) {
      return false;
    }
    int transA;
    int lda;
    if (a.colStride() == 1 && a.rowStride() >= k) {
      transA = NO_TRANS;
      lda = a.rowStride();
    } else if (a.rowStride() == 1 && a.colStride() >= m) {
      transA = TRANS;
      lda = a.colStride();
    } else {
      return false;
    }
    int transB;
    int ldb;
    if (b.colStride() == 1 && b.rowStride() >= n) {
      transB = NO_TRANS;
      ldb = b.rowStride();
    } else if (b.rowStride() == 1 && b.colStride() >= k) {
      transB = TRANS;
      ldb = b.colStride();
    } else {
      return false;
    }
    MemorySegment sa = MemorySegment.ofArray(a.data()).asSlice(4L * a.offset());
    MemorySegment sb = MemorySegment.ofArray(b.data()).asSlice(4L * b.offset());
    MemorySegment sc = MemorySegment.ofArray(c.data()).asSlice(4L * c.offset());
    try {
      sgemm.invokeExact(
          ROW_MAJOR, transA, transB, m, n, k, 1f, sa, lda, sb, ldb, 0f, sc, c.rowStride());
    } catch (Throwable e) {
      throw new IllegalStateException("cblas_sgemm of " + library + " failed", e);
    }
    return true;
  }
}
