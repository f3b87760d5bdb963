package jtorch.cuda;

/**
 * A CUDA driver or cuBLAS call failed; the message names the call, the status code and its name.
 *
 * <pre>{@code
 * // jtorch.cuda.CudaException: cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (2): out of memory
 * }</pre>
 */
public final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** For {@code call} having returned {@code status}. */
  public CudaException(String call, int status, String name, String description) {
    super(
        call
            + " failed: "
            + name
            + " ("
            + status
            + ")"
            + (description == null ? "" : ": " + description));
    this.status = status;
  }

  /** The CUresult or cublasStatus_t returned. */
  public int status() {
    return status;
  }
}
