/**
 * Image transforms over tensors, as {@code torchvision.transforms}: {@link
 * jtorch.vision.transforms.ToTensor}, {@link jtorch.vision.transforms.Normalize}, {@link
 * jtorch.vision.transforms.Resize}, {@link jtorch.vision.transforms.RandomCrop}, {@link
 * jtorch.vision.transforms.RandomRotation}, chained by {@link jtorch.vision.transforms.Compose}.
 *
 * <p>Where torchvision passes a PIL image, jtorch passes a uint8 tensor {@code [H, W]} (grayscale,
 * what {@code MNIST.get} gives) or {@code [H, W, C]} (a numpy-style colour image): {@code ToTensor}
 * turns it into float32 {@code [C, H, W]} in [0, 1]. The spatial transforms ({@code Resize}, {@code
 * RandomCrop}, {@code RandomRotation}) follow torchvision's tensor path and act on the last two
 * dimensions {@code [..., H, W]}, so they work on a {@code [H, W]} image before {@code ToTensor}
 * and on {@code [C, H, W]} or {@code [N, C, H, W]} after it.
 *
 * <pre>{@code
 * var t = new Compose(new RandomRotation(10), new ToTensor(), new Normalize(0.1302, 0.3069));
 * Tensor x = t.apply(mnist.data().get(0));   // float32 [1, 28, 28]
 * }</pre>
 */
package jtorch.vision.transforms;
