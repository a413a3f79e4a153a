// Code shared verbatim by the CPU twins (host/cpu) and the CUDA kernels (kernels/): marked so that
// nvcc compiles it for both, and plain C++ elsewhere.
#pragma once

#if defined(__CUDACC__)
#define CINEREC_HOST_DEVICE __host__ __device__
#else
#define CINEREC_HOST_DEVICE
#endif
