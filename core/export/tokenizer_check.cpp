// checkSameTokenizer: a written-and-reloaded tokenizer against the model's own.
#include "core/export/tokenizer_check.h"

#include <string>

#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

void checkSameTokenizer(const Tokenizer& want, const Tokenizer& got, std::vector<std::string>& notes) {
    auto fail = [](const std::string& what) {
        throw Error("the exported tokenizer does not reproduce the model's tokenizer: " + what);
    };
    if (got.vocabSize() != want.vocabSize())
        fail("vocabulary size " + std::to_string(got.vocabSize()) + " instead of " + std::to_string(want.vocabSize()));
    if (got.bosId() != want.bosId() && want.bosId() >= 0)
        fail("BOS id " + std::to_string(got.bosId()) + " instead of " + std::to_string(want.bosId()));
    if (got.eosId() != want.eosId() && want.eosId() >= 0)
        fail("EOS id " + std::to_string(got.eosId()) + " instead of " + std::to_string(want.eosId()));
    if (got.addsBos() != want.addsBos()) fail(std::string("it ") + (want.addsBos() ? "does not add" : "adds") + " BOS");
    int64_t unlisted = 0;
    for (int32_t id = 0; id < want.vocabSize(); ++id) {
        const std::string a = want.tokenText(id), b = got.tokenText(id);
        if (a == b) continue;
        if (b.empty()) {  // a repeated token string (see HfTokenizerFiles::notes)
            ++unlisted;
            continue;
        }
        fail("token " + std::to_string(id) + " is '" + b + "' instead of '" + a + "'");
    }
    if (unlisted) notes.push_back(std::to_string(unlisted) + " token id(s) have no tokenizer.json entry");
    std::string probe =
        "Hello world! It's 2024-05-17; the value is 3.14159, not 42.\n\n"
        "  Indented line\twith a tab\r\nand CRLF.   Trailing spaces   \n"
        "Caf\xC3\xA9 na\xC3\xAFve fa\xC3\xA7" "ade \xE2\x80\x94 \xE2\x80\x9Cquotes\xE2\x80\x9D, "
        "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E, \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4, "
        "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC, \xF0\x9F\xA4\x96\xF0\x9F\x8E\x89 "
        "<b>html</b> x=y+1; foo_bar(); 1234567890 don't we'll I'M ";
    for (int32_t id : {want.bosId(), want.eosId()})
        if (id >= 0) probe += want.tokenText(id) + " between " + want.tokenText(id) + "\n";
    for (bool special : {false, true}) {
        const auto a = want.encode(probe, special), b = got.encode(probe, special);
        if (a != b) fail(std::string("the ids of a probe text differ") + (special ? " (with special tokens)" : ""));
        if (want.decode(a) != got.decode(a)) fail("decoding the probe text differs");
        if (want.decode(a, true) != got.decode(a, true)) fail("decoding the probe text without special tokens differs");
    }
}

} // namespace pb
