#include "host/eval/rated_protocol.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

namespace cinerec {
namespace {

struct Rated {
  uint32_t movie;
  float rating;
};

// Each user's (movie, rating) pairs in `split`.
std::vector<std::vector<Rated>> rated_by_user(const Dataset& data, Split split) {
  std::vector<std::vector<Rated>> by_user(data.num_users());
  for (const uint32_t i : data.split_indices(split))
    by_user[data.rating_user()[i]].push_back({data.rating_movie()[i], data.rating_value()[i]});
  return by_user;
}

double dcg(const std::vector<float>& ratings, size_t k) {
  double sum = 0.0;
  for (size_t i = 0; i < std::min(k, ratings.size()); ++i)
    sum += static_cast<double>(ratings[i]) / std::log2(static_cast<double>(i) + 2.0);
  return sum;
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

}  // namespace

double graded_ndcg(const std::vector<float>& ranked_ratings, size_t k) {
  std::vector<float> ideal = ranked_ratings;
  std::ranges::sort(ideal, std::greater<>());
  const double best = dcg(ideal, k);
  return best > 0 ? dcg(ranked_ratings, k) / best : 0.0;
}

nlohmann::json RatedMetrics::to_json() const {
  nlohmann::json out;
  for (size_t c = 0; c < cutoffs.size(); ++c)
    out["ndcg@" + std::to_string(cutoffs[c])] = ratio(ndcg_sums[c], users);
  out["users"] = static_cast<uint64_t>(users);
  out["precision"] = ratio(tp, tp + fp);
  out["recall"] = ratio(tp, tp + fn);
  out["accuracy"] = ratio(tp + tn, tp + fp + fn + tn);
  for (const auto& [name, value] : {std::pair{"tp", tp}, {"fp", fp}, {"fn", fn}, {"tn", tn}})
    out[name] = static_cast<uint64_t>(value);
  return out;
}

RatedMetrics rated_ranking(const RankingScores& scores, const Dataset& data, Split split,
                           const EvalConfig& config, Communicator& world) {
  const auto by_user = rated_by_user(data, split);
  std::vector<uint32_t> users;
  for (uint32_t u = 0; u < by_user.size(); ++u)
    if (!by_user[u].empty()) users.push_back(u);
  const Share mine = share_of(users.size(), world.rank(), world.size());
  const auto threshold = static_cast<float>(config.relevance_threshold);
  RatedMetrics m{config.topk, std::vector<double>(config.topk.size(), 0.0)};
  for (size_t i = mine.first; i < mine.first + mine.count; ++i) {
    const uint32_t user = users[i];
    std::vector<uint32_t> movies;
    for (const Rated& r : by_user[user])
      movies.push_back(r.movie);
    const std::vector<float> predictions = scores.of(user, movies);
    std::vector<std::pair<float, Rated>> scored;
    for (size_t j = 0; j < movies.size(); ++j) {
      const Rated& r = by_user[user][j];
      const float predicted = predictions[j];
      scored.push_back({predicted, r});
      const bool liked = r.rating >= threshold, predicted_liked = predicted >= threshold;
      (liked ? (predicted_liked ? m.tp : m.fn) : (predicted_liked ? m.fp : m.tn)) += 1;
    }
    // Best predicted first; equal predictions to the smaller movie index, as everywhere.
    std::ranges::sort(scored, [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second.movie < b.second.movie);
    });
    std::vector<float> ranked;
    for (const auto& s : scored)
      ranked.push_back(s.second.rating);
    for (size_t c = 0; c < m.cutoffs.size(); ++c)
      m.ndcg_sums[c] += graded_ndcg(ranked, m.cutoffs[c]);
    m.users += 1;
  }
  std::vector<double> sums = m.ndcg_sums;
  sums.insert(sums.end(), {m.users, m.tp, m.fp, m.fn, m.tn});
  world.sum(std::span(sums));
  std::copy_n(sums.begin(), m.cutoffs.size(), m.ndcg_sums.begin());
  const auto* totals = sums.data() + m.cutoffs.size();
  m.users = totals[0], m.tp = totals[1], m.fp = totals[2], m.fn = totals[3], m.tn = totals[4];
  return m;
}

}  // namespace cinerec
