package jtorch.vision.datasets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jtorch.vision.testing.TestData;

/**
 * A local HTTP server on 127.0.0.1 (ephemeral port) that plays MNIST mirrors, one behaviour per
 * path prefix, serving the shared MNIST files: {@code /ok/} serves them, {@code /404/} and {@code
 * /500/} answer with that status, {@code /corrupt/} flips a byte, {@code /short/} serves the first
 * half with a matching Content-Length, {@code /truncated/} promises the full length but closes
 * after half, {@code /slow/} waits {@code slowMillis} before answering, {@code /stall/} sends half
 * the body then waits {@code slowMillis}. Counts requests per prefix.
 */
final class MirrorServer implements AutoCloseable {
  final HttpServer server;
  final ExecutorService pool = Executors.newCachedThreadPool();
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  volatile long slowMillis = 10_000;

  MirrorServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL of a behaviour, e.g. {@code mirror("ok")}. */
  URI mirror(String behaviour) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour + "/");
  }

  int count(String behaviour) {
    AtomicInteger n = requests.get(behaviour);
    return n == null ? 0 : n.get();
  }

  int total() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String[] parts = ex.getRequestURI().getPath().split("/");
      String behaviour = parts.length > 1 ? parts[1] : "";
      String file = parts.length > 2 ? parts[2] : "";
      requests.computeIfAbsent(behaviour, k -> new AtomicInteger()).incrementAndGet();
      if (!TestData.FILES.contains(file)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = Files.readAllBytes(TestData.mnistFile(file));
      switch (behaviour) {
        case "ok" -> send(ex, body, body.length, body.length);
        case "404" -> ex.sendResponseHeaders(404, -1);
        case "500" -> ex.sendResponseHeaders(500, -1);
        case "corrupt" -> {
          byte[] b = body.clone();
          b[b.length / 2] ^= 0x01;
          send(ex, b, b.length, b.length);
        }
        case "short" -> {
          byte[] b = Arrays.copyOf(body, body.length / 2);
          send(ex, b, b.length, b.length);
        }
        case "truncated" -> send(ex, body, body.length, body.length / 2);
        case "slow" -> {
          sleep(slowMillis);
          send(ex, body, body.length, body.length);
        }
        case "stall" -> {
          ex.sendResponseHeaders(200, body.length);
          OutputStream out = ex.getResponseBody();
          out.write(body, 0, body.length / 2);
          out.flush();
          sleep(slowMillis);
        }
        default -> ex.sendResponseHeaders(404, -1);
      }
    } catch (IOException e) {
      // The client went away (timeouts): fine.
    }
  }

  /** Sends {@code sent} of the body's bytes, announcing {@code length}. */
  private static void send(HttpExchange ex, byte[] body, long length, int sent) throws IOException {
    ex.sendResponseHeaders(200, length);
    OutputStream out = ex.getResponseBody();
    out.write(body, 0, sent);
    out.flush();
    // With sent < length, closing the exchange drops the connection mid-body: the client sees
    // fewer bytes than the Content-Length.
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
