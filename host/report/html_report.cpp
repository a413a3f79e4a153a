#include "host/report/html_report.h"

#include "host/common/base64.h"
#include "host/common/regular_file.h"

namespace cinerec {
namespace {

// CJK titles and genres need a font that has their glyphs (fonts-wqy-zenhei is installed by
// tools/install-deps.sh); the page stays readable at 100% zoom in a narrow window.
constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif;
       max-width: 1100px; margin: 24px auto; padding: 0 16px; color: #222; line-height: 1.45; }
h1 { font-size: 26px; border-bottom: 2px solid #5b7a99; padding-bottom: 6px; }
h2 { font-size: 20px; margin-top: 32px; color: #2f4a66; }
table { border-collapse: collapse; margin: 8px 0 4px; font-size: 14px; }
th, td { border: 1px solid #c8d0d8; padding: 3px 8px; text-align: left; }
th { background: #eef2f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { font-size: 12px; color: #666; margin-top: 2px; }
figure { margin: 12px 0 20px; }
figure img { max-width: 100%; height: auto; border: 1px solid #e0e4e8; }
figcaption { font-size: 13px; color: #555; }
)";

bool looks_numeric(const std::string& s) {
  if (s.empty()) return false;
  size_t used = 0;
  try {
    (void)std::stod(s, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == s.size();
}

}  // namespace

std::string html_escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

HtmlReport::HtmlReport(std::string title) : title_(std::move(title)) {}

void HtmlReport::heading(const std::string& text) {
  body_ += "<h2>" + html_escaped(text) + "</h2>\n";
}

void HtmlReport::paragraph(const std::string& text) {
  body_ += "<p>" + html_escaped(text) + "</p>\n";
}

void HtmlReport::table(const CsvTable& table) {
  body_ += "<table>\n<tr>";
  for (const std::string& h : table.header)
    body_ += "<th>" + html_escaped(h) + "</th>";
  body_ += "</tr>\n";
  for (const auto& row : table.rows) {
    body_ += "<tr>";
    for (const std::string& cell : row)
      body_ += (looks_numeric(cell) ? "<td class=\"num\">" : "<td>") + html_escaped(cell) + "</td>";
    body_ += "</tr>\n";
  }
  body_ += "</table>\n";
  for (const std::string& c : table.comments)
    body_ += "<p class=\"note\">" + html_escaped(c) + "</p>\n";
}

void HtmlReport::figure(const std::filesystem::path& png, const std::string& caption) {
  const std::string bytes = read_regular_file(png);
  body_ += "<figure><img id=\"fig-" + html_escaped(png.stem().string()) + "\" alt=\"" +
           html_escaped(caption) + "\" src=\"data:image/png;base64," + base64_encode(bytes) +
           "\"><figcaption>" + html_escaped(caption) + "</figcaption></figure>\n";
}

std::string HtmlReport::html() const {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         html_escaped(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" +
         html_escaped(title_) + "</h1>\n" + body_ + "</body>\n</html>\n";
}

}  // namespace cinerec
