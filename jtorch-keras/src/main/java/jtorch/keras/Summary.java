package jtorch.keras;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import jtorch.keras.layers.Layer;
import jtorch.nn.Parameter;

/**
 * Keras 2's {@code model.summary()} table for sequential-like models (line length 65, columns at
 * 45% and 85%), with its wrapping of long cells and a blank line after each layer:
 *
 * <pre>
 * Model: "sequential"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  conv2d (Conv2D)             (None, 26, 26, 16)        160
 * </pre>
 */
final class Summary {
  private static final int LINE = 65;
  private static final int[] POSITIONS = {(int) (LINE * 0.45), (int) (LINE * 0.85), LINE};

  private Summary() {}

  static void print(Model model, List<Layer> layers, Consumer<String> out) {
    out.accept("Model: \"" + model.name() + "\"");
    out.accept("_".repeat(LINE));
    row(out, "Layer (type)", "Output Shape", "Param #");
    out.accept("=".repeat(LINE));
    for (Layer l : layers) {
      String shape = l.outputShape() == null ? "multiple" : l.outputShape().toTupleString();
      String params = l.isBuilt() ? Long.toString(l.countParams()) : "0 (unused)";
      row(out, l.name() + " (" + l.getClass().getSimpleName() + ")", shape, params);
      out.accept(" ".repeat(LINE));
    }
    out.accept("=".repeat(LINE));
    long trainable = 0;
    long frozen = 0;
    for (Parameter p : model.weights()) {
      if (p.requiresGrad()) {
        trainable += p.numel();
      } else {
        frozen += p.numel();
      }
    }
    out.accept(String.format(Locale.ROOT, "Total params: %,d", trainable + frozen));
    out.accept(String.format(Locale.ROOT, "Trainable params: %,d", trainable));
    out.accept(String.format(Locale.ROOT, "Non-trainable params: %,d", frozen));
    out.accept("_".repeat(LINE));
  }

  /** Keras's {@code print_row}: each cell cut to its column, the rest on the next lines. */
  private static void row(Consumer<String> out, String... fields) {
    String[] left = fields.clone();
    while (anyLeft(left)) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < left.length; col++) {
        int start = col > 0 ? POSITIONS[col - 1] : 0;
        int space = col != POSITIONS.length - 1 ? 2 : 0;
        int cutoff = Math.min(POSITIONS[col] - start - space, left[col].length());
        String fit = left[col].substring(0, cutoff);
        int breakAt = -1;
        for (String b : new String[] {"),", "},", "],", "',"}) {
          int i = fit.indexOf(b);
          if (i >= 0 && (breakAt < 0 || i + b.length() < breakAt)) {
            breakAt = i + b.length();
          }
        }
        if (breakAt >= 0) {
          cutoff = breakAt;
          fit = fit.substring(0, cutoff);
        }
        if (col == 0) {
          line.append(' ');
        }
        line.append(fit).append(" ".repeat(space));
        left[col] = left[col].substring(cutoff);
        line.append(" ".repeat(Math.max(0, POSITIONS[col] - line.length())));
      }
      out.accept(line.toString());
    }
  }

  private static boolean anyLeft(String[] cells) {
    for (String c : cells) {
      if (!c.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
