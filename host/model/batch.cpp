#include "host/model/batch.h"

#include <stdexcept>

namespace cinerec {

const std::vector<uint32_t>& Batch::ids(BatchField field) const {
  switch (field) {
    case BatchField::kUser:
      return user;
    case BatchField::kGender:
      return gender;
    case BatchField::kAge:
      return age;
    case BatchField::kJob:
      return job;
    case BatchField::kMovie:
      return movie;
    case BatchField::kGenres:
      return genres;
    case BatchField::kTitle:
      return title;
  }
  throw std::logic_error("Batch::ids: no such field");
}

void Batch::clear(uint64_t at_step) {
  for (auto* v : {&user, &gender, &age, &job, &movie, &genres, &title})
    v->clear();
  genre_offsets.assign(1, 0);
  rating.clear();
  ranking = {};
  weight.clear();
  step = at_step;
  first_row = 0;
  global_size = 0;
}

void Batch::append(const Dataset& data, uint32_t u, uint32_t m, float value) {
  user.push_back(u);
  gender.push_back(data.user_gender()[u]);
  age.push_back(data.user_age()[u]);
  job.push_back(data.user_job()[u]);
  movie.push_back(m);
  const auto g = data.movie_genres(m);
  genres.insert(genres.end(), g.begin(), g.end());
  genre_offsets.push_back(static_cast<uint32_t>(genres.size()));
  for (int32_t t : data.movie_title(m))
    title.push_back(static_cast<uint32_t>(t));
  rating.push_back(value);
}

void gather_batch(const Dataset& data, std::span<const uint32_t> indices, uint64_t step, Batch& b) {
  b.clear(step);
  for (uint32_t r : indices) {
    b.append(data, data.rating_user()[r], data.rating_movie()[r], data.rating_value()[r]);
  }
}

}  // namespace cinerec
