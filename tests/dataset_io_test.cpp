#include "host/data/dataset/dataset_io.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>

#include "host/common/checked_math.h"
#include "host/common/input_error.h"
#include "host/data/prepare/prepare.h"
#include "tests/raw_tables_fixture.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

Dataset small_dataset() {
  PrepareOptions options;
  options.split.val_fraction = 0.2;
  return prepare_dataset(testing::make_raw_tables(7, 9, 60), options, {{"path", "fixture"}});
}

void expect_refused(const fs::path& dir, const std::string& fragment) {
  try {
    load_dataset(dir);
    FAIL() << "load_dataset accepted " << dir;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

void flip_first_byte(const fs::path& file) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  char c = 0;
  f.read(&c, 1);
  f.seekp(0);
  c = static_cast<char>(c ^ 0x5A);
  f.write(&c, 1);
}

TEST(DatasetIo, RoundTripPreservesEveryArray) {
  testing::ScratchDir tmp;
  const Dataset original = small_dataset();
  write_dataset(original, tmp / "ds", {});
  const Dataset loaded = load_dataset(tmp / "ds");
  ASSERT_EQ(loaded.store().arrays().size(), original.store().arrays().size());
  for (const auto& [name, info] : original.store().arrays()) {
    const ArrayInfo& other = loaded.store().find(name, info.dtype);
    EXPECT_EQ(other.shape, info.shape) << name;
    ASSERT_EQ(other.bytes.size(), info.bytes.size()) << name;
    EXPECT_TRUE(std::equal(info.bytes.begin(), info.bytes.end(), other.bytes.begin())) << name;
  }
  EXPECT_EQ(loaded.user_ids().find("u104"), 4u);
  EXPECT_EQ(loaded.manifest()["counts"], original.manifest()["counts"]);
  EXPECT_EQ(loaded.manifest()["arrays"]["rating_value"]["dtype"], "f32");
  EXPECT_EQ(loaded.manifest()["arrays"]["movie_title_tokens"]["shape"],
            (std::vector<size_t>{9, 15}));
}

TEST(DatasetIo, SplitIndicesAreDisjointAndCoverEverything) {
  const Dataset d = small_dataset();
  std::vector<int> seen(d.num_ratings(), 0);
  for (Split s : {Split::kTrain, Split::kVal, Split::kTest}) {
    for (uint32_t i : d.split_indices(s))
      ++seen[i];
  }
  for (int n : seen)
    EXPECT_EQ(n, 1);
  EXPECT_EQ(d.split_indices(Split::kTest).size(), 12u);
  EXPECT_EQ(d.split_indices(Split::kVal).size(), 10u);  // 20% of the 48 left
}

TEST(DatasetIo, ChecksumMismatchIsRefused) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "ds", {});
  flip_first_byte(tmp / "ds" / "rating_value.bin");
  expect_refused(tmp / "ds", "rating_value.bin does not match its SHA-256");
}

TEST(DatasetIo, TruncatedArrayIsRefused) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "ds", {});
  fs::resize_file(tmp / "ds" / "rating_user.bin", 8);
  expect_refused(tmp / "ds", "rating_user.bin has 8 bytes");
}

TEST(DatasetIo, VersionMismatchIsRefused) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "ds", {});
  auto manifest = nlohmann::json::parse(testing::read_text(tmp / "ds" / "manifest.json"));
  manifest["version"] = kDatasetFormatVersion + 1;
  testing::write_text(tmp / "ds" / "manifest.json", manifest.dump());
  expect_refused(tmp / "ds", "format version 2, but this cinerec reads version 1");
}

TEST(DatasetIo, MissingOrBrokenManifestIsRefused) {
  testing::ScratchDir tmp;
  fs::create_directories(tmp / "empty");
  expect_refused(tmp / "empty", "no manifest.json");
  testing::write_text(tmp / "bad" / "manifest.json", "{not json");
  expect_refused(tmp / "bad", "not valid JSON");
}

TEST(DatasetIo, MissingArrayFileIsRefused) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "ds", {});
  fs::remove(tmp / "ds" / "tokens.bytes.bin");
  expect_refused(tmp / "ds", "tokens.bytes.bin");
}

TEST(DatasetIo, OutOfRangeIndexIsRefusedEvenWithAMatchingChecksum) {
  // A hand-edited dataset whose checksums were recomputed must still not crash later code.
  const Dataset d = small_dataset();
  ArrayStore store = d.store();
  std::vector<uint32_t> users(d.rating_user().begin(), d.rating_user().end());
  users[0] = 1000;
  store.put("rating_user", std::move(users));
  EXPECT_THROW(Dataset(std::move(store), d.manifest()), std::runtime_error);
}

// Applies `edit` to the manifest of the dataset directory `dir`.
void edit_manifest(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
  auto manifest = nlohmann::json::parse(testing::read_text(dir / "manifest.json"));
  edit(manifest);
  testing::write_text(dir / "manifest.json", manifest.dump());
}

// `info` prints these counts from the manifest, so each must agree with the arrays.
TEST(DatasetIo, ManifestCountsThatDisagreeWithTheArraysAreRefused) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "ds", {});
  const std::string train = small_dataset().manifest()["counts"]["train"].dump();
  const struct {
    std::function<void(nlohmann::json&)> edit;
    std::string error;
  } cases[] = {
      {[](auto& m) { m["counts"]["train"] = 5; },
       "manifest.json counts.train says 5, the arrays hold " + train},
      {[](auto& m) { m["counts"]["users"] = 8; },
       "manifest.json counts.users says 8, the arrays hold 7"},
      {[](auto& m) { m["counts"]["test"] = -1; },
       "manifest.json counts.test is not a count: \"-1\""},
      {[](auto& m) { m["counts"]["val"] = 10.0; }, "manifest.json counts.val is not a count"},
      {[](auto& m) { m["counts"].erase("movies"); }, "manifest.json counts.movies is missing"},
      {[](auto& m) { m["counts"]["holdout"] = 3; },
       "manifest.json counts has an unknown key \"holdout\""},
      {[](auto& m) { m["vocab_sizes"]["tokens"] = 2; },
       "manifest.json vocab_sizes.tokens says 2, the arrays hold"},
      {[](auto& m) { m.erase("vocab_sizes"); },
       "manifest.json vocab_sizes is missing or not an object"},
  };
  for (const auto& c : cases) {
    write_dataset(small_dataset(), tmp / "ds", OutputPolicy::replace());
    edit_manifest(tmp / "ds", c.edit);
    expect_refused(tmp / "ds", c.error);
  }
}

// A shape whose byte size wraps around 2^64 to the file's real size must not pass for it.
TEST(DatasetIo, ShapeWhoseSizeOverflowsIsRefused) {
  testing::ScratchDir tmp;
  const Dataset d = small_dataset();
  write_dataset(d, tmp / "ds", {});
  edit_manifest(tmp / "ds", [&](nlohmann::json& m) {
    m["arrays"]["rating_user"]["shape"] = {(size_t{1} << 62) + d.num_ratings()};
  });
  expect_refused(tmp / "ds",
                 "manifest.json arrays.rating_user.shape: the size does not fit in 64 bits");
}

// movies x title_len wrapping to the token array's size would let title rows run past its end.
TEST(DatasetIo, TitleLengthWhoseProductOverflowsIsRefused) {
  PrepareOptions options;
  options.title_len = 4;
  const Dataset d = prepare_dataset(testing::make_raw_tables(3, 8, 20), options, {});
  nlohmann::json manifest = d.manifest();
  manifest["title_len"] = 4 + (size_t{1} << 61);  // 8 x this wraps to 8 x 4
  try {
    Dataset(d.store(), manifest);
    FAIL() << "a wrapped title_len was accepted";
  } catch (const SizeOverflow& e) {
    EXPECT_NE(std::string(e.what()).find("manifest.json title_len"), std::string::npos) << e.what();
  }
}

// An array that is not a regular file is refused before it is opened or mapped.
TEST(DatasetIo, NonRegularArrayOrManifestIsRefusedPromptly) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "ds", {});
  const auto started = std::chrono::steady_clock::now();
  fs::remove(tmp / "ds" / "rating_value.bin");
  testing::make_fifo(tmp / "ds" / "rating_value.bin");
  expect_refused(tmp / "ds", "rating_value.bin: is a FIFO, expected a regular file");
  fs::remove(tmp / "ds" / "rating_value.bin");
  fs::create_symlink("/dev/zero", tmp / "ds" / "rating_value.bin");
  expect_refused(tmp / "ds", "rating_value.bin: is a character device, expected a regular file");
  fs::remove(tmp / "ds" / "manifest.json");
  testing::make_fifo(tmp / "ds" / "manifest.json");
  expect_refused(tmp / "ds", "manifest.json: is a FIFO, expected a regular file");
  EXPECT_THROW(dataset_fingerprint(tmp / "ds"), InputError);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(DatasetIo, ExistingOutputIsKeptUnlessForced) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "ds", {});
  EXPECT_THROW(write_dataset(small_dataset(), tmp / "ds", {}), std::runtime_error);
  write_dataset(small_dataset(), tmp / "ds", OutputPolicy::replace());
  EXPECT_NO_THROW(load_dataset(tmp / "ds"));
  // Nothing but the final directory remains: no staging or backup siblings.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path()))
    ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(DatasetIo, FingerprintChangesWithTheData) {
  testing::ScratchDir tmp;
  write_dataset(small_dataset(), tmp / "a", {});
  PrepareOptions options;
  options.split.seed = 99;
  write_dataset(prepare_dataset(testing::make_raw_tables(7, 9, 60), options, {}), tmp / "b", {});
  EXPECT_EQ(dataset_fingerprint(tmp / "a").size(), 64u);
  EXPECT_NE(dataset_fingerprint(tmp / "a"), dataset_fingerprint(tmp / "b"));
}

}  // namespace
}  // namespace cinerec
