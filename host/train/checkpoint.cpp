#include "host/train/checkpoint.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "host/common/safetensors.h"
#include "host/common/staged_dir.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStateKey = "cinerec.state";
constexpr int kRunFormatVersion = 1;

nlohmann::json progress_json(const TrainProgress& p) {
  return {{"epochs_done", p.epochs_done},
          {"batches_done", p.batches_done},
          {"global_step", p.global_step},
          {"epoch_loss_sum", p.epoch_loss_sum},
          {"epoch_samples", p.epoch_samples}};
}

std::string optimizer_file(uint64_t step) {
  return "optimizer-" + std::to_string(step) + ".safetensors";
}

nlohmann::json state_json(const Checkpoint& c) {
  return {
      {"format", "cinerec-run"},
      {"version", kRunFormatVersion},
      {"config", c.info.config_toml},
      {"dataset", {{"path", c.info.dataset_path}, {"fingerprint", c.info.dataset_fingerprint}}},
      {"progress", progress_json(c.progress)},
      {"adam_step", c.state.adam_step},
      {"optimizer_file", optimizer_file(c.progress.global_step)},
      {"randomness",
       {{"seed", c.info.seed},
        {"scheme", "counter-based: epoch order from (seed, epoch), dropout from (seed, step)"}}}};
}

std::vector<TensorView> tensors(const ParamLayout& layout, const std::vector<float>& buffer,
                                const std::string& suffix) {
  std::vector<TensorView> out;
  for (const auto& e : layout.entries()) {
    out.push_back({e.name + suffix, "F32", e.shape,
                   std::as_bytes(std::span<const float>(buffer.data() + e.offset, e.size))});
  }
  return out;
}

void read_tensors(const SafetensorsFile& file, const ParamLayout& layout, const std::string& suffix,
                  std::vector<float>& buffer) {
  buffer.assign(layout.total(), 0.0f);
  for (const auto& e : layout.entries()) {
    const auto values = file.get<float>(e.name + suffix, "F32", e.shape);
    std::copy(values.begin(), values.end(), buffer.begin() + e.offset);
  }
}

// The state's fields. nlohmann's exceptions (not JSON, a missing key, a wrong type) are left to
// the caller, which names the file.
Checkpoint state_from_json(const nlohmann::json& j, const std::string& file) {
  if (j.value("version", 0) != kRunFormatVersion) {
    throw std::runtime_error(file + ": checkpoint format version " +
                             std::to_string(j.value("version", 0)) + " is not supported");
  }
  Checkpoint c;
  const auto& p = j.at("progress");
  c.progress = {p.at("epochs_done"), p.at("batches_done"), p.at("global_step"),
                p.at("epoch_loss_sum"), p.at("epoch_samples")};
  c.state.adam_step = j.at("adam_step");
  c.info.config_toml = j.at("config");
  c.info.dataset_path = j.at("dataset").at("path");
  c.info.dataset_fingerprint = j.at("dataset").at("fingerprint");
  c.info.seed = j.at("randomness").at("seed");
  return c;
}

Checkpoint parse_state(const SafetensorsFile& model) {
  const std::string file = model.path().string();
  const auto it = model.metadata().find(kStateKey);
  if (it == model.metadata().end()) {
    throw std::runtime_error(file + " is not a cinerec checkpoint (no " + kStateKey + " metadata)");
  }
  try {
    return state_from_json(nlohmann::json::parse(it->second), file);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file + ": malformed " + kStateKey + " metadata: " + e.what());
  }
}

}  // namespace

void save_checkpoint(const fs::path& run, const ParamLayout& layout, const Checkpoint& c) {
  const nlohmann::json state = state_json(c);
  const std::string opt_name = state.at("optimizer_file");
  auto moments = tensors(layout, c.state.adam_m, ".adam_m");
  for (auto& t : tensors(layout, c.state.adam_v, ".adam_v"))
    moments.push_back(std::move(t));
  write_safetensors(run / opt_name, moments, {});
  write_safetensors(run / "model.safetensors", tensors(layout, c.state.params, ""),
                    {{kStateKey, state.dump()}});
  const std::string text = state.dump(2) + "\n";
  write_file_atomic(run / "state.json", text.data(), text.size());
  for (const auto& entry : fs::directory_iterator(run)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("optimizer-") && name != opt_name) fs::remove(entry.path());
  }
}

Checkpoint read_run_info(const fs::path& run) {
  if (!fs::exists(run / "model.safetensors")) {
    throw std::runtime_error("no checkpoint in " + run.string() + " (model.safetensors missing)");
  }
  return parse_state(SafetensorsFile(run / "model.safetensors"));
}

Checkpoint load_checkpoint(const fs::path& run, const ParamLayout& layout, bool with_optimizer) {
  if (!fs::exists(run / "model.safetensors")) {
    throw std::runtime_error("no checkpoint in " + run.string() + " (model.safetensors missing)");
  }
  const SafetensorsFile model(run / "model.safetensors");
  Checkpoint c = parse_state(model);
  read_tensors(model, layout, "", c.state.params);
  if (with_optimizer) {
    const SafetensorsFile moments(run / optimizer_file(c.progress.global_step));
    read_tensors(moments, layout, ".adam_m", c.state.adam_m);
    read_tensors(moments, layout, ".adam_v", c.state.adam_v);
  } else {
    c.state.adam_m.assign(layout.total(), 0.0f);
    c.state.adam_v.assign(layout.total(), 0.0f);
  }
  return c;
}

}  // namespace cinerec
