#include "core/dist/world.h"

namespace pb::dist {

namespace {

class WorldOfOne final : public World {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    int localRank() const override { return 0; }
    std::string backend() const override { return "one"; }
    void allReduceSum(torch::Tensor&) override {}
    void broadcast(torch::Tensor&, int) override {}
    void barrier() override {}
};

} // namespace

World& one() {
    static WorldOfOne w;
    return w;
}

} // namespace pb::dist
