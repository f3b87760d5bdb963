package jtorch.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import jtorch.UntypedStorage;

/**
 * Page-locked host memory, as PyTorch's caching host allocator: blocks of a power-of-two size (at
 * least {@value #MIN_BLOCK} bytes) from {@code cuMemHostAlloc}, handed out as CPU storages that
 * {@link UntypedStorage#isPinned()}. A block returns to the cache when its storage becomes
 * unreachable and is reused by the next request of its size, so that a DataLoader pinning every
 * batch calls the driver only for its first batches (allocating and freeing page-locked memory
 * serialise the GPU's work). {@link #emptyCache()} gives the cached blocks back to the driver. A
 * storage read by an asynchronous copy stays reachable until the copy has run ({@link
 * HostKeepAlive}), so a block is never reused under a copy.
 *
 * <pre>{@code
 * UntypedStorage s = runtime.pinned().allocate(1000);   // a 4096-byte block, 1000 bytes of it
 * s.isPinned();                                         // true; s.device() is cpu
 * }</pre>
 */
final class PinnedMemory {
  static final long MIN_BLOCK = 4096;
  private static final Cleaner CLEANER = Cleaner.create();

  private final CudaDevice context;
  private final Map<Long, ArrayDeque<MemorySegment>> cached = new HashMap<>();
  private long cachedBytes;

  /**
   * Allocates in {@code context}'s context (the driver needs one); with unified addressing, which
   * every GPU jtorch supports has, all GPUs can read the memory.
   */
  PinnedMemory(CudaDevice context) {
    this.context = context;
  }

  /** {@code bytes} of uninitialised pinned memory, returned to the cache when unreachable. */
  UntypedStorage allocate(long bytes) {
    long size = blockSize(bytes);
    MemorySegment block = take(size);
    if (block == null) {
      context.makeCurrent();
      block = context.driver().hostAlloc(size);
    }
    UntypedStorage s = UntypedStorage.wrapPinned(block.asSlice(0, bytes));
    MemorySegment b = block;
    CLEANER.register(s, () -> give(b));
    return s;
  }

  /** The block size serving {@code bytes}: the next power of two, at least {@value #MIN_BLOCK}. */
  static long blockSize(long bytes) {
    return bytes <= MIN_BLOCK ? MIN_BLOCK : Long.highestOneBit(bytes - 1) << 1;
  }

  private synchronized MemorySegment take(long size) {
    ArrayDeque<MemorySegment> free = cached.get(size);
    if (free == null || free.isEmpty()) {
      return null;
    }
    cachedBytes -= size;
    return free.pop();
  }

  private synchronized void give(MemorySegment block) {
    cached.computeIfAbsent(block.byteSize(), k -> new ArrayDeque<>()).push(block);
    cachedBytes += block.byteSize();
  }

  /** Frees every cached block with {@code cuMemFreeHost}. */
  synchronized void emptyCache() {
    if (cachedBytes == 0) {
      return;
    }
    context.makeCurrent();
    for (ArrayDeque<MemorySegment> free : cached.values()) {
      while (!free.isEmpty()) {
        context.driver().hostFree(free.pop());
      }
    }
    cachedBytes = 0;
  }

  /** Bytes of pinned blocks held in the cache, unused. */
  synchronized long cachedBytes() {
    return cachedBytes;
  }
}
