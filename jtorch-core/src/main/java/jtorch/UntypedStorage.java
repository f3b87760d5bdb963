package jtorch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flat bytes behind one or more tensors, as {@code torch.UntypedStorage}. Every view of a
 * tensor shares its storage, so a write through one view is seen by all of them.
 *
 * <pre>{@code
 * Tensor p = Torch.tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}});
 * p.untypedStorage().nbytes();                              // 24
 * p.t().untypedStorage() == p.untypedStorage();             // true
 * }</pre>
 *
 * <p>On the CPU the bytes are a {@link MemorySegment}: a Java array (freed by the garbage
 * collector), off-heap memory or a memory-mapped file; off-heap segments may exceed 2^31 elements.
 * On other devices the segment only carries the device address and is never read from the host. A
 * pinned storage ({@link #isPinned()}, from {@code tensor.pinMemory()}) is a CPU storage in
 * page-locked memory that a GPU can copy from asynchronously; CPU kernels read it as any off-heap
 * segment.
 */
public final class UntypedStorage {
  private final MemorySegment segment;
  private final Object array;
  private final Device device;
  private final boolean pinned;
  private int version;

  /** Storages made so far; each one's {@link #serial} is the count when it was made. */
  private static final AtomicLong CREATED = new AtomicLong();

  private final long serial = CREATED.incrementAndGet();

  private UntypedStorage(MemorySegment segment, Object array, Device device, boolean pinned) {
    this.segment = segment;
    this.array = array;
    this.device = device;
    this.pinned = pinned;
  }

  /**
   * Wraps memory as a storage; used by backends and by loaders that map files.
   *
   * @param segment the bytes; for the CPU a readable segment, for other devices an address
   * @param device where the bytes live
   */
  public static UntypedStorage wrap(MemorySegment segment, Device device) {
    Objects.requireNonNull(segment, "segment");
    return new UntypedStorage(
        segment, device.isCpu() ? segment.heapBase().orElse(null) : null, device, false);
  }

  /**
   * Wraps page-locked (pinned) host memory as a CPU storage; used by device backends, which own and
   * free the memory.
   *
   * @param segment native page-locked memory, readable and writable from the host
   */
  public static UntypedStorage wrapPinned(MemorySegment segment) {
    Objects.requireNonNull(segment, "segment");
    if (!segment.isNative()) {
      throw new IllegalArgumentException(
          "wrapPinned: pinned memory is native, got a heap segment of "
              + segment.byteSize()
              + " bytes; allocate it with the device backend's allocatePinned");
    }
    return new UntypedStorage(segment, null, Device.CPU, true);
  }

  /** Number of bytes, as {@code nbytes()}. */
  public long nbytes() {
    return segment.byteSize();
  }

  /** The device the bytes live on. */
  public Device device() {
    return device;
  }

  /** True for page-locked host memory, as {@code tensor.is_pinned()}. */
  public boolean isPinned() {
    return pinned;
  }

  /** Reads one byte (CPU storages only), as {@code storage[i]}. */
  public byte getByte(long index) {
    requireCpu("getByte");
    return segment.get(ValueLayout.JAVA_BYTE, index);
  }

  /** The bytes; on the CPU they can be read and written. */
  public MemorySegment segment() {
    return segment;
  }

  /**
   * The Java array behind a heap storage, or {@code null} for off-heap, mapped or device memory.
   * Kernels use it for their fastest loops.
   */
  public Object array() {
    return array;
  }

  /** The version counter, bumped by every in-place change, as {@code tensor._version}. */
  public int version() {
    return version;
  }

  /** The storages made so far in this JVM: a storage made later has a larger {@link #serial}. */
  static long created() {
    return CREATED.get();
  }

  /** This storage's place in the order storages were made, from 1. */
  long serial() {
    return serial;
  }

  /** Records an in-place change. */
  public void bumpVersion() {
    version++;
  }

  private void requireCpu(String op) {
    if (!device.isCpu()) {
      throw new IllegalStateException(
          op + ": storage lives on " + device + "; copy it to the CPU first with tensor.cpu()");
    }
  }

  @Override
  public String toString() {
    return "UntypedStorage(nbytes="
        + nbytes()
        + ", device="
        + device
        + (pinned ? ", pinned" : "")
        + ")";
  }
}
