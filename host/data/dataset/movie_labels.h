// Human-readable movie labels for the output tables: the title as the dataset stores it (its
// tokens: Latin words lower-cased and split at punctuation, CJK characters one by one) and the
// genre names.
#pragma once

#include <cstdint>
#include <string>

#include "host/data/dataset/dataset.h"

namespace cinerec {

// Tokens joined by spaces, except between two non-ASCII tokens (CJK characters); <pad> dropped.
std::string movie_title_text(const Dataset& data, uint32_t movie);
// Genre names joined by '|'.
std::string movie_genre_text(const Dataset& data, uint32_t movie);

}  // namespace cinerec
