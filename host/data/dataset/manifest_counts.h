// The counts manifest.json states beside the arrays (`counts`, `vocab_sizes`), which `info` prints
// as they are: checked against the arrays when a dataset is loaded, so that a hand-edited or
// damaged manifest cannot report numbers the data does not have.
#pragma once

#include "host/data/dataset/dataset.h"

namespace cinerec {

// Throws std::runtime_error naming the manifest key when a count is missing, is not a
// non-negative integer, differs from the arrays, or is one nothing checks (an unknown key).
void check_manifest_counts(const Dataset& dataset);

}  // namespace cinerec
