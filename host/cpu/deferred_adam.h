// Dense Adam on embedding tables without touching every row every step. A row no batch touches
// only decays its moments and drifts its parameter; those zero-gradient steps are deferred and
// replayed (same float operations, same order: bitwise the dense result) when the row is next
// touched or when parameters are read. Turns ~120 MB of memory traffic per step into compute
// on the rows that need it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/cpu/adam.h"

namespace cinerec::cpu {

class DeferredDenseAdam {
 public:
  // A table of `rows` x `dim` at `offset` in the flat buffers; returns its id.
  size_t add_table(size_t offset, size_t rows, size_t dim);
  // Every row is current at Adam step `step`; the history restarts there.
  void reset(uint64_t step);

  // Starts Adam step t = current + 1 with constants `s`.
  void begin_step(const AdamStep& s) { history_.push_back(s); }
  // Applies step t with gradient g to the given rows of `table`, each first caught up on the
  // steps it missed; the table's other rows defer it.
  void step_rows(size_t table, std::span<const uint32_t> rows, std::span<float> p,
                 std::span<const float> g, std::span<float> m, std::span<float> v);

  // Brings the given rows of `table` up to the current step (before begin_step), so a forward
  // pass and weight decay read the values dense Adam would have.
  void catch_up_rows(size_t table, std::span<const uint32_t> rows, std::span<float> p,
                     std::span<float> m, std::span<float> v);

  // Brings every row up to the current step.
  void flush(std::span<float> p, std::span<float> m, std::span<float> v);

 private:
  struct Table {
    size_t offset, rows, dim;
    std::vector<uint64_t> current;  // Adam step each row is up to date with
  };
  void catch_up(Table& t, uint32_t row, uint64_t upto, std::span<float> p, std::span<float> m,
                std::span<float> v);

  std::vector<Table> tables_;
  uint64_t step() const { return base_ + history_.size(); }

  uint64_t base_ = 0;              // step at the last reset
  std::vector<AdamStep> history_;  // constants of steps base_ + 1, base_ + 2, ...
};

}  // namespace cinerec::cpu
