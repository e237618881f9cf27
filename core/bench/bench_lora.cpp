// LoRA recovery steps through the product's path (core/recover): r = 8, alpha 16,
// dropout 0.05 on all seven projections, AdamW, one micro-batch of batch x seq random
// tokens per optimizer step (every token supervised). One step = one iteration; the
// step boundaries come from the loss callback (device synced there).
#include <cmath>

#include <torch/torch.h>

#include "core/bench/works.h"
#include "core/model/llama_model.h"
#include "core/recover/train.h"
#include "core/util/error.h"

namespace pb {

WorkTiming benchLora(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed) {
    const int64_t steps = o.warmup + o.repeat;
    auto ids = randomIds(steps * o.batch, o.seq, model.config.vocab, o.seed);  // [steps*B, S]
    std::vector<TrainExample> train(size_t(steps * o.batch));
    for (size_t r = 0; r < train.size(); ++r) {
        auto row = ids[int64_t(r)].contiguous();
        train[r].ids.assign(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel());
        train[r].labels = train[r].ids;
    }
    RecoverOptions ro;
    ro.lora.rank = 8;
    ro.lora.alpha = 16.0;
    ro.lora.dropout = 0.05;
    ro.lr = 1e-4;
    ro.steps = steps;
    ro.micro_batch = o.batch;
    ro.grad_accum = 1;
    ro.grad_checkpoint = o.checkpointing;
    ro.schedule = "constant";
    ro.seed = o.seed;

    WorkTiming t;
    t.tokens = o.batch * o.seq;
    const torch::Device dev = model.device();
    double last = 0.0;
    auto on_loss = [&](const LossPoint& p) {
        syncDevice(dev);
        const double now = nowSeconds();
        if (p.step > o.warmup) t.seconds.push_back(now - last);
        if (p.step == o.warmup && before_timed) before_timed();
        last = nowSeconds();
    };
    RecoverResult r = recover(model, train, {}, ro, {}, on_loss);
    if (r.stopped) throw Error("benchmark: LoRA training stopped: " + r.message);
    t.loss = r.final_train_loss;
    t.note = std::string("LoRA r=8 alpha=16 on 7 projections, AdamW") + (o.checkpointing ? ", gradient checkpointing" : "") +
             (r.cuda_graph ? ", each step one CUDA graph" : "") +
             (r.cuda_graph_note.empty() ? "" : " (eager: " + r.cuda_graph_note.substr(0, 200) + ")");
    return t;
}

} // namespace pb
