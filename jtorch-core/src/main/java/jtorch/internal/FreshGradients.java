package jtorch.internal;

/**
 * Marks a graph node whose backward returns only tensors it computed, the gradients it was given,
 * views of those, or tensors that existed before the backward pass began; never one it keeps. A
 * gradient such a node computed can then become a leaf's {@code grad} without a copy once nothing
 * else in the pass holds its storage, as PyTorch's {@code AccumulateGrad} takes a gradient that
 * nothing else references.
 */
public interface FreshGradients {}
