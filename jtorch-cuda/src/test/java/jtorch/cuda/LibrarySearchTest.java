package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where CUDA's libraries are looked for, on fake folder trees. */
class LibrarySearchTest {
  @TempDir Path root;

  private Path touch(String relative) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "");
    return p;
  }

  private LibrarySearch search(Map<String, String> env) {
    return new LibrarySearch(env, root, root.resolve("home/user"));
  }

  @Test
  void ldLibraryPathComesFirst() throws IOException {
    Path mine = touch("opt/mine/libcublas.so.12");
    touch("usr/local/cuda/lib64/libcublas.so.12");
    LibrarySearch s = search(Map.of("LD_LIBRARY_PATH", root.resolve("opt/mine").toString()));
    assertThat(s.find(List.of("libcublas.so.13", "libcublas.so.12"), "cublas")).contains(mine);
  }

  @Test
  void newestCudaInstallWinsAndVersionsCompareNumerically() throws IOException {
    touch("usr/local/cuda-9.2/lib64/libcublas.so.12");
    Path newest = touch("usr/local/cuda-12.10/lib64/libcublas.so.12");
    touch("usr/local/cuda-12.4/lib64/libcublas.so.12");
    assertThat(search(Map.of()).find(List.of("libcublas.so.12"), "cublas")).contains(newest);
  }

  @Test
  void preferredNameWinsWithinAFolder() throws IOException {
    touch("usr/local/cuda/lib64/libcublas.so.12");
    Path v13 = touch("usr/local/cuda/lib64/libcublas.so.13");
    assertThat(search(Map.of()).find(List.of("libcublas.so.13", "libcublas.so.12"), "cublas"))
        .contains(v13);
  }

  @Test
  void findsPipWheelsOfSystemUserAndVirtualEnvPythons() throws IOException {
    Path system = touch("usr/local/lib/python3.11/dist-packages/nvidia/cublas/lib/libcublas.so.12");
    assertThat(search(Map.of()).find(List.of("libcublas.so.12"), "cublas")).contains(system);
    Files.delete(system);

    Path user =
        touch("home/user/.local/lib/python3.12/site-packages/nvidia/cublas/lib/libcublas.so.12");
    assertThat(search(Map.of()).find(List.of("libcublas.so.12"), "cublas")).contains(user);
    Files.delete(user);

    touch("venv/bin/python3");
    Path venv = touch("venv/lib/python3.10/site-packages/nvidia/cublas/lib/libcublas.so.12");
    LibrarySearch s = search(Map.of("PATH", root.resolve("venv/bin") + ":/nonexistent"));
    assertThat(s.find(List.of("libcublas.so.12"), "cublas")).contains(venv);
  }

  @Test
  void aCondaEnvironmentsLibFolderIsSearched() throws IOException {
    touch("opt/conda/bin/python3");
    Path lib = touch("opt/conda/lib/libcublas.so.12");
    LibrarySearch s = search(Map.of("PATH", root.resolve("opt/conda/bin").toString()));
    assertThat(s.find(List.of("libcublas.so.12"), "cublas")).contains(lib);
  }

  @Test
  void cudaHomeIsSearched() throws IOException {
    Path lib = touch("toolkits/cuda/lib64/libcublas.so.13");
    LibrarySearch s = search(Map.of("CUDA_HOME", root.resolve("toolkits/cuda").toString()));
    assertThat(s.find(List.of("libcublas.so.13"), "cublas")).contains(lib);
  }

  @Test
  void theDriverIsNotLookedForInWheels() throws IOException {
    touch("usr/local/lib/python3.11/dist-packages/nvidia/cublas/lib/libcuda.so.1");
    assertThat(search(Map.of()).find(List.of("libcuda.so.1"), null)).isEmpty();
    Path driver = touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
    assertThat(search(Map.of()).find(List.of("libcuda.so.1"), null)).contains(driver);
  }

  @Test
  void foldersListsWhatWasSearchedInOrder() {
    List<Path> f = search(Map.of("LD_LIBRARY_PATH", "/a:/b")).folders(null);
    assertThat(f.subList(0, 2)).containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(f).contains(root.resolve("usr/local/cuda/lib64"), root.resolve("usr/lib64"));
  }
}
