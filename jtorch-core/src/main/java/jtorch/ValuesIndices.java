package jtorch;

/**
 * The result of {@code max(dim)} and {@code min(dim)}: the extreme values and their int64
 * positions, as {@code torch.return_types.max}.
 *
 * @param values the largest (or smallest) values
 * @param indices where they are along the reduced dimension
 */
public record ValuesIndices(Tensor values, Tensor indices) {}
