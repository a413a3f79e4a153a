#include "host/cpu/deferred_adam.h"

namespace cinerec::cpu {

size_t DeferredDenseAdam::add_table(size_t offset, size_t rows, size_t dim) {
  tables_.push_back({offset, rows, dim, std::vector<uint64_t>(rows, step())});
  return tables_.size() - 1;
}

void DeferredDenseAdam::reset(uint64_t step_now) {
  base_ = step_now;
  history_.clear();
  for (auto& t : tables_)
    t.current.assign(t.rows, step_now);
}

void DeferredDenseAdam::catch_up(Table& t, uint32_t row, uint64_t upto, std::span<float> p,
                                 std::span<float> m, std::span<float> v) {
  uint64_t& current = t.current[row];
  if (current >= upto) return;
  const size_t at = t.offset + size_t{row} * t.dim;
  const std::span<const AdamStep> missed(history_.data() + (current - base_), upto - current);
  adam_zero_grad_steps(p.subspan(at, t.dim), m.subspan(at, t.dim), v.subspan(at, t.dim), missed);
  current = upto;
}

void DeferredDenseAdam::step_rows(size_t table, std::span<const uint32_t> rows, std::span<float> p,
                                  std::span<const float> g, std::span<float> m,
                                  std::span<float> v) {
  Table& t = tables_[table];
  const uint64_t now = step();
  for (uint32_t row : rows)
    catch_up(t, row, now - 1, p, m, v);
  const std::span<float> tp = p.subspan(t.offset, t.rows * t.dim);
  adam_rows(tp, g.subspan(t.offset, tp.size()), m.subspan(t.offset, tp.size()),
            v.subspan(t.offset, tp.size()), t.dim, rows, history_.back());
  for (uint32_t row : rows)
    t.current[row] = now;
}

void DeferredDenseAdam::catch_up_rows(size_t table, std::span<const uint32_t> rows,
                                      std::span<float> p, std::span<float> m, std::span<float> v) {
  for (uint32_t row : rows)
    catch_up(tables_[table], row, step(), p, m, v);
}

void DeferredDenseAdam::flush(std::span<float> p, std::span<float> m, std::span<float> v) {
  for (auto& t : tables_) {
#pragma omp parallel for schedule(static)
    for (size_t row = 0; row < t.rows; ++row)
      catch_up(t, static_cast<uint32_t>(row), step(), p, m, v);
  }
  reset(step());  // every row is current: the history can go
}

}  // namespace cinerec::cpu
