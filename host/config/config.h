// The run configuration (`cinerec train --config FILE --set section.key=value`): the model's
// sizes, the optimiser and run settings and the evaluation settings. Defaults are the published
// model (docs/model.md); the extensions default to off.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/common/input_error.h"

namespace cinerec {

struct ModelConfig {
  // "cnn": the published model (docs/model.md); the baselines (docs/baselines.md): "pop", movies
  // by training popularity; "mf", biased matrix factorisation as Surprise's SVD (section [mf]);
  // "bpr", RecBole's BPR (section [bpr]); "enmf", RecBole's ENMF (section [enmf]); "fism",
  // RecBole's FISM (section [fism]); "usercf" and "itemcf", the neighbourhood models (sections
  // [usercf], [itemcf]); "din", RecBole's DIN (section [din]).
  std::string kind = "cnn";
  std::string head = "dot";  // "dot" (the original code) | "fc" (the paper's text)
  size_t user_id_dim = 32;
  size_t demographic_dim = 16;  // gender, age and job embeddings
  size_t movie_id_dim = 32;
  size_t genre_dim = 32;
  size_t token_dim = 32;
  size_t tower_hidden = 32;  // width of the per-input FC layers
  size_t feature_dim = 200;  // u and m
  std::vector<size_t> title_windows = {2, 3, 4, 5};
  size_t title_filters = 8;  // per window
  double dropout = 0.5;      // on the title features, training only
  bool biases = false;       // user, movie and global bias terms (extension)
  // A per-movie bias added to the ranking score only, trained by the ranking term only
  // (train.ranking_loss; docs/model.md "Ranking term"): the predicted rating stays without it.
  bool ranking_bias = false;
  // CUDA implementation of the title CNN: our fused kernels, or cuDNN (a cross-check).
  std::string title_conv = "fused";

  bool operator==(const ModelConfig&) const = default;
};

struct TrainConfig {
  size_t epochs = 5;
  size_t batch_size = 256;
  double lr = 0.001;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  std::string embedding_optimizer = "dense";  // "dense" | "rowwise" (lazy Adam on used rows)
  double weight_decay = 0.0;  // L2 on the embedding rows used in the batch (extension)
  double lr_decay = 1.0;      // per-epoch multiplicative lr decay (extension; 1 = none)
  uint64_t seed = 1;
  size_t threads = 0;              // 0 = all hardware threads
  size_t checkpoint_every = 0;     // steps; 0 = only at epoch ends
  double checkpoint_minutes = 15;  // also checkpoint when this long has passed since the last one
  size_t eval_batch_size = 8192;
  double log_every_seconds = 10.0;  // plain-text progress lines when stderr is not a terminal
  // CUDA only: embedding gradients by a sort and segment sums (deterministic) or by atomics.
  std::string embedding_backward = "sorted";
  bool cuda_graphs = true;  // CUDA only: capture the training step once and replay it
  // The CNN's top-N ranking term (docs/model.md): "none" (ratings only), "pointwise" or
  // "pairwise", on `negatives` movies drawn per training rating from those its user did not rate
  // in training, each term weighted by negative_weight; pointwise pulls their predictions
  // towards negative_target. CPU backend only.
  std::string ranking_loss = "none";
  size_t negatives = 1;
  double negative_weight = 1.0;
  double negative_target = 0.0;
  // "all": every training rating gets sampled movies; "relevant": only those at least
  // eval.relevance_threshold (the implicit models' positives).
  std::string ranking_positives = "all";
  // The term trains the ranking bias alone (needs model.ranking_bias), not the rating head.
  bool ranking_detach = false;

  bool operator==(const TrainConfig&) const = default;
};

// model.kind = "mf": r = mu + b_u + b_i + p_u . q_i, trained by SGD on each rating with L2, as
// Surprise's SVD, with its defaults and names (train.epochs: its n_epochs, 20 in configs/mf.toml).
struct MfConfig {
  size_t factors = 100;    // n_factors
  bool biased = true;      // with b_u and b_i
  double init_mean = 0.0;  // p and q start N(init_mean, init_std_dev)
  double init_std_dev = 0.1;
  double lr_all = 0.005;  // the learning rate of every parameter
  double reg_all = 0.02;  // the L2 weight of every parameter

  bool operator==(const MfConfig&) const = default;
};

// model.kind = "bpr": p_u . q_i trained with the pairwise loss -log sigmoid(x_ui - x_uj) on each
// positive (a training rating >= eval.relevance_threshold) and a negative drawn uniformly from the
// movies the user did not rate in training, by Adam (train.lr, train.beta1, ...) in batches of
// train.batch_size ratings, as RecBole's BPR with its defaults (configs/bpr.toml).
struct BprConfig {
  size_t embedding_size = 64;

  bool operator==(const BprConfig&) const = default;
};

// model.kind = "enmf": h . (p_u ⊙ q_i) trained on the whole-data loss (every unobserved pair
// weighted by negative_weight, through the Gram-matrix rewrite) of each positive's user, by Adam
// in batches of train.batch_size ratings, as RecBole's ENMF with its defaults and names
// (configs/enmf.toml; docs/baselines.md).
struct EnmfConfig {
  size_t embedding_size = 64;
  double dropout_prob = 0.7;     // on the batch's user embeddings
  double reg_weight = 0.0;       // times (‖P‖ + ‖Q‖), the Frobenius norms
  double negative_weight = 0.5;  // c0, the weight of an unobserved pair

  bool operator==(const EnmfConfig&) const = default;
};

// model.kind = "fism": sigmoid(n^-alpha (sum of the user's other positives' p_j) . q_i + b_u + b_i)
// trained with binary cross-entropy on each positive and one movie drawn from the user's unrated
// ones, by Adam in batches of train.batch_size ratings, as RecBole's FISM with its defaults and
// names (its reg_weights as reg_src, reg_dst; configs/fism.toml; docs/baselines.md).
struct FismConfig {
  size_t embedding_size = 64;
  double alpha = 0.0;     // the exponent of the history's size
  double reg_src = 0.01;  // times ‖P‖ (item_src_embedding)
  double reg_dst = 0.01;  // times ‖Q‖ (item_dst_embedding)

  bool operator==(const FismConfig&) const = default;
};

// model.kind = "usercf" (section [usercf]) and "itemcf" ([itemcf]): the neighbourhood models of
// docs/baselines.md. Each user's (UserCF) or movie's (ItemCF) k most similar others by the cosine
// of their training rows, as RecBole's ItemKNN with its defaults (k, shrink) for ranking, and a
// similarity-weighted, mean-centred average of the rating_k most similar that rated the pair's
// movie (UserCF) or were rated by its user (ItemCF), as Surprise's KNNWithMeans (its k), for
// rating prediction.
struct KnnConfig {
  size_t k = 100;
  double shrink = 0.0;
  // "sets": rows of 1 for each positive (a training rating >= eval.relevance_threshold), the
  // paper's eq. 1 and RecBole's interaction matrix; "ratings": rows of the training ratings, eq. 2.
  std::string similarity = "sets";
  size_t rating_k = 40;

  bool operator==(const KnnConfig&) const = default;
};

// Ranking metrics of `cinerec eval` (docs/metrics.md).
struct EvalConfig {
  std::vector<size_t> topk = {10, 50};  // the K of every @K metric
  double relevance_threshold = 4.0;     // a test rating at least this is a relevant item
  size_t sampled_negatives = 100;       // unrated movies per relevant item (sampled protocol)
  uint64_t seed = 1;                    // seeds the sampled negatives

  bool operator==(const EvalConfig&) const = default;
};

// model.kind = "din": RecBole's DIN with its defaults and names (configs/din.toml; docs/
// baselines.md): an attention unit (MLP with sigmoids on [q, k, q - k, q * k], then a linear
// weight) over the user's last max_history training positives before the target, by time, and an
// MLP with BatchNorm and Dice on [pooled history, q, pooled * q] to a logit, trained with binary
// cross-entropy on each positive (after the user's first) and one movie drawn from its user's
// unrated ones, by Adam in batches of train.batch_size ratings.
struct DinConfig {
  size_t embedding_size = 10;
  std::vector<size_t> mlp_hidden_size = {256, 256, 256};  // both MLPs' widths
  size_t max_history = 50;                                // RecBole's MAX_ITEM_LIST_LENGTH

  bool operator==(const DinConfig&) const = default;
};

struct Config {
  ModelConfig model;
  TrainConfig train;
  EvalConfig eval;
  MfConfig mf;
  BprConfig bpr;
  EnmfConfig enmf;
  FismConfig fism;
  KnnConfig usercf;
  KnnConfig itemcf;
  DinConfig din;

  bool operator==(const Config&) const = default;
};

// The model kinds (ModelConfig::kind).
const std::vector<std::string>& model_kinds();
// The models of the paper's comparison by name (`cinerec compare --models`): each kind, and
// "cnn-rank", the CNN trained with its ranking term (docs/model.md). Each one's reference config
// is what configs/NAME.toml holds (configs/published.toml for cnn; tests/train_config_test.cpp
// checks the files against it). Throws std::invalid_argument for another name.
const std::vector<std::string>& reference_models();
Config reference_config(const std::string& model);

// Whether the model's ranking score is a predicted rating (cnn, mf), or another score (pop: a
// movie's training positives; bpr: a preference; usercf, itemcf: a sum of similarities; a cnn with
// model.ranking_bias: its rating plus that bias), which is not shown or classified as a rating.
bool scores_are_ratings(const ModelConfig& model);
// Whether `predict` gives ratings whose MSE means something: the rating models (UserCF and
// ItemCF among them), and Pop, which predicts the training mean (the floor they must clear); not
// BPR, ENMF, FISM or DIN (DIN: its logit).
bool predicts_ratings(const ModelConfig& model);

// A `--set` override that cannot work as written: a command-line (usage) error.
class OverrideError : public InputError {
 public:
  using InputError::InputError;
};

// The defaults, then `file` (when given), then each "section.key=value" override in order. An
// override's value is read as a TOML value, or as a bare string when it is not one (so
// `model.head=fc` needs no quotes). Integers are accepted where a number is expected, not the
// reverse. Throws InputError for an unreadable file, a TOML syntax error, an unknown section or
// key (listing the valid ones), a wrong type or an invalid value, located at FILE:LINE:COLUMN or
// at the "--set ..." argument.
Config load_config(const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides);
// The same on top of `base` instead of the defaults (a resumed run's own config).
Config load_config(Config base, const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides);

// A config from TOML text (e.g. the copy a checkpoint carries); errors name `source_name`.
Config config_from_toml(const std::string& text, const std::string& source_name);

// Every key of `config` as TOML text that load_config reads back to an equal Config.
std::string to_toml(const Config& config);

// "section.key (A vs B)" for every key whose values differ, in to_toml's order.
std::vector<std::string> config_differences(const Config& a, const Config& b);

}  // namespace cinerec
