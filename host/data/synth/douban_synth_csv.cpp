#include "host/data/synth/douban_synth_csv.h"

#include <charconv>

#include "host/common/csv_field.h"
#include "host/data/synth/douban_synth_vocab.h"

namespace cinerec::synth {
namespace {

template <typename Int>
void append_int(std::string& out, Int value) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, end);
}

}  // namespace

std::string movies_csv(const SynthMovies& movies) {
  const auto& vocab = genre_vocab();
  std::string out = "MovieID,Title,Genres\n";
  out.reserve(movies.id.size() * 48);
  for (size_t m = 0; m < movies.id.size(); ++m) {
    append_int(out, movies.id[m]);
    out += ',';
    append_csv_field(out, movies.title[m]);
    out += ',';
    for (size_t i = 0; i < movies.genres[m].size(); ++i) {
      if (i > 0) out += '|';
      out += vocab[movies.genres[m][i]].name;
    }
    out += '\n';
  }
  return out;
}

std::string users_csv(const SynthUsers& users) {
  std::string out = "UserID,Gender,Age,JobID\n";
  out.reserve(users.age.size() * 16);
  for (size_t u = 0; u < users.age.size(); ++u) {
    append_int(out, u + 1);
    out += ',';
    out += users.gender[u];
    out += ',';
    append_int(out, users.age[u]);
    out += ',';
    append_int(out, users.job[u]);
    out += '\n';
  }
  return out;
}

std::string ratings_csv(const SynthRatings& ratings, const SynthMovies& movies) {
  std::string out = "RatingID,UserID,MovieID,Rating,Timestamp\n";
  out.reserve(ratings.rows.size() * 40);
  for (size_t i = 0; i < ratings.rows.size(); ++i) {
    const RatingRow& r = ratings.rows[i];
    append_int(out, i + 1);
    out += ',';
    append_int(out, r.user + 1);
    out += ',';
    append_int(out, movies.id[r.movie]);
    out += ',';
    append_int(out, r.rating);
    out += ',';
    append_int(out, r.timestamp);
    out += '\n';
  }
  return out;
}

}  // namespace cinerec::synth
