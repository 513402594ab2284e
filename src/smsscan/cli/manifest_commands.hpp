// `smsscan manifest show|check|import`, and the manifest loading every
// command shares.
#pragma once

#include "smsscan/manifest/model.hpp"

#include <string>

namespace smsscan::cli {

// The manifest at path, or the built-in one for "". Throws util::Fatal:
// exit_no_input when the file cannot be read, exit_bad_manifest when it is
// refused (the message names the file and line).
manifest::Manifest load_manifest_or_fail(const std::string& path);

int run_manifest_show(const std::string& path);
int run_manifest_check(const std::string& path);
int run_manifest_import(const std::string& article, const std::string& output, bool report);

} // namespace smsscan::cli
