package jtorch.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the benchmark report's chart (a PNG, with Java2D, headless): one row per case, a bar per
 * comparison, the time ratio jtorch / other on a log scale centred on 1 (left of the line: jtorch
 * faster). report.py writes the rows as a tab-separated file and runs this class.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp benchmarks.jar jtorch.bench.RatioChart rows.tsv chart.png
 * </pre>
 *
 * <p>The file's first line names the series ({@code case<TAB>series 1<TAB>series 2...}); each other
 * line is a case label and its ratios ({@code -} where missing).
 */
public final class RatioChart {
  private static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
  };
  private static final int ROW = 22;
  private static final int LEFT = 270;
  private static final int PLOT = 560;
  private static final double MIN = 1 / 64.0;
  private static final double MAX = 64;

  private RatioChart() {}

  /**
   * Reads the rows and writes the PNG.
   *
   * @param args the tab-separated input and the PNG to write
   * @throws IOException if either file fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: RatioChart rows.tsv chart.png");
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    String[] series = lines.getFirst().split("\t");
    List<String[]> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      if (!l.isBlank()) {
        rows.add(l.split("\t"));
      }
    }
    int nSeries = series.length - 1;
    int top = 40 + 18 * nSeries;
    int height = top + rows.size() * ROW + 40;
    int width = LEFT + PLOT + 30;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString("Time ratio jtorch / other (log scale; < 1: jtorch faster)", 10, 18);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int s = 0; s < nSeries; s++) {
      g.setColor(COLORS[s % COLORS.length]);
      g.fillRect(10, 28 + 18 * s, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(series[s + 1], 28, 39 + 18 * s);
    }
    // Grid: powers of two.
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double v = MIN; v <= MAX * 1.0001; v *= 2) {
      int x = xOf(v);
      g.setColor(v == 1 ? Color.BLACK : new Color(0xdddddd));
      g.setStroke(new BasicStroke(v == 1 ? 1.5f : 1f));
      g.drawLine(x, top - 4, x, top + rows.size() * ROW);
      g.setColor(Color.DARK_GRAY);
      String label = v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : "1/" + Math.round(1 / v);
      g.drawString(
          label, x - g.getFontMetrics().stringWidth(label) / 2, top + rows.size() * ROW + 16);
    }
    int bar = Math.max(3, (ROW - 6) / Math.max(1, nSeries));
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      int y = top + r * ROW;
      g.setColor(Color.BLACK);
      g.drawString(row[0], 10, y + ROW / 2 + 4);
      for (int s = 0; s < nSeries && s + 1 < row.length; s++) {
        double v;
        try {
          v = Double.parseDouble(row[s + 1]);
        } catch (NumberFormatException e) {
          continue;
        }
        if (!(v > 0)) {
          continue;
        }
        int x1 = xOf(Math.clamp(v, MIN, MAX));
        int x0 = xOf(1);
        g.setColor(COLORS[s % COLORS.length]);
        g.fillRect(Math.min(x0, x1), y + 3 + s * bar, Math.max(1, Math.abs(x1 - x0)), bar - 1);
      }
    }
    g.dispose();
    File out = new File(args[1]);
    if (out.getAbsoluteFile().getParentFile() != null) {
      Files.createDirectories(out.getAbsoluteFile().getParentFile().toPath());
    }
    ImageIO.write(img, "png", out);
  }

  private static int xOf(double v) {
    double f = (Math.log(v) - Math.log(MIN)) / (Math.log(MAX) - Math.log(MIN));
    return LEFT + (int) Math.round(f * PLOT);
  }
}
