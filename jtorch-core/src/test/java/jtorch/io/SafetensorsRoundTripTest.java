package jtorch.io;

import static jtorch.Torch.tensor;
import static jtorch.io.TestFiles.assertSameTensor;
import static jtorch.io.TestFiles.headerText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.UntypedStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
  @TempDir Path dir;

  /** Values that exercise each dtype's range: extremes, signed zero, subnormals, NaN, inf. */
  private static Tensor sample(DType t) {
    return switch (t) {
      case FLOAT32 ->
          tensor(
              new float[][] {
                {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE},
                {Float.NaN, Float.NEGATIVE_INFINITY, 1e-3f, -7f}
              });
      case FLOAT64 ->
          tensor(new double[] {Math.PI, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN});
      case FLOAT16 ->
          tensor(new float[] {0.5f, -65504f, 6.1035156e-05f, 5.9604645e-08f, 1 / 3f}, t);
      case BFLOAT16 -> tensor(new float[] {1f, -3.140625f, 3.0e38f, 0.0078125f, -0f}, t);
      case INT8 -> tensor(new byte[] {-128, 127, 0, -1});
      case UINT8 -> tensor(new long[] {0, 1, 128, 255}, t);
      case INT16 -> tensor(new short[] {-32768, 32767, -1});
      case INT32 -> tensor(new int[][] {{Integer.MIN_VALUE, Integer.MAX_VALUE}, {0, -7}});
      case INT64 -> tensor(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 42});
      case BOOL -> tensor(new boolean[][] {{true, false, true}, {false, false, true}});
    };
  }

  private static Tensor scalar(DType t) {
    return t.isFloatingPoint() ? tensor(2.5, t) : tensor(1L, t);
  }

  @Test
  void everyDtypeRoundTripsWithZeroDimAndEmptyTensors() throws IOException {
    LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    for (DType t : DType.values()) {
      state.put(t.pyName(), sample(t));
      state.put(t.pyName() + ".scalar", scalar(t));
      state.put(t.pyName() + ".empty", Torch.zeros(new long[] {0}, t));
      state.put(t.pyName() + ".empty2d", Torch.zeros(new long[] {3, 0, 2}, t));
    }
    Path file = dir.resolve("all.safetensors");
    SafeTensors.save(state, file);

    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(file);
    assertThat(loaded.keySet()).containsExactlyElementsOf(state.keySet());
    for (var e : state.entrySet()) {
      Tensor got = loaded.get(e.getKey());
      assertSameTensor(e.getKey(), got, e.getValue());
      // (jtorch's isContiguous() is false for some empty shapes, e.g. [3, 0, 2]; PyTorch says
      // true.)
      assertThat(got.isContiguous() || got.numel() == 0).isTrue();
      assertThat(got.storageOffset()).isZero();
      assertThat(got.untypedStorage().nbytes()).isEqualTo(got.numel() * got.dtype().itemSize());
    }
    assertThat(loaded.get("float32.scalar").dim()).isZero();
    assertThat(loaded.get("float32.scalar").item()).isEqualTo(2.5);
    assertThat(loaded.get("int16.empty2d").shape().toArray()).containsExactly(3, 0, 2);
    assertThat(SafeTensors.loadMetadata(file)).isEmpty();
  }

  @Test
  void headerKeepsMapOrderAndTheBufferIsAlignedPerTensor() throws IOException {
    LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    state.put("z.mask", tensor(new boolean[] {true, false, true}));
    state.put("y.half", tensor(new float[] {1, 2, 3}, DType.HALF));
    state.put("x.long", tensor(new long[] {1, 2}));
    state.put("w.byte", tensor(new byte[] {5}));
    state.put("v.float", tensor(new float[] {1, 2, 3}));
    Path file = dir.resolve("order.safetensors");
    SafeTensors.save(state, file);

    String header = headerText(Files.readAllBytes(file));
    assertThat(header.stripTrailing())
        .isEqualTo(
            "{\"z.mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[34,37]},"
                + "\"y.half\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[28,34]},"
                + "\"x.long\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"w.byte\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[37,38]},"
                + "\"v.float\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]}}");
    assertThat(header.substring(header.stripTrailing().length())).matches(" {0,7}");
    assertThat(header.length() % 8).isZero();
    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(file);
    assertThat(loaded.keySet()).containsExactly("z.mask", "y.half", "x.long", "w.byte", "v.float");
    for (Tensor t : loaded.values()) {
      assertThat(t.untypedStorage().segment().address() % t.dtype().itemSize()).isZero();
    }
  }

  @Test
  void nonContiguousInputsAreSavedAsTheirContiguousValues() throws IOException {
    Tensor base = Torch.arange(0, 24, 1, DType.FLOAT32).reshape(2, 3, 4);
    LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    state.put("transposed", base.transpose(0, 2));
    state.put("stepped", base.slice(2, 1, 4, 2));
    state.put("offset", base.get(1).narrow(0, 1, 2));
    state.put("expanded", tensor(new double[] {1, 2, 3}).unsqueeze(0).expand(4, 3));
    state.put("permuted.int", Torch.arange(6).reshape(1, 2, 3).permute(2, 0, 1));
    state.put("t.half", tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}}, DType.HALF).t());
    assertThat(state.values()).anyMatch(t -> !t.isContiguous());
    Path file = dir.resolve("views.safetensors");
    SafeTensors.save(state, file);

    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(file);
    for (var e : state.entrySet()) {
      assertSameTensor(e.getKey(), loaded.get(e.getKey()), e.getValue());
    }
    assertThat(loaded.get("transposed").toFloatArray())
        .startsWith(0, 12, 4, 16, 8, 20, 1, 13)
        .hasSize(24);
    assertThat(loaded.get("expanded").untypedStorage().nbytes()).isEqualTo(12 * 8);
    assertThat(Files.size(file) - 8 - headerText(Files.readAllBytes(file)).length())
        .isEqualTo((24 + 12 + 8) * 4 + 12 * 8 + 6 * 8 + 6 * 2);
  }

  @Test
  void metadataRoundTripsInOrderWithEscapes() throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    meta.put("z-first?", "no: insertion order");
    meta.put("unicode \u00fc", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00");
    meta.put("escapes", "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 /");
    meta.put("", "");
    Path file = dir.resolve("meta.safetensors");
    SafeTensors.save(Map.of("w", Torch.ones(2)), file, meta);

    assertThat(SafeTensors.loadMetadata(file)).containsExactlyEntriesOf(meta);
    String header = headerText(Files.readAllBytes(file));
    assertThat(header)
        .startsWith("{\"__metadata__\":{\"format\":\"pt\",")
        .contains(
            "\"escapes\":\"quote \\\" backslash \\\\ newline \\n tab \\t nul \\u0000 bell"
                + " \\u0007 /\"")
        .contains("caf\u00e9 \u4e2d\u6587 \ud83d\ude00");
    assertThat(SafeTensors.load(file).get("w").toFloatArray()).containsExactly(1, 1);

    SafeTensors.save(Map.of("w", Torch.ones(2)), file, Map.of());
    assertThat(headerText(Files.readAllBytes(file))).doesNotContain("__metadata__");
    assertThat(SafeTensors.loadMetadata(file)).isEmpty();
  }

  @Test
  void emptyStateDictIsTheReferenceEmptyFile() throws IOException {
    Path file = dir.resolve("empty.safetensors");
    SafeTensors.save(Map.of(), file);
    // The reference implementation's serialize({}) gives these 16 bytes.
    assertThat(Files.readAllBytes(file))
        .containsExactly(8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' ');
    assertThat(SafeTensors.load(file)).isEmpty();
  }

  @Test
  void tensorsThatRequireGradAreSavedAsTheirData() throws IOException {
    Tensor w = Torch.ones(2, 2).requiresGrad_();
    Tensor y = w.mul(3.0); // non-leaf with a grad_fn
    Path file = dir.resolve("grad.safetensors");
    SafeTensors.save(Map.of("w", w, "y", y), file);
    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(file);
    assertThat(loaded.get("w").requiresGrad()).isFalse();
    assertThat(loaded.get("y").toFloatArray()).containsExactly(3, 3, 3, 3);
    assertThat(w.requiresGrad()).isTrue(); // the input is untouched
  }

  @Test
  void loadedTensorsAreWritableAndWritesNeverReachTheFile() throws IOException {
    Path file = dir.resolve("cow.safetensors");
    SafeTensors.save(Map.of("a", tensor(new float[] {1, 2, 3}), "b", tensor(new long[] {7})), file);
    byte[] before = Files.readAllBytes(file);

    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(file);
    Tensor a = loaded.get("a");
    assertThat(a.untypedStorage().segment().isReadOnly()).isFalse();
    a.add_(10.0);
    a.untypedStorage().segment().set(ValueLayout.JAVA_FLOAT_UNALIGNED, 0, -1f);
    loaded.get("b").fill_(99);
    assertThat(a.toFloatArray()).containsExactly(-1, 12, 13);
    assertThat(loaded.get("b").itemLong()).isEqualTo(99);

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(SafeTensors.load(file).get("a").toFloatArray()).containsExactly(1, 2, 3);
  }

  @Test
  void eachTensorHasItsOwnStorageOverOneMapping() throws IOException {
    Path file = dir.resolve("views.safetensors");
    SafeTensors.save(Map.of("a", Torch.zeros(3), "b", Torch.ones(5)), file);
    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(file);
    MemorySegment a = loaded.get("a").untypedStorage().segment();
    MemorySegment b = loaded.get("b").untypedStorage().segment();
    assertThat(loaded.get("a").untypedStorage()).isNotSameAs(loaded.get("b").untypedStorage());
    assertThat(a.byteSize()).isEqualTo(12);
    assertThat(b.byteSize()).isEqualTo(20);
    assertThat(a.isMapped()).isTrue();
    assertThat(b.isMapped()).isTrue();
    // Adjacent slices of the same mapping: no copy was made.
    assertThat(Math.abs(b.address() - a.address())).isIn(12L, 20L);
  }

  @Test
  void aLargeFileIsMappedNotCopied() throws IOException {
    long n = 16L << 20; // 16 Mi floats = 64 MiB
    MemorySegment seg = Arena.ofAuto().allocate(n * 4, 64);
    for (long i = 0; i < n; i += 4096) {
      seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
    }
    seg.setAtIndex(ValueLayout.JAVA_FLOAT, n - 1, -5f);
    Tensor big = Torch.fromStorage(UntypedStorage.wrap(seg, Device.CPU), DType.FLOAT32);
    Path file = dir.resolve("big.safetensors");
    SafeTensors.save(Map.of("small", Torch.ones(3), "big", big.view(4096, -1)), file);
    assertThat(Files.size(file)).isGreaterThan(64L << 20);

    LinkedHashMap<String, Tensor> loaded = SafeTensors.load(file);
    Tensor got = loaded.get("big");
    assertThat(got.untypedStorage().segment().isMapped()).isTrue();
    assertThat(got.untypedStorage().array()).isNull();
    assertThat(got.untypedStorage().nbytes()).isEqualTo(n * 4);
    assertThat(got.shape().toArray()).containsExactly(4096, 4096);
    assertThat(got.get(0, 4096 - 1).item()).isZero();
    assertThat(got.get(1, 0).item()).isEqualTo(4096.0);
    assertThat(got.get(4095, 4095).item()).isEqualTo(-5.0);
  }

  @Test
  void readingIntoMemoryGivesTheSameTensors() throws IOException {
    Path file = dir.resolve("copy.safetensors");
    LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    for (DType t : DType.values()) {
      state.put(t.pyName(), sample(t));
    }
    SafeTensors.save(state, file);
    LinkedHashMap<String, Tensor> copied = SafeTensors.load(file, false);
    assertThat(copied.keySet()).containsExactlyElementsOf(state.keySet());
    for (var e : state.entrySet()) {
      assertSameTensor(e.getKey(), copied.get(e.getKey()), e.getValue());
      assertThat(copied.get(e.getKey()).untypedStorage().segment().isMapped()).isFalse();
    }
    copied.get("float32").zero_();
    assertThat(SafeTensors.load(file).get("float32").toFloatArray()[0]).isEqualTo(1.5f);
  }

  @Test
  void ioFacadeSavesAndLoads() throws IOException {
    Path file = dir.resolve("io.safetensors");
    IO.save(Map.of("w", Torch.ones(2, 3)), file);
    Tensor w = IO.load(file).get("w");
    assertThat(w.shape().toArray()).containsExactly(2, 3);
    assertThat(w.sum().item()).isEqualTo(6.0);
  }

  @Test
  void boolIsWrittenAsZeroOrOne() throws IOException {
    MemorySegment raw = MemorySegment.ofArray(new byte[] {0, 1, 2, (byte) 0xFF});
    Tensor odd = Torch.fromStorage(UntypedStorage.wrap(raw, Device.CPU), DType.BOOL);
    Path file = dir.resolve("bool.safetensors");
    SafeTensors.save(Map.of("b", odd), file);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length))
        .containsExactly(0, 1, 1, 1);
  }

  @Test
  void badNamesAreRejectedBeforeAnythingIsWritten() {
    Path file = dir.resolve("bad.safetensors");
    assertThatThrownBy(() -> SafeTensors.save(Map.of("__metadata__", Torch.ones(1)), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__metadata__ is reserved");
    assertThatThrownBy(() -> SafeTensors.save(Map.of("bad\ud800", Torch.ones(1)), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(
            () -> SafeTensors.save(Map.of("w", Torch.ones(1)), file, Map.of("k", "\udc00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata value");
    var withNull = new LinkedHashMap<String, Tensor>();
    withNull.put("w", null);
    assertThatThrownBy(() -> SafeTensors.save(withNull, file))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tensor 'w' is null");
    assertThat(Files.exists(file)).isFalse();
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void savesOverAnExistingFileWhileItsTensorsAreInUse() throws IOException {
    Path file = dir.resolve("model.safetensors");
    SafeTensors.save(Map.of("w", tensor(new float[] {1, 2})), file);
    Tensor old = SafeTensors.load(file).get("w");
    SafeTensors.save(Map.of("w", tensor(new float[] {3, 4, 5})), file);
    assertThat(old.toFloatArray()).containsExactly(1, 2); // the old mapping is intact
    assertThat(SafeTensors.load(file).get("w").toFloatArray()).containsExactly(3, 4, 5);
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors");
  }

  @Test
  void savedFileGetsOrdinaryPermissions() throws IOException {
    Path plain = Files.createFile(dir.resolve("plain"));
    Path file = dir.resolve("perm.safetensors");
    SafeTensors.save(Map.of("w", Torch.ones(1)), file);
    if (plain.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(Files.getPosixFilePermissions(plain));
    }
    assertThat(Files.isReadable(file)).isTrue();
  }
}
