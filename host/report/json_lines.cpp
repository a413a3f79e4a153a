#include "host/report/json_lines.h"

#include <fstream>
#include <stdexcept>
#include <string>

namespace cinerec {

std::vector<nlohmann::json> read_json_lines(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty()) continue;
    try {
      lines.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": expected one JSON object per line: " + e.what());
    }
  }
  return lines;
}

}  // namespace cinerec
