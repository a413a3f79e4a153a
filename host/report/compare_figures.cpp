#include "host/report/compare_figures.h"

#include <string>

namespace cinerec {
namespace {

Figure protocol_bars(const nlohmann::json& compare, const std::string& protocol,
                     const std::string& what) {
  const std::string at = "@" + std::to_string(compare.at("k").get<size_t>());
  Figure f{{"compare_" + protocol, "grouped_bars",
            "Recall" + at + " and NDCG" + at + " per model, " + what,
            "metric (" + protocol + " protocol, test split)", "metric value (0-1)"},
           {}};
  f.table.header = {"model", "Recall" + at, "NDCG" + at};
  for (const auto& row : compare.at("models")) {
    const nlohmann::json& p = row.at("ranking").at(protocol);
    const auto value = [&](const std::string& key) {
      return p.contains(key) ? csv_number(p.at(key).get<double>()) : std::string();
    };
    f.table.add_row({row.at("model"), value("recall" + at), value("ndcg" + at)});
  }
  return f;
}

Figure train_seconds(const nlohmann::json& compare) {
  Figure f{
      {"compare_train_seconds", "barh", "Training time per model", "seconds (wall clock)", "model"},
      {}};
  f.spec.colour_by_label = true;
  f.table.header = {"model", "train_seconds"};
  for (const auto& row : compare.at("models"))
    f.table.add_row({row.at("model"), csv_number(row.at("train_seconds").get<double>())});
  return f;
}

}  // namespace

std::vector<Figure> compare_figures(const nlohmann::json& compare) {
  return {
      protocol_bars(compare, "full", "ranking the whole catalogue"),
      protocol_bars(compare, "sampled", "ranking each relevant movie among sampled unrated ones"),
      train_seconds(compare)};
}

}  // namespace cinerec
