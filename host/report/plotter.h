// Writes figures: each table as DIR/NAME.csv, then one call of the plotting module
// (tools/cinerec_plot.py, matplotlib) that draws every DIR/NAME.png from them. The CSVs are
// written first, so they are there even where the drawing is not possible.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/report/figure.h"

namespace cinerec {

// figures.json's "format": marks a directory of figures as cinerec's (the output policy's
// marker).
inline constexpr const char* kFiguresFormat = "cinerec-figures";

// Python or matplotlib missing, or the module failed; the message says what to install.
class PlotUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The Python that draws: $CINEREC_PYTHON, else Debian's /usr/bin/python3 (whose
// python3-matplotlib tools/install-deps.sh installs).
std::string plot_python();
// The module: $CINEREC_PLOT_MODULE, else tools/cinerec_plot.py of the source tree built from.
std::string plot_module();

// Writes the CSVs, then draws the PNGs; returns the PNG paths in the order of `figures`. Throws
// PlotUnavailable (after the CSVs are written) when the figures could not be drawn.
std::vector<std::filesystem::path> write_figures(const std::filesystem::path& dir,
                                                 const std::vector<Figure>& figures);

}  // namespace cinerec
