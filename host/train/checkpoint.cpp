#include "host/train/checkpoint.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/common/atomic_file.h"
#include "host/common/safetensors.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStateKey = "cinerec.state";
// 2: every file carries its data SHA-256, and the state names the optimiser file's.
constexpr int kRunFormatVersion = 2;

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

nlohmann::json state_json(const Checkpoint& c, const std::string& optimizer_sha256) {
  return {
      {"format", "cinerec-run"},
      {"version", kRunFormatVersion},
      {"config", c.info.config_toml},
      {"dataset", {{"path", c.info.dataset_path}, {"fingerprint", c.info.dataset_fingerprint}}},
      {"progress", progress_json(c.progress)},
      {"adam_step", c.state.adam_step},
      {"optimizer_file", optimizer_file(c.progress.global_step)},
      {"optimizer_sha256", optimizer_sha256},
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

// A checkpoint is refused before any of it is used: a flipped byte (checksum) or a NaN would
// otherwise train or score on silently.
void read_tensors(const SafetensorsFile& file, const ParamLayout& layout, const std::string& suffix,
                  std::vector<float>& buffer) {
  if (file.sha256().empty()) {
    throw std::runtime_error(file.path().string() +
                             " carries no checksum (written by an older cinerec?): refused");
  }
  buffer.assign(layout.total(), 0.0f);
  for (const auto& e : layout.entries()) {
    const auto values = file.get<float>(e.name + suffix, "F32", e.shape);
    const auto bad = std::ranges::find_if(values, [](float v) { return !std::isfinite(v); });
    if (bad != values.end()) {
      throw std::runtime_error(file.path().string() + ": tensor " + e.name + suffix +
                               " holds a non-finite value (" + std::to_string(*bad) +
                               ") at element " + std::to_string(bad - values.begin()) +
                               ": the checkpoint is unusable");
    }
    std::copy(values.begin(), values.end(), buffer.begin() + e.offset);
  }
}

// optimizer-STEP.safetensors: the only names the checkpoint clean-up removes.
bool is_optimizer_file(const std::string& name) {
  constexpr std::string_view kPrefix = "optimizer-", kSuffix = ".safetensors";
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return false;
  const std::string_view step(name.data() + kPrefix.size(),
                              name.size() - kPrefix.size() - kSuffix.size());
  return !step.empty() && std::ranges::all_of(step, [](char c) { return c >= '0' && c <= '9'; });
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
  c.optimizer_sha256 = j.at("optimizer_sha256");
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
  const std::string opt_name = optimizer_file(c.progress.global_step);
  auto moments = tensors(layout, c.state.adam_m, ".adam_m");
  for (auto& t : tensors(layout, c.state.adam_v, ".adam_v"))
    moments.push_back(std::move(t));
  const std::string opt_sha256 = write_safetensors(run / opt_name, moments, {});
  const nlohmann::json state = state_json(c, opt_sha256);
  write_safetensors(run / "model.safetensors", tensors(layout, c.state.params, ""),
                    {{kStateKey, state.dump()}});
  const std::string text = state.dump(2) + "\n";
  write_file_atomic(run / "state.json", text.data(), text.size());
  for (const auto& entry : fs::directory_iterator(run)) {
    const std::string name = entry.path().filename().string();
    if (is_optimizer_file(name) && name != opt_name) fs::remove(entry.path());
  }
}

bool is_uncommitted_checkpoint_file(const std::string& name) {
  return is_optimizer_file(name);
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
    if (moments.sha256() != c.optimizer_sha256) {
      throw std::runtime_error(moments.path().string() + " is not the optimiser state " +
                               model.path().string() + " was saved with (another checksum)");
    }
    read_tensors(moments, layout, ".adam_m", c.state.adam_m);
    read_tensors(moments, layout, ".adam_v", c.state.adam_v);
  } else {
    c.state.adam_m.assign(layout.total(), 0.0f);
    c.state.adam_v.assign(layout.total(), 0.0f);
  }
  return c;
}

}  // namespace cinerec
