package jtorch.autograd;

/**
 * Whether ops record the autograd graph on this thread, as {@code torch.is_grad_enabled()}. Scopes
 * nest and restore the previous mode when closed.
 *
 * <pre>{@code
 * try (var guard = GradMode.noGrad()) {
 *   Tensor y = x.mul(2);   // y.requiresGrad() == false
 * }
 * }</pre>
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED =
      ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /** True when ops record gradients on this thread. */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Sets the mode for this thread, as {@code torch.set_grad_enabled}. */
  public static void setEnabled(boolean enabled) {
    ENABLED.get()[0] = enabled;
  }

  /** Disables recording until the guard is closed, as {@code torch.no_grad()}. */
  public static Guard noGrad() {
    return new Guard(false);
  }

  /** Enables recording until the guard is closed, as {@code torch.enable_grad()}. */
  public static Guard enableGrad() {
    return new Guard(true);
  }

  /** Restores the previous grad mode when closed. */
  public static final class Guard implements AutoCloseable {
    private final boolean previous;

    private Guard(boolean mode) {
      boolean[] cell = ENABLED.get();
      previous = cell[0];
      cell[0] = mode;
    }

    @Override
    public void close() {
      ENABLED.get()[0] = previous;
    }
  }
}
