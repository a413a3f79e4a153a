// The comparison's table, one row per model, from compare.json's rows: what compare.md and
// compare.csv print and the HTML report shows.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "host/report/csv_table.h"

namespace cinerec::cli {

// Columns: model, MSE, RMSE, Recall@K and NDCG@K of the full, sampled and rated protocols, the
// rated protocol's "liked" recall, training seconds, parameters; "-" where a model has no such
// figure.
CsvTable compare_table(const nlohmann::json& compare);

// How to read the table: the Pop floor, and the paper's Table 10 figures with why they are not
// comparable.
std::string compare_notes();

}  // namespace cinerec::cli
