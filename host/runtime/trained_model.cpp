#include "host/runtime/trained_model.h"
#include "host/model/spec_from_config.h"

#include <stdexcept>

#include "host/common/sha256.h"
#include "host/data/dataset/dataset_io.h"
#include "host/runtime/backend_factory.h"
#include "host/train/checkpoint.h"

namespace cinerec {

namespace {

std::filesystem::path dataset_of(const std::filesystem::path& run, const RunInfo& info,
                                 const std::filesystem::path& given) {
  if (!given.empty()) return given;
  const std::filesystem::path recorded = info.dataset_path;
  if (!std::filesystem::exists(recorded / "manifest.json")) {
    throw std::runtime_error("run " + run.string() + " was trained on the dataset at " +
                             recorded.string() +
                             ", which is no longer there (moved?): pass --data DIR to say where "
                             "it is now");
  }
  return recorded;
}

}  // namespace

TrainedModel open_trained_model(const std::filesystem::path& run, const std::string& device,
                                const std::filesystem::path& data_dir) {
  const Checkpoint info = read_run_info(run);
  Config config = config_from_toml(info.info.config_toml, (run / "model.safetensors").string());
  const std::filesystem::path dir = dataset_of(run, info.info, data_dir);
  Dataset data = load_dataset(dir);
  if (dataset_fingerprint(dir) != info.info.dataset_fingerprint) {
    throw std::runtime_error("the dataset at " + dir.string() + " is not the one run " +
                             run.string() + " was trained on (its manifest.json differs)");
  }
  const ModelSpec spec = make_model_spec(config.model, data);
  auto backend = make_backend(device, spec, config, batch_rows(config, data));
  backend->set_state(load_checkpoint(run, backend->layout(), false).state);
  backend->prepare_inference(data);
  return {std::move(config), run, dir, std::move(data), std::move(backend)};
}

void check_ranks_hold_same_model(Communicator& world, const TrainedModel& model,
                                 std::vector<AgreedValue> also) {
  if (world.size() == 1) return;
  also.push_back({"--device (cpu or cuda)", device_kind(model.backend->device())});
  also.push_back({"dataset (fingerprint)", dataset_fingerprint(model.data_dir)});
  const std::vector<float> params = model.backend->state().params;
  also.push_back(
      {"model (its parameters)", sha256_hex(params.data(), params.size() * sizeof(float))});
  const std::string differ = disagreements(world, also);
  if (!differ.empty()) {
    throw CollectiveError("the ranks of this job do not hold what rank 0 holds:" + differ +
                          "\n(every rank needs the same --run, --data and arguments)");
  }
}

}  // namespace cinerec
