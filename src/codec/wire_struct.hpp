// One description per Go struct on the wire, as data: its fields (Go name, our member,
// what an empty value becomes) in the order Go's codec writes them. The same description
// drives the encoder (wire::write) and the decoder (wire::read), so keys, their order and
// value forms cannot drift apart. Memberlist's, Serf's and the agent RPC's structs all use
// it; they differ only in the writer (gossip's "raw" strings or RPC's str/bin).
//
// Reading is as tolerant as Go's decoder: keys in any order, unknown keys skipped,
// missing keys left as they were, nil read as an empty value. Writing is byte-exact:
// value forms follow from the member's type (unsigned: uint, signed and enums: int,
// strings: str, byte vectors and Ip: bin, vectors: arrays, string-keyed maps: maps in
// key order, optionals: nil or the value, described structs: nested maps).
//
// A struct is described by an overload found by argument-dependent lookup:
//   constexpr auto wire_fields(const LeaveMsg*) {
//     return wire::fields(wire::field("LTime", &LeaveMsg::ltime), ...);
//   }
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "codec/ip_field.hpp"
#include "codec/msgpack.hpp"
#include "codec/result.hpp"

namespace rumor::codec::wire {

// What a field holding an empty value (0, false, "", no elements, no value) becomes.
enum class IfEmpty : std::uint8_t {
  write,  // written as it is
  nil,    // c0: a nil Go slice or map
  omit,   // left out, key and all: Go's `omitempty`
};

template <class S, class T>
struct Field {
  std::string_view key;
  T S::*member;
  IfEmpty if_empty = IfEmpty::write;
};

template <class S, class T>
constexpr Field<S, T> field(std::string_view key, T S::*member, IfEmpty e = IfEmpty::write) {
  return {key, member, e};
}

template <class... F>
struct Fields {
  std::tuple<F...> list;
};

template <class... F>
constexpr Fields<F...> fields(F... f) {
  return {{f...}};
}

template <class S>
concept Described = requires(const S* s) {
  wire_fields(s);
};

// The gossip codec's writer (codec::msgpack::Writer) under the names the RPC writer
// uses, so that one description serves both: strings and bytes are both "raw".
class GossipWriter {
 public:
  explicit GossipWriter(msgpack::Writer& w) noexcept : w_(w) {}
  void nil() { w_.write_nil(); }
  void boolean(bool v) { w_.write_bool(v); }
  void uint(std::uint64_t v) { w_.write_uint(v); }
  void sint(std::int64_t v) { w_.write_int(v); }
  void f64(double v) { w_.write_float(v); }
  void str(std::string_view s) { w_.write_string(s); }
  void bin(ByteView b) { w_.write_raw(b); }
  void map(std::uint32_t n) { w_.write_map_header(n); }
  void array(std::uint32_t n) { w_.write_array_header(n); }

 private:
  msgpack::Writer& w_;
};

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_string_map : std::false_type {};
template <class V, class C, class A>
struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};

template <class T>
constexpr bool is_bytes = std::is_same_v<T, Bytes> || std::is_same_v<T, ByteView>;
template <class T>
constexpr bool is_text = std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>;

template <class T>
bool is_empty(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return !v;
  } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
    return v == T{};
  } else if constexpr (is_optional<T>::value) {
    return !v.has_value();
  } else if constexpr (Described<T>) {
    return false;
  } else {
    return v.empty();  // strings, bytes, Ip, vectors, maps
  }
}

}  // namespace detail

template <class W, class S>
requires Described<S>
void write(W& w, const S& s);

template <class W, class T>
void write_value(W& w, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    w.boolean(v);
  } else if constexpr (std::is_enum_v<T>) {
    w.sint(static_cast<std::int64_t>(v));
  } else if constexpr (std::unsigned_integral<T>) {
    w.uint(v);
  } else if constexpr (std::signed_integral<T>) {
    w.sint(v);
  } else if constexpr (std::floating_point<T>) {
    w.f64(static_cast<double>(v));
  } else if constexpr (detail::is_text<T>) {
    w.str(v);
  } else if constexpr (detail::is_bytes<T>) {
    w.bin(v);
  } else if constexpr (std::is_same_v<T, Ip>) {
    if (v.empty()) {
      w.nil();  // a nil net.IP
    } else {
      w.bin(v.view());
    }
  } else if constexpr (detail::is_optional<T>::value) {
    if (v) {
      write_value(w, *v);
    } else {
      w.nil();  // a nil pointer
    }
  } else if constexpr (detail::is_vector<T>::value) {
    w.array(static_cast<std::uint32_t>(v.size()));
    for (const auto& e : v) write_value(w, e);
  } else if constexpr (detail::is_string_map<T>::value) {
    w.map(static_cast<std::uint32_t>(v.size()));
    for (const auto& [k, e] : v) {
      w.str(k);
      write_value(w, e);
    }
  } else {
    static_assert(Described<T>, "no wire form for this type: describe it with wire_fields");
    write(w, v);
  }
}

template <class W, class S, class... F>
void write_fields(W& w, const S& s, const Fields<F...>& d) {
  std::uint32_t n = 0;
  std::apply(
      [&](const auto&... f) {
        ((n += !(f.if_empty == IfEmpty::omit && detail::is_empty(s.*f.member))), ...);
      },
      d.list);
  w.map(n);
  auto one = [&](const auto& f) {
    const auto& v = s.*f.member;
    if (f.if_empty != IfEmpty::write && detail::is_empty(v)) {
      if (f.if_empty == IfEmpty::omit) return;
      w.str(f.key);
      w.nil();
      return;
    }
    w.str(f.key);
    write_value(w, v);
  };
  std::apply([&](const auto&... f) { (one(f), ...); }, d.list);
}

// Writes `s` as the map its description says.
template <class W, class S>
requires Described<S>
void write(W& w, const S& s) {
  write_fields(w, s, wire_fields(&s));
}

template <class S>
requires Described<S> Status read(msgpack::Reader& r, S& s);

template <class T>
Status read_value(msgpack::Reader& r, T& v) {
  if constexpr (std::is_enum_v<T>) {
    // Go's enums are ints; values we do not know are kept, for the layer above to judge.
    std::underlying_type_t<T> raw{};
    Status st = r.read_into(raw);
    v = static_cast<T>(raw);
    return st;
  } else if constexpr (std::is_arithmetic_v<T> || detail::is_text<T> || detail::is_bytes<T>) {
    return r.read_into(v);
  } else if constexpr (std::is_same_v<T, Ip>) {
    return read_ip(r, v);
  } else if constexpr (detail::is_optional<T>::value) {
    if (r.is_nil()) {
      v.reset();
      return r.read_nil();
    }
    return read_value(r, v.emplace());
  } else if constexpr (detail::is_vector<T>::value) {
    auto n = r.read_array_header();  // nil is an empty array; n fits in what is left
    if (!n) return n.error();
    v.reserve(v.size() + *n);
    for (std::uint32_t i = 0; i < *n; ++i) {
      if (Status st = read_value(r, v.emplace_back()); !st) return st;
    }
    return Ok{};
  } else if constexpr (detail::is_string_map<T>::value) {
    auto n = r.read_map_header();
    if (!n) return n.error();
    for (std::uint32_t i = 0; i < *n; ++i) {
      std::string k;
      if (Status st = r.read_into(k); !st) return st;
      typename T::mapped_type e{};
      if (Status st = read_value(r, e); !st) return st;
      v.insert_or_assign(std::move(k), std::move(e));
    }
    return Ok{};
  } else {
    static_assert(Described<T>, "no wire form for this type: describe it with wire_fields");
    return read(r, v);
  }
}

template <class S, class... F>
Status read_fields(msgpack::Reader& r, S& s, const Fields<F...>& d) {
  return r.read_struct([&](std::string_view key) -> Status {
    Status st = Ok{};
    const bool known = std::apply(
        [&](const auto&... f) {
          return ((key == f.key && (st = read_value(r, s.*f.member), true)) || ...);
        },
        d.list);
    return known ? st : r.skip();
  });
}

// Reads one struct (a map, or nil: all fields left as they were) into `s`.
template <class S>
requires Described<S> Status read(msgpack::Reader& r, S& s) {
  return read_fields(r, s, wire_fields(&s));
}

// Decodes a whole body holding one struct; bytes after it are ignored, as Go ignores them.
template <class S>
requires Described<S> Result<S> decode(ByteView body) {
  msgpack::Reader r(body);
  S s{};
  if (Status st = read(r, s); !st) return st.error();
  return s;
}

}  // namespace rumor::codec::wire
