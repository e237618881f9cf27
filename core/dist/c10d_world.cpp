#include "core/dist/c10d_world.h"

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "core/dist/peers.h"
#include "core/util/error.h"

// USE_C10D_GLOO / USE_C10D_NCCL switch the headers' contents on; core/CMakeLists.txt defines
// them (and PB_DIST_GLOO / PB_DIST_NCCL) for this file only, when the build found them.
#if defined(PB_DIST_GLOO) || defined(PB_DIST_NCCL)
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>
#endif
#if defined(PB_DIST_GLOO) || defined(PB_DIST_NCCL)
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#endif
#ifdef PB_DIST_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef PB_DIST_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace pb::dist {

Peers* peersOf(World& world) { return dynamic_cast<Peers*>(&world); }

std::string builtBackends() {
    std::string s;
#ifdef PB_DIST_GLOO
    s += "gloo";
#endif
#ifdef PB_DIST_NCCL
    s += s.empty() ? "nccl" : ", nccl";
#endif
    return s;
}

std::string backendFor(const torch::Device& device) {
    const char* forced = std::getenv("PRUNEBENCH_DIST_BACKEND");
    if (forced && *forced) {
        const std::string f = forced;
        if (f != "gloo" && f != "nccl") throw Error("PRUNEBENCH_DIST_BACKEND='" + f + "' is not gloo or nccl");
        if (f == "nccl" && !device.is_cuda()) throw Error("PRUNEBENCH_DIST_BACKEND=nccl needs --device cuda");
        return f;
    }
    return device.is_cuda() ? "nccl" : "gloo";
}

#if defined(PB_DIST_GLOO) || defined(PB_DIST_NCCL)

namespace {

std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// One rank's process group of type PG (ProcessGroupGloo or ProcessGroupNCCL: their common
// base is ProcessGroup in libtorch 1.13 and Backend in 2.x, so the type is a parameter).
// Tensors are moved to `device` and to a dtype the backend sums (Gloo: no bf16) when needed.
// send/recv have one signature in 1.13 and 2.x (send(std::vector<at::Tensor>&, int dstRank,
// int tag) returning an intrusive_ptr to a Work: ProcessGroup::Work in 1.13, c10d::Work in 2.x,
// hence `auto`); NCCL ignores the tag and pairs a rank's transfers in order.
template <class PG>
class C10dWorld final : public World, public Peers {
public:
    using MakeGroup = std::function<c10::intrusive_ptr<PG>(c10::intrusive_ptr<c10d::Store>, int rank, int size)>;
    C10dWorld(const Rendezvous& r, c10::intrusive_ptr<c10d::Store> store, c10::intrusive_ptr<PG> pg,
              torch::Device device, std::string backend, MakeGroup make = {})
        : r_(r), store_(std::move(store)), pg_(std::move(pg)), device_(device), backend_(std::move(backend)),
          make_(std::move(make)) {}

    std::function<void()> isend(const torch::Tensor& t, int dst, int tag) override {
        auto v = std::make_shared<std::vector<at::Tensor>>(std::vector<at::Tensor>{wire(t)});
        try {
            auto work = pg_->send(*v, dst, tag);
            return [this, work, v, dst]() mutable {
                try {
                    work->wait();
                } catch (const std::exception& e) {
                    throw Error(failure("a send to rank " + std::to_string(dst), e));
                }
            };
        } catch (const std::exception& e) {
            throw Error(failure("a send to rank " + std::to_string(dst), e));
        }
    }
    void recv(torch::Tensor& t, int src, int tag) override {
        torch::NoGradGuard ng;
        const bool direct = t.is_contiguous() && t.device() == device_;
        std::vector<at::Tensor> v{direct ? t : torch::empty(t.sizes(), t.options().device(device_))};
        try {
            pg_->recv(v, src, tag)->wait();
        } catch (const std::exception& e) {
            throw Error(failure("a receive from rank " + std::to_string(src), e));
        }
        if (!direct) t.copy_(v[0]);
    }
    std::unique_ptr<World> subgroup(const std::string& name, const std::vector<int>& members) override {
        const auto me = std::find(members.begin(), members.end(), r_.rank);
        if (me == members.end() || !make_) throw Error("internal: rank " + std::to_string(r_.rank) + " is not in subgroup " + name);
        Rendezvous sub = r_;
        sub.rank = int(me - members.begin());
        sub.size = int(members.size());
        auto store = c10::make_intrusive<c10d::PrefixStore>("prunebench/group/" + name + "/", store_);
        try {
            return std::make_unique<C10dWorld<PG>>(sub, store, make_(store, sub.rank, sub.size), device_, backend_, make_);
        } catch (const std::exception& e) {
            throw Error(failure("setting up process group " + name, e));
        }
    }
    int rank() const override { return r_.rank; }
    int size() const override { return r_.size; }
    int localRank() const override { return r_.local_rank; }
    std::string backend() const override { return backend_; }

    void allReduceSum(torch::Tensor& t) override {
        collective(t, "a sum", [&](std::vector<at::Tensor>& v) { return pg_->allreduce(v); });
    }
    void broadcast(torch::Tensor& t, int root) override {
        c10d::BroadcastOptions o;
        o.rootRank = root;
        collective(t, "a broadcast", [&](std::vector<at::Tensor>& v) { return pg_->broadcast(v, o); });
    }
    void barrier() override {  // a one-element sum: NCCL's own barrier guesses the GPU
        auto t = torch::zeros({1}, torch::TensorOptions().dtype(torch::kFloat32).device(device_));
        allReduceSum(t);
    }

private:
    template <class F>
    void collective(torch::Tensor& t, const char* what, F&& launch) {
        if (!t.defined()) throw Error("internal: an undefined tensor in a collective");
        torch::NoGradGuard ng;
        const bool gloo = backend_ == "gloo";
        const bool narrow = t.scalar_type() == torch::kBFloat16 || t.scalar_type() == torch::kFloat16;
        const auto dtype = gloo && narrow ? torch::kFloat32 : t.scalar_type();
        const bool direct = t.is_contiguous() && t.device() == device_ && t.scalar_type() == dtype;
        torch::Tensor work = direct ? t : t.to(device_, dtype, /*non_blocking=*/false, /*copy=*/true).contiguous();
        std::vector<at::Tensor> v{work};
        try {
            launch(v)->wait();
        } catch (const std::exception& e) {
            throw Error("rank " + std::to_string(r_.rank) + " of " + std::to_string(r_.size) + ": " + what + " across ranks (" +
                        backend_ + ") failed, most likely because another rank stopped (see its messages): " +
                        firstLine(e.what()));
        }
        if (!direct) t.copy_(work);
    }

    // The tensor as the backend sends it: on its device, contiguous (Gloo sends bytes, so any dtype).
    torch::Tensor wire(const torch::Tensor& t) const {
        if (!t.defined()) throw Error("internal: an undefined tensor in a send");
        torch::NoGradGuard ng;
        return t.device() == device_ && t.is_contiguous() ? t.detach() : t.detach().to(device_).contiguous();
    }
    std::string failure(const std::string& what, const std::exception& e) const {
        return "rank " + std::to_string(r_.rank) + " of " + std::to_string(r_.size) + ": " + what + " (" + backend_ +
               ") failed, most likely because another rank stopped (see its messages): " + firstLine(e.what());
    }

    Rendezvous r_;
    c10::intrusive_ptr<c10d::Store> store_;
    c10::intrusive_ptr<PG> pg_;
    torch::Device device_;
    std::string backend_;
    MakeGroup make_;  // another process group of this kind over a (prefixed) store
};

std::string arrivalKey(int rank) { return "prunebench/arrived/" + std::to_string(rank); }

// The TCP store (rank 0 serves it), then every rank's arrival: each rank sets its key and
// waits for all of them, so that a missing rank is named here, within the timeout, and not
// by a backend waiting for it at its own (longer) timeout.
c10::intrusive_ptr<c10d::Store> meet(const Rendezvous& r) {
    c10d::TCPStoreOptions o;
    o.port = uint16_t(r.master_port);
    o.isServer = r.rank == 0;
    o.numWorkers = size_t(r.size);
    o.waitWorkers = false;  // the arrival keys below (libtorch 1.13's own wait ends silently)
    o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(r.timeout);
    const std::string t = std::to_string(r.timeout.count()) + " s";
    c10::intrusive_ptr<c10d::Store> store;
    try {
        store = c10::make_intrusive<c10d::TCPStore>(r.master_addr, o);
    } catch (const std::exception& e) {
        if (r.rank == 0)
            throw Error("rank 0 could not serve the rendezvous at " + r.where() + " (is MASTER_PORT free and MASTER_ADDR "
                        "an address of this machine?): " + firstLine(e.what()));
        throw Error("rank " + std::to_string(r.rank) + " could not reach the rendezvous at " + r.where() + " within " + t +
                    " (is rank 0 running, MASTER_ADDR reachable from this machine and MASTER_PORT open? "
                    "PRUNEBENCH_DIST_TIMEOUT sets the wait): " + firstLine(e.what()));
    }
    std::vector<std::string> keys;
    for (int k = 0; k < r.size; ++k) keys.push_back(arrivalKey(k));
    try {
        store->set(arrivalKey(r.rank), std::vector<uint8_t>{1});
        store->wait(keys, o.timeout);
    } catch (const std::exception& e) {
        std::string missing;
        int n = 0;
        for (int k = 0; k < r.size; ++k) {
            bool here = false;
            try {
                here = store->check({arrivalKey(k)});
            } catch (const std::exception&) {
            }
            if (!here && n++ < 8) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
        }
        if (n > 8) missing += " and " + std::to_string(n - 8) + " more";
        throw Error("rank " + std::to_string(r.rank) + " of " + std::to_string(r.size) + ": " +
                    (n ? "rank(s) " + missing + " did not arrive" : std::string("the rendezvous failed")) + " at " +
                    r.where() + " within " + t + " (every rank started, with the same WORLD_SIZE, MASTER_ADDR and "
                    "MASTER_PORT? PRUNEBENCH_DIST_TIMEOUT sets the wait): " + firstLine(e.what()));
    }
    return store;
}

// The timeout of every collective: as torch.distributed's default (30 min), since one rank may
// legitimately work alone for long (rank 0 saving a model).
constexpr std::chrono::milliseconds kCollectiveTimeout{30 * 60 * 1000};

std::string groupFailure(const Rendezvous& r, const std::string& backend, const std::exception& e) {
    return "rank " + std::to_string(r.rank) + " of " + std::to_string(r.size) + " could not set up the " + backend +
           " process group after the rendezvous at " + r.where() + ": " + firstLine(e.what());
}

} // namespace

std::unique_ptr<World> joinProcessGroup(const Rendezvous& r, const torch::Device& device) {
    const std::string backend = backendFor(device);
    if (backend == "nccl") {
#ifdef PB_DIST_NCCL
        auto store = meet(r);
        try {
            auto o = c10d::ProcessGroupNCCL::Options::create();
            o->timeout = kCollectiveTimeout;
            auto make = [o](c10::intrusive_ptr<c10d::Store> s, int rank, int size) {
                return c10::make_intrusive<c10d::ProcessGroupNCCL>(s, rank, size, o);
            };
            return std::make_unique<C10dWorld<c10d::ProcessGroupNCCL>>(r, store, make(store, r.rank, r.size), device,
                                                                        "nccl", make);
        } catch (const std::exception& e) {
            throw Error(groupFailure(r, "NCCL", e));
        }
#else
        throw Error("--device " + device.str() + " across ranks needs NCCL, and this PruneBench was built without it "
                    "(libtorch without CUDA, or nccl.h not found: PRUNEBENCH_NCCL_INCLUDE_DIR). Built backends: " +
                    (builtBackends().empty() ? std::string("none") : builtBackends()) +
                    "; PRUNEBENCH_DIST_BACKEND=gloo sums CUDA tensors through host copies instead");
#endif
    }
#ifdef PB_DIST_GLOO
    auto store = meet(r);
    try {
        auto o = c10d::ProcessGroupGloo::Options::create(kCollectiveTimeout);
        // The interface: GLOO_SOCKET_IFNAME as torch.distributed reads it; the loopback when every
        // rank is on this machine; otherwise the address this host's name resolves to.
        const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
        const bool local = r.master_addr == "127.0.0.1" || r.master_addr == "localhost";
        o->devices.push_back(ifname && *ifname ? c10d::ProcessGroupGloo::createDeviceForInterface(ifname)
                             : local          ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                              : c10d::ProcessGroupGloo::createDefaultDevice());
        o->threads = 2;
        auto make = [o](c10::intrusive_ptr<c10d::Store> s, int rank, int size) {
            return c10::make_intrusive<c10d::ProcessGroupGloo>(s, rank, size, o);
        };
        return std::make_unique<C10dWorld<c10d::ProcessGroupGloo>>(r, store, make(store, r.rank, r.size),
                                                                    torch::Device(torch::kCPU), "gloo", make);
    } catch (const std::exception& e) {
        throw Error(groupFailure(r, "Gloo", e));
    }
#else
    throw Error(std::string(device.is_cuda() ? "PRUNEBENCH_DIST_BACKEND=gloo" : "a run across ranks on the CPU") +
                " needs Gloo, and this PruneBench was built without it: gloo's headers were not found (Debian: "
                "apt-get install libgloo-dev; pip's libtorch ships none: -DPRUNEBENCH_GLOO_INCLUDE_DIR). Built "
                "backends: " + (builtBackends().empty() ? std::string("none") : builtBackends()));
#endif
}

#else  // built without PRUNEBENCH_DIST

std::unique_ptr<World> joinProcessGroup(const Rendezvous& r, const torch::Device&) {
    throw Error("WORLD_SIZE=" + std::to_string(r.size) + ": this PruneBench was built without torch.distributed "
                "support (PRUNEBENCH_DIST=OFF: gloo's headers were not found; Debian: apt-get install libgloo-dev, "
                "then configure again)");
}

#endif

} // namespace pb::dist
