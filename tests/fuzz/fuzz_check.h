// How a target reports what it finds beyond crashes and sanitizer reports.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace cinerec::fuzz {

// A property the code under test promises about what it accepted, found broken by an input.
// Derived from std::logic_error so that no target's handler for input errors swallows it: it
// reaches libFuzzer as a crash and the replay test as a failure.
class BrokenPromise : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// `what` is a literal, so passing checks build no string.
inline void check(bool ok, const char* what) {
  if (!ok) throw BrokenPromise(what);
}

// Findings in code another change owns, reported and not yet fixed (tests/fuzz/known/): a
// target's handler for one rethrows it unless CINEREC_FUZZ_KNOWN=tolerate, which tools/fuzz.sh
// sets so that fuzzing goes on past them. Run by hand or by the replay test, they still fail.
inline bool tolerate_known() {
  static const bool tolerate = [] {
    const char* v = std::getenv("CINEREC_FUZZ_KNOWN");
    return v != nullptr && std::string_view(v) == "tolerate";
  }();
  return tolerate;
}

// check() for a known finding: returns `ok` when tolerated, so the caller can stop short of the
// damage.
inline bool check_known(bool ok, const char* what) {
  if (!ok && !tolerate_known()) throw BrokenPromise(what);
  return ok;
}

}  // namespace cinerec::fuzz
