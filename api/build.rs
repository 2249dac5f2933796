//! Checks the Fluent translations in `locales/` and generates Rust from them.
//!
//! The build fails when a file does not parse, when a message (or one of its
//! attributes) exists in one locale but not the other, when the locales use
//! different variables for a message, or when an error message's value uses a
//! variable (the frontend shows values without arguments; details belong in
//! attributes). It writes `ui_keys.rs` (the `Key` enum, one variant per
//! message of `ui.ftl`: `nav-challenges` is `Key::NavChallenges`) and
//! `error_codes.rs` (every message id of `errors.ftl`) into `OUT_DIR`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// The source locale first: its ids are the ones generated.
const LOCALES: [&str; 2] = ["en", "zh-TW"];
const FILES: [&str; 2] = ["ui", "errors"];

/// Variables used by one message: `None` for the value, `Some(name)` per attribute.
type Shape = BTreeMap<Option<String>, BTreeSet<String>>;

fn main() {
    let dir = PathBuf::from(env("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut problems = Vec::new();
    let mut ids: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for file in FILES {
        let mut shapes: Vec<(&str, BTreeMap<String, Shape>, Vec<String>)> = Vec::new();
        for locale in LOCALES {
            let path = dir.join(locale).join(format!("{file}.ftl"));
            println!("cargo:rerun-if-changed={}", path.display());
            let (messages, order) = read(&path, &mut problems);
            shapes.push((locale, messages, order));
        }
        let (source_locale, source, order) = &shapes[0];
        for (locale, other, _) in &shapes[1..] {
            compare(
                file,
                (source_locale, source),
                (locale, other),
                &mut problems,
            );
            compare(
                file,
                (locale, other),
                (source_locale, source),
                &mut problems,
            );
        }
        if file == "errors" {
            for (id, shape) in source {
                if shape.get(&None).is_some_and(|vars| !vars.is_empty()) {
                    problems.push(format!(
                        "errors.ftl: the value of `{id}` uses variables; put details in an attribute"
                    ));
                }
            }
        }
        ids.insert(file, order.clone());
    }
    if !problems.is_empty() {
        for p in &problems {
            println!("cargo:warning={p}");
        }
        eprintln!("translation check failed:\n  {}", problems.join("\n  "));
        std::process::exit(1);
    }
    let out = PathBuf::from(env("OUT_DIR"));
    write(&out.join("ui_keys.rs"), &ui_keys(&ids["ui"]));
    write(&out.join("error_codes.rs"), &error_codes(&ids["errors"]));
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("{name} is not set");
        std::process::exit(1)
    })
}

fn write(path: &Path, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("writing {}: {e}", path.display());
        std::process::exit(1);
    }
}

/// Each message's variables, and the ids in file order.
fn read(path: &Path, problems: &mut Vec<String>) -> (BTreeMap<String, Shape>, Vec<String>) {
    let name = path.display().to_string();
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            problems.push(format!("{name}: {e}"));
            return Default::default();
        }
    };
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(r) => r,
        Err((partial, errors)) => {
            for e in errors {
                let line = source.get(..e.pos.start).map_or(0, |s| s.lines().count());
                problems.push(format!("{name}:{}: {e}", line.max(1)));
            }
            partial
        }
    };
    let mut messages = BTreeMap::new();
    let mut order = Vec::new();
    for entry in &resource.body {
        match entry {
            Entry::Message(m) => {
                let id = m.id.name.to_owned();
                let mut shape = Shape::new();
                if let Some(value) = &m.value {
                    shape.insert(None, variables(value));
                }
                for a in &m.attributes {
                    shape.insert(Some(a.id.name.to_owned()), variables(&a.value));
                }
                if messages.insert(id.clone(), shape).is_some() {
                    problems.push(format!("{name}: `{id}` is defined twice"));
                }
                order.push(id);
            }
            Entry::Term(t) => problems.push(format!(
                "{name}: term `-{}`: terms are not used here; write the text into each message",
                t.id.name
            )),
            // Reported with the parser's errors above.
            Entry::Junk { .. } => {}
            Entry::Comment(_) | Entry::GroupComment(_) | Entry::ResourceComment(_) => {}
        }
    }
    (messages, order)
}

/// Reports what `a` has and `b` lacks, and variables that differ.
fn compare(
    file: &str,
    (a_locale, a): (&str, &BTreeMap<String, Shape>),
    (b_locale, b): (&str, &BTreeMap<String, Shape>),
    problems: &mut Vec<String>,
) {
    for (id, a_shape) in a {
        let Some(b_shape) = b.get(id) else {
            problems.push(format!(
                "{b_locale}/{file}.ftl lacks `{id}` (present in {a_locale})"
            ));
            continue;
        };
        for (part, a_vars) in a_shape {
            let label = match part {
                None => id.clone(),
                Some(attr) => format!("{id}.{attr}"),
            };
            match b_shape.get(part) {
                None => problems.push(format!(
                    "{b_locale}/{file}.ftl lacks `{label}` (present in {a_locale})"
                )),
                // Reported once, from the source locale's side.
                Some(b_vars) if a_vars != b_vars && a_locale == LOCALES[0] => {
                    problems.push(format!(
                        "{file}.ftl `{label}` uses {} in {a_locale} but {} in {b_locale}",
                        list(a_vars),
                        list(b_vars)
                    ))
                }
                Some(_) => {}
            }
        }
    }
}

fn list(vars: &BTreeSet<String>) -> String {
    if vars.is_empty() {
        return "no variables".to_owned();
    }
    vars.iter()
        .map(|v| format!("${v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn variables(pattern: &Pattern<&str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, &mut out);
        }
    }
    out
}

fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                out.extend(variables(&v.value));
            }
        }
        Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. }
        | InlineExpression::MessageReference { .. }
        | InlineExpression::TermReference { .. } => {}
    }
}

/// `nav-challenges` -> `NavChallenges`.
fn variant_name(id: &str) -> String {
    id.split(['-', '_'])
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn ui_keys(ids: &[String]) -> String {
    let mut s = String::from(
        "/// A message of `ui.ftl`; generated by `build.rs` from the English file.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n\
         pub enum Key {\n",
    );
    for id in ids {
        let _ = writeln!(s, "    /// `{id}`\n    {},", variant_name(id));
    }
    s.push_str("}\n\nimpl Key {\n    /// Every key, in file order (the order of the variants).\n    pub const ALL: &'static [Key] = &[\n");
    for id in ids {
        let _ = writeln!(s, "        Key::{},", variant_name(id));
    }
    s.push_str("    ];\n\n    /// The Fluent message id.\n    pub const fn id(self) -> &'static str {\n        match self {\n");
    for id in ids {
        let _ = writeln!(s, "            Key::{} => {id:?},", variant_name(id));
    }
    s.push_str("        }\n    }\n}\n");
    s
}

fn error_codes(ids: &[String]) -> String {
    let mut sorted = ids.to_vec();
    sorted.sort();
    let mut s = String::from(
        "/// Every error code with a message in `errors.ftl`, sorted; generated by `build.rs`.\n\
         pub const CODES: &[&str] = &[\n",
    );
    for id in &sorted {
        let _ = writeln!(s, "    {id:?},");
    }
    s.push_str("];\n");
    s
}
