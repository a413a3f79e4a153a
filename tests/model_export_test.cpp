// export_model writes each tower's features a chunk at a time: for any chunk size the arrays hold
// the rows compute_tower_features gives, in order (to 1e-6: a GEMM over fewer rows may round
// differently).
#include "host/retrieval/model_export.h"
#include "host/model/spec_from_config.h"

#include <gtest/gtest.h>

#include <cstring>

#include "host/common/npy.h"
#include "host/retrieval/tower_features.h"
#include "tests/retrieval_fixture.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

std::vector<float> npy_floats(const std::filesystem::path& path, size_t rows, size_t dim) {
  const std::string bytes = testing::read_text(path);
  const size_t header = npy_header("<f4", {rows, dim}).size();
  EXPECT_EQ(bytes.size(), header + rows * dim * sizeof(float)) << path;
  std::vector<float> values(rows * dim);
  std::memcpy(values.data(), bytes.data() + header,
              std::min(bytes.size() - header, values.size() * sizeof(float)));
  return values;
}

void expect_near(const std::vector<float>& got, const std::vector<float>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], 1e-6f) << "value " << i;
}

TEST(ModelExport, FeaturesAreTheTowersRowsForAnyChunkSize) {
  testing::ScratchDir tmp;
  TrainedModel model{{}, {}, {}, testing::small_dataset(), nullptr};
  model.config.model = testing::small_model_config(Head::kDot, true);
  model.backend = testing::random_backend(make_model_spec(model.config.model, model.data), 4);
  const UserMovieVectors all =
      compute_tower_features(*model.backend, model.data, model.config.train.eval_batch_size);
  const size_t users = model.data.num_users(), movies = model.data.num_movies();
  for (const size_t chunk : {size_t{1}, size_t{7}, size_t{1} << 16}) {
    const auto dir = tmp / ("chunk" + std::to_string(chunk));
    export_model(model, dir, {}, chunk);
    expect_near(npy_floats(dir / "user_features.npy", users, all.dim), all.users);
    expect_near(npy_floats(dir / "movie_features.npy", movies, all.dim), all.movies);
  }
  EXPECT_THROW(export_model(model, tmp / "zero", {}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace cinerec
