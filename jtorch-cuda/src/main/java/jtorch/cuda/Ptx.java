package jtorch.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels' PTX, compiled by nvcc when the jar was built and shipped as the resource {@value
 * #RESOURCE}.
 *
 * <p>nvcc declares the PTX ISA of its own release (9.0 for CUDA 13), which drivers older than that
 * release refuse to load. The kernels use nothing newer than ISA {@value #ISA} (CUDA 11.0), so
 * {@link #require()} declares that instead and every driver since R450 compiles them; KernelPtxTest
 * checks with ptxas that the PTX so declared assembles for sm_75 and sm_90.
 *
 * <pre>{@code
 * Ptx.entries(Ptx.load());   // [jt_fill, jt_copy, ...]
 * }</pre>
 */
final class Ptx {
  static final String RESOURCE = "/jtorch/cuda/kernels.ptx";

  /** The PTX ISA version the kernels are loaded as. */
  static final String ISA = "7.0";

  private static final Pattern VERSION = Pattern.compile("(?m)^\\.version\\s+\\d+\\.\\d+\\s*$");

  private static final Pattern ENTRY =
      Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

  private Ptx() {}

  /** The PTX text, or null when the jar was built without nvcc. */
  static String load() {
    try (InputStream in = Ptx.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The PTX, or an unavailable error that says how to build it. */
  static String require() {
    String ptx = load();
    if (ptx == null) {
      throw new CudaUnavailableException(
          "this jtorch-cuda jar was built without nvcc, so it has no kernels ("
              + RESOURCE
              + "). Rebuild it where the CUDA toolkit is installed: ./mvnw -pl jtorch-cuda -am"
              + " install -Pptx -Dnvcc=/usr/local/cuda/bin/nvcc");
    }
    return declareIsa(ptx, ISA);
  }

  /** {@code ptx} with its {@code .version} directive set to {@code isa}. */
  static String declareIsa(String ptx, String isa) {
    Matcher m = VERSION.matcher(ptx);
    if (!m.find()) {
      throw new IllegalStateException(RESOURCE + " has no .version directive; is it PTX?");
    }
    return m.replaceFirst(".version " + isa);
  }

  /** The names of the {@code .entry} functions of a PTX text. */
  static Set<String> entries(String ptx) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = ENTRY.matcher(ptx);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
