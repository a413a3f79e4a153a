#include "host/data/synth/douban_synth_movies.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "host/data/synth/douban_synth_draw.h"
#include "host/data/synth/douban_synth_titles.h"
#include "host/data/synth/douban_synth_vocab.h"

namespace cinerec::synth {
namespace {

constexpr uint32_t kFirstId = 1291543;  // where Douban's classic movie subject ids sit
constexpr uint32_t kLastId = 99999999;
constexpr size_t kMaxMeanIdGap = 60;
// Genre frequency falls with rank as rank^-exponent.
constexpr double kGenreRankExponent = 0.9;
// Weights of 1..6 genres per movie.
constexpr std::array<double, 6> kGenreCountWeights = {0.28, 0.32, 0.22, 0.11, 0.05, 0.02};
// v_m = kGenreFactor * mean(genre) + kTitleFactor * mean(title topics) + kOwnFactor * noise.
constexpr double kGenreFactor = 1.0;
constexpr double kTitleFactor = 1.0;
constexpr double kOwnFactor = 0.35;
// b_m likewise.
constexpr double kGenreBias = 1.0;
constexpr double kTitleBias = 0.7;
constexpr double kOwnBias = 0.3;

// Ascending ids from kFirstId with random gaps, mean gap as large as the id space allows.
std::vector<uint32_t> movie_ids(size_t count, Rng& rng) {
  const size_t room = kLastId - kFirstId;
  const size_t mean_gap = std::clamp<size_t>(room / (2 * count), 1, kMaxMeanIdGap);
  std::vector<uint32_t> ids(count);
  uint64_t id = kFirstId;
  for (uint32_t& out : ids) {
    out = static_cast<uint32_t>(id);
    id += 1 + rng.below(2 * mean_gap - 1);
  }
  return ids;
}

Categorical genre_frequency() {
  std::vector<double> weights;
  for (size_t rank = 1; rank <= genre_vocab().size(); ++rank) {
    weights.push_back(std::pow(static_cast<double>(rank), -kGenreRankExponent));
  }
  return Categorical(std::move(weights));
}

std::vector<uint8_t> draw_genres(const Categorical& frequency, const Categorical& how_many,
                                 Rng& rng) {
  const size_t count = 1 + how_many.draw(rng);
  std::vector<uint8_t> genres;
  while (genres.size() < count) {
    const auto g = static_cast<uint8_t>(frequency.draw(rng));
    if (std::find(genres.begin(), genres.end(), g) == genres.end()) genres.push_back(g);
  }
  return genres;
}

// Latent vectors (dim values, then a bias) for a set of items such as genres or tokens.
struct Latents {
  size_t dim;
  std::vector<double> values;  // items x (dim + 1)

  Latents(size_t items, size_t d, Rng& rng) : dim(d), values(normal_vectors(items, d + 1, rng)) {}
  std::span<const double> of(size_t item) const {
    return std::span<const double>(values).subspan(item * (dim + 1), dim + 1);
  }
};

// out += scale * mean of the items' latents (vector and bias); nothing when there are none.
template <typename Index>
void add_mean(std::span<double> out, const Latents& latents, std::span<const Index> items,
              double factor_scale, double bias_scale) {
  if (items.empty()) return;
  const double share = 1.0 / static_cast<double>(items.size());
  for (const Index item : items) {
    const auto latent = latents.of(item);
    add_scaled(out.first(latents.dim), latent.first(latents.dim), factor_scale * share);
    out[latents.dim] += bias_scale * share * latent[latents.dim];
  }
}

}  // namespace

size_t max_synth_movies() {
  return kLastId - kFirstId + 1;
}

SynthMovies generate_movies(size_t count, size_t dim, Rng& rng) {
  const TitleVocab vocab = build_title_vocab();
  const Latents genre_latents(genre_vocab().size(), dim, rng);
  const Latents topic_latents(vocab.topic_tokens.size(), dim, rng);
  const Categorical frequency = genre_frequency();
  const Categorical how_many({kGenreCountWeights.begin(), kGenreCountWeights.end()});
  SynthMovies movies;
  movies.id = movie_ids(count, rng);
  movies.factor.resize(count * dim);
  movies.title.reserve(count);
  movies.genres.reserve(count);
  movies.bias.reserve(count);
  std::vector<double> latent(dim + 1);
  for (size_t m = 0; m < count; ++m) {
    std::vector<uint8_t> genres = draw_genres(frequency, how_many, rng);
    SynthTitle title = generate_title(vocab, genres, rng);
    std::fill(latent.begin(), latent.end(), 0.0);
    add_mean<uint8_t>(latent, genre_latents, genres, kGenreFactor, kGenreBias);
    add_mean<uint32_t>(latent, topic_latents, title.topics, kTitleFactor, kTitleBias);
    for (size_t k = 0; k < dim; ++k) {
      movies.factor[m * dim + k] = latent[k] + kOwnFactor * rng.normal();
    }
    movies.bias.push_back(latent[dim] + kOwnBias * rng.normal());
    movies.title.push_back(std::move(title.text));
    movies.genres.push_back(std::move(genres));
  }
  return movies;
}

nlohmann::json movie_parameters() {
  return {{"first_id", kFirstId},
          {"max_mean_id_gap", kMaxMeanIdGap},
          {"genre_rank_exponent", kGenreRankExponent},
          {"genre_count_weights", kGenreCountWeights},
          {"factor_mix", {{"genres", kGenreFactor}, {"title", kTitleFactor}, {"own", kOwnFactor}}},
          {"bias_mix", {{"genres", kGenreBias}, {"title", kTitleBias}, {"own", kOwnBias}}},
          {"title", title_parameters()}};
}

}  // namespace cinerec::synth
