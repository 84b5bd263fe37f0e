#include "agent/prometheus.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace rumor::agent::prom {

namespace {

bool name_start(char c, bool colon) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
}
bool name_char(char c, bool colon) noexcept {
  return name_start(c, colon) || (c >= '0' && c <= '9');
}

}  // namespace

const char* to_string(Type t) noexcept {
  switch (t) {
    case Type::counter:
      return "counter";
    case Type::gauge:
      return "gauge";
    case Type::histogram:
      return "histogram";
    case Type::untyped:
      return "untyped";
  }
  return "untyped";
}

std::uint64_t Histogram::count() const noexcept {
  std::uint64_t n = 0;
  for (auto c : counts) n += c;
  return n;
}

Histogram Histogram::with_bounds(std::vector<double> b) {
  Histogram h;
  h.counts.assign(b.size() + 1, 0);
  h.bounds = std::move(b);
  return h;
}

void Histogram::observe(double v) {
  if (counts.size() != bounds.size() + 1) counts.resize(bounds.size() + 1, 0);
  std::size_t i = 0;
  while (i < bounds.size() && v > bounds[i]) ++i;
  ++counts[i];
  sum += v;
}

bool Histogram::valid() const noexcept {
  if (counts.size() != bounds.size() + 1) return false;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (std::isnan(bounds[i]) || std::isinf(bounds[i])) return false;
    if (i > 0 && !(bounds[i] > bounds[i - 1])) return false;
  }
  return true;
}

bool valid_metric_name(std::string_view name) noexcept {
  if (name.empty() || !name_start(name[0], true)) return false;
  for (char c : name)
    if (!name_char(c, true)) return false;
  return true;
}

bool valid_label_name(std::string_view name) noexcept {
  if (name.empty() || !name_start(name[0], false)) return false;
  if (name.starts_with("__")) return false;
  for (char c : name)
    if (!name_char(c, false)) return false;
  return true;
}

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string escape_help(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

Writer& Writer::family(std::string_view name, Type type, std::string_view help) {
  if (!valid_metric_name(name))
    throw std::invalid_argument("prometheus: invalid metric name '" + std::string(name) + "'");
  if (!seen_.emplace(name).second)
    throw std::invalid_argument("prometheus: metric family repeated: " + std::string(name));
  name_ = name;
  type_ = type;
  started_ = true;
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  out_ += escape_help(help);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += to_string(type);
  out_ += '\n';
  return *this;
}

void Writer::need(bool histogram) const {
  if (!started_) throw std::logic_error("prometheus: sample before any family");
  if (histogram != (type_ == Type::histogram))
    throw std::logic_error(
        "prometheus: " + name_ +
        (histogram ? " is not a histogram" : " is a histogram: use histogram()"));
}

void Writer::line(std::string_view suffix, const Labels& labels,
                  const std::pair<std::string, std::string>* extra, std::string_view value) {
  out_ += name_;
  out_ += suffix;
  if (!labels.empty() || extra) {
    out_ += '{';
    bool first = true;
    auto add = [&](const std::pair<std::string, std::string>& l) {
      if (!valid_label_name(l.first))
        throw std::invalid_argument("prometheus: invalid label name '" + l.first + "'");
      if (!first) out_ += ',';
      first = false;
      out_ += l.first;
      out_ += "=\"";
      out_ += escape_label_value(l.second);
      out_ += '"';
    };
    for (const auto& l : labels) add(l);
    if (extra) add(*extra);
    out_ += '}';
  }
  out_ += ' ';
  out_ += value;
  out_ += '\n';
}

Writer& Writer::sample(const Labels& labels, std::uint64_t value) {
  need(false);
  line("", labels, nullptr, std::to_string(value));
  return *this;
}

Writer& Writer::sample(const Labels& labels, std::int64_t value) {
  need(false);
  line("", labels, nullptr, std::to_string(value));
  return *this;
}

Writer& Writer::sample(const Labels& labels, double value) {
  need(false);
  line("", labels, nullptr, format_value(value));
  return *this;
}

Writer& Writer::histogram(const Labels& labels, const Histogram& h) {
  need(true);
  if (!h.valid()) throw std::invalid_argument("prometheus: malformed histogram for " + name_);
  for (const auto& l : labels)
    if (l.first == "le") throw std::invalid_argument("prometheus: 'le' is reserved in histograms");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= h.bounds.size(); ++i) {
    cumulative += h.counts[i];
    const std::pair<std::string, std::string> le{
        "le", i < h.bounds.size() ? format_value(h.bounds[i]) : std::string("+Inf")};
    line("_bucket", labels, &le, std::to_string(cumulative));
  }
  line("_sum", labels, nullptr, format_value(h.sum));
  line("_count", labels, nullptr, std::to_string(cumulative));
  return *this;
}

Writer& Writer::counter(std::string_view name, std::string_view help, std::uint64_t value) {
  family(name, Type::counter, help);
  return sample(value);
}

Writer& Writer::gauge(std::string_view name, std::string_view help, double value) {
  family(name, Type::gauge, help);
  return sample(value);
}

}  // namespace rumor::agent::prom
