#include "core/util/atomic_write.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include "core/util/error.h"
#include "core/util/stale_temp.h"

namespace pb {

void writeFileAtomic(const std::string& path, const std::string& content) {
    removeStaleTemporaries(path);  // left by a writer that was killed
    const std::string tmp = tempPathFor(path).string();
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw Error("cannot write '" + path + "': " + std::strerror(errno));
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n <= 0) {
            ::close(fd);
            std::remove(tmp.c_str());
            throw Error("cannot write '" + path + "': disk full or I/O error");
        }
        done += static_cast<size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        throw Error("cannot write '" + path + "': " + ec.message());
    }
}

} // namespace pb
