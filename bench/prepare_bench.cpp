// Times the data pipeline on the default Douban-shaped set: synth, read, prepare, write, load.
// Usage: prepare_bench [WORKDIR] [RATINGS]   (WORKDIR default: a fresh temp directory)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "host/data/dataset/dataset_io.h"
#include "host/data/prepare/prepare.h"
#include "host/data/source/source_reader.h"
#include "host/data/synth/douban_synth.h"

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double seconds(F&& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace cinerec;
  const fs::path work =
      argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "cinerec-prepare-bench";
  SynthOptions synth;
  if (argc > 2) synth.ratings = std::strtoull(argv[2], nullptr, 10);

  const double t_synth =
      seconds([&] { synthesize_douban(synth, work / "raw", OutputPolicy::replace()); });
  BadRowBudget bad(0);
  RawTables raw;
  const double t_read =
      seconds([&] { raw = read_source("douban", work / "raw", bad, std::nullopt); });
  std::optional<Dataset> ds;
  const double t_prepare = seconds([&] { ds.emplace(prepare_dataset(std::move(raw), {}, {})); });
  const double t_write =
      seconds([&] { write_dataset(*ds, work / "dataset", OutputPolicy::replace()); });
  const double t_load = seconds([&] { load_dataset(work / "dataset"); });

  std::printf("prepare_bench: %zu users, %zu movies, %zu ratings\n", ds->num_users(),
              ds->num_movies(), ds->num_ratings());
  std::printf("%-28s %8s\n", "stage", "seconds");
  std::printf("%-28s %8.3f\n", "synth (write CSVs)", t_synth);
  std::printf("%-28s %8.3f\n", "read CSVs", t_read);
  std::printf("%-28s %8.3f\n", "prepare (dedup/split/vocab)", t_prepare);
  std::printf("%-28s %8.3f\n", "write dataset", t_write);
  std::printf("%-28s %8.3f\n", "prepare total (read..write)", t_read + t_prepare + t_write);
  std::printf("%-28s %8.3f\n", "load + verify", t_load);
  if (argc <= 1) fs::remove_all(work);
  return 0;
}
