#include "core/bench/speed.h"

#include <algorithm>

#include "core/bench/works.h"
#include "core/model/llama_model.h"
#include "core/util/error.h"

namespace pb {

SpeedResult measureSpeed(LlamaModel& model, const SpeedOptions& s) {
    if (s.new_tokens < 2) throw Error("speed: new tokens must be at least 2, got " + std::to_string(s.new_tokens));
    if (s.repeat < 1) throw Error("speed: repeat must be at least 1");
    BenchOptions o;
    o.batch = 1;
    o.seq = s.new_tokens;
    o.prompt = std::max<int64_t>(1, std::min(s.prompt, model.config.max_position - s.new_tokens));
    o.repeat = s.repeat;
    o.warmup = std::max<int64_t>(0, s.warmup);
    o.seed = s.seed;
    const WorkTiming t = benchGenerate(model, o, {});
    SpeedResult r;
    r.prompt = o.prompt;
    r.prefill_seconds = t.prefill_seconds;
    r.decode_seconds = std::max(0.0, median(t.seconds) - t.prefill_seconds);
    if (r.prefill_seconds > 0) r.prefill_tokens_per_s = double(o.prompt) / r.prefill_seconds;
    if (r.decode_seconds > 0) r.decode_tokens_per_s = double(s.new_tokens - 1) / r.decode_seconds;
    return r;
}

} // namespace pb
