/**
 * Neural-network building blocks, as {@code torch.nn}: {@link jtorch.nn.Module}, {@link
 * jtorch.nn.Parameter} and the layers.
 */
package jtorch.nn;
