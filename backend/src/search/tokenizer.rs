//! The one tokenizer the template index uses, for indexing and for queries.
//!
//! Text splits into runs: a run of CJK characters (Han, kana, Hangul,
//! bopomofo) or a run of other letters and digits. A CJK run becomes its
//! single characters and its overlapping bigrams, each bigram at the
//! position of its first character, so "環保包裝" indexes 環 保 包 裝 and
//! 環保 保包 包裝, and a query bigram sequence can be matched as a phrase.
//! Any other run is one word. Words are lowercased and folded to ASCII
//! afterwards by the analyzer's filters (see [`analyzer`]).

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under in the index.
pub const NAME: &str = "atelier_cjk_bigram";

/// Words longer than this many bytes are dropped (hashes, pasted URLs).
const LONGEST_WORD: usize = 60;

/// The analyzer of every text field: runs, then lowercase, then ASCII folding.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(CjkBigramTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Whether `c` belongs to a script written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2E80..=0x2FDF     // CJK radicals, Kangxi radicals
        | 0x3005..=0x3007     // 々 〆 〇
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3100..=0x312F     // Bopomofo
        | 0x31A0..=0x31BF     // Bopomofo extended
        | 0x3400..=0x4DBF     // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFF66..=0xFF9F     // half-width Katakana
        | 0x20000..=0x3134F   // CJK Extensions B-G
    )
}

/// A run of text as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// Letters and digits outside CJK, as written (not yet lowercased).
    Word(String),
    /// Consecutive CJK characters.
    Cjk(Vec<char>),
}

/// Splits `text` into words and CJK runs; everything else separates them.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            if !cjk.is_empty() {
                out.push(Run::Cjk(std::mem::take(&mut cjk)));
            }
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            if !cjk.is_empty() {
                out.push(Run::Cjk(std::mem::take(&mut cjk)));
            }
        }
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    if !cjk.is_empty() {
        out.push(Run::Cjk(cjk));
    }
    out
}

/// The bigrams of a CJK run, or the run itself when it is one character.
pub fn bigrams(chars: &[char]) -> Vec<String> {
    if chars.len() < 2 {
        return chars.iter().map(|c| c.to_string()).collect();
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Emits words, CJK unigrams and CJK bigrams with byte offsets.
#[derive(Clone, Default)]
pub struct CjkBigramTokenizer {
    tokens: Vec<Token>,
}

pub struct CjkBigramStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
    current: Token,
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkBigramStream<'a> {
        self.tokens.clear();
        tokenize_into(text, &mut self.tokens);
        CjkBigramStream {
            tokens: &mut self.tokens,
            next: 0,
            current: Token::default(),
        }
    }
}

impl TokenStream for CjkBigramStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.get_mut(self.next) {
            Some(t) => {
                self.current = std::mem::take(t);
                self.next += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let mut position = 0usize;
    // (byte offset, char) of the CJK run being read.
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut word_start: Option<usize> = None;
    for (offset, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(start) = word_start.take() {
                push_word(text, start, offset, &mut position, out);
            }
            run.push((offset, c));
        } else {
            flush_cjk(&mut run, &mut position, out);
            if c.is_alphanumeric() {
                word_start.get_or_insert(offset);
            } else if let Some(start) = word_start.take() {
                push_word(text, start, offset, &mut position, out);
            }
        }
    }
    if let Some(start) = word_start {
        push_word(text, start, text.len(), &mut position, out);
    }
    flush_cjk(&mut run, &mut position, out);
}

fn push_word(text: &str, from: usize, to: usize, position: &mut usize, out: &mut Vec<Token>) {
    out.push(Token {
        offset_from: from,
        offset_to: to,
        position: *position,
        text: text[from..to].to_owned(),
        position_length: 1,
    });
    *position += 1;
}

fn flush_cjk(run: &mut Vec<(usize, char)>, position: &mut usize, out: &mut Vec<Token>) {
    for (i, &(offset, c)) in run.iter().enumerate() {
        let end = offset + c.len_utf8();
        out.push(Token {
            offset_from: offset,
            offset_to: end,
            position: *position + i,
            text: c.to_string(),
            position_length: 1,
        });
        if let Some(&(next_offset, next)) = run.get(i + 1) {
            let mut text = String::with_capacity(c.len_utf8() + next.len_utf8());
            text.push(c);
            text.push(next);
            out.push(Token {
                offset_from: offset,
                offset_to: next_offset + next.len_utf8(),
                position: *position + i,
                text,
                position_length: 2,
            });
        }
    }
    *position += run.len();
    run.clear();
}
