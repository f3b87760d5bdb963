package jtorch.backend;

import jtorch.UntypedStorage;

/**
 * What a backend for an accelerator offers besides kernels: counting its devices, waiting for them,
 * and its memory cache. {@link jtorch.Cuda} forwards to the CUDA backend's.
 *
 * <pre>{@code
 * if (Dispatcher.of(Device.cuda(0)) instanceof DeviceRuntime r) {
 *   r.deviceCount();   // 1
 * }
 * }</pre>
 */
public interface DeviceRuntime {

  /** The number of devices. */
  int deviceCount();

  /** The device's name, e.g. "NVIDIA H100 80GB HBM3". */
  String deviceName(int device);

  /** Waits until all work queued on {@code device} has finished. */
  void synchronize(int device);

  /** Returns the cached, unused memory of every device to the driver. */
  void emptyCache();

  /** Bytes held by live tensors on {@code device}. */
  long memoryAllocated(int device);

  /** Bytes reserved from the driver on {@code device} (live tensors plus the cache). */
  long memoryReserved(int device);

  /** The largest {@link #memoryAllocated} seen on {@code device}. */
  long maxMemoryAllocated(int device);

  /**
   * Page-locked host memory of {@code bytes} (uninitialised), as a CPU storage that {@link
   * UntypedStorage#isPinned()}; freed when the storage becomes unreachable. Backs {@code
   * tensor.pinMemory()}.
   */
  UntypedStorage allocatePinned(long bytes);
}
