package jtorch;

/**
 * A seedable source of random numbers, as {@code torch.Generator}: the 32-bit Mersenne Twister
 * (mt19937) that PyTorch's CPU generator uses, drawn the same way, so that {@code rand}, {@code
 * randn}, {@code randint} and {@code randperm} after {@code manualSeed(s)} give PyTorch's values.
 *
 * <pre>{@code
 * Torch.manualSeed(0);
 * Torch.rand(2);   // tensor([0.4963, 0.7682]), as torch.rand(2) after torch.manual_seed(0)
 * }</pre>
 */
public final class Generator {
  /** PyTorch's default CPU seed. */
  public static final long DEFAULT_SEED = 67280421310721L;

  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int index;
  private long seed;
  private double cachedNormal = Double.NaN;

  /** A generator seeded with {@code seed}. */
  public Generator(long seed) {
    manualSeed(seed);
  }

  /** Re-seeds, as {@code generator.manual_seed(seed)}. */
  public synchronized Generator manualSeed(long seed) {
    this.seed = seed;
    mt[0] = (int) seed;
    for (int j = 1; j < N; j++) {
      mt[j] = 1812433253 * (mt[j - 1] ^ (mt[j - 1] >>> 30)) + j;
    }
    index = N;
    cachedNormal = Double.NaN;
    return this;
  }

  /** The seed last set, as {@code initial_seed()}. */
  public synchronized long initialSeed() {
    return seed;
  }

  /** The next 32 random bits, as an unsigned value. */
  public synchronized long nextUInt32() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xFFFFFFFFL;
  }

  /** 64 random bits from two draws, high word first, as PyTorch's {@code random64()}. */
  public synchronized long nextUInt64() {
    long hi = nextUInt32();
    long lo = nextUInt32();
    return (hi << 32) | lo;
  }

  /** Uniform float in [0, 1) from 24 random bits. */
  public float nextFloat() {
    return (nextUInt32() & ((1 << 24) - 1)) * 0x1.0p-24f;
  }

  /** Uniform double in [0, 1) from 53 random bits. */
  public double nextDouble() {
    return (nextUInt64() & ((1L << 53) - 1)) * 0x1.0p-53;
  }

  /**
   * A standard normal sample as PyTorch's {@code normal_distribution<double>}: Box-Muller over two
   * uniform doubles gives two samples; the second is kept in the generator for the next call (and
   * dropped by {@link #manualSeed}), so consecutive small {@code randn} calls continue one stream.
   */
  synchronized double nextNormal() {
    if (!Double.isNaN(cachedNormal)) {
      double v = cachedNormal;
      cachedNormal = Double.NaN;
      return v;
    }
    double u1 = nextDouble();
    double u2 = nextDouble();
    double r = Math.sqrt(-2.0 * Math.log1p(-u2));
    double theta = 2.0 * Math.PI * u1;
    cachedNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Regenerates the state. Split at the wrap-around points instead of indexing modulo {@code N},
   * and branch-free on the low bit (a coin flip that the branch predictor always loses); the same
   * sequence as the textbook loop.
   */
  private void twist() {
    int i = 0;
    for (; i < N - M; i++) {
      mt[i] = twisted(mt[i], mt[i + 1], mt[i + M]);
    }
    for (; i < N - 1; i++) {
      mt[i] = twisted(mt[i], mt[i + 1], mt[i + M - N]);
    }
    mt[N - 1] = twisted(mt[N - 1], mt[0], mt[M - 1]);
    index = 0;
  }

  private static int twisted(int cur, int next, int far) {
    int y = (cur & 0x80000000) | (next & 0x7fffffff);
    return far ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
  }

  /**
   * Fills {@code out} with the next {@code out.length} draws of {@code nextUInt32()}, masked to
   * their low {@code digits} bits and scaled by {@code 2^-digits}: uniform floats as PyTorch's
   * float32 {@code rand} draws them, under one lock instead of one per element.
   */
  synchronized void uniformFloats(float[] out, int digits) {
    int mask = (1 << digits) - 1;
    float scale = Math.scalb(1f, -digits);
    for (int j = 0; j < out.length; j++) {
      if (index >= N) {
        twist();
      }
      int y = mt[index++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      out[j] = (y & mask) * scale;
    }
  }
}
