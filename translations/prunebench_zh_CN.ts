<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>Intermediate width of the SwiGLU MLP (gate, up and down projections). Width pruning removes channels.</source>
        <translation>SwiGLU MLP（gate、up、down 投影）的中间层宽度。宽度剪枝会移除通道。</translation>
    </message>
    <message>
        <source>This block&apos;s share of all model parameters, embeddings included. The bar is scaled to the largest block.</source>
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
    <name>pb::ui::CompositionBar</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
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
        <source>Unexpected argument: %1</source>
        <translation>多余的参数：%1</translation>
    </message>
    <message>
        <source>Unknown view &quot;%1&quot;; known views: %2.</source>
        <translation>未知视图 &quot;%1&quot;；可用视图：%2。</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;; supported: %2.</source>
        <translation>未知语言 &quot;%1&quot;；支持的语言：%2。</translation>
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
</TS>
