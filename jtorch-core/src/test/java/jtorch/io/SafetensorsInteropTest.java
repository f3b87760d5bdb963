package jtorch.io;

import static jtorch.Torch.tensor;
import static jtorch.io.TestFiles.assertValues;
import static jtorch.io.TestFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files crossing between jtorch and Python, through committed files (CI needs no Python):
 *
 * <ul>
 *   <li>{@code torch_reference*.safetensors}: written from PyTorch tensors by {@code
 *       tools/safetensors/write_reference.py}, with the expected values beside them; jtorch loads
 *       them and checks every value, and rewrites the first byte for byte.
 *   <li>{@code jtorch_written.safetensors}: written by jtorch from {@link #jtorchStateDict()} and
 *       checked in Python by {@code tools/safetensors/read_check.py}, whose report is {@code
 *       jtorch_written.read_check.txt}. The test here keeps the writer's output byte-identical to
 *       that file, so the Python check stays valid. To regenerate after an intended format change,
 *       run this test with {@code -Djtorch.io.regenerate=true}, then rerun read_check.py.
 * </ul>
 */
class SafetensorsInteropTest {
  @TempDir Path dir;

  private static final String JTORCH_FILE = "jtorch_written.safetensors";

  /** What the jtorch-written file holds; read_check.py expects exactly these tensors. */
  static LinkedHashMap<String, Tensor> jtorchStateDict() {
    LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
    m.put(
        "conv.weight",
        tensor(new float[] {-1.5f, -1f, -0.5f, 0f, 0.5f, 1f, 1.5f, 2f}).reshape(2, 1, 2, 2));
    m.put("conv.bias", tensor(new double[] {0.1, -1e-300}));
    m.put("fc.weight", tensor(new float[][] {{1, 2, 3}, {4, 5, 6}}).t()); // non-contiguous
    m.put("half", tensor(new float[] {0.5f, -2.25f, 65504f}, DType.FLOAT16));
    m.put("bf16", tensor(new float[][] {{1f, -2.5f}, {3.140625f, 256f}}, DType.BFLOAT16));
    m.put("i64", tensor(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}));
    m.put("i32", tensor(new int[] {-5, 7}));
    m.put("i16", tensor(new short[] {-32768, 0, 32767}));
    m.put("i8", tensor(new byte[] {-128, 127}));
    m.put("u8", tensor(new long[] {0, 200, 255}, DType.UINT8));
    m.put("mask", tensor(new boolean[][] {{true, false}, {false, true}}));
    m.put("step", tensor(1000L)); // 0-d int64
    m.put("empty", Torch.zeros(0));
    m.put("empty.int", Torch.zeros(new long[] {3, 0}, DType.INT32));
    m.put("param", Torch.ones(2).requiresGrad_());
    m.put("na\u00efve \"quoted\" \\ name\t\ud83d\ude00", tensor(new float[] {42f}));
    return m;
  }

  static Map<String, String> jtorchMetadata() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    meta.put("writer", "jtorch");
    meta.put("note", "\u00fcn\u00efcode \ud83d\ude00 \"q\" \\ \n");
    return meta;
  }

  // ---- Python/PyTorch -> jtorch ----------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"torch_reference.safetensors", "torch_reference_ascii.safetensors"})
  void filesWrittenFromPyTorchLoadWithEveryValue(String name) throws Exception {
    Map<?, ?> expected = expected();
    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(resource(name));

    List<?> rows = (List<?>) expected.get("tensors");
    assertThat(loaded).hasSize(rows.size());
    int i = 0;
    for (Map.Entry<String, Tensor> e : loaded.entrySet()) {
      List<?> row = (List<?>) rows.get(i++);
      String tensorName = (String) row.get(0);
      assertThat(e.getKey()).as("name #" + i + " in header order").isEqualTo(tensorName);
      Tensor t = e.getValue();
      assertThat(SafetensorsHeader.code(t.dtype())).as(tensorName + " dtype").isEqualTo(row.get(1));
      assertThat(t.shape().toArray())
          .as(tensorName + " shape")
          .containsExactly(((List<?>) row.get(2)).stream().mapToLong(x -> (Long) x).toArray());
      assertValues(tensorName, t, ((List<?>) row.get(3)).stream().map(x -> (String) x).toList());
      assertThat(t.untypedStorage().segment().isMapped()).isTrue();
    }
    assertThat(SafeTensors.loadMetadata(resource(name)))
        .containsExactlyEntriesOf(stringMap((Map<?, ?>) expected.get("metadata")));

    // Spot checks in plain Java, independent of the expected file's parsing.
    assertThat(loaded.get("f32.transposed").toFloatArray())
        .containsExactly(1.5f, 3.25f, Float.NEGATIVE_INFINITY, -2f, Float.NaN, 1e-40f);
    assertThat(loaded.get("i64").toLongArray()).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, 42);
    assertThat(loaded.get("f16").toFloatArray()[4]).isEqualTo(0.333251953125f);
    assertThat(loaded.get("bool").toLongArray()).containsExactly(1, 0, 1, 1, 0, 0);
    assertThat(loaded.get("scalar").dim()).isZero();
    assertThat(loaded.get("layer.\u00fc.weight").item()).isEqualTo(7.0);
    assertThat(loaded.get("odd \"name\" \\ \t \ud83d\ude00").toLongArray())
        .containsExactly(1, 2, 3);
  }

  @Test
  void jtorchRewritesTheReferenceFileByteForByte() throws IOException {
    Path reference = resource("torch_reference.safetensors");
    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(reference);
    Path copy = dir.resolve("copy.safetensors");
    SafeTensors.save(loaded, copy, SafeTensors.loadMetadata(reference));
    // Same header text (serde_json's compact form, same escapes, same padding) and data layout.
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(reference));
  }

  // ---- jtorch -> Python
  // --------------------------------------------------------------------------

  @Test
  void jtorchWriterOutputIsByteIdenticalToTheCommittedFile() throws IOException {
    Path fresh = dir.resolve(JTORCH_FILE);
    SafeTensors.save(jtorchStateDict(), fresh, jtorchMetadata());
    if (Boolean.getBoolean("jtorch.io.regenerate")) {
      Path committed = Path.of("src/test/resources/safetensors").resolve(JTORCH_FILE);
      Files.copy(fresh, committed, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(Files.readAllBytes(fresh))
        .as("jtorch's writer no longer reproduces %s, which read_check.py verified", JTORCH_FILE)
        .isEqualTo(Files.readAllBytes(resource(JTORCH_FILE)));
  }

  @Test
  void theCommittedPythonReportCoversTheCommittedFile() throws Exception {
    String report =
        Files.readString(resource("jtorch_written.read_check.txt"), StandardCharsets.UTF_8);
    String sha = sha256(Files.readAllBytes(resource(JTORCH_FILE)));
    assertThat(report)
        .contains(JTORCH_FILE + " sha256 " + sha)
        .contains("RESULT: all checks passed")
        .doesNotContain("FAIL");
  }

  @Test
  void theCommittedJtorchFileLoadsBack() throws IOException {
    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(resource(JTORCH_FILE));
    LinkedHashMap<String, Tensor> state = jtorchStateDict();
    assertThat(loaded.keySet()).containsExactlyElementsOf(state.keySet());
    for (var e : state.entrySet()) {
      TestFiles.assertSameTensor(e.getKey(), loaded.get(e.getKey()), e.getValue());
    }
    assertThat(SafeTensors.loadMetadata(resource(JTORCH_FILE)))
        .containsExactlyEntriesOf(jtorchMetadata());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Map<?, ?> expected() throws Exception {
    String text =
        Files.readString(resource("torch_reference.expected.json"), StandardCharsets.UTF_8);
    return (Map<?, ?>) Json.parse(text);
  }

  private static Map<String, String> stringMap(Map<?, ?> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put((String) k, (String) v));
    return out;
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
