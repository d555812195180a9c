// Golden GPT-2 token ids for GoldenTokenizerTest, from the reference JavaScript encoder that ships
// with the npm package gpt-3-encoder@1.1.4 (OpenAI's GPT-2 BPE, ported; MIT licence).
//
// Run once, from the repository root, with the unpacked package (npm pack gpt-3-encoder@1.1.4;
// tar xzf gpt-3-encoder-1.1.4.tgz) :
//
//   node src/test/node/gpt2_golden.js PATH/TO/gpt-3-encoder/package \
//        > src/test/resources/tokenizer/gpt2_golden.json
//
// For every text it records "ids", the package's encode(text). The package knows no special
// tokens, while a Hugging Face tokenizer.json (like the real gpt2 one) declares <|endoftext|> an
// added token that is matched before pre-tokenization. So for texts holding it the script also
// records "hf_ids": the text split at each <|endoftext|>, every piece encoded by the package on its
// own, with 50256 in between -- what the Hugging Face tokenizer must produce.
'use strict';
const path = require('path');

const pkg = process.argv[2];
if (!pkg) {
  console.error('usage: node gpt2_golden.js PATH/TO/gpt-3-encoder/package');
  process.exit(2);
}
const { encode, decode } = require(path.resolve(pkg, 'index.js'));
const EOT = '<|endoftext|>';
const EOT_ID = 50256;

const texts = [
  ['plain', 'Hello world'],
  ['empty', ''],
  ['single_space', ' '],
  ['leading_space', ' leading space'],
  ['trailing_space', 'trailing space '],
  ['multiple_spaces', 'multiple   spaces   between  words'],
  ['only_spaces', '     '],
  ['spaces_before_newline', 'end of line   \nnext'],
  ['newlines', 'line one\nline two\n\nafter a blank line\n\n\nafter two\n'],
  ['only_newline', '\n'],
  ['crlf', 'windows\r\nline endings\r\n'],
  ['tabs', '\ttab\tseparated\tvalues\n\tindented line\n\t\tdouble'],
  ['mixed_whitespace', ' \t \n x \u00a0nbsp'],
  ['digits', '0 1 12 123 1234 12345 123456 2024 1999'],
  ['numbers', 'Pi is 3.14159, a million is 1,000,000 and -42 < 1e10; dates: 2024-01-01, 12/31/1999.'],
  ['punctuation', 'Wait!? (parens) [brackets] {braces} "quotes" \'single\' --dash-- ... ;:,. @#$%^&*_+=|\\/~`'],
  ['comma_runs', ',,, ,, , ,,,, a,b,,c'],
  ['contractions', "It's, don't, they're, we've, I'm, you'll, he'd. IT'S DON'T THEY'RE I'VE"],
  ['contraction_pieces', "'s 't 're 've 'm 'll 'd s' o'clock rock'n'roll"],
  ['accents', 'café naïve résumé Ångström façade Müller señor'],
  ['cjk', '日本語のテキスト、中文文本。한국어 텍스트'],
  ['emoji', 'emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇫🇷!'],
  ['combining_marks', 'e\u0301 a\u0308 n\u0303 Z\u0351\u0324 cafe\u0301'],
  ['math_symbols', '∑ x² ≤ ∞ → α β γ'],
  ['brown_like', 'The Fulton County Grand Jury said Friday an investigation of Atlanta\'s recent primary election produced "no evidence" that any irregularities took place.'],
  ['long_words', 'antidisestablishmentarianism supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis'],
  ['code', 'def f(x):\n    return x**2  # square\n\nprint(f(3))\n'],
  ['case', 'UPPER lower Title mIxEd'],
  ['eot_alone', EOT],
  ['eot_inside', 'before' + EOT + 'after'],
  ['eot_spaced', 'One document. ' + EOT + ' Another one.'],
  ['eot_twice', EOT + EOT + '\n' + EOT],
];

const cases = texts.map(([name, text]) => {
  const ids = encode(text);
  if (decode(ids) !== text) {
    throw new Error('reference encoder does not round-trip ' + name);
  }
  const c = { name, text, ids };
  if (text.includes(EOT)) {
    const hf = [];
    text.split(EOT).forEach((piece, i) => {
      if (i > 0) hf.push(EOT_ID);
      hf.push(...encode(piece));
    });
    c.hf_ids = hf;
  }
  return c;
});

const out = {
  source: 'gpt-3-encoder@1.1.4 encode(), node ' + process.version,
  cases,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
