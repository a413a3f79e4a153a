// Augmented user and movie vectors whose dot product is the model's ranking score (its predicted
// rating, plus the movie's ranking bias when it has one), for every head: one GEMM-based scorer
// then serves them all.
//   dot head:            user [u]                          movie [m]
//   dot head + biases:   user [u, 1, b_u + g]              movie [m, b_m, 1]
//   fc head (± biases):  user [w_u·u + c (+ b_u + g), 1]   movie [1, w_m·m (+ b_m)]
//   + model.ranking_bias: user [..., 1]                    movie [..., r_m]
// with head.weight = [w_u, w_m], c = head.bias, g = global_bias, r = ranking_bias.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "host/model/model_wiring.h"
#include "host/retrieval/tower_features.h"

namespace cinerec {

// `features` rows are the dataset's users `users` and movies `movies` (they pick the bias terms);
// an empty list stands for 0, 1, 2, ...
UserMovieVectors make_score_vectors(const UserMovieVectors& features, const ModelWiring& wiring,
                                    std::span<const float> params, Indices users = {},
                                    Indices movies = {});

}  // namespace cinerec
