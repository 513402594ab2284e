#include "smsscan/evidence/pe_image.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string_view>
#include <vector>

namespace smsscan::evidence {

namespace {

using manifest::FileVersion;
using manifest::Platform;
using transport::ReadStatus;

// Layout constants from the public PE format.
constexpr std::uint64_t dos_header_size = 64;
constexpr std::uint64_t e_lfanew_offset = 0x3C;
constexpr std::uint64_t coff_header_size = 20;
constexpr std::uint64_t section_header_size = 40;
constexpr std::uint16_t machine_i386 = 0x14c;
constexpr std::uint16_t machine_alpha = 0x184;
constexpr std::uint16_t machine_mips_r4000 = 0x166;
constexpr std::uint16_t machine_powerpc = 0x1F0;
constexpr std::uint16_t magic_pe32 = 0x10B;
constexpr std::uint16_t magic_pe32_plus = 0x20B;
constexpr std::uint32_t max_data_directories = 16;
constexpr std::uint32_t resource_directory_index = 2;
constexpr std::uint32_t rt_version = 16;
constexpr std::uint64_t resource_directory_size = 16;
constexpr std::uint64_t resource_entry_size = 8;
constexpr std::uint64_t resource_data_entry_size = 16;
constexpr std::uint32_t resource_subdirectory_bit = 0x80000000U;
constexpr std::uint32_t fixed_file_info_signature = 0xFEEF04BDU;
constexpr std::size_t fixed_file_info_size = 52;

// Bounds of the walk: entries examined per resource directory, section headers
// read per request, bytes of version resource read (wLength is 16 bits, so a
// well-formed VS_VERSIONINFO never needs more), length of the version string.
constexpr std::uint64_t max_entries_per_directory = 1024;
constexpr std::uint64_t entries_per_read = 32;
constexpr std::uint64_t sections_per_read = 16;
constexpr std::size_t max_version_resource = 0xFFFF;
constexpr std::size_t max_version_string = 128;

std::uint16_t le16(const std::uint8_t* p)
{
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::uint32_t le32(const std::uint8_t* p)
{
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

// a + b, or false when it does not fit in 64 bits.
bool checked_add(std::uint64_t a, std::uint64_t b, std::uint64_t& sum)
{
  if (b > UINT64_MAX - a) {
    return false;
  }
  sum = a + b;
  return true;
}

std::string hex(std::uint64_t value)
{
  static const char digits[] = "0123456789abcdef";
  std::string text;
  do {
    text.insert(text.begin(), digits[value & 0xF]);
    value >>= 4;
  } while (value != 0);
  return "0x" + text;
}

// How a step ended: ok, a problem described in the reader's problem string,
// or a halt (need_more or an I/O failure) already written into the result.
enum class Step { ok, problem, halt };

struct Section
{
  std::uint32_t virtual_size = 0;
  std::uint32_t virtual_address = 0;
  std::uint32_t raw_size = 0;
  std::uint32_t raw_pointer = 0;
};

// Where an RVA lives in the file, and how many bytes of the section's raw
// data follow it there.
struct Mapped
{
  std::uint64_t offset = 0;
  std::uint64_t available = 0;
};

class PeReader
{
public:
  PeReader(std::uint64_t file_size, const ReadAt& read, PeResult& result)
      : file_size_(file_size), read_(read), result_(result)
  {
  }

  void run()
  {
    Step headers = read_headers();
    if (headers == Step::ok) {
      headers = check_section_extents();
    }
    if (headers == Step::problem) {
      result_.outcome = PeOutcome::corrupt;
      result_.reason = problem_;
      return;
    }
    if (headers == Step::halt) {
      return;
    }
    const Step version = read_version_resource();
    if (version == Step::halt) {
      return;
    }
    if (version == Step::problem) {
      result_.image.file_version.reset();
      result_.image.version_problem = problem_;
    }
    result_.outcome = PeOutcome::ok;
  }

private:
  // Copies [offset, offset + length) to out after checking it lies in the file.
  Step fetch(std::uint64_t offset, std::size_t length, std::uint8_t* out, std::string_view what)
  {
    std::uint64_t end = 0;
    if (!checked_add(offset, length, end) || end > file_size_) {
      problem_ = "truncated: " + std::string(what) + " ends past the end of the file (offset " +
                 std::to_string(offset) + ", " + std::to_string(length) + " bytes, file size " +
                 std::to_string(file_size_) + ")";
      return Step::problem;
    }
    if (length == 0) {
      return Step::ok;
    }
    result_.bytes_requested += length;
    const ReadStatus status = read_(offset, length, out);
    if (status == ReadStatus::ok) {
      return Step::ok;
    }
    if (status == ReadStatus::not_yet) {
      result_.outcome = PeOutcome::need_more;
      result_.need_until = end;
      result_.reason = "bytes up to offset " + std::to_string(end) + " are not available yet";
      return Step::halt;
    }
    result_.outcome = PeOutcome::corrupt;
    result_.reason = "read failed: " + std::string(what) + " (offset " + std::to_string(offset) + ", " +
                     std::to_string(length) + " bytes)";
    return Step::halt;
  }

  Step fail(std::string message)
  {
    problem_ = std::move(message);
    return Step::problem;
  }

  Step read_headers()
  {
    if (file_size_ == 0) {
      return fail("not a PE image: the file is empty");
    }
    std::array<std::uint8_t, dos_header_size> dos{};
    const std::size_t magic_length = static_cast<std::size_t>(std::min<std::uint64_t>(file_size_, 2));
    if (Step step = fetch(0, magic_length, dos.data(), "MZ signature"); step != Step::ok) {
      return step;
    }
    if (magic_length < 2 || dos[0] != 'M' || dos[1] != 'Z') {
      return fail("not a PE image: no MZ signature");
    }
    if (Step step = fetch(2, dos.size() - 2, dos.data() + 2, "DOS header"); step != Step::ok) {
      return step;
    }
    const std::uint64_t pe_offset = le32(dos.data() + e_lfanew_offset);
    std::uint64_t pe_end = 0;
    if (!checked_add(pe_offset, 4 + coff_header_size, pe_end) || pe_end > file_size_) {
      return fail("e_lfanew points past the end of the file (e_lfanew " + hex(pe_offset) + ", file size " +
                  std::to_string(file_size_) + ")");
    }

    std::array<std::uint8_t, 4 + coff_header_size> coff{};
    if (Step step = fetch(pe_offset, coff.size(), coff.data(), "COFF header"); step != Step::ok) {
      return step;
    }
    if (coff[0] != 'P' || coff[1] != 'E' || coff[2] != 0 || coff[3] != 0) {
      return fail("not a PE image: no PE signature at e_lfanew " + hex(pe_offset));
    }
    PeImage& image = result_.image;
    image.machine = le16(coff.data() + 4);
    if (image.machine == machine_i386) {
      image.platform = Platform::intel;
    } else if (image.machine == machine_alpha) {
      image.platform = Platform::alpha;
    } else if (image.machine == machine_mips_r4000) {
      image.platform = Platform::mips;
    } else if (image.machine == machine_powerpc) {
      image.platform = Platform::powerpc;
    }
    section_count_ = le16(coff.data() + 6);
    image.link_time = le32(coff.data() + 8);
    const std::uint16_t optional_size = le16(coff.data() + 20);

    const std::uint64_t optional_offset = pe_end;
    if (optional_size < 2) {
      return fail("no optional header (SizeOfOptionalHeader " + std::to_string(optional_size) + ")");
    }
    // The section table follows the optional header as SizeOfOptionalHeader
    // says, whatever the size of the structure its magic implies.
    std::uint64_t optional_end = 0;
    checked_add(optional_offset, optional_size, optional_end);
    if (optional_end > file_size_) {
      return fail("truncated: optional header ends past the end of the file (offset " +
                  std::to_string(optional_offset) + ", " + std::to_string(optional_size) + " bytes, file size " +
                  std::to_string(file_size_) + ")");
    }
    section_table_ = optional_end;
    std::uint64_t table_end = 0;
    checked_add(section_table_, section_count_ * section_header_size, table_end);
    if (table_end > file_size_) {
      return fail("truncated: section table ends past the end of the file (offset " + std::to_string(section_table_) +
                  ", " + std::to_string(section_count_) + " sections, file size " + std::to_string(file_size_) + ")");
    }

    // Magic, NumberOfRvaAndSizes and the data directories up to the resource
    // entry: 120 bytes for PE32, 136 for PE32+.
    std::array<std::uint8_t, 136> optional{};
    if (Step step = fetch(optional_offset, 2, optional.data(), "optional header"); step != Step::ok) {
      return step;
    }
    const std::uint16_t magic = le16(optional.data());
    std::size_t count_offset = 0;
    if (magic == magic_pe32) {
      count_offset = 92;
    } else if (magic == magic_pe32_plus) {
      count_offset = 108;
      image.pe32_plus = true;
    } else {
      return fail("unknown optional header magic " + hex(magic));
    }
    const std::size_t directories_offset = count_offset + 4;
    const std::size_t resource_entry_offset = directories_offset + 8 * resource_directory_index;
    const std::size_t wanted = std::min<std::size_t>(resource_entry_offset + 8, optional_size);
    if (Step step = fetch(optional_offset + 2, wanted - 2, optional.data() + 2, "optional header"); step != Step::ok) {
      return step;
    }
    if (wanted < directories_offset) {
      return Step::ok; // no data directories at all: no resources
    }
    const std::uint32_t directory_count = std::min(le32(optional.data() + count_offset), max_data_directories);
    if (directory_count <= resource_directory_index || wanted < resource_entry_offset + 8) {
      return Step::ok;
    }
    resource_rva_ = le32(optional.data() + resource_entry_offset);
    resource_size_ = le32(optional.data() + resource_entry_offset + 4);
    return Step::ok;
  }

  // Calls visit(index, section) for each section header, reading the table
  // a few entries at a time (it was checked to lie within the file). visit
  // returns true to stop; *stopped says whether it did.
  template <typename Visit>
  Step for_each_section(Visit visit, bool* stopped)
  {
    *stopped = false;
    std::array<std::uint8_t, sections_per_read * section_header_size> chunk{};
    for (std::uint64_t first = 0; first < section_count_; first += sections_per_read) {
      const std::uint64_t count = std::min<std::uint64_t>(sections_per_read, section_count_ - first);
      const std::uint64_t offset = section_table_ + first * section_header_size;
      if (Step step =
            fetch(offset, static_cast<std::size_t>(count * section_header_size), chunk.data(), "section table");
          step != Step::ok) {
        return step;
      }
      for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint8_t* header = chunk.data() + i * section_header_size;
        Section section;
        section.virtual_size = le32(header + 8);
        section.virtual_address = le32(header + 12);
        section.raw_size = le32(header + 16);
        section.raw_pointer = le32(header + 20);
        if (visit(first + i, section)) {
          *stopped = true;
          return Step::ok;
        }
      }
    }
    return Step::ok;
  }

  // A section whose raw data runs past the end of the file means the file
  // was cut short (an interrupted copy): Windows would refuse to load it, so
  // the image counts as corrupt even where its headers and version survive.
  Step check_section_extents()
  {
    std::string problem;
    bool stopped = false;
    const Step step = for_each_section(
      [&](std::uint64_t index, const Section& section) {
        const std::uint64_t raw_end = static_cast<std::uint64_t>(section.raw_pointer) + section.raw_size;
        if (section.raw_size > 0 && raw_end > file_size_) {
          problem = "truncated: section " + std::to_string(index + 1) + " ends at offset " + std::to_string(raw_end) +
                    ", past the end of the file (" + std::to_string(file_size_) + " bytes)";
          return true;
        }
        return false;
      },
      &stopped);
    if (step != Step::ok) {
      return step;
    }
    return stopped ? fail(problem) : Step::ok;
  }

  // Finds the section holding rva.
  Step map_rva(std::uint64_t rva, Mapped& mapped, std::string_view what)
  {
    bool found = false;
    const Step step = for_each_section(
      [&](std::uint64_t, const Section& section) {
        const std::uint64_t extent = std::max(section.virtual_size, section.raw_size);
        if (rva < section.virtual_address || rva - section.virtual_address >= extent) {
          return false;
        }
        const std::uint64_t delta = rva - section.virtual_address;
        mapped.offset = section.raw_pointer + delta;
        mapped.available = delta < section.raw_size ? section.raw_size - delta : 0;
        return true;
      },
      &found);
    if (step != Step::ok) {
      return step;
    }
    if (!found) {
      return fail(std::string(what) + " (RVA " + hex(rva) + ") is not inside any section");
    }
    if (mapped.available == 0) {
      return fail(std::string(what) + " (RVA " + hex(rva) + ") lies past the raw data of its section");
    }
    return Step::ok;
  }

  // Reads bytes at an offset relative to the resource directory root, which
  // must lie within the raw data of the resource section.
  Step fetch_resource(std::uint64_t relative, std::size_t length, std::uint8_t* out, std::string_view what)
  {
    std::uint64_t end = 0;
    if (!checked_add(relative, length, end) || end > resource_root_.available) {
      return fail(std::string(what) + " lies outside the resource section (offset " + hex(relative) +
                  " in the resource directory)");
    }
    return fetch(resource_root_.offset + relative, length, out, what);
  }

  // Picks an entry of the resource directory at relative offset directory:
  // the RT_VERSION entry at the type level, the first entry below it. found
  // stays false when the directory has no such entry.
  Step find_entry(std::uint64_t directory, int level, bool& found, std::uint32_t& target)
  {
    found = false;
    std::array<std::uint8_t, resource_directory_size> header{};
    if (Step step = fetch_resource(directory, header.size(), header.data(), "resource directory"); step != Step::ok) {
      return step;
    }
    const std::uint64_t total = std::uint64_t{le16(header.data() + 12)} + le16(header.data() + 14);
    const std::uint64_t entries = directory + resource_directory_size;
    // A count larger than what fits in the section is damage; look only at the
    // entries that are there, and at no more than a bounded number of them.
    const std::uint64_t room =
      entries < resource_root_.available ? (resource_root_.available - entries) / resource_entry_size : 0;
    const std::uint64_t examined = std::min({total, room, max_entries_per_directory});
    std::array<std::uint8_t, entries_per_read * resource_entry_size> chunk{};
    for (std::uint64_t first = 0; first < examined; first += entries_per_read) {
      const std::uint64_t count = std::min(entries_per_read, examined - first);
      if (Step step =
            fetch_resource(entries + first * resource_entry_size, static_cast<std::size_t>(count * resource_entry_size),
                           chunk.data(), "resource directory entries");
          step != Step::ok) {
        return step;
      }
      for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint8_t* entry = chunk.data() + i * resource_entry_size;
        // Type ids are entries without the name bit, so a plain compare.
        if (level == 0 && le32(entry) != rt_version) {
          continue;
        }
        found = true;
        target = le32(entry + 4);
        return Step::ok;
      }
    }
    return Step::ok;
  }

  Step read_version_resource()
  {
    if (resource_rva_ == 0 || resource_size_ == 0) {
      return Step::ok; // no resources, so no version resource: not a problem
    }
    if (Step step = map_rva(resource_rva_, resource_root_, "resource directory"); step != Step::ok) {
      return step;
    }

    // Type (RT_VERSION), then name or id, then language: three levels, no
    // recursion, and no directory visited twice.
    std::array<std::uint64_t, 3> visited{};
    std::uint64_t directory = 0;
    std::uint32_t target = 0;
    for (int level = 0; level < 3; ++level) {
      visited[static_cast<std::size_t>(level)] = directory;
      bool found = false;
      if (Step step = find_entry(directory, level, found, target); step != Step::ok) {
        return step;
      }
      if (!found && level == 0) {
        return Step::ok; // resources, but no version resource: not a problem
      }
      if (!found) {
        return fail("resource directory at offset " + hex(directory) + " under RT_VERSION has no entries");
      }
      const bool is_directory = (target & resource_subdirectory_bit) != 0;
      const std::uint64_t next = target & ~resource_subdirectory_bit;
      if (is_directory &&
          std::find(visited.begin(), visited.begin() + level + 1, next) != visited.begin() + level + 1) {
        return fail("resource directory loop (offset " + hex(next) + " visited twice)");
      }
      if (level < 2 && !is_directory) {
        return fail("resource tree: entry at level " + std::to_string(level + 1) +
                    " of the version resource is not a directory");
      }
      if (level == 2 && is_directory) {
        return fail("resource tree: the version resource is nested deeper than 3 levels");
      }
      directory = next;
    }

    std::array<std::uint8_t, resource_data_entry_size> data_entry{};
    if (Step step = fetch_resource(target, data_entry.size(), data_entry.data(), "resource data entry");
        step != Step::ok) {
      return step;
    }
    const std::uint32_t data_rva = le32(data_entry.data());
    const std::uint32_t data_size = le32(data_entry.data() + 4);
    if (data_size == 0) {
      return fail("the version resource is empty");
    }
    Mapped data;
    if (Step step = map_rva(data_rva, data, "version resource"); step != Step::ok) {
      return step;
    }
    const std::size_t length =
      static_cast<std::size_t>(std::min<std::uint64_t>({data_size, data.available, max_version_resource}));
    std::vector<std::uint8_t> bytes(length);
    if (Step step = fetch(data.offset, length, bytes.data(), "version resource"); step != Step::ok) {
      return step;
    }
    return parse_version_info(bytes);
  }

  // One block of a version resource: wLength, wValueLength, wType, a
  // NUL-terminated UTF-16 key, padding to 4, the value, then child blocks.
  struct Block
  {
    std::size_t begin = 0;
    std::size_t end = 0;   // begin + wLength
    std::size_t value = 0; // where the value starts
    std::uint16_t value_length = 0;
    std::u16string key;
  };

  static std::size_t align4(std::size_t offset) { return (offset + 3) & ~std::size_t{3}; }

  // Reads the block at begin, which must end by limit; false if damaged.
  static bool read_block(const std::vector<std::uint8_t>& bytes, std::size_t begin, std::size_t limit, Block& block)
  {
    if (limit > bytes.size() || begin > limit || limit - begin < 6) {
      return false;
    }
    const std::size_t length = le16(bytes.data() + begin);
    if (length < 6 || length > limit - begin) {
      return false;
    }
    block.begin = begin;
    block.end = begin + length;
    block.value_length = le16(bytes.data() + begin + 2);
    block.key.clear();
    std::size_t at = begin + 6;
    for (;;) {
      if (block.end - at < 2) {
        return false; // key not terminated inside the block
      }
      const char16_t unit = static_cast<char16_t>(le16(bytes.data() + at));
      at += 2;
      if (unit == 0) {
        break;
      }
      block.key.push_back(unit);
    }
    block.value = std::min(align4(at), block.end);
    return true;
  }

  Step parse_version_info(const std::vector<std::uint8_t>& bytes)
  {
    if (bytes.size() < 6) {
      return fail("VS_VERSIONINFO is shorter than its header (" + std::to_string(bytes.size()) + " bytes)");
    }
    const std::size_t declared = le16(bytes.data());
    if (declared > bytes.size()) {
      return fail("VS_VERSIONINFO length " + std::to_string(declared) + " is larger than the resource data (" +
                  std::to_string(bytes.size()) + " bytes)");
    }
    Block root;
    if (!read_block(bytes, 0, declared, root)) {
      return fail("VS_VERSIONINFO header is damaged");
    }
    if (root.key != u"VS_VERSION_INFO") {
      return fail("version resource has no VS_VERSION_INFO key");
    }

    std::string fixed_problem;
    if (root.value_length == 0) {
      fixed_problem = "VS_VERSIONINFO has no VS_FIXEDFILEINFO";
    } else if (root.value_length < fixed_file_info_size || root.end - root.value < fixed_file_info_size) {
      fixed_problem = "VS_FIXEDFILEINFO is truncated (" + std::to_string(root.value_length) + " bytes)";
    } else if (le32(bytes.data() + root.value) != fixed_file_info_signature) {
      fixed_problem = "VS_FIXEDFILEINFO signature is " + hex(le32(bytes.data() + root.value)) + ", not 0xfeef04bd";
    } else {
      result_.image.file_version =
        FileVersion::from_ms_ls(le32(bytes.data() + root.value + 8), le32(bytes.data() + root.value + 12));
    }

    read_version_string(bytes, root);

    if (!fixed_problem.empty()) {
      return fail(fixed_problem);
    }
    return Step::ok;
  }

  // StringFileInfo -> first string table -> "FileVersion". A damaged string
  // part leaves version_string empty; the fixed version does not depend on it.
  void read_version_string(const std::vector<std::uint8_t>& bytes, const Block& root)
  {
    Block child;
    for (std::size_t at = align4(root.value + root.value_length); at < root.end; at = align4(child.end)) {
      if (!read_block(bytes, at, root.end, child)) {
        return;
      }
      if (child.key != u"StringFileInfo") {
        continue;
      }
      Block table;
      if (!read_block(bytes, child.value, child.end, table)) {
        return;
      }
      Block string;
      for (std::size_t s = table.value; s < table.end; s = align4(string.end)) {
        if (!read_block(bytes, s, table.end, string)) {
          return;
        }
        if (string.key != u"FileVersion") {
          continue;
        }
        // The value runs to its NUL or to the end of the block; wValueLength
        // is counted in bytes by some tools and characters by others.
        std::string text;
        for (std::size_t c = string.value; string.end - c >= 2 && text.size() < max_version_string; c += 2) {
          const std::uint16_t unit = le16(bytes.data() + c);
          if (unit == 0) {
            break;
          }
          if (unit >= 0x20 && unit < 0x7F) {
            text.push_back(static_cast<char>(unit));
          }
        }
        result_.image.version_string = std::move(text);
        return;
      }
      return;
    }
  }

  std::uint64_t file_size_;
  const ReadAt& read_;
  PeResult& result_;
  std::string problem_;
  std::uint64_t section_count_ = 0;
  std::uint64_t section_table_ = 0;
  std::uint32_t resource_rva_ = 0;
  std::uint32_t resource_size_ = 0;
  Mapped resource_root_;
};

} // namespace

PeResult inspect_pe(std::uint64_t file_size, const ReadAt& read)
{
  PeResult result;
  try {
    PeReader reader(file_size, read, result);
    reader.run();
  } catch (...) {
    // Only allocation failure or a throwing ReadAt get here; report, never throw.
    result.outcome = PeOutcome::corrupt;
    result.image = PeImage{};
    result.need_until = 0;
    result.reason.clear();
    try {
      try {
        throw;
      } catch (const std::exception& error) {
        result.reason = std::string("error while reading the image: ") + error.what();
      } catch (...) {
        result.reason = "error while reading the image";
      }
    } catch (...) {
      // no memory even for the reason; the outcome says enough
    }
  }
  return result;
}

PeResult inspect_pe_buffer(const std::uint8_t* data, std::size_t size)
{
  const ReadAt read = [data, size](std::uint64_t offset, std::size_t length, std::uint8_t* out) {
    if (offset > size || length > size - offset) {
      return ReadStatus::failed;
    }
    std::copy_n(data + offset, length, out);
    return ReadStatus::ok;
  };
  return inspect_pe(size, read);
}

} // namespace smsscan::evidence
