package jtorch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.Module;
import jtorch.nn.functional.F;
import jtorch.nn.functional.Reduction;
import jtorch.optim.Optimizer;
import jtorch.utils.data.Batch;
import jtorch.utils.data.DataLoader;

/** The tutorial's {@code train} and {@code test} functions: the same loop, the same log lines. */
final class Trainer {
  private final Module model;
  private final Optimizer optimizer;
  private final Device device;
  private final PrintStream out;
  private final Progress progress;
  private final List<Double> batchLosses = new ArrayList<>();

  Trainer(Module model, Optimizer optimizer, Device device, PrintStream out, Progress progress) {
    this.model = model;
    this.optimizer = optimizer;
    this.device = device;
    this.out = out;
    this.progress = progress;
  }

  /** Training losses logged every 10 batches, for the curve. */
  List<Double> loggedLosses() {
    return batchLosses;
  }

  /** One epoch; returns the mean batch loss. */
  double train(DataLoader<?> loader, int epoch) {
    model.train();
    int datasetSize = loader.dataset().size();
    int batches = loader.size();
    double sum = 0;
    int bi = 0;
    progress.start("epoch " + epoch, batches);
    for (Batch b : loader) {
      Tensor x = b.input().to(device, true); // asynchronous from a pinned batch
      Tensor y = b.target().to(device, true);
      optimizer.zeroGrad();
      Tensor loss = F.nllLoss(model.forward(x), y);
      loss.backward();
      optimizer.step();
      double l = loss.item();
      sum += l;
      if (bi % 10 == 0) {
        batchLosses.add(l);
        progress.log(
            out,
            "epoch: "
                + epoch
                + " ["
                + (long) bi * b.size()
                + "/"
                + datasetSize
                + " ("
                + PyFormat.fixed(100.0 * bi / batches, 0)
                + "%)]\t training loss: "
                + PyFormat.fixed(l, 6));
      }
      progress.step(l);
      bi++;
    }
    progress.stop();
    return sum / Math.max(1, bi);
  }

  /** Evaluates on the test set; prints the tutorial's summary and returns {loss, correct}. */
  double[] test(DataLoader<?> loader) {
    model.eval();
    double loss = 0;
    long correct = 0;
    try (var guard = Torch.noGrad()) {
      for (Batch b : loader) {
        Tensor x = b.input().to(device, true);
        Tensor y = b.target().to(device, true);
        Tensor logp = model.forward(x);
        loss += F.nllLoss(logp, y, Reduction.SUM).item();
        Tensor pred = logp.argmax(1, true);
        correct += pred.eq(y.viewAs(pred)).sum().itemLong();
      }
    }
    int n = loader.dataset().size();
    loss /= n;
    out.println();
    out.println(
        "Test dataset: Overall Loss: "
            + PyFormat.fixed(loss, 4)
            + ", Overall Accuracy: "
            + correct
            + "/"
            + n
            + " ("
            + PyFormat.fixed(100.0 * correct / n, 0)
            + "%)");
    out.println();
    return new double[] {loss, correct};
  }
}
