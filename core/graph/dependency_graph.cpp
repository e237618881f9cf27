#include "core/graph/dependency_graph.h"

namespace pb {

const char* groupKindName(GroupKind k) {
    switch (k) {
        case GroupKind::AttentionGroup: return "attention group";
        case GroupKind::QueryHead: return "query head";
        case GroupKind::MlpChannel: return "MLP channel";
        case GroupKind::HiddenChannel: return "hidden channel";
        case GroupKind::Block: return "block";
        case GroupKind::AttentionSublayer: return "attention sub-block";
        case GroupKind::MlpSublayer: return "MLP sub-block";
    }
    return "?";
}

const GroupSpec* DependencyGraph::find(GroupKind kind, int layer) const {
    for (const auto& g : groups)
        if (g.kind == kind && g.layer == layer) return &g;
    return nullptr;
}

int DependencyGraph::nodeIndex(const std::string& name) const {
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].name == name) return static_cast<int>(i);
    return -1;
}

std::vector<int64_t> memberIndices(const GroupMember& m, int64_t unit) {
    std::vector<int64_t> out;
    out.reserve(static_cast<size_t>(m.width));
    for (int64_t i = 0; i < m.width; ++i) out.push_back(unit * m.width + i);
    return out;
}

std::string attentionUnitRule(const ModelConfig& c, int layer) {
    if (layer < 0 || layer >= c.numLayers()) return {};
    const LayerDims& d = c.layers[size_t(layer)];
    if (!d.hasAttention()) return {};
    const std::string nh = std::to_string(d.n_heads), nkv = std::to_string(d.n_kv_heads);
    if (d.n_kv_heads == 1)
        return "One KV head serves all " + nh + " query heads: the KV group is the whole attention of this block "
               "(q, k, v, o" + std::string(c.qk_norm ? ", q/k norms" : "") +
               (c.sandwich_norms ? ", the post-attention norm" : "") +
               "). Group mode cannot prune it (removing the only group would empty the attention: drop the block "
               "instead), so only MLP channels are cut; head mode prunes query heads with their o_proj columns and "
               "keeps the shared key/value head.";
    if (d.n_kv_heads == d.n_heads)
        return nh + " heads, each with its own key and value: a KV group is one head, and group and head mode "
               "remove the same units.";
    return nh + " query heads share " + nkv + " KV heads (" + std::to_string(d.n_heads / d.n_kv_heads) +
           " per group): group mode removes a KV head with the query heads it serves; head mode removes query heads "
           "evenly from every group and keeps all KV heads.";
}

DependencyGraph buildDependencyGraph(const ModelConfig& c) {
    DependencyGraph g;
    g.family = c.family;
    const int64_t H = c.hidden, hd = c.head_dim;
    auto add = [&](TensorRole role, int layer, std::vector<int64_t> shape, bool bias = false) {
        g.nodes.push_back({hfTensorName(role, layer, bias, c.family), role, layer, std::move(shape), bias});
        return static_cast<int>(g.nodes.size() - 1);
    };
    auto edge = [&](int a, int ad, int b, int bd, const std::string& rule) { g.edges.push_back({a, ad, b, bd, rule}); };

    GroupSpec hidden{GroupKind::HiddenChannel, -1, H, {}};
    const int embed = add(TensorRole::Embed, -1, {c.vocab, H});
    hidden.members.push_back({embed, 1, 1, false});
    int prev_hidden = embed;  // the node whose hidden dim feeds the next consumer (for edges)
    int prev_dim = 1;

    for (int l = 0; l < c.numLayers(); ++l) {
        const LayerDims& d = c.layers[static_cast<size_t>(l)];
        GroupSpec block{GroupKind::Block, l, 1, {}};
        if (d.hasAttention()) {
            const int64_t q = d.n_heads * hd, kv = d.n_kv_heads * hd, grp = d.n_heads / d.n_kv_heads;
            const int norm = add(TensorRole::AttnNorm, l, {H});
            const int wq = add(TensorRole::Q, l, {q, H}), wk = add(TensorRole::K, l, {kv, H});
            const int wv = add(TensorRole::V, l, {kv, H}), wo = add(TensorRole::O, l, {H, q});
            int bq = -1, bk = -1, bv = -1, bo = -1;
            if (c.qkv_bias) bq = add(TensorRole::Q, l, {q}, true), bk = add(TensorRole::K, l, {kv}, true),
                            bv = add(TensorRole::V, l, {kv}, true);
            if (c.o_bias) bo = add(TensorRole::O, l, {H}, true);

            GroupSpec attn{GroupKind::AttentionGroup, l, d.n_kv_heads, {}};
            attn.members = {{wq, 0, grp * hd}, {wk, 0, hd}, {wv, 0, hd}, {wo, 1, grp * hd, true}};
            if (bq >= 0) attn.members.insert(attn.members.end(), {{bq, 0, grp * hd}, {bk, 0, hd}, {bv, 0, hd}});
            GroupSpec qhead{GroupKind::QueryHead, l, d.n_heads, {{wq, 0, hd}, {wo, 1, hd, true}}};
            if (bq >= 0) qhead.members.push_back({bq, 0, hd});
            g.groups.push_back(attn);
            g.groups.push_back(qhead);
            edge(wq, 0, wo, 1, "query head h: rows h*hd.. of q_proj produce columns h*hd.. of o_proj's input");
            edge(wk, 0, wq, 0, "KV head j serves query heads j*g..j*g+g-1 (GQA)");
            edge(wv, 0, wk, 0, "a KV head's key and value rows go together");
            for (int n : {norm, wq, wk, wv}) hidden.members.push_back({n, n == norm ? 0 : 1, 1, false});
            hidden.members.push_back({wo, 0, 1, false});
            if (bo >= 0) hidden.members.push_back({bo, 0, 1, false});
            edge(prev_hidden, prev_dim, norm, 0, "residual stream: every hidden channel runs through every block");
            edge(norm, 0, wq, 1, "the normalised hidden state feeds q, k and v");
            prev_hidden = wo, prev_dim = 0;
            int qn = -1, kn = -1, post = -1;
            if (c.qk_norm) {  // [hd] each, shared by every head: kept whole by head and group pruning
                qn = add(TensorRole::QNorm, l, {hd}), kn = add(TensorRole::KNorm, l, {hd});
                edge(wq, 0, qn, 0, "q_norm: one RMSNorm over head_dim, the same weights for every query head");
                edge(wk, 0, kn, 0, "k_norm: one RMSNorm over head_dim, the same weights for every KV head");
            }
            if (c.sandwich_norms) {
                post = add(TensorRole::PostAttnNorm, l, {H});
                hidden.members.push_back({post, 0, 1, false});
                edge(wo, 0, post, 0, "the attention output is normalised before the residual add");
                prev_hidden = post;
            }
            GroupSpec sub{GroupKind::AttentionSublayer, l, 1, {}};
            for (int n : {norm, wq, wk, wv, wo, bq, bk, bv, bo, qn, kn, post})
                if (n >= 0) block.members.push_back({n, -1, 1, false}), sub.members.push_back({n, -1, 1, false});
            sub.members[4].last = true;  // o_proj
            g.groups.push_back(sub);
        }
        if (d.hasMlp()) {
            const int norm = add(TensorRole::FfnNorm, l, {H});
            const int gate = add(TensorRole::Gate, l, {d.ffn, H}), up = add(TensorRole::Up, l, {d.ffn, H});
            const int down = add(TensorRole::Down, l, {H, d.ffn});
            int bg = -1, bu = -1, bd = -1;
            if (c.mlp_bias) bg = add(TensorRole::Gate, l, {d.ffn}, true), bu = add(TensorRole::Up, l, {d.ffn}, true);
            if (c.hasDownBias()) bd = add(TensorRole::Down, l, {H}, true);
            GroupSpec mlp{GroupKind::MlpChannel, l, d.ffn, {{gate, 0, 1}, {up, 0, 1}, {down, 1, 1, true}}};
            if (bg >= 0) mlp.members.insert(mlp.members.end(), {{bg, 0, 1}, {bu, 0, 1}});
            g.groups.push_back(mlp);
            edge(gate, 0, up, 0, c.act == Activation::GeluTanh ? "GeGLU: gelu(gate row c) multiplies up row c"
                                                               : "SwiGLU: silu(gate row c) multiplies up row c");
            edge(up, 0, down, 1, "channel c of the product feeds column c of down_proj");
            for (int n : {norm, gate, up}) hidden.members.push_back({n, n == norm ? 0 : 1, 1, false});
            hidden.members.push_back({down, 0, 1, false});
            if (bd >= 0) hidden.members.push_back({bd, 0, 1, false});
            edge(prev_hidden, prev_dim, norm, 0, "residual stream: every hidden channel runs through every block");
            edge(norm, 0, gate, 1, "the normalised hidden state feeds gate and up");
            prev_hidden = down, prev_dim = 0;
            int post = -1;
            if (c.sandwich_norms) {
                post = add(TensorRole::PostFfnNorm, l, {H});
                hidden.members.push_back({post, 0, 1, false});
                edge(down, 0, post, 0, "the MLP output is normalised before the residual add");
                prev_hidden = post;
            }
            GroupSpec sub{GroupKind::MlpSublayer, l, 1, {}};
            for (int n : {norm, gate, up, down, bg, bu, bd, post})
                if (n >= 0) block.members.push_back({n, -1, 1, false}), sub.members.push_back({n, -1, 1, false});
            sub.members[3].last = true;  // down_proj
            g.groups.push_back(sub);
        }
        g.groups.push_back(block);
    }
    const int fnorm = add(TensorRole::FinalNorm, -1, {H});
    hidden.members.push_back({fnorm, 0, 1, false});
    edge(prev_hidden, prev_dim, fnorm, 0, "residual stream reaches the final norm");
    if (!c.tie_embeddings) {
        const int head = add(TensorRole::LmHead, -1, {c.vocab, H});
        hidden.members.push_back({head, 1, 1, true});
        edge(fnorm, 0, head, 1, "the final hidden state feeds lm_head");
    } else {
        hidden.members.front().last = true;  // the tied embedding is also the output projection
        edge(fnorm, 0, embed, 1, "tied: lm_head is the embedding matrix");
    }
    g.groups.push_back(hidden);
    return g;
}

} // namespace pb
