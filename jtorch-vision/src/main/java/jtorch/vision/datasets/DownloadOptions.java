package jtorch.vision.datasets;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How datasets download their files: the mirrors (default: the dataset's own, which are
 * torchvision's), the timeouts, and where progress lines go. Immutable; each setter returns a
 * changed copy.
 *
 * <pre>{@code
 * var opts = DownloadOptions.defaults()
 *     .mirrors(URI.create("https://my.cache.example/mnist/"))   // tried in order
 *     .requestTimeout(Duration.ofMinutes(2))
 *     .log(line -> {});                                          // quiet
 * var train = new MNIST(Path.of("data"), true, true, null, opts);
 * }</pre>
 *
 * <p>Proxies: the JDK's HTTP client honours the {@code https.proxyHost}/{@code http.proxyHost}
 * system properties (and {@code -Djava.net.useSystemProxies=true}).
 */
public final class DownloadOptions {
  private static final DownloadOptions DEFAULTS =
      new DownloadOptions(
          null, Duration.ofSeconds(10), Duration.ofSeconds(60), System.err::println);

  private final List<URI> mirrors;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Consumer<String> log;

  private DownloadOptions(
      List<URI> mirrors, Duration connectTimeout, Duration requestTimeout, Consumer<String> log) {
    this.mirrors = mirrors;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.log = log;
  }

  /**
   * The defaults: the dataset's mirrors, 10 s to connect, 60 s request timeout, progress lines
   * ({@code Downloading URL}) on standard error.
   */
  public static DownloadOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Mirrors to try in order instead of the dataset's: base URLs (http, https, or file for a local
   * folder holding the files) to which the file names are appended, e.g. {@code
   * https://ossci-datasets.s3.amazonaws.com/mnist/} or {@code Path.of("mnist-files").toUri()}.
   * Files from every mirror are checked against the published MD5s.
   */
  public DownloadOptions mirrors(List<URI> mirrors) {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("DownloadOptions: at least one mirror is needed");
    }
    List<URI> out = new ArrayList<>();
    for (URI m : mirrors) {
      out.add(normalize(m));
    }
    return new DownloadOptions(List.copyOf(out), connectTimeout, requestTimeout, log);
  }

  /** As {@link #mirrors(List)}. */
  public DownloadOptions mirrors(URI... mirrors) {
    return mirrors(List.of(mirrors));
  }

  /** The mirrors set with {@link #mirrors(List)}, or null for the dataset's own. */
  public List<URI> mirrors() {
    return mirrors;
  }

  /** How long to wait for a TCP connection to a mirror; default 10 s. */
  public DownloadOptions connectTimeout(Duration timeout) {
    return new DownloadOptions(mirrors, positive(timeout, "connectTimeout"), requestTimeout, log);
  }

  /** The connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long to wait for a mirror's response headers, and the longest pause allowed while the body
   * arrives (a stalled transfer fails after this long without data, a slow but steady one does
   * not); default 60 s.
   */
  public DownloadOptions requestTimeout(Duration timeout) {
    return new DownloadOptions(mirrors, connectTimeout, positive(timeout, "requestTimeout"), log);
  }

  /** The request timeout. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Where progress lines go ({@code Downloading URL}, failures); default standard error. */
  public DownloadOptions log(Consumer<String> log) {
    return new DownloadOptions(
        mirrors, connectTimeout, requestTimeout, Objects.requireNonNull(log));
  }

  void log(String line) {
    log.accept(line);
  }

  private static Duration positive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "DownloadOptions: " + what + " must be positive, got " + d);
    }
    return d;
  }

  private static URI normalize(URI m) {
    String scheme = m.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http")
            || scheme.equalsIgnoreCase("https")
            || scheme.equalsIgnoreCase("file"))) {
      throw new IllegalArgumentException(
          "DownloadOptions: a mirror must be an http, https or file URL, got " + m);
    }
    String s = m.toString();
    return s.endsWith("/") ? m : URI.create(s + "/");
  }

  @Override
  public String toString() {
    return "DownloadOptions(mirrors="
        + (mirrors == null ? "dataset default" : mirrors)
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ")";
  }
}
