# Script tests: the built binary end to end. Each exits 77 when it cannot run
# (no fixtures, not root, no Samba), which ctest reports as skipped.
add_test(NAME e2e_local
  COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_local_scan.py
          --smsscan $<TARGET_FILE:smsscan> --templates ${CMAKE_BINARY_DIR}/fixtures --source ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_local PROPERTIES SKIP_RETURN_CODE 77 LABELS "e2e" TIMEOUT 900)
