//! Product sales imports: lines of (product, period, units, net sales), by
//! the API (JSON) or a CSV upload, and the royalties they post.
//!
//! Every line is checked first, and an import with any bad line is refused
//! whole with every bad line listed (422 `invalid_sales`): nothing is
//! written. Then, in one transaction, each line is compared with the latest
//! revision of its (product, period):
//!
//! - no revision yet: revision 1 is written and its royalty posted
//!   (`posted`);
//! - the same units, net sales and currency: nothing is written or posted
//!   (`unchanged`), so importing a file twice posts once;
//! - other figures: the next revision is written, the previous revision's
//!   royalty reversed (`royalty_reversal`) and the new one posted
//!   (`corrected`).
//!
//! A royalty of net sales `N` under an agreement of `R` bp is
//! `share_of(N, R)`, split among the parties by weight (largest remainder):
//! brand receivable `+total`, each creator `-c_i`, key
//! `royalty:<product>:<period>:r<revision>`.
//!
//! Concurrent imports of the same product are serialised by locking the
//! products' rows (PostgreSQL; SQLite's write transaction holds the whole
//! database). Were two to write the same revision regardless, the unique
//! (product, period, revision) index refuses the second; its import is run
//! once more against what the first committed, and a second refusal answers
//! 409 `import_conflict`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use atelier_api::{SalesImportResult, SalesLine, SalesLineError, SalesLineOutcome};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::agreements::{self, ForPeriod, Terms};
use super::money;
use crate::entities::{ledger_transfer, product, product_sale, product_sales_import};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::ledger::{
    AccountKind, AccountRef, LedgerError, NewTransfer, TransferKind, post, reverse,
};

/// Lines in one import.
pub const MAX_LINES: usize = 10_000;
/// Bytes of one request body (CSV or JSON).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The CSV's header, in this order.
pub const CSV_HEADER: [&str; 5] = ["product_code", "period", "units", "net_sales", "currency"];
/// The largest net sales of one line, minor units (the ledger's line limit).
pub const MAX_NET_MINOR: i64 = crate::ledger::post::MAX_LINE_MINOR;

/// Net sales as given: minor units (JSON) or major units as text (CSV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Net {
    Minor(i64),
    Major(String),
}

/// One line as given, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// The CSV's line number (header = 1), or the 1-based position in the
    /// JSON's `lines`.
    pub line: u32,
    pub product_code: String,
    pub period: String,
    pub units: String,
    pub net: Net,
    pub currency: String,
    /// The CSV line had non-empty fields after `currency`.
    pub extra: bool,
}

/// The lines of a JSON import.
pub fn from_json(lines: Vec<SalesLine>) -> Vec<Given> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| Given {
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            product_code: l.product_code.trim().to_owned(),
            period: l.period.trim().to_owned(),
            units: l.units.to_string(),
            net: Net::Minor(l.net_sales.amount_minor),
            currency: l.net_sales.currency.trim().to_owned(),
            extra: false,
        })
        .collect()
}

fn invalid_csv(message: impl Into<String>) -> ApiError {
    ApiError::validation(message).code("invalid_csv")
}

/// One physical line as CSV fields (quotes allowed; a field never spans
/// lines in a sales file), trimmed.
fn fields(line: &str) -> Result<Vec<String>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(line.as_bytes());
    match reader.records().next() {
        Some(r) => Ok(r?.iter().map(str::to_owned).collect()),
        None => Ok(Vec::new()),
    }
}

/// Reads a CSV upload: UTF-8 (a byte order mark is skipped), the header
/// [`CSV_HEADER`] on line 1, at most [`MAX_LINES`] lines after it; blank
/// lines are skipped but counted, so each line keeps its number in the file.
/// 422 `invalid_csv`, `too_many_lines`, `empty_import`.
pub fn parse_csv(bytes: &[u8]) -> ApiResult<Vec<Given>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        invalid_csv(format!(
            "the file is not UTF-8 text (byte {} is not); save it as CSV UTF-8",
            e.valid_up_to() + 1
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Lines end at \n, \r\n, or a lone \r (old Mac files); a \r before \n
    // is dropped.
    let mut lines = text
        .split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .enumerate()
        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l));
    let Some((_, header)) = lines.next() else {
        return Err(empty());
    };
    let mut names: Vec<String> = fields(header)
        .map_err(|e| invalid_csv(format!("the header cannot be read: {e}")))?
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    // Spreadsheets may end every line with empty columns.
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    if names != CSV_HEADER {
        return Err(invalid_csv(format!(
            "line 1 must be the header {}, not {:?}",
            CSV_HEADER.join(","),
            names.join(",")
        )));
    }
    let mut out = Vec::new();
    for (line, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let record =
            fields(text).map_err(|e| invalid_csv(format!("line {line} cannot be read: {e}")))?;
        if out.len() == MAX_LINES {
            return Err(too_many());
        }
        let field = |i: usize| record.get(i).cloned().unwrap_or_default();
        out.push(Given {
            line,
            product_code: field(0),
            period: field(1),
            units: field(2),
            net: Net::Major(field(3)),
            currency: field(4),
            extra: record.iter().skip(CSV_HEADER.len()).any(|f| !f.is_empty()),
        });
    }
    if out.is_empty() {
        return Err(empty());
    }
    Ok(out)
}

fn empty() -> ApiError {
    ApiError::validation("the import has no sales lines").code("empty_import")
}

fn too_many() -> ApiError {
    ApiError::validation(format!(
        "an import has at most {MAX_LINES} lines; split the file"
    ))
    .code("too_many_lines")
}

/// Checks the size of a JSON import (422 `too_many_lines`, `empty_import`).
pub fn check_count(lines: &[SalesLine]) -> ApiResult<()> {
    if lines.is_empty() {
        return Err(empty());
    }
    if lines.len() > MAX_LINES {
        return Err(too_many());
    }
    Ok(())
}

/// Decimal digits of `currency`'s minor unit (TWD 2, JPY 0).
fn decimals(currency: &str) -> usize {
    let mut per = atelier_api::minor_units_per_major(currency);
    let mut d = 0;
    while per > 1 {
        per /= 10;
        d += 1;
    }
    d
}

/// `12345.50` in minor units of a currency with `decimals` digits: digits,
/// then optionally `.` and 1 to `decimals` digits; nothing negative, nothing
/// over [`MAX_NET_MINOR`].
pub fn parse_major(text: &str, decimals: usize) -> Option<i64> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || whole.len() > 18 {
        return None;
    }
    let frac = match frac {
        None => "",
        Some(f) if digits(f) && f.len() <= decimals => f,
        Some(_) => return None,
    };
    let scale = 10i128.pow(u32::try_from(decimals).ok()?);
    let whole: i128 = whole.parse().ok()?;
    let mut part: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..decimals {
        part *= 10;
    }
    let minor = whole.checked_mul(scale)?.checked_add(part)?;
    i64::try_from(minor).ok().filter(|m| *m <= MAX_NET_MINOR)
}

/// A line that passed every check.
#[derive(Debug, Clone)]
pub struct Checked {
    pub line: u32,
    pub product: product::Model,
    pub period: String,
    pub units: i64,
    pub net_minor: i64,
    pub terms: Terms,
}

/// A bad line's problem (`code` is one of [`SalesLineError`]'s).
fn problem(code: &'static str, line: u32, field: &str, message: String) -> SalesLineError {
    SalesLineError {
        line,
        field: field.to_owned(),
        code: code.to_owned(),
        message,
    }
}

/// Checks every line against the products and their agreements; answers
/// the checked lines, or every problem of every bad line.
pub async fn check<C: ConnectionTrait>(
    conn: &C,
    given: &[Given],
) -> Result<Result<Vec<Checked>, Vec<SalesLineError>>, DbErr> {
    let codes: BTreeSet<&str> = given.iter().map(|g| g.product_code.as_str()).collect();
    let products: HashMap<String, product::Model> = product::Entity::find()
        .filter(product::Column::Code.is_in(codes.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.code.clone(), p))
        .collect();
    let mut errors = Vec::new();
    let mut checked = Vec::with_capacity(given.len());
    // The first line of each (product, period), and each one's agreement.
    let mut first: HashMap<(String, String), u32> = HashMap::new();
    let mut terms: HashMap<(i64, String), ForPeriod> = HashMap::new();
    for g in given {
        let before = errors.len();
        let missing = |field: &str| format!("line {}: {field} is empty", g.line);
        let product = if g.product_code.is_empty() {
            errors.push(problem(
                "missing_field",
                g.line,
                "product_code",
                missing("product_code"),
            ));
            None
        } else {
            let p = products.get(&g.product_code);
            if p.is_none() {
                errors.push(problem(
                    "unknown_product",
                    g.line,
                    "product_code",
                    format!("line {}: there is no product {:?}", g.line, g.product_code),
                ));
            }
            p
        };
        let period_ok = if g.period.is_empty() {
            errors.push(problem(
                "missing_field",
                g.line,
                "period",
                missing("period"),
            ));
            false
        } else if atelier_api::valid_period(&g.period) {
            true
        } else {
            errors.push(problem(
                "invalid_period",
                g.line,
                "period",
                format!(
                    "line {}: {:?} is not a period YYYY-MM (a month 01-12)",
                    g.line, g.period
                ),
            ));
            false
        };
        let units = if g.units.is_empty() {
            errors.push(problem("missing_field", g.line, "units", missing("units")));
            None
        } else {
            match g.units.parse::<i64>() {
                Ok(u) if u >= 0 => Some(u),
                _ => {
                    errors.push(problem(
                        "invalid_amount",
                        g.line,
                        "units",
                        format!(
                            "line {}: units {:?} is not a whole number of at least 0",
                            g.line, g.units
                        ),
                    ));
                    None
                }
            }
        };
        if g.currency.is_empty() {
            errors.push(problem(
                "missing_field",
                g.line,
                "currency",
                missing("currency"),
            ));
        } else if let Some(p) = product
            && p.currency != g.currency
        {
            errors.push(problem(
                "currency_mismatch",
                g.line,
                "currency",
                format!(
                    "line {}: {} is sold in {}, not {:?}",
                    g.line, p.code, p.currency, g.currency
                ),
            ));
        }
        // Read with the product's decimals (else the line's currency's).
        let currency = product.map_or(g.currency.as_str(), |p| p.currency.as_str());
        let net = match &g.net {
            Net::Minor(m) if (0..=MAX_NET_MINOR).contains(m) => Some(*m),
            Net::Minor(m) => {
                errors.push(problem(
                    "invalid_amount",
                    g.line,
                    "net_sales",
                    format!(
                        "line {}: net sales {m} must be 0 to {MAX_NET_MINOR} minor units",
                        g.line
                    ),
                ));
                None
            }
            Net::Major(text) if text.is_empty() => {
                errors.push(problem(
                    "missing_field",
                    g.line,
                    "net_sales",
                    missing("net_sales"),
                ));
                None
            }
            Net::Major(text) => {
                let d = decimals(currency);
                let parsed = parse_major(text, d);
                if parsed.is_none() {
                    errors.push(problem("invalid_amount", g.line, "net_sales",
                        format!(
                            "line {}: net sales {text:?} is not an amount such as {} (at most {d} decimals, no sign or separators)",
                            g.line,
                            if d == 0 { "12345" } else { "12345.50" }
                        ),
                    ));
                }
                parsed
            }
        };
        if g.extra {
            errors.push(problem(
                "extra_field",
                g.line,
                "currency",
                format!(
                    "line {}: there are fields after currency; the columns are {}",
                    g.line,
                    CSV_HEADER.join(",")
                ),
            ));
        }
        let mut agreement = None;
        if let Some(p) = product
            && period_ok
        {
            let key = (g.product_code.clone(), g.period.clone());
            if let Some(line) = first.get(&key) {
                errors.push(problem(
                    "duplicate_line",
                    g.line,
                    "period",
                    format!(
                        "line {}: {} {} is on line {line} already; one line per product and period",
                        g.line, p.code, g.period
                    ),
                ));
            } else {
                first.insert(key, g.line);
            }
            let k = (p.id, g.period.clone());
            if !terms.contains_key(&k) {
                let found = agreements::for_period(
                    conn,
                    atelier_api::AgreementSubject::Product,
                    p.id,
                    &g.period,
                )
                .await?;
                terms.insert(k.clone(), found);
            }
            match terms.get(&k) {
                Some(ForPeriod::Found(a)) => agreement = Some(a),
                Some(ForPeriod::NoAgreement) | None => errors.push(problem(
                    "no_agreement",
                    g.line,
                    "product_code",
                    format!("line {}: {} has no royalty agreement", g.line, p.code),
                )),
                Some(ForPeriod::OutsideTerm) => errors.push(problem(
                    "outside_term",
                    g.line,
                    "period",
                    format!(
                        "line {}: no agreement of {} covers {}",
                        g.line, p.code, g.period
                    ),
                )),
            }
        }
        if errors.len() == before
            && let (Some(p), Some(units), Some(net), Some(a)) = (product, units, net, agreement)
        {
            checked.push(Checked {
                line: g.line,
                product: p.clone(),
                period: g.period.clone(),
                units,
                net_minor: net,
                terms: Terms {
                    share_bp: a.row.share_bp,
                    parties: a.weights(),
                },
            });
        }
    }
    Ok(if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    })
}

/// Where an import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    Api,
    Csv { filename: Option<&'a str> },
}

impl Source<'_> {
    fn as_str(self) -> &'static str {
        match self {
            Source::Api => "api",
            Source::Csv { .. } => "csv",
        }
    }

    /// The audit action.
    pub fn action(self) -> &'static str {
        match self {
            Source::Api => "product_sales.import",
            Source::Csv { .. } => "product_sales.import_csv",
        }
    }
}

/// What an import answers: done, or refused with every bad line.
#[derive(Debug)]
pub enum Imported {
    Done(SalesImportResult),
    Invalid(Vec<SalesLineError>),
}

/// The key of a royalty revision.
pub fn royalty_key(product_id: i64, period: &str, revision: i32) -> String {
    format!("royalty:{product_id}:{period}:r{revision}")
}

/// Checks and imports `given` (see the module's documentation).
pub async fn import(
    db: &DatabaseConnection,
    actor: i64,
    source: Source<'_>,
    given: &[Given],
) -> ApiResult<Imported> {
    let checked = match check(db, given).await? {
        Ok(c) => c,
        Err(errors) => return Ok(Imported::Invalid(errors)),
    };
    let filename = match source {
        Source::Csv { filename } => filename,
        Source::Api => None,
    };
    match attempt(db, actor, source, filename, &checked).await {
        Err(e) if is_unique_violation(&e) => {
            tracing::info!("a concurrent import wrote the same revision; importing once more");
            match attempt(db, actor, source, filename, &checked).await {
                Err(e) if is_unique_violation(&e) => Err(ApiError::conflict(
                    "import_conflict",
                    "another import of the same sales was being written; send it again",
                )),
                other => Ok(Imported::Done(other?)),
            }
        }
        other => Ok(Imported::Done(other?)),
    }
}

fn ledger_db(e: LedgerError) -> DbErr {
    crate::revenue::sales::as_db_err(e)
}

async fn attempt(
    db: &DatabaseConnection,
    actor: i64,
    source: Source<'_>,
    filename: Option<&str>,
    lines: &[Checked],
) -> Result<SalesImportResult, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let ids: BTreeSet<i64> = lines.iter().map(|l| l.product.id).collect();
    let periods: BTreeSet<&str> = lines.iter().map(|l| l.period.as_str()).collect();
    // Locked in id order, so two imports never wait on each other crosswise.
    product::Entity::find()
        .filter(product::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(product::Column::Id)
        .lock_exclusive()
        .all(&txn)
        .await?;
    let mut latest: BTreeMap<(i64, String), product_sale::Model> = BTreeMap::new();
    for s in product_sale::Entity::find()
        .filter(product_sale::Column::ProductId.is_in(ids.iter().copied()))
        .filter(product_sale::Column::Period.is_in(periods.iter().copied()))
        .all(&txn)
        .await?
    {
        let key = (s.product_id, s.period.clone());
        if latest.get(&key).is_none_or(|l| l.revision < s.revision) {
            latest.insert(key, s);
        }
    }
    let now = Utc::now();
    let import = product_sales_import::ActiveModel {
        source: Set(source.as_str().to_owned()),
        filename: Set(filename.map(str::to_owned)),
        lines: Set(i32::try_from(lines.len()).unwrap_or(i32::MAX)),
        created_by: Set(actor),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut outcomes = Vec::with_capacity(lines.len());
    let (mut posted, mut corrected, mut unchanged) = (0, 0, 0);
    for l in lines {
        let p = &l.product;
        let previous = latest.get(&(p.id, l.period.clone()));
        if let Some(prev) = previous
            && prev.units == l.units
            && prev.net_sales_minor == l.net_minor
            && prev.currency == p.currency
        {
            unchanged += 1;
            outcomes.push(outcome(l, "unchanged", prev.revision, 0));
            continue;
        }
        let revision = previous.map_or(1, |prev| prev.revision + 1);
        product_sale::ActiveModel {
            product_id: Set(p.id),
            period: Set(l.period.clone()),
            revision: Set(revision),
            units: Set(l.units),
            net_sales_minor: Set(l.net_minor),
            currency: Set(p.currency.clone()),
            import_id: Set(Some(import.id)),
            created_by: Set(actor),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut taken_back = 0;
        if let Some(prev) = previous
            && let Some(t) = ledger_transfer::Entity::find()
                .filter(ledger_transfer::Column::IdempotencyKey.eq(royalty_key(
                    p.id,
                    &l.period,
                    prev.revision,
                )))
                .one(&txn)
                .await?
        {
            let r = reverse(
                &txn,
                t.id,
                TransferKind::RoyaltyReversal,
                &format!("{} {} corrected (revision {revision})", p.name, l.period),
                now,
                Some(actor),
            )
            .await
            .map_err(ledger_db)?;
            taken_back = r.transfer().amount_minor;
        }
        let parts = l.terms.split(l.net_minor);
        let total: i64 = parts.iter().map(|(_, c)| *c).sum();
        if total != 0 {
            let mut ledger_lines =
                vec![(AccountRef::Platform(AccountKind::BrandReceivable), total)];
            ledger_lines.extend(parts.iter().map(|(u, c)| (AccountRef::Creator(*u), -c)));
            post(
                &txn,
                NewTransfer {
                    key: royalty_key(p.id, &l.period, revision),
                    kind: TransferKind::Royalty,
                    source: format!("product:{}:{}", p.id, l.period),
                    currency: p.currency.clone(),
                    memo: format!("{} {}", p.name, l.period),
                    occurred_at: now,
                    created_by: Some(actor),
                    lines: ledger_lines,
                },
            )
            .await
            .map_err(ledger_db)?;
        }
        let what = if previous.is_some() {
            corrected += 1;
            "corrected"
        } else {
            posted += 1;
            "posted"
        };
        outcomes.push(outcome(l, what, revision, total - taken_back));
    }
    let mut detail = format!(
        "{} lines: {posted} posted, {corrected} corrected, {unchanged} unchanged",
        lines.len()
    );
    if let Some(f) = filename {
        detail.push_str(&format!("; file {f:?}"));
    }
    crate::audit::record(
        &txn,
        Some(actor),
        source.action(),
        &format!("product_sales_import:{}", import.id),
        &detail,
    )
    .await?;
    txn.commit().await?;
    Ok(SalesImportResult {
        import_id: Some(import.id),
        lines: outcomes,
    })
}

fn outcome(l: &Checked, what: &str, revision: i32, royalties: i64) -> SalesLineOutcome {
    SalesLineOutcome {
        line: l.line,
        product_code: l.product.code.clone(),
        period: l.period.clone(),
        outcome: what.to_owned(),
        revision,
        royalties: money(royalties, &l.product.currency),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_units_within_the_currency_decimals() {
        assert_eq!(parse_major("12345.50", 2), Some(1_234_550));
        assert_eq!(parse_major("12345.5", 2), Some(1_234_550));
        assert_eq!(parse_major("12345", 2), Some(1_234_500));
        assert_eq!(parse_major("0", 2), Some(0));
        assert_eq!(parse_major("12345.505", 2), None);
        assert_eq!(parse_major("12345.5", 0), None);
        assert_eq!(parse_major("12345", 0), Some(12_345));
        assert_eq!(parse_major("-1", 2), None);
        assert_eq!(parse_major("1,234", 2), None);
        assert_eq!(parse_major("12.", 2), None);
        assert_eq!(parse_major(".5", 2), None);
        assert_eq!(parse_major("1e3", 2), None);
        assert_eq!(parse_major("99999999999999999", 2), None);
        assert_eq!(decimals("TWD"), 2);
        assert_eq!(decimals("JPY"), 0);
    }

    #[test]
    fn csv_lines_keep_their_numbers() {
        let text = "\u{feff}product_code,period,units,net_sales,currency\r\n\
                    LAMP,2026-10,3,300.00,TWD\r\n\
                    \r\n\
                    \"LAMP\",2026-11,4,400,TWD,\r\n\
                    \n";
        let lines = parse_csv(text.as_bytes()).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].line, 2);
        assert_eq!(lines[0].net, Net::Major("300.00".into()));
        assert_eq!(lines[1].line, 4);
        assert_eq!(lines[1].product_code, "LAMP");
        assert!(!lines[1].extra);
        assert_eq!(
            parse_csv(b"code,period\nA,2026-01").unwrap_err().code,
            "invalid_csv"
        );
        assert_eq!(parse_csv(&[0xff, 0xfe]).unwrap_err().code, "invalid_csv");
        assert_eq!(
            parse_csv(b"product_code,period,units,net_sales,currency\n")
                .unwrap_err()
                .code,
            "empty_import"
        );
    }
}
