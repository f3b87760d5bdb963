package jtorch.cuda;

/**
 * Where a {@link CachingAllocator} gets its memory: {@code cuMemAlloc}/{@code cuMemFree} of one
 * device, or a fake in tests.
 *
 * <pre>{@code
 * RawAllocator raw = new RawAllocator() { ... };
 * new CachingAllocator(raw).allocate(1000);   // asks raw for a 2 MiB segment
 * }</pre>
 */
interface RawAllocator {
  /** A new segment of {@code bytes}, or 0 when the device has no memory left. */
  long allocate(long bytes);

  /** Returns a segment obtained from {@link #allocate}. */
  void free(long address);

  /**
   * Waits until the device no longer uses memory freed so far; called before segments go back, as
   * work queued on the stream may still read them.
   */
  default void synchronize() {}
}
