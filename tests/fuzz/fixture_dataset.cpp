#include "tests/fuzz/fixture_dataset.h"

#include "host/data/prepare/prepare.h"
#include "host/data/source/source_reader.h"
#include "host/data/synth/douban_synth.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

Dataset build() {
  const TempDir dir;
  const std::filesystem::path source = dir.path() / "source";
  synthesize_douban(SynthOptions{.users = 30, .movies = 60, .ratings = 300, .seed = 1}, source, {});
  BadRowBudget bad(0);
  return prepare_dataset(read_douban(source, bad), PrepareOptions{}, {{"path", source.string()}});
}

}  // namespace

const Dataset& fixture_dataset() {
  static const Dataset dataset = build();
  return dataset;
}

}  // namespace cinerec::fuzz
