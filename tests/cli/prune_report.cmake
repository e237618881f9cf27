# prunebench-cli prune --report on the tiny fixture model: the Markdown and the charts
# exist, PNGs carry the PNG signature (builds with Qt), and a report inside the model's
# folder is refused before anything is written.
#   cmake -DCLI=... -DMODEL=... -DOUT=... -DEXPECT_PNG=ON|OFF -P prune_report.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
string(REPEAT "Call me Ishmael. Some years ago, never mind how long precisely, having little money in my purse. " 40 text)
file(WRITE "${OUT}/text.txt" "${text}")

set(ENV{QT_QPA_PLATFORM} offscreen)
set(ENV{PB_LATENCY_CACHE} "${OUT}/latency-cache")  # the measured latency of --report: not the user's cache
execute_process(
  COMMAND "${CLI}" prune --model "${MODEL}" --criterion l2 --width-ratio 0.5 --calib "${OUT}/text.txt"
          --samples 2 --seq-len 16 --text "${OUT}/text.txt" --max-windows 2 --report "${OUT}/report/r.md" --json
  RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "prune --report failed (${rc}):\n${log}")
endif()

string(JSON n_files LENGTH "${json}" report)
set(expect_files 5)  # widths and ppl charts as SVG and PNG + Markdown
if(NOT EXPECT_PNG)
  set(expect_files 3)
endif()
if(NOT n_files EQUAL expect_files)
  message(FATAL_ERROR "expected ${expect_files} report files in the JSON, got ${n_files}:\n${json}")
endif()

file(READ "${OUT}/report/r.md" md)
foreach(chart widths ppl)
  if(NOT EXISTS "${OUT}/report/r-${chart}.svg")
    message(FATAL_ERROR "missing r-${chart}.svg")
  endif()
  if(EXPECT_PNG)
    set(png "${OUT}/report/r-${chart}.png")
    if(NOT EXISTS "${png}")
      message(FATAL_ERROR "missing r-${chart}.png")
    endif()
    file(READ "${png}" sig LIMIT 8 HEX)
    if(NOT sig STREQUAL "89504e470d0a1a0a")
      message(FATAL_ERROR "r-${chart}.png does not start with the PNG signature: ${sig}")
    endif()
    string(FIND "${md}" "](r-${chart}.png)" at)
  else()
    string(FIND "${md}" "](r-${chart}.svg)" at)
  endif()
  if(at EQUAL -1)
    message(FATAL_ERROR "r.md does not link the ${chart} chart:\n${md}")
  endif()
endforeach()
# --report measures the latency of both shapes (core/bench/latency.h) instead of the estimate.
string(FIND "${md}" "tokens at batch 1 (ms, measured) |" at)
if(at EQUAL -1)
  message(FATAL_ERROR "r.md has no measured latency row:\n${md}")
endif()
string(FIND "${md}" "## Perplexity" at)
if(at EQUAL -1)
  message(FATAL_ERROR "r.md has no perplexity section:\n${md}")
endif()

# A depth criterion adds the block scores chart.
execute_process(
  COMMAND "${CLI}" prune --model "${MODEL}" --criterion block_magnitude --drop-blocks 1 --calib "${OUT}/text.txt"
          --samples 2 --seq-len 16 --report "${OUT}/report/depth.md"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "prune --drop-blocks --report failed (${rc}):\n${log}")
endif()
set(ext svg)
if(EXPECT_PNG)
  set(ext png)
endif()
file(READ "${OUT}/report/depth.md" md)
foreach(chart widths blocks)
  string(FIND "${md}" "](depth-${chart}.${ext})" at)
  if(at EQUAL -1 OR NOT EXISTS "${OUT}/report/depth-${chart}.${ext}")
    message(FATAL_ERROR "depth.md: no ${chart} chart (depth-${chart}.${ext}):\n${md}")
  endif()
endforeach()
string(FIND "${md}" "## Block scores (block_magnitude)" at)
if(at EQUAL -1)
  message(FATAL_ERROR "depth.md has no block scores:\n${md}")
endif()

# Inside the source model's folder: refused, nothing written.
execute_process(
  COMMAND "${CLI}" prune --model "${MODEL}" --criterion l2 --width-ratio 0.5 --calib "${OUT}/text.txt"
          --samples 2 --seq-len 16 --report "${MODEL}/pb-report-test.md"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE log)
if(rc EQUAL 0 OR NOT log MATCHES "refusing to write the report")
  message(FATAL_ERROR "a report inside the model folder was not refused (${rc}):\n${log}")
endif()
if(EXISTS "${MODEL}/pb-report-test.md")
  file(REMOVE "${MODEL}/pb-report-test.md")
  message(FATAL_ERROR "the refused report was written anyway")
endif()
file(GLOB leftovers "${OUT}/report/*.tmp-*")
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()
message(STATUS "prune --report: ${n_files} files")
