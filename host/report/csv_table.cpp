#include "host/report/csv_table.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "host/common/csv_field.h"

namespace cinerec {

void CsvTable::add_row(std::vector<std::string> row) {
  if (row.size() != header.size()) {
    throw std::logic_error("CsvTable: a row of " + std::to_string(row.size()) +
                           " fields under a header of " + std::to_string(header.size()));
  }
  rows.push_back(std::move(row));
}

std::string CsvTable::to_csv() const {
  std::string out;
  for (const std::string& c : comments)
    out += "# " + c + "\n";
  const auto line = [&out](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ',';
      append_csv_field(out, fields[i]);
    }
    out += '\n';
  };
  line(header);
  for (const auto& row : rows)
    line(row);
  return out;
}

std::string csv_number(double value) {
  char text[32];
  if (std::isfinite(value) && value == std::round(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, "%.6g", value);
  }
  return text;
}

}  // namespace cinerec
