package jtorch.utils.data;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import jtorch.Generator;
import jtorch.Torch;

/**
 * Iterates a dataset in batches, as {@code torch.utils.data.DataLoader}: optional shuffling with a
 * seedable generator, dropping the last partial batch, and background workers that prefetch batches
 * while keeping their order.
 *
 * <pre>{@code
 * var loader = new DataLoader<>(train, 32, true);
 * for (Batch b : loader) { ... }            // 1875 batches for MNIST's 60,000 images
 * var fast = DataLoader.builder(train).batchSize(32).shuffle(true).numWorkers(2).seed(0).build();
 * }</pre>
 *
 * <p>With {@code pinMemory(true)} each batch is copied into pinned host memory (by the worker that
 * loads it), so that {@code batch.to(device, true)} uploads it asynchronously. Without CUDA the
 * loader does as PyTorch: it logs one warning (logger {@code jtorch}) when the first iteration
 * starts and yields unpinned batches.
 *
 * <p>A worker's exception is re-thrown by {@code next()} in the caller, wrapped with the batch
 * number; the remaining prefetched work is cancelled.
 *
 * @param <T> what one example is
 */
public final class DataLoader<T> implements Iterable<Batch> {
  private final Dataset<T> dataset;
  private final int batchSize;
  private final boolean dropLast;
  private final int numWorkers;
  private final int prefetchFactor;
  private final Sampler sampler;
  private final Function<List<T>, Batch> collate;
  private final boolean pinMemory;
  private Boolean pinning;

  /** Batches of {@code batchSize}, reshuffled every epoch when {@code shuffle}. */
  public DataLoader(Dataset<T> dataset, int batchSize, boolean shuffle) {
    this(builder(dataset).batchSize(batchSize).shuffle(shuffle));
  }

  private DataLoader(Builder<T> b) {
    if (b.batchSize <= 0) {
      throw new IllegalArgumentException(
          "DataLoader: batch_size should be a positive integer value, but got " + b.batchSize);
    }
    if (b.numWorkers < 0) {
      throw new IllegalArgumentException(
          "DataLoader: numWorkers must be >= 0, got " + b.numWorkers);
    }
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.dropLast = b.dropLast;
    this.numWorkers = b.numWorkers;
    this.prefetchFactor = b.prefetchFactor;
    this.pinMemory = b.pinMemory;
    this.collate = b.collate != null ? b.collate : Collate.defaultFor();
    if (b.sampler != null) {
      this.sampler = b.sampler;
    } else if (b.shuffle) {
      Generator g = new Generator(b.seed != null ? b.seed : Torch.defaultGenerator().nextUInt64());
      this.sampler = Sampler.random(dataset.size(), g);
    } else {
      this.sampler = Sampler.sequential(dataset.size());
    }
  }

  /** A builder for all options. */
  public static <T> Builder<T> builder(Dataset<T> dataset) {
    return new Builder<>(dataset);
  }

  /** The dataset iterated. */
  public Dataset<T> dataset() {
    return dataset;
  }

  /** The batch size. */
  public int batchSize() {
    return batchSize;
  }

  /** Number of batches per epoch, as {@code len(loader)}. */
  public int size() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  @Override
  public Iterator<Batch> iterator() {
    pinning();
    int[] order = sampler.order();
    int batches = dropLast ? order.length / batchSize : (order.length + batchSize - 1) / batchSize;
    return numWorkers == 0 ? new Serial(order, batches) : new Prefetching(order, batches);
  }

  /**
   * Whether batches are pinned: asked for and CUDA available; decided (and warned about) on the
   * first iteration, as PyTorch's iterator does.
   */
  private synchronized boolean pinning() {
    if (pinning == null) {
      pinning = pinMemory && Torch.cuda().isAvailable();
      if (pinMemory && !pinning) {
        System.getLogger("jtorch")
            .log(
                Level.WARNING,
                "DataLoader: pinMemory(true) but CUDA is not available, so batches are not pinned"
                    + " (as PyTorch without an accelerator). "
                    + Torch.cuda().unavailableReason());
      }
    }
    return pinning;
  }

  private Batch load(int[] order, int b) {
    int from = b * batchSize;
    int to = Math.min(order.length, from + batchSize);
    List<T> items = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      items.add(dataset.get(order[i]));
    }
    Batch batch = collate.apply(items);
    return pinning() ? batch.pinMemory() : batch;
  }

  private final class Serial implements Iterator<Batch> {
    private final int[] order;
    private final int batches;
    private int next;

    Serial(int[] order, int batches) {
      this.order = order;
      this.batches = batches;
    }

    @Override
    public boolean hasNext() {
      return next < batches;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return load(order, next++);
    }
  }

  private final class Prefetching implements Iterator<Batch> {
    private final int[] order;
    private final int batches;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
    private int submitted;
    private int next;

    Prefetching(int[] order, int batches) {
      this.order = order;
      this.batches = batches;
      this.pool =
          Executors.newFixedThreadPool(
              numWorkers, r -> Thread.ofPlatform().daemon().name("jtorch-loader").unstarted(r));
      fill();
    }

    private void fill() {
      while (submitted < batches && inFlight.size() < numWorkers * prefetchFactor) {
        int b = submitted++;
        inFlight.add(pool.submit(() -> load(order, b)));
      }
      if (submitted == batches && inFlight.isEmpty()) {
        pool.shutdown();
      }
    }

    @Override
    public boolean hasNext() {
      boolean more = next < batches;
      if (!more) {
        pool.shutdown();
      }
      return more;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Future<Batch> f = inFlight.poll();
      try {
        Batch b = f.get();
        next++;
        fill();
        return b;
      } catch (ExecutionException e) {
        int failed = next;
        stop();
        Throwable cause = e.getCause();
        throw new IllegalStateException(
            "DataLoader worker failed while loading batch " + failed + ": " + cause, cause);
      } catch (InterruptedException e) {
        int waiting = next;
        stop();
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "DataLoader interrupted while waiting for batch " + waiting, e);
      }
    }

    private void stop() {
      for (Future<Batch> f : inFlight) {
        f.cancel(true);
      }
      inFlight.clear();
      pool.shutdownNow();
      next = batches;
    }
  }

  /** Options of a {@link DataLoader}, with PyTorch's defaults. */
  public static final class Builder<T> {
    private final Dataset<T> dataset;
    private int batchSize = 1;
    private boolean shuffle;
    private boolean dropLast;
    private int numWorkers;
    private int prefetchFactor = 2;
    private Long seed;
    private Sampler sampler;
    private Function<List<T>, Batch> collate;
    private boolean pinMemory;

    private Builder(Dataset<T> dataset) {
      this.dataset = dataset;
    }

    /** Examples per batch (default 1). */
    public Builder<T> batchSize(int n) {
      batchSize = n;
      return this;
    }

    /** Reshuffle every epoch (default false). */
    public Builder<T> shuffle(boolean s) {
      shuffle = s;
      return this;
    }

    /** Drop the last batch if it is smaller than the batch size (default false). */
    public Builder<T> dropLast(boolean d) {
      dropLast = d;
      return this;
    }

    /** Background threads loading batches (default 0: load in the caller). */
    public Builder<T> numWorkers(int n) {
      numWorkers = n;
      return this;
    }

    /** Batches prefetched per worker (default 2). */
    public Builder<T> prefetchFactor(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("prefetchFactor must be >= 1, got " + n);
      }
      prefetchFactor = n;
      return this;
    }

    /** Seed of the shuffling generator (default: drawn from the global generator). */
    public Builder<T> seed(long s) {
      seed = s;
      return this;
    }

    /** A custom visiting order (overrides shuffle). */
    public Builder<T> sampler(Sampler s) {
      sampler = s;
      return this;
    }

    /** How examples become a batch (default: stack {@link Example}s). */
    public Builder<T> collate(Function<List<T>, Batch> c) {
      collate = c;
      return this;
    }

    /**
     * Copy each batch into pinned host memory (default false), as {@code pin_memory=True}, for
     * asynchronous uploads with {@code batch.to(device, true)}; without CUDA a warning is logged
     * and batches stay unpinned.
     */
    public Builder<T> pinMemory(boolean p) {
      pinMemory = p;
      return this;
    }

    /** The loader. */
    public DataLoader<T> build() {
      return new DataLoader<>(this);
    }
  }

  @Override
  public String toString() {
    return "DataLoader(batches="
        + size()
        + ", batchSize="
        + batchSize
        + ", numWorkers="
        + numWorkers
        + ", dataset size="
        + dataset.size()
        + (dropLast ? ", dropLast" : "")
        + (pinMemory ? ", pinMemory" : "")
        + ")";
  }
}
