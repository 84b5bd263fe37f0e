// A small writer for Prometheus's text exposition format, version 0.0.4: metric
// families with their HELP and TYPE lines, samples with escaped label values, counters
// and gauges as exact integers, histograms as cumulative buckets with _sum and _count.
// Pure: it only builds a string (the HTTP server serves it on /metrics).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rumor::agent::prom {

// The Content-Type of the format this writes.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class Type { counter, gauge, histogram, untyped };
const char* to_string(Type t) noexcept;

using Labels = std::vector<std::pair<std::string, std::string>>;

// Observations in buckets: counts[i] is how many fell in (bounds[i-1], bounds[i]]
// (not cumulative); counts has one more entry than bounds, for (bounds.back(), +Inf).
// Bounds ascend strictly. `sum` is the sum of all observations.
struct Histogram {
  std::vector<double> bounds;
  std::vector<std::uint64_t> counts;
  double sum = 0;

  std::uint64_t count() const noexcept;
  // An empty histogram with these bounds.
  static Histogram with_bounds(std::vector<double> bounds);
  // Adds one observation.
  void observe(double v);
  bool valid() const noexcept;  // shape and ordering as described above
};

// [a-zA-Z_:][a-zA-Z0-9_:]* ; label names: [a-zA-Z_][a-zA-Z0-9_]*, not starting "__".
bool valid_metric_name(std::string_view name) noexcept;
bool valid_label_name(std::string_view name) noexcept;
// Label values: \ " and newline escaped. HELP text: \ and newline escaped.
std::string escape_label_value(std::string_view v);
std::string escape_help(std::string_view v);
// Shortest text that reads back as the same double; +Inf, -Inf, NaN as Prometheus spells them.
std::string format_value(double v);

class Writer {
 public:
  // Starts a family (HELP and TYPE lines). Every sample that follows, until the next
  // family, belongs to it. Throws std::invalid_argument for an invalid or repeated name.
  Writer& family(std::string_view name, Type type, std::string_view help);

  // One sample of the current family (a counter or gauge or untyped one). Throws
  // std::logic_error with no family started or for a histogram family, and
  // std::invalid_argument for an invalid label name.
  Writer& sample(const Labels& labels, std::uint64_t value);
  Writer& sample(const Labels& labels, std::int64_t value);
  Writer& sample(const Labels& labels, double value);
  Writer& sample(std::uint64_t value) { return sample(Labels{}, value); }
  Writer& sample(double value) { return sample(Labels{}, value); }

  // One histogram of the current family (which must be a histogram): name_bucket lines
  // with le labels (cumulative, ending with +Inf), name_sum, name_count. Throws
  // std::invalid_argument for a histogram that is not valid().
  Writer& histogram(const Labels& labels, const Histogram& h);

  // Shorthands: a family with a single unlabelled sample.
  Writer& counter(std::string_view name, std::string_view help, std::uint64_t value);
  Writer& gauge(std::string_view name, std::string_view help, double value);

  const std::string& text() const noexcept { return out_; }
  std::string take() && { return std::move(out_); }

 private:
  void line(std::string_view suffix, const Labels& labels,
            const std::pair<std::string, std::string>* extra, std::string_view value);
  void need(bool histogram) const;

  std::string out_;
  std::string name_;
  Type type_ = Type::untyped;
  bool started_ = false;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace rumor::agent::prom
