#include "host/report/metric_tables.h"

#include <set>

#include "host/report/json_lines.h"

namespace cinerec {
namespace {

std::string number_or_blank(const nlohmann::json& object, const std::string& key) {
  return object.contains(key) && object.at(key).is_number()
             ? csv_number(object.at(key).get<double>())
             : std::string();
}

}  // namespace

CsvTable epoch_table(const std::filesystem::path& run) {
  CsvTable t;
  t.header = {"epoch", "training loss", "val MSE", "test MSE", "seconds", "samples/s"};
  for (const nlohmann::json& e : read_json_lines(run / "metrics.jsonl")) {
    const auto mse = [&](const char* split) {
      return e.contains(split) ? number_or_blank(e.at(split), "mse") : std::string();
    };
    t.add_row({number_or_blank(e, "epoch"), number_or_blank(e, "train_loss"), mse("val"),
               mse("test"), number_or_blank(e, "seconds"), number_or_blank(e, "samples_per_s")});
  }
  return t;
}

CsvTable rating_metrics_table(const nlohmann::json& eval) {
  CsvTable t;
  t.header = {"ratings", "MSE", "RMSE", "MAE"};
  t.add_row({number_or_blank(eval, "count"), number_or_blank(eval, "mse"),
             number_or_blank(eval, "rmse"), number_or_blank(eval, "mae")});
  return t;
}

CsvTable ranking_metrics_table(const nlohmann::json& eval) {
  CsvTable t;
  if (!eval.contains("ranking")) return t;
  const nlohmann::json& ranking = eval.at("ranking");
  std::vector<std::string> protocols;
  std::set<std::string> keys;
  for (const char* protocol : {"full", "sampled", "rated"}) {
    if (!ranking.contains(protocol)) continue;
    protocols.emplace_back(protocol);
    for (const auto& [key, value] : ranking.at(protocol).items())
      if (value.is_number()) keys.insert(key);
  }
  t.header = {"metric"};
  t.header.insert(t.header.end(), protocols.begin(), protocols.end());
  for (const std::string& key : keys) {
    std::vector<std::string> row{key};
    for (const std::string& protocol : protocols)
      row.push_back(number_or_blank(ranking.at(protocol), key));
    t.add_row(std::move(row));
  }
  if (ranking.contains("relevance_threshold")) {
    t.comments.push_back("relevant: a test rating of at least " +
                         csv_number(ranking.at("relevance_threshold").get<double>()) +
                         " (docs/metrics.md defines the protocols)");
  }
  return t;
}

}  // namespace cinerec
