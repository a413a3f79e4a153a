// The figures of a prepared dataset: the paper's Section 4 (Figures 2-7) and what a recommender
// user checks first (the long tails, the split, cold starts). Only the tables are computed here;
// host/report/plotter.h draws them.
#pragma once

#include <vector>

#include "host/data/dataset/dataset.h"
#include "host/report/figure.h"

namespace cinerec {

// In this order: top_genres, genre_movies_per_year, rating_histogram, movie_rating_vs_year,
// movies_and_ratings_per_year, ratings_per_user_and_movie, split_sizes, cold_start; those without
// data (the year figures, when no movie has a year and no rating a timestamp) left out.
std::vector<Figure> dataset_figures(const Dataset& data);

// The UTC calendar year of a Unix time.
int utc_year(int64_t unix_seconds);

}  // namespace cinerec
