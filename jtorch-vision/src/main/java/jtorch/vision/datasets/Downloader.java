package jtorch.vision.datasets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jtorch.vision.internal.AtomicFiles;

/**
 * Downloads dataset files: each file from the first mirror that delivers it completely with the
 * right MD5, trying the mirrors in order. A download goes to a temporary file next to the target
 * (hashed while it arrives), is forced to the disk, checked, and only then renamed over the target
 * atomically, so no partial or wrong file is ever visible under the real name; temporary files are
 * deleted on every failure.
 *
 * <p>A mirror fails over to the next one on a connection error, an HTTP status other than 200, no
 * response headers within the request timeout, a pause of more than the request timeout while the
 * body arrives, a body shorter than its Content-Length, or a wrong MD5.
 */
final class Downloader implements AutoCloseable {
  /** As torchvision's {@code pytorch/vision}: some mirrors refuse requests without one. */
  private static final String USER_AGENT = "jtorch-vision";

  private final DownloadOptions options;
  private final String dataset;
  private HttpClient client;

  Downloader(String dataset, DownloadOptions options) {
    this.dataset = dataset;
    this.options = options;
  }

  /**
   * Downloads {@code resource} into {@code target}.
   *
   * @throws IOException naming every mirror and why it failed, when none delivered the file
   */
  void download(List<URI> mirrors, Resource resource, Path target) throws IOException {
    List<String> failures = new ArrayList<>();
    List<Exception> causes = new ArrayList<>();
    for (URI mirror : mirrors) {
      URI url = mirror.resolve(resource.file());
      options.log("Downloading " + url);
      Path tmp = AtomicFiles.createTemp(target);
      try {
        String md5 = fetch(url, tmp);
        if (!md5.equalsIgnoreCase(resource.md5())) {
          throw new IOException(
              "checksum mismatch: MD5 "
                  + md5
                  + ", expected "
                  + resource.md5()
                  + " (corrupt or incomplete copy, "
                  + java.nio.file.Files.size(tmp)
                  + " bytes)");
        }
        AtomicFiles.commit(tmp, target);
        Checksums.writeMarker(target, md5);
        return;
      } catch (InterruptedIOException e) {
        AtomicFiles.deleteQuietly(tmp, e);
        throw e;
      } catch (IOException e) {
        AtomicFiles.deleteQuietly(tmp, e);
        String why = describe(e);
        failures.add(url + ": " + why);
        causes.add(e);
        options.log("Failed to download " + url + " (" + why + ")");
      } catch (RuntimeException | Error e) {
        AtomicFiles.deleteQuietly(tmp, e);
        throw e;
      }
    }
    StringBuilder msg =
        new StringBuilder(dataset)
            .append(": could not download ")
            .append(resource.file())
            .append(" from any of ")
            .append(mirrors.size())
            .append(mirrors.size() == 1 ? " mirror:" : " mirrors:");
    for (String f : failures) {
      msg.append("\n  ").append(f);
    }
    msg.append("\nCheck the network connection (and proxy settings: -Dhttps.proxyHost=...), or")
        .append(" download the file by other means and copy it to ")
        .append(target.toAbsolutePath());
    IOException e = new IOException(msg.toString());
    causes.forEach(e::addSuppressed);
    throw e;
  }

  /**
   * GETs {@code url} into {@code tmp} (forced to the disk), or copies it for a {@code file:}
   * mirror; returns the MD5 of the bytes.
   */
  private String fetch(URI url, Path tmp) throws IOException {
    if ("file".equalsIgnoreCase(url.getScheme())) {
      return copyLocal(Path.of(url), tmp);
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(options.requestTimeout())
            .header("User-Agent", USER_AGENT)
            .GET()
            .build();
    long idleLimitNanos = options.requestTimeout().toNanos();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      FileSink sink = new FileSink(ch);
      CompletableFuture<HttpResponse<Long>> future =
          client()
              .sendAsync(
                  request,
                  info ->
                      info.statusCode() == 200
                          ? sink
                          : HttpResponse.BodySubscribers.replacing((Long) null));
      HttpResponse<Long> response = await(future, sink, idleLimitNanos);
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      long received = response.body();
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      if (length.isPresent() && length.getAsLong() != received) {
        throw new IOException(
            "truncated: received " + received + " of " + length.getAsLong() + " bytes");
      }
      ch.force(true);
      return HexFormat.of().formatHex(sink.md5.digest());
    }
  }

  /** Copies a file from a local folder mirror, hashing it on the way. */
  private static String copyLocal(Path source, Path tmp) throws IOException {
    MessageDigest md5 = Checksums.newMd5();
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      while (in.read(buf) >= 0) {
        buf.flip();
        md5.update(buf.duplicate());
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        buf.clear();
      }
      out.force(true);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("no such file: " + source, e);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  /**
   * Waits for the response; fails when nothing arrived for longer than {@code idleLimitNanos} (the
   * client's own request timeout covers the wait for the headers; this also covers the body).
   */
  private static HttpResponse<Long> await(
      CompletableFuture<HttpResponse<Long>> future, FileSink sink, long idleLimitNanos)
      throws IOException {
    long poll = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(idleLimitNanos) / 4, 1000));
    try {
      while (true) {
        try {
          return future.get(poll, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          long idle = System.nanoTime() - sink.lastActivity;
          // Before the headers the client's timeout applies; allow it to fire first.
          long limit = sink.subscribed ? idleLimitNanos : 2 * idleLimitNanos;
          if (idle > limit) {
            future.cancel(true);
            throw new HttpTimeoutException(
                (sink.subscribed ? "stalled: no data for " : "no response within ")
                    + formatSeconds(idleLimitNanos)
                    + " (after "
                    + sink.bytes
                    + " bytes)");
          }
        }
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(c.getClass().getSimpleName() + ": " + c.getMessage(), c);
    }
  }

  private static String formatSeconds(long nanos) {
    double s = nanos / 1e9;
    return (s == Math.rint(s) ? Long.toString((long) s) : String.format("%.3g", s)) + " s";
  }

  /** A short reason for the failure list: the exception's kind and message. */
  static String describe(Throwable e) {
    String msg = e.getMessage();
    if (e instanceof HttpTimeoutException) {
      return "timed out" + (msg == null ? "" : " (" + msg + ")");
    }
    String kind = e.getClass().getSimpleName();
    if (msg == null || msg.isBlank()) {
      return e.getCause() != null && e.getCause() != e
          ? kind + ": " + describe(e.getCause())
          : kind;
    }
    return e.getClass() == IOException.class ? msg : kind + ": " + msg;
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .connectTimeout(options.connectTimeout())
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return client;
  }

  /** Stops the client without waiting for abandoned (timed-out) exchanges. */
  @Override
  public synchronized void close() {
    if (client != null) {
      client.shutdownNow();
      client = null;
    }
  }

  /** Writes the body to the file and hashes it as it arrives, recording progress. */
  private static final class FileSink implements HttpResponse.BodySubscriber<Long> {
    private final FileChannel channel;
    final MessageDigest md5 = Checksums.newMd5();
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    volatile long lastActivity = System.nanoTime();
    volatile boolean subscribed;
    volatile long bytes;

    FileSink(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      lastActivity = System.nanoTime();
      subscribed = true;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      try {
        long n = bytes;
        for (ByteBuffer b : items) {
          md5.update(b.duplicate());
          while (b.hasRemaining()) {
            n += channel.write(b);
          }
        }
        bytes = n;
        lastActivity = System.nanoTime();
        subscription.request(1);
      } catch (IOException | RuntimeException e) {
        subscription.cancel();
        result.completeExceptionally(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes);
    }
  }
}
