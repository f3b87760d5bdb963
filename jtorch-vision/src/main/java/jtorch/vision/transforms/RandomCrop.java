package jtorch.vision.transforms;

import java.util.Objects;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.vision.internal.Pixels;
import jtorch.vision.internal.PyRepr;

/**
 * Crops the last two dimensions {@code [..., H, W]} at a random place, after optional constant
 * padding on all four sides, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.transforms.RandomCrop.html">{@code
 * torchvision.transforms.RandomCrop(size, padding)}</a>.
 *
 * <p>Randomness: the top row is drawn first, then the left column, each as {@code torch.randint(0,
 * n + 1, (1,))} does (a 32-bit draw modulo the range). By default they come from the global
 * generator ({@link Torch#defaultGenerator()}), so after {@code Torch.manualSeed(s)} a
 * single-threaded pipeline crops where PyTorch's would after {@code torch.manual_seed(s)}; pass
 * {@link #generator(Generator)} for a separate stream. With several {@code DataLoader} workers the
 * draws interleave in thread order, so the crop of a given example is not reproducible then.
 *
 * <pre>{@code
 * var crop = new RandomCrop(28, 4).generator(new Generator(0));
 * Tensor x = crop.apply(mnist.data().get(0));   // uint8 [28, 28], shifted by up to 4 pixels
 * System.out.println(crop);                     // RandomCrop(size=(28, 28), padding=4)
 * }</pre>
 *
 * <p>The crop is a view of the (padded) input, as torchvision's slicing. Only {@code
 * padding_mode="constant"} and {@code pad_if_needed=False} are supported.
 */
public final class RandomCrop implements Transform {
  private final int height;
  private final int width;
  private final int padding;
  private final boolean paddingGiven;
  private double fill;
  private Generator generator;

  /** A square {@code size x size} crop without padding. */
  public RandomCrop(int size) {
    this(size, size, 0, false);
  }

  /** A square crop after padding every side with {@code padding} pixels of value 0. */
  public RandomCrop(int size, int padding) {
    this(size, size, padding);
  }

  /** A {@code height x width} crop after padding every side with {@code padding} pixels. */
  public RandomCrop(int height, int width, int padding) {
    this(height, width, padding, true);
  }

  private RandomCrop(int height, int width, int padding, boolean paddingGiven) {
    if (height <= 0 || width <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          "RandomCrop: size must be positive and padding non-negative, got size=("
              + height
              + ", "
              + width
              + "), padding="
              + padding);
    }
    this.height = height;
    this.width = width;
    this.padding = padding;
    this.paddingGiven = paddingGiven;
  }

  /** The value of the padded pixels; default 0. */
  public RandomCrop fill(double fill) {
    this.fill = fill;
    return this;
  }

  /** Draws from {@code generator} instead of the global one. */
  public RandomCrop generator(Generator generator) {
    this.generator = Objects.requireNonNull(generator, "generator");
    return this;
  }

  @Override
  public Tensor apply(Tensor img) {
    if (img.dim() < 2) {
      throw new IllegalArgumentException(
          "RandomCrop: expected an image [..., H, W], got shape " + Pixels.shapeString(img));
    }
    int hd = img.dim() - 2;
    int wd = img.dim() - 1;
    Tensor x = img;
    if (padding > 0) {
      long[] shape = Pixels.shape(img);
      shape[hd] += 2L * padding;
      shape[wd] += 2L * padding;
      x = Torch.full(shape, fill, img.dtype());
      x.narrow(hd, padding, img.size(hd)).narrow(wd, padding, img.size(wd)).copy_(img);
    }
    long h = x.size(hd);
    long w = x.size(wd);
    if (h < height || w < width) {
      throw new IllegalArgumentException(
          "RandomCrop: required crop size ("
              + height
              + ", "
              + width
              + ") is larger than input image size ("
              + h
              + ", "
              + w
              + ")");
    }
    if (h == height && w == width) {
      return x;
    }
    Generator g = generator != null ? generator : Torch.defaultGenerator();
    long i = randint(g, h - height + 1);
    long j = randint(g, w - width + 1);
    return x.narrow(hd, i, height).narrow(wd, j, width);
  }

  /** {@code torch.randint(0, range, (1,)).item()}: a 32-bit draw modulo the range. */
  private static long randint(Generator g, long range) {
    return g.nextUInt32() % range;
  }

  /** As torchvision's repr: {@code RandomCrop(size=(28, 28), padding=4)}. */
  @Override
  public String toString() {
    return "RandomCrop(size=("
        + height
        + ", "
        + width
        + "), padding="
        + (paddingGiven ? Integer.toString(padding) : "None")
        + (fill != 0 ? ", fill=" + PyRepr.intOrFloat(fill) : "")
        + ")";
  }
}
