// jtorch's CUDA kernels, compiled at build time by `nvcc --ptx` into jtorch/cuda/kernels.ptx and
// loaded by the driver at run time. Every entry point is extern "C" with a jt_ name that the Java
// side (jtorch.cuda.Kernel) launches; KernelNamesTest checks that each one is in the PTX.
#include "elementwise.cuh"
#include "reduce.cuh"
#include "windows.cuh"
#include "indexing.cuh"
#include "matmul.cuh"
#include "random.cuh"
#include "optim.cuh"
