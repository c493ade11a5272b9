# `cmake --install`: the wcomp executable, the libraries with their headers
# (include/wcomp/<folder>/*.h, included as "binary/io.h"), and the CMake
# package `find_package(wcomp)`: imported targets wcomp::wcomp (the tool)
# and wcomp::binary, ::validate, ::text, ::wit, ::adapt, ::compose, plus
# the functions of cmake/wcompFunctions.cmake.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WCOMP_LIBRARIES binary validate text wit adapt compose)
foreach(lib ${WCOMP_LIBRARIES})
  set_target_properties(wcomp_${lib} PROPERTIES EXPORT_NAME ${lib})
endforeach()
set_target_properties(wcomp_llvm PROPERTIES EXPORT_NAME llvm_support)

install(TARGETS wcomp EXPORT wcompTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS wcomp_llvm wcomp_binary wcomp_validate wcomp_text wcomp_wit wcomp_adapt
                wcomp_compose
  EXPORT wcompTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
# Only the public headers: one whose first line says "(internal)" is the
# library's own business and stays in the source tree (no public header
# includes one; e2e.cmake_install compiles every installed header alone).
foreach(lib ${WCOMP_LIBRARIES})
  file(GLOB headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${lib}/*.h ${PROJECT_SOURCE_DIR}/${lib}/*.def)
  set(public "")
  foreach(h ${headers})
    file(STRINGS ${h} first LIMIT_COUNT 1)
    if(NOT first MATCHES "\\(internal\\)")
      list(APPEND public ${h})
    endif()
  endforeach()
  install(FILES ${public} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wcomp/${lib})
endforeach()

set(WCOMP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wcomp)
install(EXPORT wcompTargets NAMESPACE wcomp:: DESTINATION ${WCOMP_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wcompConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wcompConfig.cmake INSTALL_DESTINATION ${WCOMP_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wcompConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wcompConfig.cmake ${PROJECT_BINARY_DIR}/wcompConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/wcompFunctions.cmake
  DESTINATION ${WCOMP_CMAKE_DIR})
