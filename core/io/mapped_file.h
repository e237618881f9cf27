#pragma once
// Read-only memory map of a whole file. Movable, not copyable.
#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace pb {

class MappedFile {
public:
    MappedFile() = default;
    // Throws pb::Error naming the path when the file cannot be opened or mapped.
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    uint64_t size() const { return size_; }
    const std::filesystem::path& path() const { return path_; }

private:
    void release() noexcept;
    std::filesystem::path path_;
    const uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
};

} // namespace pb
