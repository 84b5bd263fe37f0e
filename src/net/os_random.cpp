#include "net/os_random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <system_error>

namespace rumor::net {

codec::Nonce os_nonce() {
  codec::Nonce n{};
  std::size_t got = 0;
  while (got < n.size()) {
    const ssize_t r = ::getrandom(n.data() + got, n.size() - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    got += static_cast<std::size_t>(r);
  }
  return n;
}

codec::NonceSource os_nonce_source() {
  return [] { return os_nonce(); };
}

}  // namespace rumor::net
