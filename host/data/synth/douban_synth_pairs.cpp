#include "host/data/synth/douban_synth_pairs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "host/data/synth/douban_synth_draw.h"

namespace cinerec::synth {
namespace {

constexpr size_t kMinPerUser = 10;
// User activity above the floor follows Pareto(alpha) weights shifted down towards 0, for many
// light users and a heavy tail of very active ones; the shift stays below 1 so every weight
// stays positive.
constexpr double kParetoAlpha = 2.0;
constexpr double kParetoShift = 0.9;
constexpr double kZipfExponent = 0.9;  // popularity of rank r: (r + offset)^-exponent
constexpr double kZipfOffset = 5.0;    // flattens the very top
// Users rating more than 1/kRejectionLimit of all movies sample without rejection.
constexpr size_t kRejectionLimit = 8;

std::vector<double> activity_weights(size_t users, Rng& rng) {
  std::vector<double> w(users);
  for (double& x : w) {
    x = std::pow(1.0 - rng.uniform(), -1.0 / kParetoAlpha) - kParetoShift;
  }
  return w;
}

Categorical shuffled_zipf(size_t movies, Rng& rng) {
  std::vector<double> w(movies);
  for (size_t r = 0; r < movies; ++r) {
    w[r] = std::pow(static_cast<double>(r) + kZipfOffset, -kZipfExponent);
  }
  for (size_t i = movies; i > 1; --i) {
    std::swap(w[i - 1], w[rng.below(i)]);
  }
  return Categorical(std::move(w));
}

// Splits `total` ratings so each user gets at least `floor` and at most `cap`, the excess in
// proportion to weight. The heaviest users are pinned at the cap first, which raises the
// others' shares; rounding leftovers go to the largest fractional parts.
std::vector<size_t> allocate_counts(const std::vector<double>& weight, size_t total, size_t floor,
                                    size_t cap) {
  const size_t n = weight.size();
  std::vector<size_t> count(n, floor);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return weight[a] > weight[b]; });
  size_t left = total - floor * n;
  double open_weight = std::accumulate(weight.begin(), weight.end(), 0.0);
  size_t first_open = 0;
  while (first_open < n && static_cast<double>(left) * weight[order[first_open]] / open_weight >=
                               static_cast<double>(cap - floor)) {
    count[order[first_open]] = cap;
    left -= cap - floor;
    open_weight -= weight[order[first_open]];
    ++first_open;
  }
  std::vector<std::pair<double, size_t>> fraction;  // (-fractional part, user)
  size_t given = 0;
  for (size_t i = first_open; i < n; ++i) {
    const size_t u = order[i];
    const double share = static_cast<double>(left) * weight[u] / open_weight;
    const auto whole = std::min(static_cast<size_t>(share), cap - floor);
    count[u] += whole;
    given += whole;
    fraction.emplace_back(-(share - static_cast<double>(whole)), u);
  }
  std::sort(fraction.begin(), fraction.end());
  for (size_t k = 0; given < left; ++k) {
    const size_t u = fraction[k % fraction.size()].second;
    if (count[u] < cap) {
      ++count[u];
      ++given;
    }
  }
  return count;
}

// Weighted sampling without replacement by Efraimidis-Spirakis keys, for users who rate a
// large share of the catalogue, where rejection would stall.
void draw_by_keys(uint32_t user, size_t count, const Categorical& popularity, Rng& rng,
                  std::vector<RatingPair>& out) {
  std::vector<std::pair<double, uint32_t>> keys(popularity.size());
  for (size_t m = 0; m < keys.size(); ++m) {
    const double u = std::max(rng.uniform(), std::numeric_limits<double>::min());
    keys[m] = {std::log(u) / popularity.weight(m), static_cast<uint32_t>(m)};
  }
  std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(count), keys.end(),
                   std::greater<>());
  std::sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(count),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  for (size_t i = 0; i < count; ++i) {
    out.push_back({user, keys[i].second});
  }
}

// `owner[m] == user` marks movies this user already rated.
void draw_by_rejection(uint32_t user, size_t count, const Categorical& popularity, Rng& rng,
                       std::vector<uint32_t>& owner, std::vector<RatingPair>& out) {
  for (size_t drawn = 0; drawn < count;) {
    const auto m = static_cast<uint32_t>(popularity.draw(rng));
    if (owner[m] == user) continue;
    owner[m] = user;
    out.push_back({user, m});
    ++drawn;
  }
}

}  // namespace

size_t min_ratings_per_user(size_t users, size_t pairs) {
  return std::min(kMinPerUser, pairs / users);
}

std::vector<RatingPair> sample_rating_pairs(size_t users, size_t movies, size_t count, Rng& rng) {
  const std::vector<size_t> per_user = allocate_counts(activity_weights(users, rng), count,
                                                       min_ratings_per_user(users, count), movies);
  const Categorical popularity = shuffled_zipf(movies, rng);
  std::vector<uint32_t> owner(movies, std::numeric_limits<uint32_t>::max());
  std::vector<RatingPair> pairs;
  pairs.reserve(count);
  for (size_t u = 0; u < users; ++u) {
    const auto user = static_cast<uint32_t>(u);
    if (per_user[u] * kRejectionLimit > movies) {
      draw_by_keys(user, per_user[u], popularity, rng, pairs);
    } else {
      draw_by_rejection(user, per_user[u], popularity, rng, owner, pairs);
    }
  }
  return pairs;
}

nlohmann::json pair_parameters() {
  return {{"min_ratings_per_user", kMinPerUser},
          {"user_activity_pareto_alpha", kParetoAlpha},
          {"user_activity_pareto_shift", kParetoShift},
          {"movie_popularity_zipf_exponent", kZipfExponent},
          {"movie_popularity_zipf_offset", kZipfOffset}};
}

}  // namespace cinerec::synth
