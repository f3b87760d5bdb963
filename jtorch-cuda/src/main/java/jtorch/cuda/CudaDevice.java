package jtorch.cuda;

import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;

/**
 * One GPU as jtorch uses it: its primary context, one stream for all work, the kernels module, a
 * caching allocator, a cuBLAS handle (created on first matmul), a pinned staging buffer for copies
 * from and to Java arrays, and the pinned sources of asynchronous uploads still in flight.
 *
 * <pre>{@code
 * CudaDevice d = runtime.device(0);
 * d.makeCurrent();
 * d.launch(Kernel.FILL, n, args);
 * d.synchronize();
 * }</pre>
 */
final class CudaDevice {
  /** Most blocks of a grid-stride launch. */
  private static final long MAX_BLOCKS = 65_536;

  private static final int THREADS = 256;

  /**
   * {@code -Djtorch.cuda.launchBlocking=true} (or {@code CUDA_LAUNCH_BLOCKING=1}, as PyTorch) waits
   * after every kernel, so that a failing kernel is named by its own error rather than by a later
   * call's.
   */
  static final boolean LAUNCH_BLOCKING =
      Boolean.getBoolean("jtorch.cuda.launchBlocking")
          || "1".equals(System.getenv("CUDA_LAUNCH_BLOCKING"));

  /**
   * The share of the GPU's memory that jtorch reserves before it collects unreachable tensors
   * rather than take another segment.
   */
  private static final double COLLECT_FRACTION = 0.5;

  final int ordinal;
  final String name;
  final int computeCapability;
  private final Driver driver;
  private final Cublas cublas;
  private final MemorySegment context;
  private final MemorySegment stream;
  private final MemorySegment module;
  private final Map<Kernel, MemorySegment> functions = new EnumMap<>(Kernel.class);
  private final CachingAllocator allocator;
  private final HostKeepAlive inFlight;
  private MemorySegment blasHandle;
  private MemorySegment staging;
  private long stagingBytes;

  CudaDevice(Driver driver, Cublas cublas, int ordinal, String ptx) {
    this.driver = driver;
    this.cublas = cublas;
    this.ordinal = ordinal;
    int dev = driver.device(ordinal);
    this.name = driver.deviceName(dev);
    this.computeCapability = driver.computeCapability(dev);
    if (computeCapability < 75) {
      throw new CudaUnavailableException(
          "GPU "
              + ordinal
              + " ("
              + name
              + ") has compute capability "
              + computeCapability / 10
              + "."
              + computeCapability % 10
              + "; jtorch's kernels need 7.5 (Turing) or newer. Use a newer GPU or Device.CPU.");
    }
    this.context = driver.primaryContext(dev);
    driver.setCurrent(context);
    this.stream = driver.streamCreate();
    this.module = driver.moduleLoad(ptx);
    this.inFlight = new HostKeepAlive(driver);
    CudaDevice self = this;
    long collectAt = (long) (driver.totalMemory(dev) * COLLECT_FRACTION);
    this.allocator =
        new CachingAllocator(
            new RawAllocator() {
              @Override
              public long allocate(long bytes) {
                self.makeCurrent();
                return driver.memAlloc(bytes);
              }

              @Override
              public void free(long address) {
                self.makeCurrent();
                driver.memFree(address);
              }

              @Override
              public void synchronize() {
                self.synchronize();
              }
            },
            collectAt,
            this::collectGarbage);
  }

  /**
   * Runs the garbage collector and waits (up to about 200 ms) until the Cleaner has returned the
   * blocks of unreachable tensors, i.e. until the allocated bytes stop falling.
   */
  private void collectGarbage() {
    System.gc();
    long last = allocator.stats().allocated();
    for (int i = 0; i < 20; i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = allocator.stats().allocated();
      if (now == last && i >= 1) {
        return;
      }
      last = now;
    }
  }

  /** Makes this device's context current on the calling thread. */
  void makeCurrent() {
    driver.setCurrent(context);
  }

  Driver driver() {
    return driver;
  }

  MemorySegment stream() {
    return stream;
  }

  CachingAllocator allocator() {
    return allocator;
  }

  /** The host storages that queued asynchronous copies read. */
  HostKeepAlive inFlight() {
    return inFlight;
  }

  /** Waits for all work queued on the device's stream. */
  void synchronize() {
    makeCurrent();
    driver.streamSynchronize(stream);
    inFlight.releaseAll();
  }

  /** Launches {@code k} with enough 256-thread blocks for {@code work} items (grid-stride). */
  void launch(Kernel k, long work, KernelArgs args) {
    long blocks = Math.max(1, Math.min(MAX_BLOCKS, (work + THREADS - 1) / THREADS));
    launchBlocks(k, blocks, THREADS, args);
  }

  /** Launches {@code k} with {@code blocks} blocks of {@code threads}. */
  synchronized void launchBlocks(Kernel k, long blocks, int threads, KernelArgs args) {
    if (!args.sizes().equals(k.paramBytes())) {
      throw new IllegalStateException(
          "cuda launch of "
              + k.entry()
              + ": arguments of "
              + args.sizes()
              + " bytes do not match the kernel's parameters "
              + k.paramBytes()
              + " (a bug in jtorch-cuda)");
    }
    makeCurrent();
    MemorySegment f = functions.computeIfAbsent(k, x -> driver.moduleFunction(module, x.entry()));
    driver.launch(k.entry(), f, (int) blocks, threads, 0, stream, args.params());
    if (LAUNCH_BLOCKING) {
      try {
        driver.streamSynchronize(stream);
      } catch (CudaException e) {
        throw new CudaException(
            "kernel " + k.entry() + " (launch blocking)", e.status(), e.getMessage(), null);
      }
    }
  }

  /** The cuBLAS handle bound to the stream, created on first use. */
  synchronized MemorySegment blas() {
    if (blasHandle == null) {
      makeCurrent();
      blasHandle = cublas.create();
      cublas.setStream(blasHandle, stream);
    }
    return blasHandle;
  }

  Cublas cublas() {
    return cublas;
  }

  /**
   * A pinned host buffer of at least {@code bytes}, reused between copies; callers hold the
   * device's lock while they use it.
   */
  MemorySegment staging(long bytes) {
    if (stagingBytes < bytes) {
      makeCurrent();
      if (staging != null) {
        driver.streamSynchronize(stream);
        driver.hostFree(staging);
      }
      long size = Math.max(bytes, 1L << 20);
      staging = driver.hostAlloc(size);
      stagingBytes = size;
    }
    return staging.asSlice(0, bytes);
  }
}
