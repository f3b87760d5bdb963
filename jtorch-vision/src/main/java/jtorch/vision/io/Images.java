package jtorch.vision.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.vision.internal.AtomicFiles;
import jtorch.vision.internal.Pixels;

/**
 * Writes tensors as PNG images and reads them back, as torchvision's {@code utils.save_image},
 * {@code utils.make_grid} and {@code io.read_image}.
 *
 * <pre>{@code
 * Tensor digit = test.data().get(0);                          // uint8 [28, 28], a 7
 * Images.savePng(digit, Path.of("seven.png"), 8);             // 224 x 224 pixels
 * Tensor batch = loader.iterator().next().input();            // float [32, 1, 28, 28]
 * Images.saveGrid(batch, Path.of("batch.png"), 8, 2, 4);      // 8 per row, 2 px apart, x4
 * Tensor back = Images.readPng(Path.of("seven.png"));         // uint8 [1, 224, 224]
 * }</pre>
 *
 * <p>Accepted images: {@code [H, W]} or {@code [C, H, W]} with C = 1 (grayscale) or 3 (RGB), either
 * uint8 (written as is) or floating point in [0, 1], converted as torchvision's {@code save_image}
 * does: {@code clamp(x * 255 + 0.5, 0, 255)} truncated to uint8 (so values outside [0, 1] are
 * clamped; undo a {@code Normalize} first to see natural contrast). Files are written atomically: a
 * reader sees the old file or the complete new one.
 */
public final class Images {
  private Images() {}

  /** Writes {@code image} ({@code [H, W]} or {@code [C, H, W]}) as a PNG file. */
  public static void savePng(Tensor image, Path file) throws IOException {
    savePng(image, file, 1);
  }

  /**
   * Writes {@code image} as a PNG, each pixel enlarged to a {@code scale x scale} block (nearest
   * neighbour), so that a 28 x 28 digit is visible: {@code scale = 8} gives 224 x 224.
   */
  public static void savePng(Tensor image, Path file, int scale) throws IOException {
    write(toBufferedImage(image, scale), file);
  }

  /** {@link #saveGrid(Tensor, Path, int, int, int)} with 8 images per row, padding 2, scale 1. */
  public static void saveGrid(Tensor batch, Path file) throws IOException {
    saveGrid(batch, file, 8, 2, 1);
  }

  /**
   * Writes a batch {@code [N, C, H, W]} (or {@code [N, H, W]}) as one PNG: a grid with {@code nrow}
   * images per row and {@code padding} black pixels around each, as {@code
   * torchvision.utils.save_image(batch, file, nrow=nrow, padding=padding)}, then enlarged {@code
   * scale} times. A grayscale batch is written as a grayscale PNG (torchvision writes the same
   * values as RGB).
   */
  public static void saveGrid(Tensor batch, Path file, int nrow, int padding, int scale)
      throws IOException {
    Tensor b = batch.dim() == 3 ? batch.unsqueeze(1) : batch;
    savePng(grid(b, nrow, padding, false), file, scale);
  }

  /**
   * The images of {@code batch [N, C, H, W]} laid out in a grid, as {@code
   * torchvision.utils.make_grid(batch, nrow, padding)}: {@code [C, rows * (H + padding) + padding,
   * nrow * (W + padding) + padding]} with pad value 0, same dtype. As in torchvision, one-channel
   * images come back with 3 (equal) channels, a 2-d or 3-d input is one image, and a single image
   * is returned without padding.
   */
  public static Tensor makeGrid(Tensor batch, int nrow, int padding) {
    Tensor b = batch;
    if (b.dim() == 2) {
      b = b.unsqueeze(0);
    }
    if (b.dim() == 3) {
      b = b.unsqueeze(0);
    }
    return grid(b, nrow, padding, true);
  }

  private static Tensor grid(Tensor b, int nrow, int padding, boolean toRgb) {
    if (b.dim() != 4) {
      throw new IllegalArgumentException(
          "makeGrid: expected a batch [N, C, H, W], got shape " + Pixels.shapeString(b));
    }
    if (nrow <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          "makeGrid: nrow must be positive and padding non-negative, got nrow="
              + nrow
              + ", padding="
              + padding);
    }
    if (toRgb && b.size(1) == 1) {
      b = b.expand(b.size(0), 3, b.size(2), b.size(3));
    }
    int n = (int) b.size(0);
    if (n == 1) {
      return b.get(0).contiguous();
    }
    int c = (int) b.size(1);
    int h = (int) b.size(2);
    int w = (int) b.size(3);
    int xmaps = Math.min(nrow, n);
    int ymaps = (n + xmaps - 1) / xmaps;
    long gh = (long) ymaps * (h + padding) + padding;
    long gw = (long) xmaps * (w + padding) + padding;
    Tensor grid = Torch.zeros(new long[] {c, gh, gw}, b.dtype());
    for (int k = 0; k < n; k++) {
      int y = k / xmaps;
      int x = k % xmaps;
      grid.narrow(1, (long) y * (h + padding) + padding, h)
          .narrow(2, (long) x * (w + padding) + padding, w)
          .copy_(b.get(k));
    }
    return grid;
  }

  /** The image as an AWT image (gray or RGB), each pixel repeated {@code scale x scale} times. */
  static BufferedImage toBufferedImage(Tensor image, int scale) {
    if (scale < 1) {
      throw new IllegalArgumentException("savePng: scale must be >= 1, got " + scale);
    }
    Tensor chw = image.dim() == 2 ? image.unsqueeze(0) : image;
    if (chw.dim() != 3 || (chw.size(0) != 1 && chw.size(0) != 3)) {
      throw new IllegalArgumentException(
          "savePng: expected an image [H, W] or [C, H, W] with C = 1 or 3, got shape "
              + Pixels.shapeString(image)
              + (image.dim() == 4 ? "; for a batch use saveGrid" : ""));
    }
    int c = (int) chw.size(0);
    int h = (int) chw.size(1);
    int w = (int) chw.size(2);
    if ((long) h * scale * w * scale * c > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "savePng: " + h + "x" + w + " scaled " + scale + " times is too large for one image");
    }
    byte[] px = toUint8(chw);
    int sh = h * scale;
    int sw = w * scale;
    BufferedImage img =
        new BufferedImage(
            sw, sh, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    int plane = h * w;
    for (int y = 0; y < sh; y++) {
      int row = (y / scale) * w;
      for (int x = 0; x < sw; x++) {
        int s = row + x / scale;
        int d = (y * sw + x) * c;
        if (c == 1) {
          dst[d] = px[s];
        } else {
          dst[d] = px[2 * plane + s]; // B
          dst[d + 1] = px[plane + s]; // G
          dst[d + 2] = px[s]; // R
        }
      }
    }
    return img;
  }

  /** uint8 as is; floating point as torchvision: {@code clamp(x * 255 + 0.5, 0, 255)} truncated. */
  private static byte[] toUint8(Tensor chw) {
    if (chw.dtype() == DType.UINT8) {
      return Pixels.toUint8Array(chw);
    }
    if (!chw.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "savePng: expected a uint8 image or a floating-point one in [0, 1], got "
              + chw.dtype()
              + "; convert it with .to(DType.UINT8) or .to(DType.FLOAT32).div(255.0)");
    }
    float[] v = Pixels.toFloat32Array(chw);
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      float x = v[i] * 255f + 0.5f;
      out[i] = (byte) (x >= 255f ? 255 : x > 0f ? (int) x : 0); // NaN -> 0
    }
    return out;
  }

  private static void write(BufferedImage img, Path file) throws IOException {
    AtomicFiles.write(
        file,
        ch -> {
          OutputStream out = Channels.newOutputStream(ch);
          if (!ImageIO.write(img, "png", out)) {
            throw new IOException("savePng: no PNG writer available in this JDK");
          }
          out.flush();
        });
  }

  /**
   * Reads a PNG (or any format {@link ImageIO} reads) as a uint8 tensor {@code [C, H, W]}, as
   * {@code torchvision.io.read_image}: C = 1 for grayscale, 2 for grayscale with alpha, 3 for RGB,
   * 4 for RGBA; palette images are expanded to RGB(A), 16-bit samples are scaled to 8 bits.
   */
  public static Tensor readPng(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toAbsolutePath().toString());
    }
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException("readPng: " + file.toAbsolutePath() + " is not a readable image");
    }
    int h = img.getHeight();
    int w = img.getWidth();
    int plane = h * w;
    Raster r = img.getRaster();
    boolean gray =
        !(img.getColorModel() instanceof IndexColorModel)
            && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    if (gray) {
      int c = r.getNumBands();
      byte[] out = new byte[c * plane];
      for (int b = 0; b < c; b++) {
        int max = (1 << img.getColorModel().getComponentSize(b)) - 1;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int s = r.getSample(x, y, b);
            out[b * plane + y * w + x] =
                (byte) (max == 255 ? s : (int) Math.round(s * 255.0 / max));
          }
        }
      }
      return Pixels.uint8Tensor(out, c, h, w);
    }
    boolean alpha = img.getColorModel().hasAlpha();
    int c = alpha ? 4 : 3;
    byte[] out = new byte[c * plane];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = img.getRGB(x, y);
        int i = y * w + x;
        out[i] = (byte) (argb >> 16);
        out[plane + i] = (byte) (argb >> 8);
        out[2 * plane + i] = (byte) argb;
        if (alpha) {
          out[3 * plane + i] = (byte) (argb >>> 24);
        }
      }
    }
    return Pixels.uint8Tensor(out, c, h, w);
  }
}
