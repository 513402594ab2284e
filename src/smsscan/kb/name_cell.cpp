#include "smsscan/kb/name_cell.hpp"

#include "smsscan/kb/date_cell.hpp"
#include "smsscan/kb/platform_cell.hpp"
#include "smsscan/kb/size_cell.hpp"
#include "smsscan/kb/time_cell.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <optional>

namespace smsscan::kb {

using manifest::parse_platform;
using util::iequals;

bool is_bare_name_word(std::string_view word)
{
  if (word.empty() || word.size() > 64 || !has_alpha(word) || !is_alnum(word.front())) {
    return false;
  }
  for (const char c : word) {
    if (!is_alnum(c) && c != '_' && c != '-' && c != '$' && c != '~') {
      return false;
    }
  }
  return !parse_platform(word) && month_from_name(word) == 0 && !is_meridiem(word) && !is_bytes_word(word) &&
         !is_empty_marker(word) && read_platform({word}).fit == Fit::no;
}

// A file name: "Clicore.exe", "54831.sql", "Foo.dl_", "Mstsc Client.exe".
bool is_name_word(std::string_view word)
{
  if (word.size() > 255 || word.front() == '(' || word.front() == '[') {
    return false;
  }
  if (iequals(word, "ntldr")) {
    return true;
  }
  const std::size_t dot = word.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= word.size()) {
    return false;
  }
  const std::string_view extension = word.substr(dot + 1);
  if (extension.size() > 8) {
    return false;
  }
  for (const char c : extension) {
    if (!is_alnum(c) && c != '_' && c != '$' && c != '~' && c != '-' && c != '!') {
      return false;
    }
  }
  if (!has_alpha(word)) {
    return false;
  }
  for (const char c : word) {
    if (c == ',' || c == '|' || c == '"' || c == '<' || c == '>' || c == '?') {
      return false;
    }
  }
  return true;
}

bool is_name_part(std::string_view word)
{
  // The words before the last one of a name with spaces.
  if (word.front() == '(' || word.front() == '[' || !has_alpha(word) || word.size() > 64) {
    return false;
  }
  // A file name of its own ("Compver1054.ini") is no part of another.
  return word.find(':') == std::string_view::npos && word.find(',') == std::string_view::npos &&
         !parse_platform(word) && month_from_name(word) == 0 && !is_meridiem(word) &&
         (!is_name_word(word) || iequals(word, "ntldr"));
}

namespace {

bool dos_name_char(char c)
{
  return is_upper(c) || is_digit(c) || c == '_' || c == '~' || c == '$' || c == '-' || c == '!' || c == '#';
}

// "ACMSETUP EXE", "2DOVES   WMF": a name as MS-DOS's dir lists it, its
// extension apart; "ACMSETUP.EXE".
std::optional<std::string> dos_name(std::string_view base, std::string_view extension)
{
  // An extension of digits only ("AVERYWZ  1") when the name is in capitals, as dir lists it.
  const bool capitals =
    has_alpha(base) && std::none_of(base.begin(), base.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (base.empty() || base.size() > 8 || extension.empty() || extension.size() > 3 ||
      (!has_alpha(extension) && !capitals) || !std::all_of(base.begin(), base.end(), dos_name_char) ||
      !std::all_of(extension.begin(), extension.end(), dos_name_char)) {
    return std::nullopt;
  }
  return std::string(base) + "." + std::string(extension);
}

// "EXTERNAL.EXE(MS-DOS)": a name with its note glued on.
std::optional<NameFit> glued_note(std::string_view word)
{
  const std::size_t open = word.find('(');
  if (open == std::string_view::npos || open == 0 || word.back() != ')' || !is_name_word(word.substr(0, open))) {
    return std::nullopt;
  }
  NameFit result;
  result.fit = Fit::ok;
  result.penalty = 2;
  result.name = std::string(word.substr(0, open));
  result.note = std::string(word.substr(open + 1, word.size() - open - 2));
  return result;
}

} // namespace

NameFit read_name(const std::vector<Token>& tokens, std::size_t from, std::size_t to, std::string_view line)
{
  NameFit result;
  std::vector<std::string_view> words;
  for (std::size_t t = from; t < to; ++t) {
    words.push_back(tokens[t].text);
  }
  if (words.empty()) {
    return result;
  }
  if (words.size() == 1) {
    if (auto glued = glued_note(words[0])) {
      return *glued;
    }
  }
  if (words.size() == 2 && words[0].find('.') == std::string_view::npos) {
    if (const auto name = dos_name(words[0], words[1])) {
      result.fit = Fit::ok;
      result.penalty = 2;
      result.name = *name;
      return result;
    }
  }
  // Core words, then an optional "(note)".
  std::size_t core = words.size();
  for (std::size_t w = 1; w < words.size(); ++w) {
    if (words[w].front() == '(' || words[w].front() == '[') {
      core = w;
      break;
    }
  }
  if (core < words.size() && !is_parenthesised(words, core)) {
    return result;
  }
  if (core + 1 == words.size() && read_platform({words[core]}).fit != Fit::no) {
    return result; // "Foo.dll (Intel)": the platform, not a note
  }
  std::string_view last = words[core - 1];
  std::string footnote;
  while (last.size() > 1 && last.back() == '*') {
    last.remove_suffix(1);
    footnote.push_back('*');
  }
  int bare_penalty = 0;
  if (!is_name_word(last)) {
    if (!is_bare_name_word(last) || core != 1) {
      return result;
    }
    bare_penalty = 6;
  }
  for (std::size_t w = 0; w + 1 < core; ++w) {
    if (!is_name_part(words[w])) {
      return result;
    }
  }
  result.fit = Fit::ok;
  result.penalty = 3 * static_cast<int>(core - 1) + bare_penalty;
  const auto start = static_cast<std::size_t>(tokens[from].start);
  const auto end = static_cast<std::size_t>(tokens[from + core - 1].end) - footnote.size();
  result.name = std::string(line.substr(start, end - start));
  // "System32\Drivers\Afd.sys": the manifest holds bare names.
  const std::size_t separator = result.name.find_last_of("\\/");
  if (separator != std::string::npos && separator + 1 < result.name.size()) {
    result.note = "in " + result.name.substr(0, separator + 1);
    result.name = result.name.substr(separator + 1);
  }
  if (core < words.size()) {
    const auto note_start = static_cast<std::size_t>(tokens[from + core].start);
    const std::string inner =
      inner_note(line.substr(note_start, static_cast<std::size_t>(tokens[to - 1].end) - note_start));
    result.note = result.note.empty() ? inner : inner + "; " + result.note;
  }
  if (!footnote.empty()) {
    result.note = result.note.empty() ? footnote : footnote + " " + result.note;
  }
  return result;
}

} // namespace smsscan::kb
