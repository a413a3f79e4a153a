#include "host/retrieval/topk_output.h"

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/common/csv_field.h"

namespace cinerec {
namespace {

// The shortest text that reads back to the same float.
void append_float(std::string& out, float v) {
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
}

enum Member : size_t { kIds, kScores };

// ".npz" and ".NPZ" alike.
bool extension_is(const std::filesystem::path& path, std::string_view lower) {
  std::string ext = path.extension().string();
  for (char& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == lower;
}

}  // namespace

TopKWriter::TopKWriter(const std::filesystem::path& path, size_t users, size_t k,
                       const Dataset& data, const OutputPolicy& policy, Communicator& world)
    : data_(data),
      mine_(share_of(users, world.rank(), world.size()).count),
      k_(k),
      csv_format_(!extension_is(path, ".npz")),
      output_(world, csv_format_ ? 1 : 2,
              [this](size_t member, std::span<const std::byte> bytes) { to_file(member, bytes); }) {
  if (extension_is(path, ".npy")) {
    throw std::invalid_argument("score --out " + path.string() + ": write " + path.stem().string() +
                                ".npz instead (ids and scores in one archive, so they always "
                                "belong together: np.load(FILE)[\"ids\"])");
  }
  if (!world.is_root()) return;
  if (csv_format_) {
    csv_ = std::make_unique<AtomicFile>(path, policy);
    const std::string header = "user_id,rank,movie_id,score\n";
    csv_->write(header.data(), header.size());
  } else {
    npz_ =
        std::make_unique<NpzWriter>(path,
                                    std::vector{NpzWriter::Member::of<int64_t>("ids", {users, k}),
                                                NpzWriter::Member::of<float>("scores", {users, k})},
                                    policy);
  }
}

void TopKWriter::write(const TopK& top, std::span<const uint32_t> users) {
  if (top.k != k_ || top.counts.size() != users.size() || written_ + users.size() > mine_)
    throw std::logic_error("top-k output: lists that do not fit the file");
  if (csv_format_) {
    write_csv(top, users);
  } else {
    write_arrays(top);
  }
  written_ += users.size();
}

void TopKWriter::commit() {
  if (written_ != mine_) {
    throw std::logic_error("top-k output: " + std::to_string(written_) + " of " +
                           std::to_string(mine_) + " users written");
  }
  output_.finish();
  if (csv_) csv_->commit();
  if (npz_) npz_->commit();
}

void TopKWriter::to_file(size_t member, std::span<const std::byte> bytes) {
  if (csv_) {
    csv_->write(bytes.data(), bytes.size());
  } else {
    npz_->append_raw(member, bytes);
  }
}

void TopKWriter::write_csv(const TopK& top, std::span<const uint32_t> users) {
  std::string text;
  for (size_t i = 0; i < users.size(); ++i) {
    for (size_t r = 0; r < top.counts[i]; ++r) {
      append_csv_field(text, data_.user_ids()[users[i]]);
      text += ',' + std::to_string(r + 1) + ',';
      append_csv_field(text, data_.movie_ids()[top.movies[i * top.k + r]]);
      text += ',';
      append_float(text, top.scores[i * top.k + r]);
      text += '\n';
    }
  }
  output_.append(0, std::as_bytes(std::span(text)));
}

void TopKWriter::write_arrays(const TopK& top) {
  std::vector<int64_t> ids(top.movies.size());
  for (size_t i = 0; i < ids.size(); ++i)
    ids[i] = top.movies[i] == kNoMovie ? -1 : static_cast<int64_t>(top.movies[i]);
  output_.append(kIds, std::as_bytes(std::span(ids)));
  output_.append(kScores, std::as_bytes(std::span(top.scores)));
}

}  // namespace cinerec
