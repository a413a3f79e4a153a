# The layers of cinerec, each a library over one or more folders, linked only to the layers below
# it: data -> model -> backend (cpu | cuda) -> train -> runtime -> eval / retrieval -> cli.
# cinerec_layer() records each layer's folders and dependencies; cinerec_check_layers() turns
# that record into the build step `check_layers`, which fails on any #include of a layer's folder
# from a folder that may not see it, so the direction is enforced by the build, not by review.

# cinerec_layer(<target> DIRS <dir>... [DEPS <layer>...] [PUBLIC <lib>...] [PRIVATE <lib>...])
# A static library of the .cpp (and .cu) files directly in DIRS, or an INTERFACE library when
# there are none.
function(cinerec_layer target)
  cmake_parse_arguments(L "" "" "DIRS;DEPS;PUBLIC;PRIVATE" ${ARGN})
  set(sources)
  foreach(dir ${L_DIRS})
    file(GLOB found CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cpp)
    list(APPEND sources ${found})
    if(CINEREC_WITH_CUDA)
      file(GLOB found CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cu)
      list(APPEND sources ${found})
    endif()
  endforeach()
  list(FILTER sources EXCLUDE REGEX "/main\\.cpp$")  # an executable's, not the layer's
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC ${L_DEPS} ${L_PUBLIC} PRIVATE ${L_PRIVATE}
                          cinerec_warnings)
    if(CINEREC_NATIVE)
      target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-march=native>)
    endif()
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} INTERFACE ${L_DEPS} ${L_PUBLIC})
  endif()
  set_property(GLOBAL APPEND PROPERTY CINEREC_LAYERS ${target})
  set_property(GLOBAL PROPERTY CINEREC_LAYER_DIRS_${target} ${L_DIRS})
  set_property(GLOBAL PROPERTY CINEREC_LAYER_DEPS_${target} ${L_DEPS})
endfunction()

# The folders `target` may include from: its own and those of every layer below it.
function(_cinerec_visible_dirs target out)
  get_property(dirs GLOBAL PROPERTY CINEREC_LAYER_DIRS_${target})
  get_property(deps GLOBAL PROPERTY CINEREC_LAYER_DEPS_${target})
  foreach(dep ${deps})
    _cinerec_visible_dirs(${dep} below)
    list(APPEND dirs ${below})
  endforeach()
  list(REMOVE_DUPLICATES dirs)
  set(${out} ${dirs} PARENT_SCOPE)
endfunction()

function(cinerec_check_layers)
  get_property(layers GLOBAL PROPERTY CINEREC_LAYERS)
  set(map "")
  set(watched)
  foreach(layer ${layers})
    get_property(dirs GLOBAL PROPERTY CINEREC_LAYER_DIRS_${layer})
    _cinerec_visible_dirs(${layer} visible)
    string(REPLACE ";" "," visible "${visible}")
    foreach(dir ${dirs})
      string(APPEND map "${dir}=${visible}\n")
      file(GLOB files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.h
           ${PROJECT_SOURCE_DIR}/${dir}/*.cpp ${PROJECT_SOURCE_DIR}/${dir}/*.cu
           ${PROJECT_SOURCE_DIR}/${dir}/*.cuh)
      list(APPEND watched ${files})
    endforeach()
  endforeach()
  file(WRITE ${PROJECT_BINARY_DIR}/layers.txt "${map}")
  set(stamp ${PROJECT_BINARY_DIR}/layers.checked)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -DMAP=${PROJECT_BINARY_DIR}/layers.txt
            -P ${PROJECT_SOURCE_DIR}/cmake/check_layers.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${watched} ${PROJECT_SOURCE_DIR}/cmake/check_layers.cmake
            ${PROJECT_BINARY_DIR}/layers.txt
    COMMENT "Checking that includes follow the layers (cmake/layers.cmake)")
  add_custom_target(check_layers ALL DEPENDS ${stamp})
endfunction()
