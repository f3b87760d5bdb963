/**
 * Layers as functions, and the losses, as {@code torch.nn.functional}: see {@link
 * jtorch.nn.functional.F}.
 */
package jtorch.nn.functional;
