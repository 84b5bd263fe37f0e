# Run by `cmake --install` (component runtime) and so by cpack: the files an operator's
# system needs, placed by the prefix being installed to. Under /usr (the Debian package)
# the config goes to /etc/rumor, as GNUInstallDirs would place it; under any other prefix
# to <prefix>/etc/rumor, so installing into a scratch prefix never writes to /etc.
# Expects RUMOR_PACKAGING_DIR, RUMOR_BINDIR and RUMOR_SCRATCH (set just before, by
# RumorPackage.cmake). file(INSTALL) adds $DESTDIR itself.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(RUMOR_ETC_DIR /etc/rumor)
else()
  set(RUMOR_ETC_DIR ${CMAKE_INSTALL_PREFIX}/etc/rumor)
endif()
set(RUMOR_BIN_DIR ${CMAKE_INSTALL_PREFIX}/${RUMOR_BINDIR})
set(unit_dir ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
configure_file(${RUMOR_PACKAGING_DIR}/rumor.service.in ${RUMOR_SCRATCH}/rumor.service @ONLY)
file(INSTALL ${RUMOR_SCRATCH}/rumor.service DESTINATION ${unit_dir})
file(INSTALL ${RUMOR_PACKAGING_DIR}/rumor.json DESTINATION ${RUMOR_ETC_DIR})
