#include "core/files.h"

#include <fstream>
#include <stdexcept>

namespace vv {

namespace fs = std::filesystem;

void write_file_atomically(const fs::path& path, const std::string& data) {
  fs::create_directories(path.parent_path());
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
  }
  fs::rename(tmp, path);
}

void move_file(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) {  // another filesystem: copy then remove
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    fs::remove(from);
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace vv
