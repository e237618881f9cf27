#include "core/model/generator.h"

#include <chrono>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

namespace {

// logits: [V] float32. Returns the chosen id.
int64_t sample(torch::Tensor logits, const GenerateOptions& o, torch::Generator& gen) {
    if (o.temperature <= 0.0) return logits.argmax().item<int64_t>();
    logits = logits / o.temperature;
    if (o.top_k > 0 && o.top_k < logits.size(0)) {
        auto kth = std::get<0>(logits.topk(o.top_k)).min();
        logits = logits.masked_fill(logits < kth, -std::numeric_limits<float>::infinity());
    }
    auto probs = torch::softmax(logits, -1);
    if (o.top_p < 1.0) {
        auto [sorted, order] = probs.sort(-1, /*descending=*/true);
        auto cum = sorted.cumsum(-1);
        auto drop = (cum - sorted) > o.top_p;  // keep the smallest prefix reaching top_p
        sorted = sorted.masked_fill(drop, 0.0);
        probs = torch::zeros_like(probs).scatter(-1, order, sorted);
    }
    return torch::multinomial(probs, 1, false, gen).item<int64_t>();
}

} // namespace

GenerateResult generate(const LlamaModel& model, const Tokenizer& tokenizer, const std::string& prompt,
                        const GenerateOptions& o, const std::function<bool(const std::string&)>& on_token) {
    if (o.max_tokens < 0) throw Error("max_tokens must not be negative");
    if (o.top_p <= 0.0 || o.top_p > 1.0) throw Error("top_p must be in (0, 1]");
    torch::NoGradGuard no_grad;
    std::vector<int32_t> prompt_ids = tokenizer.encode(prompt, true);
    if (prompt_ids.empty()) throw Error("the prompt is empty");
    auto gen = at::detail::createCPUGenerator(o.seed);

    GenerateResult r;
    r.prompt_tokens = static_cast<int64_t>(prompt_ids.size());
    KVCache cache;
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(model.device());
    auto input = torch::tensor(std::vector<int64_t>(prompt_ids.begin(), prompt_ids.end()), opts).unsqueeze(0);  // [1, T]
    const auto t0 = std::chrono::steady_clock::now();
    std::string emitted;
    for (int64_t step = 0; step < o.max_tokens; ++step) {
        if (cache.length() + input.size(1) > model.config.max_position && model.config.max_position > 0) break;
        auto logits = model.forward(input, &cache);                         // [1, T, V]
        auto last = logits.select(1, logits.size(1) - 1).squeeze(0).cpu(); // [V]
        const int64_t id = sample(last, o, gen);
        if (o.stop_at_eos && id == tokenizer.eosId()) break;
        r.ids.push_back(static_cast<int32_t>(id));
        // Decode the whole continuation so multi-token characters come out whole.
        std::string text = tokenizer.decode(r.ids, true);
        if (on_token && text.size() > emitted.size() && !on_token(text.substr(emitted.size()))) break;
        emitted = text;
        input = torch::full({1, 1}, id, opts);
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.text = tokenizer.decode(r.ids, true);
    r.tokens_per_s = r.seconds > 0 ? double(r.ids.size()) / r.seconds : 0.0;
    return r;
}

} // namespace pb
