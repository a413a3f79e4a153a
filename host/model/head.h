// How the towers' outputs u and m become a prediction (docs/model.md "Head and loss").
#pragma once

#include <string>

namespace cinerec {

enum class Head {
  kDot,  // u . m (the original code)
  kFc,   // [u, m] . w + b (the paper's text)
};

Head parse_head(const std::string& name);  // "dot" or "fc"; std::invalid_argument otherwise
const char* head_name(Head h);

}  // namespace cinerec
