// A directory of figures as a command's output (`stats`, `plot`): staged and moved into place
// under the output policy, its CSVs kept even when the drawing fails.
#pragma once

#include <filesystem>
#include <vector>

#include "host/common/output_policy.h"
#include "host/report/figure.h"

namespace cinerec::cli {

// What marks a directory as an earlier figures output: its figures.json.
OutputMarker figures_marker();

// Writes `figures` to `out` (NAME.csv, NAME.png, figures.json) and prints each PNG's path. When
// they cannot be drawn, the CSVs are still committed and PlotUnavailable is rethrown.
void write_figure_dir(const std::filesystem::path& out, const std::vector<Figure>& figures,
                      const OutputPolicy& policy);

}  // namespace cinerec::cli
