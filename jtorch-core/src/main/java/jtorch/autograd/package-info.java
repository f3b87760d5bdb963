/**
 * Automatic differentiation: the graph {@link jtorch.autograd.Node}s recorded as ops run, grad-mode
 * scopes, user-defined differentiable {@link jtorch.autograd.Function}s and {@link
 * jtorch.autograd.GradCheck}.
 */
package jtorch.autograd;
