// The manifest's remediation, built from what the article's RESOLUTION and
// WORKAROUND sections say: one sentence in our own words ("Install Windows
// NT 4.0 Service Pack 6a or later.", "Install the fix of Q300972, or a later
// service pack that contains it."), a pointer to the workaround when the
// article has one, and the articles the resolution refers to (number and
// title, as the resolution lists them). Never the article's own paragraphs.
#pragma once

#include "smsscan/kb/article_text.hpp"
#include "smsscan/manifest/model.hpp"

#include <optional>
#include <vector>

namespace smsscan::kb {

// nullopt when the article has neither a RESOLUTION nor a WORKAROUND section.
std::optional<manifest::Remediation> article_remediation(const std::vector<Line>& lines,
                                                         const manifest::Manifest& manifest);

} // namespace smsscan::kb
