package jtorch.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.FunctionDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Libraries are opened and symbols bound on first use, and what is missing is named. */
class NativeLibraryTest {
  @TempDir Path root;

  private LibrarySearch empty() {
    return new LibrarySearch(Map.of(), root, root);
  }

  @Test
  void creatingBindingsTouchesNoLibrary() {
    Driver d = new Driver(empty());
    Cublas b = new Cublas(empty());
    assertThat(d.library().isLoaded()).isFalse();
    assertThat(b.library().isLoaded()).isFalse();
    assertThat(d.functions()).hasSize(27).noneMatch(NativeLibrary.Function::isBound);
    assertThat(b.functions()).noneMatch(NativeLibrary.Function::isBound);
  }

  @Test
  void aMissingLibraryIsReportedByTheFirstCallWithWhatToInstall() {
    NativeLibrary lib =
        new NativeLibrary(
            "libjtorch-missing (a test library)",
            List.of("libjtorch-missing.so.1"),
            "missing",
            "Install it.",
            empty(),
            List.of());
    NativeLibrary.Function f = lib.function("f", FunctionDescriptor.of(JAVA_INT));
    assertThatThrownBy(f::handle)
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageStartingWith("CUDA is not available: libjtorch-missing (a test library)")
        .hasMessageContaining("libjtorch-missing.so.1")
        .hasMessageContaining(root.resolve("usr/local/cuda/lib64").toString())
        .hasMessageEndingWith("Install it.");
    assertThat(lib.isLoaded()).isFalse();
  }

  @Test
  void symbolsBindLazilyAndAMissingOneIsNamed() throws Throwable {
    // The C library stands in for a CUDA library: it is on every Linux machine.
    NativeLibrary libc =
        new NativeLibrary("libc", List.of("libc.so.6"), null, "Install glibc.", empty(), List.of());
    NativeLibrary.Function getpid = libc.function("getpid", FunctionDescriptor.of(JAVA_INT));
    NativeLibrary.Function none =
        libc.function("jtorch_no_such_function", FunctionDescriptor.of(JAVA_INT));
    assertThat(libc.isLoaded()).isFalse();
    assertThat((int) getpid.handle().invokeExact()).isEqualTo((int) ProcessHandle.current().pid());
    assertThat(getpid.isBound()).isTrue();
    assertThat(none.isBound()).isFalse();
    assertThatThrownBy(none::handle)
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageContaining("has no function jtorch_no_such_function")
        .hasMessageContaining("Install glibc.");
  }

  @Test
  void aFoundFileThatIsNotALibrarySaysSo() throws Exception {
    Path fake = root.resolve("usr/local/cuda/lib64/libcublas.so.12");
    Files.createDirectories(fake.getParent());
    Files.writeString(fake, "not an ELF file");
    Cublas b = new Cublas(empty());
    assertThatThrownBy(() -> b.library().lookup())
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageContaining("cuBLAS was found at " + fake + " but could not be loaded")
        .hasMessageContaining("pip install nvidia-cublas-cu12");
  }

  @Test
  void withoutTheDriverTheFirstCallSaysToInstallIt() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        CudaTests.driverPresent(), "this machine has libcuda.so.1 (the NVIDIA driver)");
    Driver d = new Driver(empty());
    assertThatThrownBy(d::init)
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageStartingWith("CUDA is not available: libcuda.so.1 (the NVIDIA driver)")
        .hasMessageContaining("was not found in")
        .hasMessageContaining("Install the NVIDIA driver");
  }
}
