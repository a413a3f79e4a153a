#include "host/retrieval/topk_output.h"

#include <charconv>
#include <string>
#include <vector>

#include "host/common/npy.h"
#include "host/common/staged_dir.h"
#include "host/data/douban_synth_csv.h"

namespace cinerec {
namespace {

// The shortest text that reads back to the same float.
void append_float(std::string& out, float v) {
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
}

void write_csv(const std::filesystem::path& path, const TopK& top, std::span<const uint32_t> users,
               const Dataset& data) {
  std::string text = "user_id,rank,movie_id,score\n";
  for (size_t i = 0; i < users.size(); ++i) {
    for (size_t r = 0; r < top.counts[i]; ++r) {
      synth::append_csv_field(text, data.user_ids()[users[i]]);
      text += ',' + std::to_string(r + 1) + ',';
      synth::append_csv_field(text, data.movie_ids()[top.movies[i * top.k + r]]);
      text += ',';
      append_float(text, top.scores[i * top.k + r]);
      text += '\n';
    }
  }
  write_file_atomic(path, text.data(), text.size());
}

void write_arrays(const std::filesystem::path& path, const TopK& top, size_t users) {
  std::vector<int64_t> ids(top.movies.size());
  for (size_t i = 0; i < ids.size(); ++i)
    ids[i] = top.movies[i] == kNoMovie ? -1 : static_cast<int64_t>(top.movies[i]);
  const std::filesystem::path stem = path.parent_path() / path.stem();
  write_npy<int64_t>(stem.string() + "_ids.npy", ids, {users, top.k});
  write_npy<float>(stem.string() + "_scores.npy", top.scores, {users, top.k});
}

}  // namespace

void write_topk(const std::filesystem::path& path, const TopK& top, std::span<const uint32_t> users,
                const Dataset& data) {
  if (path.extension() == ".npy") {
    write_arrays(path, top, users.size());
  } else {
    write_csv(path, top, users, data);
  }
}

}  // namespace cinerec
