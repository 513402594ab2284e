#include "smsscan/kb/version_cell.hpp"

#include "smsscan/util/text.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>

namespace smsscan::kb {

using manifest::parse_file_version;
using util::iequals;
using util::split;

Fit dotted_version_fit(std::string_view word)
{
  if (word.empty() || word.size() > 40 || !is_digit(word.front()) || !is_digit(word.back())) {
    return Fit::no;
  }
  int dots = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] == '.') {
      if (word[i - 1] == '.') {
        return Fit::no;
      }
      ++dots;
    } else if (!is_digit(word[i])) {
      return Fit::no;
    }
  }
  if (dots == 0) {
    return Fit::no;
  }
  if (dots > 3) {
    return Fit::bad;
  }
  return parse_file_version(word) ? Fit::ok : Fit::bad;
}

namespace {

// Versions written in a form no version resource has, which tell the
// reader something all the same: "5.0:2195.2097" (a colon typo, read as
// 5.0.2195.2097), "786" (a bare build number: the major.minor is unknown,
// so the row is judged by its date) and "1.2(Build 786)" / "1.2(786)" (kept
// as a note for the same reason).
std::optional<VersionFit> unusual_version(std::string_view word)
{
  VersionFit result;
  if (std::count(word.begin(), word.end(), ':') == 1) {
    std::string dotted(word);
    std::replace(dotted.begin(), dotted.end(), ':', '.');
    if (dotted_version_fit(dotted) == Fit::ok && std::count(dotted.begin(), dotted.end(), '.') == 3) {
      result.fit = Fit::ok;
      result.text = dotted;
      result.note = "version written " + std::string(word);
      return result;
    }
    return std::nullopt;
  }
  if (all_digits(word) && word.size() <= 5) {
    result.fit = Fit::ok;
    result.note = "build " + std::string(word);
    result.penalty = 2;
    return result;
  }
  const std::size_t open = word.find('(');
  if (open != std::string_view::npos && open > 0 && word.back() == ')' &&
      dotted_version_fit(word.substr(0, open)) == Fit::ok) {
    std::string_view inner = word.substr(open + 1, word.size() - open - 2);
    if (inner.size() > 6 && util::iequals(inner.substr(0, 6), "build ")) {
      inner.remove_prefix(6);
    }
    if (all_digits(inner) && inner.size() <= 5) {
      result.fit = Fit::ok;
      result.note = "version " + std::string(word);
      result.penalty = 2;
      return result;
    }
  }
  return std::nullopt;
}

} // namespace

VersionFit read_version(const std::vector<std::string_view>& words, std::string_view as_written)
{
  VersionFit result;
  if (words.empty()) {
    result.fit = Fit::ok;
    return result;
  }
  if (words.size() == 1 && is_empty_marker(words[0])) {
    result.fit = Fit::ok;
    return result;
  }
  // "(version 3.5.34)", as 1998 articles write it after the size.
  if (words.size() == 2 && iequals(words[0], "(version") && words[1].size() > 1 && words[1].back() == ')') {
    const std::string_view inner = words[1].substr(0, words[1].size() - 1);
    result.fit = dotted_version_fit(inner);
    if (result.fit == Fit::no && all_digits(inner) && inner.size() <= 5) {
      result.fit = Fit::ok; // "(version 3)"
    }
    result.text = std::string(inner);
    return result;
  }
  if (words.size() == 2 && iequals(words[0], "not") && iequals(words[1], "applicable")) {
    result.fit = Fit::ok;
    return result;
  }
  if (words.size() <= 2) {
    // "1.2(Build 786)" is two words; the others one.
    const std::string joined =
      words.size() == 1 ? std::string(words[0]) : std::string(words[0]) + " " + std::string(words[1]);
    if (words.size() == 1 || words[0].find('(') != std::string_view::npos) {
      if (const auto unusual = unusual_version(joined)) {
        return *unusual;
      }
    }
  }
  std::size_t core = 1;
  Fit fit = dotted_version_fit(words[0]);
  if (fit == Fit::no) {
    // Commas: "2, 0, 1380, 1000" or "2,0,1380,1000" (four parts only, so a
    // size is never read as a version).
    std::string joined;
    std::size_t i = 0;
    for (; i < words.size(); ++i) {
      joined += words[i];
      if (words[i].back() != ',') {
        ++i;
        break;
      }
    }
    const auto parts = split(joined, ',');
    bool ok = parts.size() == 4;
    for (const auto part : parts) {
      ok = ok && all_digits(part) && part.size() <= 5;
    }
    if (!ok) {
      return result;
    }
    fit = parse_file_version(joined) ? Fit::ok : Fit::bad;
    core = i;
  }
  if (core + 1 < words.size() && words[core] == "-") {
    // "4.20 - OS use only": the version, then a comment after a dash.
    std::vector<std::string> version_words(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(core));
    std::vector<std::string> comment(words.begin() + static_cast<std::ptrdiff_t>(core) + 1, words.end());
    result.fit = fit;
    result.text = util::join(version_words, " ");
    result.note = util::join(comment, " ");
    return result;
  }
  if (core < words.size() && !is_parenthesised(words, core)) {
    return result;
  }
  result.fit = fit;
  result.text = std::string(as_written);
  return result;
}

VersionValue version_value(const std::string& written)
{
  VersionValue value;
  value.text = written;
  value.version = written.empty() ? std::nullopt : parse_file_version(written);
  if (!written.empty() && !value.version) {
    std::string dotted;
    for (const char c : written) {
      if (is_digit(c)) {
        dotted.push_back(c);
      } else if ((c == ',' || c == '.') && !dotted.empty() && dotted.back() != '.') {
        dotted.push_back('.');
      } else if (c != ' ') {
        break;
      }
    }
    value.version = parse_file_version(dotted);
    value.text = value.version ? dotted : std::string();
  }
  return value;
}

} // namespace smsscan::kb
