#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/comm/rank_agreement.h"
#include "host/data/dataset/user_items.h"
#include "host/retrieval/model_vectors.h"
#include "host/retrieval/streamed_topk.h"
#include "host/retrieval/topk_output.h"
#include "host/retrieval/user_list.h"
#include "host/runtime/ranking_scorers.h"
#include "host/runtime/topk_scorer.h"

namespace cinerec::cli {
namespace {

struct ScoreArgs {
  RunArgs run;
  std::string out, users;
  size_t k = 100;
  bool include_seen = false, tensor_cores = false, force = false;
};

// The arguments that shape the output, which every rank must share.
std::vector<AgreedValue> output_arguments(const ScoreArgs& a, std::span<const uint32_t> users) {
  return {
      {"--out", a.out},
      {"--k", std::to_string(a.k)},
      {"--include-seen", std::to_string(a.include_seen)},
      {"--tensor-cores", std::to_string(a.tensor_cores)},
      {"user list", std::string(reinterpret_cast<const char*>(users.data()), users.size_bytes())}};
}

// Users and catalogue stream through in chunks; each user chunk's lists go straight to the file.
void score_vectors(const ModelVectors& vectors, size_t num_movies, std::span<const uint32_t> users,
                   const UserItems* seen, size_t k, const TopKScorer& scorer, TopKWriter& out) {
  catalogue_top_k(
      users, vectors.score_dim(), num_movies, [&](Indices u) { return vectors.user_scores(u); },
      [&](size_t first, size_t count) { return vectors.movie_scores(first, count); }, seen, k, {},
      scorer, [&](const TopK& top, std::span<const uint32_t> u) { out.write(top, u); });
}

// A row scorer's lists, a chunk of users at a time.
void score_rows(const RankingScores& scores, std::span<const uint32_t> users, const UserItems* seen,
                size_t k, TopKWriter& out) {
  const size_t chunk = TopKChunks{}.users;
  for (size_t first = 0; first < users.size(); first += chunk) {
    const auto some = users.subspan(first, std::min(chunk, users.size() - first));
    const UserItems theirs = seen ? select_rows(*seen, some) : UserItems{};
    out.write(scores.top_k(some, seen ? &theirs : nullptr, k), some);
  }
}

// Across ranks, each scores its share of the users and rank 0 writes the one file.
void run_score(const ScoreArgs& a, Communicator& world) {
  const size_t k = a.k;
  const TopKScorer scorer = make_topk_scorer(a.run.device, a.tensor_cores);
  TrainedModel model = open_run(a.run);
  const std::vector<uint32_t> users =
      a.users.empty() ? all_users(model.data) : read_user_list(a.users, model.data);
  check_ranks_hold_same_model(world, model, output_arguments(a, users));
  const Share share = share_of(users.size(), world.rank(), world.size());
  const auto mine = std::span(users).subspan(share.first, share.count);
  const UserItems seen = a.include_seen ? UserItems{} : rated_items(model.data, {Split::kTrain});
  const auto t0 = std::chrono::steady_clock::now();
  TopKWriter out(a.out, users.size(), k, model.data,
                 output_policy(model, a.run, a.force, {a.users}), world);
  if (const RowScorer* rows = model.backend->row_scorer()) {
    score_rows(row_ranking_scores(*rows), mine, a.include_seen ? nullptr : &seen, k, out);
  } else {
    score_vectors(ModelVectors(model), model.data.num_movies(), mine,
                  a.include_seen ? nullptr : &seen, k, scorer, out);
  }
  out.commit();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!world.is_root()) return;
  std::fprintf(
      stderr, "score: top %zu of %zu movies for %zu users%s, scored and written to %s in %.3f s\n",
      k, model.data.num_movies(), users.size(), on_ranks(world).c_str(), a.out.c_str(), seconds);
}

}  // namespace

void add_score_command(CLI::App& app, Communicator& world) {
  auto a = std::make_shared<ScoreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "score", "Each user's K highest-scoring movies not rated in training, as CSV or .npy");
  add_run_options(*cmd, a->run);
  cmd->add_option("--out", a->out, "Output: FILE.csv, or FILE.npz (arrays \"ids\" and \"scores\")")
      ->required()
      ->check(non_empty());
  cmd->add_option("--k", a->k, "Movies per user")
      ->check(whole_number(1, kMaxTopK))
      ->capture_default_str();
  cmd->add_flag("--force", a->force, "Replace an existing output file");
  cmd->add_flag("--tensor-cores", a->tensor_cores,
                "GPU: score in TF32 on tensor cores, then re-rank the candidates in exact fp32");
  cmd->add_option("--users", a->users, "Only these users: one source user id per line");
  cmd->add_flag("--include-seen", a->include_seen, "Also rank the movies rated in training");
  cmd->callback([a, &world] { run_score(*a, world); });
}

}  // namespace cinerec::cli
