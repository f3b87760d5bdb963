package jtorch.cuda;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Device memory with a cache, as PyTorch's CUDA caching allocator: requests are rounded to 512
 * bytes; small ones (up to 1 MiB) are cut from 2 MiB segments, large ones from segments rounded up
 * to 2 MiB. A freed block returns to the cache, merged with free neighbours of its segment, and is
 * reused by later requests (best fit, split when the rest is worth keeping). Memory goes back to
 * the device only on {@link #emptyCache()} or when an allocation fails, which then frees the cache
 * and retries once.
 *
 * <p>Java frees a tensor's block only when the garbage collector finds the tensor unreachable,
 * which a small Java heap may not do for a long time; so before the reserved memory grows past a
 * threshold (and whenever the device is full) the allocator asks for a collection first.
 *
 * <p>Reuse is safe without events because every kernel and copy of a device runs on its one stream:
 * work queued after the reuse runs after the work that used the block before.
 *
 * <pre>{@code
 * CachingAllocator alloc = new CachingAllocator(raw, 8L << 30, System::gc);
 * CachingAllocator.Block b = alloc.allocate(1000);   // 1024 bytes of a 2 MiB segment
 * alloc.free(b);
 * alloc.stats();   // allocated=0, reserved=2097152, ...
 * }</pre>
 */
final class CachingAllocator {
  static final long ROUND = 512;
  static final long SMALL_LIMIT = 1L << 20;
  static final long SMALL_SEGMENT = 2L << 20;
  static final long LARGE_ROUND = 2L << 20;

  private final RawAllocator raw;
  private final long collectThreshold;
  private final Runnable collector;
  private long sinceCollection;
  private final TreeSet<Block> smallPool = new TreeSet<>(BY_SIZE);
  private final TreeSet<Block> largePool = new TreeSet<>(BY_SIZE);
  private long allocated;
  private long reserved;
  private long peakAllocated;
  private long segments;
  private long liveBlocks;

  private static final Comparator<Block> BY_SIZE =
      Comparator.comparingLong((Block b) -> b.size).thenComparingLong(b -> b.address);

  /**
   * @param raw where segments come from
   * @param collectThreshold reserved bytes past which unreachable tensors are collected before a
   *     new segment is taken (again only after an eighth of it was handed out since)
   * @param collector collects unreachable tensors and waits for their blocks to come back, e.g.
   *     {@code System.gc()} and a short wait for the Cleaner
   */
  CachingAllocator(RawAllocator raw, long collectThreshold, Runnable collector) {
    this.raw = raw;
    this.collectThreshold = collectThreshold;
    this.collector = collector;
  }

  /** A part of a segment: allocated, or free and in a pool. */
  static final class Block {
    final long segment;
    final boolean small;
    long address;
    long size;
    boolean allocated;
    Block prev;
    Block next;

    Block(long segment, long address, long size, boolean small) {
      this.segment = segment;
      this.address = address;
      this.size = size;
      this.small = small;
    }

    /** The device address. */
    long address() {
      return address;
    }

    /** The bytes reserved for this block (the request rounded up). */
    long size() {
      return size;
    }
  }

  /** Counters of an allocator. */
  record Stats(long allocated, long reserved, long peakAllocated, long segments, long liveBlocks) {}

  /** {@code bytes} rounded up to the allocator's granularity (at least 512). */
  static long roundSize(long bytes) {
    return bytes <= ROUND ? ROUND : (bytes + ROUND - 1) / ROUND * ROUND;
  }

  /**
   * A block of at least {@code bytes}. When a new segment would take the reserved memory past the
   * collection threshold, or the device is full, unreachable tensors are collected first (their
   * blocks come back through the Cleaner); if the device is still full the cache is freed and the
   * allocation retried, then a {@link CudaOutOfMemoryError} is thrown.
   */
  Block allocate(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cuda allocate: negative size " + bytes);
    }
    long size = roundSize(bytes);
    Block b = tryAllocate(size, true);
    if (b == null) {
      // Outside the lock: the Cleaner's frees need it.
      collector.run();
      b = tryAllocate(size, false);
    }
    if (b == null) {
      throw outOfMemory(size);
    }
    return b;
  }

  /**
   * From the cache, else from a new segment; null when {@code polite} and a new segment would pass
   * the collection threshold (so that garbage is collected first), or when the device is full even
   * after the cache was freed.
   */
  private synchronized Block tryAllocate(long size, boolean polite) {
    boolean small = size <= SMALL_LIMIT;
    TreeSet<Block> pool = small ? smallPool : largePool;
    Block b = pool.ceiling(new Block(0, -1, size, small));
    if (b == null) {
      long segmentSize = small ? SMALL_SEGMENT : roundUp(size, LARGE_ROUND);
      if (polite
          && reserved + segmentSize > collectThreshold
          && sinceCollection >= collectThreshold / 8) {
        sinceCollection = 0;
        return null;
      }
      b = newSegment(segmentSize, small);
      if (b == null) {
        if (polite) {
          return null;
        }
        releaseCached();
        b = newSegment(segmentSize, small);
        if (b == null) {
          return null;
        }
      }
    } else {
      pool.remove(b);
    }
    if (b.size - size >= (small ? ROUND : SMALL_LIMIT)) {
      Block rest = new Block(b.segment, b.address + size, b.size - size, small);
      rest.prev = b;
      rest.next = b.next;
      if (b.next != null) {
        b.next.prev = rest;
      }
      b.next = rest;
      b.size = size;
      pool.add(rest);
    }
    b.allocated = true;
    allocated += b.size;
    sinceCollection += b.size;
    liveBlocks++;
    peakAllocated = Math.max(peakAllocated, allocated);
    return b;
  }

  /** A new segment, or null when the device has no memory left. */
  private Block newSegment(long segmentSize, boolean small) {
    long address = raw.allocate(segmentSize);
    if (address == 0) {
      return null;
    }
    reserved += segmentSize;
    segments++;
    return new Block(address, address, segmentSize, small);
  }

  private synchronized CudaOutOfMemoryError outOfMemory(long size) {
    return new CudaOutOfMemoryError(
        "CUDA out of memory: tried to allocate "
            + mib(size)
            + "; "
            + mib(allocated)
            + " are allocated by live tensors and "
            + mib(reserved)
            + " reserved by jtorch in total, after collecting unreachable tensors and freeing the"
            + " cache. Free tensors (drop references), call Torch.cuda().emptyCache(), or use a"
            + " smaller batch.");
  }

  /** Returns {@code b} to the cache; freeing a block twice is an error. */
  synchronized void free(Block b) {
    if (!b.allocated) {
      throw new IllegalStateException(
          "cuda free: block at 0x" + Long.toHexString(b.address) + " is not allocated");
    }
    b.allocated = false;
    allocated -= b.size;
    liveBlocks--;
    TreeSet<Block> pool = b.small ? smallPool : largePool;
    if (b.prev != null && !b.prev.allocated) {
      Block p = b.prev;
      pool.remove(p);
      p.size += b.size;
      p.next = b.next;
      if (b.next != null) {
        b.next.prev = p;
      }
      b = p;
    }
    if (b.next != null && !b.next.allocated) {
      Block n = b.next;
      pool.remove(n);
      b.size += n.size;
      b.next = n.next;
      if (n.next != null) {
        n.next.prev = b;
      }
    }
    pool.add(b);
  }

  /** Gives every cached whole segment back to the device, as {@code torch.cuda.empty_cache()}. */
  synchronized void emptyCache() {
    releaseCached();
  }

  private void releaseCached() {
    boolean synced = false;
    for (TreeSet<Block> pool : List.of(smallPool, largePool)) {
      for (var it = pool.iterator(); it.hasNext(); ) {
        Block b = it.next();
        if (b.prev == null && b.next == null) {
          if (!synced) {
            raw.synchronize();
            synced = true;
          }
          it.remove();
          raw.free(b.segment);
          reserved -= b.size;
          segments--;
        }
      }
    }
  }

  synchronized Stats stats() {
    return new Stats(allocated, reserved, peakAllocated, segments, liveBlocks);
  }

  /** Resets the peak to the current allocation, as {@code reset_peak_memory_stats()}. */
  synchronized void resetPeak() {
    peakAllocated = allocated;
  }

  private static long roundUp(long v, long m) {
    return (v + m - 1) / m * m;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024.0));
  }
}
