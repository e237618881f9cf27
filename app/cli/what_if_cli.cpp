#include "app/cli/what_if_cli.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/prune/calibration.h"

namespace pbcli {

namespace {

const char* kindWord(pb::GroupKind k) {
    switch (k) {
        case pb::GroupKind::AttentionGroup: return "kv_group";
        case pb::GroupKind::QueryHead: return "head";
        case pb::GroupKind::MlpChannel: return "mlp_channel";
        case pb::GroupKind::Block: return "block";
        case pb::GroupKind::AttentionSublayer: return "attn";
        case pb::GroupKind::MlpSublayer: return "mlp";
        case pb::GroupKind::HiddenChannel: return "hidden";
        default: break;
    }
    return "?";
}

long long number(const std::string& text, const std::string& entry) {
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError("option '--without': '" + entry + "' is not LAYER:KIND[:UNIT] (e.g. 5:kv_group:1, 7:block, 7:attn)");
    return std::stoll(text);
}

} // namespace

std::vector<pb::UnitRef> parseUnits(const std::string& list) {
    std::vector<pb::UnitRef> out;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = list.find(',', start);
        const std::string entry = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        std::vector<std::string> parts;
        size_t p = 0;
        while (true) {
            const size_t colon = entry.find(':', p);
            parts.push_back(entry.substr(p, colon == std::string::npos ? std::string::npos : colon - p));
            if (colon == std::string::npos) break;
            p = colon + 1;
        }
        if (parts.size() < 2 || parts.size() > 3)
            throw UsageError("option '--without': '" + entry + "' is not LAYER:KIND[:UNIT] (e.g. 5:kv_group:1, 7:block, 7:attn)");
        pb::UnitRef u;
        u.layer = number(parts[0], entry);
        const std::string& kind = parts[1];
        if (kind == "block") u.kind = pb::GroupKind::Block;
        else if (kind == "attn") u.kind = pb::GroupKind::AttentionSublayer;  // a block's attention alone (sub-block)
        else if (kind == "mlp") u.kind = pb::GroupKind::MlpSublayer;        // its MLP alone
        else if (kind == "kv_group") u.kind = pb::GroupKind::AttentionGroup;
        else if (kind == "head") u.kind = pb::GroupKind::QueryHead;
        else if (kind == "mlp_channel") u.kind = pb::GroupKind::MlpChannel;
        else
            throw UsageError("option '--without': kind '" + kind + "' in '" + entry +
                             "', use one of: kv_group, head, mlp_channel, attn, mlp, block");
        const bool whole = u.kind == pb::GroupKind::Block || u.kind == pb::GroupKind::AttentionSublayer ||
                           u.kind == pb::GroupKind::MlpSublayer;  // one unit: no index
        if (whole ? parts.size() != 2 : parts.size() != 3)
            throw UsageError("option '--without': '" + entry + "' needs " +
                             (whole ? "no unit (LAYER:" + kind + ")" : "a unit (LAYER:" + kind + ":UNIT or FIRST-LAST)"));
        if (parts.size() == 3) {  // UNIT, or FIRST-LAST (a span: a bucket of MLP channels, say)
            const std::string& unit = parts[2];
            const size_t dash = unit.find('-');
            u.unit = number(unit.substr(0, dash), entry);
            if (dash != std::string::npos) {
                const long long last = number(unit.substr(dash + 1), entry);
                if (last < u.unit)
                    throw UsageError("option '--without': '" + entry + "' ends before it starts (FIRST-LAST, FIRST <= LAST)");
                u.count = last - u.unit + 1;
            }
        }
        out.push_back(u);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

int scoreWithout(const Args& args, pb::LlamaModel& model, const pb::Calibration& calib) {
    const std::vector<pb::UnitRef> units = parseUnits(args.get("without"));
    // Cached (default): one full pass keeps every block's input, each unit runs from its block on
    // (core/prune/what_if.h). --full-pass: every block for every unit (the reference).
    const bool full = args.has("full-pass");
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    std::optional<pb::WhatIfCache> cache;
    double base = 0;
    if (full) base = pb::lossWithout(model, calib, nullptr);
    else cache.emplace(model, calib), base = cache->baseLoss();
    const double base_s = std::chrono::duration<double>(clock::now() - t0).count();
    nlohmann::json rows = nlohmann::json::array();
    if (!args.has("json"))
        std::printf("calibration loss %.4f (%lld x %lld tokens, %.2f s%s)\n", base, static_cast<long long>(calib.samples()),
                    static_cast<long long>(calib.length()), base_s,
                    full ? ", every block for every unit" : ", each block's input kept");
    for (const pb::UnitRef& u : units) {
        t0 = clock::now();
        const double without = full ? pb::lossWithout(model, calib, &u) : cache->lossWithout(model, u);
        const double s = std::chrono::duration<double>(clock::now() - t0).count();
        rows.push_back({{"layer", u.layer}, {"kind", kindWord(u.kind)}, {"unit", u.unit}, {"count", u.count},
                        {"loss", without}, {"delta", without - base}, {"seconds", s}});
        std::string name = kindWord(u.kind);
        const bool whole = u.kind == pb::GroupKind::Block || u.kind == pb::GroupKind::AttentionSublayer ||
                           u.kind == pb::GroupKind::MlpSublayer;  // one unit of its layer: no index
        if (!whole)
            name += " " + std::to_string(u.unit) + (u.count > 1 ? "-" + std::to_string(u.unit + u.count - 1) : "");
        if (!args.has("json"))
            std::printf("without layer %lld %s: loss %.4f (%+.4f, perplexity x%.3f), %.2f s\n", static_cast<long long>(u.layer),
                        name.c_str(), without, without - base, std::exp(without - base), s);
    }
    if (args.has("json"))
        printJson(nlohmann::json{{"base_loss", base}, {"base_seconds", base_s}, {"samples", calib.samples()},
                                 {"seq_len", calib.length()}, {"cached", !full},
                                 {"cache_bytes", cache ? cache->bytes() : 0}, {"without", rows}}
                      .dump());
    return 0;
}

} // namespace pbcli
