// Which rows of the manifest a file found on a machine is judged against.
//
// An article may list one file name several times for the same platform:
// one row per product line, operating system or section ("IIS 5.0" and
// "IIS 4.0", "Windows 95" and "Windows 98"), the manifest's variant rows.
// The rule is the version line, the major.minor of the version:
//   - the file's version resource decides: the rows whose version has the
//     same major.minor apply (W3svc.dll 4.2.769.1 against the IIS 4.0 row,
//     not the IIS 5.0 one, whose versions are 5.0.x); of several such rows
//     (Windows 2000's 5.0.2195.x and NT 4.0's 5.0.1782.x of Idq.dll), the
//     nearest: the same build, else the nearest build, then revision;
//   - a file whose line matches no versioned row is judged by the rows
//     without a version, if the article has any, else it is review
//     ("version 6.0.x matches no row of this article");
//   - the same holds for the manifest's build floor when it names a line
//     (min-version="2.0.1380"): 5.0.2195.1 on an SMS 2.0 file is review,
//     not "later than build 1380";
//   - without a version to choose by, every row applies and the most
//     favourable verdict counts, with a note naming the variants.
#pragma once

#include "smsscan/manifest/file_version.hpp"
#include "smsscan/manifest/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace smsscan::verdict {

struct RowChoice
{
  std::vector<const manifest::ManifestFile*> rows; // judge against these; the most favourable verdict wins
  std::string note;                                // said with the verdict ("" for none)
  std::string review;                              // set when no row applies: why the file is review
};

// candidates: the rows of the file's name and platform, in manifest order.
// version: the file's version, if it has one.
RowChoice choose_rows(const manifest::Manifest& manifest, const std::vector<const manifest::ManifestFile*>& candidates,
                      const std::optional<manifest::FileVersion>& version);

} // namespace smsscan::verdict
