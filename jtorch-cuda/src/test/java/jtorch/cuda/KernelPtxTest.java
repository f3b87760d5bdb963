package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtorch.backend.BinaryOp;
import jtorch.backend.ReduceOp;
import jtorch.backend.UnaryOp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PTX that nvcc wrote at build time against what the Java side launches: every kernel exists,
 * takes as many parameters of the sizes {@link KernelArgs} passes, and the op codes of the CUDA
 * sources follow the Java enums. Skipped only where the jar was built without nvcc and no nvcc is
 * installed; where nvcc exists a missing PTX fails.
 */
class KernelPtxTest {
  private static final Path CUDA_SOURCES = Path.of("src/main/cuda");

  private static String ptx() {
    String ptx = Ptx.load();
    if (ptx == null) {
      boolean nvcc = Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"));
      if (nvcc) {
        fail(
            "nvcc is installed but the build has no "
                + Ptx.RESOURCE
                + ": the ptx profile of jtorch-cuda/pom.xml did not run");
      }
      Assumptions.abort("built without nvcc: no PTX to check");
    }
    return ptx;
  }

  @Test
  void everyKernelTheBackendLaunchesIsInThePtx() {
    List<String> entries = new ArrayList<>(Ptx.entries(ptx()));
    for (Kernel k : Kernel.values()) {
      assertThat(entries).as("PTX entries").contains(k.entry());
    }
    assertThat(entries).hasSize(Kernel.values().length);
  }

  @Test
  void parameterSizesMatchWhatKernelArgsPasses() {
    String ptx = ptx();
    for (Kernel k : Kernel.values()) {
      assertThat(paramSizes(ptx, k.entry()))
          .as(k.entry() + " parameters")
          .isEqualTo(k.paramBytes());
    }
  }

  @Test
  void ptxTargetsTuringSoThatNewerGpusCanJitIt() {
    String ptx = ptx();
    assertThat(ptx).containsPattern("\\.target sm_75").contains(".address_size 64");
  }

  @Test
  void ptxAsLoadedAssemblesForTuringAndHopper(@TempDir Path dir)
      throws IOException, InterruptedException {
    String ptx = ptx();
    Path ptxas = Path.of("/usr/local/cuda/bin/ptxas");
    Assumptions.assumeTrue(Files.isExecutable(ptxas), "no ptxas at " + ptxas);
    String loaded = Ptx.declareIsa(ptx, Ptx.ISA);
    assertThat(loaded).contains(".version " + Ptx.ISA + "\n").doesNotContain(".version 9.0");
    Path file = dir.resolve("kernels.ptx");
    Files.writeString(file, loaded);
    for (String arch : List.of("sm_75", "sm_90")) {
      Process p =
          new ProcessBuilder(
                  ptxas.toString(),
                  "-arch=" + arch,
                  file.toString(),
                  "-o",
                  dir.resolve(arch).toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as("ptxas -arch=" + arch + ": " + output).isZero();
    }
  }

  @Test
  void opCodesOfTheCudaSourcesFollowTheJavaEnums() throws IOException {
    String ew = Files.readString(CUDA_SOURCES.resolve("elementwise.cuh"));
    assertThat(enumNames(ew, "U_")).isEqualTo(names(UnaryOp.values()));
    assertThat(enumNames(ew, "B_")).isEqualTo(names(BinaryOp.values()));
    String red = Files.readString(CUDA_SOURCES.resolve("reduce.cuh"));
    assertThat(enumNames(red, "R_")).isEqualTo(names(ReduceOp.values()));
  }

  @Test
  void dtypeCodesFollowCommonCuh() throws IOException {
    String common = Files.readString(CUDA_SOURCES.resolve("common.cuh"));
    for (jtorch.DType t : jtorch.DType.values()) {
      String tag =
          switch (t) {
            case FLOAT32 -> "JT_F32";
            case FLOAT64 -> "JT_F64";
            case FLOAT16 -> "JT_F16";
            case BFLOAT16 -> "JT_BF16";
            case INT8 -> "JT_I8";
            case UINT8 -> "JT_U8";
            case INT16 -> "JT_I16";
            case INT32 -> "JT_I32";
            case INT64 -> "JT_I64";
            case BOOL -> "JT_BOOL";
          };
      assertThat(common).contains(tag + " = " + DTypes.code(t));
    }
  }

  private static <E extends Enum<E>> List<String> names(E[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  /** The members of the C enum whose names start with {@code prefix}, prefix removed, in order. */
  private static List<String> enumNames(String source, String prefix) {
    Matcher m = Pattern.compile("enum\\s*\\{([^}]*)\\}").matcher(source);
    while (m.find()) {
      List<String> names =
          Arrays.stream(m.group(1).split(","))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .toList();
      if (!names.isEmpty() && names.get(0).startsWith(prefix)) {
        return names.stream().map(s -> s.substring(prefix.length())).toList();
      }
    }
    throw new AssertionError("no enum of " + prefix + "* in the CUDA sources");
  }

  /** The byte size of each parameter of {@code entry}, as declared in the PTX. */
  static List<Integer> paramSizes(String ptx, String entry) {
    Matcher m = Pattern.compile("\\.entry\\s+" + entry + "\\s*\\(([^)]*)\\)").matcher(ptx);
    if (!m.find()) {
      throw new AssertionError("no .entry " + entry);
    }
    List<Integer> sizes = new ArrayList<>();
    for (String p : m.group(1).split(",")) {
      String s = p.strip();
      if (s.isEmpty()) {
        continue;
      }
      Matcher arr = Pattern.compile("\\[(\\d+)\\]").matcher(s);
      if (arr.find()) {
        sizes.add(Integer.parseInt(arr.group(1)));
      } else if (s.matches(".*\\.[usbf]64\\b.*")) {
        sizes.add(8);
      } else if (s.matches(".*\\.[usbf]32\\b.*")) {
        sizes.add(4);
      } else {
        throw new AssertionError("unknown PTX parameter: " + s);
      }
    }
    return sizes;
  }
}
