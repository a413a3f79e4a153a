// The vocabulary of the synthetic Douban set: the genre names in descending frequency, each
// with the title characters and Latin words that carry its topic, and the filler characters
// that carry none. Pools may share characters; filler never overlaps a pool.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cinerec::synth {

struct GenreVocab {
  std::string_view name;
  std::string_view topic_chars;  // CJK characters, concatenated
  std::string_view latin_words;  // space-separated, capitalised as they appear in titles
};

// In descending frequency order (剧情 first).
const std::vector<GenreVocab>& genre_vocab();

// Common characters with no latent meaning, concatenated.
std::string_view filler_chars();

// One string per code point of the (valid UTF-8) text.
std::vector<std::string> split_code_points(std::string_view text);
// The space-separated words of `text`.
std::vector<std::string> split_words(std::string_view text);

}  // namespace cinerec::synth
