#include "host/model/head.h"

#include <stdexcept>

namespace cinerec {

Head parse_head(const std::string& name) {
  if (name == "dot") return Head::kDot;
  if (name == "fc") return Head::kFc;
  throw std::invalid_argument("unknown head \"" + name + "\" (expected dot or fc)");
}

const char* head_name(Head h) {
  return h == Head::kDot ? "dot" : "fc";
}

}  // namespace cinerec
