// How a target reports what it finds beyond crashes and sanitizer reports.
#pragma once

#include <stdexcept>

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

}  // namespace cinerec::fuzz
