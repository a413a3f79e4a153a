#include "host/train/rating_metrics.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/common/finite.h"

namespace cinerec {

nlohmann::json RatingMetrics::to_json() const {
  return {{"mse", mse}, {"rmse", rmse}, {"mae", mae}, {"count", count}};
}

RatingMetrics evaluate_ratings(Backend& backend, const Dataset& data,
                               std::span<const uint32_t> indices, size_t batch_size,
                               Communicator& world) {
  RatingMetrics m;
  Batch batch;
  std::vector<float> pred;
  const Share share = share_of(indices.size(), world.rank(), world.size());
  const auto mine = indices.subspan(share.first, share.count);
  double sums[2] = {0.0, 0.0};  // squared and absolute errors
  double &squared = sums[0], &absolute = sums[1];
  for (size_t begin = 0; begin < mine.size(); begin += batch_size) {
    const auto slice = mine.subspan(begin, std::min(batch_size, mine.size() - begin));
    gather_batch(data, slice, 0, batch);
    pred.resize(slice.size());
    backend.predict(batch, pred);
    require_finite(pred, "a predicted rating");
    for (size_t i = 0; i < slice.size(); ++i) {
      const double e = static_cast<double>(pred[i]) - static_cast<double>(batch.rating[i]);
      squared += e * e;
      absolute += std::abs(e);
    }
  }
  world.sum(sums);
  m.count = indices.size();
  if (m.count > 0) {
    m.mse = squared / static_cast<double>(m.count);
    m.rmse = std::sqrt(m.mse);
    m.mae = absolute / static_cast<double>(m.count);
  }
  return m;
}

}  // namespace cinerec
