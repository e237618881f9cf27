#pragma once
// Checks that a tokenizer written by an export and loaded back behaves like the model's.
#include <string>
#include <vector>

namespace pb {

class Tokenizer;

// Compares vocabulary, BOS/EOS, add-BOS and the ids and decoding of a probe text (with
// and without special tokens). Throws pb::Error "the exported tokenizer does not
// reproduce the model's tokenizer: ..." on the first difference; token ids the written
// format leaves without a string are counted in a note.
void checkSameTokenizer(const Tokenizer& want, const Tokenizer& got, std::vector<std::string>& notes);

} // namespace pb
