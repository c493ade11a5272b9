# CMake functions that run wcomp as build steps. Each is an
# add_custom_command with its real inputs as dependencies — a depfile from
# wcomp (--depfile) for what it reads, WIT folders included — and a target
# of the given name building it, so that editing an input rebuilds only the
# steps that read it. Inputs may be files or the TARGET of another wcomp_*
# call (its output is used and depended on).
#
#   wcomp_parse(TARGET t INPUT x.wat [OUTPUT f])
#   wcomp_embed(TARGET t INPUT core.wasm WIT dir|file [WORLD w] [OUTPUT f])
#   wcomp_new(TARGET t INPUT core.wasm [ADAPT name=file ...] [OUTPUT f])
#   wcomp_adapt(TARGET t INPUT core.wasm [WASI command|reactor|proxy]
#               [WIT dir|file WORLD w] [ADAPTER file] [OUTPUT f])
#   wcomp_compose(TARGET t ROOT root.wasm PLUGS a.wasm ... | CONFIG app.json
#                 [STRICT] [OUTPUT f])
#   wcomp_validate(TARGET t FILES a.wasm ...)
#   wcomp_targets(TARGET t COMPONENT x.wasm WIT dir|file [WORLD w])
#
# OUTPUT defaults to ${CMAKE_CURRENT_BINARY_DIR}/<TARGET>.wasm; the file is
# also the target's WCOMP_OUTPUT property. wcomp_validate and wcomp_targets
# produce a stamp file and fail the build when the check fails.
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.28) # CMP0116: depfiles of custom commands under Ninja

if(NOT WCOMP_EXECUTABLE)
  if(TARGET wcomp::wcomp)
    get_target_property(WCOMP_EXECUTABLE wcomp::wcomp LOCATION)
  elseif(TARGET wcomp)
    set(WCOMP_EXECUTABLE $<TARGET_FILE:wcomp>)
  endif()
endif()

# `path` made absolute against the current source folder.
function(_wcomp_source path out)
  get_filename_component(file "${path}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(${out} "${file}" PARENT_SCOPE)
endfunction()

# `input` as a path, and what to depend on: the output of a wcomp_* target
# (and the target), or a file made absolute against the current source dir.
function(_wcomp_input input out_path out_deps)
  if(TARGET "${input}")
    get_target_property(file ${input} WCOMP_OUTPUT)
    if(file)
      set(${out_path} "${file}" PARENT_SCOPE)
      set(${out_deps} "${file};${input}" PARENT_SCOPE)
      return()
    endif()
  endif()
  _wcomp_source("${input}" file)
  set(${out_path} "${file}" PARENT_SCOPE)
  set(${out_deps} "${file}" PARENT_SCOPE)
endfunction()

# The output path of a step (OUTPUT or <binary dir>/<target>.<ext>).
function(_wcomp_output target given ext out)
  if(given)
    get_filename_component(file "${given}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(file "${CMAKE_CURRENT_BINARY_DIR}/${target}.${ext}")
  endif()
  set(${out} "${file}" PARENT_SCOPE)
endfunction()

# One wcomp step writing `output` with a depfile, and target `target`.
function(_wcomp_step target output comment deps)
  set(args ${ARGN})
  add_custom_command(OUTPUT "${output}"
    COMMAND ${WCOMP_EXECUTABLE} ${args} -o "${output}" --depfile "${output}.d"
    DEPFILE "${output}.d"
    DEPENDS ${deps} ${WCOMP_EXECUTABLE}
    COMMENT "${comment}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS "${output}")
  set_target_properties(${target} PROPERTIES WCOMP_OUTPUT "${output}")
endfunction()

# The files a composition configuration names under "components" (a path,
# or an object with "path"), absolute against the configuration's folder.
# A configuration that is missing or does not parse names none here: wcomp
# reports it when the step runs.
function(_wcomp_config_components cfg out)
  set(files "")
  if(EXISTS "${cfg}")
    file(READ "${cfg}" text)
    get_filename_component(dir "${cfg}" DIRECTORY)
    string(JSON n ERROR_VARIABLE err LENGTH "${text}" components)
    if(NOT err AND n GREATER 0)
      math(EXPR last "${n} - 1")
      foreach(i RANGE ${last})
        string(JSON name ERROR_VARIABLE err MEMBER "${text}" components ${i})
        string(JSON kind ERROR_VARIABLE err TYPE "${text}" components "${name}")
        set(path "")
        if(kind STREQUAL "STRING")
          string(JSON path ERROR_VARIABLE err GET "${text}" components "${name}")
        elseif(kind STREQUAL "OBJECT")
          string(JSON path ERROR_VARIABLE err GET "${text}" components "${name}" path)
        endif()
        if(path AND NOT err)
          get_filename_component(path "${path}" ABSOLUTE BASE_DIR "${dir}")
          list(APPEND files "${path}")
        endif()
      endforeach()
    endif()
  endif()
  set(${out} "${files}" PARENT_SCOPE)
endfunction()

function(_wcomp_require fn)
  foreach(k ${ARGN})
    if(NOT A_${k})
      message(FATAL_ERROR "${fn}: ${k} is required")
    endif()
  endforeach()
endfunction()

function(wcomp_parse)
  cmake_parse_arguments(A "" "TARGET;INPUT;OUTPUT" "" ${ARGN})
  _wcomp_require(wcomp_parse TARGET INPUT)
  _wcomp_input("${A_INPUT}" in deps)
  _wcomp_output(${A_TARGET} "${A_OUTPUT}" wasm out)
  _wcomp_step(${A_TARGET} "${out}" "wcomp parse ${A_TARGET}" "${deps}" parse "${in}")
endfunction()

function(wcomp_embed)
  cmake_parse_arguments(A "" "TARGET;INPUT;WIT;WORLD;OUTPUT" "" ${ARGN})
  _wcomp_require(wcomp_embed TARGET INPUT WIT)
  _wcomp_input("${A_INPUT}" in deps)
  _wcomp_source("${A_WIT}" wit)
  _wcomp_output(${A_TARGET} "${A_OUTPUT}" wasm out)
  set(world "")
  if(A_WORLD)
    set(world --world ${A_WORLD})
  endif()
  _wcomp_step(${A_TARGET} "${out}" "wcomp embed ${A_TARGET}" "${deps}"
    embed "${wit}" "${in}" ${world})
endfunction()

function(wcomp_new)
  cmake_parse_arguments(A "" "TARGET;INPUT;OUTPUT" "ADAPT" ${ARGN})
  _wcomp_require(wcomp_new TARGET INPUT)
  _wcomp_input("${A_INPUT}" in deps)
  set(adapt "")
  foreach(a ${A_ADAPT})
    # `name=file` or `file`: only the file is made absolute.
    set(name "")
    set(file "${a}")
    string(FIND "${a}" "=" eq)
    if(eq GREATER 0)
      math(EXPR from "${eq} + 1")
      string(SUBSTRING "${a}" 0 ${from} name)
      string(SUBSTRING "${a}" ${from} -1 file)
    endif()
    _wcomp_source("${file}" file)
    list(APPEND adapt --adapt "${name}${file}")
  endforeach()
  _wcomp_output(${A_TARGET} "${A_OUTPUT}" wasm out)
  _wcomp_step(${A_TARGET} "${out}" "wcomp new ${A_TARGET}" "${deps}" new "${in}" ${adapt})
endfunction()

function(wcomp_adapt)
  cmake_parse_arguments(A "" "TARGET;INPUT;WASI;WIT;WORLD;ADAPTER;OUTPUT" "" ${ARGN})
  _wcomp_require(wcomp_adapt TARGET INPUT)
  if(A_WIT)
    # The world's own imports and exports are embedded first.
    wcomp_embed(TARGET ${A_TARGET}_embed INPUT "${A_INPUT}" WIT "${A_WIT}" WORLD "${A_WORLD}"
                OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/${A_TARGET}.embed.wasm")
    set(A_INPUT ${A_TARGET}_embed)
  endif()
  _wcomp_input("${A_INPUT}" in deps)
  set(opts "")
  if(A_WASI)
    list(APPEND opts --wasi ${A_WASI})
  endif()
  if(A_ADAPTER)
    _wcomp_source("${A_ADAPTER}" ad)
    list(APPEND opts --adapter "${ad}")
  endif()
  _wcomp_output(${A_TARGET} "${A_OUTPUT}" wasm out)
  _wcomp_step(${A_TARGET} "${out}" "wcomp adapt ${A_TARGET}" "${deps}" adapt "${in}" ${opts})
endfunction()

function(wcomp_compose)
  cmake_parse_arguments(A "STRICT" "TARGET;ROOT;CONFIG;OUTPUT" "PLUGS" ${ARGN})
  _wcomp_require(wcomp_compose TARGET)
  set(args compose)
  set(deps "")
  if(A_CONFIG)
    _wcomp_source("${A_CONFIG}" cfg)
    list(APPEND args --config "${cfg}")
    list(APPEND deps "${cfg}")
    # The components the configuration names are dependencies from the first
    # build on (so a component another step makes is made first); editing the
    # configuration re-reads it. The depfile covers the rest.
    _wcomp_config_components("${cfg}" named)
    list(APPEND deps ${named})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${cfg}")
  else()
    _wcomp_require(wcomp_compose ROOT)
  endif()
  foreach(input ${A_ROOT} ${A_PLUGS})
    _wcomp_input("${input}" path d)
    if(NOT A_CONFIG)
      list(APPEND args "${path}")
    endif()
    list(APPEND deps ${d})
  endforeach()
  if(A_STRICT)
    list(APPEND args --strict)
  endif()
  _wcomp_output(${A_TARGET} "${A_OUTPUT}" wasm out)
  _wcomp_step(${A_TARGET} "${out}" "wcomp compose ${A_TARGET}" "${deps}" ${args})
endfunction()

function(wcomp_validate)
  cmake_parse_arguments(A "" "TARGET" "FILES" ${ARGN})
  _wcomp_require(wcomp_validate TARGET FILES)
  set(paths "")
  set(deps "")
  foreach(f ${A_FILES})
    _wcomp_input("${f}" path d)
    list(APPEND paths "${path}")
    list(APPEND deps ${d})
  endforeach()
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${A_TARGET}.validated")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND ${WCOMP_EXECUTABLE} validate ${paths}
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${deps} ${WCOMP_EXECUTABLE}
    COMMENT "wcomp validate ${A_TARGET}"
    VERBATIM)
  add_custom_target(${A_TARGET} ALL DEPENDS "${stamp}")
endfunction()

function(wcomp_targets)
  cmake_parse_arguments(A "" "TARGET;COMPONENT;WIT;WORLD" "" ${ARGN})
  _wcomp_require(wcomp_targets COMPONENT WIT)
  _wcomp_input("${A_COMPONENT}" comp deps)
  if(NOT A_TARGET)
    get_filename_component(stem "${comp}" NAME_WE)
    set(A_TARGET ${stem}_targets)
  endif()
  _wcomp_source("${A_WIT}" wit)
  set(world "")
  if(A_WORLD)
    set(world --world ${A_WORLD})
  endif()
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${A_TARGET}.targets")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND ${WCOMP_EXECUTABLE} targets -q "${comp}" "${wit}" ${world}
            --depfile "${stamp}.d" --stamp "${stamp}"
    DEPFILE "${stamp}.d"
    DEPENDS ${deps} ${WCOMP_EXECUTABLE}
    COMMENT "wcomp targets ${A_TARGET}"
    VERBATIM)
  add_custom_target(${A_TARGET} ALL DEPENDS "${stamp}")
endfunction()

cmake_policy(POP)
