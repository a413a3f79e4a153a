#include "host/data/synth/douban_synth.h"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "host/common/atomic_file.h"
#include "host/common/rng.h"
#include "host/common/staged_dir.h"
#include "host/data/synth/douban_synth_csv.h"
#include "host/data/synth/douban_synth_vocab.h"

namespace cinerec {
namespace {

constexpr size_t kLatentDim = 8;
// Each part draws from its own stream, so changing one leaves the others' draws alone.
enum Stream : uint64_t { kUserStream = 1, kMovieStream = 2, kRatingStream = 3 };

void require_positive(size_t value, const char* option) {
  if (value == 0) throw std::invalid_argument(std::string("synth: ") + option + " must be > 0");
}

void validate(const SynthOptions& o) {
  require_positive(o.users, "--users");
  require_positive(o.movies, "--movies");
  require_positive(o.ratings, "--ratings");
  if (o.users > std::numeric_limits<uint32_t>::max()) {
    throw std::invalid_argument("synth: --users must be at most " +
                                std::to_string(std::numeric_limits<uint32_t>::max()));
  }
  if (o.movies > synth::max_synth_movies()) {
    throw std::invalid_argument("synth: --movies must be at most " +
                                std::to_string(synth::max_synth_movies()) +
                                " (movie ids have at most 8 digits)");
  }
  // Cannot overflow: users < 2^32 and movies < 2^27.
  const size_t pairs = o.users * o.movies;
  if (o.ratings > pairs) {
    throw std::invalid_argument(
        "synth: --ratings " + std::to_string(o.ratings) + " exceeds the " + std::to_string(pairs) +
        " distinct (user, movie) pairs of --users " + std::to_string(o.users) + " and --movies " +
        std::to_string(o.movies));
  }
}

nlohmann::json genre_names() {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& g : synth::genre_vocab()) {
    names.push_back(std::string(g.name));
  }
  return names;
}

nlohmann::json describe(const SynthOptions& o, const synth::SynthRatings& r) {
  nlohmann::json rating_model = synth::rating_parameters();
  rating_model["scales"] = {{"user_bias", r.scales.user_bias},
                            {"movie_bias", r.scales.movie_bias},
                            {"interaction", r.scales.interaction}};
  rating_model["cut_points"] = r.cuts;
  return {
      {"format", "douban"},
      {"generator", "cinerec synth"},
      {"description",
       "Synthetic Douban-style ratings: y = mu + b_u + b_m + w_u.v_m + eps, eps ~ N(0, sigma^2), "
       "rating = 1 + #{cut_points < y}. v_m and b_m mix genre latents, title topic-token latents "
       "and noise; w_u and b_u mix age, gender and job latents and noise. bayes_floor_mse is the "
       "expected squared error of the true model on held-out ratings."},
      {"seed", o.seed},
      {"counts",
       {{"users", o.users},
        {"movies", o.movies},
        {"ratings", r.rows.size()},
        {"repeated_pairs", r.repeated_pairs}}},
      {"latent_dim", kLatentDim},
      {"genres", genre_names()},
      {"parameters",
       {{"ratings", rating_model},
        {"users", synth::user_parameters()},
        {"movies", synth::movie_parameters()}}},
      {"rating_histogram", {{"target", synth::target_histogram()}, {"realised", r.realised}}},
      {"bayes_floor_mse", r.bayes_floor_mse},
      {"global_mean_mse", r.global_mean_mse}};
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  write_file_atomic(path, text.data(), text.size());
}

}  // namespace

nlohmann::json synthesize_douban(const SynthOptions& options, const std::filesystem::path& out,
                                 OutputPolicy policy) {
  validate(options);
  policy.marker = {"synth.json", "generator", "cinerec synth"};
  StagedDir staged(out, policy);
  Rng user_rng(options.seed, kUserStream);
  Rng movie_rng(options.seed, kMovieStream);
  Rng rating_rng(options.seed, kRatingStream);
  const synth::SynthUsers users = synth::generate_users(options.users, kLatentDim, user_rng);
  const synth::SynthMovies movies = synth::generate_movies(options.movies, kLatentDim, movie_rng);
  const synth::SynthRatings ratings =
      synth::generate_ratings(users, movies, options.ratings, kLatentDim, rating_rng);
  const nlohmann::json info = describe(options, ratings);
  write_text(staged.path() / "movies.csv", synth::movies_csv(movies));
  write_text(staged.path() / "users.csv", synth::users_csv(users));
  write_text(staged.path() / "ratings.csv", synth::ratings_csv(ratings, movies));
  write_text(staged.path() / "synth.json", info.dump(2) + "\n");
  staged.commit();
  return info;
}

}  // namespace cinerec
