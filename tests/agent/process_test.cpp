#include "agent/process.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "agent/handler_runner.hpp"

using namespace rumor::agent;
using namespace std::chrono_literals;

TEST(Process, AHandlerReadsItsPayloadAndEnvironmentAndItsOutputIsCaptured) {
  ProcessSpec spec;
  spec.command = "read line; echo \"$SERF_EVENT:$line\"";
  spec.env = {"SERF_EVENT=user"};
  spec.stdin_data = "hello\n";
  const auto r = run_process(spec);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.output, "user:hello\n");
}

TEST(Process, ExitCodesAreReported) {
  const auto r = run_process(ProcessSpec{"exit 3", {}, "", 1024, 5s});
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.ok());
}

TEST(Process, OutputIsCappedButCounted) {
  const auto r = run_process(ProcessSpec{"head -c 100000 /dev/zero", {}, "", 1000, 10s});
  EXPECT_EQ(r.output.size(), 1000u);
  EXPECT_EQ(r.total_output, 100000u);
}

TEST(Process, AHungHandlerIsKilledAtItsDeadline) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_process(ProcessSpec{"sleep 30", {}, "", 1024, 300ms});
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(Process, AHandlerThatIgnoresStdinDoesNotHurtTheAgent) {
  const auto r = run_process(ProcessSpec{"exit 0", {}, std::string(1 << 20, 'x'), 1024, 5s});
  EXPECT_TRUE(r.started);
  EXPECT_FALSE(r.timed_out);
}

TEST(HandlerRunner, HandlersRunInOrderOffTheCallersThread) {
  HandlerRunner runner;
  std::vector<std::string> outputs;
  std::mutex mu;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(runner.submit(ProcessSpec{"echo " + std::to_string(i), {}, "", 64, 5s},
                              [&](const ProcessResult& r) {
                                std::lock_guard lock(mu);
                                outputs.push_back(r.output);
                              }));
  }
  ASSERT_TRUE(runner.wait_idle(20s));
  EXPECT_EQ(outputs, (std::vector<std::string>{"0\n", "1\n", "2\n"}));
  EXPECT_EQ(runner.completed(), 3u);
}

TEST(HandlerRunner, AFullQueueDropsAndCountsInsteadOfBlocking) {
  HandlerRunner runner(1);
  // The first starts (and hangs until killed), the second waits, the rest are dropped.
  int accepted = 0;
  for (int i = 0; i < 5; ++i) accepted += runner.submit(ProcessSpec{"sleep 5", {}, "", 64, 200ms});
  EXPECT_GE(runner.dropped(), 3u);
  EXPECT_EQ(accepted + static_cast<int>(runner.dropped()), 5);
  EXPECT_TRUE(runner.wait_idle(20s));
}
