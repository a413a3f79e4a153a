// A lower layer of the layer-check fixture (tests/CMakeLists.txt): includes nothing of ours.
#pragma once

#include <vector>
