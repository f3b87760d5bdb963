package jtorch.bench;

import static org.bytedeco.pytorch.global.torch.conv2d;
import static org.bytedeco.pytorch.global.torch.dropout;
import static org.bytedeco.pytorch.global.torch.linear;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.nll_loss;
import static org.bytedeco.pytorch.global.torch.rand;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The tutorial's ConvNet ({@link TutorialNet}) in libtorch through JavaCPP's {@code
 * org.bytedeco.pytorch}, written with functional calls on its own parameter tensors (PyTorch's
 * default initialisation: weights and biases uniform in ±1/sqrt(fan_in)), and Adadelta, which
 * libtorch's C++ optim lacks, written with in-place tensor ops exactly as {@code
 * torch.optim.Adadelta}'s single-tensor loop does.
 *
 * <p>Tensors returned by libtorch are native objects; callers free them by running each step inside
 * a {@code org.bytedeco.javacpp.PointerScope}.
 */
final class LibtorchNet {
  private static final long[] ONE = {1, 1};
  private static final long[] ZERO = {0, 0};
  private static final long[] TWO = {2, 2};

  final Tensor w1 = uniform(1 * 9, 16, 1, 3, 3);
  final Tensor b1 = uniform(1 * 9, 16);
  final Tensor w2 = uniform(16 * 9, 32, 16, 3, 3);
  final Tensor b2 = uniform(16 * 9, 32);
  final Tensor w3 = uniform(4608, 64, 4608);
  final Tensor b3 = uniform(4608, 64);
  final Tensor w4 = uniform(64, 10, 64);
  final Tensor b4 = uniform(64, 10);
  final List<Tensor> params = List.of(w1, b1, w2, b2, w3, b3, w4, b4);
  private final Adadelta opt;

  /** A freshly initialised network (seed with {@code torch.manual_seed} first). */
  LibtorchNet(double lr) {
    params.forEach(p -> p.set_requires_grad(true));
    opt = new Adadelta(params, lr, 0.9, 1e-6);
  }

  private static Tensor uniform(long fanIn, long... shape) {
    double bound = 1 / Math.sqrt(fanIn);
    try (var g = new NoGradGuard()) {
      return rand(shape).mul_(new Scalar(2 * bound)).sub_(new Scalar(bound));
    }
  }

  /** Log-probabilities [N, 10] of images [N, 1, 28, 28]; dropout only when training. */
  Tensor forward(Tensor x, boolean training) {
    x = conv(x, w1, b1).relu();
    x = conv(x, w2, b2).relu();
    x = max_pool2d(x, TWO, TWO, ZERO, ONE, false);
    x = dropout(x, 0.10, training);
    x = x.flatten(1, -1);
    x = linear(x, w3, new TensorOptional(b3)).relu();
    x = dropout(x, 0.25, training);
    x = linear(x, w4, new TensorOptional(b4));
    return x.log_softmax(1);
  }

  static Tensor conv(Tensor x, Tensor w, Tensor b) {
    return conv2d(x, w, new TensorOptional(b), ONE, ZERO, ONE, 1);
  }

  /** One training step as the tutorial's loop: zero_grad, forward, nll_loss, backward, step. */
  double trainStep(Tensor x, Tensor y) {
    opt.zeroGrad();
    Tensor loss = nll_loss(forward(x, true), y);
    loss.backward();
    opt.step();
    return loss.item_double();
  }

  /** torch.optim.Adadelta (no weight decay, not maximising), one tensor at a time. */
  static final class Adadelta {
    private final List<Tensor> params;
    private final List<Tensor> squareAvg;
    private final List<Tensor> accDelta;
    private final Scalar rho;
    private final Scalar oneMinusRho;
    private final Scalar eps;
    private final Scalar minusLr;

    Adadelta(List<Tensor> params, double lr, double rho, double eps) {
      this.params = params;
      this.squareAvg = params.stream().map(torch::zeros_like).toList();
      this.accDelta = params.stream().map(torch::zeros_like).toList();
      this.rho = new Scalar(rho);
      this.oneMinusRho = new Scalar(1 - rho);
      this.eps = new Scalar(eps);
      this.minusLr = new Scalar(-lr);
    }

    /** Sets every gradient to none, as {@code zero_grad(set_to_none=True)}. */
    void zeroGrad() {
      for (Tensor p : params) {
        p.mutable_grad().reset();
      }
    }

    /**
     * square_avg = rho square_avg + (1 - rho) g^2; std = sqrt(square_avg + eps); delta =
     * sqrt(acc_delta + eps) / std * g; acc_delta = rho acc_delta + (1 - rho) delta^2; p -= lr
     * delta.
     */
    void step() {
      try (var guard = new NoGradGuard()) {
        for (int i = 0; i < params.size(); i++) {
          Tensor p = params.get(i);
          Tensor g = p.grad();
          Tensor sq = squareAvg.get(i);
          Tensor acc = accDelta.get(i);
          sq.mul_(rho).addcmul_(g, g, oneMinusRho);
          Tensor std = sq.add(eps).sqrt_();
          Tensor delta = acc.add(eps).sqrt_().div_(std).mul_(g);
          acc.mul_(rho).addcmul_(delta, delta, oneMinusRho);
          p.add_(delta, minusLr);
        }
      }
    }
  }

  /**
   * Loads libtorch, sets its thread count and returns what it reports about itself. Its bundled
   * OpenBLAS is left one thread ({@link #blasThreads}): OpenBLAS keeps a pthread pool of its own
   * beside libtorch's OpenMP threads, and on two cores the two pools' spinning workers take turns
   * (50 ms a training step instead of 8; PyTorch's usual advice for such builds is
   * OPENBLAS_NUM_THREADS=1).
   */
  static String init(int threads) {
    Loader.load(torch.class);
    torch.set_num_threads(threads);
    blasThreads(1);
    String config = torch.show_config().getString();
    String version = config.replaceAll("(?s).*TORCH_VERSION=([^,\\s]+).*", "$1");
    return String.format(
        Locale.ROOT,
        "libtorch %s (org.bytedeco:pytorch), %d threads, MKL %s, oneDNN %s%n%s%n%s",
        version.equals(config) ? "?" : version,
        torch.get_num_threads(),
        torch.hasMKL(),
        torch.hasMKLDNN(),
        config.strip(),
        torch.get_parallel_info().getString().strip());
  }

  /**
   * Sets the thread count of libtorch's bundled OpenBLAS ({@code openblas_set_num_threads}, called
   * through FFM: JavaCPP's OpenBLAS presets do not map it).
   */
  @SuppressWarnings("restricted")
  static void blasThreads(int n) {
    String lib = Loader.load(openblas_nolapack.class);
    MemorySegment f =
        SymbolLookup.libraryLookup(Path.of(lib), Arena.global())
            .find("openblas_set_num_threads")
            .orElseThrow(() -> new IllegalStateException("openblas_set_num_threads not in " + lib));
    try {
      Linker.nativeLinker()
          .downcallHandle(f, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT))
          .invokeExact(n);
    } catch (Throwable e) {
      throw new IllegalStateException("openblas_set_num_threads(" + n + ") failed", e);
    }
  }
}
