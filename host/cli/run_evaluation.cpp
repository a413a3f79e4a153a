#include "host/cli/run_evaluation.h"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

#include "host/eval/ranking_protocols.h"
#include "host/eval/rated_protocol.h"
#include "host/retrieval/model_ranking.h"
#include "host/runtime/topk_scorer.h"
#include "host/train/rating_metrics.h"

namespace cinerec::cli {
namespace {

nlohmann::json ranking_json(TrainedModel& model, Split split, const std::string& protocol,
                            const std::string& device, Communicator& world) {
  const ModelRanking ranked(model, make_topk_scorer(device));
  const RankingScores& v = ranked.scores();
  const EvalConfig& config = model.config.eval;
  nlohmann::json ranking = {{"relevance_threshold", config.relevance_threshold}};
  const auto wanted = [&](std::initializer_list<const char*> protocols) {
    return std::ranges::find(protocols, protocol) != protocols.end();
  };
  if (wanted({"full", "both", "all"})) {
    ranking["full"] = full_ranking(v, model.data, split, config, world).to_json();
  }
  if (wanted({"sampled", "both", "all"})) {
    ranking["sampled"] = sampled_ranking(v, model.data, split, config, world).to_json();
    ranking["sampled"]["negatives"] = config.sampled_negatives;
  }
  if (wanted({"rated", "all"})) {
    ranking["rated"] = rated_ranking(v, model.data, split, config, world).to_json();
    // "Liked" compares predicted ratings with the threshold; Pop's scores are counts.
    if (!scores_are_ratings(model.config.model)) {
      for (const char* key : {"precision", "recall", "accuracy", "tp", "fp", "fn", "tn"})
        ranking["rated"].erase(key);
    }
  }
  return ranking;
}

}  // namespace

nlohmann::json evaluate_run(TrainedModel& model, const std::string& split_name,
                            const std::string& protocol, const std::string& device,
                            Communicator& world) {
  const Split split = split_name == "train" ? Split::kTrain
                      : split_name == "val" ? Split::kVal
                                            : Split::kTest;
  const auto indices = model.data.split_indices(split);
  if (indices.empty()) {
    throw std::runtime_error("the dataset has no " + split_name +
                             " ratings to evaluate (`cinerec prepare --val F` makes a validation "
                             "split)");
  }
  nlohmann::json out = evaluate_ratings(*model.backend, model.data, indices,
                                        model.config.train.eval_batch_size, world)
                           .to_json();
  out["split"] = split_name;
  if (protocol != "none") out["ranking"] = ranking_json(model, split, protocol, device, world);
  return out;
}

}  // namespace cinerec::cli
