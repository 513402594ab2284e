# Writes OUTPUT, a C++ file that defines smsscan::embedded_default_manifest()
# returning the bytes of INPUT.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('[^']*',){16})" "\\1\n" bytes "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}" "// Generated from ${name}; do not edit.\n#include <string_view>\nnamespace smsscan::manifest {\nnamespace {\nconst char k_manifest[] = {\n${bytes}'\\0'};\n}\nstd::string_view embedded_default_manifest() { return {k_manifest, sizeof(k_manifest) - 1}; }\nstd::string_view embedded_default_manifest_name() { return \"${name} (built in)\"; }\n} // namespace smsscan::manifest\n")
