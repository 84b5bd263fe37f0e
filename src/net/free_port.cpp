#include "net/free_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace rumor::net {

namespace {

// A socket of `type` bound to 127.0.0.1:port, or -1.
int bind_loopback(int type, std::uint16_t port) {
  const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) return fd;
  ::close(fd);
  return -1;
}

}  // namespace

bool loopback_port_free(std::uint16_t port) {
  for (const int type : {SOCK_STREAM, SOCK_DGRAM}) {
    const int fd = bind_loopback(type, port);
    if (fd < 0) return false;
    ::close(fd);
  }
  return true;
}

LoopbackPortHold::LoopbackPortHold(std::uint16_t port)
    : fds_{bind_loopback(SOCK_STREAM, port), bind_loopback(SOCK_DGRAM, port)} {}

LoopbackPortHold::~LoopbackPortHold() {
  for (const int fd : fds_)
    if (fd >= 0) ::close(fd);
}

std::uint16_t take_loopback_port(std::uint16_t& cursor) {
  for (int i = 0; i < 1000 && cursor != 0; ++i) {
    const std::uint16_t p = cursor++;
    if (loopback_port_free(p)) return p;
  }
  throw std::runtime_error("no free port on 127.0.0.1 from " + std::to_string(cursor));
}

}  // namespace rumor::net
