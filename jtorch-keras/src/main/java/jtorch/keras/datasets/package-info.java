/**
 * Ready-made datasets, as {@code keras.datasets}: {@link jtorch.keras.datasets.Mnist}. See <a
 * href="https://keras.io/api/datasets/">Datasets</a>.
 */
package jtorch.keras.datasets;
