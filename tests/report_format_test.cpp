// The small formats behind the figures and the report: base64, HTML escaping, CSV tables, the
// UTC year of a timestamp, and running a helper program.
#include <gtest/gtest.h>

#include "host/common/base64.h"
#include "host/common/subprocess.h"
#include "host/report/csv_table.h"
#include "host/report/dataset_figures.h"
#include "host/report/html_report.h"

namespace cinerec {
namespace {

TEST(Base64, MatchesTheRfc4648TestVectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(HtmlReport, EscapesEveryTextAndNamesEachFigure) {
  EXPECT_EQ(html_escaped("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  HtmlReport report("a <title>");
  report.paragraph("1 < 2");
  CsvTable t;
  t.header = {"<h>"};
  t.add_row({"3.5"});
  report.table(t);
  const std::string html = report.html();
  EXPECT_NE(html.find("<title>a &lt;title&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<p>1 &lt; 2</p>"), std::string::npos);
  EXPECT_NE(html.find("<th>&lt;h&gt;</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">3.5</td>"), std::string::npos);
  EXPECT_THROW(report.figure("/nonexistent/x.png", "x"), std::exception);
}

TEST(CsvTable, QuotesFieldsAndRefusesRaggedRows) {
  CsvTable t;
  t.comments = {"where from"};
  t.header = {"name", "value"};
  t.add_row({"a, \"b\"", csv_number(3)});
  t.add_row({"剧情", csv_number(0.125)});
  EXPECT_EQ(t.to_csv(), "# where from\nname,value\n\"a, \"\"b\"\"\",3\n剧情,0.125\n");
  EXPECT_THROW(t.add_row({"only one"}), std::logic_error);
  EXPECT_EQ(csv_number(1e20), "1e+20");
  EXPECT_EQ(csv_number(-2), "-2");
}

TEST(DatasetFigures, UtcYearOfUnixTimes) {
  EXPECT_EQ(utc_year(0), 1970);
  EXPECT_EQ(utc_year(946684799), 1999);  // 1999-12-31 23:59:59 UTC
  EXPECT_EQ(utc_year(946684800), 2000);
  EXPECT_EQ(utc_year(1700000000), 2023);
}

TEST(RunProcess, CollectsOutputAndStatus) {
  const ProcessResult ok = run_process({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(ok.status, 3);
  EXPECT_EQ(ok.output, "out\nerr\n");
  const ProcessResult missing = run_process({"/nonexistent/program"});
  EXPECT_EQ(missing.status, 127);
  EXPECT_NE(missing.output.find("/nonexistent/program"), std::string::npos);
}

}  // namespace
}  // namespace cinerec
