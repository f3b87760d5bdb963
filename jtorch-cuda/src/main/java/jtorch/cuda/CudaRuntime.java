package jtorch.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The process's CUDA state: the driver initialised once, the number of GPUs and each GPU's {@link
 * CudaDevice} (GPU 0 at start, the others on first use), and the pinned host memory. {@link #get()}
 * either works or throws the one {@link CudaUnavailableException} that says what is missing
 * (driver, GPU, cuBLAS or the PTX), and keeps throwing it.
 *
 * <pre>{@code
 * CudaRuntime.get().deviceCount();   // 1
 * CudaRuntime.get().device(0).name;  // "NVIDIA H100 80GB HBM3"
 * }</pre>
 */
final class CudaRuntime {
  private static CudaRuntime instance;
  private static RuntimeException failure;

  private final Driver driver;
  private final Cublas cublas;
  private final String ptx;
  private final int count;
  private final List<CudaDevice> devices = new ArrayList<>();
  private final PinnedMemory pinned;

  private CudaRuntime(LibrarySearch search) {
    driver = new Driver(search);
    driver.init();
    count = driver.deviceCount();
    if (count == 0) {
      throw new CudaUnavailableException(
          "the NVIDIA driver reports no CUDA GPU. Check nvidia-smi and CUDA_VISIBLE_DEVICES.");
    }
    ptx = Ptx.require();
    cublas = new Cublas(search);
    cublas.library().lookup(); // fail now, naming cuBLAS, rather than at the first matmul
    for (int i = 0; i < count; i++) {
      devices.add(null);
    }
    // GPU 0 now: an unsupported GPU, or a driver that cannot compile the PTX, makes CUDA
    // unavailable with its reason rather than failing the first tensor.
    devices.set(0, new CudaDevice(driver, cublas, 0, ptx));
    pinned = new PinnedMemory(devices.get(0));
  }

  /** The runtime, initialised on first call, or the reason CUDA cannot be used. */
  static synchronized CudaRuntime get() {
    if (instance != null) {
      return instance;
    }
    if (failure == null) {
      try {
        instance = new CudaRuntime(LibrarySearch.system());
        return instance;
      } catch (CudaUnavailableException | CudaException e) {
        failure = e;
      }
    }
    throw failure instanceof CudaUnavailableException u
        ? new CudaUnavailableException(u.getMessage())
        : new CudaUnavailableException(
            "CUDA could not be started on GPU 0: "
                + failure.getMessage()
                + ". Check nvidia-smi; a newer NVIDIA driver may help.");
  }

  int deviceCount() {
    return count;
  }

  Driver driver() {
    return driver;
  }

  /** The device of ordinal {@code n}, set up on first use. */
  synchronized CudaDevice device(int n) {
    if (n < 0 || n >= count) {
      throw new IllegalArgumentException(
          "cuda:"
              + n
              + " does not exist: this machine has "
              + count
              + " CUDA device"
              + (count == 1 ? " (cuda:0)" : "s (cuda:0 to cuda:" + (count - 1) + ")"));
    }
    CudaDevice d = devices.get(n);
    if (d == null) {
      d = new CudaDevice(driver, cublas, n, ptx);
      devices.set(n, d);
    }
    return d;
  }

  /** The cache of page-locked host memory, shared by all GPUs. */
  PinnedMemory pinned() {
    return pinned;
  }

  /** The devices set up so far. */
  synchronized List<CudaDevice> started() {
    return devices.stream().filter(d -> d != null).toList();
  }
}
