import static jtorch.Torch.*;

import jtorch.DType;
import jtorch.Slice;
import jtorch.Tensor;

/**
 * The tensor part of the tutorial jtorch follows, in Java: storage, views, dtypes, broadcasting,
 * autograd, and a linear model trained by hand with the update loop PyTorch users write.
 * Run it with {@code ./jtorch tensors}.
 */
public class Tensors {
  public static void main(String[] args) {
    Tensor points = tensor(new float[] {1, 2, 3, 4, 5});
    System.out.println("points          = " + points);
    System.out.println("points[0]       = " + points.get(0).item());

    Tensor p = tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    System.out.println("p               = " + p.toString().replace("\n", "\n                  "));
    System.out.println("p.shape         = " + p.shape());
    System.out.println("storage bytes   = " + p.untypedStorage().nbytes());
    System.out.println("p[1] offset     = " + p.get(1).storageOffset());
    System.out.println("p.t() stride    = " + java.util.Arrays.toString(p.t().stride()));
    System.out.println("p[:, 1]         = " + p.index(Slice.all(), 1));
    System.out.println("half            = " + tensor(new float[] {0.1f, 2049f}, DType.HALF));

    // A linear layer by hand, as the tutorial writes it before nn.Linear.
    manualSeed(0);
    Tensor x = randn(256, 4);
    Tensor trueW = tensor(new float[][] {{2}, {-3}, {0.5f}, {1}});
    Tensor y = x.matmul(trueW).add(0.7);
    Tensor w = randn(4, 1).div(Math.sqrt(4)).requiresGrad_();
    Tensor b = zeros(1).requiresGrad_();
    double lr = 0.1;
    for (int step = 0; step <= 100; step++) {
      Tensor loss = x.matmul(w).add(b).sub(y).pow(2L).mean();
      loss.backward();
      try (var guard = noGrad()) {
        w.sub_(w.grad().mul(lr));
        b.sub_(b.grad().mul(lr));
        w.grad().zero_();
        b.grad().zero_();
      }
      if (step % 25 == 0) {
        System.out.printf("step %3d  loss %.6f%n", step, loss.item());
      }
    }
    System.out.println("learned w       = " + w.detach().flatten());
    System.out.println("learned b       = " + b.detach());
  }
}
