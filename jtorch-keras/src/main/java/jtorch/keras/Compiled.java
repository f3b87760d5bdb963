package jtorch.keras;

import java.util.List;
import jtorch.keras.losses.Loss;
import jtorch.keras.metrics.Metric;
import jtorch.keras.optimizers.Optimizer;

/** What {@code compile} fixed: the optimizer, the loss and the metrics, in order. */
record Compiled(Optimizer optimizer, Loss loss, List<Metric> metrics) {}
