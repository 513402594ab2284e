# Script tests: the built binary end to end. Each exits 77 when it cannot run
# (no fixtures, not root, no Samba), which ctest reports as skipped.
add_test(NAME e2e_local
  COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_local_scan.py
          --smsscan $<TARGET_FILE:smsscan> --templates ${CMAKE_BINARY_DIR}/fixtures --source ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_local PROPERTIES SKIP_RETURN_CODE 77 LABELS "e2e" TIMEOUT 900)
# An article with one table per product line drives a scan by version line.
add_test(NAME e2e_variants
  COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_variant_scan.py
          --smsscan $<TARGET_FILE:smsscan> --templates ${CMAKE_BINARY_DIR}/fixtures --source ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_variants PROPERTIES SKIP_RETURN_CODE 77 LABELS "e2e" TIMEOUT 300)

# Every sample KB article in the shared folder imports (skipped without it).
add_test(NAME kb_samples
  COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/kb/import_rate.py
          --binary $<TARGET_FILE:smsscan> --min-rate 100 ${SMSSCAN_KB_DIR})
set_tests_properties(kb_samples PROPERTIES SKIP_RETURN_CODE 77 LABELS "kb" TIMEOUT 300)

# The SMB suite against real Samba, once per transport (needs root for the
# network namespace; skipped otherwise).
set(SMSSCAN_SMB_TRANSPORTS curl)
if(SMSSCAN_HAVE_SMBCLIENT)
  list(APPEND SMSSCAN_SMB_TRANSPORTS smbclient)
endif()
foreach(transport ${SMSSCAN_SMB_TRANSPORTS})
  add_test(NAME smb_${transport}
    COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/smb/test_smb_scan.py
            --smsscan $<TARGET_FILE:smsscan> --templates ${CMAKE_BINARY_DIR}/fixtures
            --source ${PROJECT_SOURCE_DIR} --transport ${transport})
  set_tests_properties(smb_${transport} PROPERTIES SKIP_RETURN_CODE 77 LABELS "smb" TIMEOUT 900 RUN_SERIAL TRUE)
  # The same kind of fleet served as NT 4.0 serves it: port 139, SMB1, names in WINS.
  add_test(NAME nt4_${transport}
    COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/smb/test_nt4_scan.py
            --smsscan $<TARGET_FILE:smsscan> --templates ${CMAKE_BINARY_DIR}/fixtures
            --source ${PROJECT_SOURCE_DIR} --transport ${transport})
  set_tests_properties(nt4_${transport} PROPERTIES SKIP_RETURN_CODE 77 LABELS "smb" TIMEOUT 900 RUN_SERIAL TRUE)
endforeach()

# Hostile, damaged and hidden evidence, bad inputs and failing outputs: never
# a false compliant (some cases need root and skip themselves without it).
add_test(NAME e2e_hostile
  COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_hostile_images.py
          --smsscan $<TARGET_FILE:smsscan> --templates ${CMAKE_BINARY_DIR}/fixtures --source ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_hostile PROPERTIES SKIP_RETURN_CODE 77 LABELS "e2e" TIMEOUT 900)
# The reports people look at: the HTML page in headless Chromium, the
# history, the terminal table in tmux. Each exits 77 without its tool
# (Chromium, tmux) or the PE templates; the tests that need a silent SMB
# host (Samba in a namespace) are skipped inside the suite without root.
foreach(report_test html_report history terminal_table)
  add_test(NAME report_${report_test}
    COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/report/test_${report_test}.py
            --smsscan $<TARGET_FILE:smsscan> --templates ${CMAKE_BINARY_DIR}/fixtures --source ${PROJECT_SOURCE_DIR})
  set_tests_properties(report_${report_test} PROPERTIES SKIP_RETURN_CODE 77 LABELS "report" TIMEOUT 900)
endforeach()
# Two of them start a Samba namespace, like the SMB suite.
set_tests_properties(report_history report_terminal_table PROPERTIES RUN_SERIAL TRUE)

# `smsscan accounts` against one smbd per site system, each with its own
# account database (needs root and libnetapi; skipped otherwise).
if(SMSSCAN_HAVE_NETAPI)
  add_test(NAME smb_accounts
    COMMAND ${SMSSCAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/smb/test_accounts.py
            --smsscan $<TARGET_FILE:smsscan> --source ${PROJECT_SOURCE_DIR})
  set_tests_properties(smb_accounts PROPERTIES SKIP_RETURN_CODE 77 LABELS "smb" TIMEOUT 600 RUN_SERIAL TRUE)
endif()
