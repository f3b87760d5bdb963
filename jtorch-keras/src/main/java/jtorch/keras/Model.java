package jtorch.keras;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.io.SafeTensors;
import jtorch.keras.callbacks.Callback;
import jtorch.keras.callbacks.History;
import jtorch.keras.data.Dataset;
import jtorch.keras.data.Element;
import jtorch.keras.layers.Layer;
import jtorch.keras.losses.Loss;
import jtorch.keras.losses.Losses;
import jtorch.keras.metrics.Metric;
import jtorch.keras.metrics.Metrics;
import jtorch.keras.optimizers.Optimizer;
import jtorch.keras.optimizers.Optimizers;
import jtorch.nn.Module;
import jtorch.nn.Parameter;

/**
 * A trainable model, as {@code keras.Model}: {@link #compile}, {@link #fit}, {@link #evaluate},
 * {@link #predict}, {@link #summary}, weights saving. Subclass it and override {@link #call}, with
 * the layers registered as fields (Keras tracks attributes; in Java {@code register} names them):
 *
 * <pre>{@code
 * class ConvNet extends Model {
 *   final Conv2D conv1 = register("conv1", new Conv2D(16, 3, "relu"));
 *   final Flatten flatten = register("flatten", new Flatten());
 *   final Dense out = register("out", new Dense(10, "softmax"));
 *   @Override public Tensor call(Tensor x) {
 *     return out.forward(flatten.forward(conv1.forward(x)));
 *   }
 * }
 * var model = new ConvNet();
 * model.compile(new Adadelta(0.5), "sparse_categorical_crossentropy", List.of("accuracy"));
 * History h = model.fit(train, 2, test);
 * }</pre>
 *
 * <p>Sublayers are called with {@code forward} (Keras's {@code layer(x)}), which builds them on
 * first use. See {@link Sequential} for a stack of layers, and <a
 * href="https://keras.io/api/models/model/">The Model class</a>.
 */
public abstract class Model extends Layer {
  private Compiled compiled;
  private boolean stopTraining;
  private History history;
  private int building;

  /** A model named after its class ({@code ConvNet} is {@code conv_net}). */
  protected Model() {}

  // ---- building -------------------------------------------------------------------------------

  /**
   * Builds the model for inputs of {@code inputShape} (with the batch dimension, {@code
   * TensorShape.UNKNOWN} allowed), as {@code model.build((None, 28, 28, 1))}. The default runs
   * {@link #call} once on zeros with a batch of one, which builds every layer it uses.
   */
  @Override
  public void build(TensorShape inputShape) {
    if (isBuilt() || building > 0) {
      return;
    }
    building++;
    try {
      buildLayers(inputShape);
    } finally {
      building--;
    }
    markBuilt();
  }

  /** Builds the layers for {@code inputShape}; the default runs {@link #call} on zeros. */
  void buildLayers(TensorShape inputShape) {
    long[] dims = inputShape.toArray();
    for (int i = 0; i < dims.length; i++) {
      dims[i] = dims[i] == TensorShape.UNKNOWN ? 1 : dims[i];
    }
    try (var guard = Torch.noGrad()) {
      call(Torch.zeros(dims, DType.FLOAT32, buildDevice()));
    }
  }

  /** The layers, in the order they were registered (added), as {@code model.layers}. */
  public List<Layer> layers() {
    List<Layer> out = new ArrayList<>();
    for (Module m : children()) {
      if (m instanceof Layer l) {
        out.add(l);
      }
    }
    return out;
  }

  /** The layer named {@code name}, as {@code get_layer(name)}. */
  public Layer getLayer(String name) {
    for (Layer l : layers()) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "No such layer: "
            + name
            + ". Existing layers are: "
            + layers().stream().map(Layer::name).toList());
  }

  /** Where the weights live: the first weight's device, else the scope's, else the CPU. */
  public Device device() {
    List<Parameter> w = weights();
    return w.isEmpty() ? buildDevice() : w.get(0).device();
  }

  // ---- compile --------------------------------------------------------------------------------

  /** Configures training, as {@code compile(optimizer, loss, metrics)}. */
  public void compile(Optimizer optimizer, Loss loss, List<String> metrics) {
    List<Metric> ms = new ArrayList<>();
    for (String m : metrics) {
      ms.add(Metrics.get(m));
    }
    compile(optimizer, loss, ms.toArray(Metric[]::new));
  }

  /** With metric objects. */
  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    if (optimizer == null || loss == null) {
      throw new IllegalArgumentException("compile: optimizer and loss are required");
    }
    List<String> names = new ArrayList<>();
    for (Metric m : metrics) {
      if (names.contains(m.name()) || m.name().equals("loss")) {
        throw new IllegalArgumentException("compile: two metrics are named '" + m.name() + "'");
      }
      names.add(m.name());
    }
    this.compiled = new Compiled(optimizer, loss, List.of(metrics));
  }

  /** With the loss by name ({@code "sparse_categorical_crossentropy"}, {@code "mse"}, ...). */
  public void compile(Optimizer optimizer, String loss, List<String> metrics) {
    compile(optimizer, Losses.get(loss), metrics);
  }

  /** With the optimizer and loss by name ({@code "adam"}, {@code "sgd"}, {@code "adadelta"}). */
  public void compile(String optimizer, String loss, List<String> metrics) {
    compile(Optimizers.get(optimizer), Losses.get(loss), metrics);
  }

  /** Without metrics. */
  public void compile(Optimizer optimizer, String loss) {
    compile(optimizer, Losses.get(loss), List.of());
  }

  /** Without metrics, optimizer and loss by name. */
  public void compile(String optimizer, String loss) {
    compile(Optimizers.get(optimizer), Losses.get(loss), List.of());
  }

  /** The optimizer given to {@code compile}. */
  public Optimizer optimizer() {
    return compiled().optimizer();
  }

  /** The loss given to {@code compile}. */
  public Loss loss() {
    return compiled().loss();
  }

  private Compiled compiled() {
    if (compiled == null) {
      throw new IllegalStateException(
          "You must call `compile()` before using the model (fit, evaluate).");
    }
    return compiled;
  }

  // ---- fit, evaluate, predict -----------------------------------------------------------------

  /** Trains for {@code epochs} over {@code x} (batches of (x, y)), printing a progress bar. */
  public History fit(Dataset x, int epochs) {
    return fit(x, epochs, null, 1);
  }

  /**
   * Trains for {@code epochs} over {@code x}, evaluating {@code validationData} (or null) after
   * each epoch, as {@code fit(x, epochs=..., validation_data=..., callbacks=[...])}. Prints Keras's
   * progress bar; returns the {@link History}.
   */
  public History fit(Dataset x, int epochs, Dataset validationData, Callback... callbacks) {
    return fit(x, epochs, validationData, 1, callbacks);
  }

  /** As above with {@code verbose}: 0 silent, 1 progress bar, 2 one line per epoch. */
  public History fit(
      Dataset x, int epochs, Dataset validationData, int verbose, Callback... callbacks) {
    History h =
        new Trainer(this, compiled())
            .fit(x, epochs, validationData, verbose, Arrays.asList(callbacks));
    this.history = h;
    return h;
  }

  /**
   * Trains on tensors, as {@code fit(x, y, batch_size, epochs)}: the rows are reshuffled every
   * epoch and batched.
   */
  public History fit(Tensor x, Tensor y, int batchSize, int epochs, Callback... callbacks) {
    Dataset data =
        Dataset.fromTensorSlices(x, y).shuffle((int) Math.max(1, x.size(0))).batch(batchSize);
    return fit(data, epochs, null, 1, callbacks);
  }

  /** The history of the last {@code fit}, as {@code model.history}, or null. */
  public History history() {
    return history;
  }

  /**
   * The loss and metrics over {@code x} (batches of (x, y)), as {@code evaluate(x,
   * return_dict=True)}, printing a progress bar: {@code {loss=0.031, accuracy=0.99}}.
   */
  public Map<String, Double> evaluate(Dataset x) {
    return evaluate(x, 1);
  }

  /** As above with {@code verbose} 0 (silent) or 1. */
  public Map<String, Double> evaluate(Dataset x, int verbose) {
    return new Trainer(this, compiled()).evaluate(x, verbose);
  }

  /** The loss and metrics over tensors, in batches of 32, silently. */
  public Map<String, Double> evaluate(Tensor x, Tensor y) {
    return evaluate(Dataset.fromTensorSlices(x, y).batch(32), 0);
  }

  /** The outputs for {@code x}, computed in batches of 32 in inference mode, on the CPU. */
  public Tensor predict(Tensor x) {
    return predict(x, 32);
  }

  /** The outputs for {@code x} in batches of {@code batchSize}. */
  public Tensor predict(Tensor x, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("predict: batch_size must be positive, got " + batchSize);
    }
    List<Tensor> outs = new ArrayList<>();
    try (var guard = Torch.noGrad()) {
      for (long i = 0; i < x.size(0); i += batchSize) {
        Tensor b = x.narrow(0, i, Math.min(batchSize, x.size(0) - i));
        outs.add(forward(b.to(device())).cpu());
      }
    }
    return Torch.cat(outs.toArray(Tensor[]::new), 0);
  }

  /** The outputs for every batch of {@code x} (labels ignored), concatenated. */
  public Tensor predict(Dataset x) {
    List<Tensor> outs = new ArrayList<>();
    try (var guard = Torch.noGrad()) {
      for (Element e : x) {
        outs.add(forward(e.x().to(device())).cpu());
      }
    }
    return Torch.cat(outs.toArray(Tensor[]::new), 0);
  }

  /** Whether training should stop after this epoch (set by {@code EarlyStopping}). */
  public boolean stopTraining() {
    return stopTraining;
  }

  /** Asks {@code fit} to stop after the current epoch, as {@code model.stop_training = True}. */
  public void stopTraining(boolean stop) {
    this.stopTraining = stop;
  }

  // ---- summary and weights --------------------------------------------------------------------

  /** Prints Keras's summary table on standard output. */
  public void summary() {
    summary(System.out::println);
  }

  /** Gives each line of the summary to {@code printFn}, as {@code summary(print_fn=...)}. */
  public void summary(Consumer<String> printFn) {
    if (!isBuilt()) {
      throw new IllegalStateException(
          "This model has not yet been built. Build the model first by calling `build()` or by"
              + " calling the model on a batch of data.");
    }
    Summary.print(this, layers(), printFn);
  }

  /** Copies of the weights in order, as {@code get_weights()}. */
  public List<Tensor> getWeights() {
    List<Tensor> out = new ArrayList<>();
    for (Parameter p : weights()) {
      out.add(p.detach().clone());
    }
    return out;
  }

  /** Overwrites the weights in order, as {@code set_weights(weights)}; shapes must match. */
  public void setWeights(List<Tensor> values) {
    List<Parameter> own = weights();
    if (values.size() != own.size()) {
      throw new IllegalArgumentException(
          "set_weights: model " + name() + " has " + own.size() + " weights, got " + values.size());
    }
    for (int i = 0; i < own.size(); i++) {
      if (!own.get(i).shape().equals(values.get(i).shape())) {
        throw new IllegalArgumentException(
            "set_weights: weight "
                + i
                + " has shape "
                + own.get(i).shape()
                + ", got a value of shape "
                + values.get(i).shape());
      }
    }
    try (var guard = Torch.noGrad()) {
      for (int i = 0; i < own.size(); i++) {
        own.get(i).copy_(values.get(i));
      }
    }
  }

  /**
   * Saves the weights as safetensors ({@code layer.kernel}, {@code layer.bias}, ... in layer
   * order), as {@code save_weights}.
   */
  public void saveWeights(Path file) throws IOException {
    requireBuilt("save");
    SafeTensors.save(stateDict(), file, Map.of("format", "jtorch-keras"));
  }

  /**
   * Loads weights saved by {@link #saveWeights}: by name when the names match, else by position (as
   * Keras loads HDF5 weights, layer after layer), with every shape checked first.
   */
  public void loadWeights(Path file) throws IOException {
    requireBuilt("load");
    Map<String, Tensor> saved = SafeTensors.load(file);
    if (saved.keySet().equals(stateDict().keySet())) {
      loadStateDict(saved);
    } else {
      setWeights(new ArrayList<>(saved.values()));
    }
  }

  private void requireBuilt(String what) {
    if (!isBuilt()) {
      throw new IllegalStateException(
          "Unable to "
              + what
              + " weights: model "
              + name()
              + " has not created its weights yet. Call the model on a batch of data or build()"
              + " it first.");
    }
  }
}
