// Chinese movie titles whose characters carry the movie's topic: each genre has a pool of
// topic characters and Latin words, and a title mixes draws from its genres' pools with
// meaningless filler characters, so a text model can read the genres (and more) off it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/common/rng.h"

namespace cinerec::synth {

struct TitleVocab {
  std::vector<std::string> topic_tokens;           // characters, then Latin words
  std::vector<std::vector<uint32_t>> genre_chars;  // per genre: ids into topic_tokens
  std::vector<std::vector<uint32_t>> genre_words;  // per genre: ids into topic_tokens
  std::vector<std::string> filler;
};

TitleVocab build_title_vocab();

struct SynthTitle {
  std::string text;
  std::vector<uint32_t> topics;  // topic token ids used, with repeats
};

// A title for a movie of the given genres (indices into genre_vocab(), at least one).
SynthTitle generate_title(const TitleVocab& vocab, std::span<const uint8_t> genres, Rng& rng);

nlohmann::json title_parameters();

}  // namespace cinerec::synth
