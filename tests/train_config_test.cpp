#include "host/config/config.h"

#include <gtest/gtest.h>

#include <sstream>

#include "host/common/input_error.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;
using testing::write_text;

const char kModelKeys[] =
    "kind, head, user_id_dim, demographic_dim, movie_id_dim, genre_dim, token_dim, tower_hidden, "
    "feature_dim, title_windows, title_filters, dropout, biases, ranking_bias, title_conv";
const char kTrainKeys[] =
    "epochs, batch_size, lr, beta1, beta2, eps, embedding_optimizer, weight_decay, lr_decay, "
    "seed, threads, checkpoint_every, checkpoint_minutes, eval_batch_size, log_every_seconds, "
    "embedding_backward, cuda_graphs, ranking_loss, negatives, negative_weight, negative_target, "
    "ranking_positives, ranking_detach";

// The message of the InputError load_config throws, or a test failure when it throws none.
std::string load_error(const std::optional<fs::path>& file,
                       const std::vector<std::string>& overrides) {
  try {
    load_config(file, overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "load_config accepted the input";
  return "";
}

std::string set_error(const std::string& override_text) {
  return load_error(std::nullopt, {override_text});
}

// A Config with every key away from its default.
Config every_key_changed() {
  return {.model = {.kind = "mf",
                    .head = "fc",
                    .user_id_dim = 8,
                    .demographic_dim = 4,
                    .movie_id_dim = 9,
                    .genre_dim = 10,
                    .token_dim = 11,
                    .tower_hidden = 12,
                    .feature_dim = 64,
                    .title_windows = {3, 1},
                    .title_filters = 5,
                    .dropout = 0.0,
                    .biases = true,
                    .ranking_bias = true,
                    .title_conv = "cudnn"},
          .train = {.epochs = 3,
                    .batch_size = 1000,
                    .lr = 0.1 + 0.2,  // needs all 17 digits to read back
                    .beta1 = 0.5,
                    .beta2 = 0.75,
                    .eps = 1e-12,
                    .embedding_optimizer = "rowwise",
                    .weight_decay = 3.5e-5,
                    .lr_decay = 0.95,
                    .seed = 9223372036854775807u,
                    .threads = 4,
                    .checkpoint_every = 100,
                    .checkpoint_minutes = 2.5,
                    .eval_batch_size = 1024,
                    .log_every_seconds = 0.25,
                    .embedding_backward = "atomic",
                    .cuda_graphs = false,
                    .ranking_loss = "pairwise",
                    .negatives = 7,
                    .negative_weight = 0.375,
                    .negative_target = -1.5,
                    .ranking_positives = "relevant",
                    .ranking_detach = true},
          .eval = {.topk = {5, 1024, 1},
                   .relevance_threshold = 3.5,
                   .sampled_negatives = 50,
                   .seed = 7},
          .mf = {.factors = 7,
                 .biased = false,
                 .init_mean = 0.25,
                 .init_std_dev = 0.5,
                 .lr_all = 0.125,
                 .reg_all = 0.0625},
          .bpr = {.embedding_size = 3},
          .enmf = {.embedding_size = 5,
                   .dropout_prob = 0.25,
                   .reg_weight = 0.5,
                   .negative_weight = 0.125},
          .fism = {.embedding_size = 6, .alpha = 0.5, .reg_src = 0.25, .reg_dst = 0.75},
          .usercf = {.k = 9, .shrink = 2.5, .similarity = "ratings", .rating_k = 11},
          .itemcf = {.k = 13, .shrink = 0.5, .similarity = "ratings", .rating_k = 3},
          .din = {.embedding_size = 4, .mlp_hidden_size = {7, 7, 3}, .max_history = 9}};
}

TEST(TrainConfigDefaults, AreThePublishedModel) {
  const Config c = load_config(std::nullopt, {});
  EXPECT_EQ(c, Config{});
  EXPECT_EQ(c.model.head, "dot");
  EXPECT_EQ(c.model.user_id_dim, 32u);
  EXPECT_EQ(c.model.demographic_dim, 16u);
  EXPECT_EQ(c.model.movie_id_dim, 32u);
  EXPECT_EQ(c.model.genre_dim, 32u);
  EXPECT_EQ(c.model.token_dim, 32u);
  EXPECT_EQ(c.model.tower_hidden, 32u);
  EXPECT_EQ(c.model.feature_dim, 200u);
  EXPECT_EQ(c.model.title_windows, (std::vector<size_t>{2, 3, 4, 5}));
  EXPECT_EQ(c.model.title_filters, 8u);
  EXPECT_EQ(c.model.dropout, 0.5);
  EXPECT_FALSE(c.model.biases);
  EXPECT_EQ(c.train.epochs, 5u);
  EXPECT_EQ(c.train.batch_size, 256u);
  EXPECT_EQ(c.train.lr, 0.001);
  EXPECT_EQ(c.train.beta1, 0.9);
  EXPECT_EQ(c.train.beta2, 0.999);
  EXPECT_EQ(c.train.eps, 1e-8);
  EXPECT_EQ(c.train.embedding_optimizer, "dense");
  EXPECT_EQ(c.train.weight_decay, 0.0);
  EXPECT_EQ(c.train.lr_decay, 1.0);
  EXPECT_EQ(c.train.seed, 1u);
  EXPECT_EQ(c.train.threads, 0u);
  EXPECT_EQ(c.train.checkpoint_every, 0u);
  EXPECT_EQ(c.train.checkpoint_minutes, 15.0);
  EXPECT_EQ(c.train.eval_batch_size, 8192u);
  EXPECT_EQ(c.train.log_every_seconds, 10.0);
  EXPECT_EQ(c.model.title_conv, "fused");
  EXPECT_EQ(c.train.embedding_backward, "sorted");
  EXPECT_TRUE(c.train.cuda_graphs);
  EXPECT_EQ(c.eval.topk, (std::vector<size_t>{10, 50}));
  EXPECT_EQ(c.eval.relevance_threshold, 4.0);
  EXPECT_EQ(c.eval.sampled_negatives, 100u);
  EXPECT_EQ(c.eval.seed, 1u);
}

// Runs checkpointed before [eval] existed carry configs without it.
TEST(TrainConfigLoad, ConfigsWithoutAnEvalSectionGetTheDefaults) {
  const Config c = config_from_toml("[train]\nepochs = 2\n", "old.toml");
  EXPECT_EQ(c.eval, EvalConfig{});
  EXPECT_EQ(c.train.epochs, 2u);
}

TEST(TrainConfigLoad, FileOverridesOnlyTheKeysItNames) {
  ScratchDir dir;
  write_text(dir / "c.toml",
             "# a comment\n"
             "[model]\n"
             "head = \"fc\"\n"
             "title_windows = [3, 5]\n"
             "\n"
             "[train]\n"
             "batch_size = 2048\n"
             "lr = 1           # an integer where a number is expected\n"
             "embedding_optimizer = 'rowwise'\n");
  Config expected;
  expected.model.head = "fc";
  expected.model.title_windows = {3, 5};
  expected.train.batch_size = 2048;
  expected.train.lr = 1.0;
  expected.train.embedding_optimizer = "rowwise";
  EXPECT_EQ(load_config(dir / "c.toml", {}), expected);
}

TEST(TrainConfigLoad, DottedKeysAndAnEmptyFileWork) {
  ScratchDir dir;
  write_text(dir / "dotted.toml", "model.biases = true\ntrain.seed = 7\n");
  write_text(dir / "empty.toml", "");
  Config expected;
  expected.model.biases = true;
  expected.train.seed = 7;
  EXPECT_EQ(load_config(dir / "dotted.toml", {}), expected);
  EXPECT_EQ(load_config(dir / "empty.toml", {}), Config{});
}

TEST(TrainConfigLoad, OverridesOfEveryTypeApplyAfterTheFileInOrder) {
  ScratchDir dir;
  write_text(dir / "c.toml", "[train]\nbatch_size = 2048\nepochs = 2\n");
  const Config c = load_config(dir / "c.toml", {
                                                   "model.head=fc",  // bare string
                                                   "train.embedding_optimizer=\"rowwise\"",
                                                   "train.batch_size=512",  // over the file
                                                   "train.lr=5e-4",
                                                   "train.beta1=0",  // integer for a number
                                                   "model.biases=true",
                                                   "model.title_windows=[2,3]",
                                                   "train.seed=9223372036854775807",
                                                   "train.seed=42",  // the last one wins
                                                   "model.dropout=0",
                                                   "train.lr_decay=1",
                                                   "train.weight_decay=0.0",
                                               });
  Config expected;
  expected.model.head = "fc";
  expected.model.biases = true;
  expected.model.title_windows = {2, 3};
  expected.model.dropout = 0.0;
  expected.train.embedding_optimizer = "rowwise";
  expected.train.batch_size = 512;
  expected.train.epochs = 2;
  expected.train.lr = 5e-4;
  expected.train.beta1 = 0.0;
  expected.train.seed = 42;
  EXPECT_EQ(c, expected);
  EXPECT_EQ(load_config(std::nullopt, {"train.seed=9223372036854775807"}).train.seed,
            9223372036854775807u);
}

TEST(TrainConfigErrors, UnknownSectionsAndKeysListTheValidOnes) {
  ScratchDir dir;
  const fs::path file = dir / "c.toml";
  write_text(file, "[model]\nhead = \"dot\"\nwidth = 3\n");
  EXPECT_EQ(load_error(file, {}), file.string() + ":3:1: unknown key model.width (valid keys in " +
                                      "[model]: " + kModelKeys + ")");
  write_text(file, "[train]\nepochs = 1\n\n[optim]\nlr = 1\n");
  EXPECT_EQ(load_error(file, {}), file.string() +
                                      ":4:2: unknown section [optim] (valid sections: model, "
                                      "train, eval, mf, bpr, enmf, fism, usercf, itemcf, din)");
  write_text(file, "[optim]\n");  // an empty unknown section is still unknown
  EXPECT_EQ(load_error(file, {}), file.string() +
                                      ":1:2: unknown section [optim] (valid sections: model, "
                                      "train, eval, mf, bpr, enmf, fism, usercf, itemcf, din)");
  EXPECT_EQ(set_error("train.learning_rate=1"),
            std::string("--set train.learning_rate=1: unknown key train.learning_rate (valid keys "
                        "in [train]: ") +
                kTrainKeys + ")");
  EXPECT_EQ(set_error("optim.lr=1"),
            "--set optim.lr=1: unknown section [optim] (valid sections: model, train, eval, mf, "
            "bpr, enmf, fism, usercf, itemcf, din)");
}

TEST(TrainConfigErrors, MalformedOverridesAndNonTableSections) {
  EXPECT_EQ(set_error("train.lr"), "--set train.lr: expected section.key=value");
  EXPECT_EQ(set_error("lr=1"), "--set lr=1: expected section.key=value");
  EXPECT_EQ(set_error("lr=1.5"), "--set lr=1.5: expected section.key=value");
  ScratchDir dir;
  const fs::path file = dir / "c.toml";
  write_text(file, "model = 3\n");
  EXPECT_EQ(load_error(file, {}),
            file.string() + ":1:9: model: expected a table [model], got integer 3");
}

TEST(TrainConfigErrors, WrongTypesInAFileAreLocated) {
  ScratchDir dir;
  const fs::path file = dir / "c.toml";
  write_text(file, "[train]\nepochs = 2\nbatch_size = 2048.5\n");
  EXPECT_EQ(load_error(file, {}), file.string() +
                                      ":3:14: train.batch_size: expected an integer >= 1, got "
                                      "floating-point 2048.5");
  write_text(file, "[model]\n  head = 1\n");
  EXPECT_EQ(load_error(file, {}),
            file.string() + ":2:10: model.head: expected one of \"dot\", \"fc\", got integer 1");
  write_text(file, "[model]\ntitle_windows = [2, 3.5]\n");
  EXPECT_EQ(load_error(file, {}), file.string() +
                                      ":2:17: model.title_windows: expected a non-empty array of "
                                      "distinct integers >= 1, got array [ 2, 3.5 ]");
}

TEST(TrainConfigErrors, WrongTypesInOverridesNameTheArgument) {
  EXPECT_EQ(set_error("model.biases=yes"),
            "--set model.biases=yes: model.biases: expected true or false, got string \"yes\"");
  EXPECT_EQ(set_error("train.epochs=five"),
            "--set train.epochs=five: train.epochs: expected an integer >= 1, got string "
            "\"five\"");
  EXPECT_EQ(set_error("train.threads=-1"),
            "--set train.threads=-1: train.threads: expected an integer >= 0, got integer -1");
  EXPECT_EQ(set_error("train.seed=1.0"),
            "--set train.seed=1.0: train.seed: expected an integer >= 0, got floating-point 1.0");
  EXPECT_EQ(set_error("train.lr=fast"),
            "--set train.lr=fast: train.lr: expected a number > 0, got string \"fast\"");
  EXPECT_EQ(set_error("model.head=[1]"),
            "--set model.head=[1]: model.head: expected one of \"dot\", \"fc\", got array [ 1 ]");
}

TEST(TrainConfigErrors, InvalidValuesAreRejected) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"model.head=cnn", "model.head: expected one of \"dot\", \"fc\", got string \"cnn\""},
      {"model.user_id_dim=0", "model.user_id_dim: expected an integer >= 1, got integer 0"},
      {"model.title_filters=0", "model.title_filters: expected an integer >= 1, got integer 0"},
      {"model.dropout=1", "model.dropout: expected a number in [0, 1), got integer 1"},
      {"model.dropout=-0.1", "model.dropout: expected a number in [0, 1), got floating-point -0.1"},
      {"model.title_windows=[]",
       "model.title_windows: expected a non-empty array of distinct integers >= 1, got array []"},
      {"model.title_windows=[2,0]",
       "model.title_windows: expected a non-empty array of distinct integers >= 1, got array "
       "[ 2, 0 ]"},
      {"model.title_windows=[2,-3]",
       "model.title_windows: expected a non-empty array of distinct integers >= 1, got array "
       "[ 2, -3 ]"},
      {"model.title_windows=[3,3]",
       "model.title_windows: expected a non-empty array of distinct integers >= 1, got array "
       "[ 3, 3 ]"},
      {"train.epochs=0", "train.epochs: expected an integer >= 1, got integer 0"},
      {"train.batch_size=0", "train.batch_size: expected an integer >= 1, got integer 0"},
      {"train.eval_batch_size=0", "train.eval_batch_size: expected an integer >= 1, got integer 0"},
      {"train.lr=0", "train.lr: expected a number > 0, got integer 0"},
      {"train.lr=-1e-3", "train.lr: expected a number > 0, got floating-point -0.001"},
      {"train.lr=inf", "train.lr: expected a number > 0, got floating-point inf"},
      {"train.lr=nan", "train.lr: expected a number > 0, got floating-point nan"},
      {"train.eps=0", "train.eps: expected a number > 0, got integer 0"},
      {"train.beta2=1", "train.beta2: expected a number in [0, 1), got integer 1"},
      {"train.embedding_optimizer=adam",
       "train.embedding_optimizer: expected one of \"dense\", \"rowwise\", got string \"adam\""},
      {"train.lr_decay=0", "train.lr_decay: expected a number in (0, 1], got integer 0"},
      {"train.lr_decay=1.5", "train.lr_decay: expected a number in (0, 1], got floating-point 1.5"},
      {"train.weight_decay=-1", "train.weight_decay: expected a number >= 0, got integer -1"},
      {"train.log_every_seconds=0",
       "train.log_every_seconds: expected a number > 0, got integer 0"},
      {"eval.topk=[]",
       "eval.topk: expected a non-empty array of distinct integers in [1, 1024], "
       "got array []"},
      {"eval.topk=[10,1025]",
       "eval.topk: expected a non-empty array of distinct integers in [1, 1024], got array "
       "[ 10, 1025 ]"},
      {"eval.topk=[0]",
       "eval.topk: expected a non-empty array of distinct integers in [1, 1024], got array [ 0 ]"},
      {"eval.topk=[5,5]",
       "eval.topk: expected a non-empty array of distinct integers in [1, 1024], got array "
       "[ 5, 5 ]"},
      {"eval.sampled_negatives=0",
       "eval.sampled_negatives: expected an integer >= 1, got integer 0"},
      {"eval.relevance_threshold=nan",
       "eval.relevance_threshold: expected a finite number, got floating-point nan"},
  };
  for (const auto& [text, detail] : cases) {
    EXPECT_EQ(set_error(text), "--set " + text + ": " + detail);
  }
}

TEST(TrainConfigErrors, InvalidValueInAFileIsLocated) {
  ScratchDir dir;
  const fs::path file = dir / "c.toml";
  write_text(file, "[train]\nbatch_size = 0\n");
  EXPECT_EQ(load_error(file, {}),
            file.string() + ":2:14: train.batch_size: expected an integer >= 1, got integer 0");
}

TEST(TrainConfigErrors, SyntaxErrorsAndMissingFiles) {
  ScratchDir dir;
  const fs::path file = dir / "c.toml";
  write_text(file, "[train]\nepochs = 2\nlr = = 1\n");
  EXPECT_EQ(load_error(file, {}), file.string() +
                                      ":3:6: TOML syntax error: Error while parsing value: could "
                                      "not determine value type");
  write_text(file, "[train]\nepochs = 2\nepochs = 3\n");  // a key defined twice
  EXPECT_EQ(load_error(file, {}), file.string() +
                                      ":3:10: TOML syntax error: Error while parsing key-value "
                                      "pair: cannot redefine existing integer 'epochs'");
  EXPECT_EQ(load_error(dir / "missing.toml", {}),
            (dir / "missing.toml").string() + ": cannot open: No such file or directory");
  EXPECT_EQ(load_error(dir.path(), {}),
            dir.path().string() + ": is a directory, expected a regular file");
  testing::make_fifo(dir / "fifo.toml");  // would block until a writer came
  EXPECT_EQ(load_error(dir / "fifo.toml", {}),
            (dir / "fifo.toml").string() + ": is a FIFO, expected a regular file");
}

TEST(TrainConfigToml, DefaultsAreWrittenInFull) {
  EXPECT_EQ(to_toml(Config{}),
            "[model]\n"
            "kind = \"cnn\"\n"
            "head = \"dot\"\n"
            "user_id_dim = 32\n"
            "demographic_dim = 16\n"
            "movie_id_dim = 32\n"
            "genre_dim = 32\n"
            "token_dim = 32\n"
            "tower_hidden = 32\n"
            "feature_dim = 200\n"
            "title_windows = [ 2, 3, 4, 5 ]\n"
            "title_filters = 8\n"
            "dropout = 0.5\n"
            "biases = false\n"
            "ranking_bias = false\n"
            "title_conv = \"fused\"\n"
            "\n"
            "[train]\n"
            "epochs = 5\n"
            "batch_size = 256\n"
            "lr = 0.001\n"
            "beta1 = 0.9\n"
            "beta2 = 0.999\n"
            "eps = 1e-08\n"
            "embedding_optimizer = \"dense\"\n"
            "weight_decay = 0.0\n"
            "lr_decay = 1.0\n"
            "seed = 1\n"
            "threads = 0\n"
            "checkpoint_every = 0\n"
            "checkpoint_minutes = 15.0\n"
            "eval_batch_size = 8192\n"
            "log_every_seconds = 10.0\n"
            "embedding_backward = \"sorted\"\n"
            "cuda_graphs = true\n"
            "ranking_loss = \"none\"\n"
            "negatives = 1\n"
            "negative_weight = 1.0\n"
            "negative_target = 0.0\n"
            "ranking_positives = \"all\"\n"
            "ranking_detach = false\n"
            "\n"
            "[eval]\n"
            "topk = [ 10, 50 ]\n"
            "relevance_threshold = 4.0\n"
            "sampled_negatives = 100\n"
            "seed = 1\n"
            "\n"
            "[mf]\n"
            "factors = 100\n"
            "biased = true\n"
            "init_mean = 0.0\n"
            "init_std_dev = 0.1\n"
            "lr_all = 0.005\n"
            "reg_all = 0.02\n"
            "\n"
            "[bpr]\n"
            "embedding_size = 64\n"
            "\n"
            "[enmf]\n"
            "embedding_size = 64\n"
            "dropout_prob = 0.7\n"
            "reg_weight = 0.0\n"
            "negative_weight = 0.5\n"
            "\n"
            "[fism]\n"
            "embedding_size = 64\n"
            "alpha = 0.0\n"
            "reg_src = 0.01\n"
            "reg_dst = 0.01\n"
            "\n"
            "[usercf]\n"
            "k = 100\n"
            "shrink = 0.0\n"
            "similarity = \"sets\"\n"
            "rating_k = 40\n"
            "\n"
            "[itemcf]\n"
            "k = 100\n"
            "shrink = 0.0\n"
            "similarity = \"sets\"\n"
            "rating_k = 40\n"
            "\n"
            "[din]\n"
            "embedding_size = 10\n"
            "mlp_hidden_size = [ 256, 256, 256 ]\n"
            "max_history = 50\n");
}

TEST(TrainConfigToml, RoundTripsEveryKey) {
  ScratchDir dir;
  for (const Config& config : {Config{}, every_key_changed()}) {
    write_text(dir / "resolved.toml", to_toml(config));
    EXPECT_EQ(load_config(dir / "resolved.toml", {}), config) << to_toml(config);
  }
  EXPECT_NE(every_key_changed().model, ModelConfig{});
  EXPECT_NE(every_key_changed().train, TrainConfig{});
  EXPECT_NE(every_key_changed().eval, EvalConfig{});
}

fs::path shipped(const char* name) {
  return fs::path(CINEREC_SOURCE_DIR) / "configs" / name;
}

TEST(TrainConfigShipped, PublishedIsTheDefaultsWithEveryKeyWritten) {
  EXPECT_EQ(load_config(shipped("published.toml"), {}), Config{});
  const std::string text = testing::read_text(shipped("published.toml"));
  std::istringstream resolved(to_toml(Config{}));
  for (std::string line; std::getline(resolved, line);) {
    const size_t eq = line.find(" = ");
    if (eq == std::string::npos) continue;
    EXPECT_NE(text.find("\n" + line.substr(0, eq + 1)), std::string::npos) << line;
  }
}

TEST(TrainConfigShipped, TheBaselinesAreTheirKindWithTheirReferenceDefaults) {
  Config mf;
  mf.model.kind = "mf";
  mf.train.epochs = 20;  // Surprise's SVD: n_epochs; the [mf] defaults are its others
  Config pop;
  pop.model.kind = "pop";
  pop.train.epochs = 1;
  Config bpr;  // RecBole's BPR: embedding 64, Adam at lr 0.001, batches of 2048, 300 epochs
  bpr.model.kind = "bpr";
  bpr.train.epochs = 300;
  bpr.train.batch_size = 2048;
  Config enmf;  // RecBole's ENMF: embedding 64, Adam at lr 0.001, batches of 2048, 300 epochs
  enmf.model.kind = "enmf";
  enmf.train.epochs = 300;
  enmf.train.batch_size = 2048;
  Config fism = enmf;  // RecBole's FISM: the same training defaults
  fism.model.kind = "fism";
  Config usercf;  // the neighbour lists made once, in one step (host/baselines/knn_backend.h)
  usercf.model.kind = "usercf";
  usercf.train.epochs = 1;
  usercf.train.batch_size = usercf.train.eval_batch_size = size_t{1} << 24;
  Config itemcf = usercf;
  itemcf.model.kind = "itemcf";
  Config din = enmf;  // RecBole's DIN: the same training defaults
  din.model.kind = "din";
  Config cnn_rank;  // the published CNN with its ranking term (docs/model.md)
  cnn_rank.model.ranking_bias = true;
  cnn_rank.train.ranking_loss = "pairwise";
  cnn_rank.train.negatives = 1;
  cnn_rank.train.ranking_detach = true;
  for (const auto& [name, expected] : {std::pair{"mf", mf},
                                       {"pop", pop},
                                       {"bpr", bpr},
                                       {"enmf", enmf},
                                       {"fism", fism},
                                       {"usercf", usercf},
                                       {"itemcf", itemcf},
                                       {"din", din},
                                       {"cnn-rank", cnn_rank}}) {
    EXPECT_EQ(load_config(shipped((std::string(name) + ".toml").c_str()), {}), expected) << name;
    EXPECT_EQ(reference_config(name), expected) << name;  // what compare trains without a file
  }
  EXPECT_EQ(reference_models().size(), model_kinds().size() + 1);
  EXPECT_EQ(reference_config("cnn"), Config{});
  EXPECT_THROW(reference_config("deepfm"), std::invalid_argument);
}

TEST(TrainConfigShipped, DoubanChangesOnlyBiasesOptimizerDecayAndLearningRate) {
  Config expected;
  expected.model.biases = true;
  expected.train.embedding_optimizer = "rowwise";
  expected.train.weight_decay = 0.001;
  expected.train.lr = 0.003;
  expected.train.lr_decay = 0.5;
  EXPECT_EQ(load_config(shipped("douban.toml"), {}), expected);
}

TEST(TrainConfigShipped, PaperDiffersInHeadAndBatchSizeOnly) {
  Config expected;
  expected.model.head = "fc";
  expected.train.batch_size = 2048;
  const Config paper = load_config(shipped("paper.toml"), {});
  EXPECT_EQ(paper, expected);
  EXPECT_EQ(paper.train.epochs, 5u);
  EXPECT_EQ(paper.train.lr, 0.001);
  EXPECT_EQ(paper.model.dropout, 0.5);
}

}  // namespace
}  // namespace cinerec
