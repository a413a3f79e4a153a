#include "host/data/dataset/movie_labels.h"

namespace cinerec {
namespace {

bool non_ascii(std::string_view token) {
  return !token.empty() && static_cast<unsigned char>(token[0]) >= 0x80;
}

}  // namespace

std::string movie_title_text(const Dataset& data, uint32_t movie) {
  std::string text;
  std::string_view previous;
  for (int32_t id : data.movie_title(movie)) {
    if (id == kPadToken) continue;
    const std::string_view token = data.tokens()[static_cast<size_t>(id)];
    if (!text.empty() && !(non_ascii(previous) && non_ascii(token))) text += ' ';
    text += token;
    previous = token;
  }
  return text;
}

std::string movie_genre_text(const Dataset& data, uint32_t movie) {
  std::string text;
  for (uint32_t g : data.movie_genres(movie)) {
    if (!text.empty()) text += '|';
    text += data.genres()[g];
  }
  return text;
}

}  // namespace cinerec
