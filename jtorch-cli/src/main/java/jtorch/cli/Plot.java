package jtorch.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws the training curve (loss every 10 batches) and the test accuracy per epoch. */
final class Plot {
  private static final int W = 900;
  private static final int H = 400;
  private static final int PAD = 60;

  private Plot() {}

  static BufferedImage curves(List<Double> losses, List<EpochMetrics> epochs) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int half = W / 2;
    panel(g, 0, half, "training loss (every 10 batches)", losses, new Color(31, 119, 180));
    List<Double> acc = epochs.stream().map(EpochMetrics::accuracy).toList();
    panel(g, half, W, "test accuracy % per epoch", acc, new Color(214, 39, 40));
    g.dispose();
    return img;
  }

  /** A [1, H, W] image in [0, 1], enlarged, with its prediction and label written below. */
  static BufferedImage digit(float[] pixels, int h, int w, long prediction, long truth) {
    int scale = 8;
    int caption = 28;
    BufferedImage img =
        new BufferedImage(w * scale, h * scale + caption, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h * scale; y++) {
      for (int x = 0; x < w * scale; x++) {
        float v = pixels[(y / scale) * w + x / scale];
        int g = Math.round(255 * Math.min(1f, Math.max(0f, v)));
        img.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, h * scale, w * scale, caption);
    g.setColor(prediction == truth ? new Color(0, 110, 0) : new Color(180, 0, 0));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString("prediction " + prediction + ", truth " + truth, 8, h * scale + 19);
    g.dispose();
    return img;
  }

  private static void panel(
      Graphics2D g, int x0, int x1, String title, List<Double> ys, Color color) {
    int left = x0 + PAD;
    int right = x1 - 20;
    int top = 40;
    int bottom = H - PAD;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString(title, left, 25);
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    if (ys.isEmpty()) {
      return;
    }
    double min = ys.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = ys.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    if (max - min < 1e-9) {
      max = min + 1;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(String.format(java.util.Locale.ROOT, "%.3g", max), x0 + 5, top + 5);
    g.drawString(String.format(java.util.Locale.ROOT, "%.3g", min), x0 + 5, bottom);
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    int n = ys.size();
    int px = -1;
    int py = -1;
    for (int i = 0; i < n; i++) {
      int x = n == 1 ? (left + right) / 2 : left + (int) ((long) (right - left) * i / (n - 1));
      int y = bottom - (int) ((bottom - top) * (ys.get(i) - min) / (max - min));
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      g.fillOval(x - 3, y - 3, 6, 6);
      px = x;
      py = y;
    }
  }
}
