// The whole CNN recommender in one place (docs/model.md): every parameter tensor, which batch ids
// reach each embedding table and how, which FC layer each tower input goes through and where its
// output sits in the tower's concatenation, and the head. Built once from a ModelSpec, with every
// offset resolved; the parameter layout, the initialisation, both model passes, both backends and
// the score vectors read it, and nothing else names a tensor. To add an input (say, the movie's
// year): a table and a TowerInput here, and its kind's code in the two passes.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "host/model/batch.h"
#include "host/model/model_spec.h"
#include "host/model/param_layout.h"

namespace cinerec {

// How a table's ids sit in the batch.
enum class Bags {
  kOnePerRow,  // one id per row: a lookup
  kGenreBag,   // a CSR bag per row (Batch::genre_offsets), summed
  kTitle,      // title_len ids per row, each its own bag: the CNN reads every position
};

struct EmbeddingTable {
  TensorRef tensor;  // [rows, dim]
  size_t rows = 0, dim = 0;
  BatchField ids;
  Bags bags = Bags::kOnePerRow;
};

struct DenseLayer {
  TensorRef weight, bias;  // [in, out], [out]
  size_t in = 0, out = 0;
};

// An embedding table read by the batch, summed per bag, through its FC layer (ReLU) into
// columns [slot, slot + fc.out) of its tower's concatenation.
struct TowerInput {
  size_t table = 0;  // into ModelWiring::tables
  DenseLayer fc;
  size_t slot = 0;
};

struct ConvWindow {
  size_t width = 0;
  TensorRef weight, bias;  // [filters, width, token_dim], [filters]
};

// The title text-CNN: token rows through every window, max-pooled and dropped out, into
// columns [slot, slot + title_features) of the movie tower's concatenation.
struct TitleCnn {
  size_t table = 0;  // the token embedding
  std::vector<ConvWindow> windows;
  size_t slot = 0;
};

// What joins u and m into a prediction besides their dot product (docs/model.md "Head").
struct HeadWiring {
  std::optional<DenseLayer> fc;  // the fc head: [2 * feature_dim, 1]
  // With model.biases: tables of one column indexed by the user and the movie, and a scalar.
  std::optional<size_t> user_bias, movie_bias;  // into ModelWiring::tables
  std::optional<TensorRef> global_bias;
  // With model.ranking_bias: a table of one column indexed by the movie, in the ranking score only.
  std::optional<size_t> ranking_bias;
};

struct ModelWiring {
  explicit ModelWiring(const ModelSpec& spec);

  ModelSpec spec;
  ParamLayout layout;
  std::vector<EmbeddingTable> tables;  // every embedding table, in layout order
  std::vector<TowerInput> user_inputs;
  DenseLayer user_fc;  // tanh, [user_concat, feature_dim]
  std::vector<TowerInput> movie_inputs;
  TitleCnn title;
  DenseLayer movie_fc;  // tanh, [movie_concat, feature_dim]
  HeadWiring head;
};

// The layout alone (checkpoints, tests).
ParamLayout param_layout(const ModelSpec& spec);

}  // namespace cinerec
