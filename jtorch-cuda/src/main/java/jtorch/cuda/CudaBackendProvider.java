package jtorch.cuda;

import jtorch.backend.Backend;
import jtorch.backend.BackendProvider;

/**
 * Plugs the CUDA backend into jtorch's dispatcher (found with {@link java.util.ServiceLoader} when
 * jtorch-cuda is on the class or module path). {@link #backend()} starts CUDA on first use or
 * throws a {@link CudaUnavailableException} naming what is missing; there is no fallback to the
 * CPU.
 *
 * <pre>{@code
 * Torch.cuda().isAvailable();   // true on a machine with a GPU, its driver and cuBLAS
 * }</pre>
 */
public final class CudaBackendProvider implements BackendProvider {
  private static CudaBackend backend;

  /** Called by the ServiceLoader. */
  public CudaBackendProvider() {}

  @Override
  public Backend backend() {
    synchronized (CudaBackendProvider.class) {
      if (backend == null) {
        backend = new CudaBackend(CudaRuntime.get());
      }
      return backend;
    }
  }
}
