# prunebench-cli stream on the tiny fixture model: a streamed depth prune writes a replayable
# plan, the streamed perplexity of that plan equals the prune's "after" value, a gradient
# criterion scores through the streamed backward (two passes), and a criterion that needs every
# weight at once is refused with a usage error.
#   cmake -DCLI=... -DMODEL=... -DOUT=... -P stream_prune.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
string(REPEAT "Call me Ishmael. Some years ago, never mind how long precisely, having little money in my purse. " 40 text)
file(WRITE "${OUT}/text.txt" "${text}")

execute_process(
  COMMAND "${CLI}" stream --model "${MODEL}" --work prune --criterion block_ppl --drop-blocks 1 --calib "${OUT}/text.txt"
          --samples 2 --seq-len 16 --batch 2 --text "${OUT}/text.txt" --max-windows 4 --save-plan "${OUT}/plan.json" --json
  RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "stream --work prune failed (${rc}):\n${log}")
endif()
string(JSON before GET "${json}" params_before)
string(JSON after GET "${json}" params_after)
string(JSON ppl_after GET "${json}" ppl_after ppl)
string(JSON passes GET "${json}" stream passes)
if(NOT after LESS before OR NOT passes EQUAL 3 OR NOT EXISTS "${OUT}/plan.json")
  message(FATAL_ERROR "unexpected prune result: ${json}")
endif()

execute_process(
  COMMAND "${CLI}" stream --model "${MODEL}" --work ppl --plan "${OUT}/plan.json" --text "${OUT}/text.txt"
          --seq-len 16 --batch 2 --max-windows 4 --json
  RESULT_VARIABLE rc OUTPUT_VARIABLE json2 ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "stream --work ppl --plan failed (${rc}):\n${log}")
endif()
string(JSON replayed GET "${json2}" ppl ppl)
if(NOT replayed STREQUAL ppl_after)
  message(FATAL_ERROR "the replayed plan's perplexity ${replayed} differs from the prune's ${ppl_after}")
endif()

execute_process(
  COMMAND "${CLI}" stream --model "${MODEL}" --work score --criterion taylor_element1 --calib "${OUT}/text.txt"
          --samples 2 --seq-len 16 --batch 1 --json
  RESULT_VARIABLE rc OUTPUT_VARIABLE json3 ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "stream --work score --criterion taylor_element1 failed (${rc}):\n${log}")
endif()
string(JSON passes GET "${json3}" stream passes)
string(JSON kept GET "${json3}" stream activations kept_on)
if(NOT passes EQUAL 2 OR NOT kept STREQUAL "device")
  message(FATAL_ERROR "unexpected streamed gradient scoring: ${json3}")
endif()

execute_process(
  COMMAND "${CLI}" stream --model "${MODEL}" --work score --criterion l1 --calib "${OUT}/text.txt"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE log)
if(NOT rc EQUAL 2 OR NOT log MATCHES "not streamed|unknown|use one of")
  message(FATAL_ERROR "a criterion that is not streamed should be refused with a usage error, got ${rc}: ${log}")
endif()
