// `cinerec stats`, `plot` and `report` as processes: each CSV holds the dataset's (or the run's)
// numbers, computed again here independently; each PNG is an image of its planned size with
// something drawn on it; the report embeds every figure and renders in headless Chromium; and
// the failure paths (no matplotlib, an existing output, a malformed metrics line) say so.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "host/data/dataset/dataset_io.h"
#include "host/data/source/csv_reader.h"
#include "tests/cli_runner.h"
#include "tests/run_logs.h"
#include "tests/source_fixtures.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;
using testing::contains;
using testing::run_cli;

struct Csv {
  std::vector<std::string> comments, header;
  std::vector<std::vector<std::string>> rows;
};

// The project's CSV reader, with the "# " comment lines cinerec writes before the header.
Csv read_csv(const fs::path& path) {
  Csv csv;
  CsvReader reader(path, CsvOptions{});
  bool header = true;
  for (CsvRecord r; reader.next(r);) {
    std::vector<std::string> fields(r.fields.begin(), r.fields.end());
    if (header && fields.front().starts_with("# ")) {
      std::string comment = fields.front().substr(2);
      for (size_t i = 1; i < fields.size(); ++i)
        comment += "," + fields[i];
      csv.comments.push_back(comment);
      continue;
    }
    (header ? csv.header : csv.rows.emplace_back()) = fields;
    header = false;
  }
  return csv;
}

double number(const std::string& field) {
  return std::stod(field);
}

// The width and height in a PNG's IHDR chunk.
std::pair<uint32_t, uint32_t> png_size(const fs::path& path) {
  const std::string bytes = testing::read_text(path);
  EXPECT_GE(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(bytes.substr(12, 4), "IHDR");
  const auto be32 = [&](size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i)
      v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

// Something is drawn: the pixels vary and use more than a handful of colours (decoded by
// matplotlib, which tools/install-deps.sh installs for the figures).
void expect_drawn(const fs::path& png) {
  const testing::CliResult r = testing::run_shell(
      "/usr/bin/python3 -c \"import sys, numpy as np, matplotlib.image as m; a = m.imread('" +
      png.string() +
      "')[..., :3]; print(float(a.std()), len(np.unique(a.reshape(-1, 3), axis=0)))\" 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  std::istringstream in(r.output);
  double spread = 0;
  size_t colours = 0;
  in >> spread >> colours;
  EXPECT_GT(spread, 0.02) << png;
  EXPECT_GT(colours, 8u) << png;
}

// Every figure the plan lists: its CSV, and a PNG of the planned size with content.
std::vector<std::string> expect_figures(const fs::path& dir) {
  const auto plan = nlohmann::json::parse(testing::read_text(dir / "figures.json"));
  EXPECT_EQ(plan.at("format"), "cinerec-figures");
  std::vector<std::string> names;
  for (const auto& f : plan.at("figures")) {
    const fs::path png = dir / f.at("png").get<std::string>();
    EXPECT_TRUE(fs::is_regular_file(dir / f.at("csv").get<std::string>())) << png;
    const auto [w, h] = png_size(png);
    EXPECT_EQ(w, f.at("width_px").get<uint32_t>()) << png;
    EXPECT_EQ(h, f.at("height_px").get<uint32_t>()) << png;
    expect_drawn(png);
    names.push_back(png.stem().string());
  }
  return names;
}

int civil_year(int64_t t) {
  using namespace std::chrono;
  return static_cast<int>(year_month_day(floor<days>(sys_seconds(seconds(t)))).year());
}

// A small Douban-shaped dataset and a two-epoch run on it, shared by the tests.
class CliFigures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // No test runs yet, so no ScratchDir: a directory of the suite's own.
    dir_ = fs::temp_directory_path() / ("cinerec-CliFigures-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string raw = (dir() / "raw").string(), ds = data().string();
    ASSERT_EQ(
        run_cli("synth --out " + raw + " --users 150 --movies 900 --ratings 6000 --seed 3").status,
        0);
    ASSERT_EQ(run_cli("prepare --in " + raw + " --format douban --out " + ds + " --val 0.1").status,
              0);
    for (const char* run : {"run_a", "run_b"}) {
      const testing::CliResult r =
          run_cli("train --data " + ds + " --out " + (dir() / run).string() +
                  " --set train.epochs=2 --set train.threads=1 --set train.batch_size=64");
      ASSERT_EQ(r.status, 0) << r.output;
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path dir() { return dir_; }
  static fs::path data() { return dir() / "ds"; }
  static inline fs::path dir_;
};

TEST_F(CliFigures, StatsCsvsHoldTheDatasetsCounts) {
  const fs::path out = dir() / "stats";
  const testing::CliResult r =
      run_cli("stats --data " + data().string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(expect_figures(out),
            (std::vector<std::string>{"top_genres", "genre_movies_per_year", "rating_histogram",
                                      "movie_rating_vs_year", "movies_and_ratings_per_year",
                                      "ratings_per_user_and_movie", "split_sizes", "cold_start"}));
  const Dataset d = load_dataset(data());

  std::map<std::string, size_t> per_genre;
  for (uint32_t m = 0; m < d.num_movies(); ++m)
    for (uint32_t g : d.movie_genres(m))
      ++per_genre[std::string(d.genres()[g])];
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& [g, n] : per_genre)
    ranked.emplace_back(n, g);
  std::ranges::sort(ranked, [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const Csv genres = read_csv(out / "top_genres.csv");
  ASSERT_EQ(genres.rows.size(), std::min<size_t>(10, ranked.size()));
  for (size_t i = 0; i < genres.rows.size(); ++i) {
    EXPECT_EQ(genres.rows[i][0], ranked[i].second);
    EXPECT_EQ(number(genres.rows[i][1]), static_cast<double>(ranked[i].first));
  }

  std::map<double, size_t> per_value;
  for (float v : d.rating_value())
    ++per_value[v];
  const Csv histogram = read_csv(out / "rating_histogram.csv");
  ASSERT_EQ(histogram.rows.size(), per_value.size());
  for (const auto& row : histogram.rows)
    EXPECT_EQ(number(row[1]), static_cast<double>(per_value.at(number(row[0]))));

  // Douban's files have no release year: each movie sits at its first rating's year.
  std::map<uint32_t, int> first_year;
  std::map<uint32_t, std::pair<double, size_t>> sums;
  std::map<int, size_t> ratings_per_year;
  for (size_t i = 0; i < d.num_ratings(); ++i) {
    const uint32_t m = d.rating_movie()[i];
    const int y = civil_year(d.rating_time()[i]);
    first_year[m] = first_year.contains(m) ? std::min(first_year[m], y) : y;
    sums[m].first += d.rating_value()[i];
    ++sums[m].second;
    ++ratings_per_year[y];
  }
  const Csv scatter = read_csv(out / "movie_rating_vs_year.csv");
  EXPECT_EQ(scatter.header[0], "first_rating_year");
  EXPECT_TRUE(contains(scatter.comments.at(1), "first rating (the source gives no release year)"));
  ASSERT_EQ(scatter.rows.size(), first_year.size());
  for (const auto& row : scatter.rows) {
    const uint32_t m = *d.movie_ids().find(row[3]);
    EXPECT_EQ(number(row[0]), first_year.at(m));
    EXPECT_NEAR(number(row[1]), sums.at(m).first / static_cast<double>(sums.at(m).second), 1e-5);
    EXPECT_EQ(number(row[2]), static_cast<double>(sums.at(m).second));
  }
  const Csv per_year = read_csv(out / "movies_and_ratings_per_year.csv");
  size_t movies_listed = 0;
  ASSERT_EQ(per_year.rows.size(), ratings_per_year.size());
  for (const auto& row : per_year.rows) {
    EXPECT_EQ(number(row[2]),
              static_cast<double>(ratings_per_year.at(static_cast<int>(number(row[0])))));
    movies_listed += static_cast<size_t>(number(row[1]));
  }
  EXPECT_EQ(movies_listed, first_year.size());

  const Csv lines = read_csv(out / "genre_movies_per_year.csv");
  // The synthetic years (2005-2019) lie inside the paper's 2000-2022: every one of them is listed.
  std::set<double> listed_years;
  for (const auto& row : lines.rows)
    listed_years.insert(number(row[1]));
  int lo = 9999, hi = 0;
  for (const auto& [m, y] : first_year)
    lo = std::min(lo, y), hi = std::max(hi, y);
  ASSERT_GE(lo, 2000);
  ASSERT_LE(hi, 2022);
  EXPECT_EQ(listed_years.size(), static_cast<size_t>(hi - lo + 1));
  EXPECT_EQ(*listed_years.begin(), lo);
  EXPECT_EQ(lines.rows.size(), 5 * listed_years.size());
  for (const auto& row : lines.rows) {
    const uint32_t g = *d.genres().find(row[0]);
    size_t n = 0;
    for (const auto& [m, y] : first_year) {
      const auto gs = d.movie_genres(m);
      n += y == number(row[1]) && std::ranges::find(gs, g) != gs.end();
    }
    EXPECT_EQ(number(row[2]), static_cast<double>(n)) << row[0] << " " << row[1];
  }

  std::map<std::string, std::map<size_t, size_t>> tails;
  std::map<uint32_t, size_t> per_user, per_movie;
  for (size_t i = 0; i < d.num_ratings(); ++i)
    ++per_user[d.rating_user()[i]], ++per_movie[d.rating_movie()[i]];
  for (const auto& [u, n] : per_user)
    ++tails["users"][n];
  for (const auto& [m, n] : per_movie)
    ++tails["movies"][n];
  const Csv tail = read_csv(out / "ratings_per_user_and_movie.csv");
  size_t tail_rows = 0;
  for (const auto& row : tail.rows) {
    EXPECT_EQ(number(row[2]),
              static_cast<double>(tails.at(row[0]).at(static_cast<size_t>(number(row[1])))));
    ++tail_rows;
  }
  EXPECT_EQ(tail_rows, tails["users"].size() + tails["movies"].size());

  const Csv split = read_csv(out / "split_sizes.csv");
  ASSERT_EQ(split.rows.size(), 3u);
  std::set<uint32_t> train_movies, test_movies_cold;
  for (size_t s = 0; s < 3; ++s) {
    std::set<uint32_t> users, movies;
    size_t ratings = 0;
    for (size_t i = 0; i < d.num_ratings(); ++i) {
      if (d.rating_split()[i] != s) continue;
      ++ratings;
      users.insert(d.rating_user()[i]);
      movies.insert(d.rating_movie()[i]);
    }
    if (s == 0) train_movies = movies;
    EXPECT_EQ(number(split.rows[s][1]), static_cast<double>(ratings));
    EXPECT_EQ(number(split.rows[s][2]), static_cast<double>(users.size()));
    EXPECT_EQ(number(split.rows[s][3]), static_cast<double>(movies.size()));
  }
  EXPECT_GT(number(split.rows[1][1]), 0.0) << "the dataset has a validation split";
  for (size_t i = 0; i < d.num_ratings(); ++i) {
    if (d.rating_split()[i] == 2 && !train_movies.contains(d.rating_movie()[i])) {
      test_movies_cold.insert(d.rating_movie()[i]);
    }
  }
  const Csv cold = read_csv(out / "cold_start.csv");
  const auto cold_row = std::ranges::find_if(
      cold.rows, [](const auto& row) { return row[0] == "test movies without training ratings"; });
  ASSERT_NE(cold_row, cold.rows.end());
  EXPECT_EQ(number((*cold_row)[1]), static_cast<double>(test_movies_cold.size()));
}

// A source with release years (ML-1M's titles end in one), read with --format; most of them
// before 2000, so the per-year figure keeps the data's own range rather than the paper's.
TEST_F(CliFigures, StatsUsesTheSourcesReleaseYears) {
  const fs::path src = dir() / "ml1m";
  for (const auto& [name, text] : testing::ml1m_fixture().files)
    testing::write_text(src / name, text);
  testing::write_text(src / "movies.dat",
                      "1::Toy Story (1995)::Animation|Comedy\n"
                      "2::Old Film (1919)::Drama\n"
                      "3::New Film (2000)::Drama|Comedy\n");
  const fs::path out = dir() / "ml1m-stats";
  const testing::CliResult r =
      run_cli("stats --data " + src.string() + " --format ml-1m --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const Csv scatter = read_csv(out / "movie_rating_vs_year.csv");
  EXPECT_EQ(scatter.header[0], "release_year");
  std::set<std::string> years;
  for (const auto& row : scatter.rows)
    years.insert(row[0]);
  EXPECT_EQ(years, (std::set<std::string>{"1995", "1919"})) << "the two rated movies";
  const Csv lines = read_csv(out / "genre_movies_per_year.csv");
  std::map<std::string, double> per_genre;
  std::set<double> listed;
  for (const auto& row : lines.rows) {
    per_genre[row[0]] += number(row[2]);
    listed.insert(number(row[1]));
  }
  EXPECT_EQ(*listed.begin(), 1919);
  EXPECT_EQ(*listed.rbegin(), 2000);
  EXPECT_EQ(per_genre,
            (std::map<std::string, double>{{"Animation", 1}, {"Comedy", 2}, {"Drama", 2}}));
  expect_figures(out);
}

// No year anywhere (no release years, no timestamps): the year figures are left out, the others
// drawn.
TEST_F(CliFigures, StatsLeavesOutFiguresWithoutData) {
  const fs::path src = dir() / "untimed";
  testing::write_text(src / "users.csv", "UserID,Gender,Age,JobID\n1,F,1,10\n2,M,56,0\n");
  testing::write_text(src / "movies.csv",
                      "MovieID,Title,Genres\n10,霸王别姬,剧情|爱情\n20,活着,剧情\n");
  testing::write_text(src / "ratings.csv",
                      "RatingID,UserID,MovieID,Rating,Timestamp\n1,1,10,5,0\n2,2,20,3,0\n"
                      "3,1,20,4,0\n4,2,10,2,0\n");
  const fs::path out = dir() / "untimed-stats";
  const testing::CliResult r =
      run_cli("stats --data " + src.string() + " --format douban --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(expect_figures(out),
            (std::vector<std::string>{"top_genres", "rating_histogram",
                                      "ratings_per_user_and_movie", "split_sizes", "cold_start"}));
}

TEST_F(CliFigures, WithoutMatplotlibTheCsvsAreStillWrittenAndTheMessageSaysWhatToInstall) {
  // Python without its site-packages: no matplotlib.
  const fs::path python = dir() / "bare-python";
  testing::write_text(python, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
  fs::permissions(python, fs::perms::owner_all);
  const fs::path out = dir() / "no-matplotlib";
  const testing::CliResult r =
      testing::run_shell("CINEREC_PYTHON=" + python.string() + " " + CINEREC_BINARY +
                         " stats --data " + data().string() + " --out " + out.string() + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "install Debian's python3-matplotlib")) << r.output;
  EXPECT_TRUE(contains(r.output, "the figures' CSVs are in " + out.string())) << r.output;
  EXPECT_TRUE(fs::is_regular_file(out / "top_genres.csv"));
  EXPECT_FALSE(fs::exists(out / "top_genres.png"));

  const testing::CliResult none = testing::run_shell(
      "CINEREC_PYTHON=/nonexistent/python3 " + std::string(CINEREC_BINARY) + " plot --run " +
      (dir() / "run_a").string() + " --out " + (dir() / "no-python").string() + " 2>&1");
  EXPECT_EQ(none.status, 1) << none.output;
  EXPECT_TRUE(contains(none.output, "cannot run /nonexistent/python3")) << none.output;
  EXPECT_TRUE(fs::is_regular_file(dir() / "no-python" / "training_loss.csv"));
}

TEST_F(CliFigures, AnExistingOutputIsReplacedOnlyWithForceAndOnlyIfItIsFigures) {
  const fs::path out = dir() / "replace";
  const std::string stats = "stats --data " + data().string() + " --out " + out.string();
  ASSERT_EQ(run_cli(stats).status, 0);
  const testing::CliResult again = run_cli(stats);
  EXPECT_NE(again.status, 0);
  EXPECT_TRUE(contains(again.output, "--force")) << again.output;
  EXPECT_EQ(run_cli(stats + " --force").status, 0);
  testing::write_text(dir() / "mine" / "notes.txt", "mine");
  const testing::CliResult theirs = run_cli("stats --data " + data().string() + " --out " +
                                            (dir() / "mine").string() + " --force");
  EXPECT_NE(theirs.status, 0) << theirs.output;
  EXPECT_EQ(testing::read_text(dir() / "mine" / "notes.txt"), "mine");
}

TEST_F(CliFigures, PlotDrawsTheRunsCurvesFromTheirMetrics) {
  const fs::path out = dir() / "curves";
  const testing::CliResult r = run_cli("plot --run " + (dir() / "run_a").string() + " --run " +
                                       (dir() / "run_b").string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(expect_figures(out), (std::vector<std::string>{"training_loss", "eval_mse"}));
  const Csv loss = read_csv(out / "training_loss.csv");
  const Csv eval = read_csv(out / "eval_mse.csv");
  for (const char* run : {"run_a", "run_b"}) {
    testing::expect_loss_windows_add_up(dir() / run);
    const auto windows = testing::json_lines(dir() / run / "train_loss.jsonl");
    const auto epochs = testing::json_lines(dir() / run / "metrics.jsonl");
    std::vector<std::vector<std::string>> window_rows, epoch_rows, val_rows, test_rows;
    for (const auto& row : loss.rows) {
      if (row[0] == std::string(run) + " (every 1/50 epoch)") window_rows.push_back(row);
      if (row[0] == std::string(run) + " (epoch mean)") epoch_rows.push_back(row);
    }
    for (const auto& row : eval.rows) {
      if (row[0] == std::string(run) + " val") val_rows.push_back(row);
      if (row[0] == std::string(run) + " test") test_rows.push_back(row);
    }
    ASSERT_EQ(window_rows.size(), windows.size());
    EXPECT_GE(windows.size(), 2 * 25u) << "25 to 50 windows an epoch";
    for (size_t i = 0; i < windows.size(); ++i)
      EXPECT_NEAR(number(window_rows[i][2]), windows[i].at("train_loss").get<double>(), 1e-5);
    ASSERT_EQ(epoch_rows.size(), epochs.size());
    ASSERT_EQ(val_rows.size(), epochs.size());
    ASSERT_EQ(test_rows.size(), epochs.size());
    for (size_t i = 0; i < epochs.size(); ++i) {
      EXPECT_EQ(number(epoch_rows[i][1]), static_cast<double>(i + 1));
      EXPECT_NEAR(number(epoch_rows[i][2]), epochs[i].at("train_loss").get<double>(), 1e-5);
      EXPECT_NEAR(number(val_rows[i][2]), epochs[i].at("val").at("mse").get<double>(), 1e-5);
      EXPECT_NEAR(number(test_rows[i][2]), epochs[i].at("test").at("mse").get<double>(), 1e-5);
    }
  }
}

TEST_F(CliFigures, PlotNamesTheFileAndLineOfABadMetricsLine) {
  const fs::path run = dir() / "bad-run";
  testing::write_text(run / "metrics.jsonl", "{\"epoch\": 1, \"train_loss\": 1}\nnot json\n");
  const testing::CliResult bad =
      run_cli("plot --run " + run.string() + " --out " + (dir() / "bad-curves").string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_TRUE(contains(bad.output,
                       (run / "metrics.jsonl").string() + ":2: expected one JSON object per line"))
      << bad.output;
  EXPECT_FALSE(fs::exists(dir() / "bad-curves"));
  // Stopped in its first epoch: the loss windows up to its checkpoint, no epoch yet.
  const fs::path early = dir() / "early-run";
  testing::write_text(early / "metrics.jsonl", "");
  testing::write_text(early / "train_loss.jsonl",
                      "{\"epoch\":0.02,\"samples\":64,\"step\":1,\"train_loss\":3.5}\n"
                      "{\"epoch\":0.04,\"samples\":64,\"step\":2,\"train_loss\":2.5}\n");
  const testing::CliResult curves =
      run_cli("plot --run " + early.string() + " --out " + (dir() / "early-curves").string());
  ASSERT_EQ(curves.status, 0) << curves.output;
  EXPECT_EQ(read_csv(dir() / "early-curves" / "training_loss.csv").rows.size(), 2u);
  EXPECT_EQ(expect_figures(dir() / "early-curves"), std::vector<std::string>{"training_loss"});
  testing::write_text(early / "train_loss.jsonl", "");
  const testing::CliResult empty =
      run_cli("plot --run " + early.string() + " --out " + (dir() / "empty-curves").string());
  EXPECT_EQ(empty.status, 1);
  EXPECT_TRUE(contains(empty.output, "holds no training loss yet")) << empty.output;
  const testing::CliResult none =
      run_cli("plot --run " + data().string() + " --out " + (dir() / "none-curves").string());
  EXPECT_EQ(none.status, 1);
  EXPECT_TRUE(contains(none.output, "has no metrics.jsonl: not a cinerec training run"))
      << none.output;
}

TEST_F(CliFigures, TheReportEmbedsEveryFigureAndRendersInChromium) {
  const fs::path compare = dir() / "compare";
  const testing::CliResult c = run_cli("compare --data " + data().string() + " --out " +
                                       compare.string() + " --models pop,mf");
  ASSERT_EQ(c.status, 0) << c.output;
  for (const char* name : {"compare_full", "compare_sampled", "compare_train_seconds"})
    EXPECT_TRUE(fs::is_regular_file(compare / (std::string(name) + ".png"))) << name;

  const fs::path html = dir() / "report.html";
  const testing::CliResult r =
      run_cli("report --run " + (dir() / "run_a").string() + " --compare " + compare.string() +
              " --out " + html.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string text = testing::read_text(html);
  for (const char* name :
       {"top_genres", "genre_movies_per_year", "rating_histogram", "movie_rating_vs_year",
        "movies_and_ratings_per_year", "ratings_per_user_and_movie", "split_sizes", "cold_start",
        "training_loss", "eval_mse", "compare_full", "compare_sampled", "compare_train_seconds"}) {
    EXPECT_TRUE(contains(text, "<img id=\"fig-" + std::string(name) + "\"")) << name;
  }
  EXPECT_EQ(text.find("src=\"http"), std::string::npos) << "the report must open offline";
  EXPECT_FALSE(contains(text, "src=\"file"));
  for (const char* section :
       {"<h2>Dataset</h2>", "<h2>Training</h2>", "<h2>Evaluation (test split)</h2>",
        "<h2>Recommendations</h2>", "<h2>Comparison</h2>", "Movies similar to",
        "People who would rate"}) {
    EXPECT_TRUE(contains(text, section)) << section;
  }
  const Dataset d = load_dataset(data());
  EXPECT_TRUE(contains(text, std::string(d.genres()[d.movie_genres(0).front()])))
      << "genre names (CJK) in the lists";

  const fs::path png = dir() / "report.png";
  const testing::CliResult shot =
      testing::run_shell(std::string(CINEREC_SOURCE_DIR) + "/tools/render_html.sh " +
                         html.string() + " " + png.string() + " 1200 3000 2>&1");
  ASSERT_EQ(shot.status, 0) << shot.output;
  EXPECT_EQ(png_size(png), (std::pair<uint32_t, uint32_t>{1200, 3000}));
  expect_drawn(png);

  // A compare.json that is not compare's output is named.
  testing::write_text(dir() / "bad-compare" / "compare.json", "{\"k\": 10}");
  const testing::CliResult bad =
      run_cli("report --run " + (dir() / "run_a").string() + " --compare " +
              (dir() / "bad-compare").string() + " --out " + (dir() / "bad.html").string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_TRUE(contains(bad.output, (dir() / "bad-compare" / "compare.json").string() +
                                       ": expected the compare.json `cinerec compare` writes"))
      << bad.output;
  EXPECT_FALSE(fs::exists(dir() / "bad.html"));

  // An existing report is kept unless --force.
  const testing::CliResult again =
      run_cli("report --run " + (dir() / "run_a").string() + " --out " + html.string());
  EXPECT_NE(again.status, 0);
  EXPECT_EQ(testing::read_text(html), text);
}

}  // namespace
}  // namespace cinerec
