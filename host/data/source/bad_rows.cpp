#include "host/data/source/bad_rows.h"

namespace cinerec {

void BadRowBudget::skip(const InputError& e) {
  if (count_ >= max_) {
    if (max_ == 0) throw e;
    throw InputError(e.pos(), e.detail() + " (bad-row limit of " + std::to_string(max_) +
                                  " reached; raise --max-bad-rows to skip more)");
  }
  ++count_;
  if (examples_.size() < kExamples) examples_.push_back(e.what());
}

}  // namespace cinerec
