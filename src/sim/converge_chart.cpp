#include "sim/converge_chart.hpp"

#include <cstdio>
#include <string>

namespace rumor::sim {

plot::Chart to_chart(const ConvergeResult& r) {
  const ConvergeModel& m = r.model;
  char title[160];
  std::snprintf(title, sizeof title,
                "One broadcast, %zu nodes: fanout %d every %g ms, loss %g, failed %g", m.nodes,
                m.fanout, m.interval_s * 1000, m.loss, m.failed);
  plot::Chart c;
  c.title = title;
  c.x.label = "seconds since the broadcast (1 round = " + plot::format_number(m.interval_s) + " s)";
  c.y.label = "fraction of live nodes that have it";
  c.y.min = 0;
  c.y.max = 1;

  plot::Band band;
  band.name = "measured 5th-95th percentile";
  band.color = "#1f77b4";
  plot::Series mean, model;
  const std::string seeds =
      std::to_string(r.runs.size()) + (r.runs.size() == 1 ? " seed" : " seeds");
  mean.name = "measured mean of " + seeds;
  mean.color = "#1f77b4";
  model.name = "Serf's model";
  model.color = "#d62728";
  model.dashed = true;
  for (std::size_t i = 0; i < r.rounds.size(); ++i) {
    const double t = r.rounds[i] * m.interval_s;
    band.x.push_back(t);
    band.lo.push_back(r.p5[i]);
    band.hi.push_back(r.p95[i]);
    mean.points.push_back({t, r.mean[i]});
    model.points.push_back({t, m.fraction_at(r.rounds[i])});
  }
  c.bands.push_back(std::move(band));
  c.series.push_back(std::move(model));
  c.series.push_back(std::move(mean));
  return c;
}

}  // namespace rumor::sim
