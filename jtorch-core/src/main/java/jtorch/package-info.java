/** Tensors, dtypes, devices and the {@link jtorch.Torch} entry point. */
package jtorch;
