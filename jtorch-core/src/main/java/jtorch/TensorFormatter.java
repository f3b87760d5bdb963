package jtorch;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints tensors exactly as PyTorch's {@code repr(tensor)} does ({@code torch/_tensor_str.py} with
 * the default print options: precision 4, threshold 1000, edgeitems 3, linewidth 80).
 *
 * <p>Elements share one width and style (see {@link ElementFormatter}); rows wrap at 80 columns
 * with continuation lines indented under the first element; dimensions nest with one newline
 * between rows and a blank line per extra dimension between blocks. Tensors with more than 1000
 * elements are summarized to the first and last 3 entries of each longer dimension, and only the
 * shown elements choose the style. Suffixes follow for the device (non-CPU), the size (empty
 * tensors not 1-D), the dtype (when not float32, int64 or bool; for empty tensors when not
 * float32), and {@code grad_fn} or {@code requires_grad}:
 *
 * <pre>
 * tensor([[ 1.5410, -0.2934, -2.1788],
 *         [ 0.5684, -1.0845, -1.3986]], requires_grad=True)
 * tensor([1.0000e-05, 2.5000e+00], dtype=torch.float64, grad_fn=&lt;MulBackward0&gt;)
 * tensor([   0,    1,    2,  ...,  998,  999, 1000])
 * tensor([ True, False])
 * tensor([], size=(0, 3))
 * </pre>
 */
final class TensorFormatter {
  /** Elements beyond which a tensor is summarized, as {@code threshold}. */
  static final int THRESHOLD = 1000;

  /** Entries kept at each end of a summarized dimension, as {@code edgeitems}. */
  static final int EDGE_ITEMS = 3;

  /** Characters per line, as {@code linewidth}. */
  static final int LINE_WIDTH = 80;

  private static final String PREFIX = "tensor(";

  private TensorFormatter() {}

  static String format(Tensor t) {
    List<String> suffixes = new ArrayList<>();
    if (!t.device().isCpu()) {
      suffixes.add("device='" + t.device() + "'");
    }
    String body;
    if (t.numel() == 0) {
      if (t.dim() != 1) {
        suffixes.add("size=" + tuple(t.shapeArray()));
      }
      if (t.dtype() != DType.FLOAT32) {
        suffixes.add("dtype=" + t.dtype());
      }
      body = "[]";
    } else {
      if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.INT64 && t.dtype() != DType.BOOL) {
        suffixes.add("dtype=" + t.dtype());
      }
      body = body(t.detach());
    }
    if (t.gradFn() != null) {
      suffixes.add("grad_fn=<" + t.gradFn().name() + ">");
    } else if (t.requiresGrad()) {
      suffixes.add("requires_grad=True");
    }
    return withSuffixes(PREFIX + body, suffixes);
  }

  /** The nested brackets of a non-empty tensor, after the prefix. */
  private static String body(Tensor t) {
    long[] sizes = t.shapeArray();
    boolean[] cut = new boolean[sizes.length];
    Tensor shown = t;
    if (t.numel() > THRESHOLD) {
      for (int d = 0; d < sizes.length; d++) {
        cut[d] = sizes[d] > 2 * EDGE_ITEMS;
        if (cut[d]) {
          shown = edges(shown, d);
        }
      }
    }
    return new Layout(ElementFormatter.format(shown), shown.shapeArray(), cut)
        .block(0, 0, PREFIX.length());
  }

  /** The first and last {@link #EDGE_ITEMS} entries along {@code dim}. */
  private static Tensor edges(Tensor t, int dim) {
    long n = t.size(dim);
    return Torch.cat(
        new Tensor[] {t.narrow(dim, 0, EDGE_ITEMS), t.narrow(dim, n - EDGE_ITEMS, EDGE_ITEMS)},
        dim);
  }

  /** Formats the shown elements into nested, wrapped lines. */
  private static final class Layout {
    private final ElementFormatter.Cells cells;
    private final long[] sizes;
    private final boolean[] cut;
    private final long[] strides;

    Layout(ElementFormatter.Cells cells, long[] sizes, boolean[] cut) {
      this.cells = cells;
      this.sizes = sizes;
      this.cut = cut;
      this.strides = Shapes.contiguousStrides(sizes);
    }

    /** Dimensions {@code dim..} of the elements starting at {@code offset}, at {@code indent}. */
    String block(int dim, long offset, int indent) {
      if (dim == sizes.length) {
        return cell(offset);
      }
      if (dim == sizes.length - 1) {
        return vector(offset, indent);
      }
      List<String> slices = new ArrayList<>();
      for (int i = 0; i < sizes[dim]; i++) {
        if (cut[dim] && i == EDGE_ITEMS) {
          slices.add("...");
        }
        slices.add(block(dim + 1, offset + i * strides[dim], indent + 1));
      }
      String separator = "," + "\n".repeat(sizes.length - dim - 1) + " ".repeat(indent + 1);
      return "[" + String.join(separator, slices) + "]";
    }

    /** The last dimension, as many elements per line as fit in the line width. */
    private String vector(long offset, int indent) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < sizes[sizes.length - 1]; i++) {
        if (cut[sizes.length - 1] && i == EDGE_ITEMS) {
          items.add(" ...");
        }
        items.add(cell(offset + i));
      }
      int perLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, cells.width() + 2));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < items.size(); i += perLine) {
        lines.add(String.join(", ", items.subList(i, Math.min(items.size(), i + perLine))));
      }
      return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }

    private String cell(long index) {
      return cells.text()[Math.toIntExact(index)];
    }
  }

  /**
   * Appends {@code , suffix} to the text, starting a new line indented under the first element when
   * the suffix would pass the line width. As in {@code _add_suffixes}, the last line counts two
   * characters more than it has.
   */
  private static String withSuffixes(String text, List<String> suffixes) {
    StringBuilder sb = new StringBuilder(text);
    int lastLine = text.length() - text.lastIndexOf('\n') + 1;
    for (String suffix : suffixes) {
      if (lastLine + suffix.length() + 2 > LINE_WIDTH) {
        sb.append(",\n").append(" ".repeat(PREFIX.length())).append(suffix);
        lastLine = PREFIX.length() + suffix.length();
      } else {
        sb.append(", ").append(suffix);
        lastLine += suffix.length() + 2;
      }
    }
    return sb.append(')').toString();
  }

  /** A shape as a Python tuple: {@code (0, 3)}, {@code (0,)}. */
  private static String tuple(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }
}
