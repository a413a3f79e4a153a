#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/cpu/topk.h"
#include "host/data/dataset/movie_labels.h"
#include "host/data/dataset/rating_scale.h"
#include "host/retrieval/model_ranking.h"
#include "host/retrieval/model_vectors.h"
#include "host/retrieval/recommend.h"
#include "host/runtime/topk_scorer.h"

namespace cinerec::cli {
namespace {

struct RecommendArgs {
  RunArgs run;
  std::string user, similar_to, fans_of;
  size_t k = 5;
  bool sample = false;
  uint64_t seed = 1;
};

uint32_t find_id(const StringColumn& ids, const std::string& id, const char* kind) {
  const auto index = ids.find(id);
  if (!index) throw std::invalid_argument("unknown " + std::string(kind) + " id " + id);
  return *index;
}

// With `scale`, the scores are predicted ratings: shown also clipped to the rating scale.
void print_movies(const Dataset& data, const std::vector<Recommended>& list,
                  const std::optional<RatingScale>& scale) {
  std::printf("%4s  %-12s %9s%s  %s  [%s]\n", "rank", "movie_id", "score", scale ? "  rating" : "",
              "title", "genres");
  for (size_t i = 0; i < list.size(); ++i) {
    const Recommended& r = list[i];
    char rating[16] = "";
    if (scale) std::snprintf(rating, sizeof rating, "  %6.2f", scale->clip(r.score));
    std::printf("%4zu  %-12s %9.4f%s  %s  [%s]\n", i + 1,
                std::string(data.movie_ids()[r.index]).c_str(), static_cast<double>(r.score),
                rating, movie_title_text(data, r.index).c_str(),
                movie_genre_text(data, r.index).c_str());
  }
}

void print_query(const Dataset& data, uint32_t movie) {
  std::printf("movie %s: %s  [%s]\n", std::string(data.movie_ids()[movie]).c_str(),
              movie_title_text(data, movie).c_str(), movie_genre_text(data, movie).c_str());
}

void print_fans(const Dataset& data, const std::vector<Fan>& fans, const RatingScale& scale) {
  for (size_t i = 0; i < fans.size(); ++i) {
    const uint32_t u = fans[i].user.index;
    std::printf(
        "\nfan %zu: user %s (gender %s, age %s, job %s), predicted rating %.2f (score %.4f); also "
        "likes:\n",
        i + 1, std::string(data.user_ids()[u]).c_str(),
        std::string(data.genders()[data.user_gender()[u]]).c_str(),
        std::string(data.ages()[data.user_age()[u]]).c_str(),
        std::string(data.jobs()[data.user_job()[u]]).c_str(),
        static_cast<double>(scale.clip(fans[i].user.score)),
        static_cast<double>(fans[i].user.score));
    print_movies(data, fans[i].favourites, scale);
  }
}

void run_recommend(const RecommendArgs& a) {
  if (a.sample && a.k > kSamplePool) {
    throw UsageError("--sample draws --k entries from each list's top " +
                     std::to_string(kSamplePool) + ": --k must be at most " +
                     std::to_string(kSamplePool) + ", got " + std::to_string(a.k));
  }
  const ListOptions options{a.k, a.sample ? std::optional<uint64_t>(a.seed) : std::nullopt};
  TrainedModel model = open_run(a.run);
  const Dataset& data = model.data;
  const bool ratings = scores_are_ratings(model.config.model);
  if (!ratings && a.user.empty()) {
    throw std::invalid_argument("the run's ranking score is no predicted rating (model.kind = \"" +
                                model.config.model.kind + "\"" +
                                (model.config.model.ranking_bias ? ", model.ranking_bias" : "") +
                                "): only --user lists come from it");
  }
  if (!a.user.empty()) {
    const uint32_t user = find_id(data.user_ids(), a.user, "user");
    std::printf(
        "top movies for user %s (score: %s; movies rated in training excluded):\n", a.user.c_str(),
        ratings ? "predicted rating, ranked by; rating: the same clipped to the rating scale"
        : model.config.model.kind == "pop" ? "positives in training, the same order for every user"
                                           : "the model's ranking score, not a rating");
    const ModelRanking ranked(model, make_topk_scorer("cpu"));
    print_movies(
        data, movies_for_user(ranked.scores(), rated_items(data, {Split::kTrain}), user, options),
        ratings ? std::optional(rating_scale(data)) : std::nullopt);
    return;
  }
  const ModelVectors vectors(model);
  const UserMovieVectors features = vectors.features();
  if (!a.similar_to.empty()) {
    const uint32_t movie = find_id(data.movie_ids(), a.similar_to, "movie");
    print_query(data, movie);
    std::printf("similar movies (score: cosine similarity of the movie features):\n");
    print_movies(data, similar_movies(features, movie, options), std::nullopt);
  } else {
    const uint32_t movie = find_id(data.movie_ids(), a.fans_of, "movie");
    print_query(data, movie);
    std::printf("people who like this movie (highest predicted rating) also like:\n");
    print_fans(data, fans_of(vectors.scores(features), movie, options), rating_scale(data));
  }
}

}  // namespace

void add_recommend_command(CLI::App& app) {
  auto a = std::make_shared<RecommendArgs>();
  CLI::App* cmd = app.add_subcommand(
      "recommend", "The paper's lists: similar movies, a user's top movies, fans' favourites");
  add_run_options(*cmd, a->run);
  CLI::Option_group* list = cmd->add_option_group("list", "Which list (exactly one)");
  list->add_option("--user", a->user, "Top movies for this user (source id)");
  list->add_option("--similar-to", a->similar_to, "Movies similar to this movie (source id)");
  list->add_option("--fans-of", a->fans_of,
                   "The users who would rate this movie highest, and their favourites");
  list->require_option(1);
  cmd->add_option("--k", a->k, "List length")
      ->check(whole_number(1, kMaxTopK))
      ->capture_default_str();
  cmd->add_flag("--sample", a->sample,
                "Draw --k (at most 20) at random from the top 20 (the original code)");
  cmd->add_option("--seed", a->seed, "Seed of --sample")
      ->check(whole_number(0))
      ->capture_default_str();
  cmd->callback([a] { run_recommend(*a); });
}

}  // namespace cinerec::cli
