// Columns for file rows that have no header ("06/08/99  06:12p  144,144
// Msv1_0.dll  (Intel)", as 1998 articles list them): each word's type told
// from its shape.
#pragma once

#include "smsscan/kb/columns.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// The columns of a line that holds nothing but row values: a date, a size
// and a file name at least, each once. nullopt for anything else. boxed:
// the line is a "| 06/08/99 | 144,144 | Msv1_0.dll |" row of a box without
// a header; each column then keeps its cell.
std::optional<std::vector<Column>> infer_columns(std::string_view line, bool boxed = false);

} // namespace smsscan::kb
