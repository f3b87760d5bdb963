package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jtorch.Torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtorch-cuda end to end against a fake CUDA driver and cuBLAS (src/test/c, built here with the C
 * compiler): the FFM bindings, the packing of kernel structs, the copies, the allocator and the
 * cuBLAS argument mapping run for real, with "device" memory on the host. Kernels other than fill
 * and copy are not emulated. {@link FakePinnedChecks} covers pinned memory and non-blocking
 * uploads. Runs in a child JVM so that the fake libraries are found first.
 */
class FakeDriverTest {
  @Test
  void bindingsCopiesAndCublasWorkAgainstAFakeDriver(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path cc = Path.of("/usr/bin/cc");
    Assumptions.assumeTrue(Files.isExecutable(cc), "no C compiler at /usr/bin/cc");
    Path sources = Path.of("src/test/c");
    Assumptions.assumeTrue(Files.isDirectory(sources), "no " + sources.toAbsolutePath());
    compile(cc, sources.resolve("fake_cuda.c"), dir.resolve("libcuda.so.1"));
    compile(cc, sources.resolve("fake_cublas.c"), dir.resolve("libcublas.so.12"));

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Djtorch.cuda.launchBlocking=true"); // also waits after each emulated kernel
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(FakeDriverMain.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LD_LIBRARY_PATH", dir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out)
        .as(out)
        .doesNotContain("FAIL")
        .contains(
            "ok available",
            "ok matmul via cuBLAS",
            "ok the pinned source stays reachable while its copy is queued",
            "ok DataLoader pinMemory(true) yields pinned batches");
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static void compile(Path cc, Path source, Path lib)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                cc.toString(),
                "-shared",
                "-fPIC",
                "-O1",
                "-Wall",
                "-Werror",
                "-o",
                lib.toString(),
                source.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("cc " + source + ": " + out).isZero();
  }

  /** jtorch-cuda's classes, its test classes and jtorch-core. */
  private static String classPath() {
    List<String> parts = new ArrayList<>();
    for (Class<?> c : List.of(CudaBackend.class, FakeDriverMain.class, Torch.class)) {
      try {
        parts.add(
            Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, parts);
  }
}
