# The libraries' dependencies point down only (binary <- validate, text,
# wit <- adapt, compose <- cli). Linking cannot enforce that alone: every
# header is on the include path, and the CLI links everything, so a stray
# `#include "text/..."` in adapt/ would build. Configuring fails instead.
set(WCOMP_LAYERS binary validate text wit adapt compose cli)
set(WCOMP_MAY_USE_binary)
set(WCOMP_MAY_USE_validate binary)
set(WCOMP_MAY_USE_text binary validate)
set(WCOMP_MAY_USE_wit binary validate)
set(WCOMP_MAY_USE_adapt binary validate wit)
set(WCOMP_MAY_USE_compose binary validate wit)
set(WCOMP_MAY_USE_cli binary validate text wit adapt compose)
foreach(layer ${WCOMP_LAYERS})
  file(GLOB sources ${PROJECT_SOURCE_DIR}/${layer}/*.cpp ${PROJECT_SOURCE_DIR}/${layer}/*.h)
  foreach(source ${sources})
    file(STRINGS ${source} includes REGEX "^#include \"[a-z]+/")
    foreach(line ${includes})
      string(REGEX MATCH "\"([a-z]+)/" unused "${line}")
      set(used ${CMAKE_MATCH_1})
      if(used IN_LIST WCOMP_LAYERS AND NOT used STREQUAL layer AND
         NOT used IN_LIST WCOMP_MAY_USE_${layer})
        message(FATAL_ERROR "${source}: `${line}`: ${layer}/ may use only "
                            "${WCOMP_MAY_USE_${layer}} (cmake/layering.cmake)")
      endif()
    endforeach()
  endforeach()
endforeach()
