<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartExport</name>
    <message>
        <source>Export Chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image, plus SVG and CSV beside it (*.png)</source>
        <translation>PNG 图像，并在旁边保存 SVG 和 CSV (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Saved %1 (.png, .svg, .csv).</source>
        <translation>已保存 %1（.png、.svg、.csv）。</translation>
    </message>
</context>
<context>
    <name>CriterionText</name>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Uniform random scores: the baseline every criterion must beat.</source>
        <translation>均匀随机分数：每个准则都必须超越的基线。</translation>
    </message>
    <message>
        <source>Magnitude L1</source>
        <translation>幅值 L1</translation>
    </message>
    <message>
        <source>Sum of |W| over the unit&apos;s weights. No data needed.</source>
        <translation>单元所有权重的 |W| 之和。无需数据。</translation>
    </message>
    <message>
        <source>Magnitude L2</source>
        <translation>幅值 L2</translation>
    </message>
    <message>
        <source>Sum of W squared over the unit&apos;s weights. No data needed.</source>
        <translation>单元所有权重的 W 平方之和。无需数据。</translation>
    </message>
    <message>
        <source>Taylor vector-wise</source>
        <translation>Taylor 向量级</translation>
    </message>
    <message>
        <source>Taylor element-wise, 1st order</source>
        <translation>Taylor 元素级，一阶</translation>
    </message>
    <message>
        <source>Sum over the unit of |g*W|: each weight&apos;s first-order loss change, added up (LLM-Pruner &apos;element1&apos;).</source>
        <translation>单元上 |g*W| 之和：每个权重的一阶损失变化相加（LLM-Pruner 的 “element1”）。</translation>
    </message>
    <message>
        <source>Taylor element-wise, 2nd order</source>
        <translation>Taylor 元素级，二阶</translation>
    </message>
    <message>
        <source>Sum over the unit of |W*F*W| with F the empirical Fisher from per-sample gradients (LLM-Pruner &apos;element2&apos;).</source>
        <translation>单元上 |W*F*W| 之和，F 为由逐样本梯度得到的经验 Fisher 信息（LLM-Pruner 的 “element2”）。</translation>
    </message>
    <message>
        <source>Taylor element-wise, 1st + 2nd order</source>
        <translation>Taylor 元素级，一阶 + 二阶</translation>
    </message>
    <message>
        <source>Sum over the unit of |g*W - W*F*W/2|: the second-order Taylor expansion with the Fisher diagonal.</source>
        <translation>单元上 |g*W - W*F*W/2| 之和：使用 Fisher 对角线的二阶 Taylor 展开。</translation>
    </message>
    <message>
        <source>Adaptive fusion (PruneBench&apos;s design)</source>
        <translation>自适应融合（PruneBench 的设计）</translation>
    </message>
    <message>
        <source>Per layer, the mix alpha*element + (1-alpha)*vector of two Taylor scores, alpha in 0, 0.25, ..., 1 (the ends are the inputs themselves): each layer takes the alpha whose cut, at the plan&apos;s ratio and attention unit, gives the lowest calibration loss with the other layers cut by the better input; the fused plan is then checked against both inputs&apos; plans and falls back to the better one if it loses. After HyWIA (Liu et al.); the published rule was not available, this is PruneBench&apos;s design.</source>
        <translation>逐层将两种 Taylor 分数混合为 alpha*元素级 + (1-alpha)*向量级，alpha 取 0, 0.25, ..., 1（两端即两个输入本身）：每层选取这样的 alpha——在计划的比例和注意力单元下、其余各层按较优的输入剪枝时，该层的剪枝使校准损失最低；随后将融合计划与两个输入各自的计划比较，若不如则回退到较优的输入。参考 HyWIA（Liu 等）；未能获得其公开的规则，这是 PruneBench 的设计。</translation>
    </message>
    <message>
        <source>Wanda-sp</source>
        <translation>Wanda-sp</translation>
    </message>
    <message>
        <source>Structured Wanda: mean |W| of an input channel of o_proj/down_proj times the L2 norm of the activations feeding it. Forward passes only.</source>
        <translation>结构化 Wanda：o_proj/down_proj 某输入通道的平均 |W| 乘以输入该通道的激活的 L2 范数。只需前向传播。</translation>
    </message>
    <message>
        <source>FLAP fluctuation</source>
        <translation>FLAP 波动</translation>
    </message>
    <message>
        <source>Variance of the activations feeding an input channel of o_proj/down_proj times the squared norm of its weight column, standardised per layer; channels with stable inputs can be removed. Forward only.</source>
        <translation>输入 o_proj/down_proj 某输入通道的激活方差乘以其权重列范数的平方，逐层标准化；输入稳定的通道可以移除。只需前向传播。</translation>
    </message>
    <message>
        <source>Block magnitude</source>
        <translation>块幅值</translation>
    </message>
    <message>
        <source>Sum of |W| over every weight of the block.</source>
        <translation>块内所有权重的 |W| 之和。</translation>
    </message>
    <message>
        <source>Block Taylor+</source>
        <translation>块 Taylor+</translation>
    </message>
    <message>
        <source>Sum of |g*W| over the block (Shortened LLaMA). With the &apos;+&apos; heuristic the first 4 and last 2 blocks are never removed.</source>
        <translation>块内 |g*W| 之和（Shortened LLaMA）。使用 “+” 启发式时，前 4 个和最后 2 个块永不移除。</translation>
    </message>
    <message>
        <source>Block PPL</source>
        <translation>块 PPL</translation>
    </message>
    <message>
        <source>Calibration perplexity with the block removed: the block whose removal hurts least goes first. One forward pass per block.</source>
        <translation>移除该块后的校准困惑度：移除后损害最小的块最先移除。每个块一次前向传播。</translation>
    </message>
    <message>
        <source>Block Influence</source>
        <translation>块影响力</translation>
    </message>
    <message>
        <source>1 - cosine similarity of the block&apos;s input and output hidden states (ShortGPT): a block that barely changes its input matters little. Forward only.</source>
        <translation>1 减去块输入与输出隐藏状态的余弦相似度（ShortGPT）：几乎不改变输入的块不重要。只需前向传播。</translation>
    </message>
    <message>
        <source>SLEB</source>
        <translation>SLEB</translation>
    </message>
    <message>
        <source>Greedy: at each step remove the block whose removal gives the lowest calibration loss, then repeat on the shortened model (SLEB).</source>
        <translation>贪心：每一步移除使校准损失最低的块，然后在缩短后的模型上重复（SLEB）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The dependency rule&lt;/b&gt;&lt;br&gt;A unit is removed with everything that reads or writes it. A query head: its rows of q_proj and its columns of o_proj. A KV group: the rows of k_proj and v_proj and of every query head that shares it in q_proj, and those heads&apos; columns of o_proj. An MLP channel: a row of gate_proj and up_proj and a column of down_proj. Depth pruning removes a whole block, so nothing else changes shape.</source>
        <translation>&lt;b&gt;依赖规则&lt;/b&gt;&lt;br&gt;移除一个单元时，所有读写它的部分一并移除。查询头：q_proj 中它的行和 o_proj 中它的列。KV 组：k_proj 和 v_proj 中的行、q_proj 中共享该组的每个查询头的行，以及这些头在 o_proj 中的列。MLP 通道：gate_proj 和 up_proj 的一行以及 down_proj 的一列。深度剪枝移除整个块，其余部分形状不变。</translation>
    </message>
    <message>
        <source>Sum of the members&apos; scores (LLM-Pruner&apos;s default)</source>
        <translation>成员分数之和（LLM-Pruner 默认）</translation>
    </message>
    <message>
        <source>Mean of the members&apos; scores</source>
        <translation>成员分数的平均值</translation>
    </message>
    <message>
        <source>Largest member score</source>
        <translation>成员的最大分数</translation>
    </message>
    <message>
        <source>Product of the members&apos; scores</source>
        <translation>成员分数的乘积</translation>
    </message>
    <message>
        <source>Score of the member executed last (o_proj / down_proj)</source>
        <translation>最后执行的成员的分数（o_proj / down_proj）</translation>
    </message>
    <message>
        <source>KV groups</source>
        <translation>KV 组</translation>
    </message>
    <message>
        <source>Whole KV groups: a key/value head with every query head that shares it (GQA stays aligned).</source>
        <translation>整个 KV 组：一个键/值头连同共享它的所有查询头（GQA 保持对齐）。</translation>
    </message>
    <message>
        <source>Query heads</source>
        <translation>查询头</translation>
    </message>
    <message>
        <source>Query heads, the same number removed from every KV group; the key/value heads stay.</source>
        <translation>查询头：每个 KV 组移除相同数量；键/值头保留。</translation>
    </message>
    <message>
        <source>|sum of g*W| over each row of the unit, added over its rows: the first-order estimate of the loss change when each of the unit&apos;s weight vectors is removed (LLM-Pruner &apos;vector&apos;).</source>
        <translation>单元每一行上 g*W 之和的绝对值，再对各行相加：移除单元每个权重向量时损失变化的一阶估计（LLM-Pruner 的 “vector”）。</translation>
    </message>
    <message>
        <source>Taylor vector-wise, per slice</source>
        <translation>Taylor 向量级（按切片）</translation>
    </message>
    <message>
        <source>|sum of g*W| over each weight matrix&apos;s whole slice of the unit (a head&apos;s 64 rows at once), added over the matrices: PruneBench&apos;s variant of the vector-wise estimate; on the demo it beats LLM-Pruner&apos;s per-row form.</source>
        <translation>每个权重矩阵中属于该单元的整个切片（例如一个头的 64 行）上 g*W 之和的绝对值，再对各矩阵相加：PruneBench 的向量级估计变体；在演示模型上优于 LLM-Pruner 的逐行形式。</translation>
    </message>
</context>
<context>
    <name>LoadError</name>
    <message>
        <source>This is not a model file: it is a special file (such as a pipe or a device) that PruneBench does not read. Choose a .gguf file or a model folder.</source>
        <translation>这不是模型文件：它是 PruneBench 不读取的特殊文件（例如管道或设备）。请选择 .gguf 文件或模型文件夹。</translation>
    </message>
    <message>
        <source>The file or folder is not there any more. It may have been moved or deleted.</source>
        <translation>该文件或文件夹已不存在，可能已被移动或删除。</translation>
    </message>
    <message>
        <source>PruneBench is not allowed to read this file. Check its permissions.</source>
        <translation>PruneBench 无权读取此文件。请检查其权限。</translation>
    </message>
    <message>
        <source>The file is larger than PruneBench accepts for its kind, so it was not read.</source>
        <translation>该文件超过了 PruneBench 对此类文件允许的大小，因此未读取。</translation>
    </message>
    <message>
        <source>This file is not a GGUF model (it does not start like one).</source>
        <translation>此文件不是 GGUF 模型（其开头不符合 GGUF 格式）。</translation>
    </message>
    <message>
        <source>This is neither a GGUF model file nor a Hugging Face model folder.</source>
        <translation>这既不是 GGUF 模型文件，也不是 Hugging Face 模型文件夹。</translation>
    </message>
    <message>
        <source>The GGUF file is damaged or incomplete, perhaps from an interrupted download. Download it again.</source>
        <translation>GGUF 文件已损坏或不完整，可能是下载中断所致。请重新下载。</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer (tokenizer.json or the tokenizer part of the file) is damaged or uses a form PruneBench does not support.</source>
        <translation>模型的分词器（tokenizer.json 或文件中的分词器部分）已损坏，或使用了 PruneBench 不支持的形式。</translation>
    </message>
    <message>
        <source>The model&apos;s settings file (config.json) is damaged or describes a model PruneBench does not support.</source>
        <translation>模型的配置文件（config.json）已损坏，或描述了 PruneBench 不支持的模型。</translation>
    </message>
    <message>
        <source>A weights file (.safetensors) of this model is damaged or incomplete. Download the model again.</source>
        <translation>此模型的某个权重文件（.safetensors）已损坏或不完整。请重新下载模型。</translation>
    </message>
    <message>
        <source>A file of this model is damaged or incomplete. Download the model again.</source>
        <translation>此模型的某个文件已损坏或不完整。请重新下载模型。</translation>
    </message>
    <message>
        <source>The model&apos;s weights do not match its description, so it cannot be used.</source>
        <translation>模型的权重与其描述不符，因此无法使用。</translation>
    </message>
    <message>
        <source>PruneBench does not support this kind of model.</source>
        <translation>PruneBench 不支持此类模型。</translation>
    </message>
    <message>
        <source>The GGUF file could not be read; it may be damaged.</source>
        <translation>无法读取该 GGUF 文件，它可能已损坏。</translation>
    </message>
    <message>
        <source>PruneBench could not read this model.</source>
        <translation>PruneBench 无法读取此模型。</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
</context>
<context>
    <name>PlanFiles</name>
    <message>
        <source>Plan (ratios) saved to %1.</source>
        <translation>计划（比例）已保存到 %1。</translation>
    </message>
    <message>
        <source>Resolved plan (kept units) saved to %1.</source>
        <translation>已解析的计划（保留单元）已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Attention sub-block</source>
        <translation>注意力子块</translation>
    </message>
    <message>
        <source>MLP sub-block</source>
        <translation>MLP 子块</translation>
    </message>
    <message>
        <source>dense (unpruned)</source>
        <translation>未剪枝</translation>
    </message>
    <message>
        <source>How the scores of a group&apos;s members combine into one score</source>
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
    <message>
        <source>next sentence</source>
        <translation>下一句</translation>
    </message>
    <message>
        <source>cloze (last word)</source>
        <translation>完形填空（末词）</translation>
    </message>
    <message>
        <source>state capitals</source>
        <translation>州首府</translation>
    </message>
    <message>
        <source>first names</source>
        <translation>名字</translation>
    </message>
    <message>
        <source>SOTU president</source>
        <translation>国情咨文·总统</translation>
    </message>
    <message>
        <source>SOTU decade</source>
        <translation>国情咨文·年代</translation>
    </message>
    <message>
        <source>KV groups</source>
        <translation>KV 组</translation>
    </message>
    <message>
        <source>query heads</source>
        <translation>查询头</translation>
    </message>
    <message>
        <source>MLP channels</source>
        <translation>MLP 通道</translation>
    </message>
    <message>
        <source>blocks</source>
        <translation>块</translation>
    </message>
    <message>
        <source>vs</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>KV group %1</source>
        <translation>KV 组 %1</translation>
    </message>
    <message>
        <source>query head %1</source>
        <translation>查询头 %1</translation>
    </message>
    <message>
        <source>MLP channel %1</source>
        <translation>MLP 通道 %1</translation>
    </message>
    <message>
        <source>whole block</source>
        <translation>整个块</translation>
    </message>
    <message>
        <source>counting tokens…</source>
        <translation>正在统计词元…</translation>
    </message>
    <message>
        <source>≈ %1 tokens</source>
        <translation>约 %1 个词元</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source> in %1 files</source>
        <translation>，共 %1 个文件</translation>
    </message>
</context>
<context>
    <name>pb::ui</name>
    <message>
        <source>the CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source> It has %1 GiB of memory, %2 GiB free now.</source>
        <translation> 它共有 %1 GiB 内存，当前空闲 %2 GiB。</translation>
    </message>
    <message>
        <source>The job does not fit in the memory of %1.</source>
        <translation>该任务超出了 %1 的内存。</translation>
    </message>
    <message>
        <source> Try bfloat16 (Compute › bfloat16), a smaller calibration batch (fewer windows or tokens), or the CPU (Compute › CPU).</source>
        <translation> 可尝试 bfloat16（计算 › bfloat16）、更小的校准批次（更少的窗口或词元），或改用 CPU（计算 › CPU）。</translation>
    </message>
    <message>
        <source> Try bfloat16 (Compute › bfloat16), a smaller calibration batch (fewer windows or tokens), or close other programs.</source>
        <translation> 可尝试 bfloat16（计算 › bfloat16）、更小的校准批次（更少的窗口或词元），或关闭其他程序。</translation>
    </message>
</context>
<context>
    <name>pb::ui::ArchitectureModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>This block&apos;s MLP has been pruned away.</source>
        <translation>该块的 MLP 已被剪除。</translation>
    </message>
    <message>
        <source>This block&apos;s attention has been pruned away.</source>
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
        <source>This block&apos;s share of all model parameters, embeddings included. The bar is scaled to the largest block.</source>
        <translation>该块参数占模型全部参数（含嵌入层）的比例。条形长度以最大的块为满格。</translation>
    </message>
    <message>
        <source>All parameters of this block (attention plus MLP). Depth pruning removes whole blocks.</source>
        <translation>该块的全部参数（注意力加 MLP）。深度剪枝会移除整个块。</translation>
    </message>
    <message>
        <source>Intermediate width of the gated MLP (gate, up and down projections; SwiGLU, GeGLU in Gemma). Width pruning removes channels.</source>
        <translation>门控 MLP 的中间宽度（gate、up 和 down 投影；SwiGLU，Gemma 中为 GeGLU）。宽度剪枝会移除通道。</translation>
    </message>
    <message>
        <source>Parameters of the attention sublayer: q, k, v and o projections, their biases and the norm before attention (Gemma 3 also: the q/k norms and the norm after attention).</source>
        <translation>注意力子层的参数：q、k、v 和 o 投影、它们的偏置以及注意力之前的归一化层（Gemma 3 还包括 q/k 归一化和注意力之后的归一化层）。</translation>
    </message>
    <message>
        <source>Parameters of the MLP sublayer: gate, up and down projections and the norm before the MLP (Gemma 3 also: the norm after it).</source>
        <translation>MLP 子层的参数：gate、up 和 down 投影以及 MLP 之前的归一化层（Gemma 3 还包括其后的归一化层）。</translation>
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
        <source>%n block(s) with the same shape</source>
        <translation>
            <numerusform>%n 个形状相同的块</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n block(s); their shapes differ</source>
        <translation>
            <numerusform>%n 个块，形状各不相同</numerusform>
        </translation>
    </message>
    <message>
        <source>local attention (last %1 tokens) in blocks %2, global in the others</source>
        <translation>第 %2 块为局部注意力（最近 %1 个词元），其余为全局注意力</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>pb::ui::BudgetSearchCard</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Parameters to remove</source>
        <translation>要删除的参数</translation>
    </message>
    <message>
        <source>Fraction of all the model&apos;s parameters the per-layer ratios remove (met to within one MLP rounding unit, counted as the totals count)</source>
        <translation>逐层比例删除的模型全部参数的比例（误差不超过一个 MLP 取整单位，按总计的方式计数）</translation>
    </message>
    <message>
        <source>OWL (outlier-aware)</source>
        <translation>OWL（感知离群值）</translation>
    </message>
    <message>
        <source>Greedy (calibration loss)</source>
        <translation>贪心（校准损失）</translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation>均匀</translation>
    </message>
    <message>
        <source>Budget search method</source>
        <translation>预算搜索方法</translation>
    </message>
    <message>
        <source>OWL: layers whose weights meet more activation outliers (|W|·‖X‖ above 5× the layer&apos;s mean) keep more, the ratios spread ±8 points around the uniform one. Greedy: from the uniform ratios, moves heads and MLP channels between layers while that lowers the calibration loss at the same parameter count (minutes on a CPU). Uniform: one ratio.</source>
        <translation>OWL：权重遇到更多激活离群值（|W|·‖X‖ 超过该层均值的 5 倍）的层保留更多，比例在均匀比例上下 ±8 个百分点内分布。贪心：从均匀比例出发，在参数量不变的前提下于层间移动注意力头和 MLP 通道，只要校准损失下降就保留（CPU 上需数分钟）。均匀：单一比例。</translation>
    </message>
    <message>
        <source>Search on the worker over the layer range above and load the ratios into the plan (one undo step; the plan&apos;s dropped blocks and hidden cut are replaced)</source>
        <translation>在后台线程上对上方的层范围进行搜索，并将比例载入计划（一步撤销；计划中删除的块和隐藏维度裁剪将被替换）</translation>
    </message>
    <message>
        <source>Budget search result</source>
        <translation>预算搜索结果</translation>
    </message>
    <message>
        <source>Per-layer ratios for a parameter budget, ranked by the chosen width criterion.</source>
        <translation>按参数预算求逐层比例，单元按所选宽度准则排序。</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <source>Budget search</source>
        <translation>预算搜索</translation>
    </message>
    <message>
        <source>Budget search (%1)</source>
        <translation>预算搜索（%1）</translation>
    </message>
    <message>
        <source>Budget search: %1 of the parameters</source>
        <translation>预算搜索：参数的 %1</translation>
    </message>
    <message>
        <source>OWL</source>
        <translation>OWL</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>贪心</translation>
    </message>
    <message>
        <source>%1: &lt;b&gt;%2&lt;/b&gt; parameters removed for a target of %3 (to within %4, one MLP rounding unit); MLP ratios %5 to %6, ranked by %7; %8. Edit the ratios in the table.</source>
        <translation>%1：删除 &lt;b&gt;%2&lt;/b&gt; 个参数，目标为 %3（误差在 %4 以内，即一个 MLP 取整单位）；MLP 比例 %5 至 %6，按 %7 排序；%8。可在表格中编辑比例。</translation>
    </message>
    <message>
        <source>Calibration loss %1 (uniform) → &lt;b&gt;%2&lt;/b&gt; after %3 moves.</source>
        <translation>校准损失 %1（均匀）→ %3 次移动后为 &lt;b&gt;%2&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>of the parameters</source>
        <translation>的参数</translation>
    </message>
    <message>
        <source>of the prefill time</source>
        <translation>的预填充时间</translation>
    </message>
    <message>
        <source>of the decode time</source>
        <translation>的解码时间</translation>
    </message>
    <message>
        <source>What the budget counts</source>
        <translation>预算计量的对象</translation>
    </message>
    <message>
        <source>A fraction of the parameters removed, or of the original&apos;s time kept: prefill of 128 tokens or decoding at batch 1, measured on this device on random weights of each shape (uniform cuts bisected to the target, then the chosen method spreads that many parameters over the layers and its plan is measured again)</source>
        <translation>移除参数的比例，或保留原模型时间的比例：128 个 token 的预填充或批大小 1 的解码，在本设备上用各形状的随机权重实测（对均匀剪枝二分逼近目标，再由所选方法把这么多参数分配到各层，并再次实测其方案）</translation>
    </message>
    <message>
        <source>Ti&amp;me at most</source>
        <translation>时间至多(&amp;M)</translation>
    </message>
    <message>
        <source>Time kept, of the original&apos;s</source>
        <translation>保留的时间（占原模型）</translation>
    </message>
    <message>
        <source>Budget search: %1 of the original&apos;s time</source>
        <translation>预算搜索：原模型时间的 %1</translation>
    </message>
    <message>
        <source>decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>Latency budget: %1 probes of uniform cuts put %2 of the original&apos;s %3 time at %4 of the parameters; the plan itself measured &lt;b&gt;%5×&lt;/b&gt; of the original on %6.</source>
        <translation>延迟预算：%1 次均匀剪枝探测在 %4 的参数处得到原模型%3时间的 %2；该方案本身实测为原模型的 &lt;b&gt;%5×&lt;/b&gt;（%6）。</translation>
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
        <source>parameters removed (%)</source>
        <translation>删除的参数 (%)</translation>
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
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Save the chart as PNG and SVG and its data as CSV</source>
        <translation>将图表保存为 PNG 和 SVG，数据保存为 CSV</translation>
    </message>
    <message>
        <source>%1 at %2 %: %3</source>
        <translation>%1（%2 %）：%3</translation>
    </message>
    <message>
        <source>Not measured: %1.</source>
        <translation>未测量：%1。</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>Per-block sensitivity (higher = keep) · %1</source>
        <translation>各块敏感度（越高越应保留）· %1</translation>
    </message>
    <message>
        <source>importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <source>Run a sweep to plot perplexity against parameters removed, width and depth pruning on the same axes.</source>
        <translation>运行扫描，在同一坐标轴上绘制宽度剪枝和深度剪枝的困惑度随移除参数的变化。</translation>
    </message>
    <message>
        <source>No pruned model measured yet: the curves appear here point by point as the sweep runs.</source>
        <translation>尚未测量任何剪枝模型：扫描运行时曲线会在此逐点出现。</translation>
    </message>
    <message>
        <source>Per-block sensitivity (higher = keep)</source>
        <translation>逐块敏感度（越高越应保留）</translation>
    </message>
    <message>
        <source>Press Score on the Importance tab to chart how much each block matters (by its depth criterion).</source>
        <translation>在“重要性”页按“评分”，以图表显示每个块的重要程度（按其深度准则）。</translation>
    </message>
    <message>
        <source>Open a model, then press Score on the Importance tab to chart how much each block matters.</source>
        <translation>打开模型，然后在“重要性”页按“评分”，以图表显示每个块的重要程度。</translation>
    </message>
    <message>
        <source>Zero-shot</source>
        <translation>零样本</translation>
    </message>
    <message>
        <source>Also score the built-in zero-shot tasks (%1, %2 items each) at every point: accuracy curves with 95% intervals; slower</source>
        <translation>在每个点上同时评测内置零样本任务（%1，每个 %2 题）：带 95% 区间的准确率曲线；较慢</translation>
    </message>
    <message>
        <source>The original (grey, dashed), the plan, and its twin of the other kind removing about the same parameters (width blue, depth orange).</source>
        <translation>原始模型（灰色虚线）、计划，以及移除大致相同参数量的另一类对照（宽度为蓝色，深度为橙色）。</translation>
    </message>
    <message>
        <source>Open a model to measure its latency.</source>
        <translation>打开模型以测量其延迟。</translation>
    </message>
    <message>
        <source>Perplexity on %1 vs parameters removed</source>
        <translation>%1 上的困惑度与移除的参数</translation>
    </message>
    <message>
        <source>no LoRA</source>
        <translation>不做 LoRA</translation>
    </message>
    <message>
        <source> LoRA steps</source>
        <translation> 步 LoRA</translation>
    </message>
    <message>
        <source>LoRA steps after the sweep</source>
        <translation>扫描之后的 LoRA 步数</translation>
    </message>
    <message>
        <source>Then recover every point (and the dense model) with this many LoRA steps on the calibration text and score the tasks again: accuracy before and after LoRA, paired on the same items</source>
        <translation>随后用校准文本对每个点（以及未剪枝模型）做这么多步 LoRA 恢复，再次评测任务：LoRA 前后的准确率，在相同题目上配对比较</translation>
    </message>
    <message numerus="yes">
        <source>After %1 LoRA steps: perplexity %2 % on average over %n model(s) (hollow markers in the zero-shot chart).</source>
        <translation>
            <numerusform>%1 步 LoRA 之后：%n 个模型的困惑度平均变化 %2 %（零样本图中的空心标记）。</numerusform>
        </translation>
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
        <source>Prompt</source>
        <translation>提示</translation>
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
        <source>Press Prune and compare: the plan&apos;s width part and the depth plan with the same number of parameters are built from the open model and measured on the same text and prompt.</source>
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
        <source>Tokens to generate</source>
        <translation>生成的词元数</translation>
    </message>
    <message>
        <source>Perplexity windows</source>
        <translation>困惑度窗口数</translation>
    </message>
    <message>
        <source>Comparison summary</source>
        <translation>对比摘要</translation>
    </message>
    <message>
        <source>Pro&amp;mpt</source>
        <translation>提示词(&amp;M)</translation>
    </message>
    <message>
        <source>Perple&amp;xity on</source>
        <translation>困惑度文本(&amp;X)</translation>
    </message>
    <message>
        <source>128-token windows of the evaluation text (File › Evaluation Text) for perplexity</source>
        <translation>用于困惑度的评估文本（文件 › 评估文本）的 128 词元窗口</translation>
    </message>
    <message>
        <source>Prune and compare first: the latency curves of the three models appear here.</source>
        <translation>请先剪枝并比较：三个模型的延迟曲线会显示在这里。</translation>
    </message>
    <message>
        <source>Prefill (%1 tokens)</source>
        <translation>预填充（%1 个词元）</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Decode (batch 1)</source>
        <translation>解码（批大小 1）</translation>
    </message>
    <message>
        <source>Latency (estimate)</source>
        <translation>延迟（估计）</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Both pruned models aim at %1 of the parameters. Perplexity: %2 windows of 128 tokens of %3; decoding speed is measured on this machine (batch 1, greedy), prefill and decode latency on random weights of each shape.</source>
        <translation>两个剪枝模型都以 %1 的参数为目标。困惑度：%3 的 %2 个 128 词元窗口；解码速度在本机测量（批大小 1，贪心），预填充与解码延迟用每种形状的随机权重测量。</translation>
    </message>
    <message>
        <source>Press Measure latency curves to time the three models&apos; shapes over context lengths and batch sizes.</source>
        <translation>按“测量延迟曲线”为三个模型的形状在不同上下文长度和批大小下计时。</translation>
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
    <name>pb::ui::ComputeMenu</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>C&amp;ompute</source>
        <translation>计算(&amp;O)</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>No CUDA device is available in this build or machine</source>
        <translation>此构建或此机器上没有可用的 CUDA 设备</translation>
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
        <source>Run scoring, pruning and evaluation on this device (reloads the model)</source>
        <translation>在此设备上运行评分、剪枝和评估（会重新加载模型）</translation>
    </message>
    <message>
        <source>%1 GiB free of %2 GiB now</source>
        <translation>当前空闲 %1 GiB，共 %2 GiB</translation>
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
    <name>pb::ui::DisagreementChart</name>
    <message>
        <source>Where two criteria disagree</source>
        <translation>两个准则的分歧之处</translation>
    </message>
    <message>
        <source>Each block&apos;s rank under both criteria</source>
        <translation>每个块在两个准则下的排名</translation>
    </message>
    <message>
        <source>Rank correlation per layer</source>
        <translation>逐层排名相关性</translation>
    </message>
    <message>
        <source>rank (0 = dropped first)</source>
        <translation>排名（0 = 最先删除）</translation>
    </message>
    <message>
        <source>block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Spearman ρ (1 = same order)</source>
        <translation>Spearman ρ（1 = 顺序相同）</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Choose two criteria and press Compare: how far their rankings agree, layer by layer, appears here.</source>
        <translation>选择两个准则并按“比较”：它们的排名逐层一致到什么程度，会显示在这里。</translation>
    </message>
</context>
<context>
    <name>pb::ui::DisagreementView</name>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Width units</source>
        <translation>宽度单元</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Compare two width criteria (heads, KV groups, MLP channels) or two block criteria</source>
        <translation>比较两个宽度准则（头、KV 组、MLP 通道）或两个块准则</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>The overlap compares what each criterion would remove at this fraction of each layer&apos;s units (or of the blocks)</source>
        <translation>重合度比较的是：在每层单元（或块）的这一比例下，各准则会删除哪些单元</translation>
    </message>
    <message>
        <source>Rank both criteria on the chosen calibration (scoring what is missing on a worker) and compare</source>
        <translation>在所选校准数据上为两个准则排名（缺少的评分在工作线程上计算），然后比较</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Rank A</source>
        <translation>排名 A</translation>
    </message>
    <message>
        <source>Rank B</source>
        <translation>排名 B</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>The units the two criteria rank most differently within their layer (rank 0 = least important, 1 = most)</source>
        <translation>两个准则在其所在层内排名差异最大的单元（排名 0 = 最不重要，1 = 最重要）</translation>
    </message>
    <message>
        <source>Kind of units compared</source>
        <translation>比较的单元类型</translation>
    </message>
    <message>
        <source>First width criterion</source>
        <translation>第一个宽度准则</translation>
    </message>
    <message>
        <source>Second width criterion</source>
        <translation>第二个宽度准则</translation>
    </message>
    <message>
        <source>First block criterion</source>
        <translation>第一个块准则</translation>
    </message>
    <message>
        <source>Second block criterion</source>
        <translation>第二个块准则</translation>
    </message>
    <message>
        <source>Fraction removed for the overlap</source>
        <translation>计算重合度时的删除比例</translation>
    </message>
    <message>
        <source>Rank correlation chart</source>
        <translation>排名相关性图表</translation>
    </message>
    <message>
        <source>Most disputed units</source>
        <translation>分歧最大的单元</translation>
    </message>
    <message>
        <source>Comparison summary</source>
        <translation>对比摘要</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>比较(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;overlap at</source>
        <translation>重合度比例(&amp;O)</translation>
    </message>
    <message>
        <source>Choose two different criteria to compare.</source>
        <translation>请选择两个不同的准则进行比较。</translation>
    </message>
    <message>
        <source>Open a model to compare criteria on it.</source>
        <translation>打开模型以在其上比较准则。</translation>
    </message>
    <message>
        <source>Another job is running; press Compare again when it has finished.</source>
        <translation>另一个任务正在运行；请在其结束后再按“比较”。</translation>
    </message>
    <message>
        <source>Scoring %1 and %2 on the chosen calibration… progress and Cancel are in the status bar.</source>
        <translation>正在所选校准数据上为 %1 和 %2 评分… 进度和取消按钮在状态栏中。</translation>
    </message>
    <message>
        <source>These scores cannot be compared: %1</source>
        <translation>这些分数无法比较：%1</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Rank under A, %1: 0 = least important in its layer, 1 = most</source>
        <translation>在 A（%1）下的排名：0 = 层内最不重要，1 = 最重要</translation>
    </message>
    <message>
        <source>Rank under B, %1: 0 = least important in its layer, 1 = most</source>
        <translation>在 B（%1）下的排名：0 = 层内最不重要，1 = 最重要</translation>
    </message>
    <message>
        <source>Rank A - rank B: above 0, A values the unit more</source>
        <translation>排名 A − 排名 B：大于 0 表示 A 更看重该单元</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>无定义</translation>
    </message>
    <message>
        <source>%1: mean ρ %2, none removed at this fraction</source>
        <translation>%1：平均 ρ %2，此比例下不删除任何单元</translation>
    </message>
    <message>
        <source>%1: mean ρ %2, %3% of what each removes is the same</source>
        <translation>%1：平均 ρ %2，两者删除的单元中 %3% 相同</translation>
    </message>
    <message>
        <source>A = %1, B = %2, each removing %3% — %4.
ρ = 1: the same order; 0: unrelated; -1: reversed. The table lists the units whose rank within their layer differs most (0 = least important, 1 = most).</source>
        <translation>A = %1，B = %2，各删除 %3% — %4。
ρ = 1：顺序相同；0：无关；-1：相反。表中列出在所在层内排名差异最大的单元（0 = 最不重要，1 = 最重要）。</translation>
    </message>
</context>
<context>
    <name>pb::ui::ExportDialog</name>
    <message>
        <source>Save Model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Hugging Face folder (safetensors)</source>
        <translation>Hugging Face 文件夹（safetensors）</translation>
    </message>
    <message>
        <source>GGUF file (llama.cpp)</source>
        <translation>GGUF 文件（llama.cpp）</translation>
    </message>
    <message>
        <source>Pruned by the current plan</source>
        <translation>按当前计划剪枝</translation>
    </message>
    <message>
        <source>Pruned and recovered (last LoRA run, merged)</source>
        <translation>剪枝并恢复（上次 LoRA 训练，已合并）</translation>
    </message>
    <message>
        <source>Folder for Hugging Face, file name for GGUF</source>
        <translation>Hugging Face 填文件夹，GGUF 填文件名</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Save Report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>A Markdown file with the workbench&apos;s numbers, and the charts as PNG files beside it</source>
        <translation>包含工作台数据的 Markdown 文件，图表以 PNG 文件保存在旁边</translation>
    </message>
    <message>
        <source>Plans (*.json)</source>
        <translation>计划 (*.json)</translation>
    </message>
    <message>
        <source>Save Report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>The model was not saved: %1</source>
        <translation>模型未保存：%1</translation>
    </message>
    <message>
        <source>Saving was cancelled; nothing was written.</source>
        <translation>保存已取消；未写入任何内容。</translation>
    </message>
    <message>
        <source>Open a model first.</source>
        <translation>请先打开模型。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Every layer keeps the same shape&lt;/b&gt; (depth pruning, or the same ratios everywhere).</source>
        <translation>&lt;b&gt;每层形状相同&lt;/b&gt;（深度剪枝，或各层比例相同）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The layers differ in shape&lt;/b&gt; (per-layer width pruning).</source>
        <translation>&lt;b&gt;各层形状不同&lt;/b&gt;（逐层宽度剪枝）。</translation>
    </message>
    <message>
        <source>Hugging Face folder: &lt;b&gt;transformers&lt;/b&gt; and PruneBench load it.</source>
        <translation>Hugging Face 文件夹：&lt;b&gt;transformers&lt;/b&gt; 和 PruneBench 均可加载。</translation>
    </message>
    <message>
        <source>Hugging Face folder: PruneBench loads it; &lt;b&gt;transformers does not&lt;/b&gt; (%1).</source>
        <translation>Hugging Face 文件夹：PruneBench 可加载；&lt;b&gt;transformers 不能&lt;/b&gt;（%1）。</translation>
    </message>
    <message>
        <source>GGUF: cannot be written for this model (%1).</source>
        <translation>GGUF：此模型无法写出（%1）。</translation>
    </message>
    <message>
        <source>GGUF: written as arch &lt;i&gt;deci&lt;/i&gt; with per-layer widths; &lt;b&gt;llama.cpp&lt;/b&gt; and PruneBench load it.</source>
        <translation>GGUF：以 &lt;i&gt;deci&lt;/i&gt; 架构写出，带逐层宽度；&lt;b&gt;llama.cpp&lt;/b&gt; 和 PruneBench 均可加载。</translation>
    </message>
    <message>
        <source>GGUF: written as arch &lt;i&gt;%1&lt;/i&gt;; &lt;b&gt;llama.cpp&lt;/b&gt; and PruneBench load it.</source>
        <translation>GGUF：以 &lt;i&gt;%1&lt;/i&gt; 架构写出；&lt;b&gt;llama.cpp&lt;/b&gt; 和 PruneBench 均可加载。</translation>
    </message>
    <message>
        <source>Save GGUF</source>
        <translation>保存 GGUF</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Save to Folder</source>
        <translation>保存到文件夹</translation>
    </message>
    <message>
        <source>Not saved: %1.</source>
        <translation>未保存：%1。</translation>
    </message>
    <message>
        <source>Saved %1 (%2 MB, %3 parameters).
%4</source>
        <translation>已保存 %1（%2 MB，%3 个参数）。
%4</translation>
    </message>
    <message>
        <source>Saving the model</source>
        <translation>正在保存模型</translation>
    </message>
    <message>
        <source>Another job is running; save when it has finished.</source>
        <translation>另一个任务正在运行；请在其结束后保存。</translation>
    </message>
    <message>
        <source>Saving… (progress and Cancel in the status bar)</source>
        <translation>正在保存…（进度和取消见状态栏）</translation>
    </message>
    <message>
        <source>The plan was not saved: %1</source>
        <translation>计划未保存：%1</translation>
    </message>
    <message>
        <source>The report was not saved: %1</source>
        <translation>报告未保存：%1</translation>
    </message>
    <message numerus="yes">
        <source>Report saved to %1, with %n chart image(s) beside it.</source>
        <translation>
            <numerusform>报告已保存到 %1，旁边有 %n 张图表图片。</numerusform>
        </translation>
    </message>
    <message>
        <source>Save Plan (ratios)…</source>
        <translation>保存计划（比例）…</translation>
    </message>
    <message>
        <source>Save Resolved Plan (kept units)…</source>
        <translation>保存已解析的计划（保留单元）…</translation>
    </message>
    <message>
        <source>The ratios as edited; prunebench-cli prune --plan resolves them again with its own scores</source>
        <translation>编辑时的比例；prunebench-cli prune --plan 会用它自己的评分重新解析</translation>
    </message>
    <message>
        <source>The kept heads, groups and channels the heatmap hatches, with the calibration they come from; prunebench-cli prune --plan replays them exactly</source>
        <translation>热力图斜线标出之外保留的注意力头、分组和通道，以及它们来自的校准；prunebench-cli prune --plan 会精确重放</translation>
    </message>
    <message>
        <source>Save Plan (ratios)</source>
        <translation>保存计划（比例）</translation>
    </message>
    <message>
        <source>Save Resolved Plan (kept units)</source>
        <translation>保存已解析的计划（保留单元）</translation>
    </message>
    <message>
        <source>Scoring first (the plan needs scores of the current choice), then saving…</source>
        <translation>先评分（计划需要当前选择的评分），然后保存…</translation>
    </message>
    <message>
        <source>Pruned, with the last LoRA run&apos;s PEFT adapter beside it</source>
        <translation>剪枝后模型，并附上一次 LoRA 运行的 PEFT 适配器</translation>
    </message>
    <message>
        <source>Adapter folder</source>
        <translation>适配器文件夹</translation>
    </message>
    <message>
        <source>The pruned model the LoRA run trained on (adapters not merged) goes to the folder above as a Hugging Face folder; the PEFT adapter (adapter_config.json + adapter_model.safetensors) goes to its own folder, whose base_model_name_or_path names the model folder. Load the pair with PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(MODEL), ADAPTER). An adapter needs its base saved with it, so this choice always writes both (not GGUF).</source>
        <translation>LoRA 运行所训练的剪枝模型（未合并适配器）以 Hugging Face 文件夹形式保存到上面的文件夹；PEFT 适配器（adapter_config.json + adapter_model.safetensors）保存到单独的文件夹，其 base_model_name_or_path 指向该模型文件夹。用 PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(MODEL), ADAPTER) 加载这一对。适配器需要与其基础模型一起保存，因此此选项总是同时写出两者（不支持 GGUF）。</translation>
    </message>
    <message>
        <source>Adapter to</source>
        <translation>适配器保存到</translation>
    </message>
    <message>
        <source>Save the Adapter to Folder</source>
        <translation>将适配器保存到文件夹</translation>
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
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
</context>
<context>
    <name>pb::ui::FusionAlphaPanel</name>
    <message>
        <source>Fusion: α per layer</source>
        <translation>融合：逐层 α</translation>
    </message>
    <message>
        <source>Fusion alpha per layer</source>
        <translation>融合 α（逐层）</translation>
    </message>
    <message>
        <source>query heads of each KV group</source>
        <translation>每个 KV 组的查询头</translation>
    </message>
    <message>
        <source>KV groups</source>
        <translation>KV 组</translation>
    </message>
    <message>
        <source>α = 1 ranks a layer&apos;s units by taylor_element1, α = 0 by taylor_vector, values between by their mix. Each layer took the α of 0, 0.25, …, 1 whose cut (%1% of the %2, %3% of the MLP channels) gave the lowest calibration loss while the other layers were cut by the better input; — : every α cuts the same (or nothing).</source>
        <translation>α = 1 表示按 taylor_element1 对该层的单元排序，α = 0 表示按 taylor_vector 排序，介于两者之间则按二者的混合排序。每层从 0, 0.25, …, 1 中选取这样的 α：其余各层按较优的输入剪枝时，该层的剪枝（%2 的 %1%，MLP 通道的 %3%）使校准损失最低；— 表示各个 α 剪去的单元相同（或不剪枝）。</translation>
    </message>
    <message>
        <source>Calibration loss on %1 samples: taylor_element1&apos;s plan %2, taylor_vector&apos;s %3, fused %4.</source>
        <translation>%1 个样本上的校准损失：taylor_element1 的计划 %2，taylor_vector 的计划 %3，融合后 %4。</translation>
    </message>
    <message>
        <source>The fused plan lost to the better input, so these are %1&apos;s scores.</source>
        <translation>融合计划不如较优的输入，因此这里显示的是 %1 的分数。</translation>
    </message>
    <message>
        <source>No layer did better than %1&apos;s cut: these are its scores.</source>
        <translation>没有任何一层优于 %1 的剪枝：这里显示的就是它的分数。</translation>
    </message>
</context>
<context>
    <name>pb::ui::GraphView</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; the whole tensor</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 整个张量</translation>
    </message>
    <message>
        <source>the whole tensor</source>
        <translation>整个张量</translation>
    </message>
    <message>
        <source>Block %1 · local</source>
        <translation>第 %1 块 · 局部</translation>
    </message>
    <message>
        <source>Block %1 · global</source>
        <translation>第 %1 块 · 全局</translation>
    </message>
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
    <message>
        <source>The dependency rule</source>
        <translation>依赖规则</translation>
    </message>
    <message>
        <source>Coupled structure to select</source>
        <translation>要选择的耦合结构</translation>
    </message>
    <message>
        <source>Unit index</source>
        <translation>单元序号</translation>
    </message>
    <message>
        <source>Blocks of the model</source>
        <translation>模型的块</translation>
    </message>
    <message>
        <source>Tensors of the selected block</source>
        <translation>所选块的张量</translation>
    </message>
    <message>
        <source>Selected coupled group</source>
        <translation>所选耦合组</translation>
    </message>
    <message>
        <source>&amp;Select</source>
        <translation>选择(&amp;S)</translation>
    </message>
    <message>
        <source>%1, %2 (removed)</source>
        <translation>%1，%2（已移除）</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>: selected %1</source>
        <translation>：已选 %1</translation>
    </message>
    <message>
        <source> (removed by the depth plan)</source>
        <translation>（被深度方案移除）</translation>
    </message>
</context>
<context>
    <name>pb::ui::HarnessMenu</name>
    <message>
        <source>Zero-shot &amp;Harness</source>
        <translation>零样本评测框架(&amp;H)</translation>
    </message>
    <message>
        <source>lm-eval (current lm-evaluation-harness)</source>
        <translation>lm-eval（当前的 lm-evaluation-harness）</translation>
    </message>
    <message>
        <source>lm-eval 0.4.0–0.4.8 (no BOS)</source>
        <translation>lm-eval 0.4.0–0.4.8（无 BOS）</translation>
    </message>
    <message>
        <source>LLM-Pruner&apos;s harness (lm-eval 0.3)</source>
        <translation>LLM-Pruner 的评测框架（lm-eval 0.3）</translation>
    </message>
    <message>
        <source>Context and continuation split from one encoding with the tokenizer&apos;s special tokens (BOS where it adds one); trailing space moved into the continuation; an empty context is BOS</source>
        <translation>上下文与续写从一次带分词器特殊词元（会添加 BOS 时含 BOS）的编码中切分；上下文末尾的空格移入续写；空上下文为 BOS</translation>
    </message>
    <message>
        <source>As lm-eval, without special tokens: no BOS in front of the context</source>
        <translation>同 lm-eval，但不加特殊词元：上下文前没有 BOS</translation>
    </message>
    <message>
        <source>Context and continuation encoded separately without special tokens, nothing moved; an empty context is EOS; LLM-Pruner&apos;s numbers were measured this way</source>
        <translation>上下文与续写分别编码，不加特殊词元，不移动空格；空上下文为 EOS；LLM-Pruner 的结果按此方式测得</translation>
    </message>
</context>
<context>
    <name>pb::ui::HeatmapView</name>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Attention units shown: whole KV groups (what group pruning removes) or single query heads</source>
        <translation>显示的注意力单元：整个 KV 组（分组剪枝删除的单位）或单个查询头</translation>
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
    <message>
        <source>Width criterion</source>
        <translation>宽度准则</translation>
    </message>
    <message>
        <source>Aggregation</source>
        <translation>聚合方式</translation>
    </message>
    <message>
        <source>Attention unit shown</source>
        <translation>显示的注意力单元</translation>
    </message>
    <message>
        <source>Depth criterion</source>
        <translation>深度准则</translation>
    </message>
    <message>
        <source>Calibration samples</source>
        <translation>校准样本</translation>
    </message>
    <message>
        <source>Importance heatmap</source>
        <translation>重要性热图</translation>
    </message>
    <message>
        <source>Scoring status</source>
        <translation>评分状态</translation>
    </message>
    <message>
        <source>&amp;Width</source>
        <translation>宽度(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Depth</source>
        <translation>深度(&amp;D)</translation>
    </message>
    <message>
        <source>Ca&amp;libration</source>
        <translation>校准(&amp;L)</translation>
    </message>
    <message>
        <source>Calibration samples drawn from the calibration text (File › Calibration Text; by default the State of the Union addresses, demo:sotu)</source>
        <translation>从校准文本中抽取的校准样本（文件 › 校准文本；默认为国情咨文 demo:sotu）</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <source>Where criteria disagree</source>
        <translation>准则分歧</translation>
    </message>
    <message>
        <source>Importance pages</source>
        <translation>重要性页面</translation>
    </message>
    <message>
        <source>Rank correlation per layer between two criteria, and the units they rank most differently</source>
        <translation>两个准则的逐层排名相关性，以及它们排名差异最大的单元</translation>
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
score %1 · %2 of the layer&apos;s range</source>
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
    <message>
        <source>Layer %1 · %2: no score</source>
        <translation>第 %1 层 · %2：无分数</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>KV group %1</source>
        <translation>KV 组 %1</translation>
    </message>
    <message>
        <source>Query head %1</source>
        <translation>查询头 %1</translation>
    </message>
    <message>
        <source>MLP bucket %1</source>
        <translation>MLP 分桶 %1</translation>
    </message>
</context>
<context>
    <name>pb::ui::HiddenSizeCard</name>
    <message>
        <source>Measure effect</source>
        <translation>测量效果</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Hidden channels removed</source>
        <translation>删除的隐藏通道</translation>
    </message>
    <message>
        <source>Fraction of the hidden (residual-stream) channels removed from every layer at once: the embedding and lm_head columns, every q/k/v/gate/up column, every o_proj/down_proj row and the norms&apos; weights (LLM-Pruner&apos;s channel strategy). The channels are ranked by their importance summed over all those weights.</source>
        <translation>从每一层同时删除的隐藏（残差流）通道比例：嵌入与 lm_head 的列、每个 q/k/v/gate/up 的列、每个 o_proj/down_proj 的行以及各归一化层的权重（LLM-Pruner 的通道策略）。通道按其在所有这些权重上累加的重要性排序。</translation>
    </message>
    <message>
        <source>Measured effect of the hidden cut</source>
        <translation>隐藏维度裁剪的实测效果</translation>
    </message>
    <message>
        <source>Prune the open model by the hidden cut alone (the channels scored on the calibration text) and measure its calibration loss and perplexity on the evaluation text, on the worker</source>
        <translation>仅按隐藏维度裁剪当前模型（通道在校准文本上评分），并在后台测量其校准损失和评估文本上的困惑度</translation>
    </message>
    <message>
        <source>&amp;Hidden size</source>
        <translation>隐藏维度(&amp;H)</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>隐藏维度</translation>
    </message>
    <message>
        <source>Open a model to cut its hidden size.</source>
        <translation>打开模型以裁剪其隐藏维度。</translation>
    </message>
    <message>
        <source>Hidden size %1 in every layer: the plan keeps every channel of the residual stream.</source>
        <translation>每层隐藏维度为 %1：该方案保留残差流的所有通道。</translation>
    </message>
    <message>
        <source>Hidden size %1 → &lt;b&gt;%2&lt;/b&gt; in every layer: &lt;b&gt;−%3&lt;/b&gt; parameters (%4 of the model) and &lt;b&gt;−%5&lt;/b&gt; MACs per 128 tokens, the hidden cut&apos;s share of the totals.</source>
        <translation>每层隐藏维度 %1 → &lt;b&gt;%2&lt;/b&gt;：&lt;b&gt;−%3&lt;/b&gt; 参数（占模型的 %4），每 128 个词元 &lt;b&gt;−%5&lt;/b&gt; 次乘加，即隐藏维度裁剪在总量中所占的部分。</translation>
    </message>
    <message>
        <source>Measure effect prunes the open model by this cut and measures its loss and perplexity (on the worker; a few seconds to a minute).</source>
        <translation>“测量效果”按此裁剪对当前模型剪枝，并测量其损失和困惑度（在后台运行；几秒到一分钟）。</translation>
    </message>
    <message>
        <source>Measured, hidden cut alone (%1 → %2 channels, scored by %3): perplexity %4 → &lt;b&gt;%5&lt;/b&gt; (×%6) on %7 × 128 tokens of %8; calibration loss %9 → &lt;b&gt;%10&lt;/b&gt;; %11.</source>
        <translation>实测，仅隐藏维度裁剪（%1 → %2 个通道，按 %3 评分）：在 %8 的 %7 × 128 个词元上困惑度 %4 → &lt;b&gt;%5&lt;/b&gt;（×%6）；校准损失 %9 → &lt;b&gt;%10&lt;/b&gt;；%11。</translation>
    </message>
    <message>
        <source>(for %1; the ratio has changed since)</source>
        <translation>（针对 %1；比例此后已更改）</translation>
    </message>
    <message>
        <source>Hidden size %1: measuring its effect</source>
        <translation>隐藏维度 %1：正在测量其效果</translation>
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
    <message>
        <source>Job progress</source>
        <translation>任务进度</translation>
    </message>
    <message>
        <source>Job stage</source>
        <translation>任务阶段</translation>
    </message>
</context>
<context>
    <name>pb::ui::JobRunner</name>
    <message>
        <source>Unknown error.</source>
        <translation>未知错误。</translation>
    </message>
</context>
<context>
    <name>pb::ui::LatencyChart</name>
    <message>
        <source>Measure latency curves</source>
        <translation>测量延迟曲线</translation>
    </message>
    <message>
        <source>Time prefill (batch 1, 128 to 1,024 tokens) and decoding (batch 1 to 8) on random weights of each shape on the current device; measured points are cached per shape</source>
        <translation>在当前设备上用每种形状的随机权重测量预填充（批大小 1，128 至 1,024 个词元）和解码（批大小 1 至 8）；测得的点按形状缓存</translation>
    </message>
    <message>
        <source>Measured prefill time against context length</source>
        <translation>实测预填充时间与上下文长度</translation>
    </message>
    <message>
        <source>Measured decode speed against batch size</source>
        <translation>实测解码速度与批大小</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the chart as PNG and SVG and the measured points as CSV</source>
        <translation>将图表保存为 PNG 和 SVG，测得的点保存为 CSV</translation>
    </message>
    <message>
        <source>Measured latency</source>
        <translation>实测延迟</translation>
    </message>
    <message>
        <source>Prefill vs context</source>
        <translation>预填充与上下文</translation>
    </message>
    <message>
        <source>Decode vs batch</source>
        <translation>解码与批大小</translation>
    </message>
    <message>
        <source>Prefill time vs context length (batch 1)</source>
        <translation>预填充时间与上下文长度（批大小 1）</translation>
    </message>
    <message>
        <source>Decode speed vs batch size (after %1 tokens)</source>
        <translation>解码速度与批大小（%1 个词元之后）</translation>
    </message>
    <message>
        <source>Decode speed vs batch size</source>
        <translation>解码速度与批大小</translation>
    </message>
    <message>
        <source>prompt tokens</source>
        <translation>提示词元数</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>sequences decoded together</source>
        <translation>同时解码的序列数</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>Press Measure latency curves to time prefill and decoding of the original and the plan&apos;s shapes on this device.</source>
        <translation>按“测量延迟曲线”在本设备上为原始模型和计划的形状计时预填充与解码。</translation>
    </message>
    <message numerus="yes">
        <source>, %n thread(s)</source>
        <translation>
            <numerusform>，%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>Measured on %1, %2.</source>
        <translation>测量于 %1，%2。</translation>
    </message>
</context>
<context>
    <name>pb::ui::LaunchOptions</name>
    <message>
        <source>Plan JSON to load into the Plan tab once the model is shown.</source>
        <translation>模型显示后载入“计划”标签页的计划 JSON。</translation>
    </message>
    <message>
        <source>Structured pruning workbench for LLaMA-family language models.</source>
        <translation>面向 LLaMA 系列语言模型的结构化剪枝工作台。</translation>
    </message>
    <message>
        <source>Model to open: a folder, a .gguf file or &quot;demo&quot;.</source>
        <translation>要打开的模型：文件夹、.gguf 文件或 &quot;demo&quot;。</translation>
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
        <source>Unknown view &quot;%1&quot;; known views: %2.</source>
        <translation>未知视图 &quot;%1&quot;；可用视图：%2。</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;; supported: %2.</source>
        <translation>未知语言 &quot;%1&quot;；支持的语言：%2。</translation>
    </message>
    <message>
        <source>Theme for this run: %1.</source>
        <translation>本次运行的主题：%1。</translation>
    </message>
    <message>
        <source>theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Model to open (as --model): a folder or a .gguf file.</source>
        <translation>要打开的模型（同 --model）：文件夹或 .gguf 文件。</translation>
    </message>
    <message>
        <source>Give the model once: as --model or as a file, not both.</source>
        <translation>模型只需给出一次：用 --model 或作为文件参数，不能同时使用。</translation>
    </message>
    <message>
        <source>PruneBench opens one model at a time: opening %1, not %2.</source>
        <translation>PruneBench 一次只打开一个模型：打开 %1，不打开 %2。</translation>
    </message>
    <message>
        <source>Unknown theme &quot;%1&quot;; known themes: %2.</source>
        <translation>未知主题“%1”；可用主题：%2。</translation>
    </message>
    <message>
        <source>Where jobs run: cpu, cuda or cuda:N (as the Compute menu).</source>
        <translation>任务运行的位置：cpu、cuda 或 cuda:N（同“计算”菜单）。</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Unknown device &quot;%1&quot;; use cpu, cuda or cuda:N.</source>
        <translation>未知设备“%1”；请使用 cpu、cuda 或 cuda:N。</translation>
    </message>
</context>
<context>
    <name>pb::ui::LossChart</name>
    <message>
        <source>LoRA recovery loss</source>
        <translation>LoRA 恢复损失</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>优化步</translation>
    </message>
    <message>
        <source>cross-entropy loss</source>
        <translation>交叉熵损失</translation>
    </message>
    <message>
        <source>Press Recover to train LoRA on the plan&apos;s pruned model; the loss appears here step by step.</source>
        <translation>按“恢复”在方案剪枝后的模型上训练 LoRA；损失会在此逐步显示。</translation>
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
        <source>Reloading the model on %1 (%2)</source>
        <translation>正在 %1（%2）上重新加载模型</translation>
    </message>
    <message>
        <source>Recovery</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>LoRA recovery: live loss curve and zero-shot accuracy before and after</source>
        <translation>LoRA 恢复：实时损失曲线及前后的零样本准确率</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Recovery</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Walk-through</source>
        <translation>入门导览(&amp;W)</translation>
    </message>
    <message>
        <source>Perplexity vs parameters removed</source>
        <translation>困惑度与移除参数比例</translation>
    </message>
    <message>
        <source>Per-block sensitivity</source>
        <translation>逐块敏感度</translation>
    </message>
    <message>
        <source>LoRA recovery loss</source>
        <translation>LoRA 恢复损失</translation>
    </message>
    <message>
        <source>Zero-shot accuracy</source>
        <translation>零样本准确率</translation>
    </message>
    <message>
        <source>Save the pruned model, its plan and a report (open a model first)</source>
        <translation>保存剪枝后的模型、其方案和报告（请先打开模型）</translation>
    </message>
    <message>
        <source>Save the pruned model, its plan and a report</source>
        <translation>保存剪枝后的模型、其方案和报告</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Undo the last change to the plan</source>
        <translation>撤销对方案的上一次修改</translation>
    </message>
    <message>
        <source>Redo the change to the plan that was undone</source>
        <translation>重做被撤销的方案修改</translation>
    </message>
    <message>
        <source>Measured prefill time vs context length</source>
        <translation>实测预填充时间与上下文长度</translation>
    </message>
    <message>
        <source>Measured decode speed vs batch size</source>
        <translation>实测解码速度与批大小</translation>
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
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
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
    <name>pb::ui::OverlayChart</name>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Add curves from a sweep file…</source>
        <translation>从扫描文件添加曲线…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Read the JSON of prunebench-cli sweep --models … --json (or of a one-model sweep --json) and draw each model&apos;s best width and best depth curve</source>
        <translation>读取 prunebench-cli sweep --models … --json（或单模型 sweep --json）的 JSON，并绘制每个模型最佳宽度和最佳深度曲线</translation>
    </message>
    <message>
        <source>Remove the selected model&apos;s curves</source>
        <translation>移除所选模型的曲线</translation>
    </message>
    <message>
        <source>Remove every model read from a file (this session&apos;s sweep stays)</source>
        <translation>移除从文件读取的所有模型（本会话的扫描保留）</translation>
    </message>
    <message>
        <source>Add curves from a sweep file</source>
        <translation>从扫描文件添加曲线</translation>
    </message>
    <message>
        <source>Sweep results (*.json)</source>
        <translation>扫描结果 (*.json)</translation>
    </message>
    <message>
        <source>Added the curves of %1.</source>
        <translation>已添加 %1 的曲线。</translation>
    </message>
    <message>
        <source>this session</source>
        <translation>本会话</translation>
    </message>
    <message>
        <source>Relative perplexity vs parameters removed, by model</source>
        <translation>按模型比较：相对困惑度与移除参数的关系</translation>
    </message>
    <message>
        <source>parameters removed (%)</source>
        <translation>移除的参数 (%)</translation>
    </message>
    <message>
        <source>
%L1 parameters</source>
        <translation>
%L1 个参数</translation>
    </message>
    <message>
        <source>Best criterion per kind at each fraction. Width: solid, dots; depth: dashed, squares.</source>
        <translation>每个比例下各类的最佳准则。宽度：实线、圆点；深度：虚线、方块。</translation>
    </message>
    <message>
        <source>Not drawn (no measured dense and pruned points): %1.</source>
        <translation>未绘制（没有已测量的未剪枝点和剪枝点）：%1。</translation>
    </message>
    <message>
        <source>%1 (this session)</source>
        <translation>%1（本次会话）</translation>
    </message>
    <message>
        <source>relative perplexity</source>
        <translation>相对困惑度</translation>
    </message>
    <message>
        <source>Add curves from a sweep file… (prunebench-cli sweep --models A,B --json) or run a sweep to compare models by perplexity relative to their dense one.</source>
        <translation>从扫描文件添加曲线…（prunebench-cli sweep --models A,B --json），或运行扫描，按相对各自稠密模型的困惑度比较模型。</translation>
    </message>
    <message>
        <source>Nothing to draw yet: a curve needs a measured dense and a measured pruned point.</source>
        <translation>暂无可绘制内容：一条曲线需要一个已测量的稠密点和一个已测量的剪枝点。</translation>
    </message>
    <message>
        <source>Each model&apos;s perplexity over its dense perplexity (1 = dense), best criterion per kind at each fraction.</source>
        <translation>各模型困惑度与其稠密困惑度之比（1 = 稠密），每个比例下取每类中最佳的准则。</translation>
    </message>
</context>
<context>
    <name>pb::ui::PlanDocument</name>
    <message>
        <source>attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>Remove the %1 of block %2</source>
        <translation>删除块 %2 的%1</translation>
    </message>
    <message>
        <source>Keep the %1 of block %2</source>
        <translation>保留块 %2 的%1</translation>
    </message>
    <message>
        <source>Hidden size ratio %1</source>
        <translation>隐藏维度比例 %1</translation>
    </message>
    <message>
        <source>KV group</source>
        <translation>KV 组</translation>
    </message>
    <message>
        <source>query head</source>
        <translation>查询头</translation>
    </message>
    <message>
        <source>MLP channels</source>
        <translation>MLP 通道</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>第 %1 块</translation>
    </message>
    <message>
        <source>%1 %2–%3 of layer %4</source>
        <translation>第 %4 层的 %1 %2–%3</translation>
    </message>
    <message>
        <source>%1 %2 of layer %3</source>
        <translation>第 %3 层的 %1 %2</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>删除%1</translation>
    </message>
    <message>
        <source>Keep %1</source>
        <translation>保留%1</translation>
    </message>
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
    <message>
        <source>the attention of block %1</source>
        <translation>块 %1 的注意力</translation>
    </message>
    <message>
        <source>the MLP of block %1</source>
        <translation>块 %1 的 MLP</translation>
    </message>
</context>
<context>
    <name>pb::ui::PlanEditor</name>
    <message>
        <source>Blocks without attention</source>
        <translation>无注意力的块</translation>
    </message>
    <message>
        <source>Blocks without MLP</source>
        <translation>无 MLP 的块</translation>
    </message>
    <message>
        <source>Attention removed</source>
        <translation>已删除注意力</translation>
    </message>
    <message>
        <source>MLP removed</source>
        <translation>已删除 MLP</translation>
    </message>
    <message>
        <source> · no attention</source>
        <translation> · 无注意力</translation>
    </message>
    <message>
        <source>
Its attention is removed (sub-block): the residual stream passes by.</source>
        <translation>
其注意力已删除（子块）：残差流直接通过。</translation>
    </message>
    <message>
        <source> · no MLP</source>
        <translation> · 无 MLP</translation>
    </message>
    <message>
        <source>
Its MLP is removed (sub-block): the residual stream passes by.</source>
        <translation>
其 MLP 已删除（子块）：残差流直接通过。</translation>
    </message>
    <message>
        <source>Block %1 · −%2</source>
        <translation>块 %1 · −%2</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>隐藏维度</translation>
    </message>
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
        <source>Prune with this plan and the chosen criterion, and compare with the depth plan of equal size</source>
        <translation>用此计划和所选准则剪枝，并与同等规模的深度计划对比</translation>
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
        <source>Drag whole blocks to the right to remove them (depth pruning), and back to keep them. Drag a block onto Attention removed or MLP removed to take out that part alone (sub-blocks, BlockPruner): the residual stream passes by.</source>
        <translation>把整个块拖到右侧即删除（深度剪枝），拖回即保留。把块拖到“已删除注意力”或“已删除 MLP”，只删除该部分（子块，BlockPruner）：残差流直接通过。</translation>
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
    <message>
        <source>Save Plan (ratios)…</source>
        <translation>保存计划（比例）…</translation>
    </message>
    <message>
        <source>Save Resolved Plan (kept units)…</source>
        <translation>保存已解析的计划（保留单元）…</translation>
    </message>
    <message>
        <source>The ratios as edited; prunebench-cli prune --plan resolves them again with its own scores</source>
        <translation>编辑时的比例；prunebench-cli prune --plan 会用它自己的评分重新解析</translation>
    </message>
    <message>
        <source>The kept heads, groups and channels the heatmap hatches, with the calibration they come from; prunebench-cli prune --plan replays them exactly</source>
        <translation>热力图斜线标出之外保留的注意力头、分组和通道，以及它们来自的校准；prunebench-cli prune --plan 会精确重放</translation>
    </message>
    <message>
        <source>Save the plan as JSON: its ratios, or the kept units the views hatch</source>
        <translation>将计划保存为 JSON：其比例，或视图中斜线标出之外保留的单元</translation>
    </message>
    <message>
        <source>Save Plan (ratios)</source>
        <translation>保存计划（比例）</translation>
    </message>
    <message>
        <source>Save Resolved Plan (kept units)</source>
        <translation>保存已解析的计划（保留单元）</translation>
    </message>
    <message>
        <source>This plan does not fit the model:</source>
        <translation>此方案与模型不匹配：</translation>
    </message>
    <message>
        <source>Attention ratio for the layer range</source>
        <translation>该层范围的注意力剪枝比例</translation>
    </message>
    <message>
        <source>MLP ratio for the layer range</source>
        <translation>该层范围的 MLP 剪枝比例</translation>
    </message>
    <message>
        <source>First layer of the range</source>
        <translation>范围的第一层</translation>
    </message>
    <message>
        <source>Last layer of the range</source>
        <translation>范围的最后一层</translation>
    </message>
    <message>
        <source>Ratios per layer</source>
        <translation>每层比例</translation>
    </message>
    <message>
        <source>Kept blocks</source>
        <translation>保留的块</translation>
    </message>
    <message>
        <source>Plan totals</source>
        <translation>方案总计</translation>
    </message>
    <message>
        <source>A&amp;ttention</source>
        <translation>注意力(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;MLP</source>
        <translation>MLP(&amp;M)</translation>
    </message>
    <message>
        <source>o&amp;n layers</source>
        <translation>作用于层(&amp;N)</translation>
    </message>
    <message>
        <source>t&amp;o</source>
        <translation>至(&amp;O)</translation>
    </message>
    <message>
        <source>Measure latency</source>
        <translation>测量延迟</translation>
    </message>
    <message>
        <source>Time prefill (128 tokens) and decoding (batch 1) of the original, the plan&apos;s shape and its twin on random weights on the current device</source>
        <translation>在当前设备上用随机权重为原始模型、计划形状及其对照形状测量预填充（128 个词元）和解码（批大小 1）的时间</translation>
    </message>
    <message>
        <source>Prefill (%1 tokens)</source>
        <translation>预填充（%1 个词元）</translation>
    </message>
    <message>
        <source>%1 → &lt;b&gt;%2 ms&lt;/b&gt;</source>
        <translation>%1 → &lt;b&gt;%2 毫秒&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Decode (batch 1)</source>
        <translation>解码（批大小 1）</translation>
    </message>
    <message>
        <source>%1 → &lt;b&gt;%2 tokens/s&lt;/b&gt;</source>
        <translation>%1 → &lt;b&gt;%2 词元/秒&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估计</translation>
    </message>
    <message>
        <source>%1× (formula, not measured)</source>
        <translation>%1×（公式，未测量）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 ms&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 毫秒&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 tokens/s&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 词元/秒&lt;/b&gt;</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message numerus="yes">
        <source>, %n thread(s)</source>
        <translation>
            <numerusform>，%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>Measured on %1, %2: random weights of each shape; prefill to the first token at batch 1, decoding %3 tokens with the KV cache.</source>
        <translation>测量于 %1，%2：每种形状使用随机权重；预填充至第一个词元（批大小 1），使用 KV 缓存解码 %3 个词元。</translation>
    </message>
    <message>
        <source>Measure latency times prefill and decoding of the original and the plan&apos;s shapes on this device (a few seconds; cached per shape).</source>
        <translation>“测量延迟”在本设备上为原始模型和计划的形状计时预填充与解码（几秒钟；按形状缓存）。</translation>
    </message>
    <message>
        <source>Latency is measured on random weights of each shape on the current device (speed does not depend on the values) and cached per shape, device, dtype and threads. Until it is, the estimate stands in: half of the time scales with the MACs and half with the number of sequential blocks.</source>
        <translation>延迟在当前设备上用每种形状的随机权重测量（速度与权重数值无关），并按形状、设备、数据类型和线程数缓存。测量之前使用估计值：一半时间与 MAC 数成正比，一半与顺序块数成正比。</translation>
    </message>
    <message>
        <source> (%1 removed; measured: prefill %2×, decode %3 tokens/s).</source>
        <translation>（移除 %1；实测：预填充 %2×，解码 %3 词元/秒）。</translation>
    </message>
    <message>
        <source>&amp;Units and what-if</source>
        <translation>单元与假设分析(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Budget search</source>
        <translation>预算搜索(&amp;B)</translation>
    </message>
</context>
<context>
    <name>pb::ui::PlanStateLabel</name>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>%1 (%2) on %3 × %4 tokens of %5</source>
        <translation>%1（%2），基于 %5 的 %3 × %4 个词元</translation>
    </message>
    <message>
        <source>The plan&apos;s ratios are not resolved to units yet: they need %1 scores. Press Score on the Importance tab to see what they remove; Compare, Recovery and Save score once first.</source>
        <translation>计划的比例尚未解析为单元：需要 %1 评分。在“重要性”页按“评分”即可看到它们删除的内容；对比、恢复和保存会先评分一次。</translation>
    </message>
    <message>
        <source>The hatching is from other scores: %1. The choice is now %2. Press Score to re-resolve the plan; Compare, Recovery and Save score the new choice first.</source>
        <translation>斜线来自其他评分：%1。当前选择为 %2。按“评分”重新解析计划；对比、恢复和保存会先按新的选择评分。</translation>
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
    <name>pb::ui::RecoverySession</name>
    <message>
        <source>LoRA recovery</source>
        <translation>LoRA 恢复</translation>
    </message>
</context>
<context>
    <name>pb::ui::RecoveryView</name>
    <message>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Optimizer steps of LoRA training (4 windows of 128 tokens each)</source>
        <translation>LoRA 训练的优化步数（每步 4 个 128 词元的窗口）</translation>
    </message>
    <message>
        <source>LoRA rank r: the adapters add r × (in + out) parameters per weight</source>
        <translation>LoRA 秩 r：适配器为每个权重增加 r × (输入 + 输出) 个参数</translation>
    </message>
    <message>
        <source>LoRA alpha: the adapters&apos; output is scaled by alpha / r</source>
        <translation>LoRA alpha：适配器的输出按 alpha / r 缩放</translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW (linear warm-up, then linear decay)</source>
        <translation>AdamW 的峰值学习率（线性预热，然后线性衰减）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Task items</source>
        <translation>任务题目数</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the chart as PNG and SVG and its data as CSV</source>
        <translation>将图表保存为 PNG 和 SVG，数据保存为 CSV</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s) in %1 s: validation loss %2 → %3; %4 % of parameters removed; %5 trainable LoRA parameters.</source>
        <translation>
            <numerusform>%n 步，用时 %1 秒：验证损失 %2 → %3；移除了 %4% 的参数；%5 个可训练 LoRA 参数。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped early: %1</source>
        <translation>提前停止：%1</translation>
    </message>
    <message>
        <source>LoRA recovery trains small low-rank adapters on the pruned model to win back some of what pruning cost. Set up the plan first; the loss curve fills in while the job runs.</source>
        <translation>LoRA 恢复在剪枝后的模型上训练小型低秩适配器，以挽回剪枝造成的部分损失。请先设置计划；任务运行时损失曲线会实时绘出。</translation>
    </message>
    <message>
        <source>Pruning by the plan and measuring before training; the loss appears here step by step.</source>
        <translation>正在按方案剪枝并在训练前测量；损失会在此逐步显示。</translation>
    </message>
    <message>
        <source>The last run measured no zero-shot task (Task items was 0).</source>
        <translation>上次运行未测量任何零样本任务（任务条目数为 0）。</translation>
    </message>
    <message>
        <source>Items per zero-shot task (built-in offline tasks: state capitals, word sentiment, Moby-Dick cloze; 0 skips the evaluation)</source>
        <translation>每个零样本任务的题目数（内置离线任务：州首府、词语情感、《白鲸》完形填空；0 表示跳过评估）</translation>
    </message>
    <message>
        <source>Zero-shot after vs before (paired, exact McNemar on the same items): %1.</source>
        <translation>零样本恢复后与恢复前（配对，同一批题目上的精确 McNemar 检验）：%1。</translation>
    </message>
    <message>
        <source>Prune by the current plan, measure zero-shot accuracy, train LoRA adapters on the calibration text (File › Calibration Text; by default the State of the Union, demo:sotu) and measure again</source>
        <translation>按当前计划剪枝，测量零样本准确率，在校准文本（文件 › 校准文本；默认为国情咨文 demo:sotu）上训练 LoRA 适配器，然后再次测量</translation>
    </message>
    <message>
        <source>Zero-shot scored by the rules of %1 (File › Zero-shot Harness).</source>
        <translation>零样本按 %1 的规则评分（文件 › 零样本评测框架）。</translation>
    </message>
</context>
<context>
    <name>pb::ui::SampleModelMenu</name>
    <message>
        <source>Open Sa&amp;mple Model</source>
        <translation>打开示例模型(&amp;M)</translation>
    </message>
    <message>
        <source>%1 — %2 MB</source>
        <translation>%1 — %2 MB</translation>
    </message>
    <message>
        <source>Open %1 (%2, %3)</source>
        <translation>打开 %1（%2，%3）</translation>
    </message>
    <message>
        <source>Not fetched yet: run %1 in the PruneBench folder, then open it here</source>
        <translation>尚未获取：请在 PruneBench 文件夹中运行 %1，然后在此打开</translation>
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
    <name>pb::ui::TextMenu</name>
    <message>
        <source>&amp;Calibration Text</source>
        <translation>校准文本(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;valuation Text</source>
        <translation>评估文本(&amp;V)</translation>
    </message>
    <message>
        <source>Text &amp;File…</source>
        <translation>文本文件(&amp;F)…</translation>
    </message>
    <message>
        <source>F&amp;older of .txt Files…</source>
        <translation>.txt 文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>A UTF-8 text file to draw calibration samples from (scoring) and to train LoRA on</source>
        <translation>用于抽取校准样本（评分）和训练 LoRA 的 UTF-8 文本文件</translation>
    </message>
    <message>
        <source>A UTF-8 text file to measure perplexity on</source>
        <translation>用于测量困惑度的 UTF-8 文本文件</translation>
    </message>
    <message>
        <source>Every .txt file of a folder, in name order, joined by blank lines</source>
        <translation>文件夹中的所有 .txt 文件，按名称顺序，以空行连接</translation>
    </message>
    <message>
        <source>&amp;State of the Union (demo)</source>
        <translation>国情咨文（演示）(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Moby-Dick (demo)</source>
        <translation>白鲸（演示）(&amp;M)</translation>
    </message>
    <message>
        <source>Calibration Text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <source>Evaluation Text</source>
        <translation>评估文本</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Calibration Text: Folder of .txt Files</source>
        <translation>校准文本：.txt 文件夹</translation>
    </message>
    <message>
        <source>Evaluation Text: Folder of .txt Files</source>
        <translation>评估文本：.txt 文件夹</translation>
    </message>
    <message>
        <source>Current: %1</source>
        <translation>当前：%1</translation>
    </message>
    <message>
        <source>The text chosen last time is gone (%1): the demo text is used instead.</source>
        <translation>上次选择的文本已不存在（%1）：改用演示文本。</translation>
    </message>
    <message>
        <source>&amp;WikiText-2 or PTB File…</source>
        <translation>WikiText-2 或 PTB 文件(&amp;W)…</translation>
    </message>
    <message>
        <source>WikiText-2 (wiki.test.raw, wiki.test.tokens, JSON rows) or Penn Treebank (ptb.valid.txt, ptb.test.txt, JSON rows), read as LLM-Pruner reads the Hugging Face datasets: the builders&apos; rows joined by blank lines</source>
        <translation>WikiText-2（wiki.test.raw、wiki.test.tokens、JSON 行）或 Penn Treebank（ptb.valid.txt、ptb.test.txt、JSON 行），按 LLM-Pruner 读取 Hugging Face 数据集的方式读取：构建脚本生成的各行以空行连接</translation>
    </message>
    <message>
        <source>WikiText-2 or PTB File</source>
        <translation>WikiText-2 或 PTB 文件</translation>
    </message>
    <message>
        <source>WikiText-2 and PTB (wiki.*.raw wiki.*.tokens ptb.*.txt *.json *.jsonl);;All files (*)</source>
        <translation>WikiText-2 与 PTB (wiki.*.raw wiki.*.tokens ptb.*.txt *.json *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Which dataset does %1 hold?</source>
        <translation>%1 是哪个数据集？</translation>
    </message>
    <message>
        <source>WikiText-2</source>
        <translation>WikiText-2</translation>
    </message>
    <message>
        <source>Penn Treebank</source>
        <translation>Penn Treebank（宾州树库）</translation>
    </message>
</context>
<context>
    <name>pb::ui::TextStats</name>
    <message>
        <source>State of the Union (demo)</source>
        <translation>国情咨文（演示）</translation>
    </message>
    <message>
        <source>Moby-Dick (demo)</source>
        <translation>白鲸（演示）</translation>
    </message>
    <message>
        <source>%1 (WikiText-2)</source>
        <translation>%1（WikiText-2）</translation>
    </message>
    <message>
        <source>%1 (Penn Treebank)</source>
        <translation>%1（Penn Treebank）</translation>
    </message>
</context>
<context>
    <name>pb::ui::TextsLabel</name>
    <message>
        <source>Calibration and evaluation texts</source>
        <translation>校准与评估文本</translation>
    </message>
    <message>
        <source>The calibration draws %1 × %2 = %3 tokens and %4 has %5: its samples overlap.</source>
        <translation>校准抽取 %1 × %2 = %3 个词元，而 %4 只有 %5 个：样本会重叠。</translation>
    </message>
    <message>
        <source>Perplexity reads %1 windows of %2 tokens (%3 tokens) and %4 has %5: it measures %6.</source>
        <translation>困惑度读取 %1 个 %2 词元的窗口（共 %3 个词元），而 %4 只有 %5 个：只能测量%6。</translation>
    </message>
    <message>
        <source>nothing (fewer tokens than one window)</source>
        <translation>零个窗口（词元不足一个窗口）</translation>
    </message>
    <message numerus="yes">
        <source>%n window(s)</source>
        <translation>
            <numerusform>%n 个窗口</numerusform>
        </translation>
    </message>
    <message>
        <source>Calibration text: %1</source>
        <translation>校准文本：%1</translation>
    </message>
    <message>
        <source>Evaluation text: %1</source>
        <translation>评估文本：%1</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Calibration (scoring, LoRA)</source>
        <translation>校准（评分、LoRA）</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Evaluation (perplexity)</source>
        <translation>评估（困惑度）</translation>
    </message>
    <message>
        <source>Calibration text: %1
Evaluation text: %2
Choose them in File › Calibration Text and File › Evaluation Text.</source>
        <translation>校准文本：%1
评估文本：%2
在“文件 › 校准文本”和“文件 › 评估文本”中选择。</translation>
    </message>
</context>
<context>
    <name>pb::ui::ThemeMenu</name>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;System (light or dark, as the desktop)</source>
        <translation>跟随系统（浅色或深色，同桌面）(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
</context>
<context>
    <name>pb::ui::UnitStrip</name>
    <message>
        <source>Toggle a unit to remove it from the plan (or keep it again); beside it, the calibration loss change of the open model with that unit masked (the live what-if).</source>
        <translation>切换一个单元即可将其从方案中删除（或重新保留）；旁边显示遮蔽该单元后当前模型校准损失的变化（实时假设分析）。</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Units of block %1</source>
        <translation>第 %1 块的单元</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>头 %1</translation>
    </message>
    <message>
        <source>KV %1</source>
        <translation>KV %1</translation>
    </message>
    <message>
        <source>MLP %1–%2</source>
        <translation>MLP %1–%2</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>第 %1 块</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>头</translation>
    </message>
    <message>
        <source>KV groups</source>
        <translation>KV 组</translation>
    </message>
    <message>
        <source>Checked: the plan removes %1 of block %2. Toggling it also shows the calibration loss of the open model without it.</source>
        <translation>勾选：方案删除第 %2 块的 %1。切换时还会显示去掉它后当前模型的校准损失。</translation>
    </message>
    <message>
        <source>Checked: the plan removes %1 of block %2.
Without it the open model&apos;s calibration loss goes from %3 to %4.</source>
        <translation>勾选：方案删除第 %2 块的 %1。
去掉它后，当前模型的校准损失从 %3 变为 %4。</translation>
    </message>
    <message>
        <source>the attention of block %1</source>
        <translation>块 %1 的注意力</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>the MLP of block %1</source>
        <translation>块 %1 的 MLP</translation>
    </message>
    <message>
        <source>MLP part</source>
        <translation>MLP 部分</translation>
    </message>
</context>
<context>
    <name>pb::ui::Walkthrough</name>
    <message>
        <source>Welcome to PruneBench</source>
        <translation>欢迎使用 PruneBench</translation>
    </message>
    <message>
        <source>This is SmolLM2-135M, a small LLaMA-family model with 30 decoder blocks. Structured pruning makes it smaller in two ways: &lt;b&gt;width&lt;/b&gt; (fewer attention heads and MLP channels in each block) and &lt;b&gt;depth&lt;/b&gt; (fewer blocks). PruneBench shows what each costs.</source>
        <translation>这是 SmolLM2-135M，一个有 30 个解码块的小型 LLaMA 系列模型。结构化剪枝有两种方式使其变小：&lt;b&gt;宽度&lt;/b&gt;（每个块中更少的注意力头和 MLP 通道）和&lt;b&gt;深度&lt;/b&gt;（更少的块）。PruneBench 展示每种方式的代价。</translation>
    </message>
    <message>
        <source>The dependency rule</source>
        <translation>依赖规则</translation>
    </message>
    <message>
        <source>Weights are coupled: removing one KV group removes its rows in q, k and v &lt;i&gt;and&lt;/i&gt; the matching columns of o_proj; one MLP channel is a row of gate and up and a column of down. Click a head, group or channel in &lt;b&gt;Dependencies&lt;/b&gt; to see every coupled row and column.</source>
        <translation>权重是耦合的：移除一个 KV 组会移除它在 q、k、v 中的行，&lt;i&gt;以及&lt;/i&gt; o_proj 中对应的列；一个 MLP 通道是 gate 和 up 的一行加 down 的一列。在&lt;b&gt;依赖关系&lt;/b&gt;中点击头、组或通道，即可看到所有耦合的行和列。</translation>
    </message>
    <message>
        <source>Which units matter</source>
        <translation>哪些单元重要</translation>
    </message>
    <message>
        <source>&lt;b&gt;Importance&lt;/b&gt; colours every head, group and channel by a criterion: magnitude, Taylor (weight × gradient), Wanda, FLAP, and for whole blocks Block Influence, perplexity or SLEB. Hover a criterion in any list to read how it works.</source>
        <translation>&lt;b&gt;重要性&lt;/b&gt;按准则为每个头、组和通道着色：幅值、Taylor（权重 × 梯度）、Wanda、FLAP，整块则用块影响力、困惑度或 SLEB。将鼠标悬停在任一列表中的准则上可查看其原理。</translation>
    </message>
    <message>
        <source>Make a plan</source>
        <translation>制定计划</translation>
    </message>
    <message>
        <source>In &lt;b&gt;Plan&lt;/b&gt;, set ratios per layer or for a range of layers, and drag whole blocks to the dropped area. Totals update live: parameters, MACs and a latency estimate, next to the depth plan that removes the same parameters. Every edit can be undone.</source>
        <translation>在&lt;b&gt;计划&lt;/b&gt;中按层或按层范围设置比例，并把整块拖到删除区。合计实时更新：参数量、MAC 和延迟估计，旁边是移除相同参数量的深度计划。每次编辑都可撤销。</translation>
    </message>
    <message>
        <source>Measure and save</source>
        <translation>测量并保存</translation>
    </message>
    <message>
        <source>&lt;b&gt;Compare&lt;/b&gt; prunes and measures perplexity and generations; &lt;b&gt;Charts&lt;/b&gt; sweeps width against depth; &lt;b&gt;Recovery&lt;/b&gt; trains LoRA adapters and measures zero-shot accuracy. File › Save writes the model, the plan and a report. Help › Walk-through shows this again.</source>
        <translation>&lt;b&gt;对比&lt;/b&gt;剪枝并测量困惑度和生成结果；&lt;b&gt;图表&lt;/b&gt;扫描宽度与深度；&lt;b&gt;恢复&lt;/b&gt;训练 LoRA 适配器并测量零样本准确率。文件 › 保存可写出模型、计划和报告。帮助 › 入门导览可再次显示本说明。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Walk-through</source>
        <translation>入门导览</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
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
    <name>pb::ui::WhatIfPanel</name>
    <message>
        <source>MLP channels %1–%2 of block %3</source>
        <translation>第 %3 块的 MLP 通道 %1–%2</translation>
    </message>
    <message>
        <source>&amp;Live what-if</source>
        <translation>实时假设分析(&amp;L)</translation>
    </message>
    <message>
        <source>What if it were removed?</source>
        <translation>如果删除它会怎样？</translation>
    </message>
    <message>
        <source>What-if result</source>
        <translation>假设分析结果</translation>
    </message>
    <message>
        <source>Recompute the calibration loss without the selected unit whenever the selection changes (on %1 × %2 calibration tokens, on the worker)</source>
        <translation>每当选择变化时，重新计算去掉所选单元后的校准损失（在 %1 × %2 个校准词元上，后台运行）</translation>
    </message>
    <message>
        <source>KV group %1 of block %2</source>
        <translation>第 %2 块的 KV 组 %1</translation>
    </message>
    <message>
        <source>query head %1 of block %2</source>
        <translation>第 %2 块的查询头 %1</translation>
    </message>
    <message>
        <source>MLP channel %1 of block %2</source>
        <translation>第 %2 块的 MLP 通道 %1</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>第 %1 块</translation>
    </message>
    <message>
        <source>hidden channel %1</source>
        <translation>隐藏通道 %1</translation>
    </message>
    <message>
        <source>A hidden channel runs through every tensor: removing it needs a pruned model (Compare tab), not a mask.</source>
        <translation>隐藏通道贯穿每个张量：删除它需要剪枝后的模型（对比页），而非遮蔽。</translation>
    </message>
    <message>
        <source>Computing the loss without %1…</source>
        <translation>正在计算去掉%1后的损失…</translation>
    </message>
    <message>
        <source>Turn on Live what-if to see the loss without %1.</source>
        <translation>打开“实时假设分析”以查看去掉%1后的损失。</translation>
    </message>
    <message>
        <source>Waiting for the running job to compute the loss without %1…</source>
        <translation>等待正在运行的任务结束后计算去掉%1后的损失…</translation>
    </message>
    <message>
        <source>Without %1 the calibration loss goes from %2 to &lt;b&gt;%3&lt;/b&gt; (%4%5), perplexity ×%6.&lt;br&gt;&lt;span&gt;%7 × %8 calibration tokens, %9 s.&lt;/span&gt;</source>
        <translation>去掉%1后，校准损失从 %2 变为 &lt;b&gt;%3&lt;/b&gt;（%4%5），困惑度 ×%6。&lt;br&gt;&lt;span&gt;%7 × %8 个校准词元，%9 秒。&lt;/span&gt;</translation>
    </message>
    <message>
        <source>What if: %1</source>
        <translation>假设分析：%1</translation>
    </message>
    <message>
        <source>the attention of block %1</source>
        <translation>块 %1 的注意力</translation>
    </message>
    <message>
        <source>the MLP of block %1</source>
        <translation>块 %1 的 MLP</translation>
    </message>
</context>
<context>
    <name>pb::ui::Workbench</name>
    <message>
        <source> and </source>
        <translation> 与 </translation>
    </message>
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
    <message>
        <source>Resolving the plan</source>
        <translation>解析计划</translation>
    </message>
    <message>
        <source>No model is open.</source>
        <translation>没有打开的模型。</translation>
    </message>
    <message>
        <source>The plan&apos;s ratios need width scores: press Score on the Importance tab.</source>
        <translation>计划的比例需要宽度评分：请在“重要性”页按“评分”。</translation>
    </message>
    <message>
        <source>Starting after scoring</source>
        <translation>评分后启动</translation>
    </message>
    <message>
        <source>The scores are ready, but another job is running: start the action again when it has finished.</source>
        <translation>分数已就绪，但另一个任务正在运行：请在其结束后重新启动该操作。</translation>
    </message>
    <message>
        <source>The scores are ready, but the action could not start (its window was closed?): start it again.</source>
        <translation>分数已就绪，但该操作无法启动（其窗口已关闭？）：请重新启动。</translation>
    </message>
    <message>
        <source>Another job is running; try again when it has finished.</source>
        <translation>另一个任务正在运行；请在其结束后重试。</translation>
    </message>
    <message>
        <source>Nothing to run.</source>
        <translation>没有可运行的操作。</translation>
    </message>
    <message>
        <source>The scoring job could not start.</source>
        <translation>评分任务无法启动。</translation>
    </message>
    <message>
        <source>The action could not start.</source>
        <translation>该操作无法启动。</translation>
    </message>
    <message>
        <source>%1 was scored block by block from the model file.</source>
        <translation>%1 已从模型文件中逐块流式计算分数。</translation>
    </message>
    <message>
        <source>%1 was scored block by block from the model file: in memory it needs about %2 beside the weights, and %3 are free on %4.</source>
        <translation>%1 已从模型文件中逐块流式计算分数：在内存中计算除权重外约需 %2，而 %4 上仅有 %3 可用。</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>width + depth</source>
        <translation>宽度 + 深度</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>plan: %1 %2</source>
        <translation>计划：%1 %2</translation>
    </message>
    <message>
        <source>depth %1 (twin)</source>
        <translation>深度 %1（对照）</translation>
    </message>
    <message>
        <source>width %1 (twin)</source>
        <translation>宽度 %1（对照）</translation>
    </message>
    <message>
        <source>width-pruned</source>
        <translation>宽度剪枝</translation>
    </message>
    <message>
        <source>depth-pruned</source>
        <translation>深度剪枝</translation>
    </message>
    <message>
        <source>Measuring latency</source>
        <translation>正在测量延迟</translation>
    </message>
    <message>
        <source>Measuring latency curves</source>
        <translation>正在测量延迟曲线</translation>
    </message>
</context>
<context>
    <name>pb::ui::ZeroShotChart</name>
    <message>
        <source>Zero-shot accuracy before and after recovery</source>
        <translation>恢复前后的零样本准确率</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>剪枝后</translation>
    </message>
    <message>
        <source>pruned + LoRA</source>
        <translation>剪枝 + LoRA</translation>
    </message>
    <message>
        <source>Press Recover: accuracy on each zero-shot task, before and after LoRA, appears here when the run ends.</source>
        <translation>按“恢复”：运行结束后，此处显示 LoRA 前后每个零样本任务的准确率。</translation>
    </message>
    <message>
        <source>accuracy (%, chance %1), whiskers: 95% interval</source>
        <translation>准确率（%，随机水平 %1），误差线：95% 区间</translation>
    </message>
    <message>
        <source>accuracy (%), whiskers: 95% interval</source>
        <translation>准确率（%），误差线：95% 区间</translation>
    </message>
    <message>
        <source>%1: %2%3 pts, p %4 (%5)</source>
        <translation>%1：%2%3 个百分点，p %4（%5）</translation>
    </message>
    <message>
        <source>significant</source>
        <translation>显著</translation>
    </message>
    <message>
        <source>not significant</source>
        <translation>不显著</translation>
    </message>
</context>
<context>
    <name>pb::ui::ZeroShotCurveChart</name>
    <message>
        <source>The zero-shot task whose accuracy is drawn</source>
        <translation>绘制其准确率的零样本任务</translation>
    </message>
    <message>
        <source>Zero-shot task</source>
        <translation>零样本任务</translation>
    </message>
    <message>
        <source>Zero-shot accuracy vs parameters removed</source>
        <translation>零样本准确率与移除参数的关系</translation>
    </message>
    <message>
        <source>Zero-shot accuracy · %1 (whiskers: 95% intervals)</source>
        <translation>零样本准确率 · %1（误差线：95% 区间）</translation>
    </message>
    <message>
        <source>parameters removed (%)</source>
        <translation>移除的参数（%）</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
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
        <source>Tick Zero-shot and run a sweep: accuracy on the built-in tasks at every point, width and depth with their 95% intervals, appears here.</source>
        <translation>勾选“零样本”并运行扫描：此处显示每个点上内置任务的准确率，宽度与深度剪枝及其 95% 区间。</translation>
    </message>
    <message>
        <source>This sweep scored no zero-shot task (tick Zero-shot before Run sweep).</source>
        <translation>此次扫描未评测零样本任务（运行扫描前请勾选“零样本”）。</translation>
    </message>
    <message>
        <source>Zero-shot · %1 · hollow: after %2 LoRA steps</source>
        <translation>零样本 · %1 · 空心：%2 步 LoRA 之后</translation>
    </message>
    <message>
        <source>dense %1 %</source>
        <translation>未剪枝 %1 %</translation>
    </message>
    <message>
        <source>dense + LoRA %1 %</source>
        <translation>未剪枝 + LoRA %1 %</translation>
    </message>
    <message>
        <source>chance %1 %</source>
        <translation>随机水平 %1 %</translation>
    </message>
    <message>
        <source>depth · %1 after LoRA</source>
        <translation>深度 · %1（LoRA 之后）</translation>
    </message>
    <message>
        <source>width · %1 after LoRA</source>
        <translation>宽度 · %1（LoRA 之后）</translation>
    </message>
</context>
</TS>
