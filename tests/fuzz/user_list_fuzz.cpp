// The `cinerec score --users FILE` list, against the fixture dataset. Input: the file. An
// accepted list has one dataset user per non-blank line, in file order, after a byte order mark
// if the file starts with one.
#include <vector>

#include "host/common/input_error.h"
#include "host/retrieval/user_list.h"
#include "tests/fuzz/fixture_dataset.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/temp_dir.h"

namespace cinerec::fuzz {
namespace {

std::string_view trimmed(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

void user_list(std::string_view input) {
  const std::filesystem::path file = fresh_input_dir() / "users.txt";
  write_file(file, input);
  const Dataset& data = fixture_dataset();
  std::vector<uint32_t> users;
  try {
    users = read_user_list(file, data);
  } catch (const InputError&) {
    return;
  }
  check(!users.empty(), "an accepted list names a user");
  size_t next = 0;
  std::string_view rest = input;
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);  // a UTF-8 byte order mark
  while (!rest.empty()) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view id = trimmed(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (id.empty()) continue;
    check(
        next < users.size() && users[next] < data.num_users() && data.user_ids()[users[next]] == id,
        "each non-blank line is its user, in order");
    ++next;
  }
  check(next == users.size(), "no user without its line");
}

}  // namespace cinerec::fuzz
