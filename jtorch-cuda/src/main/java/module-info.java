/**
 * jtorch's CUDA backend, bound to the NVIDIA driver and cuBLAS through the FFM API. Put the jar on
 * the class or module path and {@code tensor.to("cuda")} works; the JVM needs {@code
 * --enable-native-access=jtorch.cuda} (or {@code ALL-UNNAMED} on the class path).
 */
module jtorch.cuda {
  requires jtorch.core;

  provides jtorch.backend.BackendProvider with
      jtorch.cuda.CudaBackendProvider;
}
