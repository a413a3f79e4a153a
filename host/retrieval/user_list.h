// The users a command is restricted to (`cinerec score --users FILE`): one source user id per
// line; blank lines and surrounding white space are ignored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "host/data/dataset/dataset.h"

namespace cinerec {

// Dataset user indices in file order. Throws InputError (FILE:LINE) for an unknown id, and for
// an unreadable, non-regular or empty file.
std::vector<uint32_t> read_user_list(const std::filesystem::path& file, const Dataset& data);

// Every user of the dataset, in index order.
std::vector<uint32_t> all_users(const Dataset& data);

}  // namespace cinerec
