#pragma once
// Joining a c10d process group (libtorch's torch.distributed engine, no transport of our
// own): a TCPStore served by rank 0 at MASTER_ADDR:MASTER_PORT, then ProcessGroupGloo for
// CPU tensors or ProcessGroupNCCL for CUDA ones. Which backends exist is fixed when
// PruneBench is built (CMake option PRUNEBENCH_DIST: Gloo needs gloo's headers, Debian's
// libgloo-dev; NCCL needs libtorch with CUDA and nccl.h).
#include <memory>
#include <string>

#include <torch/types.h>

#include "core/dist/rendezvous.h"
#include "core/dist/world.h"

namespace pb::dist {

// "gloo", "gloo, nccl", "nccl" or "" (built without PRUNEBENCH_DIST).
std::string builtBackends();

// The backend for tensors on `device`: NCCL for CUDA, Gloo for the CPU;
// PRUNEBENCH_DIST_BACKEND=gloo forces Gloo (CUDA tensors then go through host copies).
std::string backendFor(const torch::Device& device);

// Meets the other ranks (every rank calls it) and returns this rank's World, whose
// collectives run on `device` (Gloo: the CPU). Throws pb::Error saying what failed: a rank
// that cannot reach MASTER_ADDR within the timeout, rank 0 not seeing every rank, a backend
// this build lacks.
std::unique_ptr<World> joinProcessGroup(const Rendezvous& rendezvous, const torch::Device& device);

} // namespace pb::dist
