// The label header [244][len u8][label] that prefixes packets and streams when a cluster
// label is configured (memberlist label.go). Internal to the codec; packet.hpp exposes
// label_overhead().
#pragma once

#include <string>
#include <string_view>

#include "codec/bytes.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

// Appends the header for `label`; nothing when it is empty. Labels longer than
// kMaxLabelBytes cannot be framed: configuration must refuse them (memberlist does);
// here they are cut to 255 bytes rather than written with a wrong length.
void append_label(std::string_view label, Bytes& out);

// Strips a label header if the input starts with one and stores its text in `label`
// (cleared when there is none). A header that is cut short or announces an empty label
// is Error::bad_label.
Result<ByteView> strip_label(ByteView in, std::string& label);

// Strips the label and checks that it is exactly `expected` (empty: there must be none).
Result<ByteView> strip_expected_label(ByteView in, std::string_view expected, std::string& label);

}  // namespace rumor::codec
