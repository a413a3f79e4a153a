#include "host/common/input_error.h"

namespace cinerec {
namespace {

std::string format_message(const SourcePos& pos, const std::string& what) {
  std::string msg = pos.file;
  if (pos.line > 0) msg += ":" + std::to_string(pos.line);
  if (pos.line > 0 && pos.column > 0) msg += ":" + std::to_string(pos.column);
  return msg + ": " + what;
}

}  // namespace

InputError::InputError(SourcePos pos, const std::string& what)
    : std::runtime_error(format_message(pos, what)), pos_(std::move(pos)), detail_(what) {}

}  // namespace cinerec
