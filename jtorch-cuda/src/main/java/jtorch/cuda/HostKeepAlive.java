package jtorch.cuda;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * The host storages that asynchronous copies queued on one device's stream still read, each with an
 * event recorded after its copy. A storage is released (and may then be collected, which frees its
 * pinned memory) once the stream has passed its event, or when the stream is synchronised. Events
 * are reused, so a steady loop creates none after its first steps.
 *
 * <pre>{@code
 * driver.copyHtoD(dst, pinned.segment(), bytes, stream);
 * keepAlive.add(pinned, stream);   // pinned stays reachable until the copy has run
 * }</pre>
 */
final class HostKeepAlive {
  private record Pending(MemorySegment event, Object source) {}

  private final Driver driver;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ArrayDeque<MemorySegment> idleEvents = new ArrayDeque<>();

  HostKeepAlive(Driver driver) {
    this.driver = driver;
  }

  /**
   * Keeps {@code source} reachable until the work queued on {@code stream} so far has run; the
   * caller has made the stream's context current.
   */
  synchronized void add(Object source, MemorySegment stream) {
    releaseCompleted();
    MemorySegment event = idleEvents.isEmpty() ? driver.eventCreate() : idleEvents.pop();
    driver.eventRecord(event, stream);
    pending.add(new Pending(event, source));
  }

  /** Releases the sources whose copies have run (in stream order: up to the first that has not). */
  synchronized void releaseCompleted() {
    while (!pending.isEmpty() && driver.eventDone(pending.peek().event())) {
      idleEvents.push(pending.poll().event());
    }
  }

  /** Releases every source; called after the stream has been synchronised. */
  synchronized void releaseAll() {
    while (!pending.isEmpty()) {
      idleEvents.push(pending.poll().event());
    }
  }

  /** How many sources are held. */
  synchronized int size() {
    return pending.size();
  }
}
