package jtorch.cuda;

import java.lang.foreign.MemorySegment;
import jtorch.Device;
import jtorch.backend.Backend;
import jtorch.backend.Dispatcher;
import jtorch.backend.Strided;

/**
 * Copies between the host and a GPU. Host memory (Java arrays included) is staged through the
 * device's pinned buffer in chunks of up to {@value #CHUNK} bytes; each chunk waits for its copy,
 * so the caller may reuse its array as soon as a call returns. A non-blocking upload from
 * contiguous pinned memory ({@code pinMemory()}) is instead one {@code cuMemcpyHtoDAsync} that is
 * not waited for; the device keeps the source alive until the stream has passed the copy ({@link
 * HostKeepAlive}). Non-contiguous operands are made contiguous on their own side first.
 *
 * <pre>{@code
 * Transfers.transfer(backend, cpuTensor, gpuTensor, false);   // host to device, waits
 * Transfers.transfer(backend, pinned, gpuTensor, true);       // queued, returns at once
 * }</pre>
 */
final class Transfers {
  static final long CHUNK = 16L << 20;

  private Transfers() {}

  private static Backend cpu() {
    return Dispatcher.of(Device.CPU);
  }

  static void transfer(CudaBackend backend, Strided src, Strided dst, boolean nonBlocking) {
    if (src.dtype() != dst.dtype()) {
      throw new IllegalArgumentException(
          "cuda transfer: the dtypes differ ("
              + src.dtype()
              + " to "
              + dst.dtype()
              + "); convert on one side first");
    }
    Device from = src.storage().device();
    Device to = dst.storage().device();
    if (from.isCuda() && to.isCuda()) {
      if (from.equals(to)) {
        Elementwise.copy(src, dst);
        return;
      }
      throw new UnsupportedOperationException(
          "cuda transfer from "
              + from
              + " to "
              + to
              + ": copies between GPUs go through the CPU"
              + " for now; use t.cpu().to(\""
              + to
              + "\")");
    }
    if (dst.numel() == 0) {
      return;
    }
    if (from.isCpu()) {
      Strided dev =
          dst.isContiguous() ? dst : Operands.empty(backend, dst.shape(), dst.dtype(), to);
      if (nonBlocking && src.storage().isPinned() && src.isContiguous()) {
        uploadAsync(src, dev);
      } else {
        upload(hostContiguous(src), dev);
      }
      if (dev != dst) {
        Elementwise.copy(dev, dst);
      }
    } else {
      Strided dev = Operands.contiguous(backend, src);
      Strided host = dst.isContiguous() ? dst : hostEmpty(dst);
      download(dev, host);
      if (host != dst) {
        cpu().copy(host, dst);
      }
    }
  }

  private static Strided hostContiguous(Strided s) {
    if (s.isContiguous()) {
      return s;
    }
    Strided c = hostEmpty(s);
    cpu().copy(s, c);
    return c;
  }

  private static Strided hostEmpty(Strided like) {
    return new Strided(
        cpu().allocate(like.numel(), like.dtype(), Device.CPU),
        0,
        like.shape().clone(),
        Operands.strides(like.shape()),
        like.dtype());
  }

  private static void upload(Strided host, Strided dev) {
    CudaDevice d = Operands.device(dev);
    long bytes = dev.numel() * dev.dtype().itemSize();
    MemorySegment src =
        host.storage().segment().asSlice(host.offset() * host.dtype().itemSize(), bytes);
    long dst = Operands.address(dev);
    synchronized (d) {
      for (long done = 0; done < bytes; done += CHUNK) {
        long n = Math.min(CHUNK, bytes - done);
        MemorySegment stage = d.staging(n);
        MemorySegment.copy(src, done, stage, 0, n);
        d.driver().copyHtoD(dst + done, stage, n, d.stream());
        d.synchronize();
      }
    }
  }

  /** One queued copy from pinned {@code host}, which the device holds until the copy has run. */
  private static void uploadAsync(Strided host, Strided dev) {
    CudaDevice d = Operands.device(dev);
    long bytes = dev.numel() * dev.dtype().itemSize();
    MemorySegment src =
        host.storage().segment().asSlice(host.offset() * host.dtype().itemSize(), bytes);
    synchronized (d) {
      d.makeCurrent();
      d.driver().copyHtoD(Operands.address(dev), src, bytes, d.stream());
      d.inFlight().add(host.storage(), d.stream());
    }
  }

  private static void download(Strided dev, Strided host) {
    CudaDevice d = Operands.device(dev);
    long bytes = dev.numel() * dev.dtype().itemSize();
    MemorySegment dst =
        host.storage().segment().asSlice(host.offset() * host.dtype().itemSize(), bytes);
    long src = Operands.address(dev);
    synchronized (d) {
      for (long done = 0; done < bytes; done += CHUNK) {
        long n = Math.min(CHUNK, bytes - done);
        MemorySegment stage = d.staging(n);
        d.driver().copyDtoH(stage, src + done, n, d.stream());
        d.synchronize();
        MemorySegment.copy(stage, 0, dst, done, n);
      }
    }
  }
}
