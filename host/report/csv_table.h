// A small table written as CSV (RFC 4180): the numbers behind a figure, readable by a person, a
// spreadsheet and the plotting module alike. Comment lines ("# ...") say where the numbers come
// from.
#pragma once

#include <string>
#include <vector>

namespace cinerec {

struct CsvTable {
  std::vector<std::string> comments;  // written as "# " lines before the header
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as the header

  void add_row(std::vector<std::string> row);
  std::string to_csv() const;
};

// A number as the tables print it: integers without a fraction, others with 6 significant
// digits.
std::string csv_number(double value);

}  // namespace cinerec
