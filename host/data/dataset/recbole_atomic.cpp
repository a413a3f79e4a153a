#include "host/data/dataset/recbole_atomic.h"

#include <charconv>
#include <stdexcept>

#include "host/common/atomic_file.h"
#include "host/common/staged_dir.h"

namespace cinerec {
namespace {

// RecBole splits a line on tabs: an id holding one (or a line break) could not be read back.
void append_token(std::string& out, std::string_view id) {
  if (id.find_first_of("\t\r\n") != std::string_view::npos) {
    throw std::runtime_error("RecBole atomic files: the id \"" + std::string(id) +
                             "\" holds a tab or a line break");
  }
  out += id;
}

template <class T>
void append_number(std::string& out, T v) {
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
}

std::string inter_file(const Dataset& data, Split split) {
  std::string text = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n";
  for (const uint32_t i : data.split_indices(split)) {
    append_token(text, data.user_ids()[data.rating_user()[i]]);
    text += '\t';
    append_token(text, data.movie_ids()[data.rating_movie()[i]]);
    text += '\t';
    append_number(text, data.rating_value()[i]);
    text += '\t';
    append_number(text, data.rating_time()[i]);
    text += '\n';
  }
  return text;
}

}  // namespace

void write_recbole_atomic(const Dataset& data, const std::filesystem::path& dir,
                          const std::string& name, const OutputPolicy& policy) {
  StagedDir out(dir, policy);
  for (const auto& [split, suffix] : {std::pair{Split::kTrain, ".train.inter"},
                                      {Split::kVal, ".valid.inter"},
                                      {Split::kTest, ".test.inter"}}) {
    const std::string text = inter_file(data, split);
    write_file_atomic(out.path() / (name + suffix), text.data(), text.size());
  }
  out.commit();
}

}  // namespace cinerec
