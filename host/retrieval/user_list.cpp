#include "host/retrieval/user_list.h"

#include <fstream>
#include <numeric>
#include <string>

#include "host/common/input_error.h"

namespace cinerec {
namespace {

std::string_view trimmed(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

std::vector<uint32_t> read_user_list(const std::filesystem::path& file, const Dataset& data) {
  std::ifstream in(file);
  if (!in || std::filesystem::is_directory(file)) {
    throw InputError({file.string()}, "cannot open the user list");
  }
  std::vector<uint32_t> users;
  size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    const std::string_view id = trimmed(line);
    if (id.empty()) continue;
    const auto user = data.user_ids().find(id);
    if (!user) throw InputError({file.string(), line_number}, "unknown user id " + std::string(id));
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
