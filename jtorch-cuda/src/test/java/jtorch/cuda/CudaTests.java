package jtorch.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import jtorch.Torch;

/** What the tests need to know about this machine. */
final class CudaTests {
  private CudaTests() {}

  /** True when the dynamic linker or the usual folders have libcuda.so.1. */
  static boolean driverPresent() {
    if (LibrarySearch.system().find(java.util.List.of("libcuda.so.1"), null).isPresent()) {
      return true;
    }
    try {
      SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Why the GPU tests are skipped (CUDA's own reason), or null when a GPU is usable. */
  static String noGpuReason() {
    return Torch.cuda().unavailableReason();
  }
}
