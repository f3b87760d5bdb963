/**
 * Keras metrics, as {@code keras.metrics}: the accuracies on {@link
 * jtorch.keras.metrics.MeanMetricWrapper}, and {@link jtorch.keras.metrics.Metrics#get} which
 * resolves {@code "accuracy"} the way {@code compile} does. See <a
 * href="https://keras.io/api/metrics/">Metrics</a>.
 */
package jtorch.keras.metrics;
