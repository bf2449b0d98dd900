// The GPU backend's own kernels (train/gpu/Kernels.java loads them): what cuDNN and cuBLAS do not
// provide with PyTorch's semantics. Compiled to PTX for compute capability 7.5 (the oldest that CUDA 13
// supports); the driver compiles the PTX for the GPU it runs on. Rebuild with src/main/cuda/build.sh,
// which writes src/main/resources/org/alexnetstudio/train/gpu/kernels.ptx with this file's SHA-256.
//
// Every kernel is a grid-stride loop over `total` values, so any launch size covers any tensor.

#define GRID_STRIDE(i, total) \
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (total); \
         i += (long long) blockDim.x * gridDim.x)

extern "C" {

// SplitMix64's finaliser (Steele, Lea, Flood 2014). DropoutMask.java computes the same numbers.
__device__ __forceinline__ unsigned long long mix64(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Inverted dropout: value i of draw `draw` of stream `seed` is kept when its uniform number
// u = (top 24 bits) * 2^-24 is below `keep` (1 - p); kept values are scaled by `scale` (1 / (1 - p)).
// The mask (0 or scale) is kept for the backward pass.
__global__ void dropout_forward(const float* x, float* y, float* mask, long long total,
                                unsigned long long seed, unsigned long long draw, float keep, float scale) {
    GRID_STRIDE(i, total) {
        unsigned long long z = mix64(seed + draw * 0x9E3779B97F4A7C15ULL
                                     + (unsigned long long) i * 0xD1B54A32D192ED03ULL);
        float u = (float) (z >> 40) * 5.9604644775390625e-8f; // 2^-24
        float m = u < keep ? scale : 0.0f;
        mask[i] = m;
        y[i] = x[i] * m;
    }
}

// out = a * b, elementwise (dropout's backward: g * mask; an injected mask's forward).
__global__ void multiply(const float* a, const float* b, float* out, long long total) {
    GRID_STRIDE(i, total) {
        out[i] = a[i] * b[i];
    }
}

// out = g * factor[channel] on NCHW maps (batch norm's test-mode backward: factor = gamma / sqrt(var + eps)).
__global__ void scale_channels(const float* g, const float* factor, float* out, long long total,
                               int channels, int positions) {
    GRID_STRIDE(i, total) {
        int c = (int) ((i / positions) % channels);
        out[i] = g[i] * factor[c];
    }
}

// PyTorch's LocalResponseNorm on NCHW maps: d_c = k + (alpha/size) * sum of x_j^2 over the channels
// j = c - before .. c + after (before = size/2, after = (size-1)/2, zero-padded at the ends);
// y_c = x_c * d_c^-beta. d is kept for the backward pass.
__global__ void lrn_forward(const float* x, float* y, float* d, long long total, int channels, int positions,
                            int before, int after, float alphaOverSize, float beta, float k) {
    GRID_STRIDE(i, total) {
        int p = (int) (i % positions);
        long long nc = i / positions;
        int c = (int) (nc % channels);
        long long base = (nc - c) * positions + p; // channel 0 at this position
        int from = max(0, c - before);
        int to = min(channels - 1, c + after);
        float s = 0.0f;
        for (int j = from; j <= to; j++) {
            float v = x[base + (long long) j * positions];
            s += v * v;
        }
        float dv = k + alphaOverSize * s;
        d[i] = dv;
        y[i] = x[i] * powf(dv, -beta);
    }
}

// Its backward: dx_j = g_j * d_j^-beta - (2 alpha beta / size) * x_j * sum of g_c x_c d_c^(-beta-1) over
// the channels c whose window holds j (c = j - after .. j + before).
__global__ void lrn_backward(const float* x, const float* g, const float* d, float* dx, long long total,
                             int channels, int positions, int before, int after, float beta, float factor) {
    GRID_STRIDE(i, total) {
        int p = (int) (i % positions);
        long long nc = i / positions;
        int j = (int) (nc % channels);
        long long base = (nc - j) * positions + p;
        int from = max(0, j - after);
        int to = min(channels - 1, j + before);
        float s = 0.0f;
        for (int c = from; c <= to; c++) {
            long long at = base + (long long) c * positions;
            s += g[at] * x[at] * powf(d[at], -beta - 1.0f);
        }
        dx[i] = g[i] * powf(d[i], -beta) - factor * x[i] * s;
    }
}

}
