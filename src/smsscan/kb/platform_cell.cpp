#include "smsscan/kb/platform_cell.hpp"

#include "smsscan/kb/name_cell.hpp"
#include "smsscan/util/text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace smsscan::kb {

using manifest::Platform;
using util::iequals;
using util::join;
using util::to_lower;

namespace {

bool mentions_word(const std::string& lowered, std::string_view word)
{
  std::size_t at = 0;
  while ((at = lowered.find(word, at)) != std::string::npos) {
    const bool left = at == 0 || !is_alnum(lowered[at - 1]);
    const bool right = at + word.size() >= lowered.size() || !is_alnum(lowered[at + word.size()]);
    if (left && right) {
      return true;
    }
    at += word.size();
  }
  return false;
}

// A word without its brackets ("(x86)", "[Alpha]", "<x86>") and without
// the HTML line break some archive copies carry ("Intel<BR/>").
std::string bare_word(std::string_view word)
{
  std::string lowered = to_lower(word);
  for (const char* tag : {"<br/>", "<br />", "<br>"}) {
    const std::string suffix(tag);
    if (lowered.size() > suffix.size() && lowered.compare(lowered.size() - suffix.size(), suffix.size(), suffix) == 0) {
      lowered.resize(lowered.size() - suffix.size());
    }
  }
  while (lowered.size() > 1 && (lowered.front() == '(' || lowered.front() == '[' || lowered.front() == '<')) {
    lowered.erase(0, 1);
  }
  while (lowered.size() > 1 && (lowered.back() == ')' || lowered.back() == ']' || lowered.back() == '>')) {
    lowered.pop_back();
  }
  return lowered;
}

std::optional<Platform> processor(const std::string& word)
{
  if (word == "win32" || word == "ix86" || word == "x86-32") {
    return Platform::intel;
  }
  return manifest::parse_platform(word);
}

// 64-bit processors, Macintosh and Windows CE devices: a reason, else "".
std::string unsupported_kind(const std::string& word)
{
  static const std::array<const char*, 9> k_64_bit = {"ia64",   "ia-64", "itanium", "x64",  "amd64",
                                                      "x86-64", "em64t", "64-bit",  "ia32e"};
  for (const char* name : k_64_bit) {
    if (word == name) {
      return "a file for 64-bit processors";
    }
  }
  if (word == "macintosh" || word == "mac" || word == "macos") {
    return "a file for the Macintosh";
  }
  static const std::array<const char*, 12> k_windows_ce = {"sh3",   "sh4",   "wince",  "ce",     "r3000",  "r4100",
                                                           "r4111", "r4300", "sa1100", "ppc403", "ppc821", "mips16"};
  if (word.compare(0, 3, "arm") == 0 ||
      std::any_of(k_windows_ce.begin(), k_windows_ce.end(), [&word](const char* name) { return word == name; })) {
    return "a file for Windows CE devices";
  }
  return "";
}

// The operating systems that name a platform: the Windows 9x family and
// Windows 2000 ran on Intel only, Windows NT on every platform. used: the
// words the name takes ("Windows NT 4.0": 3).
std::optional<Platform> operating_system(const std::vector<std::string>& words, std::size_t& used)
{
  const std::string& first = words.front();
  const std::string second = words.size() > 1 ? words[1] : "";
  const std::string third = words.size() > 2 ? words[2] : "";
  static const std::array<const char*, 16> k_intel_only = {"win95",  "win98",     "win9x",  "win2k",  "w2k",  "win2000",
                                                           "winme",  "win95osr2", "w95",    "w98",    "osr1", "osr2",
                                                           "osr2.1", "osr2.5",    "osr2.x", "win98se"};
  used = 1;
  for (const char* name : k_intel_only) {
    if (first == name) {
      return Platform::intel;
    }
  }
  const auto nt_version = [](const std::string& word) { return word == "4.0" || word == "4" || word == "3.51"; };
  if (first == "winnt" || first == "nt4" || first == "nt4.0" || first == "nt40") {
    return Platform::any;
  }
  if (first == "nt") {
    used = nt_version(second) ? 2 : 1;
    return Platform::any;
  }
  if (first != "windows") {
    return std::nullopt;
  }
  const auto intel_family = [](const std::string& word) {
    const auto names = util::split(word, '/');
    return std::all_of(names.begin(), names.end(), [](std::string_view name) {
      return name == "95" || name == "98" || name == "9x" || name == "me" || name == "2000" || name == "98se";
    });
  };
  if (intel_family(second)) {
    used = 2;
    return Platform::intel;
  }
  if (second == "nt" || second == "nt4" || second == "nt4.0") {
    used = second == "nt" && nt_version(third) ? 3 : 2;
    return Platform::any;
  }
  return second.empty() ? std::optional<Platform>(Platform::any) : std::nullopt;
}

// Words after the platform that qualify it: "(Uniprocessor)", "- 128-bit", "40bit", "(all)", "OSR2".
bool qualifier(const std::string& word)
{
  static const std::array<const char*, 21> k_qualifiers = {"uniprocessor",
                                                           "multiprocessor",
                                                           "128-bit",
                                                           "40-bit",
                                                           "128bit",
                                                           "40bit",
                                                           "56-bit",
                                                           "all",
                                                           "osr2",
                                                           "osr",
                                                           "2",
                                                           "sp1",
                                                           "sp2",
                                                           "-",
                                                           "only",
                                                           "se",
                                                           "retail",
                                                           "second",
                                                           "edition",
                                                           "oem",
                                                           "upgrade"};
  for (const char* name : k_qualifiers) {
    if (word == name) {
      return true;
    }
  }
  return false;
}

PlatformFit every_platform()
{
  PlatformFit result;
  result.fit = Fit::ok;
  return result;
}

} // namespace

namespace {

// One part of a platform cell (the cell split at "&" and "and"): a
// processor or an operating system, then qualifiers.
struct Part
{
  std::optional<Platform> platform;
  bool system = false;
  std::vector<std::string> notes;
};

std::optional<Part> read_part(const std::vector<std::string>& bare, const std::vector<std::string_view>& words)
{
  Part part;
  std::size_t used = 1;
  if (const auto cpu = processor(bare[0])) {
    part.platform = *cpu;
  } else if (const auto os = operating_system(bare, used)) {
    part.platform = *os;
    part.system = true;
  } else {
    return std::nullopt;
  }
  for (std::size_t w = used; w < bare.size(); ++w) {
    // "Windows NT 4.0 (Alpha)": the processor the system runs on.
    if (part.system && processor(bare[w])) {
      part.platform = processor(bare[w]);
      continue;
    }
    // After an operating system, its edition in any words ("Windows 95 OSR 2-2.5").
    if (!qualifier(bare[w]) && !(part.system && !is_name_word(words[w]))) {
      return std::nullopt;
    }
    if (bare[w] != "-") {
      part.notes.push_back(bare[w] == to_lower(words[w]) ? std::string(words[w]) : inner_note(words[w]));
    }
  }
  return part;
}

} // namespace

PlatformFit read_platform(const std::vector<std::string_view>& words)
{
  if (words.empty() || (words.size() == 1 && (is_empty_marker(words[0]) || iequals(words[0], "all")))) {
    return every_platform();
  }
  if (words.size() > 5) {
    return PlatformFit{};
  }
  PlatformFit result;
  for (const std::string_view word : words) {
    // "IA-64", "ARM720 (Debug)", "MIPS R3000" (a Windows CE device, not an NT machine).
    if (const std::string reason = unsupported_kind(bare_word(word)); !reason.empty()) {
      result.fit = Fit::ok;
      result.unsupported = reason;
      return result;
    }
  }
  // "Intel and Alpha", "Windows 95 & OSR1", "OSR2.1 & OSR2.5": parts.
  std::vector<Part> parts;
  std::vector<std::string> bare;
  std::vector<std::string_view> part_words;
  for (std::size_t w = 0; w <= words.size(); ++w) {
    const std::string word = w < words.size() ? bare_word(words[w]) : "";
    if (w == words.size() || word == "&" || word == "and") {
      const std::optional<Part> part = bare.empty() ? std::nullopt : read_part(bare, part_words);
      if (!part) {
        return PlatformFit{};
      }
      parts.push_back(*part);
      bare.clear();
      part_words.clear();
      continue;
    }
    bare.push_back(word);
    part_words.push_back(words[w]);
  }
  const bool systems = std::all_of(parts.begin(), parts.end(), [](const Part& part) { return part.system; });
  const bool processors = std::none_of(parts.begin(), parts.end(), [](const Part& part) { return part.system; });
  if (!systems && !processors) {
    return PlatformFit{};
  }
  result.fit = Fit::ok;
  result.platform = *parts.front().platform;
  for (const Part& part : parts) {
    if (*part.platform != result.platform) {
      result.platform = Platform::any; // "Intel and Alpha"
    }
  }
  if (systems) {
    std::vector<std::string> written(words.begin(), words.end());
    result.label = join(written, " "); // "Windows 95 (all)", "OSR2.1 & OSR2.5"
    if (result.label.size() > 2 && result.label.front() == '(' && result.label.back() == ')') {
      result.label = inner_note(result.label); // "(Windows 95)"
    }
  } else if (parts.size() == 1) {
    result.note = join(parts.front().notes, " ");
  }
  return result;
}

std::optional<Platform> caption_platform(const std::string& caption)
{
  const std::string lowered = to_lower(caption);
  const bool intel = mentions_word(lowered, "intel") || mentions_word(lowered, "x86") || mentions_word(lowered, "i386");
  const bool alpha = mentions_word(lowered, "alpha") || mentions_word(lowered, "axp");
  if (intel == alpha) {
    return std::nullopt;
  }
  return intel ? Platform::intel : Platform::alpha;
}

} // namespace smsscan::kb
