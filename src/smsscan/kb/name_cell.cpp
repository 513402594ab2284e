#include "smsscan/kb/name_cell.hpp"

#include "smsscan/kb/date_cell.hpp"
#include "smsscan/kb/platform_cell.hpp"
#include "smsscan/kb/size_cell.hpp"
#include "smsscan/kb/time_cell.hpp"
#include "smsscan/util/text.hpp"

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
  return word.find(':') == std::string_view::npos && word.find(',') == std::string_view::npos &&
         !parse_platform(word) && month_from_name(word) == 0 && !is_meridiem(word);
}

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
