#include "host/cli/compare_table.h"

#include <cstdio>
#include <functional>
#include <vector>

namespace cinerec::cli {
namespace {

std::string fixed(double v, int digits = 4) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

// The table's columns: name and how to read a row's value.
struct Column {
  std::string name;
  std::function<std::string(const nlohmann::json& row)> value;
};

std::vector<Column> columns(size_t k) {
  const std::string at = "@" + std::to_string(k);
  // "-" where the model has no such figure (Pop's scores are no ratings to classify).
  const auto metric = [](std::string protocol, std::string key) {
    return [=](const nlohmann::json& r) {
      const nlohmann::json& p = r.at("ranking").at(protocol);
      return p.contains(key) ? fixed(p.at(key).get<double>()) : std::string("-");
    };
  };
  // BPR's scores are no ratings: its squared errors against them mean nothing (docs/metrics.md).
  const auto rating_metric = [](std::string key) {
    return [=](const nlohmann::json& r) {
      return r.at("predicts_ratings").get<bool>() ? fixed(r.at(key).get<double>())
                                                  : std::string("-");
    };
  };
  return {
      {"model", [](const nlohmann::json& r) { return r.at("model").get<std::string>(); }},
      {"MSE", rating_metric("mse")},
      {"RMSE", rating_metric("rmse")},
      {"full Recall" + at, metric("full", "recall" + at)},
      {"full NDCG" + at, metric("full", "ndcg" + at)},
      {"sampled Recall" + at, metric("sampled", "recall" + at)},
      {"sampled NDCG" + at, metric("sampled", "ndcg" + at)},
      {"rated NDCG" + at, metric("rated", "ndcg" + at)},
      {"rated Recall (liked)", metric("rated", "recall")},
      {"train s", [](const nlohmann::json& r) { return fixed(r.at("train_seconds"), 2); }},
      {"parameters",
       [](const nlohmann::json& r) { return std::to_string(r.at("parameters").get<size_t>()); }},
  };
}

}  // namespace

CsvTable compare_table(const nlohmann::json& compare) {
  const auto cols = columns(compare.at("k").get<size_t>());
  CsvTable table;
  for (const auto& c : cols)
    table.header.push_back(c.name);
  for (const auto& r : compare.at("models")) {
    std::vector<std::string> row;
    for (const auto& c : cols)
      row.push_back(c.value(r));
    table.add_row(std::move(row));
  }
  return table;
}

std::string compare_notes() {
  return "Pop predicts the training mean for every rating: its MSE is the floor a rating model "
         "must clear.\n\n"
         "The paper's Table 10 reports, for the CNN, Recall 0.9338 and NDCG 0.9785 (the other rows "
         "are not reproduced here). Those figures fit its own protocol, the `rated` columns: each "
         "user's rated movies ranked by predicted rating and \"liked\" as a classification; they "
         "are not comparable with the full-catalogue or sampled protocols, nor across datasets.";
}

}  // namespace cinerec::cli
