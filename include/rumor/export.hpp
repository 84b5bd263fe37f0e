// Which declarations a shared librumor.so exposes. The libraries are built with hidden
// symbol visibility (serf, net, rpc; see docs/api.md): only what a public header declares
// between RUMOR_PUBLIC_BEGIN and RUMOR_PUBLIC_END, or marks RUMOR_API, is exported, so a
// program cannot come to depend on a private symbol by accident. In a static build the
// markers change nothing.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define RUMOR_API __attribute__((visibility("default")))
#define RUMOR_PUBLIC_BEGIN _Pragma("GCC visibility push(default)")
#define RUMOR_PUBLIC_END _Pragma("GCC visibility pop")
#else
#define RUMOR_API
#define RUMOR_PUBLIC_BEGIN
#define RUMOR_PUBLIC_END
#endif
