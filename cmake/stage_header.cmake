# cmake -DIN=<source header> -DOUT=<staged header> -P stage_header.cmake
#
# Copies one public header into the staged include tree (build/stage/include), turning the
# project's own includes, `#include "core/time.hpp"`, into the installed spelling,
# `#include <rumor/core/time.hpp>`. Inside the tree headers keep their short paths; a user
# sees only <rumor/...>, so the installed copies never collide with another project's
# `core/` or `net/` directory. Angle-bracket includes (the standard library, <rumor/...>)
# are left alone.
file(READ "${IN}" text)
string(REGEX REPLACE "#include \"([a-z_]+/[A-Za-z0-9_./]+\\.hpp)\"" "#include <rumor/\\1>"
       text "${text}")
# Written only when it changed, so restaging does not rebuild what includes it.
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
