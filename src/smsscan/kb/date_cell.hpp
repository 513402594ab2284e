// Reads the dates of KB file tables: 06/08/99, 6-8-1999, 1999-06-08,
// 08.06.1999 (day first), 08-Jun-1999, Jun-08-1999, "June 8, 1999",
// "8 June 1999". Two-digit years: 50-99 are 19xx, 00-49 are 20xx; only
// years 1900-2099 are dates of the era.
#pragma once

#include "smsscan/kb/cell_text.hpp"
#include "smsscan/util/civil_time.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace smsscan::kb {

// Month from "Jun", "June", "JUN.", "Sept"; 0 for anything else.
int month_from_name(std::string_view word);

// How to read 06/08/99: month first (US articles) or day first.
enum class DateOrder { mdy, dmy };

struct DateFit
{
  Fit fit = Fit::no;
  util::CivilDate date;
};

// One token: 06/08/99, 6-8-1999, 1999-06-08, 08.06.1999, 08-Jun-1999, Jun-08-1999.
DateFit read_date_token(std::string_view text, DateOrder order);

// One token as above or three words ("June 8, 1999", "Jun 8 1999", "8 June 1999").
DateFit read_date(const std::vector<std::string_view>& words, DateOrder order);

// The whole text as one date, month first; nullopt for anything else and for
// dates that do not exist (02/30/99).
std::optional<util::CivilDate> parse_kb_date(std::string_view text);

} // namespace smsscan::kb
