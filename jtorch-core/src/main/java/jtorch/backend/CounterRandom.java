package jtorch.backend;

/**
 * The counter-based random numbers of {@link Backend#bernoulli}: element {@code i} of a draw with
 * seed {@code s} is a pure function of {@code (s, i)}, so any number of threads, or a GPU, produce
 * the same values in any order. The function is SplitMix64's output mix applied to {@code s + (i +
 * 1) * 0x9E3779B97F4A7C15} (the generator behind {@code java.util.SplittableRandom}); its top 24
 * bits make a uniform float in [0, 1).
 *
 * <pre>{@code
 * CounterRandom.uniform(42, 0);   // the same value on every device and thread count
 * }</pre>
 */
public final class CounterRandom {
  /** The Weyl increment: 2^64 divided by the golden ratio, odd. */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private CounterRandom() {}

  /** 64 random bits for element {@code i} of the draw seeded {@code seed}. */
  public static long bits(long seed, long i) {
    long z = seed + (i + 1) * GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform float in [0, 1) with 24 random bits: {@code (bits >>> 40) * 2^-24}. */
  public static float uniform(long seed, long i) {
    return (bits(seed, i) >>> 40) * 0x1.0p-24f;
  }

  /**
   * The bound on {@code bits >>> 40} below which a Bernoulli draw of probability {@code p} is 1:
   * {@code uniform < p} exactly, in integers.
   */
  public static long threshold(double p) {
    return (long) Math.ceil(p * 0x1.0p24);
  }
}
