package jtorch.utils.data;

import jtorch.Tensor;

/**
 * One example: an input and its target, as PyTorch's {@code (x, y)} tuples and the C++ front end's
 * {@code torch::data::Example}.
 *
 * @param data the input, e.g. an image [1, 28, 28]
 * @param target the label, e.g. a 0-d int64 tensor
 */
public record Example(Tensor data, Tensor target) {}
