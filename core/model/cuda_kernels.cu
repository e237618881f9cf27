// The kernels of core/model/cuda_kernels.h. Memory-bound element-wise work that torch runs as
// several passes (RoPE: two broadcast multiplies, a concatenation, a negation and an add; g·W
// then its reduction) done in one read of each operand.
#include "core/model/cuda_kernels.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace pb::cuda {

namespace {

__device__ __forceinline__ float toF(float v) { return v; }
__device__ __forceinline__ float toF(__nv_bfloat16 v) { return __bfloat162float(v); }
__device__ __forceinline__ float toF(__half v) { return __half2float(v); }
template <typename T> __device__ __forceinline__ T fromF(float v);
template <> __device__ __forceinline__ float fromF<float>(float v) { return v; }
template <> __device__ __forceinline__ __nv_bfloat16 fromF<__nv_bfloat16>(float v) { return __float2bfloat16(v); }
template <> __device__ __forceinline__ __half fromF<__half>(float v) { return __float2half(v); }

// One warp per row of hd values (8 rows per block of 256 threads): the row's position is one
// 32-bit division per thread; each lane rotates pairs (k, k + hd/2), reading the tables' first
// half (the second repeats it). Indices fit 32 bits (the launcher checks).
template <typename T>
__global__ void ropeKernel(const T* __restrict__ x, T* __restrict__ out, const T* __restrict__ cos,
                           const T* __restrict__ sin, int rows, int T_, int H, int half, float sign) {
    const int row = int(blockIdx.x) * int(blockDim.y) + int(threadIdx.y);
    if (row >= rows) return;
    const int t = (row / H) % T_;
    const T* xr = x + size_t(row) * 2 * half;
    T* o = out + size_t(row) * 2 * half;
    const T* cr = cos + size_t(t) * 2 * half;
    const T* sr = sin + size_t(t) * 2 * half;
#pragma unroll 2
    for (int k = threadIdx.x; k < half; k += 32) {
        const float c = toF(cr[k]), s = sign * toF(sr[k]);
        const float a = toF(xr[k]), b = toF(xr[k + half]);
        o[k] = fromF<T>(a * c - b * s);         // x1·cos - x2·sin
        o[k + half] = fromF<T>(b * c + a * s);  // x2·cos + x1·sin
    }
}

__device__ __forceinline__ float silu(float v) { return v / (1.f + __expf(-v)); }

// silu(gate)·up, V elements per thread through 16-byte loads when `vec`.
template <typename T>
__global__ void swigluKernel(const T* __restrict__ g, const T* __restrict__ u, T* __restrict__ out, int64_t n,
                             bool vec) {
    constexpr int V = 16 / sizeof(T);
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (vec) {
        if (i >= n / V) return;
        const uint4 a = reinterpret_cast<const uint4*>(g)[i], b = reinterpret_cast<const uint4*>(u)[i];
        uint4 r;
        const T* ae = reinterpret_cast<const T*>(&a);
        const T* be = reinterpret_cast<const T*>(&b);
        T* re = reinterpret_cast<T*>(&r);
#pragma unroll
        for (int e = 0; e < V; ++e) re[e] = fromF<T>(silu(toF(ae[e])) * toF(be[e]));
        reinterpret_cast<uint4*>(out)[i] = r;
    } else if (i < n) {
        out[i] = fromF<T>(silu(toF(g[i])) * toF(u[i]));
    }
}

__device__ __forceinline__ float term(float g, float w, bool absolute) {
    const float p = g * w;
    return absolute ? fabsf(p) : p;
}

// One warp per row; vector loads of 16 bytes when `vec`.
template <typename T>
__global__ void rowReduceKernel(const T* __restrict__ g, const T* __restrict__ w, float* __restrict__ out, int64_t R,
                                int64_t C, bool absolute, bool vec) {
    const int64_t row = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
    const int lane = threadIdx.x & 31;
    if (row >= R) return;
    const T* gr = g + row * C;
    const T* wr = w + row * C;
    float acc = 0.f;
    if (vec) {
        constexpr int V = 16 / sizeof(T);
        const uint4* gv = reinterpret_cast<const uint4*>(gr);
        const uint4* wv = reinterpret_cast<const uint4*>(wr);
        for (int64_t j = lane; j < C / V; j += 32) {
            const uint4 a = gv[j], b = wv[j];
            const T* ae = reinterpret_cast<const T*>(&a);
            const T* be = reinterpret_cast<const T*>(&b);
#pragma unroll
            for (int e = 0; e < V; ++e) acc += term(toF(ae[e]), toF(be[e]), absolute);
        }
    } else {
        for (int64_t j = lane; j < C; j += 32) acc += term(toF(gr[j]), toF(wr[j]), absolute);
    }
#pragma unroll
    for (int off = 16; off > 0; off /= 2) acc += __shfl_down_sync(0xffffffffu, acc, off);
    if (lane == 0) out[row] = acc;
}

// One thread per column (coalesced across the warp), one block row per chunk of rows.
template <typename T>
__global__ void colReduceKernel(const T* __restrict__ g, const T* __restrict__ w, float* __restrict__ partial,
                                int64_t R, int64_t C, int64_t rows_per_chunk, bool absolute) {
    const int64_t c = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (c >= C) return;
    const int64_t r0 = int64_t(blockIdx.y) * rows_per_chunk;
    const int64_t r1 = r0 + rows_per_chunk < R ? r0 + rows_per_chunk : R;
    float acc = 0.f;
    for (int64_t r = r0; r < r1; ++r) acc += term(toF(g[r * C + c]), toF(w[r * C + c]), absolute);
    partial[int64_t(blockIdx.y) * C + c] = acc;
}

template <typename T>
int launchRope(const void* x, void* out, const void* cos, const void* sin, int64_t rows, int64_t T_, int64_t H,
               int64_t hd, float sign, cudaStream_t stream) {
    if (rows == 0) return 0;
    if (rows * hd >= (int64_t(1) << 31) || T_ * hd >= (int64_t(1) << 31)) return int(cudaErrorInvalidValue);
    const dim3 block(32, 8);
    const unsigned blocks = unsigned((rows + 7) / 8);
    ropeKernel<T><<<blocks, block, 0, stream>>>(static_cast<const T*>(x), static_cast<T*>(out),
                                                 static_cast<const T*>(cos), static_cast<const T*>(sin), int(rows),
                                                 int(T_), int(H), int(hd / 2), sign);
    return int(cudaGetLastError());
}

template <typename T>
int launchSwiglu(const void* g, const void* u, void* out, int64_t n, bool vec, cudaStream_t stream) {
    if (n == 0) return 0;
    constexpr int threads = 256;
    const int64_t work = vec ? n / (16 / int64_t(sizeof(T))) : n;
    swigluKernel<T><<<unsigned((work + threads - 1) / threads), threads, 0, stream>>>(
        static_cast<const T*>(g), static_cast<const T*>(u), static_cast<T*>(out), n, vec);
    return int(cudaGetLastError());
}

template <typename T>
int launchReduce(const void* g, const void* w, float* out, int64_t R, int64_t C, int along, bool absolute,
                 int64_t rows_per_chunk, bool vec, cudaStream_t stream) {
    if (R == 0 || C == 0) return 0;
    constexpr int threads = 256;
    if (along == 1) {
        const int64_t blocks = (R * 32 + threads - 1) / threads;
        rowReduceKernel<T><<<unsigned(blocks), threads, 0, stream>>>(static_cast<const T*>(g), static_cast<const T*>(w),
                                                                       out, R, C, absolute, vec);
    } else {
        const dim3 grid(unsigned((C + threads - 1) / threads), unsigned((R + rows_per_chunk - 1) / rows_per_chunk));
        colReduceKernel<T><<<grid, threads, 0, stream>>>(static_cast<const T*>(g), static_cast<const T*>(w), out, R, C,
                                                         rows_per_chunk, absolute);
    }
    return int(cudaGetLastError());
}

} // namespace

int rope(const void* x, void* out, const void* cos, const void* sin, Dtype dtype, int64_t rows, int64_t T,
         int64_t H, int64_t hd, float sign, void* stream) {
    auto s = static_cast<cudaStream_t>(stream);
    switch (dtype) {
        case Dtype::F32: return launchRope<float>(x, out, cos, sin, rows, T, H, hd, sign, s);
        case Dtype::BF16: return launchRope<__nv_bfloat16>(x, out, cos, sin, rows, T, H, hd, sign, s);
        case Dtype::F16: return launchRope<__half>(x, out, cos, sin, rows, T, H, hd, sign, s);
    }
    return int(cudaErrorInvalidValue);
}

int productReduce(const void* g, const void* w, float* out, Dtype dtype, int64_t R, int64_t C, int along,
                  bool absolute, int64_t rows_per_chunk, bool vec, void* stream) {
    auto s = static_cast<cudaStream_t>(stream);
    switch (dtype) {
        case Dtype::F32: return launchReduce<float>(g, w, out, R, C, along, absolute, rows_per_chunk, vec, s);
        case Dtype::BF16: return launchReduce<__nv_bfloat16>(g, w, out, R, C, along, absolute, rows_per_chunk, vec, s);
        case Dtype::F16: return launchReduce<__half>(g, w, out, R, C, along, absolute, rows_per_chunk, vec, s);
    }
    return int(cudaErrorInvalidValue);
}

int swiglu(const void* gate, const void* up, void* out, Dtype dtype, int64_t n, bool vec, void* stream) {
    auto s = static_cast<cudaStream_t>(stream);
    switch (dtype) {
        case Dtype::F32: return launchSwiglu<float>(gate, up, out, n, vec, s);
        case Dtype::BF16: return launchSwiglu<__nv_bfloat16>(gate, up, out, n, vec, s);
        case Dtype::F16: return launchSwiglu<__half>(gate, up, out, n, vec, s);
    }
    return int(cudaErrorInvalidValue);
}

std::string errorString(int code) { return cudaGetErrorString(static_cast<cudaError_t>(code)); }

std::string deviceName(int index) {
    cudaDeviceProp p{};
    if (cudaGetDeviceProperties(&p, index) != cudaSuccess) return "";
    return p.name;
}

} // namespace pb::cuda
