# Warnings and sanitizers as INTERFACE targets, linked PRIVATE by our targets.
add_library(smsscan_warnings INTERFACE)
target_compile_options(smsscan_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(SMSSCAN_WERROR)
  target_compile_options(smsscan_warnings INTERFACE -Werror)
endif()

add_library(smsscan_sanitizers INTERFACE)
if(SMSSCAN_SANITIZE)
  target_compile_options(smsscan_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(smsscan_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
