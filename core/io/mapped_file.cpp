// Read-only POSIX memory map of a whole file (see mapped_file.h).
#include "core/io/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"
#include "core/util/input_path.h"

namespace pb {

namespace {
[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int err) {
    throw Error("cannot " + std::string(what) + " '" + path.string() + "': " + std::strerror(err));
}
} // namespace

MappedFile::MappedFile(const std::filesystem::path& path) : path_(path) {
    // Regular files only, opened without blocking (a FIFO would hang open()).
    uint64_t size = 0;
    const int fd = openInputFile(path, "model file", kMaxModelFileBytes, size);
    if (size > 0) {
        void* p = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            fail(path, "map", err);
        }
        data_ = static_cast<const uint8_t*>(p);
        size_ = size;
    }
    ::close(fd);  // the mapping stays valid without the descriptor
}

MappedFile::~MappedFile() { release(); }

MappedFile::MappedFile(MappedFile&& other) noexcept
    : path_(std::move(other.path_)), data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        release();
        path_ = std::move(other.path_);
        data_ = other.data_;
        size_ = other.size_;
        other.data_ = nullptr;
        other.size_ = 0;
    }
    return *this;
}

void MappedFile::release() noexcept {
    if (data_ && size_ > 0) ::munmap(const_cast<uint8_t*>(data_), static_cast<size_t>(size_));
    data_ = nullptr;
    size_ = 0;
}

} // namespace pb
