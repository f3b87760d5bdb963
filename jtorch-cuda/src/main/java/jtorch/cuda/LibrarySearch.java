package jtorch.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where CUDA's shared libraries are looked for, in order: {@code LD_LIBRARY_PATH}, {@code
 * CUDA_HOME}/{@code CUDA_PATH}, the distributions' library folders, {@code /usr/local/cuda*}
 * (newest version first), the {@code lib} folder of {@code PATH}'s Pythons (conda environments) and
 * the {@code nvidia-*} Python wheels ({@code <site-packages>/nvidia/<package>/lib}) of the
 * system's, the user's, {@code VIRTUAL_ENV}'s and {@code PATH}'s Pythons. No program is run; the
 * file system is only listed.
 *
 * <pre>{@code
 * LibrarySearch.system().find(List.of("libcublas.so.12"), "cublas");  // Optional[/usr/local/cuda/lib64/libcublas.so.12]
 * }</pre>
 *
 * @param env the environment variables
 * @param root the file system root (a temporary folder in tests)
 * @param home the user's home folder
 */
record LibrarySearch(Map<String, String> env, Path root, Path home) {
  private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?");

  /** The search of this machine. */
  static LibrarySearch system() {
    return new LibrarySearch(
        System.getenv(), Path.of("/"), Path.of(System.getProperty("user.home", "/root")));
  }

  /**
   * The folders searched for a library shipped in the wheel {@code nvidia-<wheelPackage>-cu*} (null
   * for none, as the driver), without duplicates, existing or not.
   */
  List<Path> folders(String wheelPackage) {
    Set<Path> dirs = new LinkedHashSet<>();
    for (String d : split(env.get("LD_LIBRARY_PATH"))) {
      dirs.add(Path.of(d));
    }
    for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        dirs.add(Path.of(v, "lib64"));
        dirs.add(Path.of(v, "lib"));
      }
    }
    for (String d :
        List.of(
            "usr/lib/x86_64-linux-gnu",
            "usr/lib/aarch64-linux-gnu",
            "usr/lib64",
            "usr/lib",
            "usr/lib/wsl/lib",
            "usr/local/nvidia/lib64",
            "usr/local/nvidia/lib",
            "usr/local/cuda/lib64")) {
      dirs.add(root.resolve(d));
    }
    for (Path cuda : versioned(root.resolve("usr/local"), "cuda-")) {
      dirs.add(cuda.resolve("lib64"));
    }
    for (String bin : split(env.get("PATH"))) {
      Path b = Path.of(bin);
      if (Files.exists(b.resolve("python3")) && b.getParent() != null) {
        dirs.add(b.getParent().resolve("lib")); // a conda environment's own libraries
      }
    }
    if (wheelPackage != null) {
      for (Path sp : sitePackages()) {
        dirs.add(sp.resolve("nvidia").resolve(wheelPackage).resolve("lib"));
      }
    }
    return List.copyOf(dirs);
  }

  /** The first existing file named one of {@code names} (in order of preference) in the folders. */
  Optional<Path> find(List<String> names, String wheelPackage) {
    for (Path dir : folders(wheelPackage)) {
      for (String name : names) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** site-packages and dist-packages folders of the Pythons found, newest Python first. */
  List<Path> sitePackages() {
    List<Path> libDirs = new ArrayList<>();
    libDirs.add(root.resolve("usr/local/lib"));
    libDirs.add(root.resolve("usr/lib"));
    libDirs.add(home.resolve(".local/lib"));
    for (String bin : split(env.get("PATH"))) {
      Path b = Path.of(bin);
      if (Files.exists(b.resolve("python3")) && b.getParent() != null) {
        libDirs.add(b.getParent().resolve("lib")); // a virtual environment or conda
      }
    }
    String venv = env.get("VIRTUAL_ENV");
    if (venv != null && !venv.isBlank()) {
      libDirs.add(Path.of(venv, "lib"));
    }
    List<Path> out = new ArrayList<>();
    for (Path lib : libDirs) {
      for (Path py : versioned(lib, "python3")) {
        out.add(py.resolve("site-packages"));
        out.add(py.resolve("dist-packages"));
      }
    }
    return out;
  }

  /** Sub-folders of {@code dir} named {@code prefix<version>}, highest version first. */
  private static List<Path> versioned(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(Files::isDirectory)
          .sorted(
              Comparator.comparing(
                      (Path p) -> versionKey(p.getFileName().toString().substring(prefix.length())))
                  .reversed())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Orders "12.4" below "13.0" and "9" below "12" (major * 10000 + minor). */
  private static long versionKey(String v) {
    String t = v.startsWith(".") ? v.substring(1) : v;
    Matcher m = VERSION.matcher(t);
    if (!m.lookingAt()) {
      return -1;
    }
    long major = Long.parseLong(m.group(1));
    long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    return major * 10000 + minor;
  }

  private static List<String> split(String pathList) {
    if (pathList == null || pathList.isBlank()) {
      return List.of();
    }
    return Stream.of(pathList.split(":")).filter(s -> !s.isBlank()).toList();
  }
}
