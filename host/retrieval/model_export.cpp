#include "host/retrieval/model_export.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include "host/comm/rank_ordered_output.h"
#include "host/common/atomic_file.h"
#include "host/common/csv_field.h"
#include "host/common/npy.h"
#include "host/common/staged_dir.h"
#include "host/data/dataset/movie_labels.h"
#include "host/retrieval/tower_features.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

void write_text(const fs::path& path, const std::string& text) {
  write_file_atomic(path, text.data(), text.size());
}

std::string users_csv(const Dataset& data) {
  std::string text = "index,user_id\n";
  for (size_t u = 0; u < data.num_users(); ++u) {
    text += std::to_string(u) + ',';
    append_csv_field(text, data.user_ids()[u]);
    text += '\n';
  }
  return text;
}

std::string movies_csv(const Dataset& data) {
  std::string text = "index,movie_id,title,genres\n";
  for (uint32_t m = 0; m < data.num_movies(); ++m) {
    text += std::to_string(m) + ',';
    append_csv_field(text, data.movie_ids()[m]);
    text += ',';
    append_csv_field(text, movie_title_text(data, m));
    text += ',';
    append_csv_field(text, movie_genre_text(data, m));
    text += '\n';
  }
  return text;
}

// One tower's features for all `rows` users or movies, made and written a chunk at a time; across
// ranks, each makes its share of the rows and rank 0 writes the file.
void write_features(TrainedModel& model, const fs::path& path, size_t rows, bool users,
                    size_t chunk_rows, Communicator& world) {
  const size_t dim = model.backend->feature_dim();
  std::optional<NpyWriter<float>> file;
  if (world.is_root()) file.emplace(path, std::vector{rows, dim});
  // Pieces split a rank's bytes only at multiples of the piece size, so never inside a float.
  RankOrderedOutput output(world, 1, [&file](size_t, std::span<const std::byte> bytes) {
    file->append(std::span(reinterpret_cast<const float*>(bytes.data()), bytes.size() / 4));
  });
  const Share share = share_of(rows, world.rank(), world.size());
  for (size_t first = 0; first < share.count; first += chunk_rows) {
    const std::vector<uint32_t> chunk =
        index_range(share.first + first, std::min(chunk_rows, share.count - first));
    const UserMovieVectors f =
        compute_tower_features(*model.backend, model.data, model.config.train.eval_batch_size,
                               users ? Indices(chunk) : Indices(), users ? Indices() : chunk);
    output.append(0, std::as_bytes(std::span(users ? f.users : f.movies)));
  }
  output.finish();
  if (file) file->commit();
}

void write_embedding_tables(Backend& backend, const fs::path& dir) {
  const std::vector<float> params = backend.state().params;
  for (const ParamEntry& e : backend.layout().entries()) {
    if (e.kind != ParamKind::kEmbedding) continue;
    write_npy<float>(dir / (e.name + ".npy"), std::span(params).subspan(e.offset, e.size), e.shape);
  }
}

}  // namespace

void export_model(TrainedModel& model, const fs::path& out, OutputPolicy policy,
                  size_t feature_chunk, Communicator& world) {
  if (feature_chunk == 0) throw std::invalid_argument("export: the feature chunk must be positive");
  const Dataset& data = model.data;
  policy.marker = {"export.json", "format", "cinerec-export"};
  std::optional<StagedDir> dir;
  if (world.is_root()) dir.emplace(out, policy);
  const fs::path staged = dir ? dir->path() : fs::path();
  write_features(model, staged / "user_features.npy", data.num_users(), true, feature_chunk, world);
  write_features(model, staged / "movie_features.npy", data.num_movies(), false, feature_chunk,
                 world);
  if (!dir) return;
  write_embedding_tables(*model.backend, staged);
  write_text(staged / "users.csv", users_csv(data));
  write_text(staged / "movies.csv", movies_csv(data));
  const auto absolute = [](const fs::path& p) { return p.empty() ? "" : fs::absolute(p).string(); };
  const nlohmann::json info = {
      {"format", "cinerec-export"},          {"run", absolute(model.run_dir)},
      {"dataset", absolute(model.data_dir)}, {"users", data.num_users()},
      {"movies", data.num_movies()},         {"feature_dim", model.backend->feature_dim()}};
  write_text(staged / "export.json", info.dump(2) + "\n");
  dir->commit();
}

}  // namespace cinerec
