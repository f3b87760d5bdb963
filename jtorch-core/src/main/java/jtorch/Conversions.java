package jtorch;

import jtorch.backend.Strided;

/** Copies and conversions: clone, dtype and device changes, and reading values out. */
final class Conversions {
  private Conversions() {}

  static Tensor clone(Tensor t) {
    Tensor out = Torch.empty(t.shapeArray(), t.dtype(), t.device());
    t.backend().copy(t.strided(), out.strided());
    return Graph.record(
        "CloneBackward0", out, new Tensor[] {t}, new Tensor[0], Derivatives.identity());
  }

  static Tensor to(Tensor t, DType dtype, Device device) {
    return to(t, dtype, device, false);
  }

  static Tensor to(Tensor t, DType dtype, Device device, boolean nonBlocking) {
    if (t.dtype() == dtype && t.device().equals(device)) {
      return t;
    }
    Tensor out = Torch.empty(t.shapeArray(), dtype, device);
    if (t.device().equals(device)) {
      t.backend().copy(t.strided(), out.strided());
    } else {
      Tensor src = t.dtype() == dtype ? t : to(t.detach(), dtype, t.device());
      (device.isCpu() ? src.backend() : out.backend())
          .transfer(src.strided(), out.strided(), nonBlocking);
    }
    Device from = t.device();
    return Graph.record(
        "ToCopyBackward0",
        out,
        new Tensor[] {t},
        new Tensor[0],
        // A dtype change needs no rule of its own: the engine casts gradients to each input's
        // dtype.
        from.equals(device) ? Derivatives.identity() : Derivatives.toDevice(from));
  }

  /** A contiguous copy in page-locked host memory, as {@code pin_memory()}. */
  static Tensor pinMemory(Tensor t) {
    if (!t.device().isCpu()) {
      throw new IllegalArgumentException(
          "pinMemory: only CPU tensors can be pinned, got a tensor on "
              + t.device()
              + "; pin the CPU tensor before moving it to the device");
    }
    if (t.isPinned()) {
      return t;
    }
    UntypedStorage st = Cuda.INSTANCE.allocatePinned("pinMemory", t.numel() * t.dtype().itemSize());
    long[] shape = t.shapeArray().clone();
    Tensor out = new Tensor(st, 0, shape, Shapes.contiguousStrides(shape), t.dtype());
    t.backend().copy(t.strided(), out.strided());
    return Graph.record(
        "PinMemoryBackward0", out, new Tensor[] {t}, new Tensor[0], Derivatives.identity());
  }

  /** A contiguous CPU float64 copy for reading values (no autograd). */
  private static Tensor hostCopy(Tensor t, DType dtype) {
    Tensor src = t.device().isCpu() ? t : t.detach().to(Device.CPU);
    Tensor out = Torch.empty(src.shapeArray(), dtype, Device.CPU);
    src.backend().copy(src.strided(), out.strided());
    return out;
  }

  static double item(Tensor t) {
    return toDoubleArray(t)[0];
  }

  static long itemLong(Tensor t) {
    return toLongArray(t)[0];
  }

  static float[] toFloatArray(Tensor t) {
    return (float[]) arrayOf(hostCopy(t, DType.FLOAT32));
  }

  static double[] toDoubleArray(Tensor t) {
    return (double[]) arrayOf(hostCopy(t, DType.FLOAT64));
  }

  static long[] toLongArray(Tensor t) {
    return (long[]) arrayOf(hostCopy(t, DType.INT64));
  }

  private static Object arrayOf(Tensor t) {
    Strided s = t.strided();
    Object arr = s.storage().array();
    if (arr == null) {
      throw new IllegalStateException(
          "toArray: tensor with " + t.numel() + " elements is too large for a Java array");
    }
    return arr;
  }
}
