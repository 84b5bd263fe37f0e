# The `runtime` component, what an operator installs: the rumor command, its systemd unit
# (packaging/rumor.service.in), a default config in /etc/rumor, the service user
# (sysusers.d), man pages and bash completion. And CPack's Debian packages:
# scripts/package.sh makes build/package/rumor_<version>_amd64.deb (runtime) and
# rumor-dev_<version>_amd64.deb (the `dev` component of RumorInstall.cmake).
set(RUMOR_PACKAGING ${PROJECT_SOURCE_DIR}/packaging)
install(TARGETS rumor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(FILES ${RUMOR_PACKAGING}/rumor.bash-completion RENAME rumor
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions COMPONENT runtime)
install(FILES ${RUMOR_PACKAGING}/sysusers.conf RENAME rumor.conf DESTINATION lib/sysusers.d
        COMPONENT runtime)
install(CODE "set(RUMOR_PACKAGING_DIR [[${RUMOR_PACKAGING}]])
              set(RUMOR_BINDIR [[${CMAKE_INSTALL_BINDIR}]])
              set(RUMOR_SCRATCH [[${PROJECT_BINARY_DIR}/packaging]])"
        COMPONENT runtime)
install(SCRIPT ${RUMOR_PACKAGING}/install_system_files.cmake COMPONENT runtime)

# Man pages from the binary's help, when help2man is there (scripts/deps.sh installs it).
find_program(RUMOR_HELP2MAN help2man)
if(RUMOR_HELP2MAN)
  set(man_dir ${PROJECT_BINARY_DIR}/man)
  add_custom_command(
    OUTPUT ${man_dir}/rumor.1.gz
    COMMAND ${RUMOR_PACKAGING}/man.sh $<TARGET_FILE:rumor> ${man_dir} ${PROJECT_VERSION}
            ${RUMOR_PACKAGING}/rumor.h2m
    DEPENDS rumor ${RUMOR_PACKAGING}/man.sh ${RUMOR_PACKAGING}/rumor.h2m
    COMMENT "Man pages (help2man)"
    VERBATIM)
  add_custom_target(rumor_man ALL DEPENDS ${man_dir}/rumor.1.gz)
  install(DIRECTORY ${man_dir}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime
          FILES_MATCHING PATTERN "*.1.gz")
else()
  message(STATUS "help2man not found: no man pages (the Debian package needs them)")
endif()

# ---- CPack: Debian packages -------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rumor)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR rumor)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "gossip membership and a Serf-compatible agent (SWIM, Lifeguard, memberlist wire format)")
set(RUMOR_PACKAGE_MAINTAINER "rumor maintainers <maintainers@rumor.invalid>"
    CACHE STRING "The Maintainer field of the Debian packages")
set(CPACK_PACKAGE_CONTACT ${RUMOR_PACKAGE_MAINTAINER})
# DESTDIR installs with the real prefix, so install_system_files.cmake sees /usr and
# puts the config in /etc.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # rumor_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME rumor)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)  # Depends from dpkg-shlibdeps
# postinst makes the service user with systemd-sysusers, or adduser without systemd.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "systemd | adduser")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "serf")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
    ${RUMOR_PACKAGING}/debian/postinst ${RUMOR_PACKAGING}/debian/prerm
    ${RUMOR_PACKAGING}/debian/postrm ${RUMOR_PACKAGING}/debian/conffiles)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "rumor is a C++ gossip system speaking HashiCorp memberlist's and Serf's protocols.
This package holds the rumor command: rumor agent, a drop-in for serf agent (its
flags, config files, RPC, event handlers and snapshots), with a systemd unit; the
serf client subcommands; and the deterministic cluster simulator (rumor sim).")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME rumor-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libssl-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "rumor's C++20 library: headers, libraries, CMake package and pkg-config file.
find_package(rumor 0.1 REQUIRED) gives rumor::rumor, rumor::core, rumor::net, ...;
pkg-config --cflags --libs rumor works likewise. The cluster facades SerfCluster and
Cluster, the agent RPC client and the pure protocol core.")
include(CPack)
