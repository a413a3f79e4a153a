// `cinerec compare` on a small synthetic set: it trains Pop, MF and a small CNN, writes the
// table in three formats with the figures `eval` gives for each run, reuses finished runs,
// resumes a run whose epoch count grew, and refuses unknown models and mismatched configs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_runner.h"
#include "tests/mpi_job.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;
using testing::contains;

nlohmann::json json_of(const fs::path& file) {
  return nlohmann::json::parse(testing::read_text(file));
}

TEST(CliCompare, TabulatesWhatEvalGivesForEachModelAndReusesFinishedRuns) {
  testing::ScratchDir tmp;
  const fs::path ds = testing::make_dataset(tmp), out = tmp / "cmp", configs = tmp / "configs";
  testing::write_text(configs / "cnn.toml",
                      "[model]\nfeature_dim = 16\n[train]\nepochs = 1\nthreads = 1\n");
  const std::string compare = "compare --data " + ds.string() + " --out " + out.string() +
                              " --config-dir " + configs.string();
  auto r = testing::run_cli(compare + " --models pop,mf,cnn");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* model : {"pop", "mf", "cnn"})
    EXPECT_TRUE(contains(r.output, std::string("compare: ") + model + ": training")) << r.output;
  const nlohmann::json table = json_of(out / "compare.json");
  ASSERT_EQ(table.at("models").size(), 3u);
  for (const auto& row : table.at("models")) {
    const std::string name = row.at("model");
    const auto e = testing::run_shell(testing::bin() + " eval --run " + (out / name).string() +
                                      " 2>/dev/null");
    ASSERT_EQ(e.status, 0) << e.output;
    nlohmann::json evaluated = nlohmann::json::parse(e.output);
    EXPECT_EQ(row.at("mse"), evaluated.at("mse")) << name;
    EXPECT_EQ(row.at("ranking"), evaluated.at("ranking")) << name;
    EXPECT_GT(row.at("parameters").get<size_t>(), 0u);
  }
  EXPECT_EQ(table.at("models")[0].at("kind"), "pop");
  EXPECT_FALSE(table.at("models")[0].at("ranking").at("rated").contains("recall"));
  const std::string csv = testing::read_text(out / "compare.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_TRUE(contains(csv, "model,MSE,RMSE,full Recall@10,full NDCG@10")) << csv;
  const std::string md = testing::read_text(out / "compare.md");
  EXPECT_TRUE(contains(md, "| mf | ")) << md;
  EXPECT_TRUE(contains(md, "Recall 0.9338 and NDCG 0.9785")) << md;

  r = testing::run_cli(compare + " --models pop,mf,cnn");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_FALSE(contains(r.output, ": training")) << r.output;
  EXPECT_EQ(json_of(out / "compare.json"), table);

  // More epochs resume the run; another model setting is refused.
  testing::write_text(configs / "cnn.toml",
                      "[model]\nfeature_dim = 16\n[train]\nepochs = 2\nthreads = 1\n");
  r = testing::run_cli(compare + " --models cnn");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "compare: cnn: training (2 epochs)")) << r.output;
  testing::write_text(configs / "cnn.toml", "[model]\nfeature_dim = 8\n");
  r = testing::run_cli(compare + " --models cnn");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "holds a run of another config")) << r.output;
}

TEST(CliCompare, RefusesUnknownModelsAndAConfigOfAnotherKind) {
  testing::ScratchDir tmp;
  const fs::path ds = testing::make_dataset(tmp);
  const std::string compare = "compare --data " + ds.string() + " --out " + (tmp / "c").string();
  auto r = testing::run_cli(compare + " --models pop,deepfm");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "unknown or not yet built model \"deepfm\"")) << r.output;
  testing::write_text(tmp / "configs" / "mf.toml", "[model]\nkind = \"pop\"\n");
  r = testing::run_cli(compare + " --models mf --config-dir " + (tmp / "configs").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "has model.kind = \"pop\", not \"mf\"")) << r.output;
  EXPECT_FALSE(fs::exists(tmp / "c" / "compare.md"));
}

// RecBole's atomic files of the split: one per split, the header RecBole reads, a line per rating
// with the source's ids, the counts of the manifest; an existing output is kept without --force.
TEST(CliAtomic, WritesTheSplitAsRecBoleInterFiles) {
  testing::ScratchDir tmp;
  const fs::path ds = testing::make_dataset(tmp), out = tmp / "atomic";
  const std::string atomic = "atomic --data " + ds.string() + " --out " + out.string();
  auto r = testing::run_cli(atomic + " --name douban");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto counts = json_of(ds / "manifest.json").at("counts");
  for (const auto& [file, split] : {std::pair{"douban.train.inter", "train"},
                                    {"douban.valid.inter", "val"},
                                    {"douban.test.inter", "test"}}) {
    const std::string text = testing::read_text(out / file);
    EXPECT_TRUE(text.starts_with("user_id:token\titem_id:token\trating:float\ttimestamp:float\n"))
        << file;
    EXPECT_EQ(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')),
              counts.at(split).get<size_t>() + 1)
        << file;
  }
  // Four fields a line.
  const std::string test = testing::read_text(out / "douban.test.inter");
  const size_t begin = test.find('\n') + 1;
  const std::string first = test.substr(begin, test.find('\n', begin) - begin);
  EXPECT_EQ(std::count(first.begin(), first.end(), '\t'), 3) << first;
  r = testing::run_cli(atomic);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(testing::run_cli(atomic + " --force").status, 0);
  EXPECT_TRUE(fs::exists(out / "cinerec.train.inter"));
  EXPECT_FALSE(fs::exists(out / "douban.train.inter"));  // replaced whole
}

}  // namespace
}  // namespace cinerec
