// Helpers shared by the unit tests: an RAII temporary folder per test, file
// writing and reading, the fixture and source paths, and scoped changes to
// process state (environment variable, working directory) that are undone
// when the test ends, even when a REQUIRE aborts it.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>

#ifndef SMSSCAN_SOURCE_DIR
#error "SMSSCAN_SOURCE_DIR must name the repository root"
#endif
#ifndef SMSSCAN_FIXTURE_DIR
#error "SMSSCAN_FIXTURE_DIR must name the folder of the built PE fixtures"
#endif

namespace smsscan::test {

// A fresh folder under /tmp (mkdtemp), removed with everything in it when the
// object goes out of scope.
class TemporaryFolder
{
public:
  TemporaryFolder()
  {
    std::string pattern = "/tmp/smsscan-unit-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    m_path = pattern;
  }
  ~TemporaryFolder()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  const std::string& path() const { return m_path; }
  // path() + "/" + relative
  std::string operator/(std::string_view relative) const { return m_path + "/" + std::string(relative); }

private:
  std::string m_path;
};

// Writes content to path (binary), creating the parent folders.
inline void write_file(const std::string& path, std::string_view content)
{
  const std::filesystem::path target(path);
  if (target.has_parent_path()) {
    std::filesystem::create_directories(target.parent_path());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE_MESSAGE(out.good(), "cannot create " << path);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  REQUIRE_MESSAGE(!out.fail(), "cannot write " << path);
}

// The whole file, or nullopt when it cannot be read.
inline std::optional<std::string> read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Copies a file, creating the destination's parent folders.
inline void copy_file(const std::string& from, const std::string& to)
{
  const auto content = read_file(from);
  REQUIRE_MESSAGE(content.has_value(), "cannot read " << from);
  write_file(to, *content);
}

inline void make_folder(const std::string& path)
{
  std::filesystem::create_directories(path);
  REQUIRE(std::filesystem::is_directory(path));
}

// Sets a file's permission bits (e.g. 0600).
inline void set_mode(const std::string& path, std::filesystem::perms mode)
{
  std::filesystem::permissions(path, mode, std::filesystem::perm_options::replace);
}

// A file of the repository, e.g. source_path("manifests/Q231399.xml").
inline std::string source_path(std::string_view relative)
{
  return std::string(SMSSCAN_SOURCE_DIR) + "/" + std::string(relative);
}

// A built PE fixture, e.g. fixture_path("pe-template-2.0.1380.1000.dll").
inline std::string fixture_path(std::string_view name)
{
  return std::string(SMSSCAN_FIXTURE_DIR) + "/" + std::string(name);
}

// True when every named fixture exists; otherwise says which test cases are
// skipped (a visible MESSAGE, never a silent pass).
inline bool fixtures_present(const std::vector<std::string>& names)
{
  for (const std::string& name : names) {
    if (!std::filesystem::is_regular_file(fixture_path(name))) {
      MESSAGE("PE fixture " << fixture_path(name)
                            << " is missing (mingw-w64 not found?): the checks that need it are skipped");
      return false;
    }
  }
  return true;
}

// Splits text into lines on '\n' (a trailing '\n' ends the last line).
inline std::vector<std::string> lines_of(std::string_view text)
{
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Splits one CSV line on commas; fields must not be quoted (for checking
// headers and simple rows).
inline std::vector<std::string> split_commas(std::string_view line)
{
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    fields.emplace_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) {
      return fields;
    }
    start = comma + 1;
  }
}

// Sets (or, with nullopt, removes) an environment variable for the lifetime
// of the object, then restores the previous state.
class ScopedEnvironment
{
public:
  ScopedEnvironment(std::string name, const std::optional<std::string>& value) : m_name(std::move(name))
  {
    if (const char* previous = std::getenv(m_name.c_str())) {
      m_previous = previous;
    }
    if (value) {
      ::setenv(m_name.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(m_name.c_str());
    }
  }
  ~ScopedEnvironment()
  {
    if (m_previous) {
      ::setenv(m_name.c_str(), m_previous->c_str(), 1);
    } else {
      ::unsetenv(m_name.c_str());
    }
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
  std::string m_name;
  std::optional<std::string> m_previous;
};

// Changes the working directory for the lifetime of the object.
class ScopedWorkingDirectory
{
public:
  explicit ScopedWorkingDirectory(const std::string& path) : m_previous(std::filesystem::current_path())
  {
    std::filesystem::current_path(path);
  }
  ~ScopedWorkingDirectory()
  {
    std::error_code ignored;
    std::filesystem::current_path(m_previous, ignored);
  }
  ScopedWorkingDirectory(const ScopedWorkingDirectory&) = delete;
  ScopedWorkingDirectory& operator=(const ScopedWorkingDirectory&) = delete;

private:
  std::filesystem::path m_previous;
};

} // namespace smsscan::test
