// An experiment's trials summed up: each measure's mean and spread, the per-round
// curves, and the model's prediction beside them. Text, JSON and charts all read this.
#pragma once

#include "lab/models.hpp"
#include "lab/results.hpp"
#include "lab/trials.hpp"

namespace rumor::lab {

struct Summary {
  // Anti-entropy and rumor mongering.
  Stat residue, traffic, t_ave, t_last, rounds, connections, refused;
  Curve informed;
  // Push-sum.
  Stat truth, final_rel_error, final_rms_error, weight_left, push_sum_traffic;
  Curve rel_error, rms_error;

  Prediction model;
  double cycles_per_second = 0;
};

Summary summarize(const Experiment& e);

}  // namespace rumor::lab
