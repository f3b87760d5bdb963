package jtorch.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits index ranges over the CPU cores, into up to {@link #SPLIT} chunks per thread, which the
 * calling thread and jtorch's worker threads claim one at a time. Work smaller than the grain runs
 * on the calling thread, so small tensors pay no scheduling cost.
 *
 * <p>The workers ({@code ForkJoinPool.common.parallelism} of them, one less than the cores by
 * default, so the setting that sizes the common pool sizes this one) spin for {@link #SPIN_NANOS}
 * after their last chunk before they park, as OpenMP runtimes do: a training step runs dozens of
 * parallel ops with a few microseconds of serial work between them, and waking a parked thread took
 * 0.2 ms on this project's 2-core VM (with the common fork-join pool, a convolution's backward on
 * two threads waited 0.65 ms a call for its second thread to start and to report back). A call made
 * while another is running, from a worker's chunk or from another thread, runs on its own thread.
 * The chunks' bounds do not depend on which thread runs them.
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

  /** How long an idle worker watches for the next call before it parks. */
  private static final long SPIN_NANOS = 500_000;

  /** The call being run, or null. */
  private static final AtomicReference<Job> CURRENT = new AtomicReference<>();

  private static final Worker[] WORKERS = new Worker[THREADS - 1];

  static {
    for (int i = 0; i < WORKERS.length; i++) {
      WORKERS[i] = new Worker("jtorch-cpu-" + (i + 1));
      WORKERS[i].start();
    }
  }

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
    if (chunks <= 1 || WORKERS.length == 0) {
      body.run(0, total);
      return;
    }
    Job job = new Job(body, total, chunks);
    if (!CURRENT.compareAndSet(null, job)) {
      body.run(0, total);
      return;
    }
    try {
      for (Worker w : WORKERS) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      job.work();
      while (job.done.get() < chunks) {
        Thread.onSpinWait();
      }
    } finally {
      CURRENT.set(null);
    }
    job.rethrow();
  }

  /** One call: its chunks, claimed in order by whichever thread comes first. */
  private static final class Job {
    private final Range body;
    private final long total;
    private final int chunks;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(Range body, long total, int chunks) {
      this.body = body;
      this.total = total;
      this.chunks = chunks;
    }

    /** Runs chunks until none is left unclaimed. */
    void work() {
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        try {
          body.run(total * c / chunks, total * (c + 1) / chunks);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.incrementAndGet();
        }
      }
    }

    /** Throws what a chunk threw, on the calling thread. */
    void rethrow() {
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }
  }

  /** A daemon thread that runs the chunks of each call it sees. */
  private static final class Worker extends Thread {
    private volatile boolean parked;

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    @Override
    public void run() {
      Job last = null;
      long idleSince = System.nanoTime();
      while (true) {
        Job job = CURRENT.get();
        if (job != null && job != last) {
          last = job;
          job.work();
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          parked = true;
          Job now = CURRENT.get();
          if (now == null || now == last) {
            LockSupport.park(this);
          }
          parked = false;
          idleSince = System.nanoTime();
        }
      }
    }
  }
}
