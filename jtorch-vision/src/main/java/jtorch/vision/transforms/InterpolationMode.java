package jtorch.vision.transforms;

/**
 * How resampling transforms compute a pixel, as {@code torchvision.transforms.InterpolationMode}.
 */
public enum InterpolationMode {
  /** The nearest source pixel ({@code "nearest"}). */
  NEAREST("nearest"),
  /** Linear in each direction between the four nearest pixels ({@code "bilinear"}). */
  BILINEAR("bilinear");

  private final String value;

  InterpolationMode(String value) {
    this.value = value;
  }

  /** The name torchvision prints, e.g. {@code bilinear}. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
