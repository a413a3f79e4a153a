// One figure: what the plotting module (tools/cinerec_plot.py) draws and the table it draws it
// from. The kinds and their CSV layouts are the module's contract:
//   barh, bar         label, value
//   lines             series, x, y (long format: one line per series, in order of appearance)
//   scatter_marginal  x, y (further columns ignored): scatter with both marginal histograms
//   bar_panels        x, then one column per panel (stacked, sharing the x axis)
//   grouped_bars      model, then one column per group of bars (empty: no bar)
#pragma once

#include <string>

#include "host/report/csv_table.h"

namespace cinerec {

struct FigureSpec {
  std::string name;  // file stem: NAME.csv and NAME.png
  std::string kind;
  std::string title, xlabel, ylabel;
  bool logx = false, logy = false;
  bool colour_by_label = false;  // bars coloured as their model is everywhere
  bool markers = false;          // lines: a marker at each point
  bool points = false;           // lines: markers alone (counts whose neighbours are no curve)
  int width_px = 1000, height_px = 600;
};

struct Figure {
  FigureSpec spec;
  CsvTable table;
};

}  // namespace cinerec
