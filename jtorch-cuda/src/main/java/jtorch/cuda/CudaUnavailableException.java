package jtorch.cuda;

/**
 * CUDA cannot be used on this machine: the driver, a library or a suitable GPU is missing. The
 * message names what is missing and what to install.
 *
 * <pre>{@code
 * try { Torch.zeros(2).to("cuda"); }
 * catch (CudaUnavailableException e) { e.getMessage(); }  // "CUDA is not available: ... Install ..."
 * }</pre>
 */
public final class CudaUnavailableException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  /** With the reason and the fix. */
  public CudaUnavailableException(String message) {
    super(
        message.startsWith("CUDA is not available")
            ? message
            : "CUDA is not available: " + message);
  }
}
