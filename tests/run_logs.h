// A run's JSON-lines logs (metrics.jsonl, train_loss.jsonl), and a check of the second against
// the first: the windows' steps increase, and each epoch's windows, weighted by their samples,
// add up to that epoch's training loss, also across a resume.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cinerec::testing {

inline std::vector<nlohmann::json> json_lines(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

inline void expect_loss_windows_add_up(const std::filesystem::path& run) {
  const auto windows = json_lines(run / "train_loss.jsonl");
  const auto epochs = json_lines(run / "metrics.jsonl");
  ASSERT_FALSE(epochs.empty());
  for (size_t i = 1; i < windows.size(); ++i)
    EXPECT_GT(windows[i].at("step").get<uint64_t>(), windows[i - 1].at("step").get<uint64_t>());
  size_t w = 0;
  for (const auto& e : epochs) {
    const uint64_t last_step = e.at("global_step");
    double loss = 0.0, samples = 0.0;
    size_t count = 0;
    for (; w < windows.size() && windows[w].at("step").get<uint64_t>() <= last_step; ++w, ++count) {
      const double n = windows[w].at("samples").get<double>();
      loss += n * windows[w].at("train_loss").get<double>();
      samples += n;
    }
    ASSERT_GT(count, 0u) << "no loss window in epoch " << e.at("epoch");
    const double epoch_loss = e.at("train_loss");
    EXPECT_NEAR(loss / samples, epoch_loss, 1e-9 * std::fabs(epoch_loss))
        << "epoch " << e.at("epoch");
  }
  EXPECT_EQ(w, windows.size()) << "windows after the last epoch";
}

}  // namespace cinerec::testing
