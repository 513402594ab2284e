// The machines of one run, each once. A machine named again, on the command
// line or in the host list, adds its roles to the first mention (the union,
// with the command line's roles standing in for a mention without any) and
// its site code where the first had none; two different site codes for one
// machine are refused, naming both mentions. Machines are the same when
// target_identity says so (IPv4 addresses are canonical by then).
#pragma once

#include "smsscan/target/target.hpp"
#include "smsscan/util/error.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace smsscan::target {

class TargetSet
{
public:
  explicit TargetSet(std::vector<std::string> default_roles);

  // Adds a target, or merges it into an earlier mention of its machine.
  // A conflicting site code is returned as an error naming both origins.
  util::Expected<void> add(Target target);

  const std::vector<Target>& targets() const { return m_targets; }
  std::vector<Target> take() { return std::move(m_targets); }
  std::size_t merged() const { return m_merged; } // mentions folded into an earlier one

private:
  std::vector<std::string> m_default_roles;
  std::vector<Target> m_targets;
  std::unordered_map<std::string, std::size_t> m_index; // identity -> position
  std::size_t m_merged = 0;
};

} // namespace smsscan::target
