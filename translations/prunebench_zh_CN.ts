<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>dense (unpruned)</source>
        <translation>未剪枝</translation>
    </message>
    <message>
        <source>Sum of the members' scores (LLM-Pruner's default)</source>
        <translation>成员分数之和（LLM-Pruner 默认）</translation>
    </message>
    <message>
        <source>Mean of the members' scores</source>
        <translation>成员分数的平均值</translation>
    </message>
    <message>
        <source>Largest member score</source>
        <translation>成员的最大分数</translation>
    </message>
    <message>
        <source>Product of the members' scores</source>
        <translation>成员分数的乘积</translation>
    </message>
    <message>
        <source>Score of the member executed last (o_proj / down_proj)</source>
        <translation>最后执行的成员的分数（o_proj / down_proj）</translation>
    </message>
    <message>
        <source>How the scores of a group's members combine into one score</source>
        <translation>组内成员的分数如何合并为一个分数</translation>
    </message>
    <message>
        <source>KV group</source>
        <translation>KV 组</translation>
    </message>
    <message>
        <source>Query head</source>
        <translation>查询头</translation>
    </message>
    <message>
        <source>MLP channel</source>
        <translation>MLP 通道</translation>
    </message>
    <message>
        <source>Hidden channel</source>
        <translation>隐藏通道</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
</context>
<context>
    <name>pb::ui::ArchitectureModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>This block's MLP has been pruned away.</source>
        <translation>该块的 MLP 已被剪除。</translation>
    </message>
    <message>
        <source>This block's attention has been pruned away.</source>
        <translation>该块的注意力已被剪除。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Q heads</source>
        <translation>Q 头</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV 头</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Head dim</source>
        <translation>头维度</translation>
    </message>
    <message>
        <source>FFN width</source>
        <translation>FFN 宽度</translation>
    </message>
    <message>
        <source>Attention params</source>
        <translation>注意力参数</translation>
    </message>
    <message>
        <source>MLP params</source>
        <translation>MLP 参数</translation>
    </message>
    <message>
        <source>Block params</source>
        <translation>块参数</translation>
    </message>
    <message>
        <source>Share of model</source>
        <translation>占模型比例</translation>
    </message>
    <message>
        <source>Index of the decoder block; 0 is next to the token embeddings.</source>
        <translation>解码器块的序号；0 紧接词元嵌入层。</translation>
    </message>
    <message>
        <source>Attention query heads in this block. Width pruning removes heads.</source>
        <translation>该块中的注意力查询头数。宽度剪枝会移除注意力头。</translation>
    </message>
    <message>
        <source>Key/value heads. With grouped-query attention (GQA) several query heads share one key/value head.</source>
        <translation>键/值头数。在分组查询注意力（GQA）中，多个查询头共享一个键/值头。</translation>
    </message>
    <message>
        <source>Query heads per key/value head (the GQA group size).</source>
        <translation>每个键/值头对应的查询头数（GQA 分组大小）。</translation>
    </message>
    <message>
        <source>Width of one attention head.</source>
        <translation>单个注意力头的宽度。</translation>
    </message>
    <message>
        <source>Intermediate width of the SwiGLU MLP (gate, up and down projections). Width pruning removes channels.</source>
        <translation>SwiGLU MLP（gate、up、down 投影）的中间层宽度。宽度剪枝会移除通道。</translation>
    </message>
    <message>
        <source>This block's share of all model parameters, embeddings included. The bar is scaled to the largest block.</source>
        <translation>该块参数占模型全部参数（含嵌入层）的比例。条形长度以最大的块为满格。</translation>
    </message>
    <message>
        <source>Parameters of the attention sublayer: q, k, v and o projections, their biases and the norm before attention.</source>
        <translation>注意力子层的参数：q、k、v、o 投影及其偏置，以及注意力之前的归一化层。</translation>
    </message>
    <message>
        <source>Parameters of the MLP sublayer: gate, up and down projections and the norm before the MLP.</source>
        <translation>MLP 子层的参数：gate、up、down 投影，以及 MLP 之前的归一化层。</translation>
    </message>
    <message>
        <source>All parameters of this block (attention plus MLP). Depth pruning removes whole blocks.</source>
        <translation>该块的全部参数（注意力加 MLP）。深度剪枝会移除整个块。</translation>
    </message>
</context>
<context>
    <name>pb::ui::ArchitectureSummary</name>
    <message>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>Where the parameters are</source>
        <translation>参数分布</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>嵌入层</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>Embeddings: %1 parameters
Attention (all blocks): %2 parameters
MLP (all blocks): %3 parameters</source>
        <translation>嵌入层：%1 个参数
注意力（全部块）：%2 个参数
MLP（全部块）：%3 个参数</translation>
    </message>
    <message>
        <source>Model family: it decides tensor names and details such as biases</source>
        <translation>模型系列：决定张量名称以及偏置等细节</translation>
    </message>
    <message>
        <source>%1 family</source>
        <translation>%1 系列</translation>
    </message>
</context>
<context>
    <name>pb::ui::ArchitectureView</name>
    <message>
        <source>Decoder blocks</source>
        <translation>解码器块</translation>
    </message>
    <message numerus="yes">
        <source>%n blocks with the same shape</source>
        <translation>
            <numerusform>%n 个形状相同的块</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n blocks; their shapes differ</source>
        <translation>
            <numerusform>%n 个块，形状各不相同</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pb::ui::ChartsView</name>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Fractions of all parameters removed, comma-separated, each in (0, 1)</source>
        <translation>删除的参数比例，用逗号分隔，每个在 (0, 1) 之间</translation>
    </message>
    <message>
        <source>Logarithmic perplexity axis (pruned models can be orders of magnitude worse)</source>
        <translation>对数困惑度坐标轴（剪枝后的模型可能差几个数量级）</translation>
    </message>
    <message>
        <source>Prune with each criterion at each fraction and measure perplexity (pb::sweep)</source>
        <translation>对每个准则在每个比例下剪枝并测量困惑度（pb::sweep）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the chart as PNG and its data as CSV</source>
        <translation>将图表保存为 PNG，数据保存为 CSV</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Fractions</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Perplexity vs parameters removed</source>
        <translation>困惑度与删除参数量</translation>
    </message>
    <message>
        <source>parameters removed (%)</source>
        <translation>删除的参数 (%)</translation>
    </message>
    <message>
        <source>perplexity (Moby-Dick)</source>
        <translation>困惑度（《白鲸》）</translation>
    </message>
    <message>
        <source>depth · %1</source>
        <translation>深度 · %1</translation>
    </message>
    <message>
        <source>width · %1</source>
        <translation>宽度 · %1</translation>
    </message>
    <message>
        <source>Run a sweep to compare width and depth pruning at equal parameter budgets. Width: dots and solid lines; depth: squares and dashed lines.</source>
        <translation>运行扫描，在相同参数预算下比较宽度剪枝和深度剪枝。宽度：圆点和实线；深度：方块和虚线。</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s). Dense perplexity %1. Width: dots, solid; depth: squares, dashed.</source>
        <translation>
            <numerusform>%n 个点。未剪枝困惑度 %1。宽度：圆点、实线；深度：方块、虚线。</numerusform>
        </translation>
    </message>
    <message>
        <source>no block scores yet</source>
        <translation>尚无块分数</translation>
    </message>
    <message>
        <source>Per-block sensitivity · %1</source>
        <translation>各块敏感度 · %1</translation>
    </message>
    <message>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>importance (higher = keep)</source>
        <translation>重要性（越高越应保留）</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Saved %1 and %2.</source>
        <translation>已保存 %1 和 %2。</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>pb::ui::CompareView</name>
    <message>
        <source>Prune and compare</source>
        <translation>剪枝并对比</translation>
    </message>
    <message>
        <source>Prompt for the three greedy generations</source>
        <translation>三次贪心生成所用的提示</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source> windows</source>
        <translation> 个窗口</translation>
    </message>
    <message>
        <source>128-token windows of Moby-Dick (demo:moby-dick) for perplexity</source>
        <translation>用于困惑度的《白鲸》128 词元窗口（demo:moby-dick）</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Perplexity on</source>
        <translation>困惑度测于</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原模型</translation>
    </message>
    <message>
        <source>Width-pruned</source>
        <translation>宽度剪枝</translation>
    </message>
    <message>
        <source>Depth-pruned</source>
        <translation>深度剪枝</translation>
    </message>
    <message>
        <source>the open model</source>
        <translation>当前打开的模型</translation>
    </message>
    <message>
        <source>heads and MLP channels removed</source>
        <translation>删除了头和 MLP 通道</translation>
    </message>
    <message>
        <source>whole blocks removed</source>
        <translation>删除了整个块</translation>
    </message>
    <message>
        <source>Not measured yet.</source>
        <translation>尚未测量。</translation>
    </message>
    <message>
        <source>Press Prune and compare: the plan's width part and the depth plan with the same number of parameters are built from the open model and measured on the same text and prompt.</source>
        <translation>按“剪枝并对比”：根据当前模型构建计划的宽度部分和参数量相同的深度计划，并在相同的文本和提示上测量。</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>MACs / 128 tokens</source>
        <translation>MAC / 128 词元</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>Greedy continuation:</source>
        <translation>贪心续写：</translation>
    </message>
    <message>
        <source>Both pruned models aim at %1 of the parameters. Perplexity: %2 windows of 128 tokens of Moby-Dick; decoding speed is measured on this machine (batch 1, greedy).</source>
        <translation>两个剪枝模型都以删除 %1 的参数为目标。困惑度：《白鲸》的 %2 个 128 词元窗口；解码速度在本机测得（批大小 1，贪心）。</translation>
    </message>
</context>
<context>
    <name>pb::ui::CompositionBar</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>pb::ui::CriterionCombo</name>
    <message>
        <source>needs backward passes (gradients)</source>
        <translation>需要反向传播（梯度）</translation>
    </message>
    <message>
        <source>forward passes only</source>
        <translation>仅前向传播</translation>
    </message>
    <message>
        <source>whole blocks</source>
        <translation>整个块</translation>
    </message>
    <message>
        <source>heads and channels</source>
        <translation>头和通道</translation>
    </message>
</context>
<context>
    <name>pb::ui::Format</name>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>%1 K</source>
        <translation>%1 K</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
</context>
<context>
    <name>pb::ui::GraphView</name>
    <message>
        <source>Which coupled structure a click selects</source>
        <translation>点击时选择哪种耦合结构</translation>
    </message>
    <message>
        <source>Unit index within the layer (channel index for hidden channels)</source>
        <translation>层内单元索引（隐藏通道则为通道索引）</translation>
    </message>
    <message>
        <source>Click a block on the left, then a row or column of a tensor. Wheel: zoom · drag: pan.</source>
        <translation>先点击左侧的块，再点击张量的某一行或列。滚轮：缩放 · 拖动：平移。</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Open a model to see its dependency graph.</source>
        <translation>打开模型以查看其依赖图。</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>嵌入层</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>removed by the depth plan</source>
        <translation>被深度计划删除</translation>
    </message>
    <message>
        <source>%1 heads / %2 KV · FFN %3 · %4</source>
        <translation>%1 头 / %2 KV · FFN %3 · %4</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>第 %1 块</translation>
    </message>
    <message>
        <source>Final norm</source>
        <translation>最终归一化</translation>
    </message>
    <message>
        <source>RMSNorm [%1]</source>
        <translation>RMSNorm [%1]</translation>
    </message>
    <message>
        <source>LM head</source>
        <translation>语言模型头</translation>
    </message>
    <message>
        <source>tied to the embedding</source>
        <translation>与嵌入层共享</translation>
    </message>
    <message>
        <source>Block %1 — removed by the depth plan</source>
        <translation>第 %1 块 — 被深度计划删除</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2 %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2 %3</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>%1 %2 of block %3</source>
        <translation>第 %3 块的%1 %2</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>未选择</translation>
    </message>
    <message>
        <source>Hidden channel %1 (whole model)</source>
        <translation>隐藏通道 %1（整个模型）</translation>
    </message>
    <message>
        <source>Removed together: pruning one of these rows or columns forces removing all of them.</source>
        <translation>一起删除：剪掉其中任一行或列，就必须删除全部。</translation>
    </message>
    <message>
        <source>…and the same channel in every other block, the embedding and lm_head.</source>
        <translation>……以及其他所有块、嵌入层和 lm_head 中的同一通道。</translation>
    </message>
    <message>
        <source>Why they are coupled:</source>
        <translation>耦合的原因：</translation>
    </message>
    <message>
        <source>This whole block is removed by the depth plan.</source>
        <translation>整个块被深度计划删除。</translation>
    </message>
</context>
<context>
    <name>pb::ui::HeatmapView</name>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>KV groups</source>
        <translation>KV 组</translation>
    </message>
    <message>
        <source>Query heads</source>
        <translation>查询头</translation>
    </message>
    <message>
        <source>Attention units shown: whole KV groups (what group pruning removes) or single query heads</source>
        <translation>显示的注意力单元：整个 KV 组（分组剪枝删除的单位）或单个查询头</translation>
    </message>
    <message>
        <source>Calibration samples drawn from the State of the Union addresses (demo:sotu)</source>
        <translation>取自美国国情咨文的校准样本（demo:sotu）</translation>
    </message>
    <message>
        <source>Tokens per calibration sample</source>
        <translation>每个校准样本的词元数</translation>
    </message>
    <message>
        <source>Score the open model with these criteria on a worker thread (cancel in the status bar)</source>
        <translation>在工作线程上用这些准则为当前模型评分（可在状态栏取消）</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>%1 / %2 with %3 is not scored yet: press Score.</source>
        <translation>%1 / %2 与 %3 尚未评分：请按“评分”。</translation>
    </message>
    <message>
        <source>Open a model to score it.</source>
        <translation>打开模型以进行评分。</translation>
    </message>
    <message>
        <source>%1 (%2): scored in %3 s.</source>
        <translation>%1（%2）：评分用时 %3 秒。</translation>
    </message>
    <message>
        <source>%1: not scored yet.</source>
        <translation>%1：尚未评分。</translation>
    </message>
    <message>
        <source>%1: scored in %2 s.</source>
        <translation>%1：评分用时 %2 秒。</translation>
    </message>
    <message>
        <source>Scoring… progress and Cancel are in the status bar.</source>
        <translation>正在评分… 进度和取消按钮在状态栏中。</translation>
    </message>
    <message>
        <source>Press Score to compute importance on %1 × %2 calibration tokens.</source>
        <translation>按“评分”在 %1 × %2 个校准词元上计算重要性。</translation>
    </message>
    <message>
        <source>Hatched: removed by the plan.</source>
        <translation>斜线：被计划删除。</translation>
    </message>
</context>
<context>
    <name>pb::ui::HeatmapWidget</name>
    <message>
        <source>Choose a criterion and press Score to see which units matter.</source>
        <translation>选择一个准则并按“评分”，查看哪些单元重要。</translation>
    </message>
    <message>
        <source>Attention · KV groups</source>
        <translation>注意力 · KV 组</translation>
    </message>
    <message>
        <source>Attention · query heads</source>
        <translation>注意力 · 查询头</translation>
    </message>
    <message>
        <source>MLP channels · %1 buckets of ≈%2</source>
        <translation>MLP 通道 · %1 个桶，每桶 ≈%2</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>importance, normalised per layer (blocks: per model)</source>
        <translation>重要性，按层归一化（块：按模型）</translation>
    </message>
    <message>
        <source>removed by the current plan</source>
        <translation>被当前计划删除</translation>
    </message>
    <message>
        <source>
Block removed by the plan (depth)</source>
        <translation>
该块被计划删除（深度剪枝）</translation>
    </message>
    <message>
        <source>Layer %1 · KV group %2 (query heads %3–%4)</source>
        <translation>第 %1 层 · KV 组 %2（查询头 %3–%4）</translation>
    </message>
    <message>
        <source>Layer %1 · query head %2 (KV group %3)</source>
        <translation>第 %1 层 · 查询头 %2（KV 组 %3）</translation>
    </message>
    <message>
        <source>
score %1 · %2 of the layer's range</source>
        <translation>
分数 %1 · 位于本层范围的 %2</translation>
    </message>
    <message>
        <source>
Removed by the current plan</source>
        <translation>
被当前计划删除</translation>
    </message>
    <message>
        <source>Layer %1 · MLP channels %2–%3</source>
        <translation>第 %1 层 · MLP 通道 %2–%3</translation>
    </message>
    <message>
        <source>
mean score %1 (min %2, max %3)</source>
        <translation>
平均分数 %1（最小 %2，最大 %3）</translation>
    </message>
    <message>
        <source>
%1 % of these channels removed by the plan</source>
        <translation>
计划删除了其中 %1 % 的通道</translation>
    </message>
    <message>
        <source>Block %1 · %2 score %3</source>
        <translation>第 %1 块 · %2 分数 %3</translation>
    </message>
</context>
<context>
    <name>pb::ui::JobProgressWidget</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop this job; the open model stays as it is</source>
        <translation>停止此任务；已打开的模型保持不变</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
</context>
<context>
    <name>pb::ui::JobRunner</name>
    <message>
        <source>Out of memory.</source>
        <translation>内存不足。</translation>
    </message>
    <message>
        <source>Unknown error.</source>
        <translation>未知错误。</translation>
    </message>
</context>
<context>
    <name>pb::ui::LaunchOptions</name>
    <message>
        <source>Structured pruning workbench for LLaMA-family language models.</source>
        <translation>面向 LLaMA 系列语言模型的结构化剪枝工作台。</translation>
    </message>
    <message>
        <source>Model to open: a folder, a .gguf file or "demo".</source>
        <translation>要打开的模型：文件夹、.gguf 文件或 "demo"。</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>View to show first: %1.</source>
        <translation>首先显示的视图：%1。</translation>
    </message>
    <message>
        <source>view</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Save the window as a PNG image once the model is shown, then exit.</source>
        <translation>模型显示后将窗口保存为 PNG 图片，然后退出。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Interface language: %1.</source>
        <translation>界面语言：%1。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>多余的参数：%1</translation>
    </message>
    <message>
        <source>Unknown view "%1"; known views: %2.</source>
        <translation>未知视图 "%1"；可用视图：%2。</translation>
    </message>
    <message>
        <source>Unknown language "%1"; supported: %2.</source>
        <translation>未知语言 "%1"；支持的语言：%2。</translation>
    </message>
</context>
<context>
    <name>pb::ui::MainWindow</name>
    <message>
        <source>PruneBench</source>
        <translation>PruneBench</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Loading %1 cancelled</source>
        <translation>已取消加载 %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Open &amp;GGUF…</source>
        <translation>打开 GGUF(&amp;G)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation>打开演示模型(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Architecture</source>
        <translation>架构(&amp;A)</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About PruneBench</source>
        <translation>关于 PruneBench(&amp;A)</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>没有最近打开的模型</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Still busy with %1</source>
        <translation>仍在进行：%1</translation>
    </message>
    <message>
        <source>Wait for it to finish or cancel it in the status bar, then open the model again.</source>
        <translation>请等待其完成，或在状态栏中取消，然后再次打开模型。</translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>Open GGUF Model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>%1 — PruneBench</source>
        <translation>%1 — PruneBench</translation>
    </message>
    <message>
        <source>The open model is unchanged.</source>
        <translation>已打开的模型保持不变。</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Language saved</source>
        <translation>语言已保存</translation>
    </message>
    <message>
        <source>PruneBench will use %1 from the next start.</source>
        <translation>PruneBench 将在下次启动时使用%1。</translation>
    </message>
    <message>
        <source>About PruneBench</source>
        <translation>关于 PruneBench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;PruneBench %1&lt;/h3&gt;&lt;p&gt;A workbench for structured pruning of LLaMA-family language models: see which heads, channels and blocks matter, prune them and measure the effect.&lt;/p&gt;&lt;p&gt;Qt %2 · libtorch %3 · %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;PruneBench %1&lt;/h3&gt;&lt;p&gt;LLaMA 系列语言模型的结构化剪枝工作台：找出哪些注意力头、通道和块更重要，进行剪枝并衡量效果。&lt;/p&gt;&lt;p&gt;Qt %2 · libtorch %3 · %4&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n compute thread(s)</source>
        <translation>
            <numerusform>%n 个计算线程</numerusform>
        </translation>
    </message>
    <message>
        <source>Dependencies</source>
        <translation>依赖关系</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Coupled structures: what must be removed together</source>
        <translation>耦合结构：必须一起删除的部分</translation>
    </message>
    <message>
        <source>Importance scores of heads, channels and blocks</source>
        <translation>头、通道和块的重要性分数</translation>
    </message>
    <message>
        <source>Edit what to remove: ratios per layer and whole blocks</source>
        <translation>编辑要删除的内容：每层比例和整个块</translation>
    </message>
    <message>
        <source>Original, width-pruned and depth-pruned side by side</source>
        <translation>原模型、宽度剪枝和深度剪枝并排对比</translation>
    </message>
    <message>
        <source>Perplexity against parameters removed, and block sensitivity</source>
        <translation>困惑度与删除参数量的关系，以及块敏感度</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 失败</translation>
    </message>
    <message>
        <source>&amp;Dependencies</source>
        <translation>依赖关系(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Importance</source>
        <translation>重要性(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>计划(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>对比(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <source>C&amp;ompute</source>
        <translation>计算(&amp;O)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Run scoring, pruning and evaluation on this device (reloads the model)</source>
        <translation>在此设备上运行评分、剪枝和评估（会重新加载模型）</translation>
    </message>
    <message>
        <source>No CUDA device is available in this build or machine</source>
        <translation>此构建或本机没有可用的 CUDA 设备</translation>
    </message>
    <message>
        <source>float32 (exact)</source>
        <translation>float32（精确）</translation>
    </message>
    <message>
        <source>bfloat16 (half the memory; f16 on CUDA)</source>
        <translation>bfloat16（内存减半；CUDA 上为 f16）</translation>
    </message>
    <message>
        <source>Reloading the model on %1 (%2)</source>
        <translation>正在 %1（%2）上重新加载模型</translation>
    </message>
</context>
<context>
    <name>pb::ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
</context>
<context>
    <name>pb::ui::ModelFacts</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>As the source names it. Family: %1.</source>
        <translation>按源文件中的名称。系列：%1。</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Decoder blocks.</source>
        <translation>解码器块的数量。</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>隐藏维度</translation>
    </message>
    <message>
        <source>Width of the residual stream.</source>
        <translation>残差流的宽度。</translation>
    </message>
    <message>
        <source>Heads / KV heads</source>
        <translation>注意力头 / KV 头</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Query heads and key/value heads per block.</source>
        <translation>每个块的查询头数和键/值头数。</translation>
    </message>
    <message>
        <source>Query heads and key/value heads per block; the blocks differ (see the table).</source>
        <translation>每个块的查询头数和键/值头数；各块不同（见下表）。</translation>
    </message>
    <message>
        <source>Head dim</source>
        <translation>头维度</translation>
    </message>
    <message>
        <source>Width of one attention head.</source>
        <translation>单个注意力头的宽度。</translation>
    </message>
    <message>
        <source>FFN width</source>
        <translation>FFN 宽度</translation>
    </message>
    <message>
        <source>Intermediate width of the MLP.</source>
        <translation>MLP 的中间层宽度。</translation>
    </message>
    <message>
        <source>Intermediate width of the MLP; the blocks differ (see the table).</source>
        <translation>MLP 的中间层宽度；各块不同（见下表）。</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>%1 parameters in all.</source>
        <translation>共 %1 个参数。</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>嵌入层</translation>
    </message>
    <message>
        <source>%1 (tied)</source>
        <translation>%1（共享）</translation>
    </message>
    <message>
        <source>Token embeddings, the output head (unless tied to the embeddings) and the final norm: %1 parameters, %2 of the model.</source>
        <translation>词元嵌入、输出头（未与嵌入共享时）和最终归一化层：%1 个参数，占模型的 %2。</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>Tokens the model knows.</source>
        <translation>模型认识的词元数。</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Maximum position the model was trained for.</source>
        <translation>模型训练时的最大位置。</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Data type of the weights in the file, and the file format.</source>
        <translation>文件中权重的数据类型及文件格式。</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>How text becomes tokens.</source>
        <translation>文本如何切分为词元。</translation>
    </message>
</context>
<context>
    <name>pb::ui::ModelSession</name>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
</context>
<context>
    <name>pb::ui::ModelStatusWidget</name>
    <message>
        <source>Parameters of the open model</source>
        <translation>已打开模型的参数量</translation>
    </message>
    <message>
        <source>Where the model runs</source>
        <translation>模型运行的设备</translation>
    </message>
    <message>
        <source>Time taken to load the model</source>
        <translation>加载模型所用的时间</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 参数</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>loaded in %1</source>
        <translation>加载用时 %1</translation>
    </message>
    <message>
        <source>No model open</source>
        <translation>未打开模型</translation>
    </message>
</context>
<context>
    <name>pb::ui::PlanDocument</name>
    <message>
        <source>Attention ratio of layer %1</source>
        <translation>第 %1 层的注意力比例</translation>
    </message>
    <message>
        <source>MLP ratio of layer %1</source>
        <translation>第 %1 层的 MLP 比例</translation>
    </message>
    <message>
        <source>Ratios %1 / %2 on layers %3–%4</source>
        <translation>第 %3–%4 层比例 %1 / %2</translation>
    </message>
    <message>
        <source>Drop block %1</source>
        <translation>删除第 %1 块</translation>
    </message>
    <message>
        <source>Restore block %1</source>
        <translation>恢复第 %1 块</translation>
    </message>
    <message>
        <source>Load plan</source>
        <translation>加载计划</translation>
    </message>
    <message>
        <source>Drop blocks %1</source>
        <translation>删除第 %1 块</translation>
    </message>
    <message>
        <source>Restore blocks %1</source>
        <translation>恢复第 %1 块</translation>
    </message>
</context>
<context>
    <name>pb::ui::PlanEditor</name>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Prune and compare</source>
        <translation>剪枝并对比</translation>
    </message>
    <message>
        <source>Fraction of attention units removed in each layer of the range</source>
        <translation>范围内每层删除的注意力单元比例</translation>
    </message>
    <message>
        <source>Fraction of MLP channels removed in each layer of the range</source>
        <translation>范围内每层删除的 MLP 通道比例</translation>
    </message>
    <message>
        <source>First layer pruned (LLM-Pruner keeps the first 4)</source>
        <translation>剪枝的第一层（LLM-Pruner 保留前 4 层）</translation>
    </message>
    <message>
        <source>Last layer pruned (LLM-Pruner keeps the last 2)</source>
        <translation>剪枝的最后一层（LLM-Pruner 保留最后 2 层）</translation>
    </message>
    <message>
        <source>Set these ratios on the layer range and 0 elsewhere (one undo step)</source>
        <translation>在层范围内设置这些比例，其余为 0（一次撤销步骤）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>加载…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Load a plan (PruneBench plan JSON)</source>
        <translation>加载计划（PruneBench 计划 JSON）</translation>
    </message>
    <message>
        <source>Save the plan as JSON; the CLI can replay it (prunebench-cli prune --plan)</source>
        <translation>将计划保存为 JSON；命令行可重放（prunebench-cli prune --plan）</translation>
    </message>
    <message>
        <source>Prune with this plan and the chosen criterion, and compare with the depth plan of equal size</source>
        <translation>用此计划和所选准则剪枝，并与同等规模的深度计划对比</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>on layers</source>
        <translation>作用于层</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Dropped blocks</source>
        <translation>已删除的块</translation>
    </message>
    <message>
        <source>Drag whole blocks to the right to remove them (depth pruning), and back to keep them.</source>
        <translation>把整个块拖到右侧即删除（深度剪枝），拖回即保留。</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Load Plan</source>
        <translation>加载计划</translation>
    </message>
    <message>
        <source>Plans (*.json)</source>
        <translation>计划 (*.json)</translation>
    </message>
    <message>
        <source>Could not load the plan</source>
        <translation>无法加载计划</translation>
    </message>
    <message>
        <source>Save Plan</source>
        <translation>保存计划</translation>
    </message>
    <message>
        <source>Could not save the plan</source>
        <translation>无法保存计划</translation>
    </message>
    <message>
        <source>Block %1 · %2</source>
        <translation>第 %1 块 · %2</translation>
    </message>
    <message>
        <source>Decoder block %1: attention + MLP + both norms</source>
        <translation>解码器块 %1：注意力 + MLP + 两个归一化层</translation>
    </message>
    <message>
        <source> · score %1</source>
        <translation> · 分数 %1</translation>
    </message>
    <message>
        <source>
%1 score: %2 (higher = more important)</source>
        <translation>
%1 分数：%2（越高越重要）</translation>
    </message>
    <message>
        <source>Open a model to edit a plan.</source>
        <translation>打开模型以编辑计划。</translation>
    </message>
    <message>
        <source>&lt;span style='color:#b42318'&gt;This plan does not fit the model:&lt;/span&gt; %1</source>
        <translation>&lt;span style='color:#b42318'&gt;该计划与模型不符：&lt;/span&gt;%1</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>%1 → &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>%1 → &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>MACs (128 tokens)</source>
        <translation>MAC（128 词元）</translation>
    </message>
    <message>
        <source>Latency (estimate)</source>
        <translation>延迟（估计）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1×&lt;/b&gt; of the original</source>
        <translation>原模型的 &lt;b&gt;%1×&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Latency estimate: half of the time scales with the MACs and half with the number of sequential blocks (batch-1 decoding is launch- and memory-bound). A proxy, not a measurement: Compare measures the real models.</source>
        <translation>延迟估计：一半时间随 MAC 数变化，一半随顺序块数变化（批大小 1 的解码受内核启动和内存限制）。这只是近似，不是测量：“对比”会测量真实模型。</translation>
    </message>
    <message numerus="yes">
        <source>Depth plan with the same parameters: drop &lt;b&gt;%n block(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>参数量相同的深度计划：删除 &lt;b&gt;%n 个块&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source> (%1 removed, latency ≈ %2×).</source>
        <translation>（删除 %1，延迟 ≈ %2×）。</translation>
    </message>
    <message>
        <source>The plan removes nothing yet: apply ratios or drag blocks out.</source>
        <translation>计划尚未删除任何内容：请应用比例或拖出块。</translation>
    </message>
</context>
<context>
    <name>pb::ui::PlanTableModel</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Attention ratio</source>
        <translation>注意力比例</translation>
    </message>
    <message>
        <source>Heads kept</source>
        <translation>保留的头</translation>
    </message>
    <message>
        <source>MLP ratio</source>
        <translation>MLP 比例</translation>
    </message>
    <message>
        <source>MLP kept</source>
        <translation>保留的 MLP</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Fraction of attention units (KV groups, or query heads per group) removed in this layer</source>
        <translation>本层删除的注意力单元比例（KV 组，或每组的查询头）</translation>
    </message>
    <message>
        <source>Fraction of MLP channels (rows of gate/up, columns of down) removed in this layer</source>
        <translation>本层删除的 MLP 通道比例（gate/up 的行，down 的列）</translation>
    </message>
    <message>
        <source>Parameters of the block after the plan</source>
        <translation>执行计划后该块的参数量</translation>
    </message>
    <message>
        <source>Block %1 is dropped whole (depth pruning)</source>
        <translation>第 %1 块被整体删除（深度剪枝）</translation>
    </message>
    <message>
        <source>%1 (dropped)</source>
        <translation>%1（已删除）</translation>
    </message>
    <message>
        <source>%1/%2 · %3/%4 KV</source>
        <translation>%1/%2 · %3/%4 KV</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
</context>
<context>
    <name>pb::ui::RatioDelegate</name>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
</context>
<context>
    <name>pb::ui::StartupController</name>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>pb::ui::WelcomePage</name>
    <message>
        <source>Open the demo model</source>
        <translation>打开演示模型</translation>
    </message>
    <message>
        <source>PruneBench</source>
        <translation>PruneBench</translation>
    </message>
    <message>
        <source>Explore which parts of a LLaMA-family model matter, and prune them: attention heads and MLP channels (width) or whole blocks (depth).</source>
        <translation>探索 LLaMA 系列模型中哪些部分更重要，并进行剪枝：注意力头和 MLP 通道（宽度），或整个块（深度）。</translation>
    </message>
    <message>
        <source>Open Folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open GGUF…</source>
        <translation>打开 GGUF…</translation>
    </message>
    <message>
        <source>or drop a model folder or a .gguf file onto this window</source>
        <translation>或将模型文件夹或 .gguf 文件拖放到此窗口</translation>
    </message>
</context>
<context>
    <name>pb::ui::Workbench</name>
    <message>
        <source>Scoring %1</source>
        <translation>正在评分 %1</translation>
    </message>
    <message>
        <source>Pruning and comparing</source>
        <translation>正在剪枝并对比</translation>
    </message>
    <message>
        <source>Width vs depth sweep</source>
        <translation>宽度与深度扫描</translation>
    </message>
</context>
</TS>