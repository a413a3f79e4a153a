// The fuzz targets. Each takes one input and returns normally when the code under test accepted
// it or refused it the documented way (the exception types the reader promises). Anything else
// escapes: a crash for libFuzzer (libfuzzer_main.cpp), a failure for the replay test that runs
// the seed corpus and the saved regressions under the regular build
// (tests/fuzz_regressions_test.cpp).
#pragma once

#include <span>
#include <string_view>

namespace cinerec::fuzz {

struct Target {
  std::string_view name;  // also the name of its corpus directory, tests/fuzz/corpus/NAME
  void (*run)(std::string_view input);
};

std::span<const Target> targets();
// Throws std::invalid_argument for an unknown name.
const Target& target(std::string_view name);

void csv(std::string_view input);
void source_douban(std::string_view input);
void source_moviedata(std::string_view input);
void source_ml1m(std::string_view input);
void source_ml100k(std::string_view input);
void source_ml100k_fold(std::string_view input);
void config(std::string_view input);
void dataset(std::string_view input);
void safetensors(std::string_view input);
void checkpoint(std::string_view input);
void user_list(std::string_view input);

}  // namespace cinerec::fuzz
