package jtorch.vision.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.UntypedStorage;

/**
 * Moves pixels between tensors and Java arrays: the transforms and the image writer work on plain
 * row-major arrays (one copy in, none out), which is much faster per image than a chain of small
 * tensor ops.
 */
public final class Pixels {
  private Pixels() {}

  /** The elements of a uint8 tensor in row-major order (a copy). */
  public static byte[] toUint8Array(Tensor t) {
    if (t.dtype() != DType.UINT8) {
      throw new IllegalArgumentException("expected a uint8 tensor, got " + t.dtype());
    }
    Tensor c = t.cpu().contiguous();
    byte[] out = new byte[Math.toIntExact(c.numel())];
    MemorySegment seg = c.untypedStorage().segment();
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, c.storageOffset(), out, 0, out.length);
    return out;
  }

  /** The elements of any tensor as float32 values in row-major order (a copy). */
  public static float[] toFloat32Array(Tensor t) {
    return t.detach().cpu().toFloatArray();
  }

  /** A uint8 CPU tensor over {@code data} (no copy). */
  public static Tensor uint8Tensor(byte[] data, long... shape) {
    return wrap(MemorySegment.ofArray(data), DType.UINT8, data.length, shape);
  }

  /** An int64 CPU tensor over {@code data} (no copy). */
  public static Tensor int64Tensor(long[] data, long... shape) {
    return wrap(MemorySegment.ofArray(data), DType.INT64, data.length, shape);
  }

  /** A float32 CPU tensor over {@code data} (no copy). */
  public static Tensor float32Tensor(float[] data, long... shape) {
    return wrap(MemorySegment.ofArray(data), DType.FLOAT32, data.length, shape);
  }

  /**
   * {@code data} as a tensor of {@code dtype}: float32 without copying; uint8 rounded half to even
   * and saturated to [0, 255] (as torchvision's {@code round().to(uint8)} after resampling, where
   * values never leave that range); other dtypes converted.
   */
  public static Tensor fromFloat32(float[] data, DType dtype, long... shape) {
    if (dtype == DType.FLOAT32) {
      return float32Tensor(data, shape);
    }
    if (dtype == DType.UINT8) {
      byte[] b = new byte[data.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (int) Math.min(255, Math.max(0, Math.rint(data[i])));
      }
      return uint8Tensor(b, shape);
    }
    return float32Tensor(data, shape).to(dtype);
  }

  /** The shape as a Java array. */
  public static long[] shape(Tensor t) {
    long[] s = new long[t.dim()];
    for (int i = 0; i < s.length; i++) {
      s[i] = t.size(i);
    }
    return s;
  }

  /**
   * The shape formatted as PyTorch prints {@code tensor.shape}'s list, e.g. {@code [1, 28, 28]}.
   */
  public static String shapeString(Tensor t) {
    return Arrays.toString(shape(t));
  }

  private static Tensor wrap(MemorySegment seg, DType dtype, long n, long[] shape) {
    long numel = 1;
    for (long s : shape) {
      numel *= s;
    }
    if (numel != n) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + numel + " elements, got " + n);
    }
    long[] stride = new long[shape.length];
    long st = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      stride[i] = st;
      st *= shape[i];
    }
    return Torch.fromStorage(UntypedStorage.wrap(seg, Device.CPU), dtype, 0, shape, stride);
  }
}
