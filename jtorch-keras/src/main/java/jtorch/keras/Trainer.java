package jtorch.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.callbacks.Callback;
import jtorch.keras.callbacks.History;
import jtorch.keras.callbacks.Progbar;
import jtorch.keras.callbacks.ProgbarLogger;
import jtorch.keras.callbacks.TrainingParams;
import jtorch.keras.data.Dataset;
import jtorch.keras.data.Element;
import jtorch.keras.metrics.Metric;
import jtorch.nn.Parameter;

/**
 * Keras's {@code fit} and {@code evaluate} loops: per batch a train step (forward in training mode,
 * loss, backward, optimizer step) and the running means Keras logs; per epoch the validation pass
 * and the callbacks.
 */
final class Trainer {
  private final Model model;
  private final Compiled compiled;
  private double lossSum;
  private long lossCount;

  Trainer(Model model, Compiled compiled) {
    this.model = model;
    this.compiled = compiled;
  }

  History fit(Dataset data, int epochs, Dataset validation, int verbose, List<Callback> user) {
    if (epochs < 0) {
      throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
    }
    History history = new History();
    List<Callback> all = new ArrayList<>();
    if (verbose != 0 && user.stream().noneMatch(c -> c instanceof ProgbarLogger)) {
      all.add(new ProgbarLogger());
    }
    all.addAll(user);
    all.add(history);
    long steps = data.cardinality();
    TrainingParams params = new TrainingParams(epochs, steps >= 0 ? steps : -1, verbose);
    for (Callback c : all) {
      c.setModel(model);
      c.setParams(params);
    }
    CallbackList callbacks = new CallbackList(all);
    model.stopTraining(false);
    Map<String, Double> logs = new LinkedHashMap<>();
    callbacks.trainBegin(logs);
    for (int epoch = 0; epoch < epochs && !model.stopTraining(); epoch++) {
      reset();
      callbacks.epochBegin(epoch, new LinkedHashMap<>());
      int batches = trainEpoch(data, callbacks);
      if (batches == 0) {
        throw new IllegalStateException(
            "fit: the training dataset yielded no batches (cardinality "
                + data.cardinality()
                + "); check take()/batch(dropRemainder)");
      }
      Map<String, Double> epochLogs = results();
      if (validation != null) {
        evaluate(validation, 0).forEach((k, v) -> epochLogs.put("val_" + k, v));
      }
      callbacks.epochEnd(epoch, epochLogs);
      logs = epochLogs;
    }
    callbacks.trainEnd(logs);
    return history;
  }

  private int trainEpoch(Dataset data, CallbackList callbacks) {
    Device device = model.device();
    int batch = 0;
    model.train(true);
    try {
      for (Element e : data) {
        callbacks.batchBegin(batch, new LinkedHashMap<>());
        trainStep(e.x().to(device), label(e).to(device));
        callbacks.batchEnd(batch, results());
        batch++;
      }
    } finally {
      model.train(false);
    }
    return batch;
  }

  private void trainStep(Tensor x, Tensor y) {
    model.zeroGrad();
    Tensor pred = model.forward(x);
    Tensor loss = compiled.loss().compute(y, pred);
    List<Parameter> vars = model.trainableWeights();
    if (loss.requiresGrad() && !vars.isEmpty()) {
      loss.backward();
      compiled.optimizer().applyGradients(vars);
    }
    track(loss.item(), x.size(0), y, pred);
  }

  Map<String, Double> evaluate(Dataset data, int verbose) {
    reset();
    Device device = model.device();
    long steps = data.cardinality();
    Progbar bar =
        verbose == 0 ? null : new Progbar(steps, verbose, System.out, Progbar.onTerminal());
    long seen = 0;
    try (var guard = Torch.noGrad()) {
      for (Element e : data) {
        Tensor x = e.x().to(device);
        Tensor y = label(e).to(device);
        Tensor pred = model.forward(x);
        track(compiled.loss().compute(y, pred).item(), x.size(0), y, pred);
        seen++;
        if (bar != null) {
          bar.update(seen, results(), false);
        }
      }
    }
    if (seen == 0) {
      throw new IllegalStateException("evaluate: the dataset yielded no batches");
    }
    if (bar != null) {
      bar.update(seen, results(), true);
    }
    return results();
  }

  private static Tensor label(Element e) {
    if (e.y() == null) {
      throw new IllegalArgumentException(
          "fit/evaluate need labelled data: build the dataset with fromTensorSlices(x, y)");
    }
    return e.y();
  }

  private void reset() {
    lossSum = 0;
    lossCount = 0;
    for (Metric m : compiled.metrics()) {
      m.resetState();
    }
  }

  /** Keras's loss tracker (a mean weighted by batch size) and the metrics. */
  private void track(double loss, long batchSize, Tensor y, Tensor pred) {
    lossSum += loss * batchSize;
    lossCount += batchSize;
    for (Metric m : compiled.metrics()) {
      m.updateState(y, pred.detach());
    }
  }

  private Map<String, Double> results() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("loss", lossCount == 0 ? 0 : lossSum / lossCount);
    for (Metric m : compiled.metrics()) {
      out.put(m.name(), m.result());
    }
    return out;
  }
}
