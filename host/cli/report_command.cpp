// `cinerec report`: one self-contained HTML page of a run: the dataset's figures, the training
// curves, the evaluation, the paper's three recommendation lists for a sample user and movie
// (with titles) and, given a `compare` directory, the comparison.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/cli/compare_table.h"
#include "host/cli/run_evaluation.h"
#include "host/common/atomic_file.h"
#include "host/common/regular_file.h"
#include "host/data/dataset/dataset_summary.h"
#include "host/data/dataset/movie_labels.h"
#include "host/data/dataset/rating_scale.h"
#include "host/report/compare_figures.h"
#include "host/report/dataset_figures.h"
#include "host/report/html_report.h"
#include "host/report/metric_tables.h"
#include "host/report/plotter.h"
#include "host/report/training_curves.h"
#include "host/retrieval/model_ranking.h"
#include "host/retrieval/model_vectors.h"
#include "host/retrieval/recommend.h"
#include "host/runtime/topk_scorer.h"

namespace cinerec::cli {
namespace {

namespace fs = std::filesystem;

struct ReportArgs {
  RunArgs run;
  std::string compare, eval, out, protocol = "all", user, movie;
  size_t k = 5;
  bool force = false;
};

// Where the figures are drawn before they are embedded; removed however the command ends.
class FigureScratch {
 public:
  FigureScratch() {
    std::string pattern = (fs::temp_directory_path() / "cinerec-report-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary directory for the report's figures");
    }
    path_ = pattern;
  }
  ~FigureScratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  FigureScratch(const FigureScratch&) = delete;
  FigureScratch& operator=(const FigureScratch&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

nlohmann::json read_json(const std::string& file) {
  try {
    return nlohmann::json::parse(read_regular_file(file));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file + ": expected JSON: " + e.what());
  }
}

// The evaluation: the JSON `cinerec eval` printed (--eval), else computed now.
nlohmann::json evaluation(TrainedModel& model, const ReportArgs& a) {
  if (a.eval.empty()) return evaluate_run(model, "test", a.protocol, a.run.device);
  nlohmann::json eval = read_json(a.eval);
  if (!eval.is_object() || !eval.contains("mse")) {
    throw std::runtime_error(a.eval +
                             ": expected the JSON object `cinerec eval` prints (with "
                             "\"mse\" and \"ranking\")");
  }
  return eval;
}

// The sample user: --user, else a typical one (the median count of training ratings, lowest
// index among ties); the sample movie: --movie, else the movie rated most in training.
uint32_t sample_user(const Dataset& d, const UserItems& train, const std::string& id) {
  if (!id.empty()) {
    const auto found = d.user_ids().find(id);
    if (!found) throw std::invalid_argument("unknown user id " + id);
    return *found;
  }
  std::vector<std::pair<size_t, uint32_t>> by_count;
  for (uint32_t u = 0; u < d.num_users(); ++u)
    by_count.emplace_back(train.row(u).size(), u);
  std::ranges::sort(by_count);
  return by_count[by_count.size() / 2].second;
}

uint32_t sample_movie(const Dataset& d, const std::string& id) {
  if (!id.empty()) {
    const auto found = d.movie_ids().find(id);
    if (!found) throw std::invalid_argument("unknown movie id " + id);
    return *found;
  }
  std::vector<size_t> count(d.num_movies(), 0);
  for (size_t i = 0; i < d.num_ratings(); ++i)
    if (d.rating_split()[i] == static_cast<uint8_t>(Split::kTrain)) ++count[d.rating_movie()[i]];
  return static_cast<uint32_t>(std::ranges::max_element(count) - count.begin());
}

CsvTable movie_list(const Dataset& d, const std::vector<Recommended>& list,
                    const std::optional<RatingScale>& scale) {
  CsvTable t;
  t.header = {"rank", "movie", "title", "genres", "score"};
  if (scale) t.header.push_back("rating (clipped)");
  for (size_t i = 0; i < list.size(); ++i) {
    const Recommended& r = list[i];
    std::vector<std::string> row{std::to_string(i + 1), std::string(d.movie_ids()[r.index]),
                                 movie_title_text(d, r.index), movie_genre_text(d, r.index),
                                 csv_number(r.score)};
    if (scale) row.push_back(csv_number(scale->clip(r.score)));
    t.add_row(std::move(row));
  }
  return t;
}

std::string movie_label(const Dataset& d, uint32_t m) {
  return "movie " + std::string(d.movie_ids()[m]) + " \"" + movie_title_text(d, m) + "\" [" +
         movie_genre_text(d, m) + "]";
}

void add_dataset(HtmlReport& html, const Dataset& d) {
  const nlohmann::json s = dataset_statistics(d);
  CsvTable t;
  t.header = {"users", "movies", "ratings", "density", "train", "val", "test"};
  t.add_row({csv_number(s.at("users")), csv_number(s.at("movies")), csv_number(s.at("ratings")),
             csv_number(s.at("density")), csv_number(s.at("split").at("train")),
             csv_number(s.at("split").at("val")), csv_number(s.at("split").at("test"))});
  html.heading("Dataset");
  html.table(t);
}

void add_lists(HtmlReport& html, TrainedModel& model, const ReportArgs& a) {
  const Dataset& d = model.data;
  const UserItems train = rated_items(d, {Split::kTrain});
  const uint32_t user = sample_user(d, train, a.user), movie = sample_movie(d, a.movie);
  const bool ratings = scores_are_ratings(model.config.model);
  const std::optional<RatingScale> scale = ratings ? std::optional(rating_scale(d)) : std::nullopt;
  const ListOptions options{a.k, std::nullopt};
  html.heading("Recommendations");
  html.paragraph("Top movies for user " + std::string(d.user_ids()[user]) + " (" +
                 std::to_string(train.row(user).size()) +
                 " training ratings; movies rated in training excluded; score: " +
                 (ratings ? "the predicted rating" : "the model's ranking score, not a rating") +
                 "):");
  const ModelRanking ranked(model, make_topk_scorer("cpu"));
  html.table(movie_list(d, movies_for_user(ranked.scores(), train, user, options), scale));
  if (!ratings) {
    html.paragraph(
        "The similar-movies and fans lists need movie features and predicted ratings; "
        "model.kind \"" +
        model.config.model.kind + "\" has none.");
    return;
  }
  const ModelVectors vectors(model);
  const UserMovieVectors features = vectors.features();
  html.paragraph("Movies similar to " + movie_label(d, movie) +
                 " (the movie rated most in training unless --movie chose; score: cosine "
                 "similarity of the movie features):");
  html.table(movie_list(d, similar_movies(features, movie, options), std::nullopt));
  html.paragraph("People who would rate " + movie_label(d, movie) +
                 " highest, and each one's favourite movies:");
  for (const Fan& fan : fans_of(vectors.scores(features), movie, options)) {
    html.paragraph("User " + std::string(d.user_ids()[fan.user.index]) + ", predicted rating " +
                   csv_number(scale->clip(fan.user.score)) + ":");
    html.table(movie_list(d, fan.favourites, scale));
  }
}

// A `cinerec compare` directory's table and figures, read from its compare.json.
struct Comparison {
  CsvTable table;
  std::vector<Figure> figures;
};

Comparison read_comparison(const std::string& dir) {
  const std::string file = (fs::path(dir) / "compare.json").string();
  const nlohmann::json compare = read_json(file);
  try {
    if (compare.at("models").empty()) throw std::runtime_error(file + " lists no models");
    return {compare_table(compare), compare_figures(compare)};
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file +
                             ": expected the compare.json `cinerec compare` writes: " + e.what());
  }
}

void run_report(const ReportArgs& a) {
  TrainedModel model = open_run(a.run);
  std::vector<fs::path> inputs;
  if (!a.compare.empty()) inputs.emplace_back(a.compare);
  if (!a.eval.empty()) inputs.emplace_back(a.eval);
  const OutputPolicy policy = output_policy(model, a.run, a.force, inputs);
  AtomicFile out(output_path(a.out), policy);  // refused now, not after the evaluation

  const std::optional<Comparison> compare =
      a.compare.empty() ? std::nullopt : std::optional(read_comparison(a.compare));
  std::vector<Figure> figures = dataset_figures(model.data);
  const size_t dataset_count = figures.size();
  for (Figure& f : training_curves(label_runs({model.run_dir})))
    figures.push_back(std::move(f));
  const size_t curves_end = figures.size();
  if (compare)
    for (const Figure& f : compare->figures)
      figures.push_back(f);
  const FigureScratch scratch;
  std::fprintf(stderr, "report: drawing %zu figures\n", figures.size());
  const std::vector<fs::path> pngs = write_figures(scratch.path(), figures);
  std::fprintf(stderr, "report: evaluating the run\n");
  const nlohmann::json eval = evaluation(model, a);

  HtmlReport html("cinerec report: " + model.run_dir.filename().string());
  html.paragraph("Run " + fs::absolute(model.run_dir).string() + ", model.kind \"" +
                 model.config.model.kind + "\", dataset " + fs::absolute(model.data_dir).string() +
                 ".");
  add_dataset(html, model.data);
  const auto embed = [&](size_t first, size_t end) {
    for (size_t i = first; i < end; ++i) {
      // The CSV's comments say where the numbers come from (which year, what was left out).
      std::string caption = figures[i].spec.title;
      for (const std::string& c : figures[i].table.comments)
        caption += ". " + c;
      html.figure(pngs[i], caption);
    }
  };
  embed(0, dataset_count);
  html.heading("Training");
  html.table(epoch_table(model.run_dir));
  embed(dataset_count, curves_end);
  html.heading("Evaluation (test split)");
  html.table(rating_metrics_table(eval));
  html.table(ranking_metrics_table(eval));
  add_lists(html, model, a);
  if (compare) {
    html.heading("Comparison");
    html.table(compare->table);
    html.paragraph(compare_notes());
    embed(curves_end, figures.size());
  }
  const std::string text = html.html();
  out.write(text.data(), text.size());
  out.commit();
  std::printf("report: wrote %s\n", a.out.c_str());
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd =
      app.add_subcommand("report",
                         "One self-contained HTML page: dataset, training curves, metrics, lists, "
                         "comparison");
  add_run_options(*cmd, a->run);
  cmd->add_option("--compare", a->compare, "A `cinerec compare` directory to include")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--eval", a->eval,
                  "The JSON `cinerec eval` printed for the run (else it is evaluated now)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--protocol", a->protocol, "Without --eval: ranking protocols to evaluate")
      ->check(CLI::IsMember({"full", "sampled", "rated", "both", "all", "none"}))
      ->capture_default_str();
  cmd->add_option("--user", a->user, "The sample user (source id; default: a median one)");
  cmd->add_option("--movie", a->movie, "The sample movie (source id; default: the most rated)");
  cmd->add_option("--k", a->k, "List length")->check(whole_number(1, 100))->capture_default_str();
  cmd->add_option("--out", a->out, "The HTML file")->required()->check(non_empty());
  cmd->add_flag("--force", a->force, "Replace an existing file");
  cmd->callback([a] { run_report(*a); });
}

}  // namespace cinerec::cli
