package jtorch.cuda;

import java.util.Arrays;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Runs in a child JVM of {@link FakeDriverTest} whose LD_LIBRARY_PATH holds the fake libcuda.so.1
 * and libcublas.so.12 built from src/test/c: drives jtorch-cuda through the real bindings and
 * prints one line per check, "ok NAME" or "FAIL NAME: why"; exits 1 if any failed.
 */
public final class FakeDriverMain {
  private static int failures;

  private FakeDriverMain() {}

  static void check(String name, boolean ok, Object detail) {
    System.out.println((ok ? "ok " : "FAIL ") + name + (ok ? "" : ": " + detail));
    if (!ok) {
      failures++;
    }
  }

  static boolean close(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > 1e-5 * (1 + Math.abs(a[i]))) {
        return false;
      }
    }
    return true;
  }

  /** Entry point of the child JVM. */
  public static void main(String[] args) {
    check("available", Torch.cuda().isAvailable(), Torch.cuda().unavailableReason());
    check("deviceCount", Torch.cuda().deviceCount() == 1, Torch.cuda().deviceCount());
    check(
        "name",
        "jtorch fake GPU".equals(Torch.cuda().getDeviceName(0)),
        Torch.cuda().getDeviceName(0));

    Tensor z = Torch.zeros(new long[] {3, 5}, DType.FLOAT32, Device.cuda(0));
    check("zeros are zeroed (memset)", Arrays.equals(z.cpu().toFloatArray(), new float[15]), z);

    float[] v = {1, 2, 3, 4, 5, 6};
    Tensor x = Torch.tensor(v).reshape(2, 3);
    Tensor g = x.to("cuda");
    check("to(cuda) device", g.device().equals(Device.cuda(0)), g.device());
    check(
        "round trip",
        Arrays.equals(g.cpu().toFloatArray(), v),
        Arrays.toString(g.cpu().toFloatArray()));
    Tensor gt = x.t().to("cuda");
    check(
        "non-contiguous upload",
        Arrays.equals(gt.cpu().toFloatArray(), x.t().contiguous().toFloatArray()),
        Arrays.toString(gt.cpu().toFloatArray()));

    Tensor filled = Torch.zeros(new long[] {2, 3}, DType.INT64, Device.cuda(0)).fill_(7);
    check(
        "fill kernel (Shape and Operand structs)",
        Arrays.equals(filled.cpu().toLongArray(), new long[] {7, 7, 7, 7, 7, 7}),
        Arrays.toString(filled.cpu().toLongArray()));
    Tensor conv = g.t().to(DType.FLOAT64);
    check(
        "copy kernel (strided, float32 to float64)",
        Arrays.equals(conv.cpu().toDoubleArray(), new double[] {1, 4, 2, 5, 3, 6}),
        Arrays.toString(conv.cpu().toDoubleArray()));
    check("printing", g.toString().contains("device='cuda:0'"), g.toString());

    Tensor a = Torch.randn(4, 6);
    Tensor b = Torch.randn(6, 5);
    float[] want = a.matmul(b).toFloatArray();
    check(
        "matmul via cuBLAS (row major)",
        close(a.to("cuda").matmul(b.to("cuda")).cpu().toFloatArray(), want),
        "");
    check(
        "matmul via cuBLAS (transposed operands)",
        close(
            a.t()
                .contiguous()
                .to("cuda")
                .t()
                .matmul(b.t().contiguous().to("cuda").t())
                .cpu()
                .toFloatArray(),
            want),
        "");
    Tensor ba = Torch.randn(3, 4, 6);
    check(
        "batched matmul with a shared matrix",
        close(ba.to("cuda").matmul(b.to("cuda")).cpu().toFloatArray(), ba.matmul(b).toFloatArray()),
        "");
    Tensor da = a.toDouble();
    check(
        "float64 matmul",
        close(da.to("cuda").matmul(b.toDouble().to("cuda")).cpu().toFloat().toFloatArray(), want),
        "");

    long allocated = Torch.cuda().memoryAllocated();
    check("memoryAllocated counts live tensors", allocated > 0, allocated);
    String err = "";
    try {
      g.exp();
    } catch (CudaException e) {
      err = e.getMessage();
    }
    check(
        "a failed launch names the call and error",
        err.contains("cuLaunchKernel(jt_unary)") && err.contains("CUDA_ERROR_INVALID_IMAGE"),
        err);
    new FakePinnedChecks(CudaRuntime.get().driver().library().lookup()).run();
    System.exit(failures == 0 ? 0 : 1);
  }
}
