/**
 * jtorch core: tensors, autograd and the CPU backend.
 *
 * <p>The Vector API ({@code jdk.incubator.vector}) is optional: when the module is present the CPU
 * backend uses it for its hot loops, otherwise a scalar path runs.
 */
module jtorch.core {
  requires static jdk.incubator.vector;

  exports jtorch;
  exports jtorch.autograd;
  exports jtorch.backend;
  exports jtorch.io;
  exports jtorch.nn;
  exports jtorch.nn.functional;
  exports jtorch.nn.init;
  exports jtorch.optim;
  exports jtorch.utils.data;

  uses jtorch.backend.BackendProvider;
}
