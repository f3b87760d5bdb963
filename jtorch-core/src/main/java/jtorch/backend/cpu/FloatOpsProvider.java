package jtorch.backend.cpu;

import java.lang.System.Logger.Level;

/**
 * Chooses the float32 loops once, as Lucene's vectorization provider does: the Vector API when the
 * {@code jdk.incubator.vector} module is present, else scalar Java with one log line saying how to
 * switch it on. The system property {@code jtorch.vector} ({@code true}/{@code false}) forces
 * either path, so tests can compare both.
 */
final class FloatOpsProvider {
  static final FloatOps OPS = choose();

  private FloatOpsProvider() {}

  private static FloatOps choose() {
    String forced = System.getProperty("jtorch.vector", "");
    boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (forced.equals("false")) {
      return new ScalarFloatOps();
    }
    if (!present) {
      System.getLogger("jtorch")
          .log(
              Level.INFO,
              "Vector API not enabled; jtorch uses its scalar CPU kernels. For faster ones run"
                  + " java with --add-modules jdk.incubator.vector");
      return new ScalarFloatOps();
    }
    try {
      return (FloatOps)
          Class.forName("jtorch.backend.cpu.VectorFloatOps").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      System.getLogger("jtorch")
          .log(Level.WARNING, "Vector API present but unusable, using scalar kernels: " + e);
      return new ScalarFloatOps();
    }
  }
}
