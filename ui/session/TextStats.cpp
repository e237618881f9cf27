#include "ui/session/TextStats.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>

#include <exception>
#include <filesystem>
#include <optional>

#include "core/data/assets.h"
#include "core/data/benchmark_text.h"
#include "core/data/text_files.h"
#include "core/tokenizer/tokenizer.h"

namespace pb::ui {

namespace {

constexpr size_t kExactBytes = size_t(32) << 20;   // tokenized whole up to this size
constexpr size_t kSampleBytes = size_t(8) << 20;   // else this prefix, scaled

// The first `n` bytes of `text`, cut before a UTF-8 continuation byte.
std::string_view prefix(const std::string& text, size_t n) {
    n = std::min(n, text.size());
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return std::string_view(text).substr(0, n);
}

TextCount countText(const pb::Tokenizer& tokenizer, const std::string& spec) {
    TextCount c;
    c.ready = true;
    try {
        const auto bench = pb::parseBenchmarkSpec(spec);
        std::string text;
        if (bench) {  // wikitext2:PATH, ptb:PATH: one file, rebuilt as the HF rows
            const pb::BenchmarkText b = pb::loadBenchmarkText(bench->kind, bench->path);
            text = b.text;
            c.dataset = QString::fromStdString(pb::describeBenchmark(b));
        } else {
            text = pb::assets::loadText(spec);
        }
        c.bytes = qint64(text.size());
        const std::filesystem::path source = pb::assets::textSourcePath(spec);
        std::error_code ec;
        c.files = !bench && std::filesystem::is_directory(source, ec) ? int(pb::textFolderFiles(source).size()) : 1;
        if (text.size() <= kExactBytes) {
            c.tokens = qint64(tokenizer.encode(text, true).size());
        } else {
            const std::string_view head = prefix(text, kSampleBytes);
            const double per_byte = double(tokenizer.encode(head, true).size()) / double(std::max<size_t>(1, head.size()));
            c.tokens = qint64(per_byte * double(text.size()));
            c.approximate = true;
        }
        c.ok = true;
    } catch (const std::exception& e) {
        c.error = QString::fromUtf8(e.what());
    }
    return c;
}

} // namespace

TextStats::TextStats(QObject* parent) : QObject(parent) { pool_.setMaxThreadCount(1); }

TextStats::~TextStats() { pool_.waitForDone(); }

void TextStats::setTokenizer(std::shared_ptr<const pb::Tokenizer> tokenizer) {
    tokenizer_ = std::move(tokenizer);
    ++generation_;
    counts_.clear();
}

void TextStats::waitForCounts() {
    pool_.waitForDone();
    QCoreApplication::sendPostedEvents(this);
}

TextCount TextStats::count(const std::string& spec) {
    const QString key = QString::fromStdString(spec);
    if (auto it = counts_.constFind(key); it != counts_.constEnd()) return it.value();
    TextCount pending;
    counts_.insert(key, pending);
    if (!tokenizer_) return pending;
    QPointer<TextStats> self(this);
    const int generation = generation_;
    pool_.start([self, tokenizer = tokenizer_, spec, key, generation]() {
        const TextCount c = countText(*tokenizer, spec);
        if (!self) return;
        QMetaObject::invokeMethod(self.data(), [self, key, c, generation]() {
            if (!self || generation != self->generation_) return;
            self->counts_.insert(key, c);
            Q_EMIT self->counted(key);
        }, Qt::QueuedConnection);
    });
    return pending;
}

QString TextStats::displayName(const std::string& spec) {
    if (spec == "demo:sotu") return tr("State of the Union (demo)");
    if (spec == "demo:moby-dick") return tr("Moby-Dick (demo)");
    std::optional<pb::BenchmarkSpec> bench;
    try {
        bench = pb::parseBenchmarkSpec(spec);
    } catch (const std::exception&) {
    }
    if (bench) {
        const QString name = displayName(bench->path.string());
        return bench->kind == pb::BenchmarkKind::Wikitext2 ? tr("%1 (WikiText-2)").arg(name) : tr("%1 (Penn Treebank)").arg(name);
    }
    const QString path = QString::fromStdString(spec);
    std::error_code ec;
    if (std::filesystem::is_directory(std::filesystem::path(spec), ec))
        return QDir(path).dirName() + QLatin1Char('/');
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

} // namespace pb::ui
