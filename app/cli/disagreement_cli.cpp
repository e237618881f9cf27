#include "app/cli/disagreement_cli.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/plan/disagreement.h"

namespace pbcli {

namespace {

std::string rhoCell(double v) {
    char buf[16];
    if (std::isnan(v)) return "     -";
    std::snprintf(buf, sizeof buf, "%6.2f", v);
    return buf;
}

} // namespace

void printDisagreement(const pb::Disagreement& d, bool depth) {
    const int pct = static_cast<int>(std::lround(100 * d.ratio));
    std::printf("%s vs %s: Spearman rank correlation (1 = same order, -1 = reversed) and the overlap of\n"
                "what each removes at %d%% (|A and B| / |A or B|)\n",
                d.criterion_a.c_str(), d.criterion_b.c_str(), pct);
    if (depth) {
        const auto& k = d.kinds.at(0);
        std::printf("blocks: rho %s; overlap of the blocks each drops first: %s\n", rhoCell(k.mean_rho).c_str(),
                    rhoCell(k.mean_overlap).c_str());
    } else {
        std::printf("layer");
        for (const auto& k : d.kinds) std::printf("  %12s rho  overlap", pb::unitKindName(k.kind));
        std::printf("\n");
        for (size_t layer = 0; layer < d.kinds.at(0).rho.size(); ++layer) {
            std::printf("%5zu", layer);
            for (const auto& k : d.kinds) std::printf("  %16s   %s", rhoCell(k.rho[layer]).c_str(), rhoCell(k.overlap[layer]).c_str());
            std::printf("\n");
        }
        std::printf(" mean");
        for (const auto& k : d.kinds) std::printf("  %16s   %s", rhoCell(k.mean_rho).c_str(), rhoCell(k.mean_overlap).c_str());
        std::printf("\n");
    }
    std::printf("most disputed units (rank within its layer: 0 = least important, 1 = most):\n");
    for (const auto& u : d.top) {
        if (u.kind == pb::UnitKind::Block)
            std::printf("  block %3lld: %s %.2f, %s %.2f\n", static_cast<long long>(u.layer), d.criterion_a.c_str(), u.rank_a,
                        d.criterion_b.c_str(), u.rank_b);
        else
            std::printf("  layer %3lld %-11s %5lld: %s %.2f, %s %.2f\n", static_cast<long long>(u.layer),
                        pb::unitKindName(u.kind), static_cast<long long>(u.index), d.criterion_a.c_str(), u.rank_a,
                        d.criterion_b.c_str(), u.rank_b);
    }
}

} // namespace pbcli
