#include "host/backend/trained_model.h"

#include <stdexcept>

#include "host/backend/backend_factory.h"
#include "host/data/dataset_io.h"
#include "host/train/checkpoint.h"
#include "host/train/run_setup.h"

namespace cinerec {

TrainedModel open_trained_model(const std::filesystem::path& run, const std::string& device) {
  const Checkpoint info = read_run_info(run);
  Config config = config_from_toml(info.info.config_toml, (run / "model.safetensors").string());
  Dataset data = load_dataset(info.info.dataset_path);
  if (dataset_fingerprint(info.info.dataset_path) != info.info.dataset_fingerprint) {
    throw std::runtime_error("the dataset at " + info.info.dataset_path + " changed since run " +
                             run.string() + " was trained");
  }
  const ModelSpec spec = make_model_spec(config.model, data);
  auto backend = make_backend(device, spec, config);
  backend->set_state(load_checkpoint(run, backend->layout(), false).state);
  return {std::move(config), std::move(data), std::move(backend)};
}

}  // namespace cinerec
