package jtorch.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The CUDA driver API ({@code libcuda.so.1}, installed with the NVIDIA driver), the calls jtorch
 * needs. Creating a Driver touches no library; each function is bound on its first call. Every call
 * that returns a {@code CUresult} other than {@code CUDA_SUCCESS} throws a {@link CudaException}
 * naming the call and the error.
 *
 * <pre>{@code
 * Driver d = new Driver(LibrarySearch.system());
 * d.init();
 * d.deviceCount();   // 1
 * }</pre>
 */
final class Driver {
  /** CUDA_ERROR_OUT_OF_MEMORY. */
  static final int OUT_OF_MEMORY = 2;

  static final String INSTALL =
      "Install the NVIDIA driver (e.g. apt install nvidia-driver-570, or the driver of your"
          + " distribution) or run on a machine with an NVIDIA GPU.";

  private static final int NO_DEVICE = 100;
  private static final int NOT_READY = 600;
  private static final int EVENT_DISABLE_TIMING = 2;
  private static final int INSUFFICIENT_DRIVER = 35;
  private static final int ATTR_CC_MAJOR = 75;
  private static final int ATTR_CC_MINOR = 76;

  private final NativeLibrary lib;
  private final NativeLibrary.Function cuInit;
  private final NativeLibrary.Function cuDriverGetVersion;
  private final NativeLibrary.Function cuDeviceGetCount;
  private final NativeLibrary.Function cuDeviceGet;
  private final NativeLibrary.Function cuDeviceGetName;
  private final NativeLibrary.Function cuDeviceGetAttribute;
  private final NativeLibrary.Function cuDeviceTotalMem;
  private final NativeLibrary.Function cuDevicePrimaryCtxRetain;
  private final NativeLibrary.Function cuCtxSetCurrent;
  private final NativeLibrary.Function cuMemAlloc;
  private final NativeLibrary.Function cuMemFree;
  private final NativeLibrary.Function cuMemcpyHtoDAsync;
  private final NativeLibrary.Function cuMemcpyDtoHAsync;
  private final NativeLibrary.Function cuMemcpyDtoDAsync;
  private final NativeLibrary.Function cuMemsetD8Async;
  private final NativeLibrary.Function cuMemHostAlloc;
  private final NativeLibrary.Function cuMemFreeHost;
  private final NativeLibrary.Function cuStreamCreate;
  private final NativeLibrary.Function cuStreamSynchronize;
  private final NativeLibrary.Function cuEventCreate;
  private final NativeLibrary.Function cuEventRecord;
  private final NativeLibrary.Function cuEventQuery;
  private final NativeLibrary.Function cuModuleLoadData;
  private final NativeLibrary.Function cuModuleGetFunction;
  private final NativeLibrary.Function cuLaunchKernel;
  private final NativeLibrary.Function cuGetErrorName;
  private final NativeLibrary.Function cuGetErrorString;

  /** Binds nothing yet; {@code search} says where libcuda.so.1 is looked for. */
  Driver(LibrarySearch search) {
    lib =
        new NativeLibrary(
            "libcuda.so.1 (the NVIDIA driver)",
            List.of("libcuda.so.1"),
            null,
            INSTALL,
            search,
            List.of());
    FunctionDescriptor iI = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    FunctionDescriptor iA = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    FunctionDescriptor iAI = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
    FunctionDescriptor iL = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);
    cuInit = lib.function("cuInit", iI);
    cuDriverGetVersion = lib.function("cuDriverGetVersion", iA);
    cuDeviceGetCount = lib.function("cuDeviceGetCount", iA);
    cuDeviceGet = lib.function("cuDeviceGet", iAI);
    cuDeviceGetName =
        lib.function(
            "cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    cuDeviceGetAttribute =
        lib.function(
            "cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    cuDeviceTotalMem = lib.function("cuDeviceTotalMem_v2", iAI);
    cuDevicePrimaryCtxRetain = lib.function("cuDevicePrimaryCtxRetain", iAI);
    cuCtxSetCurrent = lib.function("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    cuMemAlloc = lib.function("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    cuMemFree = lib.function("cuMemFree_v2", iL);
    cuMemcpyHtoDAsync =
        lib.function(
            "cuMemcpyHtoDAsync_v2",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    cuMemcpyDtoHAsync =
        lib.function(
            "cuMemcpyDtoHAsync_v2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
    cuMemcpyDtoDAsync =
        lib.function(
            "cuMemcpyDtoDAsync_v2",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
    cuMemsetD8Async =
        lib.function(
            "cuMemsetD8Async",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS));
    cuMemHostAlloc =
        lib.function(
            "cuMemHostAlloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    cuMemFreeHost = lib.function("cuMemFreeHost", iA);
    cuStreamCreate = lib.function("cuStreamCreate", iAI);
    cuStreamSynchronize = lib.function("cuStreamSynchronize", iA);
    cuEventCreate = lib.function("cuEventCreate", iAI);
    cuEventRecord =
        lib.function("cuEventRecord", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    cuEventQuery = lib.function("cuEventQuery", iA);
    cuModuleLoadData =
        lib.function(
            "cuModuleLoadDataEx",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    cuModuleGetFunction =
        lib.function(
            "cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    cuLaunchKernel =
        lib.function(
            "cuLaunchKernel",
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    cuGetErrorName =
        lib.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    cuGetErrorString =
        lib.function("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  }

  /** The library, for tests and messages. */
  NativeLibrary library() {
    return lib;
  }

  /** Every function, in declaration order, for tests. */
  List<NativeLibrary.Function> functions() {
    return List.of(
        cuInit,
        cuDriverGetVersion,
        cuDeviceGetCount,
        cuDeviceGet,
        cuDeviceGetName,
        cuDeviceGetAttribute,
        cuDeviceTotalMem,
        cuDevicePrimaryCtxRetain,
        cuCtxSetCurrent,
        cuMemAlloc,
        cuMemFree,
        cuMemcpyHtoDAsync,
        cuMemcpyDtoHAsync,
        cuMemcpyDtoDAsync,
        cuMemsetD8Async,
        cuMemHostAlloc,
        cuMemFreeHost,
        cuStreamCreate,
        cuStreamSynchronize,
        cuEventCreate,
        cuEventRecord,
        cuEventQuery,
        cuModuleLoadData,
        cuModuleGetFunction,
        cuLaunchKernel,
        cuGetErrorName,
        cuGetErrorString);
  }

  /** cuInit(0); a machine without a GPU or with a too old driver gets an unavailable error. */
  void init() {
    int status = call(() -> (int) cuInit.handle().invokeExact(0));
    if (status == NO_DEVICE) {
      throw new CudaUnavailableException(
          "the NVIDIA driver is installed but reports no CUDA GPU (cuInit: CUDA_ERROR_NO_DEVICE)."
              + " Check nvidia-smi and CUDA_VISIBLE_DEVICES.");
    }
    if (status == INSUFFICIENT_DRIVER) {
      throw new CudaUnavailableException(
          "the NVIDIA driver is too old for CUDA 12 (cuInit: CUDA_ERROR_INSUFFICIENT_DRIVER)."
              + " Install a driver of version 525 or newer.");
    }
    check("cuInit", status);
  }

  /** The driver's CUDA version, e.g. 12040 for 12.4. */
  int driverVersion() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check("cuDriverGetVersion", call(() -> (int) cuDriverGetVersion.handle().invokeExact(v)));
      return v.get(JAVA_INT, 0);
    }
  }

  int deviceCount() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check("cuDeviceGetCount", call(() -> (int) cuDeviceGetCount.handle().invokeExact(v)));
      return v.get(JAVA_INT, 0);
    }
  }

  /** The CUdevice of ordinal {@code n}. */
  int device(int n) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check("cuDeviceGet", call(() -> (int) cuDeviceGet.handle().invokeExact(v, n)));
      return v.get(JAVA_INT, 0);
    }
  }

  String deviceName(int dev) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(256);
      check("cuDeviceGetName", call(() -> (int) cuDeviceGetName.handle().invokeExact(v, 256, dev)));
      return v.getString(0);
    }
  }

  /** Compute capability as major * 10 + minor, e.g. 90 for an H100. */
  int computeCapability(int dev) {
    return attribute(dev, ATTR_CC_MAJOR) * 10 + attribute(dev, ATTR_CC_MINOR);
  }

  private int attribute(int dev, int attr) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check(
          "cuDeviceGetAttribute",
          call(() -> (int) cuDeviceGetAttribute.handle().invokeExact(v, attr, dev)));
      return v.get(JAVA_INT, 0);
    }
  }

  long totalMemory(int dev) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_LONG);
      check("cuDeviceTotalMem_v2", call(() -> (int) cuDeviceTotalMem.handle().invokeExact(v, dev)));
      return v.get(JAVA_LONG, 0);
    }
  }

  /** The device's primary context (a CUcontext handle). */
  MemorySegment primaryContext(int dev) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check(
          "cuDevicePrimaryCtxRetain",
          call(() -> (int) cuDevicePrimaryCtxRetain.handle().invokeExact(v, dev)));
      return v.get(ADDRESS, 0);
    }
  }

  void setCurrent(MemorySegment ctx) {
    check("cuCtxSetCurrent", call(() -> (int) cuCtxSetCurrent.handle().invokeExact(ctx)));
  }

  /** Allocates device memory; returns 0 when the device is out of memory. */
  long memAlloc(long bytes) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_LONG);
      int status = call(() -> (int) cuMemAlloc.handle().invokeExact(v, bytes));
      if (status == OUT_OF_MEMORY) {
        return 0;
      }
      check("cuMemAlloc_v2", status);
      return v.get(JAVA_LONG, 0);
    }
  }

  void memFree(long ptr) {
    check("cuMemFree_v2", call(() -> (int) cuMemFree.handle().invokeExact(ptr)));
  }

  void copyHtoD(long dst, MemorySegment src, long bytes, MemorySegment stream) {
    check(
        "cuMemcpyHtoDAsync_v2",
        call(() -> (int) cuMemcpyHtoDAsync.handle().invokeExact(dst, src, bytes, stream)));
  }

  void copyDtoH(MemorySegment dst, long src, long bytes, MemorySegment stream) {
    check(
        "cuMemcpyDtoHAsync_v2",
        call(() -> (int) cuMemcpyDtoHAsync.handle().invokeExact(dst, src, bytes, stream)));
  }

  void copyDtoD(long dst, long src, long bytes, MemorySegment stream) {
    check(
        "cuMemcpyDtoDAsync_v2",
        call(() -> (int) cuMemcpyDtoDAsync.handle().invokeExact(dst, src, bytes, stream)));
  }

  void memsetD8(long dst, byte value, long bytes, MemorySegment stream) {
    check(
        "cuMemsetD8Async",
        call(() -> (int) cuMemsetD8Async.handle().invokeExact(dst, value, bytes, stream)));
  }

  /** Page-locked host memory of {@code bytes} (a segment of that size). */
  MemorySegment hostAlloc(long bytes) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuMemHostAlloc", call(() -> (int) cuMemHostAlloc.handle().invokeExact(v, bytes, 0)));
      return v.get(ADDRESS, 0).reinterpret(bytes);
    }
  }

  void hostFree(MemorySegment p) {
    check("cuMemFreeHost", call(() -> (int) cuMemFreeHost.handle().invokeExact(p)));
  }

  /** A stream that does not synchronise with the legacy default stream. */
  MemorySegment streamCreate() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check("cuStreamCreate", call(() -> (int) cuStreamCreate.handle().invokeExact(v, 1)));
      return v.get(ADDRESS, 0);
    }
  }

  void streamSynchronize(MemorySegment stream) {
    check(
        "cuStreamSynchronize", call(() -> (int) cuStreamSynchronize.handle().invokeExact(stream)));
  }

  /** An event without timing, for marking points in a stream. */
  MemorySegment eventCreate() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      check(
          "cuEventCreate",
          call(() -> (int) cuEventCreate.handle().invokeExact(v, EVENT_DISABLE_TIMING)));
      return v.get(ADDRESS, 0);
    }
  }

  /** Marks the current end of {@code stream}'s queued work with {@code event}. */
  void eventRecord(MemorySegment event, MemorySegment stream) {
    check("cuEventRecord", call(() -> (int) cuEventRecord.handle().invokeExact(event, stream)));
  }

  /**
   * True once the stream has passed the point {@code event} marks (CUDA_ERROR_NOT_READY: false).
   */
  boolean eventDone(MemorySegment event) {
    int status = call(() -> (int) cuEventQuery.handle().invokeExact(event));
    if (status == NOT_READY) {
      return false;
    }
    check("cuEventQuery", status);
    return true;
  }

  /**
   * Loads a module from PTX text; the driver compiles it for the current GPU, and a failure carries
   * the compiler's log.
   */
  MemorySegment moduleLoad(String ptx) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      MemorySegment image = a.allocateFrom(ptx);
      long logBytes = 8192;
      MemorySegment log = a.allocate(logBytes);
      // CU_JIT_ERROR_LOG_BUFFER (5) and CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES (6); the size goes in
      // the pointer-sized value slot itself.
      MemorySegment options = a.allocateFrom(JAVA_INT, 5, 6);
      MemorySegment values = a.allocate(ADDRESS, 2);
      values.setAtIndex(ADDRESS, 0, log);
      values.setAtIndex(JAVA_LONG, 1, logBytes);
      int status =
          call(() -> (int) cuModuleLoadData.handle().invokeExact(v, image, 2, options, values));
      if (status != 0) {
        String jit = log.getString(0).strip();
        throw new CudaException(
            "cuModuleLoadDataEx (the driver compiling jtorch's PTX for this GPU)",
            status,
            errorText(cuGetErrorName, status),
            errorText(cuGetErrorString, status) + (jit.isEmpty() ? "" : "; JIT log: " + jit));
      }
      return v.get(ADDRESS, 0);
    }
  }

  MemorySegment moduleFunction(MemorySegment module, String name) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(ADDRESS);
      MemorySegment n = a.allocateFrom(name);
      check(
          "cuModuleGetFunction(" + name + ")",
          call(() -> (int) cuModuleGetFunction.handle().invokeExact(v, module, n)));
      return v.get(ADDRESS, 0);
    }
  }

  void launch(
      String name,
      MemorySegment function,
      int gridX,
      int blockX,
      int sharedBytes,
      MemorySegment stream,
      MemorySegment params) {
    check(
        "cuLaunchKernel(" + name + ")",
        call(() ->
            (int)
                cuLaunchKernel
                    .handle()
                    .invokeExact(
                        function,
                        gridX,
                        1,
                        1,
                        blockX,
                        1,
                        1,
                        sharedBytes,
                        stream,
                        params,
                        MemorySegment.NULL)));
  }

  /** Throws a {@link CudaException} for a status other than CUDA_SUCCESS. */
  void check(String call, int status) {
    if (status != 0) {
      throw new CudaException(
          call, status, errorText(cuGetErrorName, status), errorText(cuGetErrorString, status));
    }
  }

  private static String errorText(NativeLibrary.Function f, int status) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate(ADDRESS);
      int s = call(() -> (int) f.handle().invokeExact(status, p));
      MemorySegment str = p.get(ADDRESS, 0);
      return s != 0 || str.equals(MemorySegment.NULL)
          ? "unknown error"
          : str.reinterpret(512).getString(0);
    }
  }

  /** A native call that returns a status. */
  interface Call {
    int run() throws Throwable;
  }

  static int call(Call c) {
    try {
      return c.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
