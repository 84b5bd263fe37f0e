# The public surface: which headers of each library a user may include, staged under
# build/stage/include/rumor/<lib>/ with their includes spelled <rumor/...> (see
# stage_header.cmake) and installed from there. docs/api.md explains the layout.
#
#   rumor_public_headers(<target> <header>...)
#
# called once in each src/<lib>/CMakeLists.txt, lists that library's public headers
# (relative to its directory). The list is the one place to edit when a public header is
# added or renamed: staging, installation, the umbrella <rumor/rumor.hpp> and the test
# that compiles every public header alone (tests/api) all read it.
set(RUMOR_STAGE_DIR ${PROJECT_BINARY_DIR}/stage/include CACHE INTERNAL "")
set(RUMOR_STAGE_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/stage_header.cmake CACHE INTERNAL "")
define_property(GLOBAL PROPERTY RUMOR_PUBLIC_HEADERS
                BRIEF_DOCS "Every public header as rumor/<lib>/<file>, in listing order")
define_property(GLOBAL PROPERTY RUMOR_PUBLIC_LIBRARIES
                BRIEF_DOCS "The targets with public headers, in listing order")

function(rumor_public_headers target)
  get_filename_component(lib ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set(staged)
  foreach(h IN LISTS ARGN)
    set(in ${CMAKE_CURRENT_SOURCE_DIR}/${h})
    set(out ${RUMOR_STAGE_DIR}/rumor/${lib}/${h})
    if(NOT EXISTS ${in})
      message(FATAL_ERROR "rumor_public_headers(${target}): no ${in}")
    endif()
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -DIN=${in} -DOUT=${out} -P ${RUMOR_STAGE_SCRIPT}
      DEPENDS ${in} ${RUMOR_STAGE_SCRIPT}
      COMMENT "Staging rumor/${lib}/${h}"
      VERBATIM)
    list(APPEND staged ${out})
    set_property(GLOBAL APPEND PROPERTY RUMOR_PUBLIC_HEADERS rumor/${lib}/${h})
    get_filename_component(sub ${h} DIRECTORY)
    install(FILES ${out} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rumor/${lib}/${sub}
            COMPONENT dev)
  endforeach()
  add_custom_target(${target}_stage ALL DEPENDS ${staged})
  set_property(GLOBAL APPEND PROPERTY RUMOR_PUBLIC_LIBRARIES ${target})
  set_property(TARGET ${target} PROPERTY RUMOR_LIB_NAME ${lib})
endfunction()
