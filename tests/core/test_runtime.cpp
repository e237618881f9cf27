// core/model/runtime: the thread count follows what other processes leave free.
#include <cstdlib>

#include <gtest/gtest.h>

#include "core/model/runtime.h"

TEST(Runtime, ThreadsLeaveTheCoresOthersUse) {
    EXPECT_EQ(pb::threadsForLoad(2, 0), 2);
    EXPECT_EQ(pb::threadsForLoad(2, 1), 1);
    EXPECT_EQ(pb::threadsForLoad(2, 7), 1);   // never fewer than one
    EXPECT_EQ(pb::threadsForLoad(16, 3), 13);
    EXPECT_EQ(pb::threadsForLoad(4, -1), 4);  // unknown load: every core
}

TEST(Runtime, RunnableTasksAreReadFromTheKernel) {
    EXPECT_GE(pb::otherRunnableTasks(), 0);  // Linux: /proc/loadavg counts this thread, so >= 1 before the minus one
    pb::configureRuntime(3);
    EXPECT_EQ(pb::runtimeThreads(), 3);
    pb::configureRuntime();
    EXPECT_GE(pb::runtimeThreads(), 1);
}

TEST(Runtime, OwnRunnableThreadsCountTheCaller) {
    EXPECT_GE(pb::ownRunnableThreads(), 1);  // this thread is running while it reads
}

// A count the user fixed (--threads, OMP_NUM_THREADS) is never changed by the adaptation;
// otherwise the adapted count is a valid one and is what the runtime then uses.
TEST(Runtime, AdaptationKeepsAFixedCountAndOtherwiseFollowsTheLoad) {
    pb::configureRuntime(3);
    EXPECT_EQ(pb::adaptThreadsToLoad(), 3);
    EXPECT_EQ(pb::runtimeThreads(), 3);
    if (std::getenv("OMP_NUM_THREADS")) GTEST_SKIP() << "OMP_NUM_THREADS fixes the count";
    pb::configureRuntime();
    const int adapted = pb::adaptThreadsToLoad();
    EXPECT_GE(adapted, 1);
    EXPECT_EQ(pb::runtimeThreads(), adapted);
}
