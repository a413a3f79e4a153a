#include "host/baselines/din_backend.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "host/baselines/din_network.h"

namespace cinerec {
namespace {

// Pairs per evaluation forward: bounds its activations (pairs x history x the widths).
constexpr size_t kScoredPerForward = 512;

}  // namespace

DinBackend::DinBackend(size_t, size_t movies, const DinConfig& config,
                       const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed)
    : ImplicitBaseline(optimizer, positive_threshold, seed),
      movies_(movies),
      model_(movies, config) {
  allocate();
}

size_t DinBackend::feature_dim() const {
  refuse_vectors("din", "the logit of each (user, movie) pair");
}

void DinBackend::prepare_inference(const Dataset& data) {
  ImplicitBaseline::prepare_inference(data);
  std::vector<uint32_t> order;  // the training positives by user, then time, then index
  for (const uint32_t r : data.split_indices(Split::kTrain)) {
    if (data.rating_value()[r] >= positive_threshold()) order.push_back(r);
  }
  const auto user = data.rating_user();
  const auto time = data.rating_time();
  std::ranges::sort(order, [&](uint32_t a, uint32_t b) {
    return std::tie(user[a], time[a], a) < std::tie(user[b], time[b], b);
  });
  history_ = UserItems{};
  history_.offsets.assign(data.num_users() + 1, 0);
  position_.assign(data.num_ratings(), 0);
  for (const uint32_t r : order)
    ++history_.offsets[user[r] + 1];
  std::partial_sum(history_.offsets.begin(), history_.offsets.end(), history_.offsets.begin());
  for (const uint32_t r : order) {
    position_[r] = static_cast<uint32_t>(history_.items.size() - history_.offsets[user[r]]);
    history_.items.push_back(data.rating_movie()[r]);
  }
}

std::span<const uint32_t> DinBackend::evaluation_history(uint32_t user) const {
  if (user >= history_.rows()) throw std::logic_error("DIN scores before its data is bound");
  const auto row = history_.row(user);
  const size_t n = std::min(row.size(), model_.max_history);
  return row.subspan(row.size() - n, n);
}

double DinBackend::train_ratings(std::span<const uint32_t> ratings) {
  std::vector<DinSample> samples;
  std::vector<float> labels;
  for (const uint32_t r : ratings) {
    if (!is_positive(r) || position_[r] == 0) continue;
    const uint32_t user = data().rating_user()[r];
    const size_t n = std::min<size_t>(position_[r], model_.max_history);
    const auto history = history_.row(user).subspan(position_[r] - n, n);
    samples.push_back({history, data().rating_movie()[r]});
    labels.push_back(1.0f);
    if (const auto negative = draw_negative(r)) {
      samples.push_back({history, *negative});
      labels.push_back(0.0f);
    }
  }
  if (samples.empty()) return 0.0;
  DinActivations<float> act;
  din_forward(model_, params().data(), std::span<const DinSample>(samples), DinMode::kTrain, act);
  std::vector<float> dlogit(samples.size());
  // Summed over the pairs (take_loss_sum's convention); the gradient is the mean's, as torch's.
  const double loss =
      static_cast<double>(samples.size()) * bce_with_logits<float>(act.logit, labels, dlogit);
  din_backward<float>(model_, params().data(), samples, act, dlogit, grads().data());
  adam_update();  // the running statistics' gradient is zero: Adam leaves them as they are
  din_update_running(model_, act, params().data());
  return loss;
}

void DinBackend::score_pairs(std::span<const uint32_t> users, std::span<const uint32_t> movies,
                             float* out) const {
  DinActivations<float> act;
  std::vector<DinSample> samples;
  for (size_t first = 0; first < users.size(); first += kScoredPerForward) {
    const size_t n = std::min(kScoredPerForward, users.size() - first);
    samples.clear();
    for (size_t i = first; i < first + n; ++i)
      samples.push_back({evaluation_history(users[i]), movies[i]});
    din_forward(model_, params().data(), std::span<const DinSample>(samples), DinMode::kEval, act);
    std::copy(act.logit.begin(), act.logit.end(), out + first);
  }
}

void DinBackend::predict(const Batch& batch, std::span<float> out) {
  if (out.size() != batch.size()) throw std::invalid_argument("predict needs one output per row");
  score_pairs(batch.user, batch.movie, out.data());
}

void DinBackend::score_movies(uint32_t user, std::span<const uint32_t> movies,
                              std::span<float> out) const {
  const std::vector<uint32_t> users(movies.size(), user);
  score_pairs(users, movies, out.data());
}

void DinBackend::score_rows(std::span<const uint32_t> users, std::span<float> out) const {
  std::vector<uint32_t> all(movies_);
  std::iota(all.begin(), all.end(), 0u);
  for (size_t i = 0; i < users.size(); ++i)
    score_movies(users[i], all, out.subspan(i * movies_, movies_));
}

}  // namespace cinerec
