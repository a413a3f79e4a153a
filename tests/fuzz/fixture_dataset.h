// The small prepared dataset the user-list and checkpoint targets resolve ids and shapes
// against: `cinerec synth --users 30 --movies 60 --ratings 300` (seed 1) prepared as douban with
// the default options, which is the dataset make_seeds.sh builds the dataset and checkpoint seeds
// from. Built in memory once per process.
#pragma once

#include "host/data/dataset/dataset.h"

namespace cinerec::fuzz {

const Dataset& fixture_dataset();

}  // namespace cinerec::fuzz
