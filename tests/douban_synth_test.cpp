#include "host/data/synth/douban_synth.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "host/data/source/bad_rows.h"
#include "host/data/source/source_reader.h"
#include "host/data/synth/douban_synth_vocab.h"
#include "host/text/title_tokenizer.h"
#include "test_util.h"

namespace cinerec {
namespace {

using testing::read_text;
using testing::ScratchDir;

constexpr int64_t kFirstTime = 1104537600;  // 2005-01-01 00:00:00 UTC
constexpr int64_t kLastTime = 1577836799;   // 2019-12-31 23:59:59 UTC

SynthOptions small_options(uint64_t seed = 7) {
  SynthOptions o;
  o.users = 300;
  o.movies = 2000;
  o.ratings = 20000;
  o.seed = seed;
  return o;
}

std::string first_line(const std::filesystem::path& path) {
  const std::string text = read_text(path);
  return text.substr(0, text.find('\n'));
}

double variance(const std::vector<double>& values) {
  double sum = 0.0, square = 0.0;
  for (double v : values) {
    sum += v;
    square += v * v;
  }
  const double n = static_cast<double>(values.size());
  return square / n - (sum / n) * (sum / n);
}

// One small data set, generated and read back once for the whole suite.
class DoubanSynthSmall : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("cinerec-DoubanSynthSmall-" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    info_ = new nlohmann::json(synthesize_douban(small_options(), *dir_, {}));
    BadRowBudget strict(0);
    tables_ = new RawTables(read_douban(*dir_, strict));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete tables_;
    delete info_;
    delete dir_;
  }
  static const std::filesystem::path& dir() { return *dir_; }
  static const nlohmann::json& info() { return *info_; }
  static const RawTables& tables() { return *tables_; }

 private:
  static inline std::filesystem::path* dir_ = nullptr;
  static inline nlohmann::json* info_ = nullptr;
  static inline RawTables* tables_ = nullptr;
};

TEST_F(DoubanSynthSmall, WritesTheThreeTablesWithExactHeaders) {
  EXPECT_EQ(first_line(dir() / "movies.csv"), "MovieID,Title,Genres");
  EXPECT_EQ(first_line(dir() / "ratings.csv"), "RatingID,UserID,MovieID,Rating,Timestamp");
  EXPECT_EQ(first_line(dir() / "users.csv"), "UserID,Gender,Age,JobID");
  EXPECT_TRUE(std::filesystem::exists(dir() / "synth.json"));
}

TEST_F(DoubanSynthSmall, CountsMatchTheOptions) {
  EXPECT_EQ(tables().users.size(), 300u);
  EXPECT_EQ(tables().movies.size(), 2000u);
  EXPECT_EQ(tables().ratings.size(), 20000u);
  EXPECT_EQ(info()["counts"]["users"], 300);
  EXPECT_EQ(info()["counts"]["movies"], 2000);
  EXPECT_EQ(info()["counts"]["ratings"], 20000);
  EXPECT_EQ(info()["format"], "douban");
  EXPECT_EQ(info()["seed"], 7);
  EXPECT_EQ(info()["latent_dim"], 8);
  EXPECT_EQ(info(), nlohmann::json::parse(read_text(dir() / "synth.json")));
}

TEST_F(DoubanSynthSmall, IdsAreSequentialUsersAndDistinctDoubanMovies) {
  for (size_t u = 0; u < tables().users.size(); ++u) {
    ASSERT_EQ(tables().users[u].id, std::to_string(u + 1));
  }
  std::set<std::string> ids;
  for (const RawMovie& m : tables().movies) {
    EXPECT_TRUE(m.id.size() == 7 || m.id.size() == 8) << m.id;
    EXPECT_NE(m.id[0], '0') << m.id;
    ids.insert(m.id);
  }
  EXPECT_EQ(ids.size(), tables().movies.size());
}

TEST_F(DoubanSynthSmall, GenresAreOneToSixDistinctFromTheVocabularyDramaFirst) {
  std::map<std::string, size_t> frequency;
  for (const auto& g : synth::genre_vocab()) {
    frequency[std::string(g.name)] = 0;
  }
  for (const RawMovie& m : tables().movies) {
    EXPECT_GE(m.genres.size(), 1u);
    EXPECT_LE(m.genres.size(), 6u);
    EXPECT_EQ(std::set<std::string>(m.genres.begin(), m.genres.end()).size(), m.genres.size());
    for (const std::string& g : m.genres) {
      ASSERT_TRUE(frequency.count(g)) << "unknown genre " << g;
      ++frequency[g];
    }
  }
  const auto most =
      std::max_element(frequency.begin(), frequency.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(most->first, "剧情");
  EXPECT_EQ(info()["genres"].size(), 28u);
  EXPECT_EQ(info()["genres"][0], "剧情");
  EXPECT_EQ(info()["genres"][27], "舞台艺术");
}

TEST_F(DoubanSynthSmall, TitlesAreChineseSomeWithLatinWordsDigitsAndQuotedCommas) {
  size_t latin = 0, digits = 0, commas = 0;
  for (const RawMovie& m : tables().movies) {
    const std::vector<std::string> tokens = tokenize_title(m.title);
    const auto cjk = std::count_if(tokens.begin(), tokens.end(), [](const std::string& t) {
      return static_cast<unsigned char>(t[0]) >= 0x80;
    });
    EXPECT_GE(cjk, 2) << m.title;
    EXPECT_LE(cjk, 12) << m.title;
    latin += std::any_of(m.title.begin(), m.title.end(),
                         [](unsigned char c) { return std::isalpha(c); });
    digits += std::any_of(m.title.begin(), m.title.end(),
                          [](unsigned char c) { return std::isdigit(c); });
    commas += m.title.find(',') != std::string::npos;
  }
  // 8% Latin subtitles, 4% sequel digits, a few with commas that need RFC 4180 quoting.
  EXPECT_GT(latin, 100u);
  EXPECT_LT(latin, 250u);
  EXPECT_GT(digits, 40u);
  EXPECT_LT(digits, 130u);
  EXPECT_GT(commas, 0u);
  EXPECT_NE(read_text(dir() / "movies.csv").find(",\""), std::string::npos);
}

TEST_F(DoubanSynthSmall, HistogramHasThePapersShape) {
  std::vector<double> share(5, 0.0);
  for (const RawRating& r : tables().ratings) {
    ASSERT_EQ(r.value, std::round(r.value));
    ASSERT_GE(r.value, 1.0f);
    ASSERT_LE(r.value, 5.0f);
    share[static_cast<size_t>(r.value) - 1] += 1.0 / 20000.0;
  }
  EXPECT_GT(share[2], share[3]);
  EXPECT_GT(share[3], share[4]);
  EXPECT_GT(share[4], share[1]);
  EXPECT_GT(share[1], share[0]);
  const std::vector<double> target = {0.04, 0.10, 0.36, 0.31, 0.19};
  for (size_t k = 0; k < 5; ++k) {
    EXPECT_NEAR(share[k], target[k], 0.001) << "rating " << k + 1;
    EXPECT_NEAR(info()["rating_histogram"]["realised"][k].get<double>(), share[k], 1e-12);
    EXPECT_EQ(info()["rating_histogram"]["target"][k].get<double>(), target[k]);
  }
  const auto cuts = info()["parameters"]["ratings"]["cut_points"].get<std::vector<double>>();
  ASSERT_EQ(cuts.size(), 4u);
  EXPECT_TRUE(std::is_sorted(cuts.begin(), cuts.end()));
}

TEST_F(DoubanSynthSmall, DemographicsAndTimestampsAreInRange) {
  const std::set<std::string> ages = {"1", "18", "25", "35", "45", "50", "56"};
  std::set<std::string> genders, jobs;
  for (const RawUser& u : tables().users) {
    EXPECT_TRUE(ages.count(u.age)) << u.age;
    genders.insert(u.gender);
    const int job = std::stoi(u.job);
    EXPECT_GE(job, 0);
    EXPECT_LE(job, 20);
    jobs.insert(u.job);
  }
  EXPECT_EQ(genders, (std::set<std::string>{"F", "M"}));
  EXPECT_EQ(jobs.size(), 21u);
  for (const RawRating& r : tables().ratings) {
    ASSERT_GE(r.timestamp, kFirstTime);
    ASSERT_LE(r.timestamp, kLastTime);
  }
}

TEST_F(DoubanSynthSmall, UsersRateAtLeastTenWithAHeavyTail) {
  std::vector<size_t> per_user(tables().users.size(), 0);
  for (const RawRating& r : tables().ratings) {
    ++per_user[r.user];
  }
  EXPECT_GE(*std::min_element(per_user.begin(), per_user.end()), 10u);
  // Mean 67; the heaviest user rates many times that.
  EXPECT_GT(*std::max_element(per_user.begin(), per_user.end()), 500u);
}

TEST_F(DoubanSynthSmall, OnlyTheReportedRepeatsRepeatAPairAndTheyComeLater) {
  std::map<std::pair<uint32_t, uint32_t>, std::vector<int64_t>> times;
  for (const RawRating& r : tables().ratings) {
    times[{r.user, r.movie}].push_back(r.timestamp);
  }
  size_t repeats = 0;
  for (const auto& [pair, t] : times) {
    ASSERT_LE(t.size(), 2u);
    if (t.size() == 2) {
      ++repeats;
      EXPECT_LT(t[0], t[1]);  // rows are in time order
    }
  }
  EXPECT_EQ(repeats, 60u);  // 0.3% of 20000
  EXPECT_EQ(info()["counts"]["repeated_pairs"], 60);
}

TEST_F(DoubanSynthSmall, BayesFloorIsSaneAndBelowTheGlobalMeanError) {
  std::vector<double> ratings;
  for (const RawRating& r : tables().ratings) {
    ratings.push_back(r.value);
  }
  const double global_mean_mse = variance(ratings);
  const double floor = info()["bayes_floor_mse"].get<double>();
  EXPECT_NEAR(info()["global_mean_mse"].get<double>(), global_mean_mse, 1e-9);
  EXPECT_GT(floor, 0.4);
  EXPECT_LT(floor, 0.65);
  EXPECT_LT(floor, global_mean_mse - 0.3);
}

// Per-user means fitted on even rows beat the global mean on odd rows by a clear margin.
TEST_F(DoubanSynthSmall, UserMeansBeatTheGlobalMean) {
  const auto& ratings = tables().ratings;
  std::vector<double> sum(tables().users.size(), 0.0), count(tables().users.size(), 0.0);
  double global = 0.0;
  for (size_t i = 0; i < ratings.size(); i += 2) {
    sum[ratings[i].user] += ratings[i].value;
    count[ratings[i].user] += 1.0;
    global += ratings[i].value;
  }
  global /= static_cast<double>(ratings.size() / 2);
  double global_error = 0.0, user_error = 0.0;
  for (size_t i = 1; i < ratings.size(); i += 2) {
    const RawRating& r = ratings[i];
    const double user_mean = (sum[r.user] + 5.0 * global) / (count[r.user] + 5.0);
    global_error += (r.value - global) * (r.value - global);
    user_error += (r.value - user_mean) * (r.value - user_mean);
  }
  EXPECT_LT(user_error, 0.95 * global_error);
}

// Genre means spread far beyond what sampling noise around one common mean would give.
TEST_F(DoubanSynthSmall, GenreMeansDifferBeyondNoise) {
  std::map<std::string, std::vector<double>> by_genre;
  for (const RawRating& r : tables().ratings) {
    for (const std::string& g : tables().movies[r.movie].genres) {
      by_genre[g].push_back(r.value);
    }
  }
  std::vector<double> all;
  for (const RawRating& r : tables().ratings) {
    all.push_back(r.value);
  }
  const double overall = variance(all);
  double chi_square = 0.0, grand = 0.0;
  for (const double v : all) {
    grand += v;
  }
  grand /= static_cast<double>(all.size());
  size_t genres = 0;
  for (const auto& [name, values] : by_genre) {
    if (values.size() < 200) continue;
    double mean = 0.0;
    for (double v : values) {
      mean += v;
    }
    mean /= static_cast<double>(values.size());
    chi_square += (mean - grand) * (mean - grand) * static_cast<double>(values.size()) / overall;
    ++genres;
  }
  ASSERT_GE(genres, 15u);
  // Without structure chi_square ~ genres - 1 (about 30 at most); demand an order more.
  EXPECT_GT(chi_square, 10.0 * static_cast<double>(genres));
}

TEST(DoubanSynth, SameSeedIsByteIdenticalAndAnotherSeedDiffers) {
  ScratchDir tmp;
  synthesize_douban(small_options(3), tmp / "a", {});
  synthesize_douban(small_options(3), tmp / "b", {});
  synthesize_douban(small_options(4), tmp / "c", {});
  for (const char* file : {"movies.csv", "ratings.csv", "users.csv", "synth.json"}) {
    EXPECT_EQ(read_text(tmp / "a" / file), read_text(tmp / "b" / file)) << file;
    EXPECT_NE(read_text(tmp / "a" / file), read_text(tmp / "c" / file)) << file;
  }
}

TEST(DoubanSynth, TinySetRatesEveryPairOnce) {
  ScratchDir tmp;
  SynthOptions o;
  o.users = 3;
  o.movies = 4;
  o.ratings = 12;
  const nlohmann::json info = synthesize_douban(o, tmp / "out", {});
  BadRowBudget strict(0);
  const RawTables t = read_douban(tmp / "out", strict);
  std::set<std::pair<uint32_t, uint32_t>> pairs;
  for (const RawRating& r : t.ratings) {
    pairs.insert({r.user, r.movie});
  }
  EXPECT_EQ(pairs.size(), 12u);
  EXPECT_EQ(info["counts"]["repeated_pairs"], 0);
}

void expect_refused(const SynthOptions& o, const std::string& message) {
  ScratchDir tmp;
  try {
    synthesize_douban(o, tmp / "out", {});
    ADD_FAILURE() << "accepted, expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
  EXPECT_FALSE(std::filesystem::exists(tmp / "out"));
}

TEST(DoubanSynth, RefusesBadOptions) {
  SynthOptions o = small_options();
  o.users = 0;
  expect_refused(o, "synth: --users must be > 0");
  o = small_options();
  o.movies = 0;
  expect_refused(o, "synth: --movies must be > 0");
  o = small_options();
  o.ratings = 0;
  expect_refused(o, "synth: --ratings must be > 0");
  o = small_options();
  o.users = 3;
  o.movies = 4;
  o.ratings = 13;
  expect_refused(o,
                 "synth: --ratings 13 exceeds the 12 distinct (user, movie) pairs of "
                 "--users 3 and --movies 4");
  o = small_options();
  o.movies = 100000000;
  expect_refused(o, "synth: --movies must be at most 98708457 (movie ids have at most 8 digits)");
}

// An earlier synth output is replaced with --force; a directory of someone's files never is.
TEST(DoubanSynth, ReplacesOnlyAnEarlierSynthOutputAndOnlyWhenForced) {
  ScratchDir tmp;
  testing::write_text(tmp / "mine" / "keep.txt", "mine");
  SynthOptions o = small_options();
  o.ratings = 3000;
  EXPECT_THROW(synthesize_douban(o, tmp / "mine", {}), OutputRefused);
  EXPECT_THROW(synthesize_douban(o, tmp / "mine", OutputPolicy::replace()), OutputRefused);
  EXPECT_EQ(read_text(tmp / "mine" / "keep.txt"), "mine");
  synthesize_douban(o, tmp / "out", {});
  testing::write_text(tmp / "out" / "stray.txt", "x");
  EXPECT_THROW(synthesize_douban(o, tmp / "out", {}), OutputRefused);
  synthesize_douban(o, tmp / "out", OutputPolicy::replace());
  EXPECT_FALSE(std::filesystem::exists(tmp / "out" / "stray.txt"));
  EXPECT_TRUE(std::filesystem::exists(tmp / "out" / "ratings.csv"));
}

// Filler characters must carry no topic, or titles would leak signal the report does not
// describe.
TEST(DoubanSynth, FillerCharactersAreNoGenresTopicCharacters) {
  std::set<std::string> topic;
  for (const auto& g : synth::genre_vocab()) {
    for (std::string& c : synth::split_code_points(g.topic_chars)) {
      topic.insert(std::move(c));
    }
  }
  for (const std::string& c : synth::split_code_points(synth::filler_chars())) {
    EXPECT_FALSE(topic.count(c)) << c;
  }
}

}  // namespace
}  // namespace cinerec
