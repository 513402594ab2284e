// The caption of a KB file table: the sentence that introduces it ("The
// English version of this fix should have the following file attributes or
// later:"), which tells tables of other languages and platforms apart.
#pragma once

#include "smsscan/kb/article_text.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace smsscan::kb {

// The last sentence of the paragraph just above the table's header that
// introduces it, else its last sentence; "" when the lines above belong to
// another table (used) or there is no paragraph. At most 300 characters.
std::string find_caption(const std::vector<Line>& lines, std::size_t header_line, const std::vector<bool>& used);

} // namespace smsscan::kb
