package jtorch.backend;

/**
 * Service interface through which a device module (such as {@code jtorch-cuda}) plugs its backend
 * into the dispatcher, found with {@link java.util.ServiceLoader}.
 */
public interface BackendProvider {

  /** The backend, or an exception that says what is missing on this machine. */
  Backend backend();
}
