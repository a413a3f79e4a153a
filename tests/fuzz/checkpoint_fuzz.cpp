// A run's checkpoint, read the way `cinerec eval` and `train --resume` read it. Input: a bundle
// (bundle.h) of the run directory (model.safetensors, optimizer-STEP.safetensors). read_run_info,
// then the config the checkpoint carries, then load_checkpoint against the layout that config
// gives on the fixture dataset; with the Adam moments when preamble byte 0 is odd.
#include <stdexcept>

#include "host/config/config.h"
#include "host/model/model_wiring.h"
#include "host/model/param_layout.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#include "host/train/checkpoint.h"
#include "tests/fuzz/bundle.h"
#include "tests/fuzz/fixture_dataset.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

// load_checkpoint sizes its buffers from the layout before it reads a tensor, and a config may
// ask for any model size: beyond this many elements that is a question of memory, not of
// reading the file, and is left out (the config target checks the layout's arithmetic).
constexpr size_t kMaxLayoutElements = size_t{1} << 22;

}  // namespace

void checkpoint(std::string_view input) {
  const Bundle bundle = split_bundle(input);
  const std::filesystem::path& run = fresh_input_dir();
  write_bundle(bundle, run);
  const bool with_optimizer = option_byte(bundle.preamble, 0) % 2 == 1;
  try {
    const Checkpoint info = read_run_info(run);
    const Config config = config_from_toml(info.info.config_toml, "model.safetensors");
    const ParamLayout layout = param_layout(make_model_spec(config.model, fixture_dataset()));
    if (layout.total() > kMaxLayoutElements) return;
    const Checkpoint loaded = load_checkpoint(run, layout, with_optimizer);
    check(loaded.info.config_toml == info.info.config_toml, "both readers see the same state");
    check(loaded.state.params.size() == layout.total() &&
              loaded.state.adam_m.size() == layout.total() &&
              loaded.state.adam_v.size() == layout.total(),
          "a loaded checkpoint fills the layout");
  } catch (const std::runtime_error&) {     // InputError, and the checkpoint's own refusals
  } catch (const std::invalid_argument&) {  // a config the model cannot run with on this data
  }
}

}  // namespace cinerec::fuzz
