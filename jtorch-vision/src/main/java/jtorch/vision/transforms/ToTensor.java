package jtorch.vision.transforms;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.vision.internal.Pixels;

/**
 * Converts an image to a float32 {@code [C, H, W]} tensor, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.transforms.ToTensor.html">{@code
 * torchvision.transforms.ToTensor}</a> does for a PIL image or numpy array.
 *
 * <ul>
 *   <li>uint8 {@code [H, W]} (grayscale, what {@code MNIST.get} passes) becomes {@code [1, H, W]},
 *       uint8 {@code [H, W, C]} becomes {@code [C, H, W]}; values are divided by 255 in float32, so
 *       0..255 maps to [0, 1] exactly as torchvision computes it ({@code x.float().div(255)}).
 *   <li>Other dtypes are only reshaped/permuted, not scaled, as torchvision does for non-uint8
 *       numpy arrays.
 * </ul>
 *
 * <pre>{@code
 * Tensor img = mnist.data().get(0);           // uint8 [28, 28]
 * Tensor x = new ToTensor().apply(img);       // float32 [1, 28, 28], values in [0, 1]
 * }</pre>
 *
 * <p>A 3-d input is read as {@code [H, W, C]} (numpy's layout). A tensor that looks like it is
 * already {@code [C, H, W]} (first dimension 1..4, last one larger) is rejected with a hint, since
 * it would otherwise be scrambled silently.
 */
public final class ToTensor implements Transform {

  /** The conversion; it has no options. */
  public ToTensor() {}

  @Override
  public Tensor apply(Tensor pic) {
    if (pic.dim() != 2 && pic.dim() != 3) {
      throw new IllegalArgumentException(
          "ToTensor: pic should be 2 or 3 dimensional ([H, W] or [H, W, C]). Got "
              + pic.dim()
              + " dimensions, shape "
              + Pixels.shapeString(pic));
    }
    if (pic.dim() == 3 && pic.size(0) <= 4 && pic.size(2) > 4) {
      throw new IllegalArgumentException(
          "ToTensor: expected an image [H, W, C] (channels last, as a numpy array or PIL image),"
              + " but "
              + Pixels.shapeString(pic)
              + " looks like [C, H, W] already; convert it with x.to(DType.FLOAT32).div(255.0)"
              + " instead");
    }
    long h = pic.size(0);
    long w = pic.size(1);
    long c = pic.dim() == 3 ? pic.size(2) : 1;
    if (pic.dtype() != DType.UINT8) {
      Tensor hwc = pic.dim() == 2 ? pic.unsqueeze(2) : pic;
      return hwc.permute(2, 0, 1).contiguous();
    }
    byte[] in = Pixels.toUint8Array(pic);
    float[] out = new float[in.length];
    int plane = Math.toIntExact(h * w);
    int channels = (int) c;
    for (int p = 0; p < plane; p++) {
      for (int ch = 0; ch < channels; ch++) {
        // float32 division by 255, as torchvision's img.to(float32).div(255) on the CPU.
        out[ch * plane + p] = (in[p * channels + ch] & 0xFF) / 255f;
      }
    }
    return Pixels.float32Tensor(out, c, h, w);
  }

  @Override
  public String toString() {
    return "ToTensor()";
  }
}
