package jtorch.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import jtorch.DType;
import jtorch.Device;
import jtorch.UntypedStorage;
import jtorch.backend.AdadeltaStep;
import jtorch.backend.Backend;
import jtorch.backend.BinaryOp;
import jtorch.backend.DeviceRuntime;
import jtorch.backend.ReduceOp;
import jtorch.backend.Scalar;
import jtorch.backend.SgdStep;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;

/**
 * The CUDA backend: storage from each GPU's {@link CachingAllocator} (returned to the cache when
 * the storage becomes unreachable), kernels from kernels.ptx on the GPU's one stream, matmul on
 * cuBLAS, and convolution composed by the core from im2col/col2im and matmul. Obtained through
 * {@link CudaBackendProvider}; jtorch code uses it through {@code tensor.to("cuda")}.
 *
 * <pre>{@code
 * Tensor x = Torch.ones(2, 3).to("cuda");
 * x.add(1).cpu();   // tensor([[2., 2., 2.], [2., 2., 2.]])
 * }</pre>
 */
final class CudaBackend implements Backend, DeviceRuntime {
  private static final Cleaner CLEANER = Cleaner.create();

  private final CudaRuntime runtime;

  CudaBackend(CudaRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Device.Type deviceType() {
    return Device.Type.CUDA;
  }

  @Override
  public UntypedStorage allocate(long numel, DType dtype, Device device) {
    CudaDevice d = runtime.device(device.index());
    long bytes = numel * dtype.itemSize();
    CachingAllocator alloc = d.allocator();
    CachingAllocator.Block block = alloc.allocate(bytes);
    d.makeCurrent();
    if (bytes > 0) {
      d.driver().memsetD8(block.address(), (byte) 0, bytes, d.stream());
    }
    UntypedStorage s =
        UntypedStorage.wrap(MemorySegment.ofAddress(block.address()).reinterpret(bytes), device);
    CLEANER.register(s, () -> alloc.free(block));
    return s;
  }

  @Override
  public void fill(Strided out, Scalar value) {
    Elementwise.fill(out, value);
  }

  @Override
  public void copy(Strided src, Strided dst) {
    Elementwise.copy(src, dst);
  }

  @Override
  public void unary(UnaryOp op, Strided in, Strided out) {
    Elementwise.unary(op, in, out);
  }

  @Override
  public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
    Elementwise.binary(op, a, b, out);
  }

  @Override
  public void where(Strided cond, Strided a, Strided b, Strided out) {
    Elementwise.where(cond, a, b, out);
  }

  @Override
  public void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices) {
    Reductions.reduce(op, in, dim, values, indices);
  }

  @Override
  public void matmul(Strided a, Strided b, Strided out) {
    Gemm.matmul(this, a, b, out);
  }

  @Override
  public void im2col(Strided in, Window2d w, Strided out) {
    Windows.im2col(this, in, w, out);
  }

  @Override
  public void col2im(Strided cols, Window2d w, Strided out) {
    Windows.col2im(this, cols, w, out);
  }

  @Override
  public void maxPool2d(Strided in, Window2d w, Strided out, Strided indices) {
    Windows.maxPool2d(this, in, w, out, indices);
  }

  @Override
  public void maxPool2dBackward(Strided grad, Strided indices, Strided gradInput) {
    Windows.maxPool2dBackward(this, grad, indices, gradInput);
  }

  @Override
  public void gather(Strided in, int dim, Strided index, Strided out) {
    Indexing.gather(this, in, dim, index, out);
  }

  @Override
  public void scatterAdd(Strided out, int dim, Strided index, Strided src) {
    Indexing.scatterAdd(this, out, dim, index, src);
  }

  @Override
  public void bernoulli(Strided out, double p, long seed) {
    Fused.bernoulli(out, p, seed);
  }

  @Override
  public boolean adadelta(
      Strided param, Strided grad, Strided squareAvg, Strided accDelta, AdadeltaStep step) {
    return Fused.adadelta(param, grad, squareAvg, accDelta, step);
  }

  @Override
  public boolean sgd(Strided param, Strided grad, Strided momentumBuffer, SgdStep step) {
    return Fused.sgd(param, grad, momentumBuffer, step);
  }

  @Override
  public void transfer(Strided src, Strided dst) {
    Transfers.transfer(this, src, dst, false);
  }

  @Override
  public void transfer(Strided src, Strided dst, boolean nonBlocking) {
    Transfers.transfer(this, src, dst, nonBlocking);
  }

  @Override
  public UntypedStorage allocatePinned(long bytes) {
    return runtime.pinned().allocate(bytes);
  }

  @Override
  public int deviceCount() {
    return runtime.deviceCount();
  }

  @Override
  public String deviceName(int device) {
    return runtime.device(device).name;
  }

  @Override
  public void synchronize(int device) {
    runtime.device(device).synchronize();
  }

  @Override
  public void emptyCache() {
    for (CudaDevice d : runtime.started()) {
      d.allocator().emptyCache();
    }
    runtime.pinned().emptyCache();
  }

  @Override
  public long memoryAllocated(int device) {
    return runtime.device(device).allocator().stats().allocated();
  }

  @Override
  public long memoryReserved(int device) {
    return runtime.device(device).allocator().stats().reserved();
  }

  @Override
  public long maxMemoryAllocated(int device) {
    return runtime.device(device).allocator().stats().peakAllocated();
  }
}
