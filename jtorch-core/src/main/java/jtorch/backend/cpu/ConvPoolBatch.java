package jtorch.backend.cpu;

/**
 * A batch's operands of {@link FloatOps#convReluMaxPool2x2Backward}, each a contiguous array from
 * its offset: the gradient of the pooled output, the pooled output and its indices ({@code [n, o,
 * ph, pw]} each), the input and, unless {@code gradInput} is null, its gradient ({@code [n, c, h,
 * wd]} each).
 */
record ConvPoolBatch(
    float[] grad,
    int gradAt,
    float[] pooled,
    int pooledAt,
    long[] indices,
    int indicesAt,
    float[] input,
    int inputAt,
    float[] gradInput,
    int gradInputAt) {}
