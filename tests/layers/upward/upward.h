// A layer of the layer-check fixture that sees only "low" but includes "high": refused.
#pragma once

#include "high/high.h"
