#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/eval/ranking_protocols.h"
#include "host/eval/rated_protocol.h"
#include "host/retrieval/model_vectors.h"
#include "host/runtime/topk_scorer.h"
#include "host/train/rating_metrics.h"

namespace cinerec::cli {
namespace {

struct EvalArgs {
  RunArgs run;
  std::string split = "test", protocol = "all";
};

nlohmann::json ranking_json(TrainedModel& model, Split split, const EvalArgs& a,
                            Communicator& world) {
  const ModelVectors vectors(model);
  const UserMovieVectors v = vectors.scores(vectors.features());
  const EvalConfig& config = model.config.eval;
  nlohmann::json ranking = {{"relevance_threshold", config.relevance_threshold}};
  const auto wanted = [&](std::initializer_list<const char*> protocols) {
    return std::ranges::find(protocols, a.protocol) != protocols.end();
  };
  if (wanted({"full", "both", "all"})) {
    ranking["full"] =
        full_ranking(v, model.data, split, config, make_topk_scorer(a.run.device), world).to_json();
  }
  if (wanted({"sampled", "both", "all"})) {
    ranking["sampled"] = sampled_ranking(v, model.data, split, config, world).to_json();
    ranking["sampled"]["negatives"] = config.sampled_negatives;
  }
  if (wanted({"rated", "all"}))
    ranking["rated"] = rated_ranking(v, model.data, split, config, world).to_json();
  return ranking;
}

// Across ranks, each evaluates its share of the ratings and of the users; rank 0 prints.
void run_eval(const EvalArgs& a, Communicator& world) {
  TrainedModel model = open_run(a.run);
  check_ranks_hold_same_model(world, model, {{"--split", a.split}, {"--protocol", a.protocol}});
  const Split split = a.split == "train" ? Split::kTrain
                      : a.split == "val" ? Split::kVal
                                         : Split::kTest;
  const auto indices = model.data.split_indices(split);
  if (indices.empty()) {
    throw std::runtime_error("the dataset has no " + a.split +
                             " ratings to evaluate (`cinerec prepare --val F` makes a validation "
                             "split)");
  }
  nlohmann::json out = evaluate_ratings(*model.backend, model.data, indices,
                                        model.config.train.eval_batch_size, world)
                           .to_json();
  out["split"] = a.split;
  if (a.protocol != "none") out["ranking"] = ranking_json(model, split, a, world);
  if (world.is_root()) std::printf("%s\n", out.dump().c_str());
}

}  // namespace

void add_eval_command(CLI::App& app, Communicator& world) {
  auto a = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Evaluate a trained run: MSE, RMSE, MAE and ranking metrics as JSON");
  add_run_options(*cmd, a->run);
  cmd->add_option("--split", a->split, "test | val | train")
      ->check(CLI::IsMember({"test", "val", "train"}))
      ->capture_default_str();
  cmd->add_option("--protocol", a->protocol,
                  "Ranking metrics: full | sampled | rated | both (full and sampled) | all | none "
                  "(docs/metrics.md)")
      ->check(CLI::IsMember({"full", "sampled", "rated", "both", "all", "none"}))
      ->capture_default_str();
  cmd->callback([a, &world] { run_eval(*a, world); });
}

}  // namespace cinerec::cli
