// Outputs that must be numbers: a NaN or an infinity in a prediction or a feature vector would
// print as null or sort anywhere, and pass as a result.
#pragma once

#include <span>
#include <string_view>

namespace cinerec {

// Throws std::runtime_error naming `what` and the first bad index unless every value is finite.
void require_finite(std::span<const float> values, std::string_view what);

}  // namespace cinerec
