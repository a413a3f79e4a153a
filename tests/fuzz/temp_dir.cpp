#include "tests/fuzz/temp_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace cinerec::fuzz {
namespace fs = std::filesystem;
namespace {

fs::path temp_root() {
  // tools/fuzz.sh names a directory it removes afterwards, with what crashed runs left behind.
  if (const char* root = std::getenv("CINEREC_FUZZ_TMPDIR")) return root;
  const fs::path shm = "/dev/shm";
  if (fs::is_directory(shm) && ::access(shm.c_str(), W_OK | X_OK) == 0) return shm;
  return fs::temp_directory_path();
}

}  // namespace

TempDir::TempDir() {
  std::string name = (temp_root() / "cinerec-fuzz-XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory " + name + ": " +
                             std::strerror(errno));
  }
  path_ = name;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

void TempDir::clear() const {
  for (const fs::directory_entry& entry : fs::directory_iterator(path_))
    fs::remove_all(entry.path());
}

const fs::path& fresh_input_dir() {
  static const TempDir dir;
  dir.clear();
  return dir.path();
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace cinerec::fuzz
