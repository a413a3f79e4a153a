// The top-k implementation a device string selects (library cinerec_runtime, above both).
#pragma once

#include <string>

#include "host/cpu/topk.h"

namespace cinerec {

// "cpu" (blocked BLAS), or in CUDA builds "cuda" / "cuda:N" (cuda::TopKSearch; with
// `tensor_cores`, TF32 scoring and an exact fp32 re-rank). Throws std::invalid_argument for any
// other device, naming the ones this build has.
TopKScorer make_topk_scorer(const std::string& device, bool tensor_cores = false);

}  // namespace cinerec
