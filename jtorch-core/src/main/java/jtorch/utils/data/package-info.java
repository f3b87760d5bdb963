/**
 * Datasets and batching, as {@code torch.utils.data}: {@link jtorch.utils.data.Dataset}, {@link
 * jtorch.utils.data.TensorDataset} and {@link jtorch.utils.data.DataLoader}.
 */
package jtorch.utils.data;
