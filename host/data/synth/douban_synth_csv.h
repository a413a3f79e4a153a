// The synthetic tables as Douban-layout UTF-8 CSV text (header line first, RFC 4180 quoting).
#pragma once

#include <string>

#include "host/data/synth/douban_synth_movies.h"
#include "host/data/synth/douban_synth_ratings.h"
#include "host/data/synth/douban_synth_users.h"

namespace cinerec::synth {

std::string movies_csv(const SynthMovies& movies);
std::string users_csv(const SynthUsers& users);
std::string ratings_csv(const SynthRatings& ratings, const SynthMovies& movies);

}  // namespace cinerec::synth
