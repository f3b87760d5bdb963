package jtorch.vision.transforms;

import java.util.List;
import java.util.Objects;
import jtorch.Tensor;

/**
 * Applies transforms one after the other, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.transforms.Compose.html">{@code
 * torchvision.transforms.Compose}</a>.
 *
 * <pre>{@code
 * var t = new Compose(new ToTensor(), new Normalize(0.1302, 0.3069));
 * System.out.println(t);
 * // Compose(
 * //     ToTensor()
 * //     Normalize(mean=[0.1302], std=[0.3069])
 * // )
 * }</pre>
 */
public final class Compose implements Transform {
  private final List<Transform> transforms;

  /** The transforms, applied in the order given. */
  public Compose(Transform... transforms) {
    this(List.of(transforms));
  }

  /** The transforms, applied in the order given. */
  public Compose(List<? extends Transform> transforms) {
    for (Transform t : transforms) {
      Objects.requireNonNull(t, "Compose: a transform is null");
    }
    this.transforms = List.copyOf(transforms);
  }

  /** The transforms in order. */
  public List<Transform> transforms() {
    return transforms;
  }

  @Override
  public Tensor apply(Tensor input) {
    Tensor x = input;
    for (Transform t : transforms) {
      x = t.apply(x);
    }
    return x;
  }

  /** As torchvision's repr: one transform per line, indented by four spaces. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Compose(");
    for (Transform t : transforms) {
      sb.append("\n    ").append(t);
    }
    return sb.append("\n)").toString();
  }
}
