// The dispatcher's one table: every criterion's scorer family has a function of the
// criterion's kind (width or block), and none of the other; the streamed rows are what
// StreamedModel scores.
#include <gtest/gtest.h>

#include "core/plan/criteria.h"
#include "core/prune/scorers.h"
#include "core/stream/streamed_model.h"

TEST(Scorers, EveryCriterionHasAFunctionOfItsKind) {
    for (const pb::CriterionInfo& c : pb::criteria()) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(pb::widthScorer(c.scorer) != nullptr, !c.depth);
        EXPECT_EQ(pb::blockScorer(c.scorer) != nullptr, c.depth);
        EXPECT_EQ(pb::StreamedModel::streams(c.id), c.streamed);
    }
}
