#include "host/retrieval/model_export.h"

#include <string>

#include "host/common/npy.h"
#include "host/common/staged_dir.h"
#include "host/data/douban_synth_csv.h"
#include "host/data/movie_labels.h"
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
    synth::append_csv_field(text, data.user_ids()[u]);
    text += '\n';
  }
  return text;
}

std::string movies_csv(const Dataset& data) {
  std::string text = "index,movie_id,title,genres\n";
  for (uint32_t m = 0; m < data.num_movies(); ++m) {
    text += std::to_string(m) + ',';
    synth::append_csv_field(text, data.movie_ids()[m]);
    text += ',';
    synth::append_csv_field(text, movie_title_text(data, m));
    text += ',';
    synth::append_csv_field(text, movie_genre_text(data, m));
    text += '\n';
  }
  return text;
}

void write_embedding_tables(Backend& backend, const fs::path& dir) {
  const std::vector<float> params = backend.state().params;
  for (const ParamEntry& e : backend.layout().entries()) {
    if (e.kind != ParamKind::kEmbedding) continue;
    write_npy<float>(dir / (e.name + ".npy"), std::span(params).subspan(e.offset, e.size), e.shape);
  }
}

}  // namespace

void export_model(TrainedModel& model, const fs::path& out, bool overwrite) {
  const Dataset& data = model.data;
  const TowerFeatures f =
      compute_tower_features(*model.backend, data, model.config.train.eval_batch_size);
  StagedDir dir(out, overwrite);
  write_npy<float>(dir.path() / "user_features.npy", f.users, {data.num_users(), f.dim});
  write_npy<float>(dir.path() / "movie_features.npy", f.movies, {data.num_movies(), f.dim});
  write_embedding_tables(*model.backend, dir.path());
  write_text(dir.path() / "users.csv", users_csv(data));
  write_text(dir.path() / "movies.csv", movies_csv(data));
  dir.commit();
}

}  // namespace cinerec
