#include "host/config/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <set>
#include <sstream>
#include <string_view>
#include <type_traits>
#include <utility>

#include "host/common/input_error.h"
#include "host/common/regular_file.h"
#include "host/config/limits.h"

namespace cinerec {
namespace {

// What a key accepts; `expects` completes "expected ..." in the error when `accepts` fails.
template <class T>
struct Rule {
  std::string expects;
  std::function<bool(const T&)> accepts;
};

static_assert(std::same_as<uint64_t, size_t>, "the seed takes the integer rules of size_t keys");

Rule<size_t> integer_at_least(size_t lo) {
  return {"an integer >= " + std::to_string(lo), [lo](const size_t& v) { return v >= lo; }};
}

// Non-finite numbers (TOML's inf and nan) are never meaningful here.
Rule<double> number(std::string_view range, bool (*in_range)(double)) {
  return {range.empty() ? "a finite number" : "a number " + std::string(range),
          [in_range](const double& v) { return std::isfinite(v) && in_range(v); }};
}

std::string join(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items)
    joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

Rule<std::string> one_of(std::vector<std::string> names) {
  std::vector<std::string> quoted;
  for (const std::string& name : names)
    quoted.push_back('"' + name + '"');
  return {"one of " + join(quoted),
          [names](const std::string& v) { return std::ranges::find(names, v) != names.end(); }};
}

Rule<bool> boolean() {
  return {"true or false", [](const bool&) { return true; }};
}

// Distinct, because each window names its own parameters (title_conv{w}) and each cutoff is one
// set of metrics.
Rule<std::vector<size_t>> distinct_integers(size_t hi) {
  const std::string range =
      hi == std::numeric_limits<size_t>::max() ? ">= 1" : "in [1, " + std::to_string(hi) + "]";
  return {"a non-empty array of distinct integers " + range, [hi](const std::vector<size_t>& v) {
            return !v.empty() &&
                   std::ranges::all_of(v, [hi](size_t x) { return x >= 1 && x <= hi; }) &&
                   std::set<size_t>(v.begin(), v.end()).size() == v.size();
          }};
}

Rule<std::vector<size_t>> positive_integers() {
  return {"a non-empty array of integers >= 1", [](const std::vector<size_t>& v) {
            return !v.empty() && std::ranges::all_of(v, [](size_t x) { return x >= 1; });
          }};
}

// The one list of keys, walked by loading, error messages and to_toml alike.
template <class Model, class Visit>
requires std::same_as<std::remove_const_t<Model>, ModelConfig>
void for_each_field(Model& m, Visit&& visit) {
  visit("kind", m.kind, one_of(model_kinds()));
  visit("head", m.head, one_of({"dot", "fc"}));
  visit("user_id_dim", m.user_id_dim, integer_at_least(1));
  visit("demographic_dim", m.demographic_dim, integer_at_least(1));
  visit("movie_id_dim", m.movie_id_dim, integer_at_least(1));
  visit("genre_dim", m.genre_dim, integer_at_least(1));
  visit("token_dim", m.token_dim, integer_at_least(1));
  visit("tower_hidden", m.tower_hidden, integer_at_least(1));
  visit("feature_dim", m.feature_dim, integer_at_least(1));
  visit("title_windows", m.title_windows, distinct_integers(std::numeric_limits<size_t>::max()));
  visit("title_filters", m.title_filters, integer_at_least(1));
  visit("dropout", m.dropout, number("in [0, 1)", [](double v) { return v >= 0 && v < 1; }));
  visit("biases", m.biases, boolean());
  visit("ranking_bias", m.ranking_bias, boolean());
  visit("title_conv", m.title_conv, one_of({"fused", "cudnn"}));
}

template <class Train, class Visit>
requires std::same_as<std::remove_const_t<Train>, TrainConfig>
void for_each_field(Train& t, Visit&& visit) {
  const auto positive = number("> 0", [](double v) { return v > 0; });
  const auto fraction = number("in [0, 1)", [](double v) { return v >= 0 && v < 1; });
  visit("epochs", t.epochs, integer_at_least(1));
  visit("batch_size", t.batch_size, integer_at_least(1));
  visit("lr", t.lr, positive);
  visit("beta1", t.beta1, fraction);
  visit("beta2", t.beta2, fraction);
  visit("eps", t.eps, positive);
  visit("embedding_optimizer", t.embedding_optimizer, one_of({"dense", "rowwise"}));
  visit("weight_decay", t.weight_decay, number(">= 0", [](double v) { return v >= 0; }));
  visit("lr_decay", t.lr_decay, number("in (0, 1]", [](double v) { return v > 0 && v <= 1; }));
  visit("seed", t.seed, integer_at_least(0));
  visit("threads", t.threads, integer_at_least(0));
  visit("checkpoint_every", t.checkpoint_every, integer_at_least(0));
  visit("checkpoint_minutes", t.checkpoint_minutes,
        number(">= 0", [](double v) { return v >= 0; }));
  visit("eval_batch_size", t.eval_batch_size, integer_at_least(1));
  visit("log_every_seconds", t.log_every_seconds, positive);
  visit("embedding_backward", t.embedding_backward, one_of({"sorted", "atomic"}));
  visit("cuda_graphs", t.cuda_graphs, boolean());
  visit("ranking_loss", t.ranking_loss, one_of({"none", "pointwise", "pairwise"}));
  visit("negatives", t.negatives, integer_at_least(1));
  visit("negative_weight", t.negative_weight, positive);
  visit("negative_target", t.negative_target, number("", [](double) { return true; }));
  visit("ranking_positives", t.ranking_positives, one_of({"all", "relevant"}));
  visit("ranking_detach", t.ranking_detach, boolean());
}

template <class Eval, class Visit>
requires std::same_as<std::remove_const_t<Eval>, EvalConfig>
void for_each_field(Eval& e, Visit&& visit) {
  visit("topk", e.topk, distinct_integers(kMaxTopK));
  visit("relevance_threshold", e.relevance_threshold, number("", [](double) { return true; }));
  visit("sampled_negatives", e.sampled_negatives, integer_at_least(1));
  visit("seed", e.seed, integer_at_least(0));
}

template <class Mf, class Visit>
requires std::same_as<std::remove_const_t<Mf>, MfConfig>
void for_each_field(Mf& m, Visit&& visit) {
  const auto non_negative = number(">= 0", [](double v) { return v >= 0; });
  visit("factors", m.factors, integer_at_least(1));
  visit("biased", m.biased, boolean());
  visit("init_mean", m.init_mean, number("", [](double) { return true; }));
  visit("init_std_dev", m.init_std_dev, non_negative);
  visit("lr_all", m.lr_all, number("> 0", [](double v) { return v > 0; }));
  visit("reg_all", m.reg_all, non_negative);
}

template <class Bpr, class Visit>
requires std::same_as<std::remove_const_t<Bpr>, BprConfig>
void for_each_field(Bpr& b, Visit&& visit) {
  visit("embedding_size", b.embedding_size, integer_at_least(1));
}

template <class Enmf, class Visit>
requires std::same_as<std::remove_const_t<Enmf>, EnmfConfig>
void for_each_field(Enmf& e, Visit&& visit) {
  visit("embedding_size", e.embedding_size, integer_at_least(1));
  visit("dropout_prob", e.dropout_prob,
        number("in [0, 1)", [](double v) { return v >= 0 && v < 1; }));
  visit("reg_weight", e.reg_weight, number(">= 0", [](double v) { return v >= 0; }));
  visit("negative_weight", e.negative_weight,
        number("in [0, 1]", [](double v) { return v >= 0 && v <= 1; }));
}

template <class Fism, class Visit>
requires std::same_as<std::remove_const_t<Fism>, FismConfig>
void for_each_field(Fism& f, Visit&& visit) {
  const auto non_negative = number(">= 0", [](double v) { return v >= 0; });
  visit("embedding_size", f.embedding_size, integer_at_least(1));
  visit("alpha", f.alpha, non_negative);
  visit("reg_src", f.reg_src, non_negative);
  visit("reg_dst", f.reg_dst, non_negative);
}

template <class Knn, class Visit>
requires std::same_as<std::remove_const_t<Knn>, KnnConfig>
void for_each_field(Knn& n, Visit&& visit) {
  visit("k", n.k, integer_at_least(1));
  visit("shrink", n.shrink, number(">= 0", [](double v) { return v >= 0; }));
  visit("similarity", n.similarity, one_of({"sets", "ratings"}));
  visit("rating_k", n.rating_k, integer_at_least(1));
}

template <class Din, class Visit>
requires std::same_as<std::remove_const_t<Din>, DinConfig>
void for_each_field(Din& d, Visit&& visit) {
  visit("embedding_size", d.embedding_size, integer_at_least(1));
  visit("mlp_hidden_size", d.mlp_hidden_size, positive_integers());
  visit("max_history", d.max_history, integer_at_least(1));
}

template <class Whole, class Visit>
requires std::same_as<std::remove_const_t<Whole>, Config>
void for_each_section(Whole& config, Visit&& visit) {
  visit("model", config.model);
  visit("train", config.train);
  visit("eval", config.eval);
  visit("mf", config.mf);
  visit("bpr", config.bpr);
  visit("enmf", config.enmf);
  visit("fism", config.fism);
  visit("usercf", config.usercf);
  visit("itemcf", config.itemcf);
  visit("din", config.din);
}

// Each read_value returns false when the node is not of the type the key takes.
bool read_value(const toml::node& node, std::string& out) {
  if (!node.is_string()) return false;
  out = node.as_string()->get();
  return true;
}

bool read_value(const toml::node& node, bool& out) {
  if (!node.is_boolean()) return false;
  out = node.as_boolean()->get();
  return true;
}

bool read_value(const toml::node& node, double& out) {
  if (node.is_integer()) {
    out = static_cast<double>(node.as_integer()->get());
    return true;
  }
  if (!node.is_floating_point()) return false;
  out = node.as_floating_point()->get();
  return true;
}

template <std::unsigned_integral T>
requires(!std::same_as<T, bool>) bool read_value(const toml::node& node, T& out) {
  if (!node.is_integer() || node.as_integer()->get() < 0) return false;
  out = static_cast<T>(node.as_integer()->get());
  return true;
}

bool read_value(const toml::node& node, std::vector<size_t>& out) {
  if (!node.is_array()) return false;
  out.clear();
  for (const toml::node& element : *node.as_array()) {
    if (!read_value(element, out.emplace_back())) return false;
  }
  return true;
}

// Shortest text that reads back to the same double (toml++ may print 17 significant digits).
std::string number_text(double v) {
  std::array<char, 32> buffer{};
  const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v).ptr;
  std::string text(buffer.data(), end);
  if (std::isfinite(v) && text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

// Without literal strings, so strings come out double-quoted like the shipped configs.
std::string value_text(const toml::node& node) {
  if (node.is_floating_point()) return number_text(node.as_floating_point()->get());
  std::ostringstream out;
  out << toml::toml_formatter{node, toml::format_flags::none};
  return out.str();
}

// "integer 3", "string \"fc\"": the type and the value as TOML writes it.
std::string describe(const toml::node& node) {
  std::ostringstream out;
  out << node.type();
  if (!node.is_table()) out << ' ' << value_text(node);
  return out.str();
}

SourcePos at(const std::string& file, const toml::source_region& region) {
  return {file, region.begin.line, region.begin.column};
}

// One value to set, from a file or a --set argument.
struct Setting {
  std::string_view section;
  std::string_view key;
  const toml::node& value;
  SourcePos key_pos;    // reported for an unknown section or key
  SourcePos value_pos;  // reported for a wrong type or an invalid value
};

template <class T>
void assign(T& field, const Rule<T>& rule, const Setting& setting) {
  T value{};
  if (!read_value(setting.value, value) || !rule.accepts(value)) {
    throw InputError(setting.value_pos, std::string(setting.section) + "." +
                                            std::string(setting.key) + ": expected " +
                                            rule.expects + ", got " + describe(setting.value));
  }
  field = std::move(value);
}

std::vector<std::string> section_names() {
  const Config defaults;
  std::vector<std::string> names;
  for_each_section(defaults, [&](std::string_view name, const auto&) { names.emplace_back(name); });
  return names;
}

std::vector<std::string> key_names(const auto& section) {
  std::vector<std::string> names;
  for_each_field(
      section, [&](std::string_view name, const auto&, const auto&) { names.emplace_back(name); });
  return names;
}

void require_section(std::string_view section, const SourcePos& pos) {
  const std::vector<std::string> known = section_names();
  if (std::ranges::find(known, section) == known.end()) {
    throw InputError(pos, "unknown section [" + std::string(section) +
                              "] (valid sections: " + join(known) + ")");
  }
}

// Applies `setting` to `config`, or throws naming what is wrong and where.
void apply(Config& config, const Setting& setting) {
  require_section(setting.section, setting.key_pos);
  for_each_section(config, [&](std::string_view section_name, auto& section) {
    if (section_name != setting.section) return;
    bool key_known = false;
    for_each_field(section, [&](std::string_view key, auto& field, const auto& rule) {
      if (key != setting.key) return;
      key_known = true;
      assign(field, rule, setting);
    });
    if (!key_known) {
      throw InputError(setting.key_pos, "unknown key " + std::string(setting.section) + "." +
                                            std::string(setting.key) + " (valid keys in [" +
                                            std::string(section_name) +
                                            "]: " + join(key_names(section)) + ")");
    }
  });
}

toml::table parse_text(const std::string& text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw InputError(at(name, e.source()), "TOML syntax error: " + std::string(e.description()));
  }
}

void merge_table(Config& config, const toml::table& root, const std::string& name) {
  for (const auto& [section, node] : root) {
    require_section(section.str(), at(name, section.source()));
    const toml::table* keys = node.as_table();
    if (keys == nullptr) {
      throw InputError(at(name, node.source()),
                       std::string(section.str()) + ": expected a table [" +
                           std::string(section.str()) + "], got " + describe(node));
    }
    for (const auto& [key, value] : *keys) {
      apply(config,
            {section.str(), key.str(), value, at(name, key.source()), at(name, value.source())});
    }
  }
}

// The text as a TOML value when it is one (a number, an array, a quoted string, ...), else as a
// bare string; returned inside a one-entry table that owns it.
toml::table parse_override_value(const std::string& text) {
  try {
    toml::table parsed = toml::parse("value = " + text);
    if (parsed.size() == 1) return parsed;  // more would mean `text` smuggled in other keys
  } catch (const toml::parse_error&) {
  }
  toml::table bare;
  bare.insert("value", text);
  return bare;
}

void apply_override(Config& config, const std::string& text) {
  const SourcePos pos{"--set " + text};
  const size_t eq = text.find('=');
  const size_t dot = text.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq) {
    throw OverrideError(pos, "expected section.key=value");
  }
  const std::string value = text.substr(eq + 1);
  const bool digits =
      !value.empty() && std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; });
  const toml::table holder = parse_override_value(value);
  if (digits && holder.get("value")->is_string()) {
    throw OverrideError(
        pos, "the integer " + value + " is out of range (TOML integers are at most 2^63 - 1)");
  }
  const std::string_view spec(text);
  try {
    apply(config, {spec.substr(0, dot), spec.substr(dot + 1, eq - dot - 1), *holder.get("value"),
                   pos, pos});
  } catch (const InputError& e) {
    throw OverrideError(e.pos(), e.detail());
  }
}

std::string value_text(const std::string& v) {
  return value_text(toml::value<std::string>(v));
}
std::string value_text(double v) {
  return number_text(v);
}
std::string value_text(bool v) {
  return v ? "true" : "false";
}

template <std::unsigned_integral T>
requires(!std::same_as<T, bool>) std::string value_text(T v) {
  return std::to_string(v);
}

std::string value_text(const std::vector<size_t>& v) {
  toml::array array;
  for (const size_t element : v)
    array.push_back(static_cast<int64_t>(element));
  return value_text(array);
}

// (section.key, value as TOML) for every key, in to_toml's order.
std::vector<std::pair<std::string, std::string>> key_values(const Config& config) {
  std::vector<std::pair<std::string, std::string>> out;
  for_each_section(config, [&](std::string_view section, const auto& fields) {
    for_each_field(fields, [&](std::string_view key, const auto& field, const auto&) {
      out.emplace_back(std::string(section) + "." + std::string(key), value_text(field));
    });
  });
  return out;
}

}  // namespace

Config load_config(const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides) {
  return load_config(Config{}, file, overrides);
}

Config load_config(Config config, const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides) {
  if (file)
    merge_table(config, parse_text(read_regular_file(*file), file->string()), file->string());
  for (const std::string& text : overrides)
    apply_override(config, text);
  return config;
}

Config config_from_toml(const std::string& text, const std::string& source_name) {
  Config config;
  merge_table(config, parse_text(text, source_name), source_name);
  return config;
}

std::vector<std::string> config_differences(const Config& a, const Config& b) {
  const auto in_a = key_values(a);
  const auto in_b = key_values(b);
  std::vector<std::string> out;
  for (size_t i = 0; i < in_a.size(); ++i) {
    if (in_a[i].second == in_b[i].second) continue;
    out.push_back(in_a[i].first + " (" + in_a[i].second + " vs " + in_b[i].second + ")");
  }
  return out;
}

std::string to_toml(const Config& config) {
  std::ostringstream out;
  for_each_section(config, [&](std::string_view name, const auto& section) {
    if (out.tellp() > 0) out << '\n';
    out << '[' << name << "]\n";
    for_each_field(section, [&](std::string_view key, const auto& field, const auto&) {
      out << key << " = " << value_text(field) << '\n';
    });
  });
  return out.str();
}

const std::vector<std::string>& model_kinds() {
  static const std::vector<std::string> kinds = {"cnn",  "pop",    "mf",     "bpr", "enmf",
                                                 "fism", "usercf", "itemcf", "din"};
  return kinds;
}

const std::vector<std::string>& reference_models() {
  static const std::vector<std::string> models = [] {
    std::vector<std::string> m = model_kinds();
    m.push_back("cnn-rank");
    return m;
  }();
  return models;
}

Config reference_config(const std::string& model) {
  Config c;  // the published CNN
  if (model == "cnn-rank") {
    c.model.ranking_bias = true;  // chosen by measurement (docs/model.md "Ranking term")
    c.train.ranking_loss = "pairwise";
    c.train.negatives = 1;
    c.train.ranking_detach = true;  // the rating-only MSE kept, and ranks better (bench/RESULTS.md)
    return c;
  }
  const std::string& kind = model;
  c.model.kind = kind;
  if (kind == "pop") {
    c.train.epochs = 1;  // later epochs count nothing
  } else if (kind == "mf") {
    c.train.epochs = 20;  // Surprise's n_epochs; its other defaults are MfConfig's
  } else if (kind == "bpr" || kind == "enmf" || kind == "fism" || kind == "din") {
    c.train.epochs = 300;  // RecBole's epochs and train_batch_size; its lr is train.lr's default
    c.train.batch_size = 2048;
  } else if (kind == "usercf" || kind == "itemcf") {
    c.train.epochs = 1;  // the neighbour lists are made once; later epochs change nothing
    // One step and one evaluation batch: predicting a batch's ratings computes the similarities
    // of each of its movies (users) once, which a whole split computes once in all.
    c.train.batch_size = c.train.eval_batch_size = size_t{1} << 24;
  } else if (kind != "cnn") {
    throw std::invalid_argument("unknown model \"" + model + "\"");
  }
  return c;
}

bool scores_are_ratings(const ModelConfig& model) {
  return (model.kind == "cnn" && !model.ranking_bias) || model.kind == "mf";
}

bool predicts_ratings(const ModelConfig& model) {
  return model.kind != "bpr" && model.kind != "enmf" && model.kind != "fism" && model.kind != "din";
}

}  // namespace cinerec
