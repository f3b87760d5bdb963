package jtorch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Option parsing and process facts shared by the end-to-end benchmarks. */
final class E2eSupport {
  private E2eSupport() {}

  /**
   * {@code --name value} pairs into a map; fails on a bare word or on a name not in {@code known}.
   */
  static Map<String, String> options(String[] args, List<String> known, String usage) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        System.out.println(usage);
        System.exit(0);
      }
      if (!a.startsWith("--") || !known.contains(a.substring(2)) || i + 1 >= args.length) {
        throw new IllegalArgumentException("bad argument '" + a + "'\n" + usage);
      }
      m.put(a.substring(2), args[++i]);
    }
    return m;
  }

  /** The process's peak resident set (VmHWM) in MB, or -1 where /proc is missing. */
  static double peakRssMb() {
    return procStatusMb("VmHWM:");
  }

  private static double procStatusMb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          String[] f = line.substring(key.length()).trim().split("\\s+");
          return Long.parseLong(f[0]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Median of {@code xs}. */
  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
