/**
 * Keras optimizers with Keras's defaults and update rules, as {@code keras.optimizers}: {@link
 * jtorch.keras.optimizers.SGD} (lr 0.01), {@link jtorch.keras.optimizers.Adam} (lr 0.001, epsilon
 * 1e-7 added before the bias correction), {@link jtorch.keras.optimizers.Adadelta} (lr 0.001, rho
 * 0.95, epsilon 1e-7); {@link jtorch.keras.optimizers.Optimizers#get} by name. Each runs as a
 * {@code jtorch.optim.Optimizer} underneath ({@code asTorch()}). See <a
 * href="https://keras.io/api/optimizers/">Optimizers</a>.
 */
package jtorch.keras.optimizers;
