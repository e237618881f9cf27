// spam: is an e-mail excerpt spam (SpamAssassin public corpus), two fixed choices
// (core/evalzs/pack.h).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/evalzs/pack.h"
#include "core/evalzs/pack_text.h"
#include "core/util/error.h"

namespace pb::zs {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string decodeQuotedPrintable(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '=') {
            out += s[i];
            continue;
        }
        if (i + 1 < s.size() && s[i + 1] == '\n') {  // soft line break
            ++i;
            continue;
        }
        const int hi = i + 2 < s.size() ? hexValue(s[i + 1]) : -1, lo = i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += '=';
        }
    }
    return out;
}

std::string dropTags(const std::string& s) {  // "<...>" removed (HTML in text/plain spam)
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            const size_t e = s.find('>', i + 1);
            if (e != std::string::npos && e - i < 200) {
                out += ' ';
                i = e;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::string dropListTags(std::string subject) {  // "[ILUG] Re: [zzzzteana] x" -> "Re: x"
    for (size_t p; (p = subject.find('[')) != std::string::npos;) {
        const size_t e = subject.find(']', p);
        if (e == std::string::npos || e - p > 40) break;
        subject.erase(p, e - p + 1);
    }
    return trim(subject);
}

std::string joinWords(const std::vector<std::string>& w, size_t max_words, size_t max_bytes) {
    std::string s;
    for (size_t i = 0; i < w.size() && i < max_words; ++i) {
        if (!s.empty() && s.size() + 1 + w[i].size() > max_bytes) break;
        if (s.empty() && w[i].size() > max_bytes) return w[i].substr(0, max_bytes);
        s += (s.empty() ? "" : " ") + w[i];
    }
    return s;
}

} // namespace

EmailExcerpt emailExcerpt(const std::string& raw_in) {
    std::string raw;
    raw.reserve(raw_in.size());
    for (char c : raw_in)
        if (c != '\r') raw += c;
    EmailExcerpt out;
    const size_t split = raw.find("\n\n");
    if (split == std::string::npos) return out;
    std::map<std::string, std::string> headers;  // the first of each name, continuation lines joined
    std::string last;
    size_t p = 0;
    while (p < split) {
        size_t e = raw.find('\n', p);
        if (e == std::string::npos || e > split) e = split;
        const std::string line = raw.substr(p, e - p);
        p = e + 1;
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            if (!last.empty()) headers[last] += " " + trim(line);
            continue;
        }
        const size_t colon = line.find(':');
        if (colon == std::string::npos) {
            last.clear();
            continue;
        }
        last = lower(trim(line.substr(0, colon)));
        if (headers.count(last)) last = "\x01";  // a repeated header: ignored
        headers[last] = trim(line.substr(colon + 1));
    }
    const std::string type = headers.count("content-type") ? lower(headers["content-type"]) : "text/plain";
    if (type.rfind("text/plain", 0) != 0) return out;
    const std::string enc = headers.count("content-transfer-encoding") ? lower(headers["content-transfer-encoding"]) : "7bit";
    if (enc != "7bit" && enc != "8bit" && enc != "quoted-printable" && enc != "binary") return out;
    std::string body = raw.substr(split + 2);
    if (enc == "quoted-printable") body = decodeQuotedPrintable(body);
    std::string kept;  // quoted lines ("> ...") dropped
    size_t q = 0;
    while (q <= body.size()) {
        size_t e = body.find('\n', q);
        if (e == std::string::npos) e = body.size();
        const std::string line = body.substr(q, e - q);
        q = e + 1;
        const size_t a = line.find_first_not_of(" \t");
        if (a != std::string::npos && line[a] == '>') continue;
        kept += line + "\n";
    }
    const std::vector<std::string> w = words(cleanUtf8(dropTags(kept)));
    if (w.size() < 20) return out;
    out.subject = joinWords(words(cleanUtf8(dropListTags(headers.count("subject") ? headers["subject"] : ""))), 20, 120);
    out.body = joinWords(w, 40, 300);
    out.ok = true;
    return out;
}

Task spamTask(std::vector<Email> mails, int64_t items, uint64_t seed) {
    std::sort(mails.begin(), mails.end(), [](const Email& a, const Email& b) {
        return a.spam != b.spam ? a.spam < b.spam : a.name < b.name;
    });
    std::vector<std::pair<EmailExcerpt, int>> cand[2];
    std::set<std::string> seen;  // the same excerpt once (spam is often sent many times)
    for (const Email& m : mails) {
        EmailExcerpt e = emailExcerpt(m.raw);
        if (!e.ok || !seen.insert(e.body).second) continue;
        cand[m.spam ? 1 : 0].emplace_back(std::move(e), m.spam ? 1 : 0);
    }
    SplitMix rng{taskSeed(seed, "spam")};
    shuffleWith(cand[0], rng);
    shuffleWith(cand[1], rng);
    const size_t most = 2 * std::min(cand[0].size(), cand[1].size());
    const size_t n = items > 0 ? std::min(most, size_t(items)) : most;
    if (n < 2) throw Error("spam data: too few usable messages of each class");
    std::vector<std::pair<EmailExcerpt, int>> picked(cand[0].begin(), cand[0].begin() + long((n + 1) / 2));
    picked.insert(picked.end(), cand[1].begin(), cand[1].begin() + long(n / 2));
    shuffleWith(picked, rng);
    Task t;
    t.name = "spam";
    t.has_acc_norm = false;
    for (const auto& [e, gold] : picked)
        t.items.push_back(choiceItem("Subject: " + e.subject + "\n" + e.body + "\nQuestion: Is this e-mail spam?\nAnswer:",
                                     {"no", "yes"}, gold));
    return t;
}

} // namespace pb::zs
