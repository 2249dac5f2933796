//! From the text a person typed to tantivy queries, in tiers of growing
//! tolerance. Every unit of the query (a word, a CJK run) must match in some
//! field; a tier only relaxes how a unit may match:
//!
//! 1. exact: the word itself; a CJK run's bigrams all present (one CJK
//!    character: that character), ranked higher when they stand together;
//! 2. prefix: the last word also as the start of a longer word ("pack" finds
//!    "packaging"), unless the text ends in a space (the word is finished);
//! 3. fuzzy: words of [`FUZZY_MIN_CHARS`] letters or more also within one
//!    edit (a transposition counts as one), so "postr" finds "poster".
//!
//! Results of an earlier tier always come before those of a later one, so
//! an exact match is never outranked by a fuzzy one, whatever BM25 says.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::tokenizer::{Run, bigrams, runs};

/// Words shorter than this are never matched fuzzily: one edit on a
/// three-letter word matches too much ("cat": car, hat, cut, at, coat...).
pub const FUZZY_MIN_CHARS: usize = 4;
/// The last word is matched as a prefix from this many characters.
pub const PREFIX_MIN_CHARS: usize = 2;
/// Score of a prefix or fuzzy match of a unit in a field (before the
/// field's boost); exact terms add their BM25 score on top.
const RELAXED_SCORE: f32 = 0.5;
/// Extra weight of a CJK run whose bigrams stand together as typed.
const PHRASE_BOOST: f32 = 2.0;
/// Only the start of a longer text is searched: every word adds clauses
/// (and fuzzy automata) to the query, and nobody types more into a box.
pub const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Exact,
    Prefix,
    Fuzzy,
}

pub const TIERS: [Tier; 3] = [Tier::Exact, Tier::Prefix, Tier::Fuzzy];

#[derive(Debug)]
enum Unit {
    Word {
        text: String,
        prefix: bool,
        fuzzy: bool,
    },
    Cjk(Vec<String>),
}

/// A parsed query: its units and the fields (with boosts) they may match.
pub struct Plan {
    units: Vec<Unit>,
}

impl Plan {
    pub fn parse(text: &str, analyzer: &mut TextAnalyzer) -> Plan {
        let text = match text.char_indices().nth(MAX_QUERY_CHARS) {
            Some((cut, _)) => &text[..cut],
            None => text,
        };
        let ends_in_word = text.chars().last().is_some_and(char::is_alphanumeric);
        let all = runs(text);
        let count = all.len();
        let mut units = Vec::new();
        for (i, run) in all.into_iter().enumerate() {
            match run {
                Run::Word(word) => {
                    // One alphanumeric run is one token; the analyzer only
                    // lowercases and folds it (or drops it when too long).
                    let mut stream = analyzer.token_stream(&word);
                    let Some(token) = stream.next() else { continue };
                    let text = token.text.clone();
                    let chars = text.chars().count();
                    let has_digit = text.chars().any(|c| c.is_ascii_digit());
                    units.push(Unit::Word {
                        prefix: i + 1 == count && ends_in_word && chars >= PREFIX_MIN_CHARS,
                        fuzzy: chars >= FUZZY_MIN_CHARS && !has_digit,
                        text,
                    });
                }
                Run::Cjk(chars) => units.push(Unit::Cjk(bigrams(&chars))),
            }
        }
        Plan { units }
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Whether `tier` would match anything the tier before it did not.
    pub fn relaxes(&self, tier: Tier) -> bool {
        self.units.iter().any(|u| match (u, tier) {
            (_, Tier::Exact) => true,
            (Unit::Word { prefix, .. }, Tier::Prefix) => *prefix,
            (Unit::Word { fuzzy, .. }, Tier::Fuzzy) => *fuzzy,
            (Unit::Cjk(_), _) => false,
        })
    }

    /// The query of `tier` over `fields` (field, boost).
    pub fn query(&self, tier: Tier, fields: &[(Field, f32)]) -> Box<dyn Query> {
        let mut musts: Vec<(Occur, Box<dyn Query>)> = self
            .units
            .iter()
            .map(|unit| {
                let per_field: Vec<(Occur, Box<dyn Query>)> = fields
                    .iter()
                    .map(|&(field, boost)| {
                        let q: Box<dyn Query> =
                            Box::new(BoostQuery::new(unit_query(unit, field, tier), boost));
                        (Occur::Should, q)
                    })
                    .collect();
                let q: Box<dyn Query> = Box::new(BooleanQuery::new(per_field));
                (Occur::Must, q)
            })
            .collect();
        if musts.len() == 1
            && let Some((_, only)) = musts.pop()
        {
            return only;
        }
        Box::new(BooleanQuery::new(musts))
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn relaxed(query: FuzzyTermQuery) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(Box::new(query), RELAXED_SCORE))
}

fn unit_query(unit: &Unit, field: Field, tier: Tier) -> Box<dyn Query> {
    match unit {
        Unit::Word {
            text,
            prefix,
            fuzzy,
        } => {
            let term = Term::from_field_text(field, text);
            let mut options: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Should, term_query(field, text))];
            let prefix = *prefix && tier >= Tier::Prefix;
            let fuzzy = *fuzzy && tier >= Tier::Fuzzy;
            match (prefix, fuzzy) {
                (true, true) => options.push((
                    Occur::Should,
                    relaxed(FuzzyTermQuery::new_prefix(term, 1, true)),
                )),
                (true, false) => options.push((
                    Occur::Should,
                    relaxed(FuzzyTermQuery::new_prefix(term, 0, true)),
                )),
                (false, true) => {
                    options.push((Occur::Should, relaxed(FuzzyTermQuery::new(term, 1, true))))
                }
                (false, false) => {}
            }
            Box::new(BooleanQuery::new(options))
        }
        Unit::Cjk(grams) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = grams
                .iter()
                .map(|g| (Occur::Must, term_query(field, g)))
                .collect();
            if grams.len() > 1 {
                let terms = grams
                    .iter()
                    .map(|g| Term::from_field_text(field, g))
                    .collect();
                let phrase: Box<dyn Query> = Box::new(PhraseQuery::new(terms));
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(phrase, PHRASE_BOOST)),
                ));
            }
            Box::new(BooleanQuery::new(clauses))
        }
    }
}
