#include "host/data/synth/douban_synth_titles.h"

#include <array>
#include <map>

#include "host/data/synth/douban_synth_draw.h"
#include "host/data/synth/douban_synth_vocab.h"

namespace cinerec::synth {
namespace {

constexpr size_t kMinChars = 2;
// Weights of 2, 3, ... 12 CJK characters: short titles dominate, as on Douban.
constexpr std::array<double, 11> kLengthWeights = {0.22, 0.25, 0.18, 0.12, 0.08, 0.05,
                                                   0.04, 0.02, 0.02, 0.01, 0.01};
constexpr double kTopicCharShare = 0.55;   // the rest are filler
constexpr double kSequelShare = 0.04;      // "星球大战2"
constexpr double kLatinShare = 0.08;       // "爱情公寓 Love Apartment"
constexpr double kLatinCommaShare = 0.15;  // of Latin subtitles: "Love, Heart"
constexpr double kLatinQuoteShare = 0.05;  // of Latin subtitles: "\"Love\" Heart"

uint32_t intern(std::map<std::string, uint32_t>& ids, std::vector<std::string>& tokens,
                std::string text) {
  const auto [it, added] = ids.emplace(text, static_cast<uint32_t>(tokens.size()));
  if (added) tokens.push_back(std::move(text));
  return it->second;
}

template <typename T>
const T& pick(const std::vector<T>& items, Rng& rng) {
  return items[rng.below(items.size())];
}

uint8_t pick_genre(std::span<const uint8_t> genres, Rng& rng) {
  return genres[rng.below(genres.size())];
}

void append_latin_subtitle(const TitleVocab& vocab, std::span<const uint8_t> genres, Rng& rng,
                           SynthTitle& title) {
  const size_t words = 1 + rng.below(2);
  const bool comma = rng.uniform() < kLatinCommaShare;
  const bool quote = rng.uniform() < kLatinQuoteShare;
  for (size_t w = 0; w < words; ++w) {
    const uint32_t token = pick(vocab.genre_words[pick_genre(genres, rng)], rng);
    if (w > 0 && token == title.topics.back()) break;  // no "Fear Fear"
    const std::string& word = vocab.topic_tokens[token];
    title.text += (w == 0 || !comma) ? " " : ", ";
    title.text += (w == 0 && quote) ? "\"" + word + "\"" : word;
    title.topics.push_back(token);
  }
}

}  // namespace

TitleVocab build_title_vocab() {
  TitleVocab vocab;
  std::map<std::string, uint32_t> ids;
  for (const GenreVocab& genre : genre_vocab()) {
    auto& chars = vocab.genre_chars.emplace_back();
    for (std::string& c : split_code_points(genre.topic_chars)) {
      chars.push_back(intern(ids, vocab.topic_tokens, std::move(c)));
    }
  }
  for (const GenreVocab& genre : genre_vocab()) {
    auto& words = vocab.genre_words.emplace_back();
    for (std::string& w : split_words(genre.latin_words)) {
      words.push_back(intern(ids, vocab.topic_tokens, std::move(w)));
    }
  }
  vocab.filler = split_code_points(filler_chars());
  return vocab;
}

SynthTitle generate_title(const TitleVocab& vocab, std::span<const uint8_t> genres, Rng& rng) {
  static const Categorical kLength({kLengthWeights.begin(), kLengthWeights.end()});
  SynthTitle title;
  const size_t chars = kMinChars + kLength.draw(rng);
  for (size_t i = 0; i < chars; ++i) {
    if (rng.uniform() < kTopicCharShare) {
      const uint32_t token = pick(vocab.genre_chars[pick_genre(genres, rng)], rng);
      title.text += vocab.topic_tokens[token];
      title.topics.push_back(token);
    } else {
      title.text += pick(vocab.filler, rng);
    }
  }
  if (rng.uniform() < kSequelShare) title.text += static_cast<char>('2' + rng.below(4));
  if (rng.uniform() < kLatinShare) append_latin_subtitle(vocab, genres, rng, title);
  return title;
}

nlohmann::json title_parameters() {
  return {{"chars_min", kMinChars},
          {"length_weights", kLengthWeights},
          {"topic_char_share", kTopicCharShare},
          {"sequel_share", kSequelShare},
          {"latin_subtitle_share", kLatinShare},
          {"latin_comma_share", kLatinCommaShare},
          {"latin_quote_share", kLatinQuoteShare}};
}

}  // namespace cinerec::synth
