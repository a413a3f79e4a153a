#include "host/cli/figure_output.h"

#include <cstdio>
#include <string>

#include "host/common/staged_dir.h"
#include "host/report/plotter.h"

namespace cinerec::cli {

OutputMarker figures_marker() {
  return {"figures.json", "format", kFiguresFormat};
}

void write_figure_dir(const std::filesystem::path& out, const std::vector<Figure>& figures,
                      const OutputPolicy& policy) {
  StagedDir staged(output_path(out), policy);
  try {
    write_figures(staged.path(), figures);
  } catch (const PlotUnavailable& e) {
    staged.commit();
    throw PlotUnavailable(std::string(e.what()) + "; the figures' CSVs are in " + out.string());
  }
  staged.commit();
  for (const Figure& f : figures)
    std::printf("%s\n", (out / (f.spec.name + ".png")).string().c_str());
}

}  // namespace cinerec::cli
