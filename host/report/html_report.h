// One self-contained HTML page: headings, paragraphs, tables and figures, the figures embedded
// as data: URIs, so the file opens from disk with no network and nothing beside it. Every text
// is escaped; each figure's <img> carries id "fig-NAME" (NAME: the PNG's stem), so a reader or
// a test finds it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/report/csv_table.h"

namespace cinerec {

class HtmlReport {
 public:
  explicit HtmlReport(std::string title);

  void heading(const std::string& text);
  void paragraph(const std::string& text);
  void table(const CsvTable& table);  // its comments as a note under it
  // Reads the PNG now; throws when it cannot be read.
  void figure(const std::filesystem::path& png, const std::string& caption);

  std::string html() const;

 private:
  std::string title_;
  std::string body_;
};

std::string html_escaped(const std::string& text);

}  // namespace cinerec
