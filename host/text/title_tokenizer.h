// Splits a movie title into model tokens: Latin/Greek/Cyrillic words (lower-cased, split on
// whitespace and punctuation), digits runs kept as words, and each CJK character (ideographs,
// kana, hangul) as its own token. A trailing year "(1995)" (ASCII or full-width brackets) is
// removed first, as the MovieLens titles carry one and it is not part of the name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cinerec {

// Throws std::invalid_argument naming the byte offset on invalid UTF-8.
std::vector<std::string> tokenize_title(std::string_view title);

// The title without a trailing "(YYYY)" and surrounding whitespace; `year` receives YYYY or 0.
std::string_view strip_title_year(std::string_view title, int* year);

}  // namespace cinerec
