package jtorch;

import jtorch.backend.Backend;
import jtorch.backend.DeviceRuntime;
import jtorch.backend.Dispatcher;

/**
 * CUDA's state, as {@code torch.cuda}: whether it can be used, how many GPUs there are, and the
 * memory cache. CUDA needs the {@code jtorch-cuda} module on the class path, the NVIDIA driver, a
 * GPU and cuBLAS; {@link #unavailableReason()} says which is missing.
 *
 * <pre>{@code
 * Torch.cuda().isAvailable();          // false on a machine without a GPU
 * Torch.cuda().unavailableReason();    // "CUDA is not available: libcuda.so.1 (the NVIDIA driver) was not found ..."
 * Torch.cuda().deviceCount();          // 0
 * }</pre>
 *
 * @see <a href="https://pytorch.org/docs/stable/cuda.html">torch.cuda</a>
 */
public final class Cuda {
  static final Cuda INSTANCE = new Cuda();

  private Cuda() {}

  /** True when tensors can be moved to {@code cuda:0}, as {@code torch.cuda.is_available()}. */
  public boolean isAvailable() {
    return unavailableReason() == null;
  }

  /** Why CUDA cannot be used (what is missing and what to install), or null when it can. */
  public String unavailableReason() {
    try {
      runtime();
      return null;
    } catch (UnsupportedOperationException e) {
      return e.getMessage();
    }
  }

  /** The number of GPUs, 0 when CUDA is not available, as {@code torch.cuda.device_count()}. */
  public int deviceCount() {
    return isAvailable() ? runtime().deviceCount() : 0;
  }

  /** The name of GPU {@code device}, as {@code torch.cuda.get_device_name(device)}. */
  public String getDeviceName(int device) {
    return runtime().deviceName(device);
  }

  /** Waits for all work queued on {@code cuda:0}, as {@code torch.cuda.synchronize()}. */
  public void synchronize() {
    synchronize(0);
  }

  /** Waits for all work queued on GPU {@code device}. */
  public void synchronize(int device) {
    runtime().synchronize(device);
  }

  /**
   * Returns the allocator's cached, unused memory to the driver, as {@code
   * torch.cuda.empty_cache()}; a no-op when CUDA is not available.
   */
  public void emptyCache() {
    if (isAvailable()) {
      runtime().emptyCache();
    }
  }

  /** Bytes held by tensors on {@code cuda:0}, as {@code torch.cuda.memory_allocated()}. */
  public long memoryAllocated() {
    return memoryAllocated(0);
  }

  /** Bytes held by tensors on GPU {@code device}. */
  public long memoryAllocated(int device) {
    return runtime().memoryAllocated(device);
  }

  /** Bytes reserved from the driver on GPU {@code device}, as {@code memory_reserved()}. */
  public long memoryReserved(int device) {
    return runtime().memoryReserved(device);
  }

  /** The peak of {@link #memoryAllocated(int)}, as {@code max_memory_allocated()}. */
  public long maxMemoryAllocated(int device) {
    return runtime().maxMemoryAllocated(device);
  }

  /**
   * Page-locked host memory from the CUDA driver, for {@code pinMemory()}; fails naming {@code op}
   * and what is missing when CUDA is not available.
   */
  UntypedStorage allocatePinned(String op, long bytes) {
    DeviceRuntime r;
    try {
      r = runtime();
    } catch (UnsupportedOperationException e) {
      throw new UnsupportedOperationException(
          op + ": pinned (page-locked) memory comes from the CUDA driver. " + e.getMessage(), e);
    }
    return r.allocatePinned(bytes);
  }

  /** The CUDA backend's runtime, or the backend's error saying what is missing. */
  private static DeviceRuntime runtime() {
    Backend b = Dispatcher.of(Device.cuda(0));
    if (b instanceof DeviceRuntime r) {
      return r;
    }
    throw new UnsupportedOperationException(
        "CUDA is not available: the CUDA backend "
            + b.getClass().getName()
            + " does not implement DeviceRuntime");
  }
}
