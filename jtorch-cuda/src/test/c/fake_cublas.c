/*
 * A fake libcublas.so.12 for FakeDriverTest: cublas<S,D>gemmStridedBatched computed on the host
 * exactly as cuBLAS documents them (column-major, op N or T, leading dimensions, batch strides),
 * so that jtorch's row-major-to-column-major argument mapping is checked without a GPU.
 */
#include <stdint.h>

#define HANDLE ((void*)0xB1A5)
#define STREAM ((void*)0x5EA)

int cublasCreate_v2(void** h) { *h = HANDLE; return 0; }
int cublasSetStream_v2(void* h, void* s) { return h == HANDLE && s == STREAM ? 0 : 7; }
int cublasDestroy_v2(void* h) { return h == HANDLE ? 0 : 7; }

#define GEMM(NAME, T)                                                                          \
  int NAME(void* h, int ta, int tb, int m, int n, int k, const T* alpha, const T* a, int lda,  \
           long long sa, const T* b, int ldb, long long sb, const T* beta, T* c, int ldc,      \
           long long sc, int batch) {                                                           \
    if (h != HANDLE || m < 0 || n < 0 || k < 0 || ldc < m) return 7;                           \
    if (lda < (ta ? k : m) || ldb < (tb ? n : k)) return 7;                                    \
    for (int p = 0; p < batch; p++)                                                            \
      for (int i = 0; i < m; i++)                                                              \
        for (int j = 0; j < n; j++) {                                                          \
          double acc = 0;                                                                      \
          for (int r = 0; r < k; r++) {                                                        \
            T x = ta ? a[p * sa + r + (long long)i * lda] : a[p * sa + i + (long long)r * lda];  \
            T y = tb ? b[p * sb + j + (long long)r * ldb] : b[p * sb + r + (long long)j * ldb];  \
            acc += (double)x * y;                                                              \
          }                                                                                    \
          T* out = &c[p * sc + i + (long long)j * ldc];                                        \
          *out = (T)(*alpha * acc + (*beta == 0 ? 0 : *beta * *out));                          \
        }                                                                                      \
    return 0;                                                                                  \
  }

GEMM(cublasSgemmStridedBatched, float)
GEMM(cublasDgemmStridedBatched, double)
