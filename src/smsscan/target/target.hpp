// What to scan: a machine image on disk, or a host reached over SMB, parsed
// from a command-line argument or a host-list line.
#pragma once

#include "smsscan/util/expected.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsscan::target {

struct Target
{
  std::string text; // exactly as the user gave it (the CSV's target column)
  enum class Kind { local, smb } kind = Kind::local;

  // local: the folder standing for the machine's ADMIN$ (its Windows directory),
  // and folders standing for other shares (--share NAME=DIR), keyed by upper-case name.
  std::string admin_dir;
  std::map<std::string, std::string> share_dirs;

  // smb: host name or address, port (0 = default 445), and where ADMIN$ is:
  // a share and a folder inside it ("ADMIN$" and "" unless a UNC path or URL said otherwise).
  std::string host;
  std::uint16_t port = 0;
  std::string admin_share = "ADMIN$";
  std::string admin_folder; // backslash-separated

  // Per-target overrides from a host list; empty = use the command line's.
  std::vector<std::string> roles;
  std::string site_code;

  // Where the target was named, for messages: "fleet.txt:4"; "" for the command line.
  std::string origin;
};

// Parses one target argument:
//  - "/abs/path", "./rel", "../rel" or an existing folder: a machine image (local)
//  - "\\host\share\path" or "//host/share/path": SMB, the folder standing for ADMIN$
//  - "smb://host[:port]/share/path": the same as a URL
//  - "host", "host:port", "10.0.0.5", "[::1]:445": SMB, ADMIN$ at the root
// A numeric IPv4 host is stored in its canonical form (see canonical_ipv4);
// text keeps what was given. A user name or password in the target is refused.
// Returns the target or why it is not one (a message without source).
util::Expected<Target> parse_target(std::string_view text);

// The dotted-decimal form of an IPv4 address written as four decimal
// numbers (leading zeros allowed: 127.000.000.002) or as one number
// (2130706434); nullopt for anything else.
std::optional<std::string> canonical_ipv4(std::string_view text);

// A key identifying the same machine twice in a run (case-insensitive host,
// port, normalised path).
std::string target_identity(const Target& target);

} // namespace smsscan::target
