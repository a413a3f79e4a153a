#include "host/retrieval/model_ranking.h"

#include "host/retrieval/model_vectors.h"
#include "host/runtime/ranking_scorers.h"

namespace cinerec {

ModelRanking::ModelRanking(TrainedModel& model, const TopKScorer& scorer) {
  if (const RowScorer* rows = model.backend->row_scorer()) {
    scores_ = row_ranking_scores(*rows);
    return;
  }
  const ModelVectors vectors(model);
  vectors_ = vectors.scores(vectors.features());
  scores_ = vector_ranking_scores(vectors_, scorer);
}

}  // namespace cinerec
