#include "smsscan/kb/columns.hpp"

#include <algorithm>

namespace smsscan::kb {

const char* kind_label(Kind kind)
{
  switch (kind) {
  case Kind::date:
    return "Date";
  case Kind::time:
    return "Time";
  case Kind::version:
    return "Version";
  case Kind::size:
    return "Size";
  case Kind::name:
    return "File name";
  case Kind::platform:
    return "Platform";
  case Kind::note:
    return "Note";
  case Kind::label:
    return "Label";
  case Kind::ignored:
    break;
  }
  return "(ignored)";
}

bool has_kind(const std::vector<Column>& columns, Kind kind)
{
  return std::any_of(columns.begin(), columns.end(), [kind](const Column& c) { return c.kind == kind; });
}

std::vector<Column> row_columns(const Header& header)
{
  std::vector<Column> columns = header.columns;
  if (!has_kind(columns, Kind::platform)) {
    Column platform;
    platform.kind = Kind::platform;
    platform.implicit = true;
    columns.push_back(platform);
  }
  Column note;
  note.kind = Kind::note;
  note.implicit = true;
  columns.push_back(note);
  return columns;
}

} // namespace smsscan::kb
