// The run configuration. Input: a bundle (bundle.h) whose preamble is a TOML file, so
// configs/*.toml are seeds as they are; each line of a part named "set" is a --set override.
// The text goes through config_from_toml (as a checkpoint's copy is read) and, written to a file,
// through load_config with the overrides (as `cinerec train --config FILE --set ...`). Whatever
// either accepts must come back equal from to_toml, and must give a parameter layout whose sizes
// are exact on the fixture dataset, or be refused.
#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/common/checked_math.h"
#include "host/common/input_error.h"
#include "host/config/config.h"
#include "host/model/model_wiring.h"
#include "host/model/param_layout.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#include "tests/fuzz/bundle.h"
#include "tests/fuzz/fixture_dataset.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

std::vector<std::string> override_lines(const Bundle& bundle) {
  std::vector<std::string> lines;
  for (const BundlePart& part : bundle.parts) {
    if (part.name != "set") continue;
    std::string_view rest = part.content;
    while (!rest.empty()) {
      const size_t end = std::min(rest.find('\n'), rest.size());
      lines.emplace_back(rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  }
  return lines;
}

// A layout whose sizes wrapped around would size buffers far smaller than their use; refusing a
// model too large to address (SizeOverflow) is fine.
void check_layout(const ModelConfig& model) {
  std::optional<ParamLayout> layout;
  try {
    layout.emplace(param_layout(make_model_spec(model, fixture_dataset())));
  } catch (const std::invalid_argument&) {  // sizes the model cannot run with, documented
    return;
  } catch (const SizeOverflow&) {
    return;
  }
  size_t end = 0;
  for (const ParamEntry& e : layout->entries()) {
    size_t size = 1;
    bool wrapped = false;
    for (const size_t d : e.shape)
      wrapped |= __builtin_mul_overflow(size, d, &size);
    check(!wrapped && e.size == size, "parameter sizes are their shapes' products");
    check(e.offset >= end && e.offset % ParamLayout::kAlign == 0, "parameters do not overlap");
    check(!__builtin_add_overflow(e.offset, e.size, &end), "parameter offsets do not wrap");
  }
  check(end <= layout->total(), "the layout holds every parameter");
  // The towers' concatenated widths, which the dense layers after them take as inputs.
  size_t user_width = 0, title_width = 0, movie_width = 0;
  const bool wrapped =
      __builtin_mul_overflow(size_t{4}, model.tower_hidden, &user_width) ||
      __builtin_mul_overflow(model.title_windows.size(), model.title_filters, &title_width) ||
      __builtin_mul_overflow(size_t{2}, model.tower_hidden, &movie_width) ||
      __builtin_add_overflow(movie_width, title_width, &movie_width);
  check(!wrapped && layout->at("user_fc.weight").shape[0] == user_width &&
            layout->at("movie_fc.weight").shape[0] == movie_width,
        "the towers' widths are exact");
}

// Outside any handler: what to_toml writes must load, and to the same config.
void check_accepted(const Config& config) {
  check(config_from_toml(to_toml(config), "to_toml") == config, "to_toml reads back equal");
  check_layout(config.model);
}

}  // namespace

void config(std::string_view input) {
  const Bundle bundle = split_bundle(input);
  const std::string text(bundle.preamble);
  std::optional<Config> from_text;
  try {
    from_text = config_from_toml(text, "fuzz.toml");
  } catch (const InputError&) {
  }
  if (from_text) check_accepted(*from_text);

  const std::filesystem::path file = fresh_input_dir() / "fuzz.toml";
  write_file(file, text);
  std::optional<Config> loaded;
  try {
    loaded = load_config(file, override_lines(bundle));
  } catch (const InputError&) {
  }
  if (loaded) check_accepted(*loaded);
}

}  // namespace cinerec::fuzz
