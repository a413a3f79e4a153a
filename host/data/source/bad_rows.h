// The `--max-bad-rows N` policy: a malformed row is an error unless the user allowed up to N of
// them to be skipped; skips are counted and the first few kept as examples for the report.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "host/common/input_error.h"

namespace cinerec {

class BadRowBudget {
 public:
  static constexpr size_t kExamples = 10;

  explicit BadRowBudget(size_t max_bad_rows) : max_(max_bad_rows) {}

  // Records a skipped row, or rethrows `e` when the budget is spent.
  void skip(const InputError& e);

  size_t max() const { return max_; }
  size_t count() const { return count_; }
  const std::vector<std::string>& examples() const { return examples_; }

 private:
  size_t max_;
  size_t count_ = 0;
  std::vector<std::string> examples_;
};

}  // namespace cinerec
