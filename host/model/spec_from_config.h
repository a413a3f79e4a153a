// The model a config describes, sized for a dataset's vocabularies.
#pragma once

#include "host/config/config.h"
#include "host/data/dataset/dataset.h"
#include "host/model/model_spec.h"
#include "host/model/ranking_term.h"

namespace cinerec {

// Validated (ModelSpec::validate).
ModelSpec make_model_spec(const ModelConfig& config, const Dataset& data);

// The ranking term the train.ranking_* keys describe (with eval.relevance_threshold for
// train.ranking_positives = "relevant").
RankingTerm make_ranking_term(const Config& config);

}  // namespace cinerec
