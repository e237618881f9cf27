// One rule for the files the program reads (see input_path.h).
#include "core/util/input_path.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"

namespace pb {

namespace {

std::string kindOf(mode_t mode) {
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO, a named pipe";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a plain file";
}

std::string head(const std::filesystem::path& path, const std::string& what) {
    return what + " '" + path.string() + "'";
}

[[noreturn]] void failErrno(const std::filesystem::path& path, const std::string& what, int err) {
    if (err == ENOENT) throw Error(head(path, what) + " does not exist");
    if (err == EACCES) throw Error(head(path, what) + " cannot be read: permission denied");
    throw Error(head(path, what) + " cannot be opened: " + std::strerror(err));
}

void checkStat(const struct stat& st, const std::filesystem::path& path, const std::string& what,
               uint64_t max_bytes) {
    if (!S_ISREG(st.st_mode))
        throw Error(head(path, what) + " is not a regular file (it is " + kindOf(st.st_mode) + ")");
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size > max_bytes)
        throw Error(head(path, what) + " is " + describeBytes(size) + ", more than the limit of " +
                    describeBytes(max_bytes) + " for a " + what);
}

} // namespace

std::string describeBytes(uint64_t bytes) {
    static const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    double v = double(bytes) / 1024.0;
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    if (v == double(uint64_t(v))) std::snprintf(buf, sizeof buf, "%.0f %s", v, units[u]);
    else std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
    return buf;
}

uint64_t checkInputFile(const std::filesystem::path& path, const std::string& what, uint64_t max_bytes) {
    if (path.empty()) throw Error("no " + what + " given");
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) failErrno(path, what, errno);
    checkStat(st, path, what, max_bytes);
    return static_cast<uint64_t>(st.st_size);
}

void checkInputModelPath(const std::filesystem::path& path) {
    if (path.empty()) throw Error("no model given");
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) failErrno(path, "model path", errno);
    if (S_ISDIR(st.st_mode)) return;
    checkStat(st, path, "model file", kMaxModelFileBytes);
}

int openInputFile(const std::filesystem::path& path, const std::string& what, uint64_t max_bytes, uint64_t& size) {
    if (path.empty()) throw Error("no " + what + " given");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) failErrno(path, what, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        failErrno(path, what, err);
    }
    try {
        checkStat(st, path, what, max_bytes);
    } catch (...) {
        ::close(fd);
        throw;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    size = static_cast<uint64_t>(st.st_size);
    return fd;
}

std::string readInputFile(const std::filesystem::path& path, const std::string& what, uint64_t max_bytes) {
    uint64_t size = 0;
    const int fd = openInputFile(path, what, max_bytes, size);
    std::string out;
    out.reserve(static_cast<size_t>(size));
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            throw Error(head(path, what) + " cannot be read: " + std::strerror(err));
        }
        if (n == 0) break;
        if (out.size() + static_cast<uint64_t>(n) > max_bytes) {
            ::close(fd);
            throw Error(head(path, what) + " is more than the limit of " + describeBytes(max_bytes) + " for a " +
                        what);
        }
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
}

} // namespace pb
