/**
 * jtorch vision, as torchvision: datasets ({@code MNIST}, {@code FashionMNIST}) with MD5-checked
 * downloads that fall back across mirrors, image transforms over tensors, and PNG input/output.
 *
 * <pre>{@code
 * var train = new MNIST("./data", true, true,
 *     new Compose(new ToTensor(), new Normalize(0.1302, 0.3069)));
 * Images.savePng(train.data().get(0), Path.of("digit.png"), 8);
 * }</pre>
 */
module jtorch.vision {
  requires transitive jtorch.core;
  requires java.net.http;
  requires java.desktop;

  exports jtorch.vision.datasets;
  exports jtorch.vision.transforms;
  exports jtorch.vision.io;
}
