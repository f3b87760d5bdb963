package jtorch.keras.data;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code prefetch(buffer_size)}: a daemon thread runs the input pipeline and keeps up to {@code
 * bufferSize} elements ready. A failure in the pipeline is re-thrown by {@code next()}. When the
 * consumer abandons a pass (its iterator becomes unreachable) the thread notices within 0.1 s and
 * stops.
 */
final class Prefetch extends Dataset {
  private static final Object END = new Object();

  private final Dataset input;
  private final int bufferSize;

  Prefetch(Dataset input, int bufferSize) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException(
          "prefetch: buffer_size must be positive or AUTOTUNE, got " + bufferSize);
    }
    this.input = input;
    this.bufferSize = bufferSize;
  }

  @Override
  public long cardinality() {
    return input.cardinality();
  }

  private record Failure(Throwable error) {}

  @Override
  public Iterator<Element> iterator() {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(bufferSize);
    Consumer consumer = new Consumer(queue);
    WeakReference<Consumer> alive = new WeakReference<>(consumer);
    Dataset source = input;
    Thread.ofPlatform()
        .daemon()
        .name("jtorch-keras-prefetch")
        .start(() -> produce(source, queue, alive));
    return consumer;
  }

  private static void produce(Dataset source, BlockingQueue<Object> queue, WeakReference<?> alive) {
    try {
      Iterator<Element> in = source.iterator();
      while (in.hasNext()) {
        if (!offer(queue, in.next(), alive)) {
          return;
        }
      }
      offer(queue, END, alive);
    } catch (Throwable t) {
      offer(queue, new Failure(t), alive);
    }
  }

  private static boolean offer(BlockingQueue<Object> queue, Object item, WeakReference<?> alive) {
    try {
      while (alive.get() != null) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private static final class Consumer implements Iterator<Element> {
    private final BlockingQueue<Object> queue;
    private Object head;

    Consumer(BlockingQueue<Object> queue) {
      this.queue = queue;
    }

    private Object peek() {
      if (head == null) {
        try {
          head = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("prefetch: interrupted while waiting for data", e);
        }
      }
      return head;
    }

    @Override
    public boolean hasNext() {
      Object h = peek();
      if (h instanceof Failure f) {
        head = END;
        if (f.error() instanceof RuntimeException r) {
          throw r;
        }
        if (f.error() instanceof Error e) {
          throw e;
        }
        throw new IllegalStateException("prefetch: the input pipeline failed", f.error());
      }
      return h != END;
    }

    @Override
    public Element next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Element e = (Element) head;
      head = null;
      return e;
    }
  }
}
