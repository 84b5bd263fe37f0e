// Packets and streams: sealing outbound messages (with piggybacked news), opening
// inbound ones and dispatching each plain message to its handler.
#include <array>
#include <optional>

#include "codec/packet.hpp"
#include "core/node_impl.hpp"

namespace rumor::core {

using codec::MessageType;

namespace {
DropReason drop_reason(codec::Error e) {
  switch (e) {
    case codec::Error::bad_label:
      return DropReason::bad_label;
    case codec::Error::bad_crc:
      return DropReason::bad_crc;
    case codec::Error::unknown_message:
      return DropReason::unknown_type;
    case codec::Error::undecryptable:
      return DropReason::undecryptable;
    default:
      return DropReason::malformed;
  }
}
}  // namespace

std::size_t NodeImpl::packet_overhead() const {
  // Departure: memberlist does not reserve room for the CRC header; we do, so a sealed
  // packet stays within the budget. Encryption reserves what memberlist's
  // encryptOverhead does (29 bytes, 45 with padding), and only when we encrypt.
  const std::size_t encryption =
      seal_.encrypt.keyring ? codec::encrypt_overhead(seal_.encrypt.version) : 0;
  return codec::label_overhead(cfg_.label) + codec::kCrcOverhead + encryption;
}

void NodeImpl::count_opened(bool decrypted) {
  if (decrypt_.keyring && !decrypted) ++stats_.plain_in;
}

void NodeImpl::count_peer_out(const Address& to, std::size_t msgs, std::size_t bytes) {
  if (cfg_.peer_traffic) peers_.count_out(to, msgs, bytes, now_);
}

void NodeImpl::count_peer_in(const Address& from, std::size_t msgs, std::size_t bytes) {
  if (cfg_.peer_traffic) peers_.count_in(from, msgs, bytes, now_);
}

void NodeImpl::count_out(ByteView msg) {
  if (msg.empty()) return;
  ++stats_.msgs_out[type_slot(msg[0])];
  stats_.bytes_out[type_slot(msg[0])] += msg.size();
}

void NodeImpl::count_in(MessageType type, std::size_t bytes) {
  const std::size_t t = type_slot(static_cast<std::uint8_t>(type));
  ++stats_.msgs_in[t];
  stats_.bytes_in[t] += bytes + 1;
}

void NodeImpl::send_outbox(const Address& to, NameId target) {
  const Outbox& msgs = outbox_;
  if (msgs.empty()) return;
  for (std::size_t i = 0; i < msgs.size(); ++i) count_out(msgs[i]);
  // memberlist adds the CRC only for peers it knows speak protocol 5 or later.
  seal_.crc = target != kNoName && protocol_max(target) >= 5;
  std::size_t bytes = 0;
  auto emit = [&](ByteView msg) {
    codec::seal_packet(msg, seal_, sealed_);
    ++stats_.packets_out;
    stats_.packet_bytes_out += sealed_.size();
    bytes += sealed_.size();
    fx_.send_packet(to, sealed_);
  };
  views_.clear();
  for (std::size_t i = 0; i < msgs.size(); ++i) views_.push_back(msgs[i]);
  codec::for_each_compound(views_, group_, compound_, emit);
  count_peer_out(to, msgs.size(), bytes);
}

void NodeImpl::send_message(const Address& to, NameId target, ByteView msg) {
  outbox_.clear();
  outbox_.add(msg);
  const std::size_t used =
      msg.size() + codec::kCompoundHeaderOverhead + codec::kCompoundPartOverhead;
  const std::size_t budget = cfg_.packet_budget - std::min(cfg_.packet_budget, packet_overhead());
  if (used < budget) take_broadcasts(codec::kCompoundPartOverhead, budget - used, outbox_, target);
  send_outbox(to, target);
}

void NodeImpl::on_packet(const Address& from, ByteView packet, Time now) {
  ++stats_.packets_in;
  stats_.packet_bytes_in += packet.size();
  auto opened = codec::open_packet(packet, cfg_.label, decrypt_);
  count_peer_in(from, opened ? opened->messages.size() : 0, packet.size());
  if (!opened) {
    stats_.drop(drop_reason(opened.error()));
    return;
  }
  count_opened(opened->decrypted);
  for (std::size_t i = 0; i < opened->dropped_parts; ++i) stats_.drop(DropReason::malformed);
  // Alive news is most of what arrives, and each reads our record of its member: at
  // thousands of nodes a cache miss. Decoding a packet's alives first and touching their
  // records lets the misses overlap instead of waiting one after another. (Only a
  // prefetch: each message is still looked up when its turn comes.)
  const auto& msgs = opened->messages;
  constexpr std::size_t kAhead = 64;
  // The lookup is kept too, while no name has come or gone since.
  std::array<std::optional<codec::AliveView>, kAhead> alives;
  std::array<NameId, kAhead> names;
  const std::size_t ahead = std::min(msgs.size(), kAhead);
  for (std::size_t i = 0; i < ahead; ++i) {
    if (msgs[i].type != MessageType::alive) continue;
    if (auto a = codec::decode_alive_view(msgs[i].body)) {
      names[i] = table_.prefetch(a->node);
      alives[i] = *a;
    }
  }
  // A stale alive still reads its member's card (the address rule comes first): the
  // records are in cache by now, so start on the cards.
  for (std::size_t i = 0; i < ahead; ++i)
    if (alives[i]) table_.prefetch_card(names[i]);
  const Identities& ids = table_.identities();
  const std::uint64_t generation = ids.name_generation();
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    if (i < ahead && msgs[i].type == MessageType::alive) {
      count_in(MessageType::alive, msgs[i].body.size());
      if (alives[i]) {
        on_alive(*alives[i], false, now,
                 ids.name_generation() == generation ? std::optional(names[i]) : std::nullopt);
      } else {
        stats_.drop(DropReason::malformed);
      }
      continue;
    }
    handle_message(from, msgs[i].type, msgs[i].body, now);
  }
}

void NodeImpl::handle_message(const Address& from, MessageType type, ByteView body, Time now) {
  count_in(type, body.size());
  auto malformed = [&] { stats_.drop(DropReason::malformed); };
  switch (type) {
    case MessageType::ping:
      if (auto m = codec::decode_ping(body))
        on_ping(from, *m, now);
      else
        malformed();
      return;
    case MessageType::indirect_ping:
      if (auto m = codec::decode_indirect_ping(body))
        on_indirect_ping(from, *m, now);
      else
        malformed();
      return;
    case MessageType::ack:
      if (auto m = codec::decode_ack(body))
        on_ack(*m, now);
      else
        malformed();
      return;
    case MessageType::nack:
      if (auto m = codec::decode_nack(body))
        on_nack(*m);
      else
        malformed();
      return;
    case MessageType::suspect:
      if (auto m = codec::decode_suspect(body))
        on_suspect(*m, now);
      else
        malformed();
      return;
    case MessageType::alive:
      if (auto m = codec::decode_alive_view(body))
        on_alive(*m, false, now);
      else
        malformed();
      return;
    case MessageType::dead:
      if (auto m = codec::decode_dead(body))
        on_dead(*m, now);
      else
        malformed();
      return;
    case MessageType::user:
      ++stats_.user_messages_in;
      if (delegate_) delegate_->notify_message(body);
      return;
    default:
      stats_.drop(DropReason::unknown_type);
      return;
  }
}

void NodeImpl::open_stream(StreamPurpose purpose, const Address& to, ByteView msg,
                           bool expect_reply, Time deadline, std::uint32_t seq) {
  const StreamId id = next_stream_++;
  count_out(msg);
  Bytes wire = codec::seal_stream(msg, cfg_.label, cfg_.compress, seal_.encrypt);
  ++stats_.streams_out;
  stats_.stream_bytes_out += wire.size();
  count_peer_out(to, 1, wire.size());
  if (expect_reply) streams_.emplace(id, PendingStream{purpose, to, seq, probe_.gen});
  fx_.open_stream(id, to, wire, expect_reply, deadline);
}

void NodeImpl::on_stream(StreamId id, const Address& from, ByteView request, Time now) {
  ++stats_.streams_in;
  stats_.stream_bytes_in += request.size();
  auto opened = codec::open_stream(request, cfg_.label, decrypt_);
  // A real TCP peer dials from an ephemeral port, which names no member: such streams
  // count in Stats only.
  count_peer_in(from, opened ? 1 : 0, request.size());
  if (!opened) {
    stats_.drop(drop_reason(opened.error()));
    return;
  }
  count_opened(opened->decrypted);
  count_in(opened->type, opened->body.size());
  auto reply = [&](ByteView msg) {
    count_out(msg);
    // Only the dialer labels a stream (memberlist's labelWrappedTransport); replies
    // travel bare.
    Bytes wire = codec::seal_stream(msg, "", cfg_.compress, seal_.encrypt);
    stats_.stream_bytes_out += wire.size();
    count_peer_out(from, 1, wire.size());
    fx_.reply_stream(id, wire);
  };
  switch (opened->type) {
    case MessageType::push_pull: {
      codec::PushPullView remote;
      if (!codec::decode_push_pull_view(opened->body, remote)) {
        stats_.drop(DropReason::malformed);
        return;
      }
      // The responder answers with its own state first, then merges (as memberlist).
      Bytes ours = encode_local_state(remote.join);
      reply(ours);
      merge_remote_state(remote, now);
      return;
    }
    case MessageType::user: {
      auto payload = codec::decode_user_stream(opened->body);
      if (!payload) {
        stats_.drop(DropReason::malformed);
        return;
      }
      ++stats_.user_messages_in;
      if (delegate_) delegate_->notify_message(*payload);
      return;
    }
    case MessageType::ping: {
      // The TCP fallback probe: answer on the stream itself.
      auto ping = codec::decode_ping(opened->body);
      if (!ping) {
        stats_.drop(DropReason::malformed);
        return;
      }
      if (!ping->node.empty() && ping->node != cfg_.name) {
        stats_.drop(DropReason::wrong_node);
        return;
      }
      Bytes ack;
      codec::Ack a;
      a.seq_no = ping->seq_no;
      if (delegate_) a.payload = delegate_->ack_payload();
      codec::encode(a, ack);
      reply(ack);
      return;
    }
    default:
      stats_.drop(DropReason::unknown_type);
      return;
  }
}

void NodeImpl::on_stream_reply(StreamId id, ByteView reply, Time now) {
  auto it = streams_.find(id);
  if (it == streams_.end()) {
    stats_.drop(DropReason::unexpected);
    return;
  }
  const PendingStream pending = it->second;
  streams_.erase(it);
  stats_.stream_bytes_in += reply.size();
  auto opened = codec::open_stream(reply, "", decrypt_);
  count_peer_in(pending.peer, opened ? 1 : 0, reply.size());
  if (!opened) {
    stats_.drop(drop_reason(opened.error()));
    if (pending.purpose == StreamPurpose::join && delegate_)
      delegate_->notify_join_result(pending.peer, false);
    return;
  }
  count_opened(opened->decrypted);
  count_in(opened->type, opened->body.size());
  switch (pending.purpose) {
    case StreamPurpose::join:
    case StreamPurpose::push_pull:
    case StreamPurpose::reconnect: {
      codec::PushPullView remote;
      const bool ok = opened->type == MessageType::push_pull &&
                      codec::decode_push_pull_view(opened->body, remote).ok();
      if (!ok) {
        stats_.drop(DropReason::malformed);
        if (pending.purpose == StreamPurpose::join && delegate_)
          delegate_->notify_join_result(pending.peer, false);
        return;
      }
      merge_remote_state(remote, now);
      if (pending.purpose == StreamPurpose::join && delegate_)
        delegate_->notify_join_result(pending.peer, true);
      return;
    }
    case StreamPurpose::fallback_ping:
      if (opened->type == MessageType::ack)
        on_fallback_ack(pending.probe_gen, pending.seq, opened->body);
      return;
    case StreamPurpose::user:
      return;
  }
}

void NodeImpl::on_stream_failed(StreamId id, Time /*now*/) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  const PendingStream pending = it->second;
  streams_.erase(it);
  if (pending.purpose == StreamPurpose::join && delegate_)
    delegate_->notify_join_result(pending.peer, false);
}

}  // namespace rumor::core
