#include "host/retrieval/user_list.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "host/common/input_error.h"
#include "host/common/regular_file.h"
#include "host/text/utf8.h"

namespace cinerec {
namespace {

std::string_view trimmed(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

std::vector<uint32_t> read_user_list(const std::filesystem::path& file, const Dataset& data) {
  const std::string text = read_regular_file(file);
  std::vector<uint32_t> users;
  std::string_view rest = utf8::without_bom(text);
  for (size_t line = 1; !rest.empty(); ++line) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view id = trimmed(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (id.empty()) continue;
    const auto user = data.user_ids().find(id);
    if (!user) throw InputError({file.string(), line}, "unknown user id " + quote_input(id));
    users.push_back(*user);
  }
  if (users.empty()) throw InputError({file.string()}, "the user list names no user");
  return users;
}

std::vector<uint32_t> all_users(const Dataset& data) {
  std::vector<uint32_t> users(data.num_users());
  std::iota(users.begin(), users.end(), 0u);
  return users;
}

}  // namespace cinerec
