# Installing and exporting the public libraries: `cmake --install` puts the libraries,
# the staged public headers (RumorPublic.cmake), a CMake package (find_package(rumor)
# gives rumor::rumor and the finer rumor::codec, rumor::core, rumor::serf, rumor::net,
# rumor::rpc) and rumor.pc into the prefix, in the `dev` component. The `rumor` command
# and the files an operator needs are the `runtime` component (RumorPackage.cmake).
include(CMakePackageConfigHelpers)

set(RUMOR_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rumor)
get_property(RUMOR_PUBLIC_LIBRARIES GLOBAL PROPERTY RUMOR_PUBLIC_LIBRARIES)
get_property(RUMOR_PUBLIC_HEADERS GLOBAL PROPERTY RUMOR_PUBLIC_HEADERS)

# ---- the include tree's own headers ---------------------------------------------------
# export.hpp and version.hpp join the staged tree, and the umbrella includes every public
# header in listing order (the lower layers first).
configure_file(${PROJECT_SOURCE_DIR}/include/rumor/export.hpp ${RUMOR_STAGE_DIR}/rumor/export.hpp
               COPYONLY)
configure_file(${PROJECT_BINARY_DIR}/generated/rumor/version.hpp
               ${RUMOR_STAGE_DIR}/rumor/version.hpp COPYONLY)
string(CONCAT umbrella
       "// Everything public in rumor: the facades, the RPC client and the pure core.\n"
       "// Generated from the rumor_public_headers() lists; docs/api.md says what each is.\n"
       "#pragma once\n\n#include <rumor/version.hpp>\n")
foreach(h IN LISTS RUMOR_PUBLIC_HEADERS)
  string(APPEND umbrella "#include <${h}>\n")
endforeach()
file(GENERATE OUTPUT ${RUMOR_STAGE_DIR}/rumor/rumor.hpp CONTENT "${umbrella}")
install(FILES ${RUMOR_STAGE_DIR}/rumor/export.hpp ${RUMOR_STAGE_DIR}/rumor/version.hpp
              ${RUMOR_STAGE_DIR}/rumor/rumor.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rumor COMPONENT dev)

# ---- the libraries as a user sees them ----------------------------------------------
# rumor_installable(<target> <name>): <target> as rumor::<name>. Its include directory
# becomes src/ inside the tree and include/ once installed (a source path cannot be
# exported), and the warnings target, which only applies to rumor's own code, is dropped
# from what it hands on.
function(rumor_installable target name)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  set(dirs $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(target STREQUAL rumor_version)
    set(dirs $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/generated>
             $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
             $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  endif()
  set_property(TARGET ${target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES ${dirs})
  get_target_property(libs ${target} INTERFACE_LINK_LIBRARIES)
  if(libs)
    list(REMOVE_ITEM libs "$<LINK_ONLY:rumor_warnings>")
    set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES ${libs})
  endif()
  target_compile_features(${target} INTERFACE cxx_std_20)
endfunction()

set(RUMOR_INSTALLED_LIBRARIES rumor_version ${RUMOR_PUBLIC_LIBRARIES})
foreach(t IN LISTS RUMOR_INSTALLED_LIBRARIES)
  string(REGEX REPLACE "^rumor_" "" name ${t})
  rumor_installable(${t} ${name})
endforeach()

# Inside the tree, rumor::<name> is what an outside program gets: the library plus the
# staged headers, so examples/ and tests/api include <rumor/...> exactly as a user does.
add_library(rumor_all INTERFACE)
set_target_properties(rumor_all PROPERTIES EXPORT_NAME rumor)
target_link_libraries(rumor_all INTERFACE ${RUMOR_INSTALLED_LIBRARIES})
foreach(t IN LISTS RUMOR_PUBLIC_LIBRARIES)
  string(REGEX REPLACE "^rumor_" "" name ${t})
  add_library(rumor_public_${name} INTERFACE)
  target_include_directories(rumor_public_${name} INTERFACE ${RUMOR_STAGE_DIR})
  target_link_libraries(rumor_public_${name} INTERFACE ${t})
  add_dependencies(rumor_public_${name} ${t}_stage)
  add_library(rumor::${name} ALIAS rumor_public_${name})
  list(APPEND public_targets rumor_public_${name})
endforeach()
add_library(rumor_public_all INTERFACE)
target_link_libraries(rumor_public_all INTERFACE ${public_targets} rumor_version)
add_library(rumor::rumor ALIAS rumor_public_all)

# ---- librumor.so ----------------------------------------------------------------------
# The public libraries in one shared object, built in every tree (one link) so that the
# test of its exports runs everywhere; installed instead of the static libraries when
# BUILD_SHARED_LIBS is ON. Serf and net are compiled with hidden visibility and export
# what their public headers mark; the version script then keeps only rumor's own symbols
# (no std:: instantiations, no Asio) in the dynamic table. Not in a sanitizer build:
# the sanitizer runtime does not belong in a library handed to others.
if(NOT RUMOR_SANITIZE)
  add_library(rumor_shared SHARED ${PROJECT_SOURCE_DIR}/src/version/version.cpp)
  set_target_properties(rumor_shared PROPERTIES
    OUTPUT_NAME rumor EXPORT_NAME rumor
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS ${PROJECT_SOURCE_DIR}/cmake/librumor.map)
  target_include_directories(rumor_shared PRIVATE ${PROJECT_BINARY_DIR}/generated
                                                  ${PROJECT_SOURCE_DIR}/include)
  target_include_directories(rumor_shared INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(rumor_shared INTERFACE cxx_std_20)
  set(whole)
  foreach(t IN LISTS RUMOR_PUBLIC_LIBRARIES)
    list(APPEND whole $<TARGET_FILE:${t}>)
    set_property(TARGET rumor_shared APPEND PROPERTY LINK_DEPENDS $<TARGET_FILE:${t}>)
  endforeach()
  add_dependencies(rumor_shared ${RUMOR_PUBLIC_LIBRARIES})
  find_package(OpenSSL REQUIRED)
  find_package(Threads REQUIRED)
  target_link_options(rumor_shared PRIVATE "LINKER:--whole-archive" ${whole}
                      "LINKER:--no-whole-archive" "LINKER:--no-undefined"
                      "LINKER:--version-script=${PROJECT_SOURCE_DIR}/cmake/librumor.map")
  target_link_libraries(rumor_shared PRIVATE OpenSSL::Crypto Threads::Threads)
endif()

# ---- install ----------------------------------------------------------------------------
if(RUMOR_SHARED)
  if(RUMOR_SANITIZE)
    message(FATAL_ERROR "BUILD_SHARED_LIBS=ON and RUMOR_SANITIZE=ON: no librumor.so in a sanitizer build")
  endif()
  install(TARGETS rumor_shared EXPORT rumorTargets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  set(RUMOR_PC_LIBS "-L\${libdir} -lrumor")
  set(RUMOR_PC_DEPENDENCIES "Requires.private: libcrypto\nLibs.private: -pthread")
else()
  install(TARGETS ${RUMOR_INSTALLED_LIBRARIES} rumor_all EXPORT rumorTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  # Static libraries need their dependencies on the link line: all of them in Libs.
  set(RUMOR_PC_LIBS "-L\${libdir}")
  foreach(t rumor_rpc rumor_net rumor_serf rumor_core rumor_codec rumor_version)
    string(APPEND RUMOR_PC_LIBS " -l${t}")
  endforeach()
  string(APPEND RUMOR_PC_LIBS " -pthread")
  set(RUMOR_PC_DEPENDENCIES "Requires: libcrypto")
endif()
install(EXPORT rumorTargets NAMESPACE rumor:: DESTINATION ${RUMOR_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/rumorConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/rumorConfig.cmake
                              INSTALL_DESTINATION ${RUMOR_CMAKE_DIR})
# 0.x: a minor release may break the API (semver), so 0.1 accepts 0.1.* only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rumorConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rumorConfig.cmake ${PROJECT_BINARY_DIR}/rumorConfigVersion.cmake
        DESTINATION ${RUMOR_CMAKE_DIR} COMPONENT dev)

# rumor.pc, relocatable: its prefix is found from where the file lies.
file(RELATIVE_PATH RUMOR_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" RUMOR_PC_TO_PREFIX "${RUMOR_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/rumor.pc.in ${PROJECT_BINARY_DIR}/rumor.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rumor.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT dev)
