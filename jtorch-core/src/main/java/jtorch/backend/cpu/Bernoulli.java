package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.Device;
import jtorch.UntypedStorage;
import jtorch.backend.CounterRandom;
import jtorch.backend.Strided;

/**
 * {@link jtorch.backend.Backend#bernoulli} on the CPU: the counter-based draws split over threads,
 * written straight into contiguous float32 and float64 arrays, and through a float32 buffer and a
 * converting copy into any other tensor.
 */
final class Bernoulli {
  private static final FloatOps F = FloatOpsProvider.OPS;

  private Bernoulli() {}

  static void fill(Strided out, double p, long seed) {
    long bound = CounterRandom.threshold(p);
    int n = Math.toIntExact(out.numel());
    int at = (int) out.offset();
    if (out.isContiguous() && out.storage().array() instanceof float[] f) {
      Parallel.forRange(
          n, 8, (s, e) -> F.bernoulli(f, at + (int) s, seed, s, bound, (int) (e - s)));
      return;
    }
    if (out.isContiguous() && out.storage().array() instanceof double[] d) {
      Parallel.forRange(
          n,
          8,
          (s, e) -> {
            for (int i = (int) s; i < e; i++) {
              d[at + i] = (CounterRandom.bits(seed, i) >>> 40) < bound ? 1 : 0;
            }
          });
      return;
    }
    float[] values = new float[n];
    Parallel.forRange(n, 8, (s, e) -> F.bernoulli(values, (int) s, seed, s, bound, (int) (e - s)));
    UntypedStorage bytes = UntypedStorage.wrap(MemorySegment.ofArray(values), Device.CPU);
    CpuBackend.INSTANCE.copy(Strided.rowMajor(bytes, out.shape(), DType.FLOAT32), out);
  }
}
