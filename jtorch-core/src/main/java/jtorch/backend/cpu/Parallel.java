package jtorch.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges over the CPU cores with the common fork-join pool, into up to {@link #SPLIT}
 * chunks per thread. Work smaller than the grain runs on the calling thread, so small tensors pay
 * no scheduling cost.
 */
final class Parallel {
  /** Elements below which an elementwise op stays on one thread. */
  static final long GRAIN = 1L << 15;

  private static final int THREADS = Math.max(1, ForkJoinPool.getCommonPoolParallelism() + 1);

  /**
   * Chunks per thread for large work: more than one, so that when a core is busy with something
   * else (another process, the garbage collector) the other thread takes over its remaining chunks
   * instead of waiting for them.
   */
  private static final int SPLIT = 4;

  /** A range of work items {@code [start, end)}. */
  @FunctionalInterface
  interface Range {
    void run(long start, long end);
  }

  private Parallel() {}

  /** Number of threads work is split over. */
  static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body} over {@code [0, total)}, in parallel when {@code total * costPerItem} reaches
   * {@link #GRAIN}.
   */
  static void forRange(long total, long costPerItem, Range body) {
    if (total <= 0) {
      return;
    }
    int chunks = (int) Math.min(THREADS * SPLIT, Math.max(1, total * costPerItem / GRAIN));
    chunks = (int) Math.min(chunks, total);
    if (chunks <= 1 || ForkJoinPool.getCommonPoolParallelism() < 1) {
      body.run(0, total);
      return;
    }
    new Split(body, total, 0, chunks).invoke();
  }

  @SuppressWarnings("serial")
  private static final class Split extends RecursiveAction {
    private final Range body;
    private final long total;
    private final int from;
    private final int to;
    private final int chunks;

    Split(Range body, long total, int from, int chunks) {
      this(body, total, from, chunks, chunks);
    }

    private Split(Range body, long total, int from, int to, int chunks) {
      this.body = body;
      this.total = total;
      this.from = from;
      this.to = to;
      this.chunks = chunks;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        body.run(total * from / chunks, total * (from + 1) / chunks);
        return;
      }
      int mid = (from + to) >>> 1;
      invokeAll(new Split(body, total, from, mid, chunks), new Split(body, total, mid, to, chunks));
    }
  }
}
