// The offline task pack (core/evalzs/pack.h): each builder on a small fixture (item counts,
// gold answers checked against the data, determinism), then every task on the fetched data
// (required under CI=true: a missing file fails there instead of skipping).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/pack.h"
#include "core/util/error.h"

namespace fs = std::filesystem;
using namespace pb::zs;

namespace {

fs::path fixtureDir() { return fs::path(PB_FIXTURE_DIR) / "taskpack"; }

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    EXPECT_TRUE(in) << p;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
std::string fixture(const std::string& name) { return read(fixtureDir() / name); }

void expectSame(const Task& a, const Task& b) {
    ASSERT_EQ(a.items.size(), b.items.size());
    for (size_t i = 0; i < a.items.size(); ++i) {
        EXPECT_EQ(a.items[i].requests, b.items[i].requests) << i;
        EXPECT_EQ(a.items[i].gold, b.items[i].gold) << i;
    }
}

bool sameItems(const Task& a, const Task& b) {
    if (a.items.size() != b.items.size()) return false;
    for (size_t i = 0; i < a.items.size(); ++i)
        if (a.items[i].requests != b.items[i].requests || a.items[i].gold != b.items[i].gold) return false;
    return true;
}

// Every item: one request per choice, continuation " " + choice, one context, gold in range.
void expectWellFormed(const Task& t, size_t choices) {
    for (const Item& it : t.items) {
        ASSERT_EQ(it.choices.size(), choices) << t.name;
        ASSERT_EQ(it.requests.size(), choices) << t.name;
        ASSERT_GE(it.gold, 0);
        ASSERT_LT(it.gold, int(choices));
        std::set<std::string> distinct(it.choices.begin(), it.choices.end());
        EXPECT_EQ(distinct.size(), choices) << t.name << ": repeated choice";
        for (size_t c = 0; c < choices; ++c) {
            EXPECT_EQ(it.requests[c].context, it.requests[0].context);
            EXPECT_EQ(it.requests[c].continuation, " " + it.choices[c]);
        }
    }
}

// The word (or name) an item asks about: the context's first line, or between two markers.
std::string between(const std::string& s, const std::string& a, const std::string& b) {
    const size_t i = s.find(a);
    if (i == std::string::npos) return "";
    const size_t j = s.find(b, i + a.size());
    return s.substr(i + a.size(), j - i - a.size());
}
std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

std::vector<Email> fixtureMails() {
    std::vector<Email> m;
    for (const auto& e : fs::directory_iterator(fixtureDir() / "mail"))
        m.push_back({e.path().filename().string(), read(e.path()), e.path().filename().string().rfind("spam", 0) == 0});
    return m;
}

std::vector<Address> fixtureAddresses() {
    std::vector<Address> out;
    for (const auto& e : fs::directory_iterator(fixtureDir() / "sotu")) {
        Address a;
        EXPECT_TRUE(parseSotuFileName(e.path().filename().string(), a)) << e.path();
        a.text = read(e.path());
        out.push_back(a);
    }
    return out;
}

} // namespace

TEST(TaskPack, CapitalsBothDirectionsWithTheRightGold) {
    const std::string csv = fixture("capitals.csv");
    const std::map<std::string, std::string> capital = {{"Alabama", "Montgomery"}, {"Alaska", "Juneau"},
                                                        {"Arizona", "Phoenix"},    {"Ohio", "Columbus"},
                                                        {"Texas", "Austin"},       {"Utah", "Salt Lake City"}};
    std::map<std::string, std::string> state;
    for (const auto& [s, c] : capital) state[c] = s;
    const Task t = capitalsTask(csv, 0, kPackSeed);
    EXPECT_EQ(t.name, "capitals");
    EXPECT_TRUE(t.has_acc_norm);
    ASSERT_EQ(t.items.size(), 12u);  // 6 states, two directions
    expectWellFormed(t, 4);
    int ask_capital = 0;
    std::set<std::string> asked;
    for (const Item& it : t.items) {
        const std::string& ctx = it.requests[0].context;
        const std::string gold = it.choices[size_t(it.gold)];
        if (ctx.rfind("Question: What is the capital of ", 0) == 0) {
            const std::string s = between(ctx, "capital of ", "?");
            EXPECT_EQ(ctx, "Question: What is the capital of " + s + "?\nAnswer:");
            EXPECT_EQ(gold, capital.at(s));
            for (const auto& c : it.choices) EXPECT_TRUE(state.count(c)) << c;  // distractors are capitals
            ++ask_capital;
            asked.insert("c:" + s);
        } else {
            const std::string c = between(ctx, "Question: ", " is the capital");
            EXPECT_EQ(ctx, "Question: " + c + " is the capital of which U.S. state?\nAnswer:");
            EXPECT_EQ(gold, state.at(c));
            for (const auto& s : it.choices) EXPECT_TRUE(capital.count(s)) << s;
            asked.insert("s:" + c);
        }
    }
    EXPECT_EQ(ask_capital, 6);
    EXPECT_EQ(asked.size(), 12u);  // no item twice
    expectSame(t, capitalsTask(csv, 0, kPackSeed));
    EXPECT_FALSE(sameItems(t, capitalsTask(csv, 0, 7)));
    EXPECT_EQ(capitalsTask(csv, 5, kPackSeed).items.size(), 5u);
    EXPECT_EQ(capitalsTask(csv, 500, kPackSeed).items.size(), 12u);  // what the data has
    EXPECT_THROW(capitalsTask("state,capital\nOhio;Columbus\n", 0, 1), pb::Error);
}

TEST(TaskPack, SentimentFromLiuListsBalancedAndCorrect) {
    const std::string pos = fixture("liu-positive.txt"), neg = fixture("liu-negative.txt");
    const std::set<std::string> good = {"good", "happy", "bright", "kind", "wonderful", "fine", "lovely", "brave", "generous"};
    const std::set<std::string> bad = {"bad", "sad", "awful", "cruel", "horrible", "gloomy", "rude", "ugly"};
    const Task t = sentimentTask(pos, neg, 0, kPackSeed);
    EXPECT_FALSE(t.has_acc_norm);
    ASSERT_EQ(t.items.size(), 16u);  // 2 x the smaller class; "worst" (both lists), "a+", "Super", "d*mn" left out
    expectWellFormed(t, 2);
    int golds[2] = {0, 0};
    for (const Item& it : t.items) {
        EXPECT_EQ(it.choices, (std::vector<std::string>{"negative", "positive"}));
        const std::string w = firstLine(it.requests[0].context);
        EXPECT_EQ(it.requests[0].context, w + "\nQuestion: Is this word positive or negative?\nAnswer:");
        EXPECT_EQ(it.gold, good.count(w) ? 1 : 0) << w;
        EXPECT_TRUE(good.count(w) || bad.count(w)) << w;
        ++golds[it.gold];
    }
    EXPECT_EQ(golds[0], 8);
    EXPECT_EQ(golds[1], 8);
    expectSame(t, sentimentTask(pos, neg, 0, kPackSeed));
    const Task five = sentimentTask(pos, neg, 5, kPackSeed);
    ASSERT_EQ(five.items.size(), 5u);
    int neg5 = 0;
    for (const Item& it : five.items) neg5 += it.gold == 0;
    EXPECT_EQ(neg5, 3);  // the odd item goes to the first class
}

TEST(TaskPack, AfinnLeavesOutLiuWordsAndZeroValence) {
    const Task t = afinnTask(fixture("afinn.csv"), fixture("liu-positive.txt"), fixture("liu-negative.txt"), 0, kPackSeed);
    const std::map<std::string, int> gold = {{"abandon", 0}, {"can't stand", 0}, {"dread", 0}, {"fraud", 0},
                                             {"admire", 1},  {"cool stuff", 1},  {"thrilled", 1}};
    ASSERT_EQ(t.items.size(), 6u);  // 3 positive entries, 3 of the 4 negative ones
    expectWellFormed(t, 2);
    for (const Item& it : t.items) {
        const std::string w = firstLine(it.requests[0].context);
        ASSERT_TRUE(gold.count(w)) << w;  // never good/bad (Liu), never "some kind" (0)
        EXPECT_EQ(it.gold, gold.at(w)) << w;
        const bool phrase = w.find(' ') != std::string::npos;
        EXPECT_NE(it.requests[0].context.find(phrase ? "Is this phrase" : "Is this word"), std::string::npos);
    }
    EXPECT_THROW(afinnTask("word,valence\ngood,x\n", "", "", 0, 1), pb::Error);
}

TEST(TaskPack, NameGenderUsesNamesOfOneListOnly) {
    const Task t = nameGenderTask(fixture("female-names.txt"), fixture("male-names.txt"), 0, kPackSeed);
    const std::set<std::string> girls = {"Mary", "Anna", "Beatrice", "Clara", "Ivy"};
    const std::set<std::string> boys = {"John", "Peter", "Arthur", "Bruno", "Otto"};
    ASSERT_EQ(t.items.size(), 10u);  // Jordan (both lists), El and Ab (too short) left out
    expectWellFormed(t, 2);
    for (const Item& it : t.items) {
        const std::string n = between(it.requests[0].context, "Question: Is ", " a boy's");
        EXPECT_EQ(it.choices, (std::vector<std::string>{"a boy's name", "a girl's name"}));
        EXPECT_EQ(it.gold, girls.count(n) ? 1 : 0) << n;
        EXPECT_TRUE(girls.count(n) || boys.count(n)) << n;
    }
    expectSame(t, nameGenderTask(fixture("female-names.txt"), fixture("male-names.txt"), 0, kPackSeed));
}

TEST(TaskPack, EmailExcerptsReadOnlyPlainTextBodies) {
    const EmailExcerpt a = emailExcerpt(fixture("mail/spam-01.txt"));
    ASSERT_TRUE(a.ok);
    EXPECT_EQ(a.subject, "Lose 20 pounds in 10 days");  // the list tag dropped
    EXPECT_EQ(a.body.rfind("Dear friend, our amazing new formula burns fat", 0), 0u);
    EXPECT_EQ(std::count(a.body.begin(), a.body.end(), ' '), 39);  // 40 words
    const EmailExcerpt qp = emailExcerpt(fixture("mail/spam-02.txt"));
    ASSERT_TRUE(qp.ok);
    EXPECT_NE(qp.body.find("and you have won a cash prize of $10,000. To receive"), std::string::npos);
    EXPECT_FALSE(emailExcerpt(fixture("mail/spam-03.txt")).ok);  // text/html
    EXPECT_FALSE(emailExcerpt(fixture("mail/spam-04.txt")).ok);  // multipart
    EXPECT_FALSE(emailExcerpt(fixture("mail/ham-03.txt")).ok);   // under 20 words
    const EmailExcerpt tags = emailExcerpt(fixture("mail/spam-05.txt"));
    ASSERT_TRUE(tags.ok);
    EXPECT_EQ(tags.body.find('<'), std::string::npos);
    const EmailExcerpt quoted = emailExcerpt(fixture("mail/ham-01.txt"));
    ASSERT_TRUE(quoted.ok);
    EXPECT_EQ(quoted.subject, "Re: Meeting notes");
    EXPECT_EQ(quoted.body.rfind("I wrote down the main points.", 0), 0u);  // "> ..." lines dropped
    EXPECT_FALSE(emailExcerpt("no header break").ok);
    const EmailExcerpt crlf = emailExcerpt("Subject: x\r\n\r\n" + std::string(200, 'a') + " b c d e f g h i j k l m n o p q r s t u");
    ASSERT_TRUE(crlf.ok);
    EXPECT_LE(crlf.body.size(), 300u);
}

TEST(TaskPack, SpamTaskIsBalancedAndLabelledByFolder) {
    const Task t = spamTask(fixtureMails(), 0, kPackSeed);
    EXPECT_EQ(t.name, "spam");
    EXPECT_FALSE(t.has_acc_norm);
    ASSERT_EQ(t.items.size(), 6u);  // 3 usable spam (01 02 05), 3 usable ham (01 02 04)
    expectWellFormed(t, 2);
    int spam = 0;
    for (const Item& it : t.items) {
        const std::string& ctx = it.requests[0].context;
        EXPECT_EQ(ctx.rfind("Subject: ", 0), 0u);
        const std::string tail = "\nQuestion: Is this e-mail spam?\nAnswer:";
        ASSERT_GT(ctx.size(), tail.size());
        EXPECT_EQ(ctx.substr(ctx.size() - tail.size()), tail);
        EXPECT_EQ(it.choices, (std::vector<std::string>{"no", "yes"}));
        const bool is_spam = ctx.find("formula burns fat") != std::string::npos || ctx.find("cash prize") != std::string::npos ||
                             ctx.find("working from home") != std::string::npos;
        EXPECT_EQ(it.gold, is_spam ? 1 : 0) << ctx;
        spam += it.gold;
    }
    EXPECT_EQ(spam, 3);
    // The same items whatever order the files come in.
    std::vector<Email> reversed = fixtureMails();
    std::reverse(reversed.begin(), reversed.end());
    expectSame(t, spamTask(reversed, 0, kPackSeed));
}

TEST(TaskPack, SotuFileNamesCarryYearPresidentParty) {
    Address a;
    ASSERT_TRUE(parseSotuFileName("1899_william_mc_kinley_r.txt", a));
    EXPECT_EQ(a.year, 1899);
    EXPECT_EQ(a.president, "William McKinley");
    EXPECT_EQ(a.party, "Republican");
    ASSERT_TRUE(parseSotuFileName("/x/1934_franklin_d_roosevelt_d.txt", a));
    EXPECT_EQ(a.president, "Franklin D. Roosevelt");
    EXPECT_EQ(a.party, "Democratic");
    ASSERT_TRUE(parseSotuFileName("1801_thomas_jefferson_dr.txt", a));
    EXPECT_EQ(a.party, "Democratic-Republican");
    EXPECT_FALSE(parseSotuFileName("notes.txt", a));
    EXPECT_FALSE(parseSotuFileName("1801_thomas_jefferson_xx.txt", a));  // unknown party code
    EXPECT_FALSE(parseSotuFileName("180_thomas_jefferson_d.txt", a));
    EXPECT_FALSE(parseSotuFileName("1801_Thomas_jefferson_d.txt", a));
}

TEST(TaskPack, SotuExcerptsComeFromTheGoldAddress) {
    const std::vector<Address> addresses = fixtureAddresses();
    ASSERT_EQ(addresses.size(), 5u);
    for (const std::string name : {"sotu_president", "sotu_decade"}) {
        SCOPED_TRACE(name);
        const Task t = sotuTask(name, addresses, 20, kPackSeed);
        ASSERT_EQ(t.items.size(), 20u);
        expectWellFormed(t, 4);
        const bool decade = name == "sotu_decade";
        std::set<std::string> excerpts;
        for (const Item& it : t.items) {
            const std::string& ctx = it.requests[0].context;
            const std::string excerpt = firstLine(ctx);
            EXPECT_TRUE(excerpts.insert(excerpt).second);
            const size_t words = size_t(std::count(excerpt.begin(), excerpt.end(), ' ')) + 1;
            EXPECT_GE(words, 40u);
            EXPECT_LE(words, 80u);
            const Address* from = nullptr;  // the address the excerpt is cut from
            for (const Address& a : addresses)
                if (a.text.find(excerpt) != std::string::npos) from = &a;
            ASSERT_NE(from, nullptr) << excerpt;
            const std::string gold = it.choices[size_t(it.gold)];
            EXPECT_EQ(gold, decade ? std::to_string(from->year / 10 * 10) + "s" : from->president);
            if (!decade) {
                EXPECT_EQ(excerpt.find(from->president.substr(from->president.rfind(' ') + 1)), std::string::npos);
            }
            EXPECT_NE(ctx.find(decade ? "In which decade" : "Which president"), std::string::npos);
        }
        std::vector<Address> shuffled(addresses.rbegin(), addresses.rend());
        expectSame(t, sotuTask(name, shuffled, 20, kPackSeed));
        EXPECT_THROW(sotuTask(name, addresses, 100000, kPackSeed), pb::Error);  // more than the text gives
    }
}

TEST(TaskPack, SpecsNameTheTasks) {
    EXPECT_EQ(expandPackSpec("pack"), packTaskNames());
    EXPECT_EQ(packTaskNames().size(), 9u);
    EXPECT_EQ(expandPackSpec("demo"), (std::vector<std::string>{"next_sentence", "cloze"}));
    EXPECT_EQ(expandPackSpec("spam,capitals,spam"), (std::vector<std::string>{"spam", "capitals"}));
    EXPECT_THROW(expandPackSpec("capitols"), pb::Error);
    for (const auto& n : packTaskNames()) EXPECT_TRUE(isBuiltinTask(n)) << n;
    EXPECT_FALSE(isBuiltinTask("boolq"));
}

// The whole pack on the data scripts/setup.sh fetched. Under CI the data must be there.
TEST(TaskPack, EveryTaskOnTheFetchedData) {
    const fs::path need[] = {pb::assets::taskDataDir() / "us-states-names-capitals.csv",
                             pb::assets::taskDataDir() / "spam-assassin-spam-2",
                             pb::assets::demoTextDir() / "sotu", pb::assets::demoTextDir() / "moby-dick.txt"};
    for (const fs::path& p : need) {
        if (fs::exists(p)) continue;
        const char* ci = std::getenv("CI");
        if (ci && std::string(ci) == "true") FAIL() << "task data missing under CI: " << p << " (scripts/setup.sh fetches it)";
        GTEST_SKIP() << "task data missing: " << p << " (run scripts/setup.sh)";
    }
    for (const PackTaskInfo& info : packTasks()) {
        SCOPED_TRACE(info.name);
        const Task t = packTask(info.name);
        EXPECT_EQ(int64_t(t.items.size()), info.default_items);
        expectWellFormed(t, size_t(info.choices));
        expectSame(t, packTask(info.name));
        std::vector<int> golds(size_t(info.choices), 0);
        for (const Item& it : t.items) ++golds[size_t(it.gold)];
        for (int g : golds) EXPECT_GT(g, int(t.items.size()) / info.choices / 2) << "gold positions far from uniform";
    }
    // Gold answers against the raw data for two of them.
    std::map<std::string, std::string> capital;
    std::istringstream csv(read(pb::assets::taskDataDir() / "us-states-names-capitals.csv"));
    std::string line;
    std::getline(csv, line);
    while (std::getline(csv, line)) capital[line.substr(0, line.find(','))] = line.substr(line.find(',') + 1);
    EXPECT_EQ(capital.size(), 50u);
    for (const Item& it : packTask("capitals").items) {
        const std::string& ctx = it.requests[0].context;
        if (ctx.rfind("Question: What is the capital of ", 0) == 0) {
            EXPECT_EQ(it.choices[size_t(it.gold)], capital.at(between(ctx, "capital of ", "?")));
        }
    }
    std::set<std::string> positive;
    std::istringstream pos(read(pb::assets::taskDataDir() / "liu-positive-opinion-words-en.txt"));
    while (std::getline(pos, line)) positive.insert(line);
    for (const Item& it : packTask("sentiment").items)
        EXPECT_EQ(it.gold, positive.count(firstLine(it.requests[0].context)) ? 1 : 0);
    EXPECT_EQ(packTask("spam", 40).items.size(), 40u);
    EXPECT_EQ(packTask("capitals", 1000).items.size(), 100u);
}
