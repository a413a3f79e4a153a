// The metrics of a run as tables for the HTML report: its epochs (metrics.jsonl) and its
// evaluation (`cinerec eval`'s JSON: rating metrics, then one row per ranking protocol).
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "host/report/csv_table.h"

namespace cinerec {

// epoch, training loss, val and test MSE, seconds, samples/s ("" where an epoch has none).
CsvTable epoch_table(const std::filesystem::path& run);

// count, MSE, RMSE, MAE of the evaluated split.
CsvTable rating_metrics_table(const nlohmann::json& eval);

// One row per metric, one column per protocol the evaluation ran (full, sampled, rated).
CsvTable ranking_metrics_table(const nlohmann::json& eval);

}  // namespace cinerec
