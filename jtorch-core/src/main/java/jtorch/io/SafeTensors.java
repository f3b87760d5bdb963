package jtorch.io;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.UntypedStorage;

/**
 * Saves and loads state dicts ({@code Map<String, Tensor>}) in the <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> format, as Python's {@code
 * safetensors.torch.save_file} / {@code load_file}. Files written here load in Python, and files
 * from Python (or any other safetensors writer) load here.
 *
 * <pre>{@code
 * import jtorch.io.SafeTensors;
 *
 * var state = new LinkedHashMap<String, Tensor>();
 * state.put("fc1.weight", Torch.randn(64, 4608));
 * state.put("fc1.bias", Torch.zeros(64));
 * SafeTensors.save(state, Path.of("model.safetensors"), Map.of("format", "pt"));
 *
 * LinkedHashMap<String, Tensor> loaded = SafeTensors.load(Path.of("model.safetensors"));
 * loaded.get("fc1.bias").shape();                                   // [64]
 * SafeTensors.loadMetadata(Path.of("model.safetensors"));           // {format=pt}
 * }</pre>
 *
 * <p><b>The format.</b> An 8-byte little-endian header length {@code N}; {@code N} bytes of UTF-8
 * JSON mapping each tensor name to its {@code dtype} ({@code F32 F64 F16 BF16 I8 U8 I16 I32 I64
 * BOOL}), {@code shape} and {@code data_offsets [begin, end]} in the data buffer, plus an optional
 * {@code __metadata__} object of strings; then the data buffer: every tensor contiguous, C order,
 * little-endian, bool as one byte 0 or 1.
 *
 * <p><b>Saving</b> keeps the map's order in the header (and {@link #load} gives it back in that
 * order). Non-contiguous tensors are written as their contiguous copy, tensors on other devices as
 * their CPU copy, tensors that require grad as their data ({@code detach()}); float16 and bfloat16
 * bytes are written as stored. Tensors that share storage are written as independent copies (the
 * format cannot express sharing). In the data buffer tensors are laid out by decreasing element
 * size, so each one starts at a multiple of its element size and mapped views are aligned. The
 * write is atomic: the bytes go to a temporary file next to the target, are forced to the disk, and
 * the temporary file is then renamed over the target. If anything fails the temporary file is
 * deleted and an existing target is left as it was.
 *
 * <p><b>Loading</b> checks the whole header before it returns anything and throws {@link
 * SafetensorsException} for a file that is truncated, has a malformed header, an unknown dtype, a
 * negative dimension, offsets that do not match the shape, that overlap, leave gaps or reach past
 * the end, trailing bytes, or a name twice. It does not copy: the file is mapped into memory
 * copy-on-write ({@link FileChannel.MapMode#PRIVATE}), and each tensor views its slice of the
 * mapping through its own {@link UntypedStorage}. Loaded tensors are writable; writes stay in this
 * process and never reach the file. The mapping lives as long as any loaded tensor (or view of one)
 * is reachable. A file this process may not open for writing (which a private mapping needs in
 * Java) is read into memory instead. Do not truncate or rewrite a file in place while tensors
 * loaded from it are in use; {@link #save} replaces files by renaming, which is safe.
 *
 * <p><b>Safety.</b> A safetensors file is pure data: loading parses JSON and views bytes, and never
 * runs code from the file (unlike pickle-based {@code torch.load}).
 */
public final class SafeTensors {
  /** Bytes copied per write call when saving. */
  private static final int CHUNK = 1 << 20;

  private static final boolean LITTLE_ENDIAN_HOST =
      ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private SafeTensors() {}

  // ---- saving ---------------------------------------------------------------------------------

  /**
   * Writes {@code stateDict} to {@code file} in the safetensors format, atomically.
   *
   * @param stateDict tensor names to tensors; the iteration order is kept in the file
   * @param file the file to create or replace; its directory must exist
   * @throws IllegalArgumentException for the reserved name {@code __metadata__} or a name that
   *     UTF-8 cannot encode
   * @throws IOException when the file cannot be written; an existing file is then unchanged
   */
  public static void save(Map<String, Tensor> stateDict, Path file) throws IOException {
    save(stateDict, file, Map.of());
  }

  /**
   * Writes {@code stateDict} and string {@code metadata} (the header's {@code __metadata__}, e.g.
   * {@code {"format": "pt"}}; nothing is written when empty) to {@code file}, atomically.
   *
   * @param stateDict tensor names to tensors; the iteration order is kept in the file
   * @param file the file to create or replace; its directory must exist
   * @param metadata string pairs stored in the header, in iteration order
   * @throws IllegalArgumentException for the reserved name {@code __metadata__} or a string that
   *     UTF-8 cannot encode
   * @throws IOException when the file cannot be written; an existing file is then unchanged
   */
  public static void save(Map<String, Tensor> stateDict, Path file, Map<String, String> metadata)
      throws IOException {
    Objects.requireNonNull(stateDict, "stateDict");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(metadata, "metadata");
    for (Map.Entry<String, String> m : metadata.entrySet()) {
      SafetensorsHeader.requireWellFormed(
          Objects.requireNonNull(m.getKey(), "metadata key"), "metadata key");
      SafetensorsHeader.requireWellFormed(
          Objects.requireNonNull(m.getValue(), () -> "metadata value of " + m.getKey()),
          "metadata value");
    }

    // Snapshot each tensor as a contiguous, detached CPU tensor, in map order.
    List<String> names = new ArrayList<>(stateDict.size());
    List<Tensor> tensors = new ArrayList<>(stateDict.size());
    for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "tensor name");
      Tensor t = Objects.requireNonNull(e.getValue(), () -> "tensor '" + name + "' is null");
      if (name.equals(SafetensorsHeader.METADATA_KEY)) {
        throw new IllegalArgumentException(
            "save: the tensor name "
                + SafetensorsHeader.METADATA_KEY
                + " is reserved for metadata");
      }
      SafetensorsHeader.requireWellFormed(name, "tensor name");
      Tensor d = t.detach();
      if (!d.device().isCpu()) {
        d = d.cpu();
      }
      names.add(name);
      // An empty tensor has no bytes to write (and needs no contiguous copy).
      tensors.add(d.numel() == 0 ? d : d.contiguous());
    }

    // Lay the data out by decreasing element size (stable, so map order within a size) so that
    // every tensor starts aligned to its element size; the header keeps map order.
    List<Integer> layout = new ArrayList<>();
    for (int i = 0; i < tensors.size(); i++) {
      layout.add(i);
    }
    layout.sort(Comparator.comparingInt((Integer i) -> -tensors.get(i).dtype().itemSize()));
    SafetensorsHeader.Entry[] entries = new SafetensorsHeader.Entry[tensors.size()];
    long offset = 0;
    for (int i : layout) {
      Tensor t = tensors.get(i);
      long n = Math.multiplyExact(t.numel(), (long) t.dtype().itemSize());
      entries[i] =
          new SafetensorsHeader.Entry(
              names.get(i), t.dtype(), t.shape().toArray(), offset, offset + n);
      offset += n;
    }
    byte[] header = SafetensorsHeader.encode(List.of(entries), metadata);
    if (header.length > SafetensorsHeader.MAX_HEADER_BYTES) {
      throw new IllegalArgumentException(
          "save: the header would take "
              + header.length
              + " bytes, more than the "
              + SafetensorsHeader.MAX_HEADER_BYTES
              + " that safetensors readers accept");
    }

    writeAtomically(
        file,
        ch -> {
          ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
          prefix.putLong(header.length).put(header).flip();
          writeFully(ch, prefix);
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(CHUNK, 8);
            for (int i : layout) {
              writeData(ch, tensors.get(i), chunk);
            }
          }
        });
  }

  /** Writes one contiguous CPU tensor's bytes, little-endian, through {@code chunk}. */
  private static void writeData(FileChannel ch, Tensor t, MemorySegment chunk) throws IOException {
    int item = t.dtype().itemSize();
    long n = t.numel() * item;
    if (n == 0) {
      return;
    }
    MemorySegment src = t.untypedStorage().segment().asSlice(t.storageOffset() * item, n);
    ByteBuffer buf = chunk.asByteBuffer();
    for (long done = 0; done < n; ) {
      int len = (int) Math.min(chunk.byteSize(), n - done);
      if (LITTLE_ENDIAN_HOST || item == 1) {
        MemorySegment.copy(src, done, chunk, 0, len);
      } else {
        MemorySegment.copy(
            src,
            element(item, ByteOrder.nativeOrder()),
            done,
            chunk,
            element(item, ByteOrder.LITTLE_ENDIAN),
            0,
            len / item);
      }
      if (t.dtype() == DType.BOOL) {
        for (int i = 0; i < len; i++) {
          if (chunk.get(ValueLayout.JAVA_BYTE, i) != 0) {
            chunk.set(ValueLayout.JAVA_BYTE, i, (byte) 1);
          }
        }
      }
      writeFully(ch, buf.clear().limit(len));
      done += len;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** What is written into the temporary file. */
  @FunctionalInterface
  private interface Writer {
    void write(FileChannel ch) throws IOException;
  }

  /**
   * Writes a temporary file in {@code file}'s directory, forces it to the disk and renames it over
   * {@code file}; on any failure deletes the temporary file and rethrows.
   */
  private static void writeAtomically(Path file, Writer writer) throws IOException {
    Path target = file.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new FileSystemException(target.toString(), null, "is a directory");
    }
    Path dir = target.getParent();
    Path tmp = createTemp(dir, target.getFileName().toString());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writer.write(ch);
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (Throwable t) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException | RuntimeException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
    syncDirectory(dir);
  }

  /**
   * A new empty file next to the target. Unlike {@link Files#createTempFile} it gets the default
   * permissions (as any new file would), since it becomes the saved file.
   */
  private static Path createTemp(Path dir, String name) throws IOException {
    while (true) {
      Path tmp =
          dir.resolve(
              "."
                  + name
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                  + ".tmp");
      try {
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        // Another name.
      }
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (POSIX). */
  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported here (e.g. Windows); the rename itself has happened.
    }
  }

  // ---- loading --------------------------------------------------------------------------------

  /**
   * Loads every tensor of a safetensors file, in the order of the file's header, without copying
   * (see the class documentation).
   *
   * @return tensor names to tensors, in header order
   * @throws SafetensorsException if the file is not a valid safetensors file; nothing is loaded
   * @throws IOException if the file cannot be read
   */
  public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
    return load(file, true);
  }

  /** As {@link #load(Path)}; {@code map} false reads into memory, as for read-only files. */
  static LinkedHashMap<String, Tensor> load(Path file, boolean map) throws IOException {
    Objects.requireNonNull(file, "file");
    FileChannel readWrite = map ? openForPrivateMapping(file) : null;
    boolean mappable = readWrite != null;
    Layout layout;
    MemorySegment data;
    try (FileChannel ch = mappable ? readWrite : FileChannel.open(file, StandardOpenOption.READ)) {
      layout = readHeader(file, ch);
      if (mappable) {
        data =
            ch.map(
                FileChannel.MapMode.PRIVATE, layout.dataStart(), layout.dataSize(), Arena.ofAuto());
      } else {
        data = Arena.ofAuto().allocate(layout.dataSize(), 8);
        for (long done = 0; done < layout.dataSize(); done += Integer.MAX_VALUE / 2) {
          long len = Math.min(Integer.MAX_VALUE / 2, layout.dataSize() - done);
          readFully(file, ch, data.asSlice(done, len).asByteBuffer(), layout.dataStart() + done);
        }
      }
    }
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    for (SafetensorsHeader.Entry e : layout.header().entries) {
      MemorySegment bytes = data.asSlice(e.begin(), e.nbytes());
      int item = e.dtype().itemSize();
      if (!LITTLE_ENDIAN_HOST && item > 1) {
        MemorySegment swapped = Arena.ofAuto().allocate(Math.max(1, e.nbytes()), item);
        MemorySegment.copy(
            bytes,
            element(item, ByteOrder.LITTLE_ENDIAN),
            0,
            swapped,
            element(item, ByteOrder.nativeOrder()),
            0,
            e.nbytes() / item);
        bytes = swapped.asSlice(0, e.nbytes());
      }
      out.put(
          e.name(),
          Torch.fromStorage(
              UntypedStorage.wrap(bytes, Device.CPU),
              e.dtype(),
              0,
              e.shape(),
              contiguousStrides(e.shape())));
    }
    return out;
  }

  /**
   * The {@code __metadata__} of a safetensors file (empty when it has none), in file order. Reads
   * and checks the header only; throws for an invalid file as {@link #load} does.
   */
  public static LinkedHashMap<String, String> loadMetadata(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return readHeader(file, ch).header().metadata;
    }
  }

  /**
   * A channel that {@link FileChannel.MapMode#PRIVATE} accepts (Java demands one open for writing,
   * though a private mapping never writes), or null when this process may not open the file so.
   */
  private static FileChannel openForPrivateMapping(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // read-only file, directory or file system
    }
  }

  /** The header length {@code N} from the first 8 bytes, checked against the file size. */
  private static long headerLength(Path file, FileChannel ch, long size) throws IOException {
    if (size < 8) {
      throw new SafetensorsException(
          file,
          "the file has "
              + size
              + " bytes; a safetensors file starts with an 8-byte header length");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, ch, prefix, 0);
    long n = prefix.getLong(0);
    if (Long.compareUnsigned(n, SafetensorsHeader.MAX_HEADER_BYTES) > 0) {
      throw new SafetensorsException(
          file,
          "the header length "
              + Long.toUnsignedString(n)
              + " is over the "
              + SafetensorsHeader.MAX_HEADER_BYTES
              + "-byte limit; this is not a safetensors file or it is corrupt");
    }
    if (n > size - 8) {
      throw new SafetensorsException(
          file,
          "the header length "
              + n
              + " runs past the end of the file ("
              + size
              + " bytes): the file is truncated or not a safetensors file");
    }
    return n;
  }

  /** A checked header and where the data buffer lies in the file. */
  private record Layout(SafetensorsHeader header, long dataStart, long dataSize) {}

  private static Layout readHeader(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    int n = (int) headerLength(file, ch, size);
    ByteBuffer header = ByteBuffer.allocate(n);
    readFully(file, ch, header, 8);
    long dataSize = size - 8 - n;
    return new Layout(SafetensorsHeader.parse(file, header.array(), dataSize), 8 + n, dataSize);
  }

  private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position)
      throws IOException {
    long p = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, p);
      if (r < 0) {
        throw new EOFException(file + ": the file ended early; was it changed while being read?");
      }
      p += r;
    }
  }

  private static long[] contiguousStrides(long[] shape) {
    long[] st = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return st;
  }

  /** An unaligned element layout of {@code size} bytes (2, 4 or 8) in {@code order}. */
  private static ValueLayout element(int size, ByteOrder order) {
    return switch (size) {
      case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
      case 4 -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
      case 8 -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
      default -> throw new IllegalArgumentException("element size " + size);
    };
  }
}
