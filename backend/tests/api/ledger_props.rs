//! Property test: any random sequence of template sales, refunds, product
//! royalties with corrections, prizes and payouts (posted or failed) keeps
//! every transfer and the whole ledger summing to zero, and leaves each
//! creator with exactly the balance a plain model of the same events says:
//! no minor unit lost in a split or invented by a reversal.
//!
//! The postings follow the conventions of `atelier::ledger` (the shapes the
//! revenue and payout code posts); the ledger under test is the real one on
//! SQLite (in memory; a fresh database per case).

use std::collections::BTreeMap;

use atelier::ledger::{
    self, AccountKind, AccountRef, NewTransfer, TransferKind, largest_remainder, share_of,
};
use chrono::Utc;
use migration::MigratorTrait;
use proptest::prelude::*;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

const CREATORS: i64 = 4;

/// (creator, part) of a split.
type Split = Vec<(i64, i64)>;

#[derive(Debug, Clone)]
enum Op {
    /// A template sale: price, creators' share in bp, weights of creators 1..=n.
    Sale {
        price: i64,
        bp: i32,
        weights: Vec<i64>,
    },
    /// Refund the n-th sale so far (modulo), if not yet refunded.
    Refund(usize),
    /// Royalty on net sales of a product's period: a correction of an earlier
    /// period when `period` repeats (reverses the previous revision).
    Royalty {
        period: u8,
        net: i64,
        bp: i32,
        weights: Vec<i64>,
    },
    Prize {
        creator: i64,
        amount: i64,
    },
    /// A payout of a creator's available balance with `tax_bp` withheld,
    /// then paid (true) or failed (false).
    Payout {
        creator: i64,
        tax_bp: i32,
        paid: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let weights = prop::collection::vec(1i64..100, 1..=CREATORS as usize);
    prop_oneof![
        (1i64..10_000_000, 0i32..=10_000, weights.clone())
            .prop_map(|(price, bp, weights)| Op::Sale { price, bp, weights }),
        (0usize..50).prop_map(Op::Refund),
        (0u8..4, 0i64..1_000_000_000, 0i32..=2_000, weights).prop_map(
            |(period, net, bp, weights)| Op::Royalty {
                period,
                net,
                bp,
                weights
            }
        ),
        (1..=CREATORS, 1i64..5_000_000).prop_map(|(creator, amount)| Op::Prize { creator, amount }),
        (1..=CREATORS, 0i32..=2_000, any::<bool>()).prop_map(|(creator, tax_bp, paid)| {
            Op::Payout {
                creator,
                tax_bp,
                paid,
            }
        }),
    ]
}

fn transfer(key: String, kind: TransferKind, lines: Vec<(AccountRef, i64)>) -> NewTransfer {
    NewTransfer {
        source: key.clone(),
        key,
        kind,
        currency: "TWD".into(),
        memo: String::new(),
        occurred_at: Utc::now(),
        created_by: None,
        lines,
    }
}

/// Creators' parts of `total` by weight (creator i+1 has weights[i]).
fn parts(total: i64, weights: &[i64]) -> Split {
    largest_remainder(total, weights)
        .into_iter()
        .enumerate()
        .map(|(i, p)| (i as i64 + 1, p))
        .collect()
}

async fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let db = fresh().await;
    let mut model: BTreeMap<i64, i64> = BTreeMap::new();
    let mut sales: Vec<(i64, Split, bool)> = Vec::new();
    let mut royalties: BTreeMap<u8, (i64, u32, Split)> = BTreeMap::new();
    for (n, op) in ops.into_iter().enumerate() {
        match op {
            Op::Sale { price, bp, weights } => {
                let creators = share_of(price, bp);
                let split = parts(creators, &weights);
                prop_assert_eq!(split.iter().map(|(_, p)| p).sum::<i64>(), creators);
                let mut lines = vec![
                    (AccountRef::Platform(AccountKind::PaymentClearing), price),
                    (
                        AccountRef::Platform(AccountKind::PlatformRevenue),
                        creators - price,
                    ),
                ];
                for (c, p) in &split {
                    lines.push((AccountRef::Creator(*c), -p));
                    *model.entry(*c).or_default() += p;
                }
                let t = ledger::post(
                    &db,
                    transfer(format!("order:{n}:sale"), TransferKind::TemplateSale, lines),
                )
                .await
                .map_err(fail)?;
                sales.push((t.transfer().id, split, false));
            }
            Op::Refund(i) => {
                if sales.is_empty() {
                    continue;
                }
                let i = i % sales.len();
                let (id, split, refunded) = &mut sales[i];
                let r =
                    ledger::reverse(&db, *id, TransferKind::TemplateRefund, "", Utc::now(), None)
                        .await
                        .map_err(fail)?;
                // A second refund of the same sale returns the first reversal.
                prop_assert_eq!(r.created(), !*refunded);
                if !*refunded {
                    for (c, p) in split.iter() {
                        *model.entry(*c).or_default() -= p;
                    }
                    *refunded = true;
                }
            }
            Op::Royalty {
                period,
                net,
                bp,
                weights,
            } => {
                let total = share_of(net, bp);
                let split = parts(total, &weights);
                let revision = match royalties.get(&period) {
                    Some((id, rev, old)) => {
                        ledger::reverse(
                            &db,
                            *id,
                            TransferKind::RoyaltyReversal,
                            "",
                            Utc::now(),
                            None,
                        )
                        .await
                        .map_err(fail)?;
                        for (c, p) in old {
                            *model.entry(*c).or_default() -= p;
                        }
                        rev + 1
                    }
                    None => 1,
                };
                let mut lines = vec![(AccountRef::Platform(AccountKind::BrandReceivable), total)];
                for (c, p) in &split {
                    lines.push((AccountRef::Creator(*c), -p));
                    *model.entry(*c).or_default() += p;
                }
                let key = format!("royalty:1:{period}:r{revision}");
                if total == 0 {
                    // Nothing to post; the model already nets to the same.
                    royalties.remove(&period);
                    continue;
                }
                let t = ledger::post(&db, transfer(key, TransferKind::Royalty, lines))
                    .await
                    .map_err(fail)?;
                royalties.insert(period, (t.transfer().id, revision, split));
            }
            Op::Prize { creator, amount } => {
                ledger::post(
                    &db,
                    transfer(
                        format!("prize:{n}:1"),
                        TransferKind::Prize,
                        vec![
                            (AccountRef::Platform(AccountKind::PrizePool), amount),
                            (AccountRef::Creator(creator), -amount),
                        ],
                    ),
                )
                .await
                .map_err(fail)?;
                *model.entry(creator).or_default() += amount;
            }
            Op::Payout {
                creator,
                tax_bp,
                paid,
            } => {
                let bal = ledger::creator_balance(&db, creator, "TWD")
                    .await
                    .map_err(fail)?;
                prop_assert_eq!(bal.pending_payouts, 0);
                let gross = bal.available();
                if gross <= 0 {
                    continue;
                }
                let tax = share_of(gross, tax_bp);
                let p = ledger::post_pending(
                    &db,
                    transfer(
                        format!("payout:{n}"),
                        TransferKind::Payout,
                        vec![
                            (AccountRef::Creator(creator), gross),
                            (AccountRef::Platform(AccountKind::TaxWithheld), -tax),
                            (
                                AccountRef::Platform(AccountKind::PayoutClearing),
                                tax - gross,
                            ),
                        ],
                    ),
                )
                .await
                .map_err(fail)?;
                let held = ledger::creator_balance(&db, creator, "TWD")
                    .await
                    .map_err(fail)?;
                prop_assert_eq!(held.available(), 0);
                let kind = if paid {
                    TransferKind::PayoutPosted
                } else {
                    TransferKind::PayoutVoided
                };
                ledger::resolve_pending(&db, p.transfer().id, paid, kind, "", None)
                    .await
                    .map_err(fail)?;
                if paid {
                    *model.entry(creator).or_default() -= gross;
                }
            }
        }
        // After every step: the books balance, and each creator's balance
        // is what the model says.
        prop_assert_eq!(
            sum(
                &db,
                "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS s FROM ledger_lines"
            )
            .await,
            0
        );
        prop_assert_eq!(
            sum(&db, "SELECT COUNT(*) AS s FROM (SELECT transfer_id FROM ledger_lines GROUP BY transfer_id HAVING SUM(amount_minor) <> 0) x").await,
            0
        );
        for c in 1..=CREATORS {
            let b = ledger::creator_balance(&db, c, "TWD").await.map_err(fail)?;
            prop_assert_eq!(
                b.balance,
                model.get(&c).copied().unwrap_or(0),
                "creator {}",
                c
            );
        }
    }
    Ok(())
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

async fn fresh() -> DatabaseConnection {
    let mut opts = ConnectOptions::new("sqlite::memory:");
    // One connection: each in-memory connection is a database of its own.
    opts.max_connections(1).sqlx_logging(false);
    let db = Database::connect(opts).await.expect("sqlite");
    migration::Migrator::up(&db, None).await.expect("migrate");
    db
}

async fn sum(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .expect("query")
    .expect("row")
    .try_get::<i64>("", "s")
    .expect("sum")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn any_sequence_keeps_the_books_balanced_and_every_creator_exact(ops in prop::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(run(ops))?;
    }
}
