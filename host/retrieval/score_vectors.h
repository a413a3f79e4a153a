// Augmented user and movie vectors whose dot product is the model's predicted rating, for every
// head: one GEMM-based scorer then serves them all.
//   dot head:            user [u]                          movie [m]
//   dot head + biases:   user [u, 1, b_u + g]              movie [m, b_m, 1]
//   fc head (± biases):  user [w_u·u + c (+ b_u + g), 1]   movie [1, w_m·m (+ b_m)]
// with head.weight = [w_u, w_m], c = head.bias, g = global_bias.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "host/model/model_spec.h"
#include "host/model/param_layout.h"
#include "host/retrieval/tower_features.h"

namespace cinerec {

using ScoreVectors = UserMovieVectors;

// `features` rows are users first_user, first_user + 1, ... and movies first_movie, ... (the
// offsets pick their bias terms).
ScoreVectors make_score_vectors(const TowerFeatures& features, const ModelSpec& spec,
                                const ParamLayout& layout, std::span<const float> params,
                                size_t first_user = 0, size_t first_movie = 0);

}  // namespace cinerec
