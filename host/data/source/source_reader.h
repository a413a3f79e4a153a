// Readers for the source formats cinerec understands. Each validates every row and reports a
// malformed one as an InputError (file, line, column, what was expected), or skips it when the
// BadRowBudget allows. File-level problems (missing, empty, header-only, missing column) are
// always errors.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/data/source/bad_rows.h"
#include "host/data/source/raw_tables.h"

namespace cinerec {

// The paper's Douban tables: movies.csv (MovieID,Title,Genres), ratings.csv
// (RatingID,UserID,MovieID,Rating,Timestamp), users.csv (UserID,Gender,Age,JobID).
RawTables read_douban(const std::filesystem::path& dir, BadRowBudget& bad);

// The public Douban "moviedata-10m" layout (columns by header name, no demographics).
RawTables read_moviedata(const std::filesystem::path& dir, BadRowBudget& bad);

// MovieLens 1M: users.dat, movies.dat, ratings.dat ("::"-separated, Latin-1).
RawTables read_ml1m(const std::filesystem::path& dir, BadRowBudget& bad);

// MovieLens 100K: u.data, u.item, u.user, u.occupation. With `fold` ("u1".."u5", "ua", "ub")
// the ratings come from FOLD.base and FOLD.test and carry their SourceFold.
RawTables read_ml100k(const std::filesystem::path& dir, BadRowBudget& bad,
                      const std::optional<std::string>& fold);

// Dispatches on `format` ("douban", "moviedata", "ml-1m", "ml-100k").
RawTables read_source(std::string_view format, const std::filesystem::path& dir, BadRowBudget& bad,
                      const std::optional<std::string>& fold);

const std::vector<std::string>& source_formats();

}  // namespace cinerec
