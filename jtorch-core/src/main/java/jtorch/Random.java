package jtorch;

/** Random fills drawn exactly as PyTorch's CPU kernels draw them, element by element. */
final class Random {
  private Random() {}

  static Tensor rand(long[] shape, DType dtype, Generator g) {
    requireFloating("rand", dtype);
    long n = Shapes.numel(shape);
    if (dtype == DType.FLOAT32) {
      float[] f = new float[Math.toIntExact(n)];
      g.uniformFloats(f, 24);
      return Creation.fromFloats(f, shape);
    }
    double[] v = new double[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = dtype == DType.FLOAT64 ? g.nextDouble() : uniformFloat(g, dtype);
    }
    return Creation.fromDoubles(v, shape, dtype);
  }

  private static double uniformFloat(Generator g, DType dtype) {
    int digits =
        switch (dtype) {
          case FLOAT16 -> 11;
          case BFLOAT16 -> 8;
          default -> 24;
        };
    return (g.nextUInt32() & ((1L << digits) - 1)) * Math.scalb(1.0, -digits);
  }

  /**
   * Fills {@code self} with Bernoulli draws of probability {@code p}, as {@code bernoulli_(p)}: one
   * 64-bit seed from {@code g}, then counter-based values ({@link jtorch.backend.CounterRandom}),
   * the same on every device. The draws differ from PyTorch's, which come from its own streams.
   */
  static Tensor bernoulli_(Tensor self, double p, Generator g) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
    }
    InPlace.checkWritable("bernoulli_", self);
    self.backend().bernoulli(self.strided(), p, g.nextUInt64());
    self.untypedStorage().bumpVersion();
    return self;
  }

  static Tensor randn(long[] shape, DType dtype, Generator g) {
    requireFloating("randn", dtype);
    int n = Math.toIntExact(Shapes.numel(shape));
    double[] v = new double[n];
    boolean single = dtype != DType.FLOAT64;
    if (n >= 16) {
      for (int i = 0; i < n; i++) {
        v[i] = single ? uniformFloat(g, dtype) : g.nextDouble();
      }
      for (int i = 0; i + 16 <= n; i += 16) {
        boxMuller16(v, i, single);
      }
      if (n % 16 != 0) {
        for (int i = n - 16; i < n; i++) {
          v[i] = single ? uniformFloat(g, dtype) : g.nextDouble();
        }
        boxMuller16(v, n - 16, single);
      }
    } else {
      for (int i = 0; i < n; i++) {
        v[i] = g.nextNormal();
      }
    }
    return Creation.fromDoubles(v, shape, dtype);
  }

  private static void boxMuller16(double[] d, int o, boolean single) {
    for (int j = 0; j < 8; j++) {
      double u1 = 1 - d[o + j];
      double u2 = d[o + j + 8];
      double radius = Math.sqrt(-2 * Math.log(u1));
      double theta = 2.0 * Math.PI * u2;
      if (single) {
        radius = (float) radius;
        theta = (float) theta;
      }
      d[o + j] = radius * Math.cos(theta);
      d[o + j + 8] = radius * Math.sin(theta);
    }
  }

  static Tensor randint(long low, long high, long[] shape, DType dtype, Generator g) {
    if (low >= high) {
      throw new IllegalArgumentException(
          "randint: expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
    }
    long range = high - low;
    int n = Math.toIntExact(Shapes.numel(shape));
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      long r =
          range >= (1L << 32)
              ? Long.remainderUnsigned(g.nextUInt64(), range)
              : g.nextUInt32() % range;
      v[i] = r + low;
    }
    return Creation.fromLongs(v, shape, dtype);
  }

  static Tensor randperm(long n, DType dtype, Generator g) {
    if (n < 0) {
      throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
    }
    long[] r = new long[Math.toIntExact(n)];
    for (int i = 0; i < r.length; i++) {
      r[i] = i;
    }
    for (int i = 0; i < r.length - 1; i++) {
      int z = (int) (g.nextUInt32() % (n - i));
      long tmp = r[i];
      r[i] = r[z + i];
      r[z + i] = tmp;
    }
    return Creation.fromLongs(r, new long[] {n}, dtype);
  }

  private static void requireFloating(String op, DType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": \"" + op + "\" is only defined for floating point dtypes, got " + dtype);
    }
  }
}
