#include "host/data/source/source_reader.h"

#include <functional>
#include <stdexcept>

namespace cinerec {
namespace {

using Reader = std::function<RawTables(const std::filesystem::path&, BadRowBudget&,
                                       const std::optional<std::string>&)>;

// Only ML-100K defines folds; asking another format for one is a mistake worth reporting.
Reader without_folds(RawTables (*read)(const std::filesystem::path&, BadRowBudget&),
                     std::string_view format) {
  return [read, format](const std::filesystem::path& dir, BadRowBudget& bad,
                        const std::optional<std::string>& fold) {
    if (fold) {
      throw std::invalid_argument("format \"" + std::string(format) +
                                  "\" has no folds; --fold applies to ml-100k only");
    }
    return read(dir, bad);
  };
}

struct SourceFormat {
  std::string name;
  Reader read;
};

const std::vector<SourceFormat>& formats() {
  static const std::vector<SourceFormat> kFormats{
      {"douban", without_folds(read_douban, "douban")},
      {"moviedata", without_folds(read_moviedata, "moviedata")},
      {"ml-1m", without_folds(read_ml1m, "ml-1m")},
      {"ml-100k", read_ml100k},
  };
  return kFormats;
}

}  // namespace

const std::vector<std::string>& source_formats() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const SourceFormat& f : formats())
      names.push_back(f.name);
    return names;
  }();
  return kNames;
}

RawTables read_source(std::string_view format, const std::filesystem::path& dir, BadRowBudget& bad,
                      const std::optional<std::string>& fold) {
  for (const SourceFormat& f : formats()) {
    if (f.name == format) return f.read(dir, bad, fold);
  }
  std::string names;
  for (const std::string& name : source_formats())
    names += (names.empty() ? "" : ", ") + name;
  throw std::invalid_argument("unknown source format \"" + std::string(format) +
                              "\" (expected one of: " + names + ")");
}

}  // namespace cinerec
