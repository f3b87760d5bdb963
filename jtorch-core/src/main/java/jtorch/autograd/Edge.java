package jtorch.autograd;

/**
 * A link from a node to the node that receives the gradient of one of its inputs, as the entries of
 * {@code grad_fn.next_functions}.
 *
 * @param function the receiving node
 * @param inputNr which output of {@code function} the gradient belongs to
 */
public record Edge(Node function, int inputNr) {}
