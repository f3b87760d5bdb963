/*
 * A fake libcuda.so.1 for FakeDriverTest: the CUDA driver API calls jtorch-cuda binds, with
 * "device" memory in host memory, so that the Java bindings, struct packing, copies and the
 * allocator run end to end on a machine without a GPU. cuLaunchKernel emulates jt_fill and
 * jt_copy (the structs Shape and Operand as common.cuh declares them) and fails for any other
 * kernel. Every handle is checked, so a wrong argument order shows as an error.
 *
 * The stream runs each call at once, except while fake_hold(1) is in effect: host-to-device copies
 * are then queued, and run (in order) at fake_hold(0), at cuStreamSynchronize or before any other
 * stream call, so that tests can observe a copy that has not happened yet. Events record how many
 * copies had been queued and are done once that many have run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
#define CTX ((void*)0xC0FFEE)
#define STREAM ((void*)0x5EA)
#define MODULE ((void*)0x30D)
#define BAD 1 /* CUDA_ERROR_INVALID_VALUE */

static int launches;
static char last_kernel[64];
static int64_t live_allocations;
static int64_t live_host_allocations;
static int64_t htod_copies;
static int64_t stream_syncs;

#define MAX_QUEUED 64
typedef struct { uint64_t dst; const void* src; size_t n; } Copy;
static Copy queued[MAX_QUEUED];
static int64_t copies_queued, copies_run; /* totals; queued[i % MAX_QUEUED] for run <= i < queued */
static int holding;

int fake_launches(void) { return launches; }
const char* fake_last_kernel(void) { return last_kernel; }
int64_t fake_live_allocations(void) { return live_allocations; }
int64_t fake_live_host_allocations(void) { return live_host_allocations; }
int64_t fake_htod_copies(void) { return htod_copies; }
int64_t fake_stream_syncs(void) { return stream_syncs; }
int64_t fake_copies_pending(void) { return copies_queued - copies_run; }

/* Runs the queued copies, as the GPU would reach them. */
static void drain(void) {
  for (; copies_run < copies_queued; copies_run++) {
    const Copy* c = &queued[copies_run % MAX_QUEUED];
    memcpy((void*)(uintptr_t)c->dst, c->src, c->n);
  }
}
void fake_hold(int on) {
  holding = on;
  if (!on) drain();
}

CUresult cuInit(unsigned flags) { return flags == 0 ? 0 : BAD; }
CUresult cuDriverGetVersion(int* v) { *v = 12040; return 0; }
CUresult cuDeviceGetCount(int* n) { *n = 1; return 0; }
CUresult cuDeviceGet(int* dev, int ordinal) { if (ordinal != 0) return 101; *dev = 0; return 0; }
CUresult cuDeviceGetName(char* name, int len, int dev) {
  if (dev != 0 || len < 32) return BAD;
  strcpy(name, "jtorch fake GPU");
  return 0;
}
CUresult cuDeviceGetAttribute(int* v, int attr, int dev) {
  if (dev != 0) return BAD;
  if (attr == 75) { *v = 9; return 0; }
  if (attr == 76) { *v = 0; return 0; }
  return BAD;
}
CUresult cuDeviceTotalMem_v2(size_t* bytes, int dev) { *bytes = (size_t)1 << 30; return dev == 0 ? 0 : BAD; }
CUresult cuDevicePrimaryCtxRetain(void** ctx, int dev) { *ctx = CTX; return dev == 0 ? 0 : BAD; }
CUresult cuCtxSetCurrent(void* ctx) { return ctx == CTX ? 0 : 201; }
CUresult cuMemAlloc_v2(uint64_t* p, size_t bytes) {
  if (bytes == 0) return BAD;
  void* m = aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!m) return 2;
  memset(m, 0xAB, bytes); /* not zero: jtorch must clear it */
  *p = (uint64_t)(uintptr_t)m;
  live_allocations++;
  return 0;
}
CUresult cuMemFree_v2(uint64_t p) { free((void*)(uintptr_t)p); live_allocations--; return 0; }
CUresult cuMemcpyHtoDAsync_v2(uint64_t dst, const void* src, size_t n, void* s) {
  if (s != STREAM) return 400;
  htod_copies++;
  if (copies_queued - copies_run == MAX_QUEUED) drain();
  queued[copies_queued++ % MAX_QUEUED] = (Copy){dst, src, n};
  if (!holding) drain();
  return 0;
}
CUresult cuMemcpyDtoHAsync_v2(void* dst, uint64_t src, size_t n, void* s) {
  if (s != STREAM) return 400;
  drain();
  memcpy(dst, (const void*)(uintptr_t)src, n);
  return 0;
}
CUresult cuMemcpyDtoDAsync_v2(uint64_t dst, uint64_t src, size_t n, void* s) {
  if (s != STREAM) return 400;
  drain();
  memmove((void*)(uintptr_t)dst, (const void*)(uintptr_t)src, n);
  return 0;
}
CUresult cuMemsetD8Async(uint64_t dst, unsigned char v, size_t n, void* s) {
  if (s != STREAM) return 400;
  drain();
  memset((void*)(uintptr_t)dst, v, n);
  return 0;
}
CUresult cuMemHostAlloc(void** p, size_t bytes, unsigned flags) {
  if (bytes == 0 || flags != 0) return BAD;
  *p = malloc(bytes);
  if (!*p) return 2;
  memset(*p, 0xCD, bytes); /* not zero: jtorch must write it */
  live_host_allocations++;
  return 0;
}
CUresult cuMemFreeHost(void* p) { free(p); live_host_allocations--; return 0; }
CUresult cuStreamCreate(void** s, unsigned flags) { *s = STREAM; return flags == 1 ? 0 : BAD; }
CUresult cuStreamSynchronize(void* s) {
  if (s != STREAM) return 400;
  stream_syncs++;
  drain();
  return 0;
}
/* An event is the count of copies queued when it was recorded (-1: never recorded). */
CUresult cuEventCreate(int64_t** e, unsigned flags) {
  if (flags != 2) return BAD; /* CU_EVENT_DISABLE_TIMING */
  *e = malloc(sizeof(int64_t));
  **e = -1;
  return 0;
}
CUresult cuEventRecord(int64_t* e, void* s) {
  if (s != STREAM || e == NULL) return 400;
  *e = copies_queued;
  return 0;
}
CUresult cuEventQuery(int64_t* e) {
  if (e == NULL || *e < 0) return 400;
  return copies_run >= *e ? 0 : 600; /* CUDA_ERROR_NOT_READY */
}
/* Checks the two options jtorch passes: an error log buffer and its size. */
CUresult cuModuleLoadDataEx(void** m, const void* image, unsigned n, int* options, void** values) {
  if (n != 2 || options[0] != 5 || options[1] != 6 || (uintptr_t)values[1] < 1024) return BAD;
  if (!strstr((const char*)image, ".version 7.0") || !strstr((const char*)image, ".entry jt_fill")) {
    snprintf((char*)values[0], (size_t)(uintptr_t)values[1], "fake JIT: not jtorch's PTX at ISA 7.0");
    return 218; /* CUDA_ERROR_INVALID_PTX */
  }
  *m = MODULE;
  return 0;
}
CUresult cuModuleGetFunction(void** f, void* m, const char* name) {
  if (m != MODULE) return 400;
  *f = strdup(name);
  return 0;
}

#define MAX_DIMS 8
typedef struct { long long numel; int ndim; int pad; long long size[MAX_DIMS]; } Shape;
typedef struct { char* ptr; int dtype; int pad; long long stride[MAX_DIMS]; } Operand;

static long long offset_of(const Shape* s, const long long* stride, long long i) {
  long long off = 0;
  for (int d = s->ndim - 1; d >= 0; --d) {
    off += (i % s->size[d]) * stride[d];
    i /= s->size[d];
  }
  return off;
}

/* float32 (0), float64 (1), int32 (7), int64 (8) and bool (9) only. */
static double load(const Operand* o, long long i) {
  switch (o->dtype) {
    case 0: return ((float*)o->ptr)[i];
    case 1: return ((double*)o->ptr)[i];
    case 7: return ((int*)o->ptr)[i];
    case 8: return (double)((long long*)o->ptr)[i];
    default: return ((unsigned char*)o->ptr)[i];
  }
}
static void store(const Operand* o, long long i, double v) {
  switch (o->dtype) {
    case 0: ((float*)o->ptr)[i] = (float)v; break;
    case 1: ((double*)o->ptr)[i] = v; break;
    case 7: ((int*)o->ptr)[i] = (int)v; break;
    case 8: ((long long*)o->ptr)[i] = (long long)v; break;
    default: ((unsigned char*)o->ptr)[i] = v != 0;
  }
}

CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                        unsigned bz, unsigned shared, void* s, void** params, void** extra) {
  const char* name = (const char*)f;
  if (s != STREAM || gy != 1 || gz != 1 || by != 1 || bz != 1 || gx == 0 || bx == 0 || shared != 0 ||
      extra != NULL)
    return BAD;
  drain();
  launches++;
  snprintf(last_kernel, sizeof last_kernel, "%s", name);
  if (strcmp(name, "jt_fill") == 0) {
    const Shape* sh = params[0];
    const Operand* out = params[1];
    double dv = *(double*)params[2];
    long long lv = *(long long*)params[3];
    int integral = *(int*)params[4];
    for (long long i = 0; i < sh->numel; i++)
      store(out, offset_of(sh, out->stride, i), integral && out->dtype >= 4 ? (double)lv : dv);
    return 0;
  }
  if (strcmp(name, "jt_copy") == 0) {
    const Shape* sh = params[0];
    const Operand* dst = params[1];
    const Operand* src = params[2];
    for (long long i = 0; i < sh->numel; i++)
      store(dst, offset_of(sh, dst->stride, i), load(src, offset_of(sh, src->stride, i)));
    return 0;
  }
  return 98; /* CUDA_ERROR_INVALID_IMAGE: not emulated */
}

CUresult cuGetErrorName(CUresult e, const char** s) {
  *s = e == 98 ? "CUDA_ERROR_INVALID_IMAGE (fake: kernel not emulated)" : "CUDA_ERROR_FAKE";
  return 0;
}
CUresult cuGetErrorString(CUresult e, const char** s) {
  *s = "fake driver error";
  (void)e;
  return 0;
}
