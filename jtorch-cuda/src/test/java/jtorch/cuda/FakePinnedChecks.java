package jtorch.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static jtorch.cuda.FakeDriverMain.check;
import static jtorch.cuda.FakeDriverMain.close;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.UntypedStorage;
import jtorch.utils.data.Batch;
import jtorch.utils.data.DataLoader;
import jtorch.utils.data.TensorDataset;

/**
 * The pinned-memory checks of {@link FakeDriverMain}: {@code pinMemory()} and its cache, CPU ops on
 * pinned tensors, non-blocking uploads (one queued {@code cuMemcpyHtoDAsync}, the source kept alive
 * until the copy has run) and pinned DataLoader batches, observed through the fake driver's
 * counters and its held stream ({@code fake_hold}).
 */
final class FakePinnedChecks {
  private final MethodHandle liveHost;
  private final MethodHandle htodCopies;
  private final MethodHandle streamSyncs;
  private final MethodHandle copiesPending;
  private final MethodHandle hold;

  FakePinnedChecks(SymbolLookup fake) {
    Linker linker = Linker.nativeLinker();
    FunctionDescriptor counter = FunctionDescriptor.of(JAVA_LONG);
    liveHost = linker.downcallHandle(fake.findOrThrow("fake_live_host_allocations"), counter);
    htodCopies = linker.downcallHandle(fake.findOrThrow("fake_htod_copies"), counter);
    streamSyncs = linker.downcallHandle(fake.findOrThrow("fake_stream_syncs"), counter);
    copiesPending = linker.downcallHandle(fake.findOrThrow("fake_copies_pending"), counter);
    hold =
        linker.downcallHandle(fake.findOrThrow("fake_hold"), FunctionDescriptor.ofVoid(JAVA_INT));
  }

  void run() {
    cachedAndFreed();
    valuesAndCpuOps();
    nonBlockingUpload();
    nonBlockingFromUnpinnedWaits();
    loaderPinsBatches();
  }

  private void cachedAndFreed() {
    PinnedMemory cache = CudaRuntime.get().pinned();
    long before = count(liveHost);
    Tensor p = Torch.ones(1000).pinMemory();
    check(
        "pinMemory allocates with cuMemHostAlloc", count(liveHost) == before + 1, count(liveHost));
    check("the pinned tensor is a pinned CPU tensor", p.isPinned() && p.device().isCpu(), p);
    p = null;
    check(
        "an unreachable pinned tensor returns its block to the cache",
        awaitGc(() -> cache.cachedBytes() == PinnedMemory.MIN_BLOCK)
            && count(liveHost) == before + 1,
        cache.cachedBytes() + " cached bytes");
    Tensor again = Torch.ones(900).pinMemory();
    check(
        "the next pinMemory of that block size reuses the block",
        count(liveHost) == before + 1
            && cache.cachedBytes() == 0
            && Arrays.equals(again.toFloatArray(), Torch.ones(900).toFloatArray()),
        count(liveHost) + " live");
    again = null;
    awaitGc(() -> cache.cachedBytes() == PinnedMemory.MIN_BLOCK);
    Torch.cuda().emptyCache();
    check(
        "emptyCache frees the cached pinned blocks with cuMemFreeHost",
        count(liveHost) == before && cache.cachedBytes() == 0,
        count(liveHost) + " live, " + before + " before");
  }

  private void valuesAndCpuOps() {
    Tensor x = Torch.randn(3, 4);
    Tensor q = x.t().contiguous();
    Tensor p = x.t().pinMemory();
    check(
        "pinMemory copies a strided tensor into contiguous pinned memory",
        p.isPinned() && p.isContiguous() && Arrays.equals(p.toFloatArray(), q.toFloatArray()),
        p);
    check("pinMemory of a pinned tensor is the tensor", p.pinMemory() == p, "");
    String err = "";
    try {
      x.to("cuda").pinMemory();
    } catch (IllegalArgumentException e) {
      err = e.getMessage();
    }
    check(
        "pinMemory of a GPU tensor says only CPU tensors can be pinned",
        err.equals(
            "pinMemory: only CPU tensors can be pinned, got a tensor on cuda:0; pin the CPU"
                + " tensor before moving it to the device"),
        err);
    check("the source stays unpinned", !x.isPinned(), "");
    check(
        "elementwise, reductions and matmul on a pinned tensor",
        close(p.add(1).mul(p).exp().toFloatArray(), q.add(1).mul(q).exp().toFloatArray())
            && close(p.sum(1).toFloatArray(), q.sum(1).toFloatArray())
            && close(p.matmul(p.t()).toFloatArray(), q.matmul(q.t()).toFloatArray())
            && close(p.t().contiguous().toFloatArray(), x.toFloatArray())
            && p.get(1, 2).item() == q.get(1, 2).item()
            && p.toString().equals(q.toString()),
        p);
    Tensor longs = Torch.arange(6).pinMemory();
    check(
        "int64 pinned tensor",
        longs.dtype() == DType.INT64
            && Arrays.equals(longs.mul(2).toLongArray(), new long[] {0, 2, 4, 6, 8, 10}),
        longs);
    Tensor r = x.pinMemory().add_(1);
    check(
        "in place on a pinned tensor",
        r.isPinned() && Arrays.equals(r.toFloatArray(), x.add(1).toFloatArray()),
        r);
    Tensor w = Torch.randn(5).requiresGrad_();
    Tensor pw = w.pinMemory();
    pw.mul(pw).sum().backward();
    check(
        "gradients flow through pinMemory",
        w.grad() != null && close(w.grad().toFloatArray(), w.detach().mul(2).toFloatArray()),
        w.grad());
  }

  private void nonBlockingUpload() {
    Tensor host = Torch.randn(2, 5);
    float[] want = host.toFloatArray();
    Tensor pinned = host.pinMemory();
    WeakReference<UntypedStorage> source = new WeakReference<>(pinned.untypedStorage());
    long copies = count(htodCopies);
    long syncs = count(streamSyncs);
    hold(1);
    Tensor g = pinned.to(Device.cuda(0), true);
    check(
        "nonBlocking from pinned memory is one cuMemcpyHtoDAsync, not waited for",
        count(htodCopies) == copies + 1 && count(streamSyncs) == syncs && count(copiesPending) == 1,
        count(htodCopies) - copies + " copies, " + (count(streamSyncs) - syncs) + " syncs");
    check(
        "nonBlocking returns before the bytes have arrived",
        Arrays.equals(deviceFloats(g), new float[want.length]),
        Arrays.toString(deviceFloats(g)));
    pinned = null;
    check(
        "the pinned source stays reachable while its copy is queued",
        !awaitGc(() -> source.get() == null) && source.get() != null,
        "collected");
    hold(0);
    check("the queued copy delivers the values", Arrays.equals(deviceFloats(g), want), g);
    Tensor next = Torch.ones(3).pinMemory().to(Device.cuda(0), true);
    check(
        "once its copy has run (event passed) the source is released and collected",
        awaitGc(() -> source.get() == null),
        "still reachable");
    check(
        "values after a non-blocking upload",
        Arrays.equals(g.cpu().toFloatArray(), want)
            && Arrays.equals(next.cpu().toFloatArray(), new float[] {1, 1, 1}),
        g);
  }

  private void nonBlockingFromUnpinnedWaits() {
    Tensor x = Torch.randn(4, 3);
    for (Tensor src : List.of(x, x.pinMemory().t())) {
      long syncs = count(streamSyncs);
      Tensor g = src.to(Device.cuda(0), true);
      check(
          "nonBlocking from unpinned or strided memory is the staged, waited copy",
          count(streamSyncs) > syncs && count(copiesPending) == 0,
          count(streamSyncs) - syncs + " syncs");
      check(
          "values of the staged copy",
          Arrays.equals(g.cpu().toFloatArray(), src.contiguous().toFloatArray()),
          g);
    }
  }

  private void loaderPinsBatches() {
    var ds = new TensorDataset(Torch.randn(10, 3), Torch.randint(0, 5, 10));
    List<Batch> plain = new ArrayList<>();
    DataLoader.builder(ds).batchSize(4).build().forEach(plain::add);
    var loader = DataLoader.builder(ds).batchSize(4).numWorkers(2).pinMemory(true).build();
    int i = 0;
    boolean pinned = true;
    boolean same = true;
    for (Batch b : loader) {
      pinned &= b.input().isPinned() && b.target().isPinned();
      Batch g = b.to(Device.cuda(0), true);
      same &=
          Arrays.equals(g.input().cpu().toFloatArray(), plain.get(i).input().toFloatArray())
              && Arrays.equals(g.target().cpu().toLongArray(), plain.get(i).target().toLongArray());
      i++;
    }
    check("DataLoader pinMemory(true) yields pinned batches", pinned && i == 3, i);
    check("pinned batches upload with their values", same, "");
  }

  /** The device bytes of contiguous float32 {@code g}, read directly (fake device memory). */
  private static float[] deviceFloats(Tensor g) {
    return g.untypedStorage().segment().toArray(JAVA_FLOAT);
  }

  /** Collects garbage until {@code done} (true) or about two seconds have passed (false). */
  private static boolean awaitGc(BooleanSupplier done) {
    for (int i = 0; i < 40; i++) {
      if (done.getAsBoolean()) {
        return true;
      }
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return done.getAsBoolean();
  }

  private static long count(MethodHandle h) {
    try {
      return (long) h.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private void hold(int on) {
    try {
      hold.invokeExact(on);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
