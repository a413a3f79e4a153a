// A higher layer of the layer-check fixture: includes downward, which is allowed.
#pragma once

#include "low/low.h"
