package jtorch.vision.datasets;

import java.io.IOException;
import java.nio.file.Path;
import jtorch.vision.transforms.Transform;

/**
 * Zalando's Fashion-MNIST, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.datasets.FashionMNIST.html">{@code
 * torchvision.datasets.FashionMNIST}</a>: 60,000 training and 10,000 test images of clothing, 28 x
 * 28 gray pixels, 10 classes ({@code "T-shirt/top"} ... {@code "Ankle boot"}). It works exactly as
 * {@link MNIST}, with its files in {@code root/FashionMNIST/raw/} and torchvision's mirror ({@code
 * http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/}) and MD5s.
 *
 * <pre>{@code
 * var train = new FashionMNIST("./data", true, true, new ToTensor());
 * train.classes().get((int) train.get(0).target().itemLong());   // "Ankle boot"
 * }</pre>
 */
public class FashionMNIST extends MNIST {

  /** As {@link MNIST#MNIST(String, boolean, boolean, Transform)}. */
  public FashionMNIST(String root, boolean train, boolean download, Transform transform)
      throws IOException {
    this(Path.of(root), train, download, transform);
  }

  /** As {@link MNIST#MNIST(Path, boolean, boolean, Transform)}. */
  public FashionMNIST(Path root, boolean train, boolean download, Transform transform)
      throws IOException {
    this(root, train, download, transform, DownloadOptions.defaults());
  }

  /** As {@link MNIST#MNIST(Path, boolean, boolean, Transform, DownloadOptions)}. */
  public FashionMNIST(
      Path root, boolean train, boolean download, Transform transform, DownloadOptions options)
      throws IOException {
    super(DatasetSpec.FASHION_MNIST, root, train, download, transform, options);
  }
}
