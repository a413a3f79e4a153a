// A run's JSON-lines logs (metrics.jsonl, train_loss.jsonl) as the figures and tables read them.
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

namespace cinerec {

// One value per non-empty line; a missing file has none; a malformed line is an error naming
// the file and line.
std::vector<nlohmann::json> read_json_lines(const std::filesystem::path& file);

}  // namespace cinerec
