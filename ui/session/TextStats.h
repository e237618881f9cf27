#pragma once
// What the chosen texts hold: each text spec (core/data/assets.h: demo:NAME, a file, a folder
// of .txt files) read and tokenized with the open model's tokenizer once, off the GUI thread
// (its own thread pool, not the job runner: counting never blocks a job), so that the views
// show the token count and warn when a text is too short for the job. Results are kept per
// spec until the tokenizer changes. A text that cannot be read carries the core's one-line
// message (missing, empty, not UTF-8, binary).
#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <string>

namespace pb {
class Tokenizer;
}

namespace pb::ui {

struct TextCount {
    bool ready = false;      // false while counting
    bool ok = false;         // read and tokenized
    bool approximate = false;  // a large text: tokens of its first 8 MiB, scaled by bytes
    qint64 tokens = 0;       // with BOS, as perplexity and calibration tokenize it
    qint64 bytes = 0;
    int files = 0;           // 1 for a file; the .txt files of a folder
    QString error;           // why it could not be read (ok = false)
    QString dataset;         // wikitext2:/ptb: specs: the dataset, split and rows read (core's sentence)
};

class TextStats : public QObject {
    Q_OBJECT
public:
    explicit TextStats(QObject* parent = nullptr);
    ~TextStats() override;  // waits for a count in progress

    // A new tokenizer (another model): every count is forgotten.
    void setTokenizer(std::shared_ptr<const pb::Tokenizer> tokenizer);
    // What is known of `spec`; starts counting it when unknown (ready = false until counted).
    TextCount count(const std::string& spec);
    // Blocks until the counts in progress are done (tests).
    void waitForCounts();

    // "State of the Union (demo)", "Moby-Dick (demo)", a file's name, "folder/",
    // "wiki.test.raw (WikiText-2)", "data/ (Penn Treebank)".
    static QString displayName(const std::string& spec);

Q_SIGNALS:
    void counted(const QString& spec);

private:
    QThreadPool pool_;
    std::shared_ptr<const pb::Tokenizer> tokenizer_;
    int generation_ = 0;  // counts of an older tokenizer are dropped
    QHash<QString, TextCount> counts_;
};

} // namespace pb::ui
