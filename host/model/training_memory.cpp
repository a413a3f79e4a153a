#include "host/model/training_memory.h"

#include <algorithm>

#include "host/common/checked_math.h"

namespace cinerec {

size_t activation_values_per_row(const ModelSpec& s) {
  const auto mul = [](size_t a, size_t b) { return checked_mul(a, b, "model activations"); };
  const size_t widest_window = *std::ranges::max_element(s.title_windows);
  const size_t title = mul(s.title_len, s.token_dim);
  // One window's patches and responses at a time (cpu title_conv_forward).
  const size_t conv_scratch = mul(s.title_len, checked_add(mul(widest_window, s.token_dim),
                                                           s.title_filters, "model activations"));
  const size_t widths[] = {
      s.user_id_dim,
      mul(3, s.demographic_dim),
      mul(2, s.user_concat()),
      s.movie_id_dim,
      s.genre_dim,
      mul(2, title),
      mul(2, s.movie_concat()),
      mul(4, s.feature_dim),
      mul(2, s.title_features()),
      3,  // the prediction, its gradient and the ranking score's
      std::max({s.user_id_dim, s.demographic_dim, s.movie_id_dim, s.genre_dim}),
      conv_scratch,
      s.title_len};  // the batch's token ids
  size_t values = 0;
  for (const size_t w : widths)
    values = checked_add(values, w, "model activations");
  return values;
}

uint64_t training_memory_bytes(const ModelSpec& spec, size_t parameter_values, size_t batch_rows) {
  constexpr size_t kFloat = sizeof(float);
  constexpr size_t kParameterCopies = 4;  // values, gradient, Adam's m and v
  const size_t parameters = checked_mul(
      checked_mul(parameter_values, kParameterCopies, "the parameters"), kFloat, "the parameters");
  const size_t activations =
      checked_mul(checked_mul(activation_values_per_row(spec), batch_rows, "the activations"),
                  kFloat, "the activations");
  return checked_add(parameters, activations, "the model's memory");
}

}  // namespace cinerec
