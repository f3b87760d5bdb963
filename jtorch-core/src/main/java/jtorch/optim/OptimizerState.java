package jtorch.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Tensor;

/**
 * An optimizer's state dict, as PyTorch's {@code optimizer.state_dict()}: the per-parameter state
 * keyed by the parameter's index (counted across all groups in order), and one options map per
 * parameter group whose {@code "params"} entry lists the indices of its parameters.
 *
 * <pre>{@code
 * OptimizerState saved = opt.stateDict();
 * saved.state().get(0).get("exp_avg");        // Adam's first moment of parameter 0
 * saved.paramGroups().get(0).get("lr");       // 0.001
 * var resumed = new Adam(model.parameters());
 * resumed.loadStateDict(saved);               // continues exactly where opt stopped
 * }</pre>
 *
 * <p>Like PyTorch's, the tensors are the optimizer's live state (not copies): clone them to keep a
 * snapshot while the optimizer keeps stepping. {@link Optimizer#loadStateDict} copies what it
 * loads. See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.state_dict.html">Optimizer.state_dict</a>.
 *
 * @param state per-parameter state: index to (name to tensor), e.g. {@code step}, {@code exp_avg}
 * @param paramGroups per group: option name to value ({@code Double}, {@code Boolean}, {@code
 *     List<Double>}, {@code String}), plus {@code "params"} as a {@code List<Integer>}
 */
public record OptimizerState(
    Map<Integer, Map<String, Tensor>> state, List<Map<String, Object>> paramGroups) {

  /** Copies both levels into unmodifiable maps and lists, keeping their order. */
  public OptimizerState {
    Map<Integer, Map<String, Tensor>> s = new LinkedHashMap<>();
    state.forEach((k, v) -> s.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    state = Collections.unmodifiableMap(s);
    paramGroups =
        paramGroups.stream().map(g -> Collections.unmodifiableMap(new LinkedHashMap<>(g))).toList();
  }
}
