package jtorch.cuda;

/**
 * The GPU has no memory left for a tensor even after the allocator's cache was freed, as {@code
 * torch.cuda.OutOfMemoryError}. The message gives the request, what tensors hold and what jtorch
 * reserved.
 *
 * <pre>{@code
 * // CUDA out of memory: tried to allocate 4096.00 MiB (...); 70000.00 MiB are allocated by ...
 * }</pre>
 */
public final class CudaOutOfMemoryError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the full message. */
  public CudaOutOfMemoryError(String message) {
    super(message);
  }
}
