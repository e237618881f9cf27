// core/model/runtime: the thread count follows what other processes leave free.
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
