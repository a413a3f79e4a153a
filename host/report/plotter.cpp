#include "host/report/plotter.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "host/common/atomic_file.h"
#include "host/common/subprocess.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

void write_text(const fs::path& path, const std::string& text) {
  write_file_atomic(path, text.data(), text.size());
}

// The plan names files relative to its own directory, so the directory can be moved (a staged
// output is renamed into place) and redrawn later: python3 tools/cinerec_plot.py figures.json.
nlohmann::json plan_entry(const FigureSpec& s) {
  return {
      {"kind", s.kind},          {"csv", s.name + ".csv"}, {"png", s.name + ".png"},
      {"title", s.title},        {"xlabel", s.xlabel},     {"ylabel", s.ylabel},
      {"logx", s.logx},          {"logy", s.logy},         {"colour_by_label", s.colour_by_label},
      {"markers", s.markers},    {"points", s.points},     {"width_px", s.width_px},
      {"height_px", s.height_px}};
}

}  // namespace

std::string plot_python() {
  return env_or("CINEREC_PYTHON", "/usr/bin/python3");
}

std::string plot_module() {
  return env_or("CINEREC_PLOT_MODULE", std::string(CINEREC_SOURCE_DIR) + "/tools/cinerec_plot.py");
}

std::vector<fs::path> write_figures(const fs::path& dir, const std::vector<Figure>& figures) {
  nlohmann::json plan = {{"format", kFiguresFormat}, {"figures", nlohmann::json::array()}};
  std::vector<fs::path> pngs;
  for (const Figure& f : figures) {
    write_text(dir / (f.spec.name + ".csv"), f.table.to_csv());
    plan["figures"].push_back(plan_entry(f.spec));
    pngs.push_back(dir / (f.spec.name + ".png"));
  }
  const fs::path plan_path = dir / "figures.json";
  write_text(plan_path, plan.dump(2) + "\n");
  const std::string python = plot_python();
  ProcessResult r = run_process({python, plot_module(), plan_path.string()});
  while (!r.output.empty() && r.output.back() == '\n')
    r.output.pop_back();
  if (r.status == 127) {
    throw PlotUnavailable("cannot run " + python + " to draw the figures (" + r.output +
                          "): install Debian's python3 and python3-matplotlib, or set "
                          "CINEREC_PYTHON");
  }
  if (r.status != 0) {
    throw PlotUnavailable("drawing the figures failed (" + python + " " + plot_module() +
                          ", status " + std::to_string(r.status) + "): " + r.output);
  }
  return pngs;
}

}  // namespace cinerec
