#include "smsscan/kb/variants.hpp"

#include "smsscan/util/text.hpp"

#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace smsscan::kb {

using manifest::ManifestFile;

namespace {

using Key = std::tuple<std::string, manifest::Platform, std::string, std::string>;

Key key_of(const ManifestFile& file)
{
  return {util::to_lower(file.name), file.platform, file.caption, file.variant};
}

bool same_values(const ManifestFile& a, const ManifestFile& b)
{
  const auto date_text = [](const ManifestFile& file) {
    return file.date ? util::format_iso_date(*file.date) : std::string();
  };
  return a.size == b.size && a.size_tolerance == b.size_tolerance && date_text(a) == date_text(b) &&
         a.minutes == b.minutes && a.version == b.version && a.note == b.note;
}

} // namespace

std::string join_variant(const std::string& section, const std::string& label)
{
  if (section.empty()) {
    return label;
  }
  return label.empty() ? section : section + ", " + label;
}

void resolve_repeats(std::vector<ManifestFile>& files, std::vector<Problem>& notes, std::vector<Problem>& skipped)
{
  // Exact repeats first.
  std::vector<ManifestFile> unique;
  std::map<Key, std::vector<std::size_t>> groups; // key -> indexes in unique
  for (ManifestFile& file : files) {
    std::vector<std::size_t>& group = groups[key_of(file)];
    bool repeat = false;
    for (const std::size_t index : group) {
      if (same_values(unique[index], file)) {
        const std::string message = "file " + quote(file.name) + " repeats line " +
                                    std::to_string(unique[index].article_line) + " exactly; the repeat is dropped";
        notes.push_back({file.article_line, message});
        skipped.push_back({file.article_line, message});
        repeat = true;
        break;
      }
    }
    if (!repeat) {
      group.push_back(unique.size());
      unique.push_back(std::move(file));
    }
  }
  // Then what tells the others apart.
  for (const auto& [key, group] : groups) {
    if (group.size() < 2) {
      continue;
    }
    std::set<std::string> notes_seen;
    for (const std::size_t index : group) {
      notes_seen.insert(unique[index].note);
    }
    const bool by_note = notes_seen.size() == group.size() && notes_seen.count("") == 0;
    for (const std::size_t index : group) {
      ManifestFile& file = unique[index];
      file.variant = join_variant(file.variant, by_note ? file.note : "line " + std::to_string(file.article_line));
    }
    notes.push_back({unique[group.front()].article_line,
                     "file " + quote(unique[group.front()].name) + " is listed " + std::to_string(group.size()) +
                       " times for the same platform; each row is a variant (" +
                       (by_note ? "told apart by its note" : "told apart by its line") + ")"});
  }
  files = std::move(unique);
}

} // namespace smsscan::kb
