package jtorch.backend.cpu;

/**
 * A float32 matrix inside a Java array: element {@code (i, j)} is {@code data[offset + i *
 * rowStride + j * colStride]}. Lets the matrix-product kernels read transposed and broadcast
 * (stride 0) operands where they lie, packing them as they go, instead of copying them to row-major
 * first.
 */
record FloatMatrix(float[] data, int offset, int rowStride, int colStride) {

  /** Element {@code (i, j)}. */
  float get(int i, int j) {
    return data[offset + i * rowStride + j * colStride];
  }
}
