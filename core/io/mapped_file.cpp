// Read-only POSIX memory map of a whole file (see mapped_file.h).
#include "core/io/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"

namespace pb {

namespace {
[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int err) {
    throw Error("cannot " + std::string(what) + " '" + path.string() + "': " + std::strerror(err));
}
} // namespace

MappedFile::MappedFile(const std::filesystem::path& path) : path_(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(path, "open", errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        fail(path, "stat", err);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("cannot map '" + path.string() + "': not a regular file");
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
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
